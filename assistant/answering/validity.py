"""Validity of a cited provision on the as-of date: in force or not (``_in_force``), its status line
(``_status``; with the repealed khoản / điểm a citation leaves out: ``citation_status``; the state it reads,
shared with the provision viewer: ``validity_state``), a later law of the same name the collection names (``superseded_hint``), the name of a Pháp điển
provision's source law (``source_law_name``) and the Vietnamese validity notes of an answer (``validity_notes``).

Does not choose what to cite or compare provisions with each other (``cited_conflicts``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Literal

from assistant.answering.collection import _collection_table, is_guidance
from assistant.answering.terms import _fmt_date, _nfc
from assistant.chunking import display_citation, quote_unit
from assistant.doc_relations import DocumentRelations, SupersededHint, provenance
from assistant.legal import split_clauses
from assistant.legal.clauses import repeal_marker
from assistant.legal.validity import join_units
from assistant.records import Chunk, Hit, Validity

OCR_NOTE = "nội dung được nhận dạng từ bản quét (OCR), có thể sai lệch; cần đối chiếu với bản gốc trước khi sử dụng."


def _in_force(hit: Hit, as_of: date) -> bool | None:
    v = hit.chunk.validity
    if v.effective_from or v.effective_to or v.repealed:
        return v.in_force(as_of)
    if hit.in_force is not None:
        return hit.in_force
    return None


ValidityState = Literal["expired", "not_yet", "repealed", "undated", "dated"]


def validity_state(v: Validity, on: date) -> ValidityState:
    """What a provision's own validity says about ``on`` — the one reading behind the answer's status line
    (:func:`_status`) and the provision viewer's badge (``api.provisions.validity_status``): "expired" (after
    ``effective_to``), "not_yet" (before ``effective_from``), "repealed" (``Validity.repealed`` with no end date: kept
    only as a trace of its repeal, since when not said), "undated" (the text gives no date), else "dated" (in force
    by its dates)."""
    if v.effective_to and on > v.effective_to:
        return "expired"
    if v.effective_from and on < v.effective_from:
        return "not_yet"
    if v.repealed and not v.effective_to:
        return "repealed"
    if not v.effective_from and not v.effective_to:
        return "undated"
    return "dated"


def _status(chunk: Chunk, as_of: date, in_force: bool | None, hint: SupersededHint | None = None) -> str:
    v = chunk.validity
    state = validity_state(v, as_of)
    if state == "expired":
        return f"Hết hiệu lực từ {_fmt_date(v.effective_to + timedelta(days=1))}"  # type: ignore[operator]
    if state == "not_yet":
        return f"Chưa có hiệu lực (có hiệu lực từ {_fmt_date(v.effective_from)})"
    if state == "repealed":
        return REPEALED_STATUS
    if in_force is False:
        return "Không còn hiệu lực"
    if hint is not None:
        return SUPERSEDED_STATUS
    if is_guidance(chunk) and not v.effective_from:
        return GUIDANCE_STATUS
    if v.effective_from or in_force:
        # the quoted wording is the original one, amended since (a Pháp điển article is already the consolidated text)
        return IN_FORCE_STATUS + (amended_status(v.amended_by) if v.amended_by and not chunk.source_citation else "")
    return ""


IN_FORCE_STATUS = "Đang có hiệu lực"
AMENDED_SHOWN = 2  # amending provisions named in a status line; more are counted


def _clean_name(name: str) -> str:
    """An amending provision as recorded, without the stray marks a note's parse may leave: "Điều 1 Luật số
    19/2017/QH14)" (the note's closing parenthesis), "Thông tư số '56/2020/TT-BCT"."""
    name = name.replace("'", "").strip(" ,;.")
    while name.endswith(")") and name.count(")") > name.count("("):
        name = name[:-1].rstrip()
    return name


def amended_status(amended_by: list[str]) -> str:
    """What follows "Đang có hiệu lực" for a provision amended since: an official quoting the original wording must
    see at once that part of it no longer applies (", đã được sửa đổi, bổ sung bởi Điều 1 Nghị định số
    87/2025/NĐ-CP"); the validity notes say which khoản."""
    names = list(dict.fromkeys(_clean_name(a) for a in amended_by))
    more = len(names) - AMENDED_SHOWN
    shown = "; ".join(names[:AMENDED_SHOWN]) + (f" và {more} văn bản khác" if more > 0 else "")
    return f", đã được sửa đổi, bổ sung bởi {shown}"


def citation_status(chunk: Chunk, as_of: date, in_force: bool | None, hint: SupersededHint | None = None,
                    quote: str | None = None) -> str:
    """The status line of a citation of ``chunk`` quoting ``quote``: :func:`_status`, with the repealed khoản / điểm
    it leaves out (:func:`repealed_units`, :func:`repealed_units_status`)."""
    return repealed_units_status(_status(chunk, as_of, in_force, hint), repealed_units(chunk, quote))


