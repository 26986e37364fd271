"""Definition questions: the term a question asks to define, and the articles of a collection that define terms.

An official asks "“An ninh mạng” là gì?", "Thế nào là khiếu nại?", "Người thu hộ được hiểu như thế nào?", "Khái niệm
bảo chi séc". The article that answers is the one with a line "<term> là …" — most often a khoản of a definitions
article ("Giải thích từ ngữ"), sometimes the opening khoản of another article ("1. Hội Cựu chiến binh Việt Nam là tổ
chức …"). Its text shares few words with the question beyond the term itself, so keyword and dense search rank it
below articles that use the term often ("Kiểm tra an ninh mạng là …", "Rút khiếu nại").

* ``asked_term(query)``: the term a definition question asks about (None for any other question);
* ``defined_terms(chunks)``: folded term → the chunk rows whose line states "<term> là …" / "<term> được hiểu là …"
  (the khoản chunk when the index has one, else the article chunk), built once per collection from the index's
  chunks (the retriever's ``definitions()``);
* ``defining_rows(query, lookup)``: the defining rows for a question, exact term match only (after dropping a
  trailing "theo Luật …" / "trong lĩnh vực …").

``HybridRetriever.search`` puts the defining articles (``MAX_DEFINERS`` at most, by fused score) first, after the
articles the question names, when the question asks a definition and the term is defined in the collection.
"""
from __future__ import annotations

import re
import unicodedata

# at most this many defining articles are put first (a term defined by many texts: the best fused ones)
MAX_DEFINERS = 2

_PREFIX = r"(?:(?:cho (?:tôi|em|mình)? ?hỏi|xin hỏi|hỏi|tôi muốn biết|cho biết|xin cho biết|vui lòng cho biết)\s*[:,]?\s*)?"
_TERM = r"[\"“”'‘’«]?\s*(?P<t>[^?!.,;:\"“”«»]{2,80}?)\s*[\"“”'’»]?"
_END = r"\s*(?:theo (?:quy định )?(?:của )?pháp luật|theo (?:quy định )?(?:của )?(?:bộ luật|luật|nghị định|thông tư)[^?]*)?\s*[?.!]*\s*$"
_ASK_RES = [re.compile(p) for p in (
    rf"^{_PREFIX}(?:khái niệm|định nghĩa)(?: (?:về|của))? {_TERM}(?: là gì| được hiểu (?:như )?thế nào| là như thế nào)?{_END}",
    rf"^{_PREFIX}(?:thế nào|như thế nào) (?:được gọi |được coi |được hiểu )?là {_TERM}{_END}",
    rf"^{_PREFIX}(?:hiểu|hiểu như thế nào|hiểu thế nào) (?:về|là) {_TERM}(?: như thế nào| thế nào)?{_END}",
    rf"^{_PREFIX}{_TERM} (?:là gì|là cái gì|nghĩa là gì|có nghĩa là gì|được hiểu (?:là gì|như thế nào|thế nào|ra sao)|"
    rf"được định nghĩa (?:là gì|như thế nào|thế nào)|là như thế nào|là thế nào|được giải thích (?:là gì|như thế nào))"
    rf"{_END}",
)]
# the head of a term that is not a term ("Ai", "Đây", "Việc này" …)
_NOT_TERM = re.compile(r"^(?:ai|đây|đó|cái này|việc này|điều này|nó|họ|chúng|mục đích|nội dung)$")
# a line that defines: optional khoản / điểm number, the term (its * marks dropped first: "1. *Khiếu nạ*i là …"), maybe
# quoted or followed by an abbreviation in brackets, then "là" / "được hiểu là"
_NUM = re.compile(r"^\s*(?:\d+[a-zđ]?\s*[.)]|[a-zđ]\))\s*")
_ABBR = re.compile(r"\s*\([^)]{1,60}\)\s*$")
_COPULAS = (" được hiểu là ", " là ")
_TRAIL = re.compile(r"\s+(?:theo|trong|tại|của|thuộc|đối với)\s.*$")


