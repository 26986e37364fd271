"""Pháp điển đề mục files: articles "Điều <chủ đề>.<đề mục>.<loại>.<n>. <tên>" found anywhere (headings are often
glued to the previous paragraph), each with its provenance line parsed into ``source_citation`` / effective date /
amended_by / replaced_by / repealed_by (``parse_provenance``); cross-reference lines are moved to notes. The articles
the đề mục's "Danh sách điều khoản" lists (``RawDocument.listed``) with no text in the file become
``LegalDocument.listed_only`` (code and title only: nothing to quote). An article kept only as a trace of its repeal
is marked ``Validity.repealed`` (``_repeal_stub``); so is a khoản or điểm kept only as a repeal marker ("2. (Được bãi
bỏ)"), the rest of its article in force (``_repealed_units``).

Does not: read the files (see ``loaders``) or apply relations across documents (see ``relations``).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from assistant.legal.articles import _CROSSREF_RE
from assistant.legal.clauses import _REPEALED_END_RE, repeal_marker, plain_label_lines, split_clauses
from assistant.legal.common import DATE, DOC_TYPE_ALT, NUM, _clean_line, _is_upper, _meta, to_date
from assistant.legal.headings import _HeadingStack, _apply_heading_block, _match_heading
from assistant.legal.validity import join_units, mark_repealed_units, repeal_note
from assistant.records import Article, Clause, LegalDocument, ListedArticle, RawDocument, Validity


PD_CODE = r"\d+\.\d+\.[A-ZĐ]+\.(?:\d+\.)*\d+[a-zđ]?"
PD_HEAD_RE = re.compile(rf"Điều ({PD_CODE})\.(?: |$)", re.M)
_PROV_HEAD_RE = re.compile(
    rf"^\(+\s*((?:(?:Điểm|điểm|Khoản|khoản|Điều|điều|Mục|mục|Chương|chương|Phần|Tiểu mục)\s+[\w.]+\s*,?\s*)*)"
    rf"(?:của\s+)?({DOC_TYPE_ALT}|Bộ Luật)\s+(?:số\s*:?\s*)?({NUM})"
)
_PROV_NONUM_RE = re.compile(
    rf"^\(+\s*((?:(?:Điểm|điểm|Khoản|khoản|Điều|điều|Mục|mục|Chương|chương|Phần|Tiểu mục)\s+[\w.]+\s*,?\s*)+)"
    rf"(?:của\s+)?({DOC_TYPE_ALT})\s+([^,()]{{3,200}}?)\s*(?=,|\))"
)
# A number the provenance line writes irregularly, read where NUM does not match: "522b/NQ-UBTVQH13" (a letter after
# the ordinal), "73-CP" (an old number without "/"), "71/2015 /TT-BTC" and "21 - TC/TCT" (spaces round a separator),
# "85/2017/nđ-cp" (lower case), "'56/2020/TT-BCT" (a stray quote), and "Thông tư số liên tịch 02/2002/TTLT/BTC-MTTW"
# (the words swapped). Left without a number: "Pháp lệnh số Không số …" (it has none) and "Thông tư số 60 TC/TCT"
# (no separator between ordinal and code: its official form is not read from the text).
_LOOSE_NUM = (r"\d+[a-zđ]?\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐa-zđ][A-ZĐa-zđ0-9]*(?:[-/][A-ZĐa-zđ][A-ZĐa-zđ0-9]*|-\d+)*"
              r"|\d+\s*-\s*[A-ZĐ][A-ZĐ0-9]*(?:[-/][A-ZĐ][A-ZĐ0-9]*)*")
_PROV_LOOSE_RE = re.compile(
    rf"^\(+\s*((?:(?:Điểm|điểm|Khoản|khoản|Điều|điều|Mục|mục|Chương|chương|Phần|Tiểu mục)\s+[\w.]+\s*,?\s*)*)"
    rf"(?:của\s+)?({DOC_TYPE_ALT}|Bộ Luật)\s+số\s*:?\s*(?P<joint>liên tịch\s+)?'?(?P<num>{_LOOSE_NUM})(?=[\s,)]|$)"
)
_PROV_EFF_RE = re.compile(r"hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+(?:ngày\s+)?" + DATE)
_PROV_ACT_RE = re.compile(
    r"(?P<action>(?:(?:có\s+)?nội\s+dung\s+)?(?:đã\s+)?(?:được|bị)\s+[^()]*?)\s+(?P<by>bởi|theo\s+quy\s+định\s+tại)\s+"
    r"(?P<actor>.*?)"
    r"(?:,?\s*có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+(?:ngày\s+)?" + DATE + r")?"
    r"(?=\s*(?:,|và)\s*(?:có\s+)?nội\s+dung|\s*\)+\s*$|\s*$)"
)
_PART_BEFORE_RE = re.compile(r"nội\s+dung|\b(?:khoản|điểm)\s+\w", re.I)
_ACTOR_RE = re.compile(
    rf"^(.*?(?:{DOC_TYPE_ALT})\s+(?:số\s*:?\s*)?{NUM})"
)


# the line after a heading: the provenance line of the article it opens ("(Điều 11 Thông tư liên tịch số …")
_PROV_LINE_AFTER_RE = re.compile(r"[^\n]*\n\s*\(+\s*(?!Điều này)(?:Điều|Khoản|Điểm|Mục|Chương|Phần|điểm|khoản)\s+\S")


def find_phapdien_headings(body: str) -> list[re.Match[str]]:
    """Article headings in a Pháp điển body: at line start (after optional spaces) or glued to the previous
    text (previous char not whitespace). A code preceded by a space mid-line is a mention, not a heading — unless
    its line ends there and the next line is a provenance line ("… hoạt động trợ giúp pháp lý. Điều 4.5.TL.3.11.
    Trách nhiệm của Trung tâm và Chi nhánh" then "(Điều 11 Thông tư liên tịch số …)"): a heading glued after a
    space, whose provenance line and text were otherwise read as the previous article's text."""
    out = []
    for m in PD_HEAD_RE.finditer(body):
        i = m.start()
        if i == 0:
            out.append(m)
            continue
        j = body.rfind("\n", 0, i) + 1
        pre = body[j:i]
        if not pre.strip() or not body[i - 1].isspace() or _glued_after_space(body, m, pre):
            out.append(m)
    return out


def _glued_after_space(body: str, m: re.Match[str], pre: str) -> bool:
    """A code after a space mid-line that opens an article: the rest of its line is a title (no other code: not a
    list of related articles), the line is no parenthetical ("(Điều này có nội dung liên quan đến Điều …"), and the
    next line is a provenance line."""
    eol = body.find("\n", m.end())
    rest = body[m.end() : eol if eol >= 0 else len(body)]
    return (not pre.lstrip().startswith("(") and not PD_HEAD_RE.search(rest)
            and bool(_PROV_LINE_AFTER_RE.match(body, m.end())))


def _take_paren(text: str) -> tuple[str, str] | None:
    """If ``text`` starts with "(" return (balanced parenthetical, rest)."""
    s = text.lstrip()
    if not s.startswith("("):
        return None
    depth = 0
    for i, ch in enumerate(s[:6000]):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return s[: i + 1], s[i + 1 :]
    return None


def _loose_number(num: str) -> str:
    """A number as :data:`_PROV_LOOSE_RE` reads it, written as NUM would: "71/2015/TT-BTC", "21-TC/TCT",
    "85/2017/NĐ-CP" (spaces out, the code after the ordinal upper-cased; "522b" keeps its letter)."""
    m = re.match(r"(\d+[a-zđ]?)(.*)", re.sub(r"\s+", "", num))
    return m.group(1) + m.group(2).upper() if m else num


def parse_provenance(prov: str) -> dict[str, Any]:
    """Pháp điển provenance line → source citation, effective date, amendment / repeal notes; ``part_repealed``: the
    (provision, start date or None) of each partial repeal ("có nội dung bị bãi bỏ bởi …")."""
    p = re.sub(r"\s+", " ", prov).strip()
    out: dict[str, Any] = {"amended_by": [], "repealed_by": [], "replaced_by": [], "effective_to": None,
                           "part_repealed": []}
    m = _PROV_HEAD_RE.match(p) or _PROV_LOOSE_RE.match(p)
    if m:
        prefix = re.sub(r"\s+", " ", m.group(1)).strip(" ,")
        loose = m.re is _PROV_LOOSE_RE
        num = _loose_number(m.group("num")) if loose else re.sub(r"\s+", "", m.group(3))
        dtype = "Bộ luật" if m.group(2) == "Bộ Luật" else m.group(2)
        if loose and m.group("joint"):
            dtype += " liên tịch"
        out["source_doc_type"] = dtype
        out["source_doc_number"] = num
        out["source_citation"] = f"{prefix} {dtype} số {num}".strip()
    else:
        m2 = _PROV_NONUM_RE.match(p)
        if m2:
            prefix = re.sub(r"\s+", " ", m2.group(1)).strip(" ,")
            out["source_doc_type"] = m2.group(2)
            out["source_citation"] = f"{prefix} {m2.group(2)} {m2.group(3).strip()}".strip()
    e = _PROV_EFF_RE.search(p)
    if e:
        out["effective_from"] = to_date(e.group(1), e.group(2), e.group(3))
        rest = p[e.end() :]
    else:
        rest = p[m.end() :] if m else p
    prev = 0
    for a in _PROV_ACT_RE.finditer(rest):
        action = a.group("action").lower()
        before, prev = rest[prev : a.start()], a.end()
        actor = re.sub(r"^(?:tại\s+)+", "", a.group("actor").strip(" ,"))  # "… theo quy định tại  tại điểm d …"
        am = _ACTOR_RE.match(actor)
        cite = re.sub(r"\s+", " ", am.group(1)).strip() if am else actor[:200]
        d = to_date(*a.group(4, 5, 6)) if a.group(4) else None  # DATE after the named groups
        # part of the article named before the verb: "…, nội dung về phụ cấp … quy định tại khoản 2 Điều 3 được bãi bỏ
        # bởi …" repeals that content, not the article
        partial = "nội dung" in action or bool(_PART_BEFORE_RE.search(before))
        if partial and ("bãi bỏ" in action or "hủy bỏ" in action):
            # "… có nội dung bị bãi bỏ bởi X, có hiệu lực … D": some khoản / điểm repealed by X from D (which ones, the
            # text's markers say: ``_repealed_units``)
            out["part_repealed"].append((cite, d))
        if a.group("by") != "bởi" and (partial or not re.search(r"bãi bỏ|hủy bỏ|thay thế|hết hiệu lực", action)):
            continue  # "… được bãi bỏ theo quy định tại …" ends the article; other changes are read as "… bởi …" only
        if ("bãi bỏ" in action or "hủy bỏ" in action or "hết hiệu lực" in action) and not partial:
            out["repealed_by"].append(cite)
            if d:
                out["effective_to"] = d - timedelta(days=1)
        elif "thay thế" in action and not partial:
            out["replaced_by"].append(cite)
            if d:
                out["effective_to"] = d - timedelta(days=1)
        else:
            out["amended_by"].append(cite)
    return out


def _pd_body(text: str) -> str:
    a = text.find("## VĂN BẢN")
    if a >= 0:
        text = text[a + len("## VĂN BẢN") :]
    b = text.find("## Danh sách điều khoản")
    if b >= 0:
        text = text[:b]
    return text


# a cross-reference note the source breaks over lines closes within this many more non-blank lines (98 such notes in
# the subset: 90 close on the next line or the one after, two after 14); one that does not close by then keeps only
# its first line, so an unclosed note never swallows the article
NOTE_MAX_LINES = 20


def _split_crossrefs(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the article's lines, its "(Điều này có nội dung liên quan đến …)" notes). A note is one note even when the
    source breaks it over lines, blank ones too ("… thủ tục cử người tham gia giám định tư pháp và thành lập hội đồng" /
    "giám định trong lĩnh vực văn hóa ban hành ngày 03/05/2013; Điều 4.3.TT.18.5. Tiêu chuẩn …)"): the lines until its
    parenthesis closes are the note's, and what follows the closing parenthesis on that line ("…)Chương II") is not
    (98 notes in the subset; their lists of related provisions' titles, sometimes with their khoản, were read as the
    article's words)."""
    keep: list[str] = []
    notes: list[str] = []
    clean = [ln.replace("\xa0", " ").strip() for ln in lines]
    i = 0
    while i < len(clean):
        ln = clean[i]
        m = _CROSSREF_RE.search(ln)
        i += 1
        if not m:
            if ln:
                keep.append(ln)
            continue
        note = ln[m.start() :]
        if ln[: m.start()].strip():
            keep.append(ln[: m.start()].strip())
        depth = note.count("(") - note.count(")")
        j, seen, parts, rest = i, 0, [note], ""
        while depth > 0 and j < len(clean) and seen < NOTE_MAX_LINES and not _CROSSREF_RE.search(clean[j]):
            if clean[j]:
                seen += 1
                end, depth = _closes(clean[j], depth)
                if end is not None:
                    parts.append(clean[j][:end])
                    rest = clean[j][end:].strip()
                    break
                parts.append(clean[j])
            j += 1
        if depth == 0 and len(parts) > 1:  # closed on a later line: those lines are the note's
            notes.append(" ".join(parts))
            if rest:
                keep.append(rest)
            i = j + 1
        else:
            end = _closes(note, 0)[0] if depth == 0 else None
            notes.append(note[:end] if end else note)
            if end and note[end:].strip():  # "(Điều này … ban hành ngày 15/06/2004)Chương VIII" on one line
                keep.append(note[end:].strip())
    return keep, notes


# one item of a cross-reference note: "Điều 28.6.NĐ.1.5. Mức bồi thường" (a Pháp điển code) or "Điều 4. Số chứng thực
# bản sao" (an article outside the Pháp điển numbering); items are separated by "; " before the next "Điều" / "Chương"
_XREF_SPLIT_RE = re.compile(r";\s*(?=(?:Điều|Chương|Mục|Phần|Khoản|Điểm)\s)")
_XREF_ITEM_RE = re.compile(rf"^Điều\s+(?:({PD_CODE})|\d+[a-zđ]?)\s*\.?\s*(.*)$", re.S)
# the document an item names after its title: "… của Luật 05/2022/QH15 Điện ảnh ban hành ngày 15/06/2022"; a title the
# source left unfinished ends "… của" ("Phạm vi điều chỉnh của ;")
_XREF_DOC_RE = re.compile(rf"(?:^|\s+)của\s+(?:{DOC_TYPE_ALT}|Bộ Luật|Nghị quyết|Quyết định|Pháp lệnh)\s+\S*\d.*$|\s+của\s*$", re.S)


def crossref_items(note: str) -> list[tuple[str | None, str]]:
    """The related articles a "(Điều này có nội dung liên quan đến …)" note lists: (Pháp điển code or None, title),
    in order; a chapter or section item ("Chương II QUY ĐỊNH CỤ THỂ") and any other note give nothing."""
    m = _CROSSREF_RE.match(note)
    if not m:
        return []
    body = note[m.end() :].strip()
    if body.endswith(")"):
        body = body[:-1]
    out: list[tuple[str | None, str]] = []
    for part in _XREF_SPLIT_RE.split(body):
        mi = _XREF_ITEM_RE.match(part.strip())
        if not mi:
            continue
        title = _XREF_DOC_RE.sub("", re.sub(r"\s+", " ", mi.group(2))).strip(" .;,")
        out.append((mi.group(1), title))
    return out


def _closes(text: str, depth: int) -> tuple[int | None, int]:
    """(the index just past the ")" that brings an open parenthesis count ``depth`` (after "(" of the note) to zero in
    ``text``, or None; the count after ``text``: 0 once closed)."""
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth <= 0:
                return i + 1, 0
    return None, depth


def _split_tail_headings(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split trailing Chương/Mục heading block (belongs to the next article) from article lines."""
    i = len(lines)
    first_heading: int | None = None
    while i > 0:
        s = _clean_line(lines[i - 1])
        if not s:
            i -= 1
            continue
        if _match_heading(s):
            first_heading = i - 1
            i -= 1
            continue
        if (_is_upper(s) and len(s) < 400) or (s.startswith("(") and "này có nội dung liên quan" in s):
            i -= 1
            continue
        break
    if first_heading is None:
        return lines, []
    return lines[:first_heading], lines[first_heading:]


def _repeal_stub(code: str, title: str, text: str, prov: dict[str, Any],
                 listed_title: str | None) -> tuple[str, str, str | None] | None:
    """An article Pháp điển keeps only as a trace of its repeal: (title, text, note) to hold instead, or None.

    Shapes (counted on the 170 đề mục files: see ``tests/test_phapdien_stubs.py``): a body that is only a repeal
    marker ("*(**B**ị bãi bỏ)*", its provenance line naming no repeal); a title that is the marker ("Điều 7.4.LQ.8.
    (được bãi bỏ)") or ends with it, with no body; no body under a provenance line saying the whole article was
    repealed or replaced ("…, bị bãi bỏ bởi Điều 1 Luật số 20/2012/QH13 có hiệu lực thi hành kể từ ngày 01/07/2013").
    The text becomes the marker as it reads without Markdown emphasis; a title that was the marker becomes the title
    the đề mục's list of articles gives, without the marker. The note says what is known: a marker alone names
    neither the repealing document nor the date (the provenance line already says them when it does)."""
    ended = bool(prov.get("repealed_by") or prov.get("replaced_by"))
    marker = repeal_marker(text)
    if marker is None and text.strip():
        return None  # the article's text
    if marker is None:
        if (marker := repeal_marker(title)) is not None:
            listed = _REPEALED_END_RE.sub("", listed_title or "").strip()
            title = "" if listed_title is None or repeal_marker(listed_title) else listed
        elif (em := _REPEALED_END_RE.search(title)) is not None:
            marker, title = em.group(0).strip(), title[: em.start()].strip()
        elif not ended:
            return None
    if marker is None:
        return title, text, None  # no body; the provenance line says it was repealed (or replaced) and by what
    note = None if ended else (f"Điều {code} đã bị bãi bỏ (Pháp điển chỉ còn ghi “{marker}”, không nêu văn bản "
                               "bãi bỏ và ngày bãi bỏ).")
    return title, marker, note


def _repealed_units(code: str, clauses: list[Clause], prov: dict[str, Any]) -> tuple[list[Clause], list[str]]:
    """The khoản / điểm of article ``code`` that Pháp điển keeps only as a repeal marker ("2. (Được bãi bỏ).", "g)
    ***(Bị bãi bỏ);***"), marked repealed (``validity.mark_repealed_units``); the rest of the article stays in force.
    By what and since when: the provenance line's partial repeal ("…, có nội dung được bãi bỏ theo quy định tại Điều
    3 Nghị định số 151/2018/NĐ-CP, có hiệu lực thi hành kể từ ngày …") when it names exactly one repealing provision;
    otherwise (none, or several: which one repealed this khoản is not said) neither is recorded and the note says
    only what the text shows."""
    parts = list(dict.fromkeys(prov.get("part_repealed", [])))
    by, last_day = None, None
    if len({c for c, _ in parts}) == 1:
        by = [parts[0][0]]
        d = next((d for _, d in parts if d), None)
        last_day = d - timedelta(days=1) if d else None
    art = Article(number=code, title="", text="", clauses=clauses)
    clauses, notes = mark_repealed_units(art, last_day, by, source="Pháp điển")
    if len(notes) <= 1:
        return clauses, notes
    # several units: one note for the article ("Điểm b, đ, g khoản 1 Điều … đã bị bãi bỏ bởi …"), each unit keeping its
    # own — an answer shows few notes per provision, and one per điểm crowded out the provenance line's
    units: list[str] = []
    markers: list[str] = []
    for c in clauses:
        for pt in c.points:
            if pt.validity.repealed:
                units.append(f"điểm {pt.label}" + (f" khoản {c.label}" if c.label else ""))
                markers.append(repeal_marker(pt.text) or "")
        if c.validity.repealed:
            units.append(f"khoản {c.label}")
            markers.append(repeal_marker(c.text) or "")
    names = join_units(units)  # "khoản 1, 7; điểm b, đ khoản 2"
    marker = markers[0] if len(set(markers)) == 1 else " / ".join(dict.fromkeys(markers))
    return clauses, [repeal_note(f"{names[:1].upper()}{names[1:]} Điều {code}", marker, by, last_day, "Pháp điển")]


def _parse_phapdien(raw: RawDocument) -> LegalDocument:
    body = _pd_body(raw.text)
    heads = find_phapdien_headings(body)
    stack = _HeadingStack()
    title = raw.title or _meta(raw, "title")
    pre = body[: heads[0].start()] if heads else body
    if not title:
        mt = re.search(r"^#\s+(.+)$", pre, re.M)
        title = mt.group(1).strip() if mt else raw.doc_id
    _apply_heading_block(pre.split("\n"), stack)
    arts: list[Article] = []
    seen: dict[str, int] = {}
    warnings = list(raw.warnings)
    listed_titles = dict(raw.listed)
    for k, h in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(body)
        code = h.group(1)
        nl = body.find("\n", h.end())
        if nl < 0 or nl > end:
            nl = end
        art_title = body[h.end() : nl].strip()
        seg = body[nl:end] if nl < end else ""
        prov_fields: dict[str, Any] = {}
        notes: list[str] = []
        taken = _take_paren(seg)
        if taken and not taken[0].startswith("(Điều này") and re.match(r"^\(+\s*(?:Điều|Khoản|Điểm|Mục|Chương|Phần|điểm|khoản)", taken[0]):
            prov = re.sub(r"\s+", " ", taken[0]).strip()
            prov_fields = parse_provenance(prov)
            notes.append(prov)
            seg = taken[1]
        seg_lines, tail = _split_tail_headings(seg.split("\n"))
        lines, xrefs = _split_crossrefs(seg_lines)
        notes.extend(xrefs)
        if not tail:  # a heading the source glued after a note's closing parenthesis ("…)Chương VIII"), freed above
            lines, tail = _split_tail_headings(lines)
        lines = plain_label_lines(lines)  # "*đ) …*" → "đ) …" where read as điểm đ
        _, clauses = split_clauses(lines)
        if code in seen:
            seen[code] += 1
            warnings.append(f"Điều {code} xuất hiện {seen[code]} lần trong văn bản")
        else:
            seen[code] = 1
        text = "\n".join(lines)
        stub = _repeal_stub(code, art_title, text, prov_fields, listed_titles.get(code))
        if stub is not None:
            art_title, text, note = stub
            if note:
                notes.append(note)
        else:
            clauses, unit_notes = _repealed_units(code, clauses, prov_fields)
            notes.extend(unit_notes)
        validity = Validity(
            effective_from=prov_fields.get("effective_from"),
            effective_to=prov_fields.get("effective_to"),
            amended_by=prov_fields.get("amended_by", []),
            replaced_by=prov_fields.get("replaced_by", []),
            repealed_by=prov_fields.get("repealed_by", []),
            notes=notes,
            repealed=stub is not None,
        )
        arts.append(
            Article(
                number=code,
                title=art_title,
                text=text,
                heading_path=stack.path(),
                clauses=clauses,
                validity=validity,
                source_citation=prov_fields.get("source_citation"),
                source_doc_number=prov_fields.get("source_doc_number"),
                source_doc_type=prov_fields.get("source_doc_type"),
            )
        )
        if tail:
            _apply_heading_block(tail, stack)
    held = {a.number for a in arts}
    listed_only: list[ListedArticle] = []
    for code, art_title in raw.listed:
        if code not in held:
            held.add(code)
            listed_only.append(ListedArticle(doc_id=raw.doc_id, doc_title=str(title), number=code, title=art_title))
    return LegalDocument(
        doc_id=raw.doc_id,
        title=str(title),
        doc_type="Pháp điển",
        listed_only=listed_only,
        source_path=raw.source_path,
        source_format="phapdien",
        checksum=raw.checksum,
        articles=arts,
        warnings=warnings,
    )
