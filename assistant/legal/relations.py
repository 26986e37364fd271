"""Legal structure parsing: ``RawDocument`` → ``LegalDocument`` (metadata, validity, Điều/Khoản/Điểm tree).

Entry points:

* ``parse(raw)`` – one document. Handles four shapes:
  - ALQAC (``format="alqac"``): articles come pre-split; clauses/points are split from their text.
  - Pháp điển (``format="phapdien"``): articles ``Điều <chủ đề>.<đề mục>.<loại>.<n>. <tên>`` found anywhere
    (headings are often glued to the previous paragraph), each with its provenance line parsed into
    ``source_citation`` / effective date / amended_by / repealed_by; cross-reference lines are moved to notes.
  - Standard statutes (Luật, Nghị định, Thông tư, Quyết định …): header metadata (số hiệu, cơ quan ban hành,
    ngày ban hành, loại, trích yếu), Phần/Chương/Mục headings, ``Điều N.`` at line start only, effective /
    expiry dates the document states about itself, numbers of documents it amends / replaces / repeals.
    Appendices after the signature block ("PHỤ LỤC I" + title + "(Kèm theo …)") become ``kind="annex"``
    articles numbered "PL-I"; forms there without a Phụ lục ("Mẫu số 01/HQ", "MẪU ĐƠN …") annex-kind units
    numbered "MS-01/HQ" / "MS"; they take no part in the document's own validity or relations.
    PDF line wrapping: a "Điều N." line after a line that stops mid-sentence is a heading only if N follows the
    previous article and a title follows; a title wrapped over lines is joined. Repeal markers ("(được bãi bỏ)")
    keep their unit, ended. A văn bản hợp nhất names the document it consolidates (``consolidates``) and its
    articles carry that document's citation (``source_citation``). A công văn ("V/v …") is typed and titled.
  - Handbooks and guides without Điều: heading-based sections (markdown ``#``, ``I.``, ``1.``, ``Bước N:``).
    A Chỉ thị, Kế hoạch, Thông báo … with a formal header but no Điều is typed from its header, titled "Chỉ thị
    05/CT-UBND về …", and its header, signature and appendices are not sections.
* ``apply_relations(docs)`` – across a collection, marks documents/articles (and appendices: "thay thế Phụ lục I
  ban hành kèm theo …"; forms: "thay thế Mẫu số 01/HQ …") that a later document declares expired, repeals,
  replaces or amends; passes what a văn bản hợp nhất's footnotes/markers say on to the document it consolidates,
  and never applies to it the amendments it already incorporates (records are frozen: returns new copies).

It does not load files (see ``loaders``), does not chunk (see ``chunking``) and never follows instructions
found inside documents: text is data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from assistant.records import Article, Clause, LegalDocument, Point, RawDocument, Validity

# ---------------------------------------------------------------------------------------------------------------
# Shared patterns
# ---------------------------------------------------------------------------------------------------------------

# Số hiệu: "42/2024/NĐ-CP", "52/2014/QH13", "12/2024/QĐ-TTg", older "74/CP", "89-TC/TCT", "21-LCT/HĐNN8",
# "18/1999/TTLT/BTCCBCP-BTC-BNNPTNT". Dates ("15/03/2024") do not match: after the first "/" comes either
# a 4-digit year and "/" or an upper-case letter.
NUM = r"\d+(?:-[A-ZĐ0-9]+)* ?/(?:\d{4}/)?[A-ZĐ][A-ZĐa-zđ0-9]*(?:[-/][A-ZĐ][A-ZĐa-zđ0-9]*|-\d+)*"
NUM_RE = re.compile(NUM)

# Longest names first so "Thông tư liên tịch" wins over "Thông tư".
DOC_TYPES = [
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Văn bản hợp nhất",
    "Hiến pháp",
    "Bộ luật",
    "Luật",
    "Nghị quyết",
    "Pháp lệnh",
    "Nghị định",
    "Quyết định",
    "Thông tư",
    "Chỉ thị",
    "Công văn",
    "Lệnh",
]
DOC_TYPE_ALT = "|".join(re.escape(t) for t in DOC_TYPES)
DOC_TYPE_RE = rf"(?:{DOC_TYPE_ALT}|{'|'.join(re.escape(t.lower()) for t in DOC_TYPES)})"
# "Nghị định số 42/2024/NĐ-CP", "Luật 52/2014/QH13", "Thông tư số: 03/2024/TT-VPCP"
REF_RE = re.compile(rf"({DOC_TYPE_RE})\s+(?:số\s*:?\s*)?({NUM})")
# A law named before its number: "Luật Cư trú số 68/2020/QH14", "Bộ luật Lao động số 45/2019/QH14", "Luật Phòng,
# chống ma túy số 73/2021/QH14" (up to 16 words of name, no sentence punctuation, then "số"). Used where an
# amending or repealing text names the documents it changes.
# a name word is no provision word and no other document's type ("Luật X và khoản 2 Điều 7 Nghị định số …" is two
# references, not a law named "X và khoản 2 …")
_NAME_WORD = r"(?!(?:số|[Đđ]iều|[Kk]hoản|[Đđ]iểm|Luật|Nghị|Thông|Quyết|Chỉ)\b)[^\s;.:()“”\"]+"
_LAW_NAME = rf"(?!này\b){_NAME_WORD}(?:[\s,]+{_NAME_WORD}){{0,15}}"
NAMED_REF_RE = re.compile(rf"(Bộ luật|Luật|Pháp lệnh|bộ luật|luật|pháp lệnh)\s+{_LAW_NAME}\s+số\s*:?\s*({NUM})")


def _refs(text: str) -> list[re.Match[str]]:
    """References "<loại> [số] X" and "Luật <tên> số X" in ``text``, in order (group 1 type, group 2 number)."""
    ms = sorted([*REF_RE.finditer(text), *NAMED_REF_RE.finditer(text)], key=lambda m: (m.start(2), m.start()))
    out: list[re.Match[str]] = []
    for m in ms:  # one match per number
        if not out or m.start(2) != out[-1].start(2):
            out.append(m)
    return out

DATE = r"(\d{1,2})(?:\s+tháng\s+|\s*[/.-]\s*)(\d{1,2})(?:\s+năm\s+|\s*[/.-]\s*)(\d{4})"
DATE_RE = re.compile(DATE)
_EFF = r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+(?:ngày\s+)?"
EFFECTIVE_RE = re.compile(_EFF + r"(?:" + DATE + r"|(ký|ban\s+hành))")
# "có hiệu lực (thi hành) sau 45 ngày, kể từ ngày ký (ban hành)" — a Nghị định's or a provincial Quyết định's own wording
AFTER_DAYS_RE = re.compile(r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+sau\s+(\d{1,3})\s+ngày,?\s+(?:kể\s+)?từ\s+ngày\s+(?:ký|ban\s+hành)")
EXPIRES_RE = re.compile(r"hết\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+(?:ngày\s+)?")
# right after a start date: "… đến hết ngày 31 tháng 12 năm 2030" (a text in force for a fixed time: a pilot)
_UNTIL_AFTER_RE = re.compile(r"\s*,?\s*(?:và\s+)?(?:đến|tới)\s+(?:hết\s+)?ngày\s+" + DATE)
# a sentence naming one provision before "… này có hiệu lực": its own start, not the document's
_PROVISION_NAMED_RE = re.compile(r"\b(?:[Kk]hoản|[Đđ]iểm|Điều)\s+\d")
# "riêng khoản 2 Điều 2 có hiệu lực từ ngày …", "Quy định tại Điều 5 Nghị định này có hiệu lực thi hành từ ngày …"
PROVISION_START_RE = re.compile(
    r"(?:^|[;,.]\s*|\briêng\s+|\bRiêng\s+)(?:(?:các\s+)?[Qq]uy\s+định\s+tại\s+)?(?:[Kk]hoản\s+(\d{1,3}[a-zđ]?)\s+)?"
    r"Điều\s+(\d{1,3}[a-zđ]?)(?:\s+(?:của\s+)?(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|"
    r"Nghị quyết|Quy chế|Quy định)\s+này)?\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+ngày\s+" + DATE, re.M)
UNTIL_RE = re.compile(r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:đến|tới)\s+(?:hết\s+)?ngày\s+" + DATE)

POINT_LABELS = "abcdđeghiklmnopqrstuvxy"

# Issuer from the số hiệu suffix (after the year).
_ISSUER_BY_CODE = {
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "VPCP": "Văn phòng Chính phủ",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "KTNN": "Kiểm toán nhà nước",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BTP": "Bộ Tư pháp",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BNG": "Bộ Ngoại giao",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "UBDT": "Ủy ban Dân tộc",
    "TTCP": "Thanh tra Chính phủ",
}
_TYPE_BY_CODE = {
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "QĐ": "Quyết định",
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "CT": "Chỉ thị",
    "PL": "Pháp lệnh",
    "L": "Lệnh",
    "VBHN": "Văn bản hợp nhất",
}

_UPPER_TYPES = {t.upper(): t for t in DOC_TYPES}
# administrative documents typed in their header like the others, usually without Điều (sections I., 1., a)):
# read as a document type in the header only (not in references, where they carry no legal force)
_HEADER_TYPES = {**_UPPER_TYPES, **{t.upper(): t for t in ("Kế hoạch", "Thông báo", "Báo cáo", "Đề án", "Chương trình")}}


# ---------------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------------


def to_date(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """First date in ``text`` ("ngày 15 tháng 3 năm 2024", "15/03/2024")."""
    m = DATE_RE.search(text)
    return to_date(*m.groups()) if m else None


def fmt_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def number_key(number: str) -> str:
    """Canonical form of a số hiệu for matching ("42/2024/nđ-cp " → "42/2024/NĐ-CP")."""
    return re.sub(r"\s+", "", number).upper()


_CAPS_ART_RE = re.compile(r"^ĐIỀU(?=\s+\d+[a-zđ]?\s*[.:])")


def _clean_line(line: str) -> str:
    """Strip markdown decoration and odd spaces from a line (for pattern matching)."""
    s = line.replace("\xa0", " ").replace("\u200b", "").strip()
    s = re.sub(r"^[#>*_\s]+", "", s)
    s = re.sub(r"[*_\s]+$", "", s)
    s = _CAPS_ART_RE.sub("Điều", s)  # "ĐIỀU 1. PHẠM VI ĐIỀU CHỈNH" (headings typed in capitals, OCR output)
    return s.strip()


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(c.isupper() for c in letters) >= 0.9 * len(letters)


_PROPER_LOW = {v.lower(): v for v in _ISSUER_BY_CODE.values() if not v.startswith("Bộ ")}
_PROPER_LOW.update({f"{t.lower()} số": f"{t} số" for t in DOC_TYPES})
_PROPER_LOW_RE = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(_PROPER_LOW, key=len, reverse=True)) + r")\b")


def sentence_case(s: str) -> str:
    """"CẨM NANG CHUYỂN ĐỔI SỐ" → "Cẩm nang chuyển đổi số" (only for all-caps text); a leading section label stays:
    "II. TỔ CHỨC THỰC HIỆN" → "II. Tổ chức thực hiện"."""
    s = re.sub(r"\s+", " ", s).strip()
    if not _is_upper(s):
        return s
    lab = re.match(r"^([IVXLC]+|\d+(?:\.\d+)*)([.)])\s+(?=\S)", s)
    if lab and _is_upper(s[lab.end() :]):
        return s[: lab.end()] + sentence_case(s[lab.end() :])
    low = s.lower()
    if len(low) == len(s):  # keep what lower-casing would garble: numbers, document types, issuers' names
        for m in NUM_RE.finditer(s):  # "42/2024/NĐ-CP", not "42/2024/nđ-cp"
            low = low[: m.start()] + m.group(0) + low[m.end() :]
        low = _PROPER_LOW_RE.sub(lambda m: _PROPER_LOW[m.group(0)], low)
    return low[:1].upper() + low[1:]


def doc_type_from_number(number: str | None) -> str | None:
    if not number:
        return None
    parts = number_key(number).split("/")
    suffix = parts[-1]
    head = suffix.split("-")[0]
    if head in _TYPE_BY_CODE:
        return _TYPE_BY_CODE[head]
    if re.fullmatch(r"QH\d*", head):
        return "Luật"
    if head.startswith("PL"):
        return "Pháp lệnh"
    return None


def issuer_from_number(number: str | None) -> str | None:
    """Issuer implied by the số hiệu suffix: NĐ-CP → Chính phủ, QH15 → Quốc hội, TT-BNV → Bộ Nội vụ."""
    if not number:
        return None
    suffix = number_key(number).split("/")[-1]
    parts = suffix.split("-")
    for p in reversed(parts):
        base = re.sub(r"\d+$", "", p)
        if base in _ISSUER_BY_CODE:
            return _ISSUER_BY_CODE[base]
        if base.startswith("UBTVQH"):
            return _ISSUER_BY_CODE["UBTVQH"]
    if len(parts) == 1 and re.fullmatch(r"QH\d*", parts[0]):
        return "Quốc hội"
    return None


def joint_issuers(number: str | None) -> str | None:
    """Issuers of a joint document from its số hiệu: "12/2025/TTLT-BTC-BNV" → "Bộ Tài chính - Bộ Nội vụ" (the
    header prints them side by side or in two columns, which the header reader cannot always pair). None unless
    two or more known issuer codes follow a joint type code (TTLT, NQLT)."""
    if not number:
        return None
    parts = number_key(number).split("/")[-1].split("-")
    if not parts or not parts[0].endswith("LT"):
        return None
    names = [_ISSUER_BY_CODE.get(re.sub(r"\d+$", "", p)) for p in parts[1:]]
    names = [n for n in names if n]
    return " - ".join(dict.fromkeys(names)) if len(names) >= 2 else None


_PLACE_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN")


def display_issuer(upper: str) -> str:
    """"ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" → "Ủy ban nhân dân tỉnh Quảng Ninh"; "BỘ NỘI VỤ" → "Bộ Nội vụ"."""
    s = re.sub(r"\s+", " ", upper).strip(" -–")
    if not _is_upper(s):
        return s
    known = {v.upper(): v for v in _ISSUER_BY_CODE.values()}
    if s in known:
        return known[s]
    for pw in _PLACE_WORDS:
        m = re.search(rf"\b{pw}\s+(.+)$", s)
        if m:
            head = sentence_case(s[: m.start()]).strip()
            place = " ".join(w[:1] + w[1:].lower() for w in m.group(1).split())
            return f"{head} {pw.lower()} {place}".strip()
    if s.startswith("BỘ "):
        rest = s[3:].lower()
        return "Bộ " + rest[:1].upper() + rest[1:]
    return sentence_case(s)


# ---------------------------------------------------------------------------------------------------------------
# Clause / point splitting
# ---------------------------------------------------------------------------------------------------------------

_CLAUSE_RE = re.compile(r"^(\d{1,3})\s*\.\s+(\S.*)$")
_POINT_RE = re.compile(r"^([a-zđ])\s*\)\s*(.*)$")
_INSERTED_CLAUSE_RE = re.compile(r"^(\d{1,3})([a-zđ])\s*\.\s+(\S.*)$")
_INSERTED_POINT_RE = re.compile(r"^([a-zđ])(\d{1,2})\s*\)\s*(.*)$")  # "a1)" added by an amendment after điểm a
# what a consolidated or annotated text leaves of a repealed unit: "(được bãi bỏ)", "(đã được bãi bỏ)", "(Bãi bỏ)",
# "[được bãi bỏ]", "Được bãi bỏ." — the whole remaining text of a khoản/điểm/Điều line
_REPEALED = r"(?:[(\[]\s*(?:(?:đã\s+)?(?:được|bị)\s+)?(?:bãi|hủy|huỷ)\s+bỏ\s*[)\]]|(?:đã\s+)?(?:được|bị)\s+(?:bãi|hủy|huỷ)\s+bỏ)"
_REPEALED_RE = re.compile(rf"^{_REPEALED}\s*\.?$", re.I)
_REPEALED_END_RE = re.compile(rf"\s*[(\[]\s*(?:(?:đã\s+)?(?:được|bị)\s+)?(?:bãi|hủy|huỷ)\s+bỏ\s*[)\]]\s*\.?$", re.I)


def is_repealed_marker(text: str) -> bool:
    """Is ``text`` (a khoản/điểm/Điều without its number) only a repeal marker such as "(được bãi bỏ)"?"""
    return bool(_REPEALED_RE.match(text.strip()))


_OPEN_QUOTE_RE = re.compile(r"^[“\"]|\bnhư\s+sau\s*:\s*[“\"]")


def _quoted_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines after the first one of a multi-line quotation — the new wording an amending article
    quotes ("1. Sửa đổi Điều 4 như sau:" / "“Điều 4. …" / "1. …" / "2. ….”", or opened after "như sau: “"): its
    "1.", "2.", "a)" are the quoted article's, not khoản of the amending one. Only a quotation opened at a line start
    or after "như sau:" and closed later in the same article counts (an unclosed typo quote changes nothing)."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if _OPEN_QUOTE_RE.search(s) and _quote_balance(s) > 0:
            depth = _quote_balance(s)
            for j in range(i + 1, len(lines)):
                depth += _quote_balance(lines[j])
                if depth <= 0:
                    out.update(range(i + 1, j + 1))
                    i = j
                    break
        i += 1
    return out


def _quote_balance(s: str) -> int:
    """Opening minus closing quotation marks in a line (curly quotes; an odd number of straight quotes opens at a
    line start, closes elsewhere)."""
    n = s.count("“") - s.count("”")
    if s.count('"') % 2:
        n += 1 if s.lstrip().startswith('"') or re.search(r'như\s+sau\s*:\s*"', s) else -1
    return n


def split_clauses(lines: list[str]) -> tuple[list[str], list[Clause]]:
    """Split article body lines into (lead lines, clauses with points).

    Khoản "1." "2." must be consecutive (a "1." inside a điểm starts a nested list, not a khoản); điểm "a)" "b)"
    must follow the Vietnamese letter order (a b c d đ e g h …); an inserted "a1)" follows điểm a ("a2)" follows
    "a1)"), a khoản "1a." khoản 1. Lines that fit neither continue the current
    element, and so do the lines of a quotation (the new wording an amending khoản quotes, see
    :func:`_quoted_lines`). Points before any khoản go into a clause with label "".
    """
    lead: list[str] = []
    clauses: list[dict[str, Any]] = []
    next_clause = 1
    nested_next: int | None = None  # inside a nested numbered list (within a point/lead)
    prev = ""
    quoted = _quoted_lines(lines)
    for li, line in enumerate(lines):
        m = None if li in quoted else _CLAUSE_RE.match(line)
        last, prev = prev, line
        im = None if m else _INSERTED_CLAUSE_RE.match(line)
        if im and clauses and clauses[-1]["label"] and re.sub(r"\D", "", clauses[-1]["label"]) == im.group(1) and nested_next is None:
            # "1a. …" added by an amendment after khoản 1 (and "1b." after "1a."): a khoản of its own
            clauses.append({"label": im.group(1) + im.group(2), "text": [im.group(3)], "points": [], "next_pt": 0})
            continue
        if m:
            prev_line = last
            n = int(m.group(1))
            in_point = bool(clauses and clauses[-1]["points"])
            if nested_next is not None and n == nested_next:
                nested_next += 1
            elif n == next_clause or (n > next_clause and is_repealed_marker(m.group(2))):
                # a repealed khoản keeps its number ("4. (được bãi bỏ)") even when the ones before it are gone
                clauses.append({"label": str(n), "text": [m.group(2)], "points": [], "next_pt": 0})
                next_clause = n + 1
                nested_next = None
                continue
            elif n == 1 and (in_point or not clauses or prev_line.endswith(":")):
                nested_next = 2
            # not a khoản: continuation text
        elif li not in quoted:
            ipm = _INSERTED_POINT_RE.match(line)
            if ipm and clauses and clauses[-1]["points"] and nested_next is None and (
                    clauses[-1]["points"][-1]["label"] == ipm.group(1) + str(int(ipm.group(2)) - 1 or "")):
                # "a1) …" after điểm a (and "a2)" after "a1)"): a điểm of its own; the letters go on with "b)"
                clauses[-1]["points"].append({"label": ipm.group(1) + ipm.group(2), "text": [ipm.group(3)]})
                continue
            pm = _POINT_RE.match(line)
            if pm:
                label = pm.group(1)
                cur = clauses[-1] if clauses else None
                idx = cur["next_pt"] if cur else 0
                expected = POINT_LABELS[idx] if idx < len(POINT_LABELS) else None
                ok = label == expected or (expected == "đ" and label == "e") or (
                    expected is not None and label in POINT_LABELS and POINT_LABELS.index(label) > idx and is_repealed_marker(pm.group(2)))
                if ok:
                    if cur is None:
                        cur = {"label": "", "text": lead, "points": [], "next_pt": 0}
                        lead = []
                        clauses.append(cur)
                    cur["points"].append({"label": label, "text": [pm.group(2)]})
                    cur["next_pt"] = POINT_LABELS.index(label) + 1
                    nested_next = None
                    continue
        # continuation
        if clauses:
            cur = clauses[-1]
            if cur["points"]:
                cur["points"][-1]["text"].append(line)
            else:
                cur["text"].append(line)
        else:
            lead.append(line)
    out = [
        Clause(
            label=c["label"],
            text="\n".join(c["text"]).strip(),
            points=[Point(label=p["label"], text="\n".join(p["text"]).strip()) for p in c["points"]],
        )
        for c in clauses
    ]
    return lead, out


def _body_lines(text: str) -> list[str]:
    return [ln for ln in (x.replace("\xa0", " ").strip() for x in text.split("\n")) if ln]


# ---------------------------------------------------------------------------------------------------------------
# Headings (Phần / Chương / Mục / Tiểu mục)
# ---------------------------------------------------------------------------------------------------------------

_HEADING_RE = re.compile(
    r"^(PHẦN|Phần|CHƯƠNG|Chương|TIỂU MỤC|Tiểu mục|MỤC|Mục)\s+"
    r"(THỨ\s+[A-ZÀ-Ỹ]+|thứ\s+[a-zà-ỹ]+|[IVXLC]+|\d+[a-z]?)\b\s*(?:[.:–-]\s*(.*)|(\s+[^a-zà-ỹ].*)|)$"
)
_LEVEL = {"phần": 0, "chương": 1, "mục": 2, "tiểu mục": 3}


def _match_heading(line: str) -> tuple[int, str, str] | None:
    """(level, label "Chương II", inline title) for a structural heading line, else None."""
    s = _clean_line(line)
    m = _HEADING_RE.match(s)
    if not m:
        return None
    kind = m.group(1).lower()
    rest = (m.group(3) or m.group(4) or "").strip(" *_")
    if m.group(4) and not _is_upper(rest):
        return None  # "Mục 2 của Chương này …" is prose
    if len(rest.split()) > 40:
        return None
    num = m.group(2)
    num = num.lower() if num.upper().startswith("THỨ") else num.upper()  # "Phần thứ hai", "Chương II"
    label = f"{kind[:1].upper()}{kind[1:]} {num}"
    return _LEVEL[kind], label, rest


class _HeadingStack:
    def __init__(self) -> None:
        self.items: dict[int, str] = {}

    def set(self, level: int, text: str) -> None:
        for lv in [k for k in self.items if k >= level]:
            del self.items[lv]
        self.items[level] = text

    def path(self) -> list[str]:
        return [self.items[k] for k in sorted(self.items)]


def _apply_heading_block(lines: list[str], stack: _HeadingStack) -> None:
    """Feed heading lines (+ their upper-case title lines) into the stack."""
    cur: tuple[int, str, list[str]] | None = None

    def flush() -> None:
        if cur:
            lv, label, title = cur
            t = " ".join(title).strip()
            stack.set(lv, f"{label}. {t}" if t else label)

    for line in lines:
        s = _clean_line(line)
        if not s:
            continue
        h = _match_heading(s)
        if h:
            flush()
            cur = (h[0], h[1], [h[2]] if h[2] else [])
            continue
        if cur and s.startswith("(") and "có nội dung liên quan" in s:
            continue
        if cur and (_is_upper(s) or not cur[2]) and len(s) < 400:
            cur[2].append(s)
    flush()


# ---------------------------------------------------------------------------------------------------------------
# Standard documents (header + Điều at line start)
# ---------------------------------------------------------------------------------------------------------------

_ART_RE = re.compile(r"^Điều\s+(\d+[a-zđ]?)\s*[.:]\s*(.*)$")
_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# the signature block; also the signer's title and "(Đã ký)" on one line ("CHỦ TỊCH QUỐC HỘI (Đã ký) Trần Thanh Mẫn":
# a DOCX signature table whose left cell is empty, read as one row)
_SIGN_RE = re.compile(r"^(?:Nơi nhận|XÁC THỰC VĂN BẢN HỢP NHẤT|TM\.|T\.M\.|KT\.|K\.T\.|Q\.|TUQ\.|TL\.|\(Đã ký\)|/\.?$"
                      rf"|[{_UP}][{_UP} ,.]{{1,80}}\s\((?:Đã ký|đã ký)\))")
_CROSSREF_RE = re.compile(r"\((?:Điều|Chương|Mục|Phần|Tiểu mục|Khoản|Điểm) này có nội dung liên quan đến")


_DATE_CUT_RE = re.compile(r"\bngày\s+\d{1,2}(?:\s+tháng(?:\s+\d{1,2}(?:\s+năm)?)?)?$")


# the columns of a header line as loaders give them: tab-, " | "- (table cells) or wide-space-separated
_HEADER_COL_RE = re.compile(r"\t+|\s*\|\s*|\s{3,}")


def _header_columns(line: str) -> list[str]:
    """"BỘ TÀI CHÍNH | CỘNG HÒA …" → ["BỘ TÀI CHÍNH", "CỘNG HÒA …"] (empty columns dropped)."""
    return [f.strip() for f in _HEADER_COL_RE.split(line) if f.strip()]


# a date that belongs to a document named just before it ("Nghị định số 42/2022/NĐ-CP ngày 24 tháng 6 năm 2022" in a
# handbook's first lines) is not the document's own date
_REF_BEFORE_DATE_RE = re.compile(rf"(?:{DOC_TYPE_RE})\s+(?:số\s*:?\s*)?{NUM}\s*,?\s*$")  # not "Số: 12/2025/TT-BTC, ngày …"
# the English line of a bilingual header ("PEOPLE'S COUNCIL OF DA NANG CITY"): not part of the issuer's name
_ENGLISH_ISSUER_RE = re.compile(r"\b(?:OF|THE|PEOPLE'?S|COUNCIL|COMMITTEE|MINISTRY|GOVERNMENT|DEPARTMENT|NATIONAL ASSEMBLY)\b")


def _header_info(lines: list[str]) -> dict[str, Any]:
    """Issuer, số hiệu, ngày ban hành, loại văn bản and trích yếu from the first lines of a document."""
    info: dict[str, Any] = {}
    issuer_parts: list[str] = []
    issuer_done = False
    motto = False  # the quốc hiệu seen
    type_idx: int | None = None
    for i, raw_line in enumerate(lines[:60]):
        line = _clean_line(raw_line)
        if not line:
            continue
        frags = _header_columns(line)
        for frag in frags:
            up = frag.upper()
            if "issued_on" not in info and len(frag) < 250:
                dm = re.search(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", frag)
                if not dm and _DATE_CUT_RE.search(frag) and frag is frags[-1] and i + 1 < len(lines):
                    # a PDF header column too narrow for the date: "Hà Nội, ngày 10 tháng 3 năm" / "2025"
                    dm = re.search(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}",
                                   f"{frag} {_clean_line(lines[i + 1])}")
                if dm and not re.search(r"Căn cứ|thông qua|hiệu lực", frag) and not _REF_BEFORE_DATE_RE.search(frag[: dm.start()]):
                    d = parse_date(dm.group(0))
                    if d:
                        info["issued_on"] = d
                        issuer_done = True
                        frag = frag[: dm.start()]
            if "CỘNG HÒA" in up or "CỘNG HOÀ" in up or up.startswith("ĐỘC LẬP"):
                # the header's two columns read row by row ("ỦY BAN NHÂN DÂN" / "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" /
                # "VIỆT NAM" / "TỈNH BẮC NINH" / "Độc lập …" / "Số: …"): the issuer goes on until the số hiệu
                row_by_row = bool(issuer_parts) and "number" not in info and "issued_on" not in info
                issuer_done = issuer_done or not row_by_row
                motto = True
                continue
            if motto and not issuer_done and (up in ("VIỆT NAM", "NGHĨA VIỆT NAM") or _HEADER_TYPES.get(up.rstrip(": "))):
                issuer_done = issuer_done or up not in ("VIỆT NAM", "NGHĨA VIỆT NAM")
                continue
            mnum = re.search(rf"(?:^|\s)(?:(?:Luật|Bộ luật|Lệnh)\s+)?(?:Số|SỐ|số(?=\s*(?:hiệu\s*)?:))\s*(?:hiệu)?\s*:?\s*({NUM})", frag)
            if mnum and "number" not in info:
                info["number"] = re.sub(r"\s+", "", mnum.group(1))
                before = frag[: mnum.start()].strip()
                if before and not issuer_done and _is_upper(before):
                    issuer_parts.append(before)
                issuer_done = True
                continue
            if (not issuer_done and _is_upper(frag) and len(frag) < 120 and not frag.startswith("-")
                    and not _ENGLISH_ISSUER_RE.search(frag)):
                issuer_parts.append(frag)
        if type_idx is None:
            t = _HEADER_TYPES.get(re.sub(r"[:\s]+$", "", line).upper()) if (_is_upper(line) or line in DOC_TYPES) else None
            if t and (issuer_done or issuer_parts):
                type_idx = i
                info["doc_type"] = t
                title: list[str] = []
                info["body_from"] = i + 1
                for j, nxt in enumerate(lines[i + 1 : i + 8], i + 1):
                    s = _clean_line(nxt)
                    if not s:
                        if title:
                            break
                        continue
                    if re.match(r"^(Căn cứ|Theo đề nghị|Xét |Chương|CHƯƠNG|Điều\s+\d|Phần|PHẦN)", s):
                        break
                    if title and (_is_upper(s) != _is_upper(title[-1])):
                        break
                    title.append(s)
                    info["body_from"] = j + 1
                info["subject"] = " ".join(title).strip()
                break
    if issuer_parts:
        info["issuer"] = display_issuer(" ".join(issuer_parts))
    return info


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
        lower = nxt[:1].islower()
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


# ---------------------------------------------------------------------------------------------------------------
# Appendices (Phụ lục) after the signature block
# ---------------------------------------------------------------------------------------------------------------

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


_DROP_WORDS_RE = re.compile(r"^(?:\d+[a-zđ]?\.\s+|[a-zđ]\)\s+)?Bỏ\s+(?=(?:các\s+)?(?:cụm\s+)?từ\b)")
_PASSIVE_TAIL_RE = re.compile(r"\b(?:được|đã|bị)\s+sửa\s+đổi,\s*$")
_AMEND_VERB = re.compile(r"(?<!được )(?<!đã )(?<!bị )\b([Ss]ửa đổi|[Bb]ổ sung|[Tt]hay thế|[Bb]ãi bỏ|[Hh]ủy bỏ|[Đđ]ình chỉ)\b")


def document_relations(text: str, own_number: str | None = None) -> tuple[list[str], list[str]]:
    """(amends, replaces): numbers of other documents this text sửa đổi/bổ sung, or thay thế/bãi bỏ/declares expired."""
    amends: list[str] = []
    replaces: list[str] = []
    own = number_key(own_number) if own_number else None
    for line in text.split("\n"):
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
    "4. (Bãi bỏ)", "c) (được bãi bỏ)") stay in the document, ended: the article (or khoản) gets ``effective_to`` =
    ``last_day`` unless a footnote already dated the repeal, and the article a note naming the unit. The marker
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
        if not v["repealed_by"] and not v["effective_to"]:
            v["effective_to"] = last_day
            notes.append(f"Điều {art.number} đã được bãi bỏ (văn bản ghi “{marker}”).")
    else:
        for k, c in enumerate(clauses):
            if c.label and not c.points and is_repealed_marker(c.text) and not c.validity.effective_to:
                note = f"Khoản {c.label} Điều {art.number} đã được bãi bỏ (văn bản ghi “{c.text.strip()}”)."
                notes.append(note)
                clauses[k] = c.model_copy(update={"validity": Validity(effective_to=last_day, notes=[note])})
            for pt in c.points:
                if is_repealed_marker(pt.text):
                    where = f"khoản {c.label} " if c.label else ""
                    notes.append(f"Điểm {pt.label} {where}Điều {art.number} đã được bãi bỏ (văn bản ghi “{pt.text.strip()}”).")
    if not marker and not notes:
        return art
    for n in notes:
        v["notes"] = _add(v["notes"], n)
    return art.model_copy(update={"title": title, "text": text, "clauses": clauses, "validity": Validity(**v)})


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
    title = _doc_title(doc_type, subject, number, raw.title)
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


def _meta(raw: RawDocument, *keys: str) -> Any:
    if not raw.meta:
        return None
    norm = {re.sub(r"[*\s_]+", " ", str(k)).strip().lower(): v for k, v in raw.meta.items()}
    for k in keys:
        v = norm.get(k.replace("_", " ").lower())
        if v not in (None, "", "Đang cập nhật"):
            return v.strip() if isinstance(v, str) else v
    return None


def _meta_date(raw: RawDocument, *keys: str) -> date | None:
    v = _meta(raw, *keys)
    if isinstance(v, date):
        return v
    return parse_date(str(v)) if v else None


# ---------------------------------------------------------------------------------------------------------------
# Handbooks / guides: heading-based sections
# ---------------------------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------------------------
# ALQAC
# ---------------------------------------------------------------------------------------------------------------


def alqac_doc_type(law_id: str) -> str:
    low = law_id.lower()
    if low.startswith("bộ luật"):
        return "Bộ luật"
    if low.startswith("hiến pháp"):
        return "Hiến pháp"
    return "Luật"


def _parse_alqac(raw: RawDocument) -> LegalDocument:
    arts: list[Article] = []
    for aid, text in raw.articles or []:
        head, _, body = text.strip().partition("\n")  # first line is the title (blank line may be missing)
        if _CLAUSE_RE.match(head.strip()) or len(head.split()) > 60:  # untitled article (Hiến pháp)
            head, body = "", text
        lines = _body_lines(body)
        _, clauses = split_clauses(lines)
        arts.append(Article(number=str(aid), title=head.strip(), text="\n".join(lines), clauses=clauses))
    return LegalDocument(
        doc_id=raw.doc_id,
        title=raw.title or raw.doc_id,
        doc_type=alqac_doc_type(raw.doc_id),
        source_path=raw.source_path,
        source_format="alqac",
        checksum=raw.checksum,
        articles=arts,
        warnings=list(raw.warnings),
    )


# ---------------------------------------------------------------------------------------------------------------
# Pháp điển
# ---------------------------------------------------------------------------------------------------------------

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
_PROV_EFF_RE = re.compile(r"hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+(?:ngày\s+)?" + DATE)
_PROV_ACT_RE = re.compile(
    r"(?P<action>(?:(?:có\s+)?nội\s+dung\s+)?(?:đã\s+)?(?:được|bị)\s+[^()]*?)\s+bởi\s+(?P<actor>.*?)"
    r"(?:,?\s*có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+(?:ngày\s+)?" + DATE + r")?"
    r"(?=\s*(?:,|và)\s*(?:có\s+)?nội\s+dung|\s*\)+\s*$|\s*$)"
)
_ACTOR_RE = re.compile(
    rf"^(.*?(?:{DOC_TYPE_ALT})\s+(?:số\s*:?\s*)?{NUM})"
)


def find_phapdien_headings(body: str) -> list[re.Match[str]]:
    """Article headings in a Pháp điển body: at line start (after optional spaces) or glued to the previous
    text (previous char not whitespace). A code preceded by a space mid-line is a mention, not a heading."""
    out = []
    for m in PD_HEAD_RE.finditer(body):
        i = m.start()
        if i == 0:
            out.append(m)
            continue
        j = body.rfind("\n", 0, i) + 1
        pre = body[j:i]
        if not pre.strip() or not body[i - 1].isspace():
            out.append(m)
    return out


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


def parse_provenance(prov: str) -> dict[str, Any]:
    """Pháp điển provenance line → source citation, effective date, amendment / repeal notes."""
    p = re.sub(r"\s+", " ", prov).strip()
    out: dict[str, Any] = {"amended_by": [], "repealed_by": [], "replaced_by": [], "effective_to": None}
    m = _PROV_HEAD_RE.match(p)
    if m:
        prefix = re.sub(r"\s+", " ", m.group(1)).strip(" ,")
        num = re.sub(r"\s+", "", m.group(3))
        dtype = "Bộ luật" if m.group(2) == "Bộ Luật" else m.group(2)
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
    for a in _PROV_ACT_RE.finditer(rest):
        action = a.group("action").lower()
        actor = a.group("actor").strip(" ,")
        am = _ACTOR_RE.match(actor)
        cite = re.sub(r"\s+", " ", am.group(1)).strip() if am else actor[:200]
        d = to_date(*a.group(3, 4, 5)) if a.group(3) else None
        partial = "nội dung" in action
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


def _split_crossrefs(lines: list[str]) -> tuple[list[str], list[str]]:
    keep: list[str] = []
    notes: list[str] = []
    for ln in lines:
        m = _CROSSREF_RE.search(ln)
        if m:
            notes.append(ln[m.start() :].strip())
            ln = ln[: m.start()]
        ln = ln.replace("\xa0", " ").strip()
        if ln:
            keep.append(ln)
    return keep, notes


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
        _, clauses = split_clauses(lines)
        if code in seen:
            seen[code] += 1
            warnings.append(f"Điều {code} xuất hiện {seen[code]} lần trong văn bản")
        else:
            seen[code] = 1
        validity = Validity(
            effective_from=prov_fields.get("effective_from"),
            effective_to=prov_fields.get("effective_to"),
            amended_by=prov_fields.get("amended_by", []),
            replaced_by=prov_fields.get("replaced_by", []),
            repealed_by=prov_fields.get("repealed_by", []),
            notes=notes,
        )
        arts.append(
            Article(
                number=code,
                title=art_title,
                text="\n".join(lines),
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
    return LegalDocument(
        doc_id=raw.doc_id,
        title=str(title),
        doc_type="Pháp điển",
        source_path=raw.source_path,
        source_format="phapdien",
        checksum=raw.checksum,
        articles=arts,
        warnings=warnings,
    )


# ---------------------------------------------------------------------------------------------------------------
# Entry
# ---------------------------------------------------------------------------------------------------------------


def parse(raw: RawDocument) -> LegalDocument:
    """Structure one document. Never raises on odd layouts: falls back to heading sections. A document whose
    loader read pages by OCR (``meta["ocr_pages"]``) is marked ``from_ocr``."""
    if raw.format == "alqac" or raw.articles is not None:
        return _parse_alqac(raw)
    if raw.format == "phapdien":
        return _parse_phapdien(raw)
    lines = raw.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc = _parse_statute(raw, lines) if _find_articles(lines) else _parse_plain(raw, lines)
    if (raw.meta or {}).get("ocr_pages"):
        doc = doc.model_copy(update={"from_ocr": True})
    return doc


# ---------------------------------------------------------------------------------------------------------------
# Cross-document relations
# ---------------------------------------------------------------------------------------------------------------

_TARGET_RE = re.compile(
    rf"(?:(?:điểm|Điểm)\s+(?P<pt>[a-zđ])\s+)?(?:(?:khoản|Khoản)\s+(?P<cl>\d+)\s+)?(?:(?:Điều|điều)\s+(?P<art>\d+[a-zđ]?)\s+)?"
    rf"(?:của\s+)?(?P<type>{DOC_TYPE_RE})\s+(?:{_LAW_NAME}\s+số\s*:?\s*|(?:số\s*:?\s*)?)(?P<num>{NUM})"
)
_REL_VERB = re.compile(r"(?<!được )(?<!đã )(?<!bị )\b([Ss]ửa đổi(?:,\s*bổ sung)?|[Bb]ổ sung|[Tt]hay thế|[Bb]ãi bỏ|[Hh]ủy bỏ)\b")
# "2. Khoản 2 Điều 9 được sửa đổi, bổ sung như sau:", "Điều 10 được bãi bỏ." — the provisions come first, the verb is
# passive and ends the instruction ("như sau", or the sentence ends). "… đã được sửa đổi, bổ sung bởi Luật số …"
# (a document's history) and a footnote's "Khoản này được sửa đổi … theo quy định tại …" are not instructions.
_PASSIVE_REL_RE = re.compile(
    r"^(?:\d+[a-zđ]?\.\s+)?(?P<seg>(?:[Đđ]iểm|[Kk]hoản|[Đđ]iều|[Pp]hụ lục|[Mm]ẫu số|[Tt]ên|[Tt]iêu đề|[Đđ]oạn)\b[^;“”\"]{0,250}?)"
    r"\s+(?:được|bị)\s+(?P<verb>sửa đổi(?:,\s*bổ sung)?|bổ sung|thay thế|bãi bỏ|hủy bỏ)\s*(?:như\s+sau\b|[.;:]?$)"
)


_LAB = r"(?:\d+[a-zđ]?|[a-zđ])"
_ANNEX_LAB = r"(?:[IVXLC]+|\d{1,3}[a-zđ]?)(?![\w/])"
_FORM_LAB = r"\d{1,3}[a-zđA-ZĐ]?(?:[/.-][A-ZĐa-zđ0-9]+)*(?![\w/])"


def _form_key(label: str) -> str:
    """Matching key of a form label: "01/HQ", "1/hq" → "MS-1/HQ" (leading zeros and case do not matter)."""
    m = re.match(r"^0*(\d+)(.*)$", label)
    return form_number((m.group(1) + m.group(2)) if m else label)
_PROV_TOK_RE = re.compile(
    rf"\b(?P<kind>[Đđ]iểm|[Kk]hoản|[Đđ]iều)\s+(?P<labs>{_LAB}(?:\s*(?:,|và|hoặc)\s*{_LAB}(?![\w/]))*)(?![\w/])"
    rf"|(?P<type>{DOC_TYPE_RE})\s+(?:{_LAW_NAME}\s+số\s*:?\s*|(?:số\s*:?\s*)?)(?P<num>{NUM})"
    # "Phụ lục I", "Phụ lục số 01", "Phụ lục I và Phụ lục II", "Phụ lục I, II"
    rf"|\b[Pp]hụ lục\s+(?:số\s+)?(?P<annex>{_ANNEX_LAB}(?:\s*(?:,|và)\s*(?:[Pp]hụ lục\s+)?(?:số\s+)?{_ANNEX_LAB})*)"
    # "Mẫu số 01/HQ", "Mẫu số 01/HQ và Mẫu số 02/HQ": a form after the signature ("MS-01/HQ")
    rf"|\b[Mm]ẫu\s+số\s+(?P<form>{_FORM_LAB}(?:\s*(?:,|và)\s*(?:[Mm]ẫu\s+số\s+)?{_FORM_LAB})*)"
)
# words showing that a reference names only part of a document ("bãi bỏ một số điều của Nghị định số X")
_PARTIAL_RE = re.compile(
    r"\b(?:[Đđ]iều|[Kk]hoản|[Đđ]iểm|[Cc]hương|[Mm]ục|[Pp]hần|[Pp]hụ lục|cụm từ|từ ngữ|nội dung|quy định)"
    r"(?:\s*(?:\d+[a-zđ]?|[a-zđ]|[IVXLC]+|,|và|hoặc|này|đó|sau|sau đây))*"
    r"\s*(?:(?:của|tại|thuộc|trong|ban hành kèm theo|quy định tại)\s*)?$"
)


def _partial_before(text: str) -> bool:
    """``text`` (the words right before a document reference) ends with provision words: "một số điều của",
    "Điều 10, Điều 11 và khoản 2 Điều 12 của", "các quy định tại" — the reference names part of a document."""
    return bool(_PARTIAL_RE.search(text.rstrip()[-120:]))
_LOCAL_PREFIX_RE = re.compile(
    r"^\s*(?:các\s+)?(?:cụm\s+)?từ\s+(?:ngữ\s+)?[“\"][^”\"]{1,300}[”\"](?:\s+(?:bằng|vào\s+(?:sau|trước))\s+(?:cụm\s+)?từ\s+(?:ngữ\s+)?[“\"][^”\"]{0,300}[”\"])?"
    r"(?:\s+(?:tại|ở|trong)\s+|\s+của\s+(?=(?:[Đđ]iểm|[Kk]hoản|[Đđ]iều)\s))"
    r"|^\s*(?:(?:tên|toàn bộ|các|một số|nội dung|tiêu đề|phần mở đầu|đoạn mở đầu)\s+(?:của\s+)?)*"
)


def provision_targets(seg: str, ctx_num: str | None = None) -> list[tuple[str | None, str | None, str | None, str]]:
    """(điểm, khoản, Điều, số hiệu) targets named in ``seg`` — the words after a verb such as "bãi bỏ":
    "khoản 1 và khoản 3 Điều 5", "điểm a, c khoản 2 Điều 6", "Điều 10, Điều 11 và khoản 2 Điều 12 của Nghị định
    số X", "Nghị định số X" (whole document: Điều None). Provisions without a document number take ``ctx_num``
    (the document an amending article is about) only when they follow the verb directly ("khoản 2 Điều 7 như
    sau" — not a mention later in the sentence) and are not "… Điều này" / "Nghị định này". A document named
    after provision words that are not an article list ("một số điều của", "Chương II của") is a partial
    target and yields nothing."""
    out: list[tuple[str | None, str | None, str | None, str]] = []
    pend_pts: list[str] = []
    pairs: list[tuple[str | None, str]] = []
    arts: list[tuple[str | None, str | None, str]] = []
    last_end = 0
    first_start: int | None = None
    for m in _PROV_TOK_RE.finditer(seg):
        if m.group("num"):
            between = seg[last_end : m.start()]
            if arts:
                out.extend((pt, cl, an, m.group("num")) for pt, cl, an in arts)
            elif not pend_pts and not pairs and not _partial_before(between):
                out.append((None, None, None, m.group("num")))
            arts, pairs, pend_pts = [], [], []
            last_end = m.end()
            continue
        if first_start is None:
            first_start = m.start()
        if m.group("form"):  # a form: a unit of its own, no khoản/điểm
            for lb in re.findall(_FORM_LAB, m.group("form")):
                arts.append((None, None, _form_key(lb)))
            pairs, pend_pts = [], []
            last_end = m.end()
            continue
        if m.group("annex"):  # an appendix is a unit like a Điều: "PL-I" (khoản/điểm before it are its own)
            for lb in re.findall(_ANNEX_LAB, m.group("annex")):
                an = annex_number(_annex_key(lb))
                arts.extend((pt, cl, an) for pt, cl in pairs)
                arts.extend((pt, None, an) for pt in pend_pts)
                if not pairs and not pend_pts:
                    arts.append((None, None, an))
                pairs, pend_pts = [], []
            last_end = m.end()
            continue
        kind = m.group("kind").lower()
        labs = re.split(r"\s*(?:,|và|hoặc)\s*", m.group("labs"))
        if kind == "điểm":
            pend_pts.extend(lb for lb in labs if re.fullmatch(r"[a-zđ]", lb))
        elif kind == "khoản":
            for i, lb in enumerate(x for x in labs if re.fullmatch(r"\d+[a-zđ]?", x)):  # "khoản 1a" inserted by an amendment
                if i == 0 and pend_pts:
                    pairs.extend((pt, lb) for pt in pend_pts)
                    pend_pts = []
                else:
                    pairs.append((None, lb))
        else:
            for lb in labs:
                if not re.fullmatch(r"\d+[a-zđ]?", lb):
                    continue
                if pairs or pend_pts:
                    arts.extend((pt, cl, lb) for pt, cl in pairs)
                    arts.extend((pt, None, lb) for pt in pend_pts)
                else:
                    arts.append((None, None, lb))
                pairs, pend_pts = [], []
        last_end = m.end()
    if arts and ctx_num and first_start is not None:
        pre = _LOCAL_PREFIX_RE.match(seg)
        direct = first_start <= (pre.end() if pre else 0) + 1
        if direct and not re.match(r"\s*(?:của\s+)?(?:[A-ZĐa-zđ][^\s]*\s+){0,3}này\b", seg[last_end : last_end + 40]):
            out.extend((pt, cl, an, ctx_num) for pt, cl, an in arts)
    return out


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


def _add(lst: list[str], item: str) -> list[str]:
    return lst if item in lst else [*lst, item]


def _unit_label(art: str) -> str:
    """"5" → "Điều 5"; an appendix number "PL-I" → "Phụ lục I"."""
    return annex_label(art) if art.startswith((ANNEX_PREFIX, FORM_PREFIX)) else f"Điều {art}"


def _scope_label(pt: str | None, cl: str | None, art: str | None) -> str:
    parts = []
    if pt:
        parts.append(f"Điểm {pt}")
    if cl:
        parts.append(f"khoản {cl}" if parts else f"Khoản {cl}")
    if art:
        parts.append(_unit_label(art))
    return " ".join(parts)


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


def iter_references(text: str) -> Iterable[tuple[str, str]]:
    """(loại văn bản, số hiệu) references found in ``text``."""
    for m in REF_RE.finditer(text):
        yield m.group(1), m.group(2)
