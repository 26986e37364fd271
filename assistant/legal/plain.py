"""Texts without Điều: handbooks and guides (heading-based sections), công văn ("V/v …") and formal documents
without articles (Chỉ thị, Kế hoạch, Thông báo …) → ``LegalDocument`` of ``kind="section"`` units.

Does: section headings (markdown ``#``, ``I.``, ``1.``, ``Bước N:``, "Câu hỏi N:", "Phần …"), over-long sections
split in parts, the plain document type (``_guess_plain_type``), a công văn's subject, a handbook's cover title.

Does not: parse "Điều N." articles (see ``statute``).
"""

from __future__ import annotations

import re

from assistant.legal.annexes import _cut_annexes, _parse_annexes
from assistant.legal.articles import _trim_signature
from assistant.legal.clauses import _body_lines
from assistant.legal.common import DATE, _clean_line, _is_upper, issuer_from_number, sentence_case, to_date
from assistant.legal.header import _header_columns, _header_info
from assistant.records import Article, LegalDocument, RawDocument


_MD_H = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_ROMAN_H = re.compile(r"^([IVXLC]+)\s*[.)]\s+(\S.{0,150})$")
_NUM_H = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.{0,150})$")
_STEP_H = re.compile(r"^(Bước\s+\d+)\s*[:.)–-]\s*(.*)$", re.I)
# a handbook's FAQ entry: "Câu hỏi 3: <the question>?" (its answer, "Trả lời: …", is the section's text)
_QUESTION_H = re.compile(r"^(Câu\s+hỏi\s+(?:số\s+)?\d+|Câu\s+(?:số\s+)?\d+(?=\s*[:.]\s*(?:Hỏi\s*:\s*)?\S.*\?\s*$))"
                         r"\s*[:.)–-]\s*(?:Hỏi\s*:\s*)?(\S.{0,400})$", re.I)  # "Câu 2. Hỏi: …?" needs its "?"
# "Phần I", "PHẦN THỨ HAI", "Phần 2. …" in a plain text without Điều (a handbook's parts); its name may follow on the next line
_PART_H = re.compile(r"^(?:Phần|PHẦN)\s+(thứ\s+[a-zà-ỹ]+|THỨ\s+[A-ZÀ-Ỹ]+|[IVXLC]+|\d+)\s*(?:[.:–-]\s*(\S.{0,150}))?$")


def _section_heading(line: str, markdown: bool) -> tuple[int, str, str] | None:
    """(level, heading text, inline body) or None."""
    s = line.strip()
    m = _MD_H.match(s)
    if m:
        return len(m.group(1)), _clean_line(m.group(2)), ""
    c = _clean_line(s)
    m = _STEP_H.match(c)
    if m:
        body = m.group(2).strip()
        return 8, m.group(1)[:1].upper() + m.group(1)[1:], body
    m = _QUESTION_H.match(c)
    if m:
        return 8, f"{m.group(1)[:1].upper()}{m.group(1)[1:]}: {m.group(2).strip()}", ""
    if markdown:
        if re.match(r"^\*\*[^*]{2,150}\*\*$", s):  # bold-only line as a minor heading
            return 7, _clean_line(s), ""
        return None
    m = _PART_H.match(c)
    if m:
        return 0, c, ""
    m = _ROMAN_H.match(c)
    if m and len(c.split()) <= 20 and not c.endswith((";", ",")):
        return 1, c, ""
    m = _NUM_H.match(c)
    if m and len(c.split()) <= 20 and not c.endswith((".", ";", ",", ":")):
        return 2 + m.group(1).count("."), c, ""
    return None


SECTION_MAX_WORDS = 600
SECTION_PART_WORDS = 350


def _split_long(paras: list[str]) -> list[list[str]]:
    """Split an over-long heading-less section into consecutive paragraph groups of ~350 words."""
    total = sum(len(p.split()) for p in paras)
    if total <= SECTION_MAX_WORDS:
        return [paras]
    out: list[list[str]] = [[]]
    n = 0
    for p in paras:
        w = len(p.split())
        if out[-1] and n + w > SECTION_PART_WORDS:
            out.append([])
            n = 0
        out[-1].append(p)
        n += w
    return out


