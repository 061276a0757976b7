"""Which optional Library features (search, metadata editing) exist.

Other parts of the product add methods to ``Library`` (see the feature
contracts): the window enables the matching actions only when the method is
there, and explains in the tooltip when it is not. Calls go through
:func:`call` so the rest of the GUI stays typed without importing the
feature packages.
"""

from __future__ import annotations

from typing import Any

from readinglist.core.library import Library

SEARCH = "search"
EDIT = "edit"

MISSING_TIPS = {
    SEARCH: "Search is not available in this build.",
    EDIT: "Editing paper details is not available in this build.",
}


def has(library: Library, method: str) -> bool:
    return callable(getattr(library, method, None))


def call(library: Library, method: str, *args: Any, **kwargs: Any) -> Any:
    """``library.method(*args, **kwargs)`` for a contract method (checked with :func:`has`)."""
    return getattr(library, method)(*args, **kwargs)
