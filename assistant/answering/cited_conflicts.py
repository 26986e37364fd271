"""Conflicts among the provisions an answer cites (``find_cited_conflicts``: ``assistant.conflicts``'
checker on the quoted passages first, a same-wording number check as a backstop for guidance, guidance never
prevailing over a legal normative document, clashes in amended wording skipped) and the answer's sentence on each.

Does not detect conflicts across the whole collection (``assistant.conflicts``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assistant.answering.collection import _amends, is_consolidated, is_guidance
from assistant.answering.terms import _nfc
from assistant.conflicts import KIND_SHORT_VI, RULE_NOTE, pd_topic
from assistant.records import Chunk, Citation, Conflict, ConflictSide

_QTY_RE = re.compile(
    r"(\w+\s+\w+)\s+(\d+(?:[.,]\d+)*)\s*(tuổi|đồng|ngày làm việc|ngày|giờ làm việc|giờ|tháng|năm|%)(?!\w)"
)
GUIDANCE_RULE = (
    "Tài liệu hướng dẫn, cẩm nang, hỏi đáp không phải là văn bản quy phạm pháp luật; khi khác với văn bản quy "
    "phạm pháp luật thì áp dụng văn bản quy phạm pháp luật."
)


def _quantities(text: str) -> dict[tuple[str, str], list[tuple[str, tuple[int, int]]]]:
    """(two preceding syllables, unit) → [(value, span)] for "từ đủ 14 tuổi", "mức 5.000 đồng" …"""
    out: dict[tuple[str, str], list[tuple[str, tuple[int, int]]]] = {}
    for m in _QTY_RE.finditer(_nfc(text).lower()):
        out.setdefault((m.group(1), m.group(3)), []).append((m.group(2), m.span(2)))
    return out


def _quantity_conflict(a: Any, b: Any, as_of: date | None) -> Conflict | None:
    """Same wording before a number of the same unit, different values ("từ đủ 14 tuổi" / "từ đủ 16 tuổi").

    A backstop for pairs the clause-level checker does not align: a guidance bullet vs a legal clause (only those;
    two legal clauses are left to ``check_pair``, whose scope guards this backstop lacks).
    """
    from assistant.conflicts import decide_prevails

    qa, qb = _quantities(a.text), _quantities(b.text)
    for key in qa.keys() & qb.keys():
        va, vb = {v for v, _ in qa[key]}, {v for v, _ in qb[key]}
        if va & vb:
            continue
        unit = key[1]
        x, y = qa[key][0], qb[key][0]
        prevails, rule, _notes = decide_prevails(a, b)
        return Conflict(
            a=a, b=b, label="conflict", kind="numeric", spans_a=[x[1]], spans_b=[y[1]], confidence=0.6,
            severity="trung bình", prevails=prevails, rule=rule,
            explanation=f"Cùng một nội dung nhưng số liệu khác nhau: \"{x[0]} {unit}\" và \"{y[0]} {unit}\".",
        )
    return None


def _locate(quote: str, text: str) -> tuple[int, int] | None:
    head = _nfc(quote).strip()[:40]
    i = _nfc(text).find(head)
    return None if i < 0 or not head else (i, i + len(quote) + 40)


def _touches(spans: list[tuple[int, int]], region: tuple[int, int] | None) -> bool:
    if region is None or not spans:
        return True
    return any(s < region[1] and e > region[0] for s, e in spans)


def _guidance_prevails(c: Conflict, a: Chunk, b: Chunk) -> Conflict:
    ga, gb = is_guidance(a), is_guidance(b)
    if c.label == "conflict" and ga != gb:
        win = "b" if ga else "a"
        expl = c.explanation.replace(" Không xác định được loại/thẩm quyền ban hành của ít nhất một văn bản.", "")
        return c.model_copy(update={"prevails": win, "rule": GUIDANCE_RULE, "explanation": expl})
    return c


_CLAUSE_LINE_RE = re.compile(r"(?m)^\s*(\d+)\.\s")
_AMENDED_CLAUSES_RE = re.compile(
    r"^\s*((?:khoản|các khoản)\s+\d+[a-zđ]?(?:\s*(?:,|và)\s*\d+[a-zđ]?)*\s+)Điều\b", re.I)


def _amended_clauses(chunk: Chunk) -> set[str] | None:
    """Khoản numbers of ``chunk`` that its validity notes say were amended ("Khoản 2 Điều 7 được sửa đổi …");
    None when a note does not name the khoản (then the whole provision counts as amended)."""
    out: set[str] = set()
    for note in chunk.validity.notes:
        if "sửa đổi" not in note.lower():
            continue
        m = _AMENDED_CLAUSES_RE.match(_nfc(note))
        if not m:
            return None
        out |= set(re.findall(r"\d+[a-zđ]?", m.group(1).lower()))  # "1a": a khoản inserted by an amendment
    return out or None


def _clause_at(chunk: Chunk, pos: int) -> str | None:
    """The khoản of ``chunk.text`` that character ``pos`` lies in (its own clause for a khoản chunk)."""
    if chunk.clause:
        return chunk.clause
    last = None
    for m in _CLAUSE_LINE_RE.finditer(chunk.text):
        if m.start() > pos:
            break
        last = m.group(1)
    return last


def _states_amended_text(chunk: Chunk, spans: list[tuple[int, int]], quote: str | None) -> bool:
    """Does a clash span of ``chunk`` (relative to ``quote`` when given, else to the provision) lie in a khoản
    that was amended? Then the clash is with wording no longer in force."""
    clauses = _amended_clauses(chunk)
    if clauses is None:
        return True
    base = 0
    if quote is not None:
        loc = _locate(quote, chunk.text)
        if loc is None:
            return False
        base = loc[0]
    return any(_clause_at(chunk, base + s) in clauses for s, _ in spans)


def find_cited_conflicts(chunks: list[Chunk], as_of: date | None, quotes: list[str] | None = None) -> list[Conflict]:
    """Conflicts among cited provisions of different documents.

    With ``quotes`` (the passages the answer quotes, aligned with ``chunks``): the quoted passages are
    compared first, so the note names the values that actually clash in what the answer says; a clash
    found elsewhere in the two provisions is reported only if it touches both quoted passages. A
    "superseded" relation between the whole provisions is always reported. Guidance (handbook, FAQ) never
    prevails over a legal normative document. A clash in the old wording of a khoản whose amending provision
    is cited too is not reported: the amending provision's text is what is compared.
    """
    from assistant.conflicts import check_pair, document_key, side_from_chunk

    amended = {i for i, x in enumerate(chunks) if any(_amends(y, x) for y in chunks if y is not x)}
    out: list[Conflict] = []
    for i in range(len(chunks)):
        for j in range(i + 1, len(chunks)):
            a, b = chunks[i], chunks[j]
            if a.doc_id == b.doc_id or _amends(a, b) or _amends(b, a):
                continue  # an amendment is reported as a validity note, not as a conflict
            if (is_consolidated(a) or is_consolidated(b)) and document_key(a).lower() == document_key(b).lower():
                continue  # a văn bản hợp nhất and the document it consolidates: one text in two versions
            found: Conflict | None = None
            in_quotes = False  # found between the quoted passages (spans relative to the quotes)
            try:
                sa, sb = side_from_chunk(a), side_from_chunk(b)
                if quotes:
                    qa = sa.model_copy(update={"text": quotes[i]})
                    qb = sb.model_copy(update={"text": quotes[j]})
                    c = check_pair(qa, qb, as_of=as_of)
                    if c.label == "conflict":
                        found = c
                    elif c.label == "no_conflict" and c.kind != "exception" and (is_guidance(a) or is_guidance(b)):
                        # the backstop is for a guidance bullet the clause-level checker does not align with a
                        # Law clause; between two legal texts it took "Thanh niên … từ đủ 16 tuổi" and "Công dân …
                        # từ đủ 14 tuổi … cấp thẻ căn cước" for one rule told twice
                        found = _quantity_conflict(qa, qb, as_of)
                    in_quotes = found is not None
                if found is None:
                    c = check_pair(sa, sb, as_of=as_of)
                    if c.label == "superseded":
                        found = c
                    elif c.label == "conflict" and (not quotes or (
                            _touches(c.spans_a, _locate(quotes[i], sa.text))
                            and _touches(c.spans_b, _locate(quotes[j], sb.text)))):
                        found = c
            except Exception:  # noqa: BLE001 - a checker failure must not break answering
                continue
            if found is not None and found.label == "conflict" and any(
                    k in amended and _states_amended_text(
                        chunks[k], spans, quotes[k] if in_quotes and quotes else None)
                    for k, spans in ((i, found.spans_a), (j, found.spans_b))):
                continue
            if found is not None:
                out.append(_guidance_prevails(found, a, b))
    return _drop_moot(out)


def _as_cited(conflicts: list[Conflict], cits: list[Citation]) -> list[Conflict]:
    """The conflicts with each side named as the answer's citation names it ("Khoản 1 Điều 2 Thông tư số …
    (Pháp điển: …)"), not by the checker's own label for the provision."""
    shown = {c.chunk_id: c.citation for c in cits}

    def side(x: ConflictSide) -> ConflictSide:
        return x.model_copy(update={"citation": shown[x.chunk_id]}) if x.chunk_id in shown else x

    return [c.model_copy(update={"a": side(c.a), "b": side(c.b)}) for c in conflicts]


