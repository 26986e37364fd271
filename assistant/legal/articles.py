"""The articles of a statute. Does: find "Điều N." heading lines, also in PDF text whose lines wrap anywhere
(``_find_articles``); join a title wrapped over lines (``_join_title``); cut the signature block (``_trim_signature``,
``_split_signature``) and name a text issued with the document (Quy chế, Quy định …: ``_attached_title``); build the
``Article`` list with heading paths, clauses and cross-reference notes (``_parse_statute_articles``).

Does not: read the header (see ``header``), cut appendices and forms (see ``annexes``) or set validity (``validity``).
"""

from __future__ import annotations

import re

from assistant.legal.clauses import _CLAUSE_RE, _POINT_RE, _body_lines, is_repealed_marker, plain_label_lines, split_clauses
from assistant.legal.common import _clean_line, _is_upper, sentence_case
from assistant.legal.headings import _HeadingStack, _apply_heading_block, _match_heading
from assistant.records import Article, Validity


_ART_RE = re.compile(r"^Điều\s+(\d+[a-zđ]?)\s*[.:]\s*(.*)$")
_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# the signature block; also the signer's title and "(Đã ký)" on one line ("CHỦ TỊCH QUỐC HỘI (Đã ký) Trần Thanh Mẫn":
# a DOCX signature table whose left cell is empty, read as one row)
_SIGN_RE = re.compile(r"^(?:Nơi nhận|XÁC THỰC VĂN BẢN HỢP NHẤT|TM\.|T\.M\.|KT\.|K\.T\.|Q\.|TUQ\.|TL\.|\(Đã ký\)|/\.?$"
                      rf"|[{_UP}][{_UP} ,.]{{1,80}}\s\((?:Đã ký|đã ký)\))")
_CROSSREF_RE = re.compile(r"\((?:Điều|Chương|Mục|Phần|Tiểu mục|Khoản|Điểm) này có nội dung liên quan đến")


_TERMINAL = (".", ":", ";", "!", "?", ")", "”", '"', "…", "]")


def _unterminated(line: str) -> bool:
    """Does ``line`` stop mid-sentence (a PDF line wrapped before "Điều 6.")? Not for headings, upper-case
    titles, or lines ending a sentence / list item."""
    return bool(line) and not line.endswith(_TERMINAL) and not _is_upper(line) and not _match_heading(line)


def _find_articles(lines: list[str]) -> list[int]:
    """Indexes of "Điều N." heading lines. A PDF wraps body lines anywhere, so a reference can land at a line
    start ("… trừ trường hợp quy định tại khoản 2" / "Điều 6."): a "Điều N." line right after a line that stops
    mid-sentence starts an article only if N follows the previous article's number (or is Điều 1 / the first)
    and a title-like text follows it (upper case, or a bracket: "Điều 10. (được bãi bỏ)")."""
    out: list[int] = []
    prev_num: int | None = None
    prev = ""
    for i, ln in enumerate(lines):
        s = _clean_line(ln)
        if not s:
            continue
        m = _ART_RE.match(s)
        if m:
            n = int(re.match(r"\d+", m.group(1)).group())  # type: ignore[union-attr]
            if _unterminated(prev):
                expected = prev_num is None or n in (1, prev_num + 1) or (n == prev_num and not m.group(1).isdigit())
                rest = m.group(2).strip()
                if not rest:  # "Điều 5." alone: a heading if its title follows on the next line
                    rest = next((x for x in (_clean_line(y) for y in lines[i + 1 : i + 4]) if x), "")
                    rest = "" if _structural(rest) or rest.endswith(_TERMINAL) else rest
                if not (expected and rest[:1] and (rest[0].isupper() or rest[0] in "([")):
                    prev = s
                    continue  # a wrapped reference, not a heading
            out.append(i)
            prev_num = n
        prev = s
    return out


_CONNECTIVE_END_RE = re.compile(
    r"(?:\b(?:của|và|về|đối với|cho|tại|trong|theo|với|hoặc|các|những|để|khi|từ|do|bởi|thuộc|giữa|số)|[,–-])$"
)


