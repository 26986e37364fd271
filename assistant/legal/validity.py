"""What a document says about its own validity and its changes to other documents.

Does: effective / expiry dates a document states about itself (``self_validity``) and about one of its provisions
(``_provision_starts``); the numbers of the documents it amends or replaces (``document_relations``); a văn bản hợp
nhất's footnotes (``_take_footnotes``, ``_apply_footnotes``), repeal markers left in the text (``_mark_repealed``; a
khoản / điểm: ``mark_repealed_units``, also used for Pháp điển) and
what it consolidates (``consolidation_header``, ``_consolidated_source``).

Does not: change other documents of a collection (see ``relations``) or split articles (see ``articles``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.legal.annexes import _unit_label, annex_label
from assistant.legal.articles import _ART_RE
from assistant.legal.clauses import (
    _CLAUSE_RE, _REPEALED_END_RE, _body_lines, is_repealed_marker, repeal_marker, split_clauses,
)
from assistant.legal.common import (
    AFTER_DAYS_RE, DOC_TYPE_ALT, DOC_TYPE_RE, EFFECTIVE_RE, EXPIRES_RE, NUM, PROVISION_START_RE, REF_RE, UNTIL_RE,
    _PROVISION_NAMED_RE, _UNTIL_AFTER_RE, _add, _clean_line, _is_upper, _refs, doc_type_from_number, fmt_date,
    number_key, parse_date, to_date,
)
from assistant.legal.targets import _partial_before
from assistant.records import Article, Clause, Validity


def _sentence_around(text: str, start: int, end: int) -> str:
    a = max(text.rfind(".", 0, start), text.rfind(";", 0, start), text.rfind("\n", 0, start)) + 1
    b_candidates = [x for x in (text.find("\n", end), text.find(";", end)) if x >= 0]
    b = min(b_candidates) if b_candidates else len(text)
    return text[a:b]


def _provision_starts(arts: list[Article]) -> list[Article]:
    """A provision the document gives its own start ("… có hiệu lực từ ngày 01 tháng 7 năm 2026; riêng khoản 2 Điều
    2 có hiệu lực từ ngày 01 tháng 01 năm 2027"): that khoản (``Clause.validity``) or Điều (``Article.validity``)
    gets ``effective_from`` and the article a note; the document's own date is :func:`self_validity`'s."""
    found: list[tuple[str | None, str, str | None, date]] = []  # (part, Điều, khoản, date)
    for a in arts:
        if a.kind != "article" or "hiệu lực" not in a.text:
            continue
        for m in PROVISION_START_RE.finditer(a.text):
            d = to_date(m.group(3), m.group(4), m.group(5))
            if d:
                found.append((a.part, m.group(2), m.group(1), d))
    if not found:
        return arts
    out: list[Article] = []
    for a in arts:
        for part, num, k, d in found:
            if a.kind != "article" or a.part != part or a.number != num:
                continue
            if k is None:
                note = f"Điều {num} có hiệu lực từ ngày {fmt_date(d)}."
                a = a.model_copy(update={"validity": a.validity.model_copy(update={
                    "effective_from": d, "notes": [*a.validity.notes, note]})})
                continue
            if not any(c.label == k for c in a.clauses):
                continue
            note = f"Khoản {k} Điều {num} có hiệu lực từ ngày {fmt_date(d)}."
            clauses = [c.model_copy(update={"validity": c.validity.model_copy(update={
                "effective_from": d, "notes": [*c.validity.notes, note]})}) if c.label == k else c for c in a.clauses]
            a = a.model_copy(update={"clauses": clauses,
                                     "validity": a.validity.model_copy(update={"notes": [*a.validity.notes, note]})})
        out.append(a)
    return out


def self_validity(text: str, issued_on: date | None = None) -> Validity:
    """effective_from / effective_to a document states about itself ("… này có hiệu lực … từ ngày …")."""
    eff: date | None = None
    to: date | None = None
    notes: list[str] = []
    for m in EFFECTIVE_RE.finditer(text):
        sent = _sentence_around(text, m.start(), m.end())
        before = sent[: max(0, sent.find(m.group(0)))] if m.group(0) in sent else sent
        if "này" not in before or REF_RE.search(before) or _PROVISION_NAMED_RE.search(before):
            continue  # another document's, or one provision's ("Khoản 2 Điều 2 Thông tư này có hiệu lực từ …")
        if m.group(4):  # "từ ngày ký"
            eff = issued_on
        else:
            eff = to_date(m.group(1), m.group(2), m.group(3))
            um = _UNTIL_AFTER_RE.match(text, m.end())
            if eff and um:  # "… có hiệu lực từ ngày 01 tháng 7 năm 2026 đến hết ngày 31 tháng 12 năm 2030"
                to = to_date(um.group(1), um.group(2), um.group(3))  # (answers state the end date themselves)
        if eff:
            break
    if eff is None and issued_on:
        for m in AFTER_DAYS_RE.finditer(text):
            sent = _sentence_around(text, m.start(), m.end())
            before = sent[: max(0, sent.find("có hiệu lực"))]
            if "này" not in before or REF_RE.search(before):
                continue
            eff = issued_on + timedelta(days=int(m.group(1)))
            notes.append(f"Có hiệu lực sau {m.group(1)} ngày kể từ ngày ký ({fmt_date(issued_on)}): từ ngày {fmt_date(eff)}.")
            break
    for m in EXPIRES_RE.finditer(text):
        sent = _sentence_around(text, m.start(), m.end())
        before = sent[: sent.find("hết")] if "hết" in sent else sent
        if "này" not in before or REF_RE.search(before):
            continue
        d = parse_date(text[m.end() : m.end() + 40])
        if d:
            to = d - timedelta(days=1)
            notes.append(sent.strip())
            break
    if to is None:
        m2 = UNTIL_RE.search(text)
        if m2:
            sent = _sentence_around(text, m2.start(), m2.end())
            if "này" in sent and not REF_RE.search(sent[: sent.find("có hiệu lực")]):
                to = to_date(m2.group(1), m2.group(2), m2.group(3))
                notes.append(sent.strip())
    return Validity(effective_from=eff, effective_to=to, notes=notes)


_PASSIVE_TAIL_RE = re.compile(r"\b(?:được|đã|bị)\s+sửa\s+đổi,\s*$")
_AMEND_VERB = re.compile(r"(?<!được )(?<!đã )(?<!bị )\b([Ss]ửa đổi|[Bb]ổ sung|[Tt]hay thế|[Bb]ãi bỏ|[Hh]ủy bỏ|[Đđ]ình chỉ)\b")


# a line that stops inside a name, a date or a number: the next line continues the sentence (a PDF's wrapped text,
# "… của Bộ trưởng Bộ" / "Nội vụ hết hiệu lực kể từ …")
_CUT_END_RE = re.compile(r"\b(?:của|và|số|ngày|tháng|năm|tại|theo|Bộ|Ủy ban|Sở|Thông tư|Nghị định|Quyết định|Nghị quyết|Luật)$")
_NEW_UNIT_RE = re.compile(r"^(?:Điều\s+\d|Chương\s|Mục\s|Phần\s|\d{1,3}[a-zđ]?[.)]\s|[a-zđ]\d?\)\s|[-–+•*]\s)")


def _sentence_lines(text: str) -> list[str]:
    """Lines of ``text`` with a sentence wrapped over lines joined back: a line ending without punctuation in a word
    that asks for more (``_CUT_END_RE``), or followed by a line in lower case, is joined with the next line unless
    that line opens a new unit (article, khoản, điểm, dash item)."""
    out: list[str] = []
    for line in text.split("\n"):
        s = line.strip()
        if out and s and not _NEW_UNIT_RE.match(s):
            prev = out[-1].rstrip()
            if prev and not prev.endswith((".", ";", ":", "!", "?")) and (_CUT_END_RE.search(prev) or s[:1].islower()):
                out[-1] = f"{prev} {s}"
                continue
        out.append(line)
    return out


def document_relations(text: str, own_number: str | None = None) -> tuple[list[str], list[str]]:
    """(amends, replaces): numbers of other documents this text sửa đổi/bổ sung, or thay thế/bãi bỏ/declares expired."""
    amends: list[str] = []
    replaces: list[str] = []
    own = number_key(own_number) if own_number else None
    for line in _sentence_lines(text):
        s = line.strip()
        if not s or s.startswith("Căn cứ") or s.startswith("Theo đề nghị") or s.startswith("Xét "):
            continue
        for vm in _AMEND_VERB.finditer(s):
            if _PASSIVE_TAIL_RE.search(s[max(0, vm.start() - 30) : vm.start()]):
                continue  # the "bổ sung" of "đã được sửa đổi, bổ sung …": a document's history
            verb = vm.group(1).lower()
            seg = s[vm.end() : vm.end() + 300]
            # only references before the next verb / sentence end belong to this verb
            stop = re.search(r"[.;](?:\s|$)|\s(?:như sau|và thay thế|đã được)\b", seg)  # "… số X đã được sửa đổi … theo Luật số Y": Y is history
            seg = seg[: stop.start()] if stop else seg
            last = 0
            for rm in _refs(seg):
                n = rm.group(2)
                # "bãi bỏ Điều 10 / một số điều của Nghị định số X": X is changed in part, not replaced
                partial = _partial_before(seg[last : rm.start()])
                last = rm.end()
                if own and number_key(n) == own:
                    continue
                target = amends if verb in ("sửa đổi", "bổ sung") or partial else replaces
                if n not in target:
                    target.append(n)
        for em in EXPIRES_RE.finditer(s):
            before = s[: em.start()]
            last = 0
            for rm in _refs(before):
                n = rm.group(2)
                # "Khoản 3 Điều 20 Nghị định số X hết hiệu lực …": X is changed in part, not replaced
                partial = _partial_before(before[last : rm.start()])
                last = rm.end()
                target = amends if partial else replaces
                if (not own or number_key(n) != own) and n not in target:
                    target.append(n)
    return amends, replaces


_FOOTDEF_RE = re.compile(r"^\[(\d{1,3})\]\s*(\S.*)$")
_FOOTMARK_RE = re.compile(r"(?<=\S)\[(\d{1,3})\]")
_FOOT_SRC_RE = re.compile(rf"theo quy định tại\s+(.*?(?:{DOC_TYPE_ALT})\s+(?:số\s*:?\s*)?{NUM})")


def _take_footnotes(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Footnotes of a văn bản hợp nhất ("[2] Khoản này được sửa đổi, bổ sung theo quy định tại …"): the block of
    "[n] …" lines at the end of the document (with their continuation lines) → {n: text}, and the lines
    without them. Only when the body carries the matching "[n]" markers."""
    first: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        s = lines[i].strip()
        if _FOOTDEF_RE.match(s):
            first = i
        elif s and first is None and i < len(lines) - 60:
            break
    if first is None:
        return lines, {}
    notes: dict[str, str] = {}
    cur: str | None = None
    for ln in lines[first:]:
        s = ln.strip()
        m = _FOOTDEF_RE.match(s)
        if m:
            cur = m.group(1)
            notes[cur] = m.group(2)
        elif s and cur is not None:
            notes[cur] += " " + s
    body = "\n".join(lines[:first])
    if not any(m.group(1) in notes for m in _FOOTMARK_RE.finditer(body)):
        return lines, {}
    return lines[:first], {k: re.sub(r"\s+", " ", v).strip() for k, v in notes.items()}


def _apply_footnotes(art: Article, notes: dict[str, str]) -> Article:
    """Strip "[n]" markers from an article and turn the footnotes they point to into its validity: "Điều này
    được bãi bỏ theo quy định tại X, có hiệu lực kể từ ngày D" → repealed_by X, effective_to D − 1 day;
    "Khoản này được sửa đổi, bổ sung / bổ sung / bãi bỏ theo quy định tại X" → amended_by X; the note verbatim."""
    marks = [m.group(1) for m in _FOOTMARK_RE.finditer(art.title + "\n" + art.text) if m.group(1) in notes]
    if not marks:
        return art
    strip = lambda t: _FOOTMARK_RE.sub(lambda m: "" if m.group(1) in notes else m.group(0), t)  # noqa: E731
    # which khoản / điểm each marker sits on ("1.[2] Cá nhân …", "b)[3] …"): "Khoản này" in its note is that khoản
    where: dict[str, tuple[str | None, str | None]] = {}
    cl: str | None = None
    for ln in _body_lines(art.text):
        cm = _CLAUSE_RE.match(strip(ln))
        if cm:
            cl = cm.group(1)
        for m in _FOOTMARK_RE.finditer(ln):
            lead = ln[: m.start()].strip()
            if re.fullmatch(r"\d{1,3}\s*\.", lead):
                where.setdefault(m.group(1), (lead.rstrip(". "), None))
            elif re.fullmatch(r"[a-zđ]\s*\)", lead):
                where.setdefault(m.group(1), (cl, lead.rstrip(") ")))
    v = art.validity.model_dump()
    ended: dict[str, date] = {}  # khoản repealed by a footnote → last day
    for n in dict.fromkeys(marks):
        note = notes[n]
        src = _FOOT_SRC_RE.search(note)
        if not src or not re.search(r"được\s+(?:sửa đổi|bổ sung|bãi bỏ|thay thế|hủy bỏ|đình chỉ)", note):
            continue  # e.g. "[1] Nghị định số … có căn cứ ban hành như sau: …"
        by = re.sub(r"\s+", " ", src.group(1)).strip()
        d = parse_date(note[note.find("hiệu lực") :]) if "hiệu lực" in note else None
        repeal = re.match(r"^(Điều|Khoản|Điểm) này được (?:bãi bỏ|hủy bỏ)", note)
        c_lab, p_lab = where.get(n, (None, None))
        # "Khoản này …" → "Khoản 1 Điều 5 …": the note names its unit, as apply_relations' notes do
        unit = {"Điều": f"Điều {art.number}"}
        if c_lab:
            unit["Khoản"] = f"Khoản {c_lab} Điều {art.number}"
            if p_lab:
                unit["Điểm"] = f"Điểm {p_lab} khoản {c_lab} Điều {art.number}"
        note = re.sub(r"^(Điều|Khoản|Điểm) này\b", lambda m: unit.get(m.group(1), m.group(0)), note)
        v["notes"] = _add(v["notes"], note)
        if repeal and repeal.group(1) == "Điều":
            v["repealed_by"] = _add(v["repealed_by"], by)
            if d:
                v["effective_to"] = d - timedelta(days=1)
        else:
            v["amended_by"] = _add(v["amended_by"], by)
            if repeal and repeal.group(1) == "Khoản" and c_lab and d:
                ended[c_lab] = d - timedelta(days=1)
    text = "\n".join(strip(ln) for ln in art.text.split("\n"))
    _, clauses = split_clauses(_body_lines(text))
    clauses = [
        c.model_copy(update={"validity": Validity(effective_to=ended[c.label], notes=[x for x in v["notes"]
                                                                                        if x.startswith(f"Khoản {c.label} Điều")])})
        if c.label in ended else c
        for c in clauses
    ]
    return art.model_copy(
        update={"title": strip(art.title).strip(), "text": text, "clauses": clauses, "validity": Validity(**v)}
    )


def _mark_repealed(art: Article, last_day: date | None) -> Article:
    """Units a text keeps only as a repeal marker ("Điều 10. (được bãi bỏ)", "Điều 5. Lệ phí (đã được bãi bỏ)",
    "4. (Bãi bỏ)", "c) (được bãi bỏ)") stay in the document, ended: the article (or khoản) is marked ``repealed``
    and gets ``effective_to`` = ``last_day`` unless a footnote already dated the repeal, and the article a note naming
    the unit. The marker
    does not say when the repeal took effect; ``last_day`` is the day before the text was issued (a văn bản hợp
    nhất is made after the amendments it shows), so the unit reads as no longer in force."""
    if art.kind != "article":
        return art
    v = art.validity.model_dump()
    title, text = art.title, art.text
    marker: str | None = None
    if is_repealed_marker(title) and not text.strip():  # "Điều 10. (được bãi bỏ)"
        marker, title = title, ""
    elif (em := _REPEALED_END_RE.search(title)) and not text.strip():  # "Điều 5. Lệ phí … (đã được bãi bỏ)"
        marker, title = em.group(0).strip(), title[: em.start()].strip()
    elif text.strip() and "\n" not in text.strip() and is_repealed_marker(text):  # "Điều 10. Tên\n(được bãi bỏ)"
        marker = text.strip()
    notes: list[str] = []
    clauses = list(art.clauses)
    if marker:
        text = text if text.strip() else marker
        v["repealed"] = True
        if not v["repealed_by"] and not v["effective_to"]:
            v["effective_to"] = last_day
            notes.append(f"Điều {art.number} đã được bãi bỏ (văn bản ghi “{marker}”).")
    else:
        clauses, notes = mark_repealed_units(art, last_day)
    if not marker and not notes:
        return art
    for n in notes:
        v["notes"] = _add(v["notes"], n)
    return art.model_copy(update={"title": title, "text": text, "clauses": clauses, "validity": Validity(**v)})


def mark_repealed_units(art: Article, last_day: date | None, by: list[str] | None = None,
                        source: str = "văn bản") -> tuple[list[Clause], list[str]]:
    """The khoản and điểm of ``art`` that the text keeps only as a repeal marker ("4. (Bãi bỏ)", "c) (được bãi bỏ)",
    Pháp điển's "2. ***(Bị bãi bỏ);***"): each gets ``Validity(repealed=True)`` — ended on ``last_day`` (None: the date
    is not known), repealed by ``by`` when the caller knows what repealed it — and a note naming it ("Khoản 2 Điều 5
    đã được bãi bỏ (văn bản ghi “(Bãi bỏ)”)."; with ``by``: "… đã bị bãi bỏ bởi …, hết hiệu lực từ …"). A khoản
    already ended by a footnote (``Clause.validity.effective_to``) is left as it is. Returns (clauses, notes for the
    article); the rest of the article is untouched: its other khoản stay in force. Used for văn bản hợp nhất
    (``_mark_repealed``) and Pháp điển (``phapdien``)."""
    clauses = list(art.clauses)
    notes: list[str] = []

    def said(unit: str, marker: str) -> str:
        return repeal_note(unit, marker, by, last_day, source)

    def ended(note: str) -> Validity:
        return Validity(effective_to=last_day, repealed_by=list(by or []), notes=[note], repealed=True)

    for k, c in enumerate(clauses):
        points = list(c.points)
        for j, pt in enumerate(points):
            mk = repeal_marker(pt.text)
            if mk:
                where = f"khoản {c.label} " if c.label else ""
                note = said(f"Điểm {pt.label} {where}Điều {art.number}", mk)
                notes.append(note)
                points[j] = pt.model_copy(update={"validity": ended(note)})
        update: dict[str, object] = {"points": points} if points != c.points else {}
        mk = repeal_marker(c.text) if c.label and not c.points else None
        if mk and not c.validity.effective_to:
            note = said(f"Khoản {c.label} Điều {art.number}", mk)
            notes.append(note)
            update["validity"] = ended(note)
        if update:
            clauses[k] = c.model_copy(update=update)
    return clauses, notes


def repeal_note(unit: str, marker: str, by: list[str] | None, last_day: date | None, source: str = "văn bản") -> str:
    """"Khoản 2 Điều 5 đã được bãi bỏ (văn bản ghi “(Bãi bỏ)”)."; with the repealing provision: "… đã bị bãi bỏ bởi
    X, hết hiệu lực từ D (Pháp điển ghi “…”)." (the date only when known)."""
    if not by:
        return f"{unit} đã được bãi bỏ ({source} ghi “{marker}”)."
    since = f", hết hiệu lực từ {fmt_date(last_day + timedelta(days=1))}" if last_day else ""
    return f"{unit} đã bị bãi bỏ bởi {'; '.join(by)}{since} ({source} ghi “{marker}”)."


def join_units(units: list[str]) -> str:
    """["điểm b khoản 1", "điểm đ khoản 1", "khoản 3", "khoản 5"] → "khoản 3, 5; điểm b, đ khoản 1": repealed units as
    a Pháp điển note (``phapdien``) and a citation's status line (``answering.validity``) name them."""
    groups: dict[str, list[str]] = {}
    for u in units:
        m = re.match(r"điểm (\S+)(?: (khoản \S+))?$", u)
        key, item = (m.group(2) or "", m.group(1)) if m else (u, "")
        groups.setdefault(key, []).append(item)
    whole = [k.split()[1] for k, items in groups.items() if k and not any(items)]  # "khoản 1, 7"
    parts = [f"khoản {', '.join(whole)}"] if whole else []
    for key, items in groups.items():
        pts = [i for i in items if i]
        if pts:
            parts.append(f"điểm {', '.join(pts)}" + (f" {key}" if key else ""))
    return "; ".join(parts)


_CONSOLIDATED_BY_RE = re.compile(r"được\s+(?:sửa đổi|bổ sung|thay thế|bãi bỏ|đính chính)[^:]{0,80}?\bbởi\b\s*:?")
_NUM_AT_RE = re.compile(rf"(?:\bsố\s*:?\s*|(?:{DOC_TYPE_RE})\s+)({NUM})")


def consolidation_header(lines: list[str]) -> tuple[str | None, str | None, list[str]]:
    """What a văn bản hợp nhất says it consolidates, from the lines before its first article: "Nghị định số
    42/2024/NĐ-CP ngày … của Chính phủ …, có hiệu lực …, được sửa đổi, bổ sung bởi:" + one line per amending
    document ("1. Nghị định số 118/2025/NĐ-CP ngày … sửa đổi, bổ sung một số điều của Nghị định số 42/…") →
    (document type, number, [amending documents' numbers]). The type comes from the line's first words ("Luật
    Tiếp nhận … số 71/2023/QH15" → Luật) or else the number. (None, None, []) when there is no such header."""
    for i, raw_line in enumerate(lines[:80]):
        line = _clean_line(raw_line)
        if _ART_RE.match(line):
            break
        by = _CONSOLIDATED_BY_RE.search(line)
        if not by:
            continue
        head = line[: by.start()]
        tm = re.match(rf"^({DOC_TYPE_ALT}|Bộ luật)\b", head)
        nm = _NUM_AT_RE.search(head)
        if not nm:
            continue
        number = re.sub(r"\s+", "", nm.group(1))
        dtype = tm.group(1) if tm else doc_type_from_number(number)
        items = [line[by.end() :]]
        for nxt in lines[i + 1 : i + 30]:
            t = _clean_line(nxt)
            if not t:
                if any(x.strip() for x in items):
                    break
                continue
            if re.match(r"^(?:Căn cứ|Theo đề nghị|Xét |Chương|CHƯƠNG|Phần|PHẦN|Điều\s+\d)", t) or _is_upper(t):
                break
            items.append(t)
        amenders: list[str] = []
        for item in items:
            for piece in re.split(r";|\n", item):
                rm = REF_RE.search(piece)  # the first document named in an item is the amending one
                if rm:
                    n = re.sub(r"\s+", "", rm.group(2))
                    if number_key(n) != number_key(number) and n not in amenders:
                        amenders.append(n)
        return dtype, number, amenders
    return None, None, []


def _consolidated_source(art: Article, dtype: str | None, number: str) -> Article:
    """An article of a văn bản hợp nhất is the provision of the consolidated document with the same number:
    ``source_citation`` "Điều 5 Nghị định số 42/2024/NĐ-CP" (an appendix: "Phụ lục I …"), so that the conflict
    checker treats the two texts as one document and ranks it as what it consolidates."""
    if art.kind == "section" or art.part:
        return art
    unit = _unit_label(art.number) if art.kind == "article" else annex_label(art.number, art.title)
    name = f"{dtype} số {number}" if dtype else number
    return art.model_copy(update={"source_citation": f"{unit} {name}", "source_doc_number": number, "source_doc_type": dtype})
