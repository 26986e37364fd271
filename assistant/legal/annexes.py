"""Appendices (Phụ lục) and forms (Mẫu số …) issued with a document, after its signature block.

Does: cut the appendix and form blocks off the document's lines (``_cut_annexes``) and turn them into annex-kind
articles numbered "PL-I", "PL", "MS-01/HQ", "MS" (a repeated number gets "~2") (``_parse_annexes``); name such units
(``annex_number``, ``form_number``, ``annex_label``, ``is_form``, ``_unit_label``).

Does not: give appendices any validity or relations (they take no part in the document's own, see ``validity``).
"""

from __future__ import annotations

import re

from assistant.legal.articles import _ART_RE, _SIGN_RE, _find_articles
from assistant.legal.clauses import _body_lines
from assistant.legal.common import _clean_line, _is_upper, sentence_case
from assistant.records import Article


# "PHỤ LỤC", "Phụ lục I", "PHỤ LỤC II. BIỂU MỨC THU PHÍ …", "Phụ lục số 01", "PHỤ LỤC I BIỂU MỨC …" — a line of its
# own; "Phụ lục kèm theo Quy chế này." (prose) does not match.
_ANNEX_RE = re.compile(
    r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:SỐ|[Ss]ố)(?=\s))?(?:\s+(?P<label>[IVXLC]+|\d{1,3}[a-zđA-Z]?)(?![\w/]))?"
    r"\s*(?:[.:–-]\s*(?P<title>\S.*)|\s(?P<utitle>[^a-zà-ỹ\s].*))?$"
)
_ANNEX_NOTE_RE = re.compile(r"^\(\s*(?:Ban hành|Được ban hành|Kèm theo|Đính kèm)\b", re.I)
ANNEX_PREFIX = "PL"
_ANNEX_ITEM_RE = re.compile(r"^(?:[IVXLC]+|\d+|[A-Z])[.)]\s")  # "I. PHÍ THẨM ĐỊNH": body, not title


def annex_number(label: str | None) -> str:
    """Article.number of an appendix: "PL-I", "PL-01", "PL" (unnumbered) — never a Điều number, so chunk ids
    (``{doc_id}#PL-I``) cannot collide with articles' (``{doc_id}#5``)."""
    return f"{ANNEX_PREFIX}-{label.upper()}" if label else ANNEX_PREFIX


def annex_label(number: str, title: str = "") -> str:
    """How an appendix or form is named: "PL-I" → "Phụ lục I", "PL" → "Phụ lục", "MS-01/HQ" → "Mẫu số 01/HQ",
    "MS" (an unnumbered form) → "Mẫu " + its title ("Mẫu đơn đề nghị …"); a "~2" de-duplication suffix dropped."""
    base = number.split("~", 1)[0]
    if base.startswith(FORM_PREFIX):
        if base.startswith(FORM_PREFIX + "-"):
            return "Mẫu số " + base[len(FORM_PREFIX) + 1 :]
        t = title.strip()
        return f"Mẫu {t[:1].lower()}{t[1:]}" if t else "Mẫu"
    return "Phụ lục " + base[len(ANNEX_PREFIX) + 1 :] if base.startswith(ANNEX_PREFIX + "-") else "Phụ lục"


def is_form(number: str) -> bool:
    """Is this annex-kind unit a form ("Mẫu số 01/HQ" after the signature) rather than a Phụ lục?"""
    return number == FORM_PREFIX or number.startswith((FORM_PREFIX + "-", FORM_PREFIX + "~"))


# Forms issued with a document without a Phụ lục around them: "Mẫu số 01/HQ", "MẪU SỐ 02", "Mẫu số 03a. Tờ khai …"
# on a line of their own, or an unnumbered "MẪU ĐƠN ĐỀ NGHỊ …" (upper case). Article number "MS-01/HQ" / "MS".
FORM_PREFIX = "MS"
_FORM_RE = re.compile(
    r"^(?:Mẫu|MẪU)\s+(?:số|SỐ)\s*:?\s*(?P<label>\d{1,3}[a-zđA-ZĐ]?(?:[/.-][A-ZĐa-zđ0-9]+)*)(?![\w/])"
    r"\s*(?:[.:–-]\s*(?P<title>\S.{0,200}))?$"
    r"|^MẪU\s+(?P<utitle>(?:ĐƠN|TỜ KHAI|BÁO CÁO|BIÊN BẢN|GIẤY|VĂN BẢN|QUYẾT ĐỊNH|PHIẾU|SỔ|DANH SÁCH|BẢN)\b.{0,200})$"
)


def _match_form(line: str) -> re.Match[str] | None:
    s = _clean_line(line)
    if not s or " | " in s:
        return None
    m = _FORM_RE.match(s)
    return m if m and (not m.group("utitle") or _is_upper(s)) else None


def form_number(label: str | None) -> str:
    return f"{FORM_PREFIX}-{label.upper()}" if label else FORM_PREFIX