# a line wrapped inside a date or a number ("… kể từ ngày 01 tháng 4 năm" / "2026 và thay thế …"): the next line,
# starting with its digits, continues it like a line in lower case
_NUMBER_CUT_RE = re.compile(r"\b(?:năm|tháng|ngày|số|Điều|khoản|điểm|Mục|Chương|Phụ lục)$")


def _join_title(title: str, seg: list[str], wrapped_at: int = 0, pdf: bool = False,
                full_line: int = 0) -> tuple[str, list[str]]:
    """A "Điều N. …" title wrapped over lines (PDF): the next lines join it while they continue it — they start in
    lower case, or the title so far ends with a connective ("Trách nhiệm của" / "Ủy ban nhân dân cấp tỉnh") — up
    to three lines, never a khoản, điểm, heading or article line. A Quyết định-style sentence on the Điều line
    ("Điều 1. Ban hành kèm theo Quyết định này …" wrapped) joins up to its full stop, so ``_is_sentence`` sees it.
    ``wrapped_at`` (PDF only: the length of the "Điều N." line): a line that long was wrapped, so a following
    short, unpunctuated line starting in upper case ("… Cộng hòa xã hội chủ nghĩa Việt" / "Nam") continues it."""
    t = title.strip()
    taken = 0
    j = 0
    if not t:
        # "Điều 5." alone, its title on the next line (a separate bold run in a PDF or DOCX): a short line without
        # final punctuation, in upper case, not naming "… này" (a Quyết định sentence) and, in a PDF, not a full line
        # (``full_line``: the document's longest line — a body line wrapped at the page width)
        while j < len(seg) and not _clean_line(seg[j]):
            j += 1
        nxt = _clean_line(seg[j]) if j < len(seg) else ""
        if (nxt and nxt[:1].isupper() and not nxt.endswith(_TERMINAL) and len(nxt.split()) <= 25
                and not re.search(r"\bnày\b", nxt) and not _structural(nxt) and not (pdf and full_line and len(nxt) >= 0.9 * full_line
                                                   and not _title_tail(seg[j + 1 : j + 4], full_line))):
            t = nxt
            j += 1
            seg = seg[j:]
            j = 0
            wrapped_at = len(nxt) if pdf else 0
        else:
            return title, seg
    if t.endswith((".", ";", ":", "!", "?")):
        return (t if t != title.strip() else title), seg
    sentence = False
    while j < len(seg) and taken < 6:
        nxt = _clean_line(seg[j])
        if not nxt:
            j += 1
            continue
        if _structural(nxt):
            break
        lower = nxt[:1].islower() or bool(nxt[:1].isdigit() and _NUMBER_CUT_RE.search(t))
        if taken == 0 and lower and re.search(r"\bnày\b", t):
            sentence = True  # "Điều 1. Ban hành kèm theo Quyết định này Quy chế …, giải" / "quyết …"
        # after a connective ("… của" / "Ủy ban nhân dân cấp tỉnh") only a short unpunctuated line continues the title:
        # "… pháp nhân chấm dứt tồn tại" / "Khi các bên có thỏa thuận … thì nghĩa vụ cũng chấm dứt." is the body
        short = not nxt.endswith(_TERMINAL) and len(nxt.split()) <= 15
        connective = short and (bool(_CONNECTIVE_END_RE.search(t)) or (
            taken == 0 and wrapped_at >= 60 and len(nxt) < 0.7 * wrapped_at))
        if not (sentence or lower or connective) or (not sentence and taken >= 3):
            if (taken and len(t.split()) > 15 and len(nxt.split()) <= 10 and nxt.endswith(".")
                    and re.search(r"\bnày\b", nxt)):
                # a Quyết định sentence wrapped before its end: "Điều 3. Chánh Văn phòng …, Thủ trưởng các sở, ban," /
                # "ngành, … chịu trách nhiệm thi hành" / "Quyết định này./." — the article's text, not its title
                t = f"{t} {nxt}"
                j += 1
            break
        t = f"{t} {nxt}"
        taken += 1
        j += 1
        if t.endswith((".", ";", ":", "!", "?")):
            break
    if t == title.strip():
        return title, seg
    return t, seg[j:]


