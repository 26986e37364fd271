"""Shared patterns and small helpers of the legal structure stage.

Does: the patterns every part of the stage reads text with (số hiệu ``NUM``, document types ``DOC_TYPES``,
references ``REF_RE`` / ``NAMED_REF_RE``, dates ``DATE`` and the "có hiệu lực … / hết hiệu lực …" wordings), issuer
and type codes of a số hiệu, dates (``to_date``, ``parse_date``, ``fmt_date``), ``number_key``, line cleaning,
upper-case tests and sentence-casing (``sentence_case``, ``display_issuer``), ``RawDocument.meta`` look-ups.

Does not: split a document into articles, clauses or sections, or decide any validity (see the sibling modules).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from assistant.records import RawDocument


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
    "Sắc lệnh",  # the President's decrees of 1945–1959 ("Sắc lệnh số 102-SL/L-004"); before "Lệnh"
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
# a ministry keeps its capitals where the trích yếu names it as a body: "… của Bộ trưởng Bộ Tài chính", "của Bộ Nội vụ"
# (not at the start of a trích yếu, where "bộ …" may be a common noun)
_MINISTRY_LOW = {v.lower(): v for v in _ISSUER_BY_CODE.values() if v.startswith("Bộ ")}
_MINISTRY_LOW_RE = re.compile(r"\b(của|với|và|thuộc|(?:bộ|thứ) trưởng) (" + "|".join(
    re.escape(k) for k in sorted(_MINISTRY_LOW, key=len, reverse=True)) + r")\b")
# a place named after its administrative unit in the issuer ("Hội đồng nhân dân tỉnh Nghệ An")
_PLACE_RE = re.compile(r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+((?:[A-ZĐÀ-Ỹ][\w-]*\s*)+)")


def restore_names(title: str, issuer: str | None) -> str:
    """Put back the capitals of the issuer's place in a sentence-cased title: "… trên địa bàn tỉnh nghệ an" with the
    issuer "Hội đồng nhân dân tỉnh Nghệ An" → "… trên địa bàn tỉnh Nghệ An". Only names the issuer spells."""
    if not issuer:
        return title
    for m in _PLACE_RE.finditer(issuer):
        unit, name = m.group(1), m.group(2).strip()
        title = re.sub(rf"\b{re.escape(unit)} {re.escape(name.lower())}\b", f"{unit} {name}", title)
    return title


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
        low = _MINISTRY_LOW_RE.sub(
            lambda m: f"{m.group(1)[:1].upper() + m.group(1)[1:] if m.group(1).startswith('bộ') else m.group(1)} "
                      f"{_MINISTRY_LOW[m.group(2)]}", low)
    return low[:1].upper() + low[1:]


def doc_type_from_number(number: str | None) -> str | None:
    if not number:
        return None
    parts = number_key(number).split("/")
    if re.search(r"-SL$", parts[0]):  # "102-SL/L-004": a Sắc lệnh (the code after "/" is the law it promulgates)
        return "Sắc lệnh"
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


def _add(lst: list[str], item: str) -> list[str]:
    return lst if item in lst else [*lst, item]


def iter_references(text: str) -> Iterable[tuple[str, str]]:
    """(loại văn bản, số hiệu) references found in ``text``."""
    for m in REF_RE.finditer(text):
        yield m.group(1), m.group(2)
