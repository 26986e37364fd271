"""``apply_relations(docs)``: relations across a collection.

Does: mark documents / articles (and appendices, forms) that a later document in the collection declares expired,
repeals, replaces or amends; pass what a văn bản hợp nhất's footnotes / markers say on to the document it
consolidates; never apply to a văn bản hợp nhất the amendments it already incorporates. Records are frozen: returns
new copies. Idempotent.

Does not: parse documents (see ``parser``) or read which provisions a sentence names (see ``targets``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from assistant.legal.annexes import (
    ANNEX_PREFIX, FORM_PREFIX, _annex_key, _unit_label, annex_label, annex_number, is_form,
)
from assistant.legal.clauses import is_repealed_marker
from assistant.legal.common import (
    DATE, DOC_TYPE_RE, EXPIRES_RE, NUM, NUM_RE, _LAW_NAME, _add, _refs, fmt_date, number_key, to_date,
)
from assistant.legal.targets import _form_key, provision_targets
from assistant.legal.validity import _PASSIVE_TAIL_RE
from assistant.records import Article, LegalDocument, Validity


_DROP_WORDS_RE = re.compile(r"^(?:\d+[a-zđ]?\.\s+|[a-zđ]\)\s+)?Bỏ\s+(?=(?:các\s+)?(?:cụm\s+)?từ\b)")
_TARGET_RE = re.compile(
    rf"(?:(?:điểm|Điểm)\s+(?P<pt>[a-zđ])\s+)?(?:(?:khoản|Khoản)\s+(?P<cl>\d+)\s+)?(?:(?:Điều|điều)\s+(?P<art>\d+[a-zđ]?)\s+)?"
    rf"(?:của\s+)?(?P<type>{DOC_TYPE_RE})\s+(?:{_LAW_NAME}\s+số\s*:?\s*|(?:số\s*:?\s*)?)(?P<num>{NUM})"
)
# the unit a "bổ sung … vào sau …" instruction inserts: a điểm or a khoản (a new Điều stands on its own)
_INSERTED_UNIT_RE = re.compile(r"\s*(?:thêm\s+)?(?:các\s+)?(điểm|khoản)\s+\w+(?:\s*(?:,|và)\s*\w+)*\s*$", re.I)
_REL_VERB = re.compile(r"(?<!được )(?<!đã )(?<!bị )\b([Ss]ửa đổi(?:,\s*bổ sung)?|[Bb]ổ sung|[Tt]hay thế|[Bb]ãi bỏ|[Hh]ủy bỏ)\b")
# "2. Khoản 2 Điều 9 được sửa đổi, bổ sung như sau:", "Điều 10 được bãi bỏ." — the provisions come first, the verb is
# passive and ends the instruction ("như sau", or the sentence ends). "… đã được sửa đổi, bổ sung bởi Luật số …"
# (a document's history) and a footnote's "Khoản này được sửa đổi … theo quy định tại …" are not instructions.
_PASSIVE_REL_RE = re.compile(
    r"^(?:\d+[a-zđ]?\.\s+)?(?P<seg>(?:[Đđ]iểm|[Kk]hoản|[Đđ]iều|[Pp]hụ lục|[Mm]ẫu số|[Tt]ên|[Tt]iêu đề|[Đđ]oạn)\b[^;“”\"]{0,250}?)"
    r"\s+(?:được|bị)\s+(?P<verb>sửa đổi(?:,\s*bổ sung)?|bổ sung|thay thế|bãi bỏ|hủy bỏ)\s*(?:như\s+sau\b|[.;:]?$)"
)


# "Quy chế … ban hành kèm theo Quyết định số X": the text issued with X (its articles have ``Article.part``)
_PART_REF_RE = re.compile(
    rf"\b(?:Quy chế|Quy định|Điều lệ|Quy trình|Nội quy|Quy tắc)\b[^;]{{0,300}}?\b(?:được\s+)?ban hành kèm theo\s+"
    rf"(?:{DOC_TYPE_RE})\s+(?:số\s*:?\s*)?({NUM})")
_QUOTE_END_RE = re.compile(r"[”\"][.;,:]?\s*(?:\[\d+\])?$")


_INLINE_QUOTE_RE = re.compile(r"\bnhư\s+sau\s*:\s*[“\"]")


def _quote_state(line: str, inside: bool) -> tuple[bool, bool]:
    """(this line is quoted text, a quotation is still open after it). An amending article quotes the new
    wording ("“2. …”", possibly over several lines, or opened on the instruction's line: "… như sau: “Điều 7. …");
    quoted text states no relation of its own."""
    s = line.strip()
    if inside or s.startswith(("“", '"')):
        return True, not _QUOTE_END_RE.search(s)
    if _INLINE_QUOTE_RE.search(s):
        return False, not _QUOTE_END_RE.search(s)
    return False, False


def _cite_label(doc: LegalDocument, art: Article | None) -> str:
    if art is not None and art.source_citation:
        return art.source_citation
    base = f"{doc.doc_type} số {doc.number}" if doc.number else doc.title
    if art is not None and art.kind == "annex" and is_form(art.number):
        return f"{annex_label(art.number, art.title)} ban hành kèm theo {f'{art.part} ban hành kèm theo ' if art.part else ''}{base}"
    if art is not None and art.kind == "annex":
        return f"{annex_label(art.number)} {art.part} ban hành kèm theo {base}" if art.part else f"{annex_label(art.number)} {base}"
    if art is not None and art.kind == "article":
        if art.part:
            return f"Điều {art.number} {art.part} ban hành kèm theo {base}"
        return f"Điều {art.number} {base}"
    return base


def _scope_label(pt: str | None, cl: str | None, art: str | None) -> str:
    parts = []
    if pt:
        parts.append(f"Điểm {pt}")
    if cl:
        parts.append(f"khoản {cl}" if parts else f"Khoản {cl}")
    if art:
        parts.append(_unit_label(art))
    return " ".join(parts)


# an erratum ("Quyết định về việc đính chính Thông tư số X": "Đính chính sai sót tại Thông tư số X … như sau:") lists
# each place it corrects: "1. Tại điểm b khoản 2 Điều 4:" / "Đã in: “…”." / "Nay sửa lại là: “…”."
_ERRATUM_RE = re.compile(r"\b[Đđ]ính chính\b")
_ERRATUM_AT_RE = re.compile(r"^(?:\d{1,3}\.\s*)?Tại\s+(?P<seg>(?:điểm|khoản|Điều|Phụ lục)\b[^:]{0,120}?)\s*:?\s*$")
_ERRATUM_WAS_RE = re.compile(r"^Đã\s+(?:in|ghi|viết)\s*(?:là)?\s*:\s*(?P<q>.+?)\.?$")
_ERRATUM_NOW_RE = re.compile(r"^(?:Nay\s+)?[Ss]ửa\s+lại\s+(?:là|thành)\s*:\s*(?P<q>.+?)\.?$")


def _mark_errata(art: Article, ctx_num: str, by: str, eff_note: str, hits_of: Any, aval: Any) -> None:
    """Notes on the provisions an erratum corrects, with the correction: "Điểm b khoản 2 Điều 4 được đính chính bởi
    Điều 1 Quyết định số 215/QĐ-BTC: “135.000 đồng/lần cấp” sửa lại là “115.000 đồng/lần cấp”." Only a note: the
    provision is still in force, and its text as printed stays what the collection holds."""
    lines = [x.strip() for x in art.text.split("\n")]
    for i, line in enumerate(lines):
        m = _ERRATUM_AT_RE.match(line)
        if not m:
            continue
        was = now = None
        for nxt in lines[i + 1 : i + 5]:
            if _ERRATUM_AT_RE.match(nxt):
                break
            wm, nm = _ERRATUM_WAS_RE.match(nxt), _ERRATUM_NOW_RE.match(nxt)
            was = wm.group("q") if wm else was
            now = nm.group("q") if nm else now
        change = f": {was} sửa lại là {now}" if was and now else (f": sửa lại là {now}" if now else "")
        for pt, cl, an, num in provision_targets(m.group("seg"), ctx_num):
            if not an or number_key(num) != number_key(ctx_num):
                continue
            for di, ai in hits_of(an):
                v = aval(di, ai)
                v["notes"] = _add(v["notes"], f"{_scope_label(pt, cl, an)} được đính chính bởi {by}{eff_note}{change}.")


def apply_relations(docs: list[LegalDocument]) -> list[LegalDocument]:
    """Mark documents/articles that another document in the collection declares expired, repeals, replaces or
    amends. Relations are read from non-Pháp-điển documents only (Pháp điển provenance already says it).

    - "<loại> số X … hết hiệu lực (kể) từ ngày Y" → X.validity.effective_to = Y − 1 day, repealed_by += [B]
      ("từ ngày <văn bản> này có hiệu lực" → B's effective date).
    - "thay thế / bãi bỏ <loại> số X" → X replaced_by / repealed_by, effective_to = B.effective_from − 1 day.
    - "bãi bỏ Điều N <loại> số X" → that article repealed; "sửa đổi, bổ sung [điểm][khoản] Điều N … số X" (the number
      may come from the article title/lead) → that article's amended_by gets "Điều k <B>" plus a Vietnamese note.
    Idempotent: applying twice adds nothing new.
    """
    by_num: dict[str, list[int]] = {}
    art_index: dict[tuple[str, str], list[tuple[int, int]]] = {}
    part_index: dict[tuple[str, str], list[tuple[int, int]]] = {}  # articles of a text issued with a document
    for di, d in enumerate(docs):
        if d.number:
            by_num.setdefault(number_key(d.number), []).append(di)
            if d.doc_type != "Pháp điển":
                for ai, a in enumerate(d.articles):
                    if a.kind == "article" and not a.part:  # "Điều 2 Quyết định X" is not Điều 2 of its Quy chế
                        art_index.setdefault((number_key(d.number), a.number), []).append((di, ai))
                    elif a.kind == "article":  # "Điều 2 Quy chế … ban hành kèm theo Quyết định X"
                        part_index.setdefault((number_key(d.number), a.number), []).append((di, ai))
                    elif a.kind == "annex" and not a.part and "~" not in a.number and is_form(a.number):
                        if a.number != FORM_PREFIX:  # "Mẫu số 01/HQ ban hành kèm theo Thông tư X"
                            key = _form_key(a.number[len(FORM_PREFIX) + 1 :])
                            art_index.setdefault((number_key(d.number), key), []).append((di, ai))
                    elif a.kind == "annex" and not a.part and "~" not in a.number:  # "Phụ lục I … Nghị định X"
                        lab = a.number[len(ANNEX_PREFIX) + 1 :]
                        key = annex_number(_annex_key(lab) if lab else None)
                        art_index.setdefault((number_key(d.number), key), []).append((di, ai))
        for ai, a in enumerate(d.articles):
            if a.source_doc_number and a.source_citation:
                mm = re.match(r"^Điều\s+(\d+[a-zđ]?)\b", a.source_citation)
                if mm:
                    art_index.setdefault((number_key(a.source_doc_number), mm.group(1)), []).append((di, ai))

    consolidating: dict[str, list[int]] = {}  # number of a document → văn bản hợp nhất of it
    for di, d in enumerate(docs):
        if d.consolidates:
            consolidating.setdefault(number_key(d.consolidates), []).append(di)

    doc_upd: dict[int, dict[str, Any]] = {}
    art_upd: dict[tuple[int, int], dict[str, Any]] = {}

    def dval(di: int) -> dict[str, Any]:
        if di not in doc_upd:
            doc_upd[di] = docs[di].validity.model_dump()
        return doc_upd[di]

    def aval(di: int, ai: int) -> dict[str, Any]:
        if (di, ai) not in art_upd:
            art_upd[(di, ai)] = docs[di].articles[ai].validity.model_dump()
        return art_upd[(di, ai)]

    def docs_with_source(key: str) -> list[tuple[int, list[int]]]:
        """Pháp điển documents holding articles of source document ``key``."""
        out = []
        for di, d in enumerate(docs):
            if d.doc_type == "Pháp điển":
                idx = [ai for ai, a in enumerate(d.articles) if a.source_doc_number and number_key(a.source_doc_number) == key]
                if idx:
                    out.append((di, idx))
        return out

    def hits(key: str, art: str, b: LegalDocument, part: bool = False) -> list[tuple[int, int]]:
        """Articles (key, art) that a relation stated by ``b`` touches: not those of a văn bản hợp nhất that
        already incorporates ``b`` (named in its header, or issued before the consolidation). ``part``: the
        article of the Quy chế / Quy định issued with document ``key`` (when it has one)."""
        index = part_index if part and (key, art) in part_index else art_index
        return [(di, ai) for di, ai in index.get((key, art), []) if not _incorporates(docs[di], b)]

    def expire_doc(key: str, last_day: date | None, by: str, note: str, field: str) -> None:
        # a văn bản hợp nhất of document ``key`` ends with it
        for di in by_num.get(key, []) + [dj for dj in consolidating.get(key, []) if dj not in by_num.get(key, [])]:
            v = dval(di)
            v[field] = _add(v[field], by)
            if last_day and (v["effective_to"] is None or last_day < v["effective_to"]):
                v["effective_to"] = last_day
            v["notes"] = _add(v["notes"], note)
        for di, idx in docs_with_source(key):
            for ai in idx:
                v = aval(di, ai)
                v[field] = _add(v[field], by)
                if last_day and (v["effective_to"] is None or last_day < v["effective_to"]):
                    v["effective_to"] = last_day
                v["notes"] = _add(v["notes"], note)

    for bi, b in enumerate(docs):
        if b.doc_type == "Pháp điển":
            continue
        b_eff = b.validity.effective_from
        own = number_key(b.number) if b.number else None
        for art in b.articles:
            if art.kind == "annex":
                continue  # an appendix (fee table, form) states no relations: its forms' wording is a template
            by = _cite_label(b, art)
            eff_note = f" (có hiệu lực từ ngày {fmt_date(b_eff)})" if b_eff else ""
            # context number: the document named in the article title / lead ("Sửa đổi … Nghị định số X")
            ctx_m = (_refs(art.title) or _refs(art.text[:400]) or [None])[0]
            ctx_num = ctx_m.group(2) if ctx_m else None
            # "Sửa đổi, bổ sung một số điều của Quy chế … ban hành kèm theo Quyết định số X": its provisions are
            # the Quy chế's, not the decision's own Điều
            pm_ctx = _PART_REF_RE.search(art.title) or _PART_REF_RE.search(art.text[:400])
            ctx_part = number_key(pm_ctx.group(1)) if pm_ctx and ctx_num and number_key(pm_ctx.group(1)) == number_key(ctx_num) else None
            if ctx_num and number_key(ctx_num) != own and _ERRATUM_RE.search(f"{art.title}\n{art.text[:400]}"):
                _mark_errata(art, ctx_num, by, eff_note, lambda an: hits(number_key(ctx_num), an, b), aval)
            in_quote = False
            for line in [art.title, *art.text.split("\n")]:
                s = line.strip()
                quoted, in_quote = _quote_state(s, in_quote)
                if not s or s.startswith("Căn cứ") or quoted:
                    continue
                iq = _INLINE_QUOTE_RE.search(s)
                s = s[: iq.end() - 1] if iq else s  # "… như sau: “<new wording>": only the instruction
                # 1) "<X> … hết hiệu lực (kể) từ ngày Y"
                for em in EXPIRES_RE.finditer(s):
                    start = max(s.rfind(";", 0, em.start()), s.rfind(". ", 0, em.start())) + 1
                    subject = s[start : em.start()]
                    after = s[em.end() : em.end() + 80]
                    dm = re.match(r"\s*" + DATE, after)
                    if dm:
                        y = to_date(dm.group(1), dm.group(2), dm.group(3))
                    elif re.match(r"[^.;]{0,40}này\s+có\s+hiệu\s+lực", after):
                        y = b_eff
                    else:
                        y = None
                    last = y - timedelta(days=1) if y else None
                    for tm in _TARGET_RE.finditer(subject):
                        key = number_key(tm.group("num"))
                        if key == own:
                            continue
                        note = (
                            f"Hết hiệu lực từ ngày {fmt_date(y)} theo {by}." if y else f"Hết hiệu lực theo {by}."
                        )
                        if tm.group("art") and (tm.group("cl") or tm.group("pt")):
                            # "Khoản 3 Điều 20 Nghị định số X hết hiệu lực …": the rest of Điều 20 stays in force —
                            # noted on the article, as a partial repeal is (no end date for the whole Điều)
                            scope = _scope_label(tm.group("pt"), tm.group("cl"), tm.group("art"))
                            part_note = (f"{scope} hết hiệu lực từ ngày {fmt_date(y)} theo {by}." if y
                                         else f"{scope} hết hiệu lực theo {by}.")
                            for di, ai in hits(key, tm.group("art"), b):
                                v = aval(di, ai)
                                v["amended_by"] = _add(v["amended_by"], by)
                                v["notes"] = _add(v["notes"], part_note)
                        elif tm.group("art"):
                            for di, ai in hits(key, tm.group("art"), b):
                                v = aval(di, ai)
                                v["repealed_by"] = _add(v["repealed_by"], by)
                                if last:
                                    v["effective_to"] = last
                                v["notes"] = _add(v["notes"], note)
                        else:
                            expire_doc(key, last, by, note, "repealed_by")
                # 2) verbs: sửa đổi/bổ sung, thay thế, bãi bỏ — active ("Sửa đổi khoản 2 Điều 9 …") or passive with
                # the provisions first ("Khoản 2 Điều 9 được sửa đổi, bổ sung như sau:", "Điều 10 được bãi bỏ.")
                pm = _PASSIVE_REL_RE.match(s)
                verbs = [(pm.group("verb").lower(), pm.group("seg"))] if pm else []
                wm = _DROP_WORDS_RE.match(s)  # "Bỏ cụm từ “…” tại Điều 55 …": a wording change
                if wm:
                    seg = s[wm.end() : wm.end() + 400]
                    stop = re.search(r"[.;](?:\s|$)|\snhư sau\b|\sđã được\b", seg)
                    verbs.append(("sửa đổi", seg[: stop.start()] if stop else seg))
                for vm in _REL_VERB.finditer(s):
                    if _PASSIVE_TAIL_RE.search(s[max(0, vm.start() - 30) : vm.start()]):
                        continue  # "… đã được sửa đổi, bổ sung …"
                    seg = s[vm.end() : vm.end() + 400]
                    wording = re.match(r"\s*(?:các\s+)?(?:cụm\s+)?từ\b", seg)
                    # "bổ sung cụm từ “A” vào sau cụm từ “B” tại khoản 2 Điều 5": the place comes after "vào sau"
                    stop = re.search(r"[.;](?:\s|$)|\snhư sau\b|\sđã được\b" + ("" if wording else r"|\svào\s+(?:sau|trước|cuối|đầu)\b"),
                                     seg if not wording else re.sub(r"[“\"][^”\"]*[”\"]", lambda q: "_" * len(q.group(0)), seg))
                    if not wording:
                        seg = seg[:300]
                    verbs.append((vm.group(1).lower(), seg[: stop.start()] if stop else seg))
                    ins = _INSERTED_UNIT_RE.match(seg[: stop.start()]) if stop and not wording else None
                    if ins and re.match(r"\svào\b", seg[stop.start() :]):
                        # "Bổ sung điểm đ vào sau điểm d khoản 2 Điều 5 như sau:" — the new điểm (khoản) has no text to
                        # mark yet; the khoản (article) it goes into is what changes: "khoản 2 Điều 5"
                        place = seg[stop.end() :]
                        pstop = re.search(r"[.;:](?:\s|$)|\snhư sau\b|\sđã được\b", place)
                        place = place[: pstop.start()] if pstop else place
                        place = re.sub(rf"^\s*{ins.group(1)}\s+\w+(?:\s*,\s*\w+)*\s*", " ", place, flags=re.I)
                        verbs.append((vm.group(1).lower(), place))
                for verb, seg_c in verbs:
                    if verb == "thay thế" and re.match(r"\s*(?:các\s+)?(?:cụm\s+)?từ\b", seg_c):
                        verb = "sửa đổi"  # "thay thế cụm từ “…” bằng cụm từ “…” tại khoản 1 Điều 8": a wording change
                    targets = provision_targets(seg_c, ctx_num if verb.startswith(("sửa đổi", "bổ sung", "bãi bỏ")) else None)
                    explicit = set(provision_targets(seg_c)) if ctx_part else set()
                    part_keys = {number_key(m.group(1)) for m in _PART_REF_RE.finditer(seg_c)}
                    for pt, cl, an, num in targets:
                        key = number_key(num)
                        in_part = key in part_keys or (key == ctx_part and (pt, cl, an, num) not in explicit)
                        if key == own:
                            continue
                        if verb.startswith(("sửa đổi", "bổ sung")):
                            if not an:
                                continue  # whole-document amendment: recorded in B.amends only
                            scope = _scope_label(pt, cl, an)
                            for di, ai in hits(key, an, b, in_part):
                                v = aval(di, ai)
                                v["amended_by"] = _add(v["amended_by"], by)
                                unit = _unit_label(docs[di].articles[ai].number) if an.startswith(FORM_PREFIX) else scope
                                v["notes"] = _add(v["notes"], f"{unit} được sửa đổi, bổ sung bởi {by}{eff_note}.")
                        else:
                            field = "replaced_by" if verb == "thay thế" else "repealed_by"
                            last = b_eff - timedelta(days=1) if b_eff else None
                            word = "bị thay thế" if field == "replaced_by" else "bị bãi bỏ"
                            if an and (pt or cl):
                                scope = _scope_label(pt, cl, an)
                                for di, ai in hits(key, an, b, in_part):
                                    v = aval(di, ai)
                                    v["amended_by"] = _add(v["amended_by"], by)
                                    v["notes"] = _add(v["notes"], f"{scope} {word} bởi {by}{eff_note}.")
                            elif an:
                                for di, ai in hits(key, an, b, in_part):
                                    v = aval(di, ai)
                                    v[field] = _add(v[field], by)
                                    if last:
                                        v["effective_to"] = last
                                    unit = docs[di].articles[ai].number if an.startswith(FORM_PREFIX) else an  # "01/HQ" as written
                                    v["notes"] = _add(v["notes"], f"{_unit_label(unit)} {word} bởi {by}{eff_note}.")
                            else:
                                expire_doc(key, last, by, f"Văn bản {word} bởi {by}{eff_note}.", field)

    # a văn bản hợp nhất tells what happened to the document it consolidates ("[2] Khoản này được sửa đổi, bổ sung
    # theo quy định tại khoản 1 Điều 1 của Nghị định số 118/…", "Điều 10. (được bãi bỏ)"): the original's article
    # gets it too — unless the amending document is in the collection, whose own relations said it above
    for hi, h in enumerate(docs):
        if not h.consolidates:
            continue
        key = number_key(h.consolidates)
        originals = [di for di in by_num.get(key, []) if docs[di].doc_type != "Pháp điển" and not docs[di].consolidates]
        if not originals:
            continue
        src = f"Văn bản hợp nhất số {h.number}" if h.number else h.title
        for a in h.articles:
            av = a.validity
            if a.kind != "article" or not (av.amended_by or av.repealed_by or av.effective_to or av.notes):
                continue
            amenders = [x for x in av.amended_by + av.repealed_by
                        if not any(number_key(n) in by_num for n in NUM_RE.findall(x))]
            if (av.amended_by or av.repealed_by) and not amenders:
                continue  # the amending document is here: its own relations were applied
            for di in originals:
                for ai, oa in enumerate(docs[di].articles):
                    if oa.kind != "article" or oa.part or oa.number != a.number:
                        continue
                    v = aval(di, ai)
                    for x in av.amended_by:
                        if x in amenders:
                            v["amended_by"] = _add(v["amended_by"], x)
                    for x in av.repealed_by:
                        if x in amenders:
                            v["repealed_by"] = _add(v["repealed_by"], x)
                    if av.effective_to and (a.validity.repealed_by or not a.clauses or a.text.strip() and is_repealed_marker(a.text)):
                        if v["effective_to"] is None or av.effective_to < v["effective_to"]:
                            v["effective_to"] = av.effective_to
                    for n in av.notes:
                        v["notes"] = _add(v["notes"], f"{n.rstrip('.')} (theo {src}).")

    if not doc_upd and not art_upd:
        return list(docs)
    out: list[LegalDocument] = []
    for di, d in enumerate(docs):
        arts = d.articles
        touched = [ai for (dj, ai) in art_upd if dj == di]
        if touched:
            arts = list(arts)
            for ai in touched:
                arts[ai] = arts[ai].model_copy(update={"validity": Validity(**art_upd[(di, ai)])})
        upd: dict[str, Any] = {}
        if touched:
            upd["articles"] = arts
        if di in doc_upd:
            upd["validity"] = Validity(**doc_upd[di])
        out.append(d.model_copy(update=upd) if upd else d)
    return out


def _incorporates(d: LegalDocument, b: LegalDocument) -> bool:
    """Does văn bản hợp nhất ``d`` already show the changes made by ``b`` (named in its header, or ``b`` was issued
    no later than ``d``)?"""
    if not d.consolidates or not b.number:
        return False
    if number_key(b.number) in {number_key(n) for n in d.consolidated_amendments}:
        return True
    return bool(b.issued_on and d.issued_on and b.issued_on <= d.issued_on)
