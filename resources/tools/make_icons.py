"""Render resources/icons/emergenza.svg to PNGs (16..256) and a multi-size Windows .ico.

Run from the repository root after editing the SVG (outputs are committed):
    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/tools/make_icons.py
The .ico holds PNG-compressed images (valid since Windows Vista), written by hand
because Qt's ICO writer stores one size only.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data)


def ico(pngs: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "emergenza.svg"))
    if not renderer.isValid():
        print("SVG non valido", file=sys.stderr)
        return 2
    pngs = {size: render(renderer, size) for size in SIZES}
    for size, png in pngs.items():
        (ICONS / f"emergenza-{size}.png").write_bytes(png)
    (ICONS / "emergenza.ico").write_bytes(ico({s: pngs[s] for s in (16, 24, 32, 48, 64, 128, 256)}))
    del app
    print(f"{len(pngs)} PNG e emergenza.ico scritti in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