def _title_tail(lines: list[str], full_line: int) -> bool:
    """After a full PDF line: is the next line the short, unpunctuated end of a wrapped title (a body paragraph's
    last line ends its sentence)?"""
    nxt = next((x for x in (_clean_line(y) for y in lines) if x), "")
    return bool(nxt) and not nxt.endswith(_TERMINAL) and len(nxt) < 0.7 * full_line and not _structural(nxt)


def _structural(line: str) -> bool:
    """A khoản, điểm, heading, article, cross-reference note, repeal marker, table row or signature line."""
    return bool(_CLAUSE_RE.match(line) or _POINT_RE.match(line) or _match_heading(line) or _ART_RE.match(line)
                or _CROSSREF_RE.match(line) or is_repealed_marker(line) or " | " in line or _SIGN_RE.match(line))


# the closing formula of a law or resolution ("Luật này đã được Quốc hội … thông qua ngày 20 tháng 02 năm 2026."): the
# last line of the text — the signer ("CHỦ TỊCH QUỐC HỘI" + name, no "TM.") follows, whether or not it ends "./."
_PASSED_LINE_RE = re.compile(r"^(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Hiến pháp)\s+này\s+(?:đã\s+)?được\s+"
                             r"(?:Quốc hội|Ủy ban Thường vụ Quốc hội|Hội đồng nhân dân)[^\n]{0,200}?\bthông\s+qua\s+ngày\s+"
                             r"\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}[^\n]{0,120}$")


def _trim_signature(lines: list[str]) -> list[str]:
    for i, ln in enumerate(lines):
        s = _clean_line(ln)
        if _SIGN_RE.match(s):
            lines = lines[:i]
            break
        if s.endswith("./.") or _PASSED_LINE_RE.match(s):
            lines = lines[: i + 1]
            lines[-1] = lines[-1].rstrip("/. ") + "."
            break
    # trailing signer titles ("BỘ TRƯỞNG, CHỦ NHIỆM") right before the cut
    while lines and (not _clean_line(lines[-1]) or (_is_upper(_clean_line(lines[-1])) and len(_clean_line(lines[-1]).split()) <= 8)):
        lines = lines[:-1]
    return lines


_ATTACHED_TYPES = (
    "QUY CHẾ", "QUY ĐỊNH", "ĐIỀU LỆ", "QUY TRÌNH", "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "KẾ HOẠCH", "DANH MỤC",
    "PHƯƠNG ÁN", "ĐỀ ÁN", "NỘI QUY", "TIÊU CHUẨN", "QUY CHUẨN", "CHIẾN LƯỢC", "BẢN QUY ĐỊNH",
)
_ATTACHED_NOTE_RE = re.compile(r"^\(?\s*(?:Ban hành|Được ban hành|Phê duyệt|Kèm theo)\b[^)]*\)?$", re.I)


def _attached_title(lines: list[str]) -> str | None:
    """Name of a text issued with the document, from the lines after the signature block: "QUY CHẾ" + its
    subject (+ "(Ban hành kèm theo Quyết định số …)") → "Quy chế tiếp nhận …". None if there is none."""
    for i, ln in enumerate(lines):
        s = _clean_line(ln)
        if s.upper() in _ATTACHED_TYPES and _is_upper(s):
            subject: list[str] = []
            for nxt in lines[i + 1 : i + 8]:
                t = _clean_line(nxt)
                if not t:
                    if subject:
                        break
                    continue
                if _ATTACHED_NOTE_RE.match(t) or _match_heading(t) or _ART_RE.match(t):
                    break
                subject.append(t)
            subj = sentence_case(" ".join(subject))
            if subj[1:2].islower() or subj[1:2] == "":  # "Tiếp nhận, giải quyết …" continues the name
                subj = subj[:1].lower() + subj[1:]
            name = sentence_case(s) + (" " + subj if subj else "")
            name = name.replace("Bản quy định", "Quy định")
            return re.sub(r"\s+", " ", name).strip()
    return None