def _annex_key(label: str) -> str:
    """Matching key of an appendix label: "01" and "1" are the same appendix, roman numerals upper-cased."""
    return (label.lstrip("0") or "0") if label.isdigit() else label.upper()


def _match_annex(line: str) -> re.Match[str] | None:
    s = _clean_line(line)
    if not s or " | " in s or len(s) > 300:
        return None
    m = _ANNEX_RE.match(s)
    if m and m.group("utitle") and not _is_upper(m.group("utitle")):
        return None
    return m


def _cut_annexes(lines: list[str], begin: int | None = None) -> tuple[list[str], list[list[str]]]:
    """(document lines, one block of lines per appendix). An appendix starts at a "PHỤ LỤC …" heading line after
    the document's signature block ("Nơi nhận:", "TM. …", a line ending "./.") — or one followed within four
    lines by "(Kèm theo …)" — and runs to the next such heading or the end. Headings inside the articles
    ("Phụ lục I. Danh mục …" in a list before the signature) stay article text. ``begin``: a document without
    Điều (a Chỉ thị, a Kế hoạch) is searched from that line."""
    starts = _find_articles(lines)
    if not starts and begin is None:
        return lines, []
    signed = False
    heads: list[int] = []
    in_annex = False  # inside a Phụ lục: a "Mẫu số 01" there is part of it
    for i in range(starts[0] + 1 if starts else begin or 0, len(lines)):
        s = _clean_line(lines[i])
        if not s:
            continue
        if not signed and ((_SIGN_RE.match(s) and s not in ("/", "/.")) or s.endswith("./.")):
            signed = True
            continue
        if _match_annex(s) and (signed or heads or _annex_note_follows(lines, i)):
            heads.append(i)
            in_annex = True
        elif (signed and not in_annex and _LISTING_RE.match(s) and _is_upper(s) and _annex_note_follows(lines, i)
              and not any(k > i for k in starts)):
            heads.append(i)  # "DANH MỤC THỦ TỤC HÀNH CHÍNH …" + "(Kèm theo Quyết định số …)": a Phụ lục without the word
            in_annex = True
        elif signed and not in_annex and (fm := _match_form(s)) and (
            _annex_note_follows(lines, i) or (fm.group("label") and _upper_follows(lines, i)
                                              and not _articles_continue(lines, starts, i))
        ):
            heads.append(i)
    if not heads:
        return lines, []
    blocks = [lines[a:b] for a, b in zip(heads, heads[1:] + [len(lines)])]
    return lines[: heads[0]], blocks


def _articles_continue(lines: list[str], starts: list[int], i: int) -> bool:
    """Does the article numbering go on after line ``i`` (the next Điều of the text issued with the document comes
    later)? Then a "Mẫu số 01" line without a "(Ban hành kèm theo …)" note is inside an article, not a form."""
    before = [k for k in starts if k < i]
    if not before:
        return False
    m = _ART_RE.match(_clean_line(lines[before[-1]]))
    n = int(re.match(r"\d+", m.group(1)).group()) if m else None  # type: ignore[union-attr]
    for k in starts:
        if k > i and n is not None:
            mk = _ART_RE.match(_clean_line(lines[k]))
            if mk and int(re.match(r"\d+", mk.group(1)).group()) == n + 1:  # type: ignore[union-attr]
                return True
    return False


def _upper_follows(lines: list[str], i: int) -> bool:
    """Is one of the next three non-blank lines an upper-case title ("ĐƠN ĐỀ NGHỊ …", "CỘNG HÒA XÃ HỘI …")?"""
    nxt = [_clean_line(x) for x in lines[i + 1 : i + 10] if _clean_line(x)][:3]
    return any(_is_upper(x) and len(x.split()) >= 2 for x in nxt)


def _annex_note_follows(lines: list[str], i: int) -> bool:
    nxt = [_clean_line(x) for x in lines[i + 1 : i + 10] if _clean_line(x)][:4]
    return any(_ANNEX_NOTE_RE.match(x) for x in nxt)


