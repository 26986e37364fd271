"""Which provisions a sentence names: "khoản 1 và khoản 3 Điều 5", "điểm a, c khoản 2 Điều 6 … số X",
"Phụ lục I", "Mẫu số 01/HQ" → (điểm, khoản, Điều / appendix / form, số hiệu) targets (``provision_targets``).

Does: also say whether a reference names only part of a document (``_partial_before``) and key form labels
(``_form_key``).

Does not: decide what a verb does to the targets (see ``validity.document_relations`` and ``relations``).
"""

from __future__ import annotations

import re

from assistant.legal.annexes import _annex_key, annex_number, form_number
from assistant.legal.common import DOC_TYPE_RE, NUM, _LAW_NAME


_LAB = r"(?:\d+[a-zđ]?|[a-zđ])"
_ANNEX_LAB = r"(?:[IVXLC]+|\d{1,3}[a-zđ]?)(?![\w/])"
_FORM_LAB = r"\d{1,3}[a-zđA-ZĐ]?(?:[/.-][A-ZĐa-zđ0-9]+)*(?![\w/])"


def _form_key(label: str) -> str:
    """Matching key of a form label: "01/HQ", "1/hq" → "MS-1/HQ" (leading zeros and case do not matter)."""
    m = re.match(r"^0*(\d+)(.*)$", label)
    return form_number((m.group(1) + m.group(2)) if m else label)
_PROV_TOK_RE = re.compile(
    rf"\b(?P<kind>[Đđ]iểm|[Kk]hoản|[Đđ]iều)\s+(?P<labs>{_LAB}(?:\s*(?:,|và|hoặc)\s*{_LAB}(?![\w/]))*)(?![\w/])"
    rf"|(?P<type>{DOC_TYPE_RE})\s+(?:{_LAW_NAME}\s+số\s*:?\s*|(?:số\s*:?\s*)?)(?P<num>{NUM})"
    # "Phụ lục I", "Phụ lục số 01", "Phụ lục I và Phụ lục II", "Phụ lục I, II"
    rf"|\b[Pp]hụ lục\s+(?:số\s+)?(?P<annex>{_ANNEX_LAB}(?:\s*(?:,|và)\s*(?:[Pp]hụ lục\s+)?(?:số\s+)?{_ANNEX_LAB})*)"
    # "Mẫu số 01/HQ", "Mẫu số 01/HQ và Mẫu số 02/HQ": a form after the signature ("MS-01/HQ")
    rf"|\b[Mm]ẫu\s+số\s+(?P<form>{_FORM_LAB}(?:\s*(?:,|và)\s*(?:[Mm]ẫu\s+số\s+)?{_FORM_LAB})*)"
)
# words showing that a reference names only part of a document ("bãi bỏ một số điều của Nghị định số X")
_PARTIAL_RE = re.compile(
    r"\b(?:[Đđ]iều|[Kk]hoản|[Đđ]iểm|[Cc]hương|[Mm]ục|[Pp]hần|[Pp]hụ lục|cụm từ|từ ngữ|nội dung|quy định)"
    r"(?:\s*(?:\d+[a-zđ]?|[a-zđ]|[IVXLC]+|,|và|hoặc|này|đó|sau|sau đây))*"
    r"\s*(?:(?:của|tại|thuộc|trong|ban hành kèm theo|quy định tại)\s*)?$"
)


def _partial_before(text: str) -> bool:
    """``text`` (the words right before a document reference) ends with provision words: "một số điều của",
    "Điều 10, Điều 11 và khoản 2 Điều 12 của", "các quy định tại" — the reference names part of a document."""
    return bool(_PARTIAL_RE.search(text.rstrip()[-120:]))
_LOCAL_PREFIX_RE = re.compile(
    r"^\s*(?:các\s+)?(?:cụm\s+)?từ\s+(?:ngữ\s+)?[“\"][^”\"]{1,300}[”\"](?:\s+(?:bằng|vào\s+(?:sau|trước))\s+(?:cụm\s+)?từ\s+(?:ngữ\s+)?[“\"][^”\"]{0,300}[”\"])?"
    r"(?:\s+(?:tại|ở|trong)\s+|\s+của\s+(?=(?:[Đđ]iểm|[Kk]hoản|[Đđ]iều)\s))"
    r"|^\s*(?:(?:tên|toàn bộ|các|một số|nội dung|tiêu đề|phần mở đầu|đoạn mở đầu)\s+(?:của\s+)?)*"
)


