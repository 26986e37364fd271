"""Different values of the kind asked, quoted from provisions the conflict checker found no conflict between, in
different documents (on Pháp điển: different đề mục): the answer says they apply to different procedures or matters,
naming each document (``different_matters_note``), rather than leaving the reader to guess which to use — "Thời hạn
giải quyết khiếu nại lần đầu" is 30 ngày in Luật Khiếu nại and 15 ngày in Luật Tố tụng hành chính (a complaint about
a procedural act of a court).

Does not detect conflicts (``cited_conflicts``) or choose the provisions cited (``selection``).
"""

from __future__ import annotations

import re

from assistant.answering.collection import _amends, is_guidance
from assistant.answering.passages import _valued
from assistant.conflicts import pd_topic
from assistant.records import Chunk, Citation, Conflict, ConflictSide

# a value of each kind asked, as the number and its unit ("30 ngày", "30 (ba mươi) ngày", "02 tháng", "10 ngày làm
# việc", "18 tuổi", "5.000 đồng"): compared by number and unit
_MONEY_RE = re.compile(r"(?<![\w.,/])(\d{1,3}(?:\.\d{3})+|\d+)\s*(đồng)\b")
_VALUE_RES = {
    "time": re.compile(r"(?<![\w.,/])(\d+)\s*(?:\(\w+(?:\s\w+)*\)\s*)?(ngày làm việc|ngày|tháng|năm|giờ|tuần|phút)\b"),
    "age": re.compile(r"(?<![\w.,/])(\d+)\s*(tuổi)\b"),
    "fee": _MONEY_RE,
    "penalty": _MONEY_RE,
}
_KIND_VI = {"time": "thời hạn", "age": "độ tuổi", "fee": "mức thu", "penalty": "mức phạt"}
# how a citation names its document: without the provision before it and the Pháp điển code after it
_PROVISION_HEAD_RE = re.compile(r"^(?:Điểm \S+ )?(?:Khoản \S+ )?Điều \S+ ")
_PD_TAIL_RE = re.compile(r"\s*\(Pháp điển: [^)]*\)$")


def _asked_kind(cues: list[str]) -> str | None:
    """The kind of value a question asks for, as ``_VALUE_RES`` reads it: a length of time (not a point in time), an
    age, an amount of a fee or a penalty."""
    if "time" in cues and "duration" in cues:
        return "time"
    if "age" in cues:
        return "age"
    for c in ("fee", "penalty"):
        if c in cues and "amount" in cues:
            return c
    return None


def _values(quote: str, kind: str, cues: list[str]) -> dict[tuple[int, str], str]:
    """(number, unit) → the value as written, for each value of ``kind`` the quote states."""
    low = _valued(quote.lower(), cues)
    out: dict[tuple[int, str], str] = {}
    for m in _VALUE_RES[kind].finditer(low):
        out.setdefault((int(m.group(1).replace(".", "")), m.group(2)), f"{m.group(1)} {m.group(2)}")
    return out


def _document(c: Citation, ch: Chunk) -> str:
    """The document a citation names ("Luật Khiếu nại số 02/2011/QH13" for "Điều 28 Luật Khiếu nại số 02/2011/QH13
    (Pháp điển: Điều 18.1.LQ.28)")."""
    name = _PD_TAIL_RE.sub("", _PROVISION_HEAD_RE.sub("", c.citation))
    return name if name != c.citation else (ch.doc_title or c.citation)


def _apart(a: Chunk, b: Chunk, ca: Citation, cb: Citation) -> bool:
    """Are two cited provisions about different matters by where they are: two Pháp điển đề mục, or (elsewhere) two
    legal documents neither of which amends the other?"""
    if a.doc_id == b.doc_id or _amends(a, b) or _amends(b, a) or is_guidance(a) or is_guidance(b):
        return False
    ta = pd_topic(ConflictSide(citation=ca.citation, text=""))
    tb = pd_topic(ConflictSide(citation=cb.citation, text=""))
    if ta or tb:
        return bool(ta and tb and ta != tb)
    return True


def different_matters_note(question: str, cues: list[str], cits: list[Citation], chunks: list[Chunk],
                           conflicts: list[Conflict]) -> str | None:
    """A note when provisions cited in different documents (``_apart``) state values of the kind asked with none in
    common and the conflict checker called them neither a conflict nor a replacement: they are about different
    procedures or matters, each document named with its values. None otherwise (one document, the same value, a
    conflict already noted, a provision not in force)."""
    kind = _asked_kind(cues)
    if kind is None or len(cits) < 2:
        return None
    noted = {frozenset((cf.a.chunk_id, cf.b.chunk_id)) for cf in conflicts}
    vals = [(_values(c.quote, kind, cues) if c.in_force is not False and not ch.validity.repealed else {})
            for c, ch in zip(cits, chunks)]
    def clash(i: int, j: int) -> bool:
        return frozenset((chunks[i].id, chunks[j].id)) in noted

    def explained(i: int, j: int) -> bool:
        """The pair differs as a noted conflict does: i clashes with a provision stating j's value, or j with one
        stating i's (Nghị định 10 ngày làm việc ↔ Thông tư 15 ngày noted: the Thông tư against a Quyết định's 10 ngày
        làm việc is that conflict again, not two procedures)."""
        return clash(i, j) or any(
            k not in (i, j) and ((clash(i, k) and vals[k].keys() & vals[j].keys())
                                 or (clash(j, k) and vals[k].keys() & vals[i].keys()))
            for k in range(len(cits)))

    involved: set[int] = set()
    for i in range(len(cits)):
        for j in range(i + 1, len(cits)):
            if (vals[i] and vals[j] and not vals[i].keys() & vals[j].keys()
                    and not explained(i, j)
                    and _apart(chunks[i], chunks[j], cits[i], cits[j])):
                involved |= {i, j}
    if not involved:
        return None
    docs: dict[str, tuple[list[int], dict[tuple[int, str], str]]] = {}
    for i in sorted(involved):
        nums, vs = docs.setdefault(_document(cits[i], chunks[i]), ([], {}))
        nums.append(cits[i].number)
        for k, v in vals[i].items():
            vs.setdefault(k, v)
    what = "thời hiệu" if kind == "time" and "thời hiệu" in question.lower() and "thời hạn" not in question.lower() \
        else _KIND_VI[kind]
    each = "; ".join(f"{', '.join(vs.values())} theo {name} {', '.join(f'[{n}]' for n in nums)}"
                     for name, (nums, vs) in docs.items())
    return (f"Lưu ý: các {what} trên thuộc các văn bản khác nhau, áp dụng cho những thủ tục, việc khác nhau: {each}. "
            "Cần xác định việc của mình thuộc văn bản nào.")
