"""What each Hugging Face page fixture (``tests/data/hf_pages``) must read: its kind, its
day or the day it was seen, its distinct-paper count and a sample of its papers in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from readinglist.core.text import title_key

TODAY = date(2026, 11, 21)
#: What the site shows around the cards: none of it is ever a paper.
SITE_TEXT = frozenset(
    title_key(t)
    for t in (
        "Hugging Face",
        "Hugging Face's logo",
        "Models",
        "Datasets",
        "Spaces",
        "Docs",
        "Pricing",
        "Enterprise",
        "Log In",
        "Sign Up",
        "new",
        "Subscribe",
        "Get trending papers in your email inbox!",
        "Daily Papers",
        "Trending Papers",
        "by AK and the research community",
        "Daily Weekly Monthly",
        "Previous",
        "Next",
        "Previous Next",
        "System theme",
        "Company",
        "TOS",
        "Privacy",
        "About",
        "Careers",
        "Website",
        "Intercode Bash",
        "Search any paper with AI",
        "Trending Papers ranked by GitHub stars activity",
        "Submitted by",
    )
)


@dataclass(frozen=True)
class Paper:
    """One paper a fixture must hold: its title, arXiv id, author count and date."""

    title: str
    arxiv_id: str | None = None
    authors: int | None = None
    published: date | None = None
    upvotes: int | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Page:
    kind: str  # the shape: hf-text, hf-markdown, hf-dump
    page: str  # daily, or the kind of source
    count: int  # distinct papers
    day: date  # a daily page's day, or the day another page was seen
    query: str | None
    papers: tuple[Paper, ...]
    linked: bool  # every paper's arXiv id comes from its title's link


EXPECTED = {
    "hf_search_plaintext_intercode-bash.txt": Page(
        "hf-text",
        "search",
        107,
        date(2026, 7, 28),
        "Intercode Bash",
        (
            Paper(
                "Better than Your Teacher: LLM Agents that learn from Privileged AI Feedback",
                "2410.05434",
                2,
                date(2024, 10, 7),
                upvotes=1,
            ),
            Paper(
                "Soft Instruction De-escalation Defense",
                "2510.21057",
                None,
                date(2025, 10, 23),
                5,
                "Google",
            ),
            Paper("StarCoder: may the source be with you!", "2305.06161", 67, date(2023, 5, 8), 33),
            Paper("Proxy Compression for Language Modeling", "2602.04289", 5, date(2026, 2, 3), 3),
            Paper(
                "Language Server CLI Empowers Language Agents with Process Rewards",
                "2510.22907",
                2,
                date(2025, 10, 26),
                5,
            ),
        ),
        linked=True,
    ),
    "hf_trending_markdown_duplicated.md": Page(
        "hf-markdown",
        "trending",
        50,
        TODAY,
        None,
        (
            Paper("Agent Lightning: Train ANY AI Agents with Reinforcement Learning", None, 8),
            Paper(
                "FunAudioLLM: Voice Understanding and Generation Foundation Models for "
                "Natural Interaction Between Humans and LLMs",
                None,
                1,
            ),
            Paper("ShapeR: Robust Conditional 3D Shape Generation from Casual Captures"),
            Paper(
                "Multi-module GRPO: Composing Policy Gradients and Prompt Optimization "
                "for Language Model Programs",
                None,
                13,
            ),
        ),
        linked=False,
    ),
    "daily_text_current.txt": Page(
        "hf-text",
        "daily",
        60,
        date(2026, 9, 4),
        None,
        (
            Paper(
                "Large Language Models Struggle to Learn Long-Tail Knowledge",
                None,
                36,
                date(2024, 11, 13),
                72,
            ),
            Paper(
                "Language Specific Knowledge: Do Models Know Better in X than in English?",
                published=date(2026, 9, 1),
                upvotes=2,
                organisation="JetBrains Research",
            ),
            Paper(
                "Overcoming Knowledge Barriers: Online Imitation Learning from Observation "
                "with Pretrained World Models",
                None,
                39,
                date(2024, 10, 18),
                22,
            ),
            Paper(
                "DDK: Distilling Domain Knowledge for Efficient Large Language Models",
                published=date(2026, 9, 1),
                upvotes=101,
                organisation="NVIDIA",
            ),
        ),
        linked=False,
    ),
    "daily_text_older.txt": Page(
        "hf-text",
        "daily",
        40,
        date(2026, 10, 2),
        None,
        (
            Paper(
                "WISE: Rethinking the Knowledge Memory for Lifelong Model Editing of Large "
                "Language Models"
            ),
            Paper(
                "Knowledge Unlearning for LLMs: Tasks, Methods, and Challenges",
                None,
                19,
                date(2026, 4, 3),
                23,
            ),
            Paper(
                "Symbolic Knowledge Distillation: from General Language Models to Commonsense "
                "Models",
                None,
                9,
                date(2026, 1, 19),
                32,
            ),
        ),
        linked=False,
    ),
    "weekly_markdown_clipper.md": Page(
        "hf-markdown",
        "weekly",
        45,
        date(2026, 3, 23),
        "2026-W12",
        (
            Paper(
                "Know You First and Be You Better: Modeling Human-Like User Simulators via "
                "Implicit Profiles",
                "2603.08797",
                24,
                date(2026, 3, 17),
                213,
            ),
            Paper(
                "Docs2KG: Unified Knowledge Graph Construction from Heterogeneous Documents "
                "Assisted by Large Language Models",
                "2603.20789",
                None,
                date(2026, 3, 16),
                243,
                "JetBrains Research",
            ),
            Paper(
                "Shellcode_IA32: A Dataset for Automatic Shellcode Generation",
                "2603.13122",
                24,
                date(2026, 3, 19),
                90,
            ),
            Paper(
                "[RE] Knowledge-Aware Prompt Tuning *revisited*",
                "2603.03147",
                3,
                date(2026, 3, 17),
                34,
            ),
            Paper(
                "JiuZhang 2.0: A Unified Chinese Pre-trained Language Model for Multi-task "
                "Mathematical Problem Solving",
                "2603.26561",
                11,
                date(2026, 3, 18),
                126,
            ),
        ),
        linked=True,
    ),
    "search_markdown_reader.md": Page(
        "hf-markdown",
        "search",
        40,
        TODAY,
        "instruction tuning",
        (
            Paper("SPoC: Search-based Pseudocode to Code", "1906.04908", 7, date(2019, 6, 11)),
            Paper(
                "ARC-Encoder: learning compressed text representations for large language models",
                "2510.20535",
                None,
                date(2025, 10, 23),
                8,
                "Kyutai",
            ),
            Paper(
                "Towards Efficient Fine-tuning of Pre-trained Code Models: An Experimental "
                "Study and Beyond",
                "2304.05216",
                7,
                date(2023, 4, 11),
                1,
            ),
            Paper(
                "Anchored Decoding: Provably Reducing Copyright Risk for Any Language Model",
                "2602.07120",
                None,
                date(2026, 2, 6),
                1,
                "University of Washington NLP",
            ),
        ),
        linked=True,
    ),
    "daily_lynx_dump.txt": Page(
        "hf-dump",
        "daily",
        40,
        date(2025, 10, 30),
        None,
        (
            Paper(
                "ProKD: An Unsupervised Prototypical Knowledge Distillation Network for "
                "Zero-Resource Cross-Lingual Named Entity Recognition",
                "2510.21411",
                21,
                date(2025, 10, 26),
                36,
            ),
            Paper(
                "Alt-MoE:A Scalable Framework for Bidirectional Multimodal Alignment and "
                "Efficient Knowledge Integration",
                "2510.25244",
                671,
                date(2025, 10, 25),
                174,
            ),
            Paper(
                "Inside-Out: Hidden Factual Knowledge in LLMs",
                "2510.27120",
                10,
                date(2025, 10, 25),
                125,
            ),
        ),
        linked=True,
    ),
    "monthly_reference_dump.md": Page(
        "hf-dump",
        "monthly",
        35,
        TODAY,
        "2026-02",
        (
            Paper(
                "Knowledge Concentration: Learning 100K Object Classifiers in a Single CNN",
                "2602.26996",
                8,
                date(2026, 2, 17),
                291,
            ),
            Paper(
                "Inductive Entity Representations from Text via Link Prediction",
                "2602.20217",
                671,
                date(2026, 2, 3),
                545,
            ),
            Paper(
                "Knowledge-enhanced Agents for Interactive Text Games",
                "2602.27382",
                58,
                date(2026, 2, 15),
                301,
            ),
        ),
        linked=True,
    ),
    "collection_markdown.md": Page(
        "hf-markdown",
        "collection",
        30,
        date(2026, 5, 2),
        "lvwerra/code-llms",
        (
            Paper(
                "Better than Your Teacher: LLM Agents that learn from Privileged AI Feedback",
                "2410.05434",
                None,
                date(2024, 10, 7),
                1,
            ),
            Paper(
                "Finite Scalar Quantization Enables Redundant and Transmission-Robust Neural "
                "Audio Compression at Low Bit-rates",
                "2509.09550",
                None,
                date(2025, 9, 11),
                3,
            ),
        ),
        linked=True,
    ),
    "trending_w3m_dump.txt": Page(
        "hf-text",
        "trending",
        35,
        TODAY,
        None,
        (
            Paper(
                "Agent Lightning: Train ANY AI Agents with Reinforcement Learning",
                None,
                8,
                date(2025, 4, 27),
                202,
            ),
            Paper(
                "MinerU: An Open-Source Solution for Precise Document Content Extraction",
                None,
                18,
                date(2025, 12, 26),
                254,
            ),
            Paper(
                "FAPO: Flawed-Aware Policy Optimization for Efficient and Reliable Reasoning",
                None,
                6,
                date(2025, 3, 3),
                514,
            ),
        ),
        linked=False,
    ),
}
