"""Text helpers of the answer pipeline: NFC normalisation, syllables, content terms (syllables + bigrams),
lexical coverage of one term set by another, the dd/mm/yyyy date format of answers, and for the stages' patterns
``TYPE_WORDS``, the alternation of the type words documents are named by (``assistant.legal.DOC_TYPES``), and
``NUMBER_TOKEN_RE``, what could be a document's number in a question.

Pure functions on strings; no knowledge of questions, provisions or retrieval.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from assistant.legal import DOC_TYPES

_STOP = set(
    """
    và của là các những được có cho theo tại trong với về từ này đó khi thì nếu mà để do bởi hoặc
    hay như một số việc người ra vào lên đến trên dưới sau trước cũng đã đang sẽ phải nào gì ai sao
    bao nhiêu lâu thế vậy không chứ nhỉ ạ à hả đúng sai hỏi còn rồi các những mọi điều khoản luật
    quy định pháp thì đâu nhé xin cho biết tôi em anh chị
    """.split()
)
_WORD_RE = re.compile(r"\w+", re.UNICODE)
# "Thông tư liên tịch|Nghị quyết liên tịch|…|Luật|…|Thông tư|…": every document type word of the legal stage, longest
# first, so that "Thông tư liên tịch" wins over "Thông tư" (case as written; patterns add re.I where they need it)
TYPE_WORDS = "|".join(re.escape(t) for t in DOC_TYPES)
# what could be a document's number, with or without a year: "05/2019/TT-VPCP", "522b/NQ-UBTVQH13", "73-CP",
# "21-TC/TCT" — and dates or ranges alike ("15/03/2024", "2019-2020"): a token names a document only when a
# collection holds that number
NUMBER_TOKEN_RE = re.compile(r"(?<![\w/])\d+[a-zđ]?(?:[-/][\wĐđ]+)+")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _syllables(text: str) -> list[str]:
    return [w for w in _WORD_RE.findall(_nfc(text).lower()) if w != "_"]


def _terms(text: str) -> tuple[set[str], set[str]]:
    """Content syllables and contiguous syllable bigrams (bigrams give word-level matches cheaply)."""
    syl = _syllables(text)
    uni = {s for s in syl if s not in _STOP}
    bi = {f"{a}_{b}" for a, b in zip(syl, syl[1:]) if not (a in _STOP and b in _STOP)}
    return uni, bi


def _coverage(q: tuple[set[str], set[str]], p: tuple[set[str], set[str]]) -> float:
    """Weighted share of query terms present in passage (unigrams weight 1, bigrams weight 1)."""
    qu, qb = q
    pu, pb = p
    total = len(qu) + len(qb)
    if total == 0:
        return 0.0
    return (len(qu & pu) + len(qb & pb)) / total


def _uni_coverage(q: set[str], p: set[str]) -> float:
    return len(q & p) / len(q) if q else 0.0


def _fmt_date(d: date) -> str:
    return f"{d:%d/%m/%Y}"
