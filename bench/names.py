"""Author names and tags for generated papers.

Names are drawn from the mix a reading list of ML papers actually holds,
accents and all, so that author search, accent folding and BibTeX escaping
meet what they meet in real libraries.
"""

from __future__ import annotations


def _split(text: str) -> tuple[str, ...]:
    """Comma-separated items (names may hold spaces and apostrophes)."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


FIRST_NAMES: tuple[str, ...] = _split(
    """
    Wei, Yi, Jun, Xin, Hao, Yu, Jie, Lei, Ming, Chen, Zhang, Jiahao, Xiaoyu, Yuxuan, Zihan,
    Minh, Thị, Quốc, Anh, Seung-hoon, Ji-woo, Hyun, Takeshi, Yūki, Haruto, Aarav, Priya,
    Ananya, Rahul, Sanjay, Lakshmi, Mohammed, Fatma, Ayşe, Mehmet, Emre, Óscar, José,
    María, Sofía, Inés, João, Gonçalo, Łukasz, Paweł, Małgorzata, Zoë, Chloé, Hélène,
    François, Renée, Jürgen, Jörg, Björn, Søren, Åsa, Bjørn, Ólafur, Michał, Tomáš, Jiří,
    Dmitry, Olga, Natalia, Anna, Maria, David, Michael, Sarah, Emily, James, Daniel, Laura,
    Thomas, Julia, Alexander, Elena, Marco, Giulia, Luca, Noah, Amir, Leila, Kwame,
    Chiamaka, Oluwaseun, Nikolaos, Eleni, Ruslan, Siddharth
    """
)

LAST_NAMES: tuple[str, ...] = _split(
    """
    Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo,
    Lin, He, Gao, Nguyễn, Trần, Lê, Phạm, Kim, Lee, Park, Choi, Tanaka, Suzuki, Satō, Itō,
    Gupta, Sharma, Singh, Patel, Iyer, Reddy, Krishnan, Yılmaz, Öztürk, Şahin, Çelik,
    García, Martínez, López, Hernández, Muñoz, Peña, Gonçalves, Conceição, Müller,
    Schröder, Weiß, Groß, Köhler, Jäger, Bäcker, Dupont, Lefèvre, Bérard, Désiré, Gauthier,
    Nowak, Wiśniewski, Wójcik, Dvořák, Novák, Søndergaard, Ødegård, Åberg, Lindström,
    Björklund, Smith, Johnson, Brown, Miller, Davis, Wilson, Taylor, Anderson, Rossi,
    Bianchi, Ferrari, Esposito, O'Brien, MacLeod, van der Berg, de Vries, Ivanov,
    Kuznetsova, Petrović, Papadopoulos, Okafor, Adeyemi, Haddad, Khan
    """
)

TAGS: tuple[str, ...] = _split(
    """
    to-read, thesis, related-work, survey, reproduce, cite, reading-group, distillation,
    rlhf, agents, retrieval, diffusion, benchmarks, evaluation, efficiency, multimodal,
    theory, datasets, alignment, long-context, code-llm, speech, robotics, vision,
    interpretability, safety, Übersicht, ideas, teaching, chapter-3, chapter-4, reviewer-2,
    follow-up, baseline
    """
)

PRIMARY_CLASSES: tuple[str, ...] = _split(
    """
    cs.CL, cs.CL, cs.CL, cs.LG, cs.LG, cs.CV, cs.CV, cs.AI, cs.IR, cs.RO, stat.ML, cs.SD,
    eess.AS, cs.SE, cs.CR, cs.HC
    """
)

VENUES: tuple[str, ...] = _split(
    """
    NeurIPS, ICML, ICLR, ACL, EMNLP, NAACL, CVPR, ICCV, ECCV, AAAI, SIGIR, KDD, TACL, JMLR,
    TMLR
    """
)

NOTE_OPENERS: tuple[str, ...] = (
    "Key idea:",
    "Compare with our baseline:",
    "Related to chapter 3.",
    "Ask about this at reading group.",
    "Good figure for the intro.",
    "Claims seem strong; check the ablations.",
    "TODO: reproduce table 2.",
    "Cite in related work.",
    "Überblick für das Seminar:",
    "À relire :",
)
