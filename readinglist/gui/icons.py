"""Icons from the desktop theme, with bundled SVG fallbacks.

The fallbacks live in ``readinglist/resources/icons`` and are read through
``importlib.resources`` so they work from a wheel or a zip.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QImage, QPixmap

from readinglist.resources import resource


@cache
def icon(name: str) -> QIcon:
    if QIcon.hasThemeIcon(name):
        return QIcon.fromTheme(name)
    bundled = resource("icons", f"{name}.svg")
    if not bundled.is_file():
        return QIcon()
    image = QImage.fromData(QByteArray(bundled.read_bytes()), b"SVG")
    return QIcon(QPixmap.fromImage(image)) if not image.isNull() else QIcon()
