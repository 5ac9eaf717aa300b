"""What a command may have written (row counts, rows, the audit head, read without writing),
and the shape of a refusal: exit 2, one Italian line, no traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def snapshot(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out: dict[str, object] = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                  for t in ("resources", "operators", "operator_secrets", "outbox", "audit")}
        out["resources_rows"] = conn.execute("SELECT * FROM resources ORDER BY id").fetchall()
        out["operators_rows"] = conn.execute("SELECT * FROM operators ORDER BY id").fetchall()
        return out
    finally:
        conn.close()


def assert_one_line_refusal(proc, *fragments: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("emergenza: "), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