def _parse_sections(raw: RawDocument, lines: list[str], default_title: str = "", markdown: bool | None = None
                    ) -> list[Article]:
    if markdown is None:
        markdown = raw.format in ("md", "html") or any(_MD_H.match(ln.strip()) for ln in lines)
    stack: dict[int, str] = {}
    sections: list[Article] = []
    cur_title: str | None = None
    cur_path: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        body = _body_lines("\n".join(buf))
        if body:
            title = sentence_case(cur_title or raw.title or default_title or "Nội dung")
            parts = _split_long(body)
            for k, part in enumerate(parts, 1):
                sections.append(
                    Article(
                        number=str(len(sections) + 1),
                        title=title if len(parts) == 1 else f"{title} (phần {k})",
                        text="\n".join(part),
                        heading_path=list(cur_path),
                        kind="section",
                    )
                )
        buf.clear()

    skip: set[int] = set()
    for i, ln in enumerate(lines):
        if i in skip:
            continue
        h = _section_heading(ln, markdown)
        if h is None:
            buf.append(ln)
            continue
        level, text, inline = h
        if level == 0 and not markdown and _PART_H.match(text) and not _PART_H.match(text).group(2):
            # "Phần I" / "NHỮNG VẤN ĐỀ CHUNG": the part's name on the next line
            j = next((k for k in range(i + 1, min(i + 4, len(lines))) if lines[k].strip()), None)
            nxt = _clean_line(lines[j]) if j is not None else ""
            if nxt and _is_upper(nxt) and len(nxt.split()) <= 20 and _section_heading(nxt, markdown) is None:
                text = f"{text}. {sentence_case(nxt)}"
                skip.add(j)  # type: ignore[arg-type]
        flush()
        for lv in [k for k in stack if k >= level]:
            del stack[lv]
        cur_path = [sentence_case(stack[k]) for k in sorted(stack)]
        stack[level] = text
        cur_title = text
        if inline:
            buf.append(inline)
    flush()
    return sections


def _guess_plain_type(title: str, text: str) -> str:
    t = (title + "\n" + text[:500]).lower()
    if "cẩm nang" in t or "sổ tay" in t:
        return "Cẩm nang"
    if re.search(r"hỏi\s*(?:-|–|và)?\s*đáp|câu hỏi thường gặp", t):
        return "Hỏi đáp"
    if "hướng dẫn" in t or re.search(r"^\s*bước\s+1\b", text, re.I | re.M):
        return "Hướng dẫn"
    if "công văn" in t or "v/v" in t:
        return "Công văn"
    return "Văn bản"


_VV_RE = re.compile(r"^(?:V/v|V/V|Về việc|VỀ VIỆC)\s*:?\s*(\S.*)$")


