"""Files shipped inside the package (icons, sample digests), read through importlib.resources."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    return files(__name__).joinpath(*parts)


def sample_digests() -> list[Traversable]:
    """The five real Daily Papers digests the welcome screen can load."""
    return sorted(
        (f for f in resource("samples").iterdir() if f.name.endswith(".txt")),
        key=lambda f: f.name,
    )
