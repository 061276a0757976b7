"""More-like-this: papers sharing key terms of title and abstract."""

from __future__ import annotations

import pytest

from readinglist.core.errors import NotFoundError
from readinglist.core.library import Library


def test_similar_to_a_distillation_paper_is_mostly_distillation(loaded: Library) -> None:
    (pid,) = [h.paper_id for h in loaded.search("trilateral geometry").hits]
    similar = loaded.similar(pid)
    assert len(similar) == 10
    assert pid not in {h.paper_id for h in similar}
    papers = loaded.papers([h.paper_id for h in similar])
    about = [p for p in papers if "distil" in (p.title + p.abstract).lower()]
    assert len(about) >= 6  # most of the ten
    assert [h.score for h in similar] == sorted((h.score for h in similar), reverse=True)
    assert any("<b>" in h.title_html for h in similar)


def test_similar_limit_and_unknown_paper(loaded: Library) -> None:
    pid = loaded.paper_ids(limit=1)[0]
    assert len(loaded.similar(pid, limit=3)) == 3
    with pytest.raises(NotFoundError):
        loaded.similar(999_999)
    loaded.remove([pid])
    with pytest.raises(NotFoundError):
        loaded.similar(pid)