def _drop_moot(conflicts: list[Conflict]) -> list[Conflict]:
    """Drop a conflict whose prevailing provision loses another conflict of the same answer: "the provincial
    decision prevails over the guide" is moot (and reads as a contradiction) when a Nghị định cited in the same
    answer prevails over that decision. The guide is still compared with the Nghị định on its own."""
    def side(c: Conflict, winner: bool) -> str | None:
        if not c.prevails:
            return None
        return (c.a if (c.prevails == "a") == winner else c.b).chunk_id

    losers = {side(c, winner=False) for c in conflicts if c.label == "conflict"} - {None}
    return [c for c in conflicts if c.label != "conflict" or side(c, winner=True) not in losers]


def _conflict_sentence(c: Conflict, numbers: dict[str, int], titles: dict[str, str] | None = None) -> str:
    """The answer's note on a conflict among its citations (``titles``: chunk id → document title, for a finding across
    two Pháp điển đề mục, named by their titles)."""
    na = numbers.get(c.a.chunk_id or "", 0)
    nb = numbers.get(c.b.chunk_id or "", 0)
    ra = f"[{na}] {c.a.citation}" if na else c.a.citation
    rb = f"[{nb}] {c.b.citation}" if nb else c.b.citation
    ta, tb = pd_topic(c.a), pd_topic(c.b)
    if c.label == "conflict" and ta and tb and ta != tb:
        # two đề mục of Pháp điển: usually two regimes ("Thời hạn giải quyết tố cáo" in Luật Tố cáo and in Bộ luật Tố
        # tụng hình sự), so a difference to choose between, not a clash one document wins by the rank of its issuer
        about = KIND_SHORT_VI.get(c.kind) or "nội dung"
        sa = "; ".join(c.a.text[x:y].strip() for x, y in c.spans_a[:1] if y > x)
        sb = "; ".join(c.b.text[x:y].strip() for x, y in c.spans_b[:1] if y > x)
        vals = f" («{sa}» và «{sb}»)" if sa and sb and sa.lower() != sb.lower() else ""
        na_, nb_ = ((titles or {}).get(x.chunk_id or "", "") for x in (c.a, c.b))
        where = f"«{na_}» và «{nb_}»" if na_ and nb_ and na_ != nb_ else f"{ta} và {tb}"
        return (f"Lưu ý: {ra} và {rb} quy định {about} khác nhau{vals} nhưng thuộc hai đề mục Pháp điển khác nhau "
                f"({where}), thường là hai chế độ, thủ tục khác nhau: cần xác định quy định nào áp dụng cho "
                "trường hợp cụ thể.")
    if c.label == "conflict":
        about = KIND_SHORT_VI.get(c.kind)
        what = f"mâu thuẫn về {about}" if about else "mâu thuẫn"
    else:
        what = "quan hệ thay thế (một quy định đã bị thay thế)"
    s = f"Lưu ý: {ra} và {rb} có dấu hiệu {what}."
    if c.prevails:
        win = ra if c.prevails == "a" else rb
        s += f" Áp dụng {win}"
        # the note on the replaced Law on Promulgation is in the conflict's own rule (shown beside the answer)
        rule = c.rule.replace(RULE_NOTE, "").strip().rstrip(". ") if c.rule else ""
        s += f" theo nguyên tắc: {rule}." if rule else "."
    if c.explanation:
        s += f" {c.explanation}"
    return s