def _official_letter(lines: list[str], number: str | None) -> tuple[str, int] | None:
    """A công văn: a số hiệu and a "V/v …" (về việc) line in its header → (subject, index of the first line after
    the header: after the "…, ngày … tháng … năm …" line, or the V/v line when there is none). None otherwise."""
    if not number:
        return None
    subject: list[str] = []
    at: int | None = None
    end: int | None = None
    for i, ln in enumerate(lines[:25]):
        s = _clean_line(ln)
        if not s:
            continue
        parts = _header_columns(s)
        for f in parts:
            m = _VV_RE.match(f)
            if m and at is None:
                at = i
                subject.append(m.group(1))
            elif at is not None and i == at + 1 and f[:1].islower() and not subject[-1].endswith("."):
                subject.append(f)  # the subject wrapped onto the next line
            if re.search(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", f) and end is None:
                end = i + 1
    if at is None:
        return None
    return " ".join(subject).strip(" ."), max(end or 0, at + 1)


_COVER_TYPES_RE = re.compile(r"^(?:CẨM NANG|SỔ TAY|TÀI LIỆU|HỎI\s*[-–]?\s*ĐÁP|HƯỚNG DẪN|BỘ CÂU HỎI)\b")


def _cover_title(lines: list[str]) -> str | None:
    """A handbook's name from its cover, an issuer line possibly first ("SỞ TƯ PHÁP TỈNH …" / "CẨM NANG" /
    "HỎI - ĐÁP VỀ …"): the upper-case line naming the kind of text and the upper-case lines after it (up to three)."""
    first = [_clean_line(ln) for ln in lines if ln.strip()][:12]
    for i, s in enumerate(first):
        if _is_upper(s) and _COVER_TYPES_RE.match(s):
            parts = [s]
            for nxt in first[i + 1 : i + 4]:
                if not _is_upper(nxt) or _section_heading(nxt, False) is not None:
                    break
                parts.append(nxt)
            return " ".join(parts)
    return None


def _parse_plain(raw: RawDocument, lines: list[str]) -> LegalDocument:
    title = raw.title or ""
    first = next((_clean_line(ln) for ln in lines if ln.strip()), "")
    if not title:
        title = _cover_title(lines) or first
    title = sentence_case(title)
    text = "\n".join(lines)
    info = _header_info(lines)
    number = info.get("number")
    letter = _official_letter(lines, number)
    if letter:
        # "Công văn 4512/BNV-CCHC về việc hướng dẫn …": the header (issuer, number, date) and the signature block
        # are not sections
        subj, body_from = letter
        title = f"Công văn {number} về việc {subj[:1].lower()}{subj[1:]}" if subj else f"Công văn {number}"
        lines = _trim_signature(lines[body_from:])
    formal = not letter and bool(number and info.get("doc_type") and info.get("subject"))
    annex_blocks: list[list[str]] = []
    if formal:
        # a Chỉ thị, Kế hoạch, Thông báo … without Điều: a formal header (issuer, số, ngày, type, trích yếu), then
        # sections "I.", "1.", "a)", then the signature block. Titled like a công văn ("Chỉ thị 05/CT-UBND về …",
        # not the web page's or file's title); the header and signature are not sections
        subj = sentence_case(info["subject"])
        first_word = subj.split(" ", 1)[0].lower()
        # the trích yếu goes on the sentence: "Chỉ thị 05/CT-UBND về …", "Thông báo 45/TB-UBND kết luận của …",
        # "Chỉ thị … tăng cường …"
        subj = subj[:1].lower() + subj[1:] if first_word in (
            "về", "quy", "hướng", "triển", "thực", "tổ", "ban", "kết", "tăng", "đẩy", "chấn", "nâng", "khắc", "tiếp",
            "thí", "phê", "giao", "bảo") else subj
        title = f"{info['doc_type']} {number} {subj}"
        lines, annex_blocks = _cut_annexes(lines[info.get("body_from", 0):], 0)  # "PHỤ LỤC … (Kèm theo Chỉ thị …)"
        lines = _trim_signature(lines)
    # a letter's opening paragraphs (before its first heading) are its "Phần mở đầu", not a second copy of its title
    sections = _parse_sections(raw.model_copy(update={"title": None}), lines, "Phần mở đầu",
                               markdown=False if formal else None,  # "#" headings count either way
                               ) if letter or formal else _parse_sections(raw, lines, title)
    if formal and annex_blocks:
        sections = sections + _parse_annexes(annex_blocks, None)
    doc_type = "Công văn" if letter else info.get("doc_type") or _guess_plain_type(title, text)
    issued = info.get("issued_on")
    if issued is None:
        m = re.search(r"(?:cập nhật|biên soạn|ban hành)[^\n]{0,40}?" + DATE, text[:2000])
        if m:
            issued = to_date(m.group(1), m.group(2), m.group(3))
    return LegalDocument(
        doc_id=raw.doc_id,
        title=title or raw.doc_id,
        doc_type=doc_type,
        number=number,
        issuer=(info.get("issuer") if (info.get("doc_type") or number) else None) or issuer_from_number(number),
        issued_on=issued,
        source_path=raw.source_path,
        source_format=raw.format,
        checksum=raw.checksum,
        articles=sections,
        warnings=list(raw.warnings),
    )
