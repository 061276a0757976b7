"""Generated Daily Papers digests of any size, deterministic for a seed."""

from __future__ import annotations

import random

WORDS = (
    "learning",
    "model",
    "language",
    "graph",
    "neural",
    "sparse",
    "attention",
    "robust",
    "vision",
    "data",
    "training",
    "transformer",
    "agent",
    "reasoning",
    "benchmark",
    "diffusion",
    "policy",
    "retrieval",
    "efficient",
    "scalable",
    "token",
    "memory",
    "reward",
    "optimal",
    "kernel",
    "latent",
    "signal",
)


def digest_text(papers: int, *, day: str = "Oct 31", seed: int = 0, tag: str = "G") -> str:
    """A digest of ``papers`` distinct papers (titles carry ``tag`` and a number)."""
    rng = random.Random(seed)
    parts = ["Daily Papers", "", day, ""]
    for number in range(papers):
        words = " ".join(rng.choice(WORDS) for _ in range(8))
        abstract = " ".join(rng.choice(WORDS) for _ in range(60))
        parts += [f"{tag}{number:05d} {words.title()}", "", abstract.capitalize() + ".", ""]
        if number % 3 == 0:
            parts += [
                f"  • {rng.randint(1, 12)} authors",
                "·",
                f"Oct {rng.randint(1, 30)} {rng.randint(0, 99)}",
                "",
            ]
    return "\n".join(parts)


def digest_titles(papers: int, *, seed: int = 0, tag: str = "G") -> set[str]:
    """The titles :func:`digest_text` writes for the same arguments."""
    text = digest_text(papers, seed=seed, tag=tag)
    return {
        line
        for line in text.split("\n")
        if line.startswith(tag) and line[len(tag) : len(tag) + 5].isdigit()
    }