def fold_term(s: str) -> str:
    s = unicodedata.normalize("NFC", s).lower().replace("*", " ")
    s = re.sub(r"[\"“”'‘’«»]", " ", s)
    return re.sub(r"\s+", " ", s).strip(" .:")


def asked_term(query: str) -> str | None:
    """The term a question asks to define ("Thế nào là khiếu nại?" → "khiếu nại"), folded; None when the question
    does not ask what a term is."""
    q = unicodedata.normalize("NFC", query).strip().lower()
    q = re.sub(r"\s+", " ", q)
    for rx in _ASK_RES:
        m = rx.match(q)
        if m:
            t = fold_term(m.group("t"))
            if t and len(t) >= 2 and not _NOT_TERM.match(t) and len(t.split()) <= 12:
                return t
    return None


def line_term(line: str) -> str | None:
    """The term a line defines ("3. *Rút khiếu nại* là việc …" → "rút khiếu nại"), folded; else None."""
    line = line.replace("*", "")
    cut = -1
    for cop in _COPULAS:
        cut = line.find(cop)
        if cut > 0:
            break
    if cut <= 0 or cut > 200:
        return None
    head = _ABBR.sub("", _NUM.sub("", line[:cut]))
    if not head or ":" in head or ";" in head or "(" in head:
        return None
    t = fold_term(head)
    return t if len(t) >= 2 and len(t.split()) <= 12 else None


def defines(lines, term: str) -> bool:  # noqa: ANN001
    """Does one of ``lines`` (an article's lines, a quote's parts) define ``term`` (folded, ``line_term``)?"""
    return any(line_term(line) == term for line in lines)


def defined_terms(chunks: list) -> dict[str, list[int]]:
    """Folded term → rows of the chunks whose line defines it ("1. *An ninh mạng* là sự bảo đảm …"): the khoản chunk
    (``clause`` set) when the article has one for that line, else the article chunk. Each article once per term."""
    out: dict[str, list[int]] = {}
    seen: set[tuple[str, str, str]] = set()
    clause_first = sorted(range(len(chunks)), key=lambda i: chunks[i].clause is None)
    for i in clause_first:
        c = chunks[i]
        if " là " not in c.text:
            continue
        for line in c.text.split("\n"):
            if " là " not in line:
                continue
            t = line_term(line)
            if t is None:
                continue
            key = (t, c.doc_id, c.article_id)
            if key in seen:
                continue
            seen.add(key)
            out.setdefault(t, []).append(i)
    return out


def defining_rows(query: str, lookup: dict[str, list[int]]) -> list[int]:
    """Rows (``defined_terms``) defining the term ``query`` asks about; [] when it asks none or none defines it."""
    t = asked_term(query)
    if not t:
        return []
    rows = lookup.get(t)
    if rows:
        return rows
    short = _TRAIL.sub("", t)
    return lookup.get(short, []) if short != t else []


def definers_first(rows: list[int], keys: list, cited: set[int], definers: list[tuple[int, object, float]],
                   limit: int = MAX_DEFINERS) -> list[int]:
    """``rows`` (served order, article keys ``keys``) with the defining articles first, after the cited rows that lead.
    ``definers``: (chunk row, article key, fused score) of each article defining the asked term. A definer already in
    the list goes first in list order, one outside the list after those, by fused score; each enters with its defining
    chunk's row (the khoản that defines the term, which the answer quotes), in place of the row the list had for its
    article. At most ``limit`` definers move."""
    pos = {k: i for i, k in enumerate(keys)}
    ranked = sorted(definers, key=lambda d: (pos.get(d[1], len(rows)), -d[2]))
    front, taken = [], set()
    for row, key, _ in ranked:
        if key in taken:
            continue
        taken.add(key)
        front.append(row)
        if len(front) >= limit:
            break
    if not front:
        return rows
    lead = []
    for r in rows:
        if r in cited and r not in front:
            lead.append(r)
        else:
            break
    moved = set(front) | set(lead) | {rows[pos[k]] for k in taken if k in pos}
    return lead + front + [r for r in rows if r not in moved]
