"""The search mix the benchmark times, and the queries a hostile tester typed.

Kept apart from :mod:`bench.measures` (which times them) so the list of
queries reads on its own.
"""

from __future__ import annotations

SEARCH_QUERIES: dict[str, str] = {
    "one word": "distillation",
    "two words": "retrieval reasoning",
    "phrase": '"large language models"',
    "prefix": "distil*",
    "fuzzy": "knowlege~",
    "fielded": "title:benchmark",
    "filter": "alignment is:unread year:2021..2023",
    "no hits": "qqxzzyv",
}
_COMMON = [
    "model",
    "language",
    "learning",
    "data",
    "training",
    "image",
    "video",
    "generation",
    "reasoning",
    "diffusion",
    "agent",
    "benchmark",
    "large",
    "performance",
    "method",
    "task",
    "results",
    "approach",
    "network",
    "neural",
    "propose",
    "text",
    "visual",
    "multimodal",
    "retrieval",
    "knowledge",
    "evaluation",
    "framework",
    "system",
    "quality",
    "tasks",
    "models",
]
#: What a tester who tried to break search typed (issue 15), at and past the
#: bounds of ``core/search/bounds.py``: the slowest queries still answered,
#: and the cost of refusing the rest.
HOSTILE_QUERIES: dict[str, str] = {
    "32 common words": " ".join(_COMMON),
    "OR of 32 common words": " OR ".join(_COMMON),
    "brackets 10 deep": "".join(f"({w} OR " for w in _COMMON[:10]) + "survey" + ")" * 10,
    "500 leading -": "-" * 500 + "distillation",
    "3 words with ~": "knowlege~ difusion~ transformr~",
    "prefixes, 120 words": "con* OR str* OR distil* OR multimod* OR halluc*",
    "abstract: in an AND": 'knowledge abstract:"language models"',
    "refused: 248 words": " ".join(_COMMON * 13)[:1999],
    "refused: 2,000-character OR of prefixes": " OR ".join(
        f"{a}{b}{c}*" for a in "bcdfgmprst" for b in "aeiou" for c in "lmnrst"
    )[:2000],
    "refused: prefixes, 750 words": "co* OR pr* OR re*",
    "refused: 200 brackets": "(" * 200 + "model" + ")" * 200,
}