def _parse_annex(block: list[str], part: str | None = None) -> Article:
    """One appendix: heading ("PHỤ LỤC I"), title lines ("BIỂU MỨC THU PHÍ …", sentence-cased), the
    "(Kèm theo Nghị định số …)" note (dropped: the citation names the document) and the body. Table rows stay
    one line each, cells joined by " | " as the loaders write them.
    ``part``: the text issued with the document (Quy chế …) whose last article came before; the appendix belongs
    to it when its note says "kèm theo Quy chế …"."""
    m = _match_annex(block[0])
    assert m
    title: list[str] = [t for t in (m.group("title"), m.group("utitle")) if t]
    rest = [_clean_line(x) if x.strip().startswith(("#", "*")) else x for x in block[1:]]
    nonblank = [i for i, x in enumerate(rest) if x.strip()]
    # the note: "(Kèm theo …)" possibly wrapped over several lines up to the closing ")"
    note_at = next((k for k, i in enumerate(nonblank[:5]) if _ANNEX_NOTE_RE.match(_clean_line(rest[i]))), None)
    note = ""
    body_from = 0
    if note_at is not None:
        title += [_clean_line(rest[i]) for i in nonblank[:note_at] if " | " not in rest[i]]  # title above the note
        j = nonblank[note_at]
        note = _clean_line(rest[j])
        while ")" not in note and j + 1 < len(rest):
            j += 1
            note += " " + _clean_line(rest[j])
        body_from = j + 1
        after = [i for i in nonblank if i >= body_from]
        if not title:  # "PHỤ LỤC I" / "(Kèm theo …)" / "BIỂU MỨC THU PHÍ …"
            for i in after[:3]:
                t = _clean_line(rest[i])
                if not _is_upper(t) or " | " in t or _ANNEX_ITEM_RE.match(t):
                    break
                title.append(t)
                body_from = i + 1
    elif not title:
        for i in nonblank[:3]:
            t = _clean_line(rest[i])
            if not _is_upper(t) or " | " in t or _ANNEX_ITEM_RE.match(t):
                break
            title.append(t)
            body_from = i + 1
    body = [ln.rstrip(" |") if " | " in ln else ln for ln in _body_lines("\n".join(rest[body_from:]))]  # empty end cells
    name = sentence_case(" ".join(title)).strip(" .")
    belongs = part if part and re.search(r"kèm theo\s+(?:bản\s+)?(?:Quy chế|Quy định|Điều lệ|Quy trình|Nội quy)\b", note, re.I) else None
    label = m.group("label")
    return Article(
        number=annex_number(label),
        title=name,
        text="\n".join(body),
        kind="annex",
        part=belongs,
    )


_MOTTO_RE = re.compile(r"^(?:CỘNG HO?ÀA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐỘC LẬP\b|Độc lập\b|[-–—_=*. ]+$)")


def _parse_form(block: list[str], part: str | None = None) -> Article:
    """One form after the signature: heading ("Mẫu số 01/HQ", "MẪU ĐƠN …"), the "(Ban hành kèm theo …)" note
    (dropped), the body as written. Its title is the heading's own ("Mẫu số 03. Tờ khai …") or else the first
    upper-case line of the form that is not the national motto ("ĐƠN ĐỀ NGHỊ THÀNH LẬP HỘI"), sentence-cased."""
    m = _match_form(block[0])
    assert m
    rest = block[1:]
    nonblank = [i for i, x in enumerate(rest) if x.strip()]
    body_from = 0
    note = ""
    for i in nonblank[:4]:
        if _ANNEX_NOTE_RE.match(_clean_line(rest[i])):
            j = i
            note = _clean_line(rest[j])
            while ")" not in note and j + 1 < len(rest):
                j += 1
                note += " " + _clean_line(rest[j])
            body_from = j + 1
            break
    body = [ln.rstrip(" |") if " | " in ln else ln for ln in _body_lines("\n".join(rest[body_from:]))]
    title = m.group("title") or m.group("utitle") or ""
    if not title:
        title = next((x for x in body[:8] if _is_upper(x) and " | " not in x and not _MOTTO_RE.match(x)), "")
    belongs = part if part and re.search(r"kèm theo\s+(?:bản\s+)?(?:Quy chế|Quy định|Điều lệ|Quy trình|Nội quy)\b", note, re.I) else None
    return Article(
        number=form_number(m.group("label")),
        title=sentence_case(title).strip(" ."),
        text="\n".join(body),
        kind="annex",
        part=belongs,
    )


# a list or table issued with a decision under its own upper-case name, not under "PHỤ LỤC" (a Quyết định công bố
# thủ tục hành chính, a Quyết định phê duyệt danh sách …)
_LISTING_RE = re.compile(r"^(?:DANH MỤC|DANH SÁCH|BẢNG|BIỂU|KHUNG|ĐỊNH MỨC)\s+\S")


def _parse_annexes(blocks: list[list[str]], part: str | None) -> list[Article]:
    """Appendix / form blocks → annex articles with unique numbers (a repeated "PHỤ LỤC" gets "PL~2"). A block
    headed "DANH MỤC …" is an unnumbered Phụ lục titled with its name."""
    out: list[Article] = []
    seen: dict[str, int] = {}
    for block in blocks:
        if not _match_annex(block[0]) and _LISTING_RE.match(_clean_line(block[0])):
            block = ["PHỤ LỤC", *block]
        a = _parse_annex(block, part) if _match_annex(block[0]) else _parse_form(block, part)
        if a.number in seen:
            seen[a.number] += 1
            a = a.model_copy(update={"number": f"{a.number}~{seen[a.number]}"})
        else:
            seen[a.number] = 1
        out.append(a)
    return out


def _unit_label(art: str) -> str:
    """"5" → "Điều 5"; an appendix number "PL-I" → "Phụ lục I"."""
    return annex_label(art) if art.startswith((ANNEX_PREFIX, FORM_PREFIX)) else f"Điều {art}"
