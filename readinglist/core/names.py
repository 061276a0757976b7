"""Author names as a reader writes them: ``Jana Müller``, not ``Müller, Jana``.

Names are stored as their source gave them; a BibTeX file keeps the comma
form for multi-word last names (``García Márquez, Gabriel``) and a hand edit
may use it for any. Shown in a list of names joined by commas, that form is
ambiguous ("Müller, Jana, Smith, John"), so the window shows every name
first name first.
"""

from __future__ import annotations

from collections.abc import Iterable


def display_name(name: str) -> str:
    """``Last, First`` -> ``First Last``; ``Last, Jr., First`` -> ``First Last Jr.``."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and all(parts):
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and all(parts):
        return f"{parts[2]} {parts[0]} {parts[1]}"
    return name.strip()


def display_names(names: Iterable[str]) -> str:
    """``Jana Müller, John Smith``."""
    return ", ".join(display_name(n) for n in names)
