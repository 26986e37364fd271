"""A standard statute (Luật, Nghị định, Thông tư, Quyết định …, a văn bản hợp nhất): ``RawDocument`` with
"Điều N." lines → ``LegalDocument``.

Does: put the stage's parts together for such a document (header, articles, appendices, footnotes, repeal markers,
consolidation, validity, relations) and title it (``_doc_title``; a law's date from its closing sentence:
``_passed_on``).

Does not: handle texts without Điều (see ``plain``), ALQAC (``alqac``) or Pháp điển (``phapdien``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.legal.annexes import _cut_annexes, _parse_annexes
from assistant.legal.articles import _find_articles, _parse_statute_articles
from assistant.legal.common import (
    DATE, NUM_RE, _is_upper, _meta, _meta_date, doc_type_from_number, fmt_date, issuer_from_number, joint_issuers,
    restore_names, sentence_case, to_date,
)
from assistant.legal.header import _header_info
from assistant.legal.validity import (
    _apply_footnotes, _consolidated_source, _mark_repealed, _provision_starts, _take_footnotes, consolidation_header,
    document_relations, self_validity,
)
from assistant.records import LegalDocument, RawDocument


def _parse_statute(raw: RawDocument, lines: list[str]) -> LegalDocument:
    info = _header_info(lines)
    number = info.get("number") or _meta(raw, "số hiệu", "so_hieu", "number")
    if number and not NUM_RE.fullmatch(str(number)):
        number = None
    doc_type = info.get("doc_type") or _meta(raw, "loại văn bản", "loai_van_ban", "doc_type") or doc_type_from_number(number)
    doc_type = doc_type or "Văn bản"
    issuer = (joint_issuers(number) or info.get("issuer") or issuer_from_number(number)
              or _meta(raw, "nơi ban hành", "noi_ban_hanh", "issuer"))
    issued_on = info.get("issued_on") or _meta_date(raw, "ngày ban hành", "ngay_ban_hanh", "issued_on")
    if not issued_on and doc_type in ("Luật", "Bộ luật", "Nghị quyết", "Hiến pháp", "Pháp lệnh"):
        issued_on = _passed_on(lines)  # a law has no "Hà Nội, ngày …" line: "… thông qua ngày 12 tháng 02 năm 2026."
    subject = info.get("subject") or ""
    title = restore_names(_doc_title(doc_type, subject, number, raw.title), issuer)
    if doc_type_from_number(number) == "Văn bản hợp nhất" and doc_type != "Văn bản hợp nhất":
        # a consolidated text keeps the heading of the document it consolidates ("NGHỊ ĐỊNH …") but is cited by
        # its own number: "Điều 5 Văn bản hợp nhất 08/VBHN-BNV", title "Văn bản hợp nhất Nghị định …"
        title = f"Văn bản hợp nhất {title}" if not title.startswith("Văn bản hợp nhất") else title
        doc_type = "Văn bản hợp nhất"
    lines, footnotes = _take_footnotes(lines)
    lines, annex_blocks = _cut_annexes(lines)
    starts = _find_articles(lines)
    arts = _parse_statute_articles(lines, 0, pdf=raw.format == "pdf") if starts else []
    annexes = _parse_annexes(annex_blocks, arts[-1].part if arts else None)
    if footnotes:
        arts = [_apply_footnotes(a, footnotes) for a in arts]
        annexes = [_apply_footnotes(a, footnotes).model_copy(update={"clauses": []}) for a in annexes]
    marker_end = issued_on - timedelta(days=1) if isinstance(issued_on, date) else None
    arts = [_mark_repealed(a, marker_end) for a in arts]
    arts = _provision_starts(arts)
    consolidates: str | None = None
    consolidated: list[str] = []
    if doc_type == "Văn bản hợp nhất":
        ctype, consolidates, consolidated = consolidation_header(lines)
        if consolidates:
            arts = [_consolidated_source(a, ctype, consolidates) for a in arts]
            annexes = [_consolidated_source(a, ctype, consolidates) for a in annexes]
    # validity and relations come from the document's own articles, not from its appendices (a form of a
    # Quyết định in a Phụ lục says "Quyết định này có hiệu lực …" about a decision yet to be made)
    body_text = "\n".join(a.text for a in arts)
    validity = self_validity(body_text or "\n".join(lines), issued_on)
    if validity.effective_from is None:
        d = _meta_date(raw, "ngày hiệu lực", "ngay_hieu_luc", "effective_from", "ngày có hiệu lực")
        if d:
            validity = validity.model_copy(update={"effective_from": d})
    # a saved web page's properties box: "Ngày hết hiệu lực: 01/07/2025", "Tình trạng: Hết hiệu lực toàn bộ" — what
    # the site knows of later documents that may not be in the collection
    end = _meta_date(raw, "ngày hết hiệu lực", "ngay_het_hieu_luc", "effective_to")
    status = str(_meta(raw, "tình trạng", "tình trạng hiệu lực") or "")
    if end and validity.effective_to is None:
        validity = validity.model_copy(update={
            "effective_to": end - timedelta(days=1),
            "notes": [*validity.notes, f"Hết hiệu lực từ ngày {fmt_date(end)} (theo thông tin văn bản của trang nguồn)."]})
    elif "hết hiệu lực" in status.lower() and validity.effective_to is None:
        validity = validity.model_copy(update={
            "notes": [*validity.notes, f"Tình trạng hiệu lực theo trang nguồn: {status}."]})
    # article titles too: "Điều 1. Sửa đổi, bổ sung một số điều của Luật Cư trú số 68/2020/QH14" names what a law
    # amending several laws amends (its own title names none of their numbers)
    titles = "\n".join(a.title for a in arts if a.title)
    amends, replaces = document_relations(sentence_case(subject) + "\n" + titles + "\n" + body_text, number)
    warnings = list(raw.warnings)
    if not number and doc_type not in ("Văn bản",):
        warnings.append("không tìm thấy số hiệu văn bản")
    return LegalDocument(
        doc_id=raw.doc_id,
        title=title,
        doc_type=doc_type,
        number=number,
        issuer=issuer,
        issued_on=issued_on,
        validity=validity,
        amends=amends,
        replaces=replaces,
        source_path=raw.source_path,
        source_format=raw.format,
        checksum=raw.checksum,
        articles=arts + annexes,
        warnings=warnings,
        consolidates=consolidates,
        consolidated_amendments=consolidated,
    )


# in a title typed in capitals, a law it names: "… CỦA LUẬT CƯ TRÚ VÀ LUẬT CĂN CƯỚC" → "… của Luật Cư trú và Luật Căn cước"
_NAMED_LAW_LOW_RE = re.compile(r"\b(của|và|theo|thi hành|,) (bộ luật|luật|pháp lệnh) (?!số\b|này\b)(\w)")


_PASSED_RE = re.compile(r"(?:Quốc hội|Ủy ban Thường vụ Quốc hội|Hội đồng nhân dân)[^.;]{0,160}?\bthông\s+qua\s+ngày\s+" + DATE)


def _passed_on(lines: list[str]) -> date | None:
    """The date a law / resolution was passed, from its closing sentence ("Luật này đã được Quốc hội … khóa XV, kỳ
    họp thứ 11 thông qua ngày 12 tháng 02 năm 2026.") — the date it is dated by; none when there is no such line."""
    tail = lines[-400:]
    for i in range(len(tail) - 1, -1, -1):
        m = _PASSED_RE.search(tail[i])
        if not m and i:  # the sentence wrapped in a PDF: "… Cộng hòa xã hội chủ nghĩa Việt" / "Nam khóa XV, … thông qua ngày …"
            m = _PASSED_RE.search(f"{tail[i - 1].rstrip()} {tail[i].lstrip()}")
        if m:
            return to_date(m.group(1), m.group(2), m.group(3))
    return None


def _doc_title(doc_type: str, subject: str, number: str | None, raw_title: str | None) -> str:
    if subject and _is_upper(subject):
        subject = _NAMED_LAW_LOW_RE.sub(  # "… của Luật sửa đổi, bổ sung …": the name is not "Sửa đổi"
            lambda m: f"{m.group(1)} {m.group(2)[:1].upper()}{m.group(2)[1:]} "
                      f"{m.group(3) if m.string[m.start(3):m.start(3) + 4] == 'sửa ' else m.group(3).upper()}",
            sentence_case(subject))
    subject = sentence_case(subject) if subject else ""
    if subject:
        if doc_type in ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"):
            if subject.lower().startswith(doc_type.lower()):
                return subject
            if subject.split(" ", 1)[0].lower() in ("sửa", "bãi", "bổ"):  # "Luật sửa đổi, bổ sung một số điều của …"
                return f"{doc_type} {subject[:1].lower()}{subject[1:]}"
            return f"{doc_type} {subject[:1].upper()}{subject[1:]}"
        first = subject.split(" ", 1)[0]
        if first.lower() in ("quy", "hướng", "sửa", "ban", "về", "bãi", "phê", "thành", "giao", "công", "kiện",
                             # a trích yếu beginning with another verb: "Nghị quyết thí điểm …", "… điều chỉnh …"
                             "thí", "thực", "tổ", "áp", "miễn", "giảm", "điều", "kéo", "xử", "chấp", "phân", "sáp",
                             "đặt", "tiếp", "cấp", "hỗ", "bổ"):
            subject = subject[:1].lower() + subject[1:]
        return f"{doc_type} {subject}"
    if raw_title:
        return sentence_case(raw_title)
    return f"{doc_type} {number}" if number else doc_type
