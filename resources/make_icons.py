#!/usr/bin/env python3
"""Render resources/icons/tingxie.svg to the PNG sizes desktops and PyInstaller want.

    python resources/make_icons.py      (re-run after editing the SVG; the PNGs are committed)
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841 - QPainter on images needs a GUI app for fonts
    here = Path(__file__).resolve().parent / "icons"
    renderer = QSvgRenderer(str(here / "tingxie.svg"))
    if not renderer.isValid():
        print("invalid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        img = QImage(size, size, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.transparent)
        painter = QPainter(img)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        img.save(str(here / f"tingxie-{size}.png"))
    print(f"wrote {len(SIZES)} PNGs to {here}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
