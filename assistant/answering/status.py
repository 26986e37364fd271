"""Questions about a document's own validity ("Thông tư 05/2019/TT-VPCP còn áp dụng không?", "Nghị định 42/2024
còn hiệu lực không?"): one sentence, said before the quotes, with the named document's status on the as-of date —
in force since when, not yet in force, expired since when and by which provision, or in force with some articles
amended or ended — read from the validity the collection records for the document's provisions (``Validity`` of
every chunk of that document).

Only for an open question that names a document by its number (a full number the collection holds, or a type word
and number/year naming one document); nothing is said when the collection records no date for it, or flags it as
possibly superseded (never guessed). ``status_order`` puts first what the answer should quote: the provision that
ends the document, else the document's own provisions. Does not read dates out of the question.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from assistant.answering.collection import _collection_table
from assistant.answering.passages import Passage, _units
from assistant.answering.terms import NUMBER_TOKEN_RE, TYPE_WORDS, _fmt_date, _nfc
from assistant.answering.validity import law_name, superseded_hint
from assistant.chunking import display_citation
from assistant.questions import validity_ask
from assistant.records import Chunk, Hit

# "Thông tư 05/2019/TT-VPCP" or "Thông tư 05/2019" (a type word and number/year naming one document held)
_NAMED_RE = re.compile(rf"(?:({TYPE_WORDS})\s+(?:số\s+)?)?"
                       r"(\d+/\d{4})(/[\wĐđ-]+)?", re.I)

_DOCS_CACHE: dict[int, Any] = {}
_ENDERS_CACHE: dict[int, Any] = {}


def _by_number(chunks: list[Chunk]) -> dict[str, list[Chunk]]:
    out: dict[str, list[Chunk]] = {}
    for c in chunks:
        if c.doc_number:
            out.setdefault(c.doc_number.lower(), []).append(c)
    return out


def named_document(question: str, hits: list[Hit], retriever: Any = None) -> str | None:
    """The number of the document a status question names ("05/2019/TT-VPCP"), or None: a full number the
    collection holds (a provision of it, or one that ends it), retrieved or not; a type word and number/year
    ("Thông tư 05/2019") naming one document among the retrieved ones, else one in the whole collection; else a held
    number without a year ("522b/NQ-UBTVQH13", "73-CP")."""
    q = _nfc(question)
    if validity_ask(q) is None:
        return None
    held = {(h.chunk.doc_number or "").lower(): h.chunk.doc_number for h in hits if h.chunk.doc_number}
    types = {(h.chunk.doc_number or "").lower(): h.chunk.doc_type for h in hits if h.chunk.doc_number}
    table = _collection_table(retriever, _DOCS_CACHE, _by_number) if retriever is not None else None
    enders = _collection_table(retriever, _ENDERS_CACHE, _enders) if retriever is not None else None
    every = {n: cs[0].doc_number for n, cs in (table or {}).items()}
    every.update({n: e[0][2] for n, e in (enders or {}).items() if n not in every})
    for m in _NAMED_RE.finditer(q):
        if m.group(3):
            num = f"{m.group(2)}{m.group(3)}".lower()
            if num in held or num in every:
                return held.get(num) or every[num]
            continue
        if not m.group(1):  # a bare "05/2019" could be a date
            continue
        for pool, kinds in ((held, types), ({n: every[n] for n in (table or {})},
                                             {n: cs[0].doc_type for n, cs in (table or {}).items()})):
            same = {v for n, v in pool.items() if n.startswith(m.group(2).lower() + "/")
                    and (kinds.get(n) or "").lower() == m.group(1).lower()}
            if len(same) == 1:
                return same.pop()
            if same:  # several documents of that type and number/year: not guessed
                break
    # a number without a year ("Nghị quyết 522b/NQ-UBTVQH13", "Nghị định 73-CP"), as the collection holds it; such a
    # number can be several documents' (Nghị định 73-CP of 1993 on farm land tax, of 1994 on diplomatic immunities):
    # named only when the provisions held under it take effect on one day
    for tok in NUMBER_TOKEN_RE.findall(q):
        num = tok.lower()
        if num not in held and num not in every:
            continue
        chunks = (table or {}).get(num) or [h.chunk for h in hits if (h.chunk.doc_number or "").lower() == num]
        if len({c.validity.effective_from for c in chunks if c.validity.effective_from}) <= 1:
            return held.get(num) or every[num]
    return None


def _doc_name(c: Chunk, retriever: Any) -> str:
    """"Luật Viên chức số 58/2010/QH12" when the collection's catalogue knows the law's title, else type + number."""
    return law_name(retriever, c.doc_number) or (f"{c.doc_type} {c.doc_number}".strip() if c.doc_type else str(c.doc_number))


def _ender_citation(c: Chunk, sentence: str) -> str:
    """"Khoản 1 Điều 5 Thông tư số 03/2021/TT-TTCP": the ending provision as the answer cites it (narrowed to the
    khoản the sentence lies in), without the Pháp điển code."""
    return re.sub(r"\s*\(Pháp điển:[^)]*\)", "", display_citation(c, sentence)).strip()


def _ended_name(e: tuple[Chunk, date, str, str, str]) -> str:
    """The name of a document known only from the provision that ends it: its type word as that sentence writes it
    and its number ("Thông tư 29/2021/TT-BLĐTBXH")."""
    m = re.search(rf"({TYPE_WORDS})"
                  r"[^.;]*?số\s+" + re.escape(e[2]), _nfc(e[0].text))
    return f"{m.group(1)} {e[2]}" if m else e[2]


def _listed(items: list[str], most: int = 3) -> str:
    return "; ".join(items[:most]) + (" …" if len(items) > most else "")


# a provision that ends another document's validity ("… hết hiệu lực kể từ …", "bãi bỏ …", "thay thế …")
_ENDS_RE = re.compile(r"hết hiệu lực|bãi bỏ|thay thế|hủy bỏ", re.I)


# a sentence whose subject is a whole document that it ends: "2. Thông tư số 29/2021/TT-BLĐTBXH ngày 28 tháng 12 năm
# 2021 của Bộ trưởng … hết hiệu lực kể từ ngày Thông tư này có hiệu lực." — not "Các biểu mẫu … ban hành kèm theo Nghị
# quyết số 01/2017/NQ-HĐTP … hết hiệu lực" nor "Khoản 3 Điều 13 Nghị định số 21/2009/NĐ-CP … hết hiệu lực" (a part)
_DOC_ENDED_RE = re.compile(
    rf"^(?:\d+\.\s*|[a-zđ]\)\s*)?(?:{TYPE_WORDS})"
    r"(?:\s+liên tịch)?(?:\s+[^\d\s,;.()][^\d,;.()]{0,150}?)?\s+số\s+(?P<num>\d+[a-zđ]?/[\wĐđ/-]+?)"
    r"(?P<rest>(?:\s[^.;]*?)?)\s(?P<how>hết hiệu lực|bị bãi bỏ|được bãi bỏ|bị thay thế|được thay thế)\b", re.I)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.;:])\s+|\n+")
_EXPLICIT_DATE_RE = re.compile(r"kể từ ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})|kể từ ngày (\d{1,2})/(\d{1,2})/(\d{4})")


def _enders(chunks: list[Chunk]) -> dict[str, list[tuple[Chunk, date, str, str, str]]]:
    """Number of a document → the provisions of other documents that end it as a whole, each with the day it stops
    being in force (the date the sentence gives, else the day the ending provision takes effect), the number as
    written and how it ends ("hết hiệu lực", "bị bãi bỏ", "được thay thế"). A provision without a known date is left
    out (never guessed)."""
    out: dict[str, list[tuple[Chunk, date, str, str, str]]] = {}
    for c in chunks:
        text = _nfc(c.text)
        if "hiệu lực" not in text and "bãi bỏ" not in text and "thay thế" not in text:
            continue
        for sent in _SENTENCE_SPLIT_RE.split(text):
            sent = sent.strip()
            m = _DOC_ENDED_RE.match(sent)
            if not m or re.search(r"\b(?:Điều|Khoản|Điểm|Chương|Mục|Phụ lục|Mẫu)\b", sent[: m.start("num")]):
                continue
            num = m.group("num").rstrip("/.-")
            if num.lower() == (c.doc_number or "").lower() or "trừ" in m.group("rest"):
                continue
            d = _EXPLICIT_DATE_RE.search(sent[m.end():][:80])
            when = None
            if d:
                g = [int(x) for x in d.groups() if x]
                try:
                    when = date(g[2], g[1], g[0])
                except ValueError:
                    when = None
            when = when or c.validity.effective_from
            if when is not None:
                out.setdefault(num.lower(), []).append((c, when, num, m.group("how").lower(), sent))
    return out


_FRAMING_TITLE_RE = re.compile(r"phạm vi điều chỉnh|đối tượng áp dụng|giải thích từ ngữ", re.I)


def status_order(hits: list[Hit], number: str, retriever: Any = None, as_of: date | None = None) -> list[Hit]:
    """The hits for a question about document ``number``'s validity: first a provision of another document that
    names it and ends it or a part of it in the same sentence ("Thông tư số 05/2019/TT-VPCP … hết hiệu lực"; not a
    provision that only cites it, with "bãi bỏ" elsewhere in the article), then the provisions of the document itself,
    each group in retrieval order; provisions of other documents are left out (a higher-ranked text retrieved about
    as strongly would be quoted first, about something else). When retrieval brought neither, the collection's
    provision that ends the document as a whole (in force on ``as_of``), else the document's own article on entry
    into force (else its first article that is not a scope / subjects / definitions article, which the answer would
    not quote first) is what is quoted."""
    low = number.lower()

    def group(h: Hit) -> int:
        c = h.chunk
        if (c.doc_number or "").lower() != low and any(
                low in sl and _ENDS_RE.search(sl[sl.index(low):])
                for sl in map(str.lower, _SENTENCE_SPLIT_RE.split(_nfc(c.text)))):
            return 0  # "… Thông tư số 05/2019/TT-VPCP … hết hiệu lực …", "Chương V của Luật … số 02/2011/QH13 hết …"
        return 1 if (c.doc_number or "").lower() == low else 2

    out = sorted(hits, key=group)
    if out and group(out[0]) < 2:
        return [h for h in out if group(h) < 2]
    if retriever is None:
        return out
    enders = [e[0] for e in (_collection_table(retriever, _ENDERS_CACHE, _enders) or {}).get(low) or []
              if as_of is None or e[1] <= as_of]
    own = [c for c in ((_collection_table(retriever, _DOCS_CACHE, _by_number) or {}).get(low) or [])
           if not getattr(c, "clause", None)]
    effect = [c for c in own if re.search(r"hiệu lực|thi hành", _nfc(c.article_title or ""), re.I)]
    rules = [c for c in own if not _FRAMING_TITLE_RE.search(_nfc(c.article_title or ""))]
    extra = enders[:1] or effect[:1] or rules[:1] or own[:1]
    if not extra:
        return out
    top = out[0].score if out else 1.0
    return [Hit(chunk=c, score=top, rank=0) for c in extra]


def status_sentence(number: str, hits: list[Hit], retriever: Any, as_of: date) -> str | None:
    """"Thông tư 05/2019/TT-VPCP đã hết hiệu lực từ ngày 01/08/2024 (bị bãi bỏ bởi Điều 10 Thông tư số
    03/2024/TT-VPCP)." for a question about document ``number``'s validity (:func:`named_document`); None when the
    collection records nothing to say (see the module docstring)."""
    table = _collection_table(retriever, _DOCS_CACHE, _by_number)
    chunks = (table or {}).get(number.lower()) or [h.chunk for h in hits if h.chunk.doc_number == number]
    ended_by = [e for e in ((_collection_table(retriever, _ENDERS_CACHE, _enders) or {}).get(number.lower()) or [])
                if e[1] <= as_of]
    if not chunks:
        if not ended_by:
            return None
        name = _ended_name(ended_by[0])
    else:
        name = _doc_name(chunks[0], retriever)
    starts = [c.validity.effective_from for c in chunks if c.validity.effective_from]
    ends = [c.validity.effective_to for c in chunks]
    start = min(starts) if starts else None
    if ends and all(ends) and all(e < as_of for e in ends):
        last = max(e for e in ends if e is not None)
        repealed = list(dict.fromkeys(r for c in chunks for r in c.validity.repealed_by))
        replaced = list(dict.fromkeys(r for c in chunks for r in c.validity.replaced_by))
        by = [f"bị bãi bỏ bởi {_listed(repealed)}"] if repealed else []
        by += [f"được thay thế bởi {_listed(replaced)}"] if replaced else []
        why = f" ({'; '.join(by)})" if by else ""
        return f"{name} đã hết hiệu lực từ ngày {_fmt_date(last + timedelta(days=1))}{why}."
    if ended_by:  # another document's provision ends this one as a whole
        c, when, _, how, sent = min(ended_by, key=lambda e: e[1])
        by = {"bị bãi bỏ": "bị bãi bỏ bởi", "được bãi bỏ": "bị bãi bỏ bởi", "bị thay thế": "được thay thế bởi",
              "được thay thế": "được thay thế bởi"}.get(how, "theo")
        return f"{name} đã hết hiệu lực từ ngày {_fmt_date(when)} ({by} {_ender_citation(c, sent)})."
    if start is not None and as_of < start:
        return f"{name} chưa có hiệu lực vào ngày {_fmt_date(as_of)}; văn bản có hiệu lực từ ngày {_fmt_date(start)}."
    if start is None:
        return None
    if any(superseded_hint(retriever, c, as_of) is not None for c in chunks[:3]):
        # its own notes record no end, but the collection names a later document of the same name (or one replacing
        # the law it details): "đang có hiệu lực" would be a guess; the quotes' notes say what to check
        return None
    ended = [c for c in chunks if c.validity.effective_to and c.validity.effective_to < as_of]
    amended = list(dict.fromkeys(a for c in chunks for a in c.validity.amended_by))
    sentence = f"Theo các văn bản trong cơ sở dữ liệu, {name} đang có hiệu lực (từ ngày {_fmt_date(start)})"
    if amended:
        sentence += f"; một số điều đã được sửa đổi, bổ sung bởi {_listed(amended)}"
    if ended:
        sentence += "; một số điều đã hết hiệu lực (xem ghi chú hiệu lực)"
    return sentence + "."


# a unit saying when the document itself takes effect: "1. Nghị định này có hiệu lực thi hành kể từ …" (the document
# as the subject, not "… hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành")
_SELF_EFFECT_RE = re.compile(rf"^(?:\d+[.)]\s*)?(?:{TYPE_WORDS})"
                             r"(?:\s+liên tịch)?\s+này\s+có hiệu lực", re.I)


def own_effect_clause(passages: list[Passage], number: str) -> list[Passage]:
    """For a question about document ``number``'s validity: a quote of that document's own article on entry into
    force is the clause saying when the document takes effect, when the article has one ("1. Nghị định này có hiệu lực
    thi hành kể từ ngày 01 tháng 7 năm 2024."); other passages are returned as they are."""
    out = []
    for ps in passages:
        ch = ps.hit.chunk
        if (ch.doc_number or "").lower() == number.lower() and not _SELF_EFFECT_RE.search(_nfc(ps.quote)):
            unit = next((u for u in _units(ch) if _SELF_EFFECT_RE.search(_nfc(u))), None)
            if unit is not None:
                ps = Passage(hit=ps.hit, quote=unit, score=ps.score, coverage=ps.coverage, cues=ps.cues)
        out.append(ps)
    return out


# who signed or issued a document asked ("Ai ký Quyết định 1234/QĐ-UBND?", "Quyết định 1234/QĐ-UBND do ai ký?",
# "Người ký Thông tư 03/2024/TT-VPCP là ai?", "Cơ quan nào ban hành Nghị định 42/2024/NĐ-CP?")
_SIGNER_ASKED_RE = re.compile(
    r"\b(?:ai|người nào|cơ quan nào)\s+(?:đã\s+)?(?:ký|ban hành)\b|\bngười ký\b|\bdo\s+(?:ai|cơ quan nào)\s+(?:ký|ban hành)\b"
    r"|\bký bởi ai\b", re.I)


def signer_sentence(question: str, retriever: Any) -> tuple[str, str] | None:
    """(number, sentence) when ``question`` asks who signed or issued a document it names by a number the collection
    holds: the issuing body and date the collection records for it, and that the signer's name is not held (the
    signature block is not part of the indexed provisions) — not a refusal for want of a provision that says who signed.
    None otherwise."""
    q = _nfc(question)
    if not _SIGNER_ASKED_RE.search(q):
        return None
    table = _collection_table(retriever, _DOCS_CACHE, _by_number) if retriever is not None else None
    if not table:
        return None
    nums = [f"{m.group(2)}{m.group(3) or ''}".lower() for m in _NAMED_RE.finditer(q)]
    for num in nums + [t.lower() for t in NUMBER_TOKEN_RE.findall(q)]:  # ("1234/QĐ-UBND": a number without a year)
        chunks = table.get(num)
        if not chunks:
            continue
        c = chunks[0]
        name = f"{c.doc_type} {c.doc_number}".strip() if c.doc_type else str(c.doc_number)
        issuer = next((x.issuer for x in chunks if x.issuer), None)
        issued = next((x.issued_on for x in chunks if x.issued_on), None)
        said = f"{name} do {issuer} ban hành" if issuer else f"Cơ sở dữ liệu không ghi cơ quan ban hành {name}"
        if issued is not None:
            said += f" ngày {_fmt_date(issued)}" if issuer else f" (ban hành ngày {_fmt_date(issued)})"
        said += ("; cơ sở dữ liệu không lưu phần chữ ký của văn bản nên không nêu được họ tên, chức danh người ký "
                 "(xem phần cuối văn bản gốc).")
        return str(c.doc_number), said
    return None


# what a document as a whole is about asked ("Quyết định 1234/QĐ-UBND quy định những gì?", "Nghị định 42/2024/NĐ-CP
# quy định về vấn đề gì?", "Nội dung chính của Thông tư 03/2024/TT-VPCP là gì?")
_OVERVIEW_ASKED_RE = re.compile(
    r"\bquy định (?:những |các )?(?:gì|nội dung gì|vấn đề gì|về (?:những |các )?(?:gì|vấn đề gì|nội dung gì))\s*\??\s*$"
    r"|\b(?:nội dung chính|phạm vi điều chỉnh)\b", re.I)
_SCOPE_TITLE_RE = re.compile(r"^\s*phạm vi điều chỉnh", re.I)


def overview_hits(question: str, retriever: Any) -> list[Hit] | None:
    """The "Phạm vi điều chỉnh" article of the document a question names by a held number and asks what it is about
    ("Quyết định 1234/QĐ-UBND quy định những gì?": refused for want of shared words; "Nghị định 42/2024/NĐ-CP quy định
    những gì?" answered with the decree amending it); None when not asked or not held."""
    q = _nfc(question)
    if not _OVERVIEW_ASKED_RE.search(q) or re.search(r"\b(?:điều|khoản|chương)\s+\d", q, re.I):
        return None
    table = _collection_table(retriever, _DOCS_CACHE, _by_number) if retriever is not None else None
    if not table:
        return None
    nums = [f"{m.group(2)}{m.group(3) or ''}".lower() for m in _NAMED_RE.finditer(q) if m.group(3)]
    for num in nums + [t.lower() for t in NUMBER_TOKEN_RE.findall(q)]:
        scope = [c for c in table.get(num, []) if _SCOPE_TITLE_RE.match(_nfc(c.article_title or ""))]
        if scope:
            return [Hit(chunk=c, score=1.0, rank=i) for i, c in enumerate(scope, 1)]
    return None