SUPERSEDED_STATUS = "Có thể đã hết hiệu lực (cần kiểm tra)"
REPEALED_STATUS = "Đã bị bãi bỏ"  # ``Validity.repealed`` without an end date: the text does not say since when
GUIDANCE_STATUS = "Tài liệu hướng dẫn, không phải văn bản quy phạm pháp luật"
_RELATIONS_CACHE: dict[int, tuple[Any, list[Chunk], DocumentRelations]] = {}


def superseded_hint(retriever: Any, chunk: Chunk, as_of: date) -> SupersededHint | None:
    """Why ``chunk``'s document is probably no longer in force on ``as_of`` although its own notes do not say so:
    the collection names a later law of the same name as that document, or as the law it details
    (``DocumentRelations.superseded_hint``). None when the retriever does not expose its collection, or when the
    provision's own dates already decide (it has an end date)."""
    if chunk.validity.effective_to or chunk.validity.replaced_by or chunk.validity.repealed_by:
        return None
    rel = _collection_table(retriever, _RELATIONS_CACHE, DocumentRelations.from_chunks)
    src = provenance(chunk)
    if rel is None or src is None:
        return None
    return rel.superseded_hint(src[0], as_of)


def source_law_name(retriever: Any, chunk: Chunk) -> str | None:
    """"Luật Hòa giải ở cơ sở số 35/2013/QH13": the name of a Pháp điển provision's source law, code or ordinance
    (its provenance line names only "Luật số 35/2013/QH13"; the collection's first article of that law gives the
    title), for citations an official recognises. None for other documents and outside Pháp điển."""
    if not chunk.source_citation:
        return None
    src = provenance(chunk)
    return law_name(retriever, src[0]) if src is not None else None


def law_name(retriever: Any, number: str | None) -> str | None:
    """"Luật Viên chức số 58/2010/QH12": how officials name the law, code or ordinance ``number`` of the
    collection's document catalogue (``DocumentRelations.law_name``); None for other documents or without a catalogue."""
    rel = _collection_table(retriever, _RELATIONS_CACHE, DocumentRelations.from_chunks)
    return rel.law_name(number) if rel is not None else None


# "(Điều này có nội dung liên quan đến Điều … ; Điều …)": Pháp điển's cross-references (often a dozen provisions).
# They say where else to read, not whether the provision applies, so they are not validity notes.
_RELATED_NOTE_RE = re.compile(r"^\(?\s*(?:Điều|Chương|Mục|Phần|Tiểu mục|Khoản|Điểm) này có nội dung liên quan đến")


def _source_notes(chunk: Chunk) -> list[str]:
    """The provision's own notes that bear on its validity (source, effective date, amendments), without the
    wrapping parentheses of Pháp điển's provenance lines; cross-references left out."""
    out: list[str] = []
    for n in chunk.validity.notes:
        n = _nfc(n).strip()
        if _RELATED_NOTE_RE.match(n):
            continue
        while n.startswith("(") and n.endswith(")") and n.count("(") == n.count(")"):
            n = n[1:-1].strip()
        if n and n not in out:
            out.append(n)
    return out


# a source note that says more than where the provision comes from and since when
_CHANGE_NOTE_RE = re.compile(r"sửa đổi|bổ sung|bãi bỏ|thay thế|hết hiệu lực|đình chỉ|ngưng hiệu lực|đính chính|hủy bỏ",
                             re.I)
_NOTE_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ENDED_NOTE_RE = re.compile(r"hết hiệu lực", re.I)


def _mere_provenance(note: str, as_of: date) -> bool:
    """A Pháp điển provenance line that only names the source and a start date already passed on ``as_of``
    ("Điều 2 Luật số 24/2018/QH14, có hiệu lực thi hành kể từ ngày 01/01/2019"): nothing to warn about, and the
    citation already names the source."""
    if _CHANGE_NOTE_RE.search(note):
        return False
    for d, m, y in _NOTE_DATE_RE.findall(note):
        try:
            if date(int(y), int(m), int(d)) > as_of:
                return False
        except ValueError:
            return False
    return True


_END_VERB_RE = re.compile(r"bãi bỏ|thay thế|hết hiệu lực", re.I)