def provision_targets(seg: str, ctx_num: str | None = None) -> list[tuple[str | None, str | None, str | None, str]]:
    """(điểm, khoản, Điều, số hiệu) targets named in ``seg`` — the words after a verb such as "bãi bỏ":
    "khoản 1 và khoản 3 Điều 5", "điểm a, c khoản 2 Điều 6", "Điều 10, Điều 11 và khoản 2 Điều 12 của Nghị định
    số X", "Nghị định số X" (whole document: Điều None). Provisions without a document number take ``ctx_num``
    (the document an amending article is about) only when they follow the verb directly ("khoản 2 Điều 7 như
    sau" — not a mention later in the sentence) and are not "… Điều này" / "Nghị định này". A document named
    after provision words that are not an article list ("một số điều của", "Chương II của") is a partial
    target and yields nothing."""
    out: list[tuple[str | None, str | None, str | None, str]] = []
    pend_pts: list[str] = []
    pairs: list[tuple[str | None, str]] = []
    arts: list[tuple[str | None, str | None, str]] = []
    last_end = 0
    first_start: int | None = None
    for m in _PROV_TOK_RE.finditer(seg):
        if m.group("num"):
            between = seg[last_end : m.start()]
            if arts:
                out.extend((pt, cl, an, m.group("num")) for pt, cl, an in arts)
            elif not pend_pts and not pairs and not _partial_before(between):
                out.append((None, None, None, m.group("num")))
            arts, pairs, pend_pts = [], [], []
            last_end = m.end()
            continue
        if first_start is None:
            first_start = m.start()
        if m.group("form"):  # a form: a unit of its own, no khoản/điểm
            for lb in re.findall(_FORM_LAB, m.group("form")):
                arts.append((None, None, _form_key(lb)))
            pairs, pend_pts = [], []
            last_end = m.end()
            continue
        if m.group("annex"):  # an appendix is a unit like a Điều: "PL-I" (khoản/điểm before it are its own)
            for lb in re.findall(_ANNEX_LAB, m.group("annex")):
                an = annex_number(_annex_key(lb))
                arts.extend((pt, cl, an) for pt, cl in pairs)
                arts.extend((pt, None, an) for pt in pend_pts)
                if not pairs and not pend_pts:
                    arts.append((None, None, an))
                pairs, pend_pts = [], []
            last_end = m.end()
            continue
        kind = m.group("kind").lower()
        labs = re.split(r"\s*(?:,|và|hoặc)\s*", m.group("labs"))
        if kind == "điểm":
            pend_pts.extend(lb for lb in labs if re.fullmatch(r"[a-zđ]", lb))
        elif kind == "khoản":
            for i, lb in enumerate(x for x in labs if re.fullmatch(r"\d+[a-zđ]?", x)):  # "khoản 1a" inserted by an amendment
                if i == 0 and pend_pts:
                    pairs.extend((pt, lb) for pt in pend_pts)
                    pend_pts = []
                else:
                    pairs.append((None, lb))
        else:
            for lb in labs:
                if not re.fullmatch(r"\d+[a-zđ]?", lb):
                    continue
                if pairs or pend_pts:
                    arts.extend((pt, cl, lb) for pt, cl in pairs)
                    arts.extend((pt, None, lb) for pt in pend_pts)
                else:
                    arts.append((None, None, lb))
                pairs, pend_pts = [], []
        last_end = m.end()
    if arts and ctx_num and first_start is not None:
        pre = _LOCAL_PREFIX_RE.match(seg)
        direct = first_start <= (pre.end() if pre else 0) + 1
        if direct and not re.match(r"\s*(?:của\s+)?(?:[A-ZĐa-zđ][^\s]*\s+){0,3}này\b", seg[last_end : last_end + 40]):
            out.extend((pt, cl, an, ctx_num) for pt, cl, an in arts)
    return out
