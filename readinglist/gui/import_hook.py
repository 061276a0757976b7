"""Spare every import after PySide6 its reading of the module's source.

PySide6 replaces ``__import__`` so that a module may write ``from
__feature__ import snake_case``. To learn whether a module might, it reads
the whole source of every module imported after it (``inspect.getsource``
in ``PySide6.support.feature``): some 400 files at the window's start.
Skipping it took about 110 ms off the median start on the bench's 100k
library (eight alternating starts each way; the start's target is 1 s).

Every module imported from then on is taken as one that uses PySide6 and
selects no feature (PySide6's ``0``): Qt's own camelCase names, no true
properties, which is what the scan gives every module here that touches Qt.
A module that does write ``from __feature__ import`` still gets its
features: that import sets its selection itself. Answering "does not use
PySide6" instead (``-1``, "ignore") would be wrong: PySide6 then keeps the
selection of the last module that called it, so after a module with
``snake_case`` called Qt, ``setObjectName`` would be missing everywhere.
This leans on a private name of PySide6; where a version has no such name,
nothing is changed and the scan simply runs.
"""

from __future__ import annotations

import sys
from types import ModuleType


def skip_feature_scan() -> bool:
    """Take every module imported from now on as selecting no feature;
    whether PySide6 had the scan to skip."""
    import PySide6  # noqa: F401  (installs the import hook and its feature module)

    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", _uses_pyside)  # noqa: B010 (private to PySide6)
    return True


def _uses_pyside(module: ModuleType) -> bool:
    return True