def _restates_end(note: str, v) -> bool:
    """Whether a source note only says again that the provision is repealed / replaced by the provisions
    ``v.repealed_by`` / ``v.replaced_by`` name: it has the verb, names every one of them, and any date it gives is the
    day the provision ends or the day after (when the change takes effect)."""
    by = (v.repealed_by or []) + (v.replaced_by or [])
    if not by or not _END_VERB_RE.search(note) or not all(_nfc(b) in note for b in by):
        return False
    days = {v.effective_to, v.effective_to + timedelta(days=1)} if v.effective_to else set()
    for m in _NOTE_DATE_RE.finditer(note):
        try:
            d = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return False
        if d not in days:
            return False
    return True


def validity_notes(chunk: Chunk, as_of: date, number: int | None = None,
                   hint: SupersededHint | None = None, source_name: str | None = None) -> list[str]:
    """Vietnamese notes on whether ``chunk`` applies on ``as_of``: amended / replaced / repealed / expired / not
    yet in force, then the provision's own source notes (at most three; a bare provenance line whose start date
    has passed is not a note). A structured amendment note is left out when a source note already names every
    amending provision (it also gives their dates). ``hint``: a later law of the same name the collection names
    (``superseded_hint``), said after the provision's own replacement notes. ``source_name``: see
    :func:`source_law_name`."""
    v = chunk.validity
    cit = display_citation(chunk, source_name=source_name)
    ref = f"[{number}] {cit}" if number else cit
    notes: list[str] = []
    own = [n for n in _source_notes(chunk) if not _mere_provenance(n, as_of)][:3]
    if v.amended_by and not any(all(a in n for a in v.amended_by) for n in own):
        notes.append(f"{ref}: điều này đã được sửa đổi, bổ sung bởi {'; '.join(v.amended_by)}.")
    # a replacement / repeal whose date has not come yet on as_of: "sẽ …, từ ngày …", not "đã …"
    upcoming = f" từ ngày {_fmt_date(v.effective_to + timedelta(days=1))}" if (
        v.effective_to and as_of <= v.effective_to) else ""
    # a replacement / repeal already in effect says since when in the same note ("đã bị bãi bỏ bởi …, hết hiệu lực từ
    # …"), and a source note saying only that again ("Hết hiệu lực từ ngày … theo Điều 10 …") is not repeated
    ended = _fmt_date(v.effective_to + timedelta(days=1)) if v.effective_to and as_of > v.effective_to else None
    since = f", hết hiệu lực từ {ended}" if ended else ""
    if v.replaced_by:
        verb = "sẽ được thay thế" if upcoming else "đã được thay thế"
        notes.append(f"{ref}: {verb} bởi {'; '.join(v.replaced_by)}{upcoming}{since}.")
    if v.repealed_by:
        verb = "sẽ bị bãi bỏ" if upcoming else "đã bị bãi bỏ"
        notes.append(f"{ref}: {verb} bởi {'; '.join(v.repealed_by)}{upcoming}{'' if v.replaced_by else since}.")
    if v.replaced_by or v.repealed_by:
        # a source note saying the same repeal / replacement again ("Điều 6 bị bãi bỏ bởi Điều 2 Nghị định số
        # 15/2026/NĐ-CP (có hiệu lực từ ngày 06/03/2026)"): the note above already says it, in the right tense
        own = [n for n in own if not _restates_end(n, v)]
    if ended and (v.replaced_by or v.repealed_by):
        own = [n for n in own if not (ended in n and _ENDED_NOTE_RE.search(n))]
    elif ended:
        notes.append(f"{ref}: văn bản hết hiệu lực từ {ended}.")
    elif v.effective_to:
        notes.append(f"{ref}: có hiệu lực đến hết ngày {_fmt_date(v.effective_to)}.")
    if v.effective_from and as_of < v.effective_from:
        notes.append(f"{ref}: chưa có hiệu lực vào ngày {_fmt_date(as_of)} (có hiệu lực từ {_fmt_date(v.effective_from)}).")
    if hint is not None:
        notes.append(f"{ref}: {hint.note()}")
    for n in own:
        notes.append(f"{ref}: {n.rstrip('.')}.")
    if chunk.from_ocr:
        notes.append(f"{ref}: {OCR_NOTE}")
    return notes


