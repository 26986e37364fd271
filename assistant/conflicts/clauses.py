"""Clause units of a provision (``units``: khoản, điểm, sentences; a list item carries its lead-in "… các hành vi sau
đây:"), the clause pairs of two provisions worth comparing (``aligned_units`` by word overlap, ``clash_units`` by a
value clash for the meaning check) and the mapping of a finding's spans back onto the provision (``_mapped``).

Does not run detectors (``pair.check_pair``).

Rules
* only clause pairs whose content words overlap strongly (Jaccard ≥ 0.3, paraphrases of common legal verbs
  normalised by ``words.canon``: "gửi/chuyển/cung cấp" → "nộp", "trong vòng/trong thời hạn", "tiếp nhận/nhận được")
  are compared, and the clashing values/modal markers must sit in those two clauses.
* items of penalty or grounds lists ("Phạt tiền … đối với các hành vi sau:") are descriptions, not norms: their modal
  markers are ignored; so are those of "áp dụng đối với" articles and upper-case headings. Article titles are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from assistant.conflicts.analysis import _AUTH_RE, analyze
from assistant.conflicts.findings import Finding
from assistant.conflicts.modals import _MODAL_RE
from assistant.conflicts.quantities import _NUMW, _agree, _comparable
from assistant.conflicts.semantic import _clause_encoder
from assistant.conflicts.words import _content

# a lead-in that introduces a list: "… các hành vi sau đây:" — its items carry the norm
_LEADIN_TAIL_RE = re.compile(
    r"(?:(?:một trong\s+)?(?:các|những)\s+(?:hành vi|việc|trường hợp|nội dung|điều kiện|hồ sơ|giấy tờ|đối tượng|"
    r"quy định|yêu cầu|tiêu chuẩn)\s+)?(?:như\s+)?(?:sau đây|sau)\s*:\s*$|:\s*$"
)
# lists whose items describe violations, grounds or facts, not norms ("Phạt tiền … đối với các hành vi sau:",
# "… bị thu hồi trong các trường hợp sau:"): a modal marker inside such an item is part of a description
_FACT_LIST_RE = re.compile(
    r"(?<!\w)(?:phạt|xử phạt|xử lý|truy cứu|bị thu hồi|bị đình chỉ|bị buộc|bị giải thể|chấm dứt|thu hồi|"
    r"vi phạm|trường hợp sau|các trường hợp|ví dụ|bao gồm|gồm|là|này quy định|quy định chi tiết|phân loại)(?!\w)"
)
_PENALTY_RE = re.compile(r"(?<!\w)(?:phạt tiền|phạt cảnh cáo|xử phạt|bị phạt)(?!\w)")
_ITEM_RE = re.compile(r"^\s*(?:[a-zđ]\)|[-+•]|\d+(?:\.\d+)*\.?\)?)\s")
_KHOAN_RE = re.compile(r"^\s*\d+\.\s")
_SENT_SPLIT_RE = re.compile(r"(?<=[^\d\s.])[.;:](?=\s)|\n")
_SHORT_PROVISION = 400  # a provision this short is one clause (its sentences share one subject)


@dataclass(frozen=True)
class Unit:
    """One clause (khoản/điểm/sentence) of a provision, with the lead-in of the list it belongs to."""
    text: str  # the text analysed: lead-in (list tail removed) + clause, lower-cased
    segs: tuple[tuple[int, int, int], ...]  # (offset in text, offset in the provision lc, length): span mapping
    content: frozenset[str]
    facts: bool  # item of a penalty / grounds list: its modal markers are not norms
    signal: bool = True  # has a number, a modal marker or an authority: something a detector can clash on


def _map_span(u: Unit, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    for off, src, ln in u.segs:
        if off <= s < off + ln:
            return src + (s - off), src + min(e, off + ln) - off
    return span


_NUMWORD_QTY_RE = re.compile(rf"(?<!\w){_NUMW}\s+(?:ngày|tuần|tháng|năm|tuổi|giờ|lần|phần trăm)(?!\w)")


def _has_signal(t: str) -> bool:
    return bool(re.search(r"\d", t) or _MODAL_RE.search(t) or _AUTH_RE.search(t) or _NUMWORD_QTY_RE.search(t))


@lru_cache(maxsize=100_000)
def units(text: str) -> tuple[Unit, ...]:
    """Split a provision into clause units (khoản, điểm, sentences); list items inherit their lead-in."""
    an = analyze(text)
    lc = an.lc
    if len(lc) <= _SHORT_PROVISION and "\n" not in lc.strip():
        # "Nghị định này áp dụng đối với …" names who is covered: its "được"/"cấm" words are not norms
        return (Unit(lc, ((0, 0, len(lc)),), frozenset(_content(lc)), bool(_APPLIES_RE.search(lc))),)
    raw: list[tuple[int, int, bool]] = []  # (start, end, starts a new line)
    pos, newline = 0, True
    for m in _SENT_SPLIT_RE.finditer(lc):
        if lc[pos : m.start()].strip():
            raw.append((pos, m.start() + (1 if lc[m.start()] == ":" else 0), newline))
            newline = False
        pos = m.end()
        if lc[m.start()] == "\n":
            newline = True
    if lc[pos:].strip():
        raw.append((pos, len(lc), newline))
    # the first line of a multi-line provision without final punctuation is the article title: not a norm
    if len(raw) > 1 and raw[0][2] and "\n" in lc[raw[0][1] : raw[1][0] + 1] and len(lc[raw[0][0] : raw[0][1]]) < 200 \
            and not re.search(r"[.;:]\s*$", lc[raw[0][0] : raw[0][1]]):
        raw = raw[1:]
    out: list[Unit] = []
    lead: tuple[int, int] | None = None
    lead_text = ""
    lead_facts = False
    lead_intro = False  # the lead-in is the article's opening sentence (not a numbered khoản)
    opener: tuple[int, int] | None = None  # first sentence of the current khoản if it opens a case
    lead_inline = False  # the lead-in ended mid-line ("… gồm: a; b; c"): it covers the rest of that line
    prev: tuple[int, int] | None = None
    in_item = False  # the last segment was an item of the current list
    for s, e, nl in raw:
        seg = lc[s:e]
        is_item = bool(_ITEM_RE.match(seg)) and not _KHOAN_RE.match(seg) or (lead_inline and not nl)
        if in_item and not is_item and not nl and lead is not None and not seg.rstrip().endswith(":"):
            # a later sentence on an item's line ("a) Không đủ điều kiện … Điều 74; không được gia hạn Giấy phép …;"
            # then "b) …"): read on its own (its words are not the lead's), with the list's facts flag (a grounds
            # list's item describes a case, whatever its markers), and the list goes on (it was ended here, and the
            # next item took this sentence for its lead)
            if len(_content(seg)) >= 2:
                out.append(Unit(seg, ((0, s, len(seg)),), frozenset(_content(seg)),
                                lead_facts or bool(_PENALTY_RE.search(seg)), _has_signal(seg)))
            continue
        in_item = is_item
        if not is_item and lead is not None and lead_intro and _KHOAN_RE.match(seg):
            is_item = True  # "Người … có đủ các điều kiện sau đây thì …: 1. …; 2. …": numbered items of an intro
        if not is_item:
            lead = None  # a new khoản or a plain sentence ends the previous list
            lead_inline = False
        elif lead is None and prev is not None:
            # an item without a "…:" lead-in (formatting lost): the sentence before it is its context
            lead = prev
            lead_text = lc[prev[0] : prev[1]]
            lead_facts = bool(_FACT_LIST_RE.search(lead_text))
        if not is_item:
            prev = (s, e)
            if nl:
                opener = (s, e) if _OPENER_RE.match(seg) else None  # "3. Đối với phiên họp phúc thẩm …, …."
        if seg.rstrip().endswith(":"):
            lead = (s, e)
            lead_intro = not _ITEM_RE.match(seg)
            tail = _LEADIN_TAIL_RE.search(seg, max(0, len(seg) - 120))  # bounded: no backtracking on long lines
            lead_text = seg[: tail.start()] if tail else seg.rstrip()[:-1]
            lead_facts = bool(_FACT_LIST_RE.search(seg))
            nxt = lc[e : e + 400]
            lead_inline = bool(nxt.strip()) and "\n" not in nxt.split(";")[0].split(".")[0] and not nxt.startswith("\n")
            continue
        if _APPLIES_RE.search(seg):
            continue  # "Nghị định này áp dụng đối với …": who the text covers, not a norm about them
        orig = text[s:e] if len(text) == len(lc) else ""
        if orig and sum(ch.isalpha() for ch in orig) >= 6 and orig.upper() == orig:
            continue  # an upper-case heading ("CHƯƠNG VI – ĐƠN VỊ ĐƯỢC KIỂM TOÁN") is not a norm
        if len(_content(seg)) < 2:
            continue
        if lead is not None:
            txt = lead_text + " " + seg
            segs = ((0, lead[0], len(lead_text)), (len(lead_text) + 1, s, len(seg)))
            out.append(Unit(txt, segs, frozenset(_content(txt)), lead_facts, _has_signal(txt)))
        elif opener is not None and not nl and opener != (s, e):
            # a later sentence of a khoản that opened a case ("Đối với …", "Trường hợp …"): the case applies to it too
            op_text = lc[opener[0] : opener[1]]
            txt = op_text + " " + seg
            segs = ((0, opener[0], len(op_text)), (len(op_text) + 1, s, len(seg)))
            out.append(Unit(txt, segs, frozenset(_content(txt)), bool(_PENALTY_RE.search(seg)), _has_signal(seg)))
        else:
            out.append(Unit(seg, ((0, s, len(seg)),), frozenset(_content(seg)), bool(_PENALTY_RE.search(seg)),
                            _has_signal(seg)))
    return tuple(out) or (Unit(lc, ((0, 0, len(lc)),), frozenset(_content(lc)), bool(_APPLIES_RE.search(lc))),)


_APPLIES_RE = re.compile(
    r"(?<!\w)(?:này|luật|nghị định|thông tư|quyết định|nghị quyết)\s+(?:áp dụng|được áp dụng)\s+(?:đối với|cho)(?!\w)"
    r"|^\s*(?:\d+\.\s*)?đối tượng áp dụng|(?<!\w)(?:nghị định|thông tư|luật|quyết định|nghị quyết) này quy định(?!\w)"
    r"|được hiểu là|được hiểu như sau"
)
_OPENER_RE = re.compile(r"\s*(?:\d+\.\s*|[a-zđ]\)\s*)?(?:đối với|trường hợp|trong trường hợp|khi|nếu)(?!\w)")
_ALIGN_MIN = 0.3  # Jaccard of content syllables for two clauses to be "about the same obligation"
_ALIGN_MAX_PAIRS = 12


def aligned_units(a_text: str, b_text: str) -> list[tuple[float, Unit, Unit]]:
    """Clause pairs of two provisions whose content overlaps strongly, best first."""
    ua, ub = units(a_text), units(b_text)
    out: list[tuple[float, Unit, Unit]] = []
    if len(ua) == 1 and len(ub) == 1:
        # two short one-clause provisions: the detectors' own same-subject checks decide
        cx, cy = ua[0].content, ub[0].content
        inter = len(cx & cy)
        return [(inter / max(1, len(cx | cy)), ua[0], ub[0])] if inter >= 2 else []
    ub = [y for y in ub if y.signal and len(y.content) >= 3]
    for x in ua:
        cx = x.content
        if len(cx) < 3 or not x.signal:
            continue
        for y in ub:
            cy = y.content
            inter = len(cx & cy)
            if inter < 3:
                continue
            jac = inter / (len(cx) + len(cy) - inter)
            if jac >= _ALIGN_MIN or jac >= 0.2 and min(len(cx), len(cy)) >= 6 and inter / min(len(cx), len(cy)) >= 0.8:
                out.append((jac, x, y))
    out.sort(key=lambda t: -t[0])
    return out[:_ALIGN_MAX_PAIRS]


def clash_units(a_text: str, b_text: str, aligned: Sequence[tuple[float, Unit, Unit]],
                max_pairs: int = 4) -> list[tuple[float, Unit, Unit]]:
    """Clause pairs the lexical alignment missed but whose values clash (a comparable quantity of each that
    disagrees), for the semantic same-matter check in ``detect_numeric``; returned with score -1.

    Empty when no clause encoder is available (then only the lexical alignment is used). Does not decide that the
    clauses are about the same matter: ``detect_numeric`` does, by meaning, with the numbers masked."""
    if _clause_encoder() is None:
        return []
    seen = {(x.text, y.text) for _, x, y in aligned}
    ys = [(y, analyze(y.text).quantities) for y in units(b_text) if y.signal]
    out: list[tuple[float, Unit, Unit]] = []
    for x in units(a_text):
        if not x.signal:
            continue
        qx = analyze(x.text).quantities
        if not qx:
            continue
        for y, qy in ys:
            if (x.text, y.text) in seen:
                continue
            if any(_comparable(p, q) and not _agree(p, q) for p in qx for q in qy):
                out.append((-1.0, x, y))
                if len(out) >= max_pairs:
                    return out
    return out


def _mapped(f: Finding, ua: Unit, ub: Unit) -> Finding:
    return Finding(f.kind, f.confidence, [_map_span(ua, sp) for sp in f.spans_a], [_map_span(ub, sp) for sp in f.spans_b],
                   f.explanation)
