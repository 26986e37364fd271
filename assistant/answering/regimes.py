"""Regimes and procedures the law keeps apart (công chức / viên chức / người lao động / quân nhân, khiếu nại
/ tố cáo): does a provision name the group a question asks about (``subject_mismatch``), and the refusal reason when
none of the first hits does (``regime_gap``).

Does not reorder or cite provisions itself (``selection`` does, with these checks).
"""

from __future__ import annotations

import re

from assistant.answering.terms import _nfc
from assistant.records import Chunk, Hit

# People the law governs under different regimes, and procedures with laws of their own: a rule for viên chức does
# not answer a question about công chức (Luật Cán bộ, công chức vs Luật Viên chức vs Bộ luật Lao động vs the laws on
# the armed forces), nor one on khiếu nại a question on tố cáo.
# ("cán bộ" is left out: "cán bộ cảnh vệ", "cán bộ tư pháp" are everyday words for an official of any regime.)
REGIME_GROUPS: dict[str, re.Pattern[str]] = {
    "công chức": re.compile(r"(?<!viên )\bcông chức\b", re.I),
    "viên chức": re.compile(r"\bviên chức\b", re.I),
    "người lao động": re.compile(r"\bngười lao động\b", re.I),
    "quân nhân": re.compile(r"\b(?:quân nhân|sĩ quan|hạ sĩ quan|binh sĩ)\b", re.I),
    # two procedures with their own laws, deadlines and competences (Luật Khiếu nại / Luật Tố cáo)
    "khiếu nại": re.compile(r"\bkhiếu nại\b", re.I),
    "tố cáo": re.compile(r"\btố cáo\b", re.I),
}


def _groups_named(chunk: Chunk, with_doc_title: bool = False) -> list[str]:
    """The ``REGIME_GROUPS`` a provision names in its text and title (and, when asked, its document title) — not its
    chapter headings: a chapter "Khiếu nại, tố cáo trong tố tụng hành chính" above an article on khiếu nại deadlines
    does not make it a rule on tố cáo."""
    parts = [chunk.text, chunk.article_title or ""] + ([chunk.doc_title or ""] if with_doc_title else [])
    where = " ".join(_nfc(x) for x in parts)
    return [g for g, rx in REGIME_GROUPS.items() if rx.search(where)]


def subject_mismatch(question: str, chunk: Chunk) -> tuple[list[str], list[str]] | None:
    """(groups asked, groups the provision names) when the question is about people of one regime (công chức) or one
    procedure (tố cáo) and the provision — its text and title — names none of them but another (viên chức, khiếu
    nại); else None. Says nothing when the question names no group or the provision names none."""
    q = _nfc(question)
    asked = [g for g, rx in REGIME_GROUPS.items() if rx.search(q)]
    if not asked:
        return None
    named = _groups_named(chunk)
    if not named or any(g in named for g in asked):
        return None
    return asked, named


REGIME_CHECK_K = 5  # retrieved provisions searched for the group a question asks about


def regime_gap(question: str, hits: list[Hit]) -> str | None:
    """Refusal reason when the question is about one regime (công chức, tố cáo) and the best provision is for another
    (viên chức, khiếu nại) while none of the first ``REGIME_CHECK_K`` provisions names the regime asked — in its text,
    title or document title (refusing needs more than reordering does): the collection has no legal basis for it
    (Luật Viên chức does not answer for công chức)."""
    if not hits:
        return None
    gap = subject_mismatch(question, hits[0].chunk)
    if gap is None:
        return None
    asked = gap[0]
    for h in hits[1:REGIME_CHECK_K]:
        if set(asked) & set(_groups_named(h.chunk, with_doc_title=True)):
            return None
    return (f"không tìm thấy quy định cho {', '.join(asked)}; các quy định gần nhất áp dụng cho "
            f"{', '.join(gap[1])}")