def repeal_notice(chunk: Chunk, name: str, as_of: date | None = None) -> str:
    """What an answer says of a provision the text keeps only as a trace of its repeal (``Validity.repealed``),
    instead of quoting it; ``name`` is how the answer names it ("Điều 10 Nghị định số 96/2016/NĐ-CP (Pháp điển: Điều
    39.4.NĐ.10) [1]"): "… «Điều kiện về an ninh, trật tự đối với kinh doanh dịch vụ đòi nợ» đã bị bãi bỏ (văn bản không
    nêu văn bản bãi bỏ và ngày bãi bỏ)", or with the repealing provision and the date when the text gives them ("… đã
    bị bãi bỏ bởi Điều 1 Luật số 20/2012/QH13, hết hiệu lực từ 01/07/2013"). A repealed khoản (a khoản chunk) is named
    with its article's title in brackets ("Khoản 10 Điều 8 … (điều «Thực hiện nhiệm vụ lãnh sự») [2] đã bị bãi bỏ …"):
    the article itself is not called repealed. Asked as of a date before the repeal took effect (``as_of`` not after
    ``effective_to``), it says the provision will be repealed from that date and is in force until then ("… sẽ bị bãi
    bỏ bởi …, từ 01/07/2013 (đến hết ngày 30/06/2013 vẫn còn hiệu lực) …")."""
    v = chunk.validity
    title = _nfc(chunk.article_title or "").strip()
    if title and not title.startswith("("):
        # a khoản ("Khoản 2 Điều 3 Thông tư … [1]"): the article it belongs to is named, not called repealed
        named = f" (điều «{title}»)" if chunk.clause else f" «{title}»"
        name = re.sub(r"(\s*\[\d+\])?$", lambda m: f"{named}{m.group(1) or ''}", name, count=1)
    by = v.repealed_by or v.replaced_by
    replaced = bool(v.replaced_by and not v.repealed_by)
    unit = "khoản" if chunk.clause else "điều"
    ahead = as_of is not None and v.effective_to and as_of <= v.effective_to
    verb = ("sẽ" if ahead else "đã") + (" được thay thế" if replaced else " bị bãi bỏ")
    out = f"{name} {verb}" + (f" bởi {'; '.join(by)}" if by else "")
    if ahead:
        # the repeal is still ahead on the date asked about: in force until then, though the text held (a consolidated
        # text) keeps only its repeal marker
        return (out + f", từ {_fmt_date(v.effective_to + timedelta(days=1))} (đến hết ngày {_fmt_date(v.effective_to)}"
                f" vẫn còn hiệu lực); văn bản đang lưu chỉ còn ghi dấu bãi bỏ, không giữ nội dung của {unit} này.")
    if v.effective_to:
        out += f", hết hiệu lực từ {_fmt_date(v.effective_to + timedelta(days=1))}"
    elif not by:
        out += " (văn bản không nêu văn bản bãi bỏ và ngày bãi bỏ)"
    if chunk.clause:
        return out + "; không còn quy định nào của khoản này để áp dụng."
    return out + "; không còn quy định nào của điều này để áp dụng."


_REPEAL_WORDS_RE = re.compile(r"(?:bãi|hủy|huỷ)\s+bỏ", re.I)


def repealed_units(chunk: Chunk, quote: str | None = None) -> list[str]:
    """The khoản and điểm of ``chunk`` kept only as a repeal marker ("2. (Được bãi bỏ)", "b) (Bị bãi bỏ);") that bear
    on a citation of it: those of the khoản the quote lies in ("điểm b, đ khoản 1") when the citation names one
    (:func:`chunking.display_citation`), none when it names one điểm, else all of the article's. Written as an answer names them: ["điểm b khoản 1",
    "khoản 2"]; a khoản chunk's own points without its label ("điểm b")."""
    text = _nfc(chunk.text)
    if not _REPEAL_WORDS_RE.search(text):
        return []
    _, clauses = split_clauses([ln.strip() for ln in text.splitlines() if ln.strip()])
    unit = quote_unit(chunk.text, quote) if quote else None
    if unit is not None and unit[1] is not None:
        return []  # one điểm quoted (in force): its repealed neighbours are not what is cited
    within = unit[0] if unit is not None else None
    out: list[str] = []
    for c in clauses:
        label = c.label or ""
        if chunk.clause and label == chunk.clause:
            label = ""  # a khoản chunk's text: "2. lead" then its points, named without the khoản
        if within is not None and c.label != within and not (chunk.clause and within == ""):
            continue
        if c.label and not c.points and repeal_marker(c.text) and not (chunk.clause and label == ""):
            out.append(f"khoản {c.label}")
        for pt in c.points:
            if repeal_marker(pt.text):
                out.append(f"điểm {pt.label}" + (f" khoản {label}" if label else ""))
    return out


def repealed_units_status(status: str, units: list[str]) -> str:
    """A citation's status line with the repealed khoản / điểm it leaves out: "Đang có hiệu lực (điểm b, đ khoản 1 đã
    bị bãi bỏ)". Unchanged without such units or when the provision as a whole is not in force."""
    if not units or status.startswith(("Hết hiệu lực", "Chưa có hiệu lực", "Không còn hiệu lực", REPEALED_STATUS)):
        return status
    said = join_units(units) + " đã bị bãi bỏ"
    return f"{status} ({said})" if status else said[:1].upper() + said[1:]