def _split_signature(seg: list[str]) -> tuple[list[str], list[str]] | None:
    """(article lines, what follows) when a signature block ("Nơi nhận:", "TM. …", "KT. …") ends the document
    inside this segment; None if there is none."""
    for j, ln in enumerate(seg):
        s = _clean_line(ln)
        if s and _SIGN_RE.match(s) and s not in ("/", "/."):
            return _trim_signature(seg[: j + 1]), seg[j:]
        if (s.endswith("./.") or _PASSED_LINE_RE.match(s)) and _attached_title(seg[j + 1 :]):
            # "… có hiệu lực từ ngày …./." then the signer ("CHỦ TỊCH" + name, no "Nơi nhận") and the Quy định issued
            # with the document
            return _trim_signature(seg[: j + 1]), seg[j + 1 :]
    return None


def _parse_statute_articles(lines: list[str], first: int, pdf: bool = False) -> list[Article]:
    stack = _HeadingStack()
    starts = [i for i in _find_articles(lines) if i >= first]
    full_line = max((len(_clean_line(x)) for x in lines), default=0) if pdf else 0
    # headings before the first article
    _apply_heading_block(lines[first : starts[0]] if starts else [], stack)
    arts: list[Article] = []
    part: str | None = None
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        seg = lines[s + 1 : end]
        after_sign: list[str] = []
        if k + 1 == len(starts):
            seg = _trim_signature(seg)
        else:
            sp = _split_signature(seg)
            if sp:  # the document ends here; a text issued with it (Quy chế, Quy định …) follows
                seg, after_sign = sp
        # structural headings inside the segment belong to the following articles
        cut = len(seg)
        for j, ln in enumerate(seg):
            if _match_heading(ln):
                cut = j
                break
        body, tail = seg[:cut], seg[cut:]
        m = _ART_RE.match(_clean_line(lines[s]))
        assert m
        number, title = m.group(1), m.group(2).strip()
        title, body = _join_title(title, body, len(_clean_line(lines[s])) if pdf else 0, pdf, full_line)
        if len(title.split()) > 1 and _is_upper(title):  # "PHẠM VI ĐIỀU CHỈNH" → "Phạm vi điều chỉnh"
            title = sentence_case(title)
        first_body = next((x for x in (_clean_line(y) for y in body) if x), "")
        long_title = not title.endswith((".", ";")) and bool(_CLAUSE_RE.match(first_body))
        if (title.endswith(".") and not title.endswith("./.") and len(title.split()) <= 12 and "này" not in title.split()
                and _CLAUSE_RE.match(first_body) and _CLAUSE_RE.match(first_body).group(1) == "1"):
            title = title.rstrip(". ")  # "Điều 3. Giải thích từ ngữ." + "1. …": a title typed with a full stop
        # "Điều 2. Quyết định này có hiệu lực kể từ ngày ký." — no title, body inline; but the long title of an
        # amending article ("Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số … ngày … của Chính phủ quy định …") followed by its khoản "1." is a title however long
        if _is_sentence(title) and not long_title:
            body = [title.rstrip("/. ") + "." if title.endswith("./.") else title, *body]
            title = ""
        body_lines = _body_lines("\n".join(body))
        notes = [ln for ln in body_lines if _CROSSREF_RE.match(ln)]
        body_lines = [ln for ln in body_lines if not _CROSSREF_RE.match(ln)]
        body_lines = plain_label_lines(body_lines)  # "*đ) …*" → "đ) …" where read as điểm đ
        _, clauses = split_clauses(body_lines)
        arts.append(
            Article(
                number=number,
                title=title,
                text="\n".join(body_lines),
                heading_path=stack.path(),
                clauses=clauses,
                validity=Validity(notes=notes),
                part=part,
            )
        )
        if after_sign:
            name = _attached_title(after_sign)
            if name:
                part = name
                stack = _HeadingStack()
                tail = after_sign
        if tail:
            _apply_heading_block(tail, stack)
    return arts


def _is_sentence(title: str) -> bool:
    """An article "title" that is really its first sentence (Quyết định style: "Điều 1. Ban hành kèm theo …
    Quy chế …", "Điều 3. Quyết định này có hiệu lực kể từ ngày ký./.")."""
    t = title.strip()
    return bool(t) and (t.endswith((".", ";")) or len(t.split()) > 40)
