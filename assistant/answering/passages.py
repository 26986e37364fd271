"""Passage selection inside one provision: its quotable units (lines, sentences, table rows, without
headings that belong to the next article) and the unit that best answers the question (``best_passage``: term
coverage, question cues, list leads and items, value lines, whole procedures), as a ``Passage``.

Does not choose which provisions to cite (``selection``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from assistant.definitions import defines as defines_term, line_term
from assistant.answering.question import _CUES, act_terms, passive_of, term_asked
from assistant.answering.terms import _STOP, _coverage, _nfc, _syllables, _terms
from assistant.legal.clauses import repeal_marker, unit_marker
from assistant.legal.common import POINT_LABELS
from assistant.records import Chunk, Hit
from assistant.text import INSTRUCTION_RE

MAX_QUOTE_CHARS = 700
VALUE_CUES = frozenset({"time", "fee", "age", "penalty"})

# a clause handing the matter to another text ("4. Chính phủ quy định bổ sung giấy tờ trong hồ sơ đăng ký kết hôn …",
# "Bộ trưởng Bộ Tư pháp quy định chi tiết …"): the answer to "who rules on it", not to what the rule is
_DELEGATION_RE = re.compile(r"^\s*(?:\d+[.)]\s*)?(?:Chính phủ|Thủ tướng Chính phủ|Bộ trưởng[^.;:]{0,60}?|Ủy ban Thường vụ Quốc "
                            r"hội|Hội đồng nhân dân cấp tỉnh)\s+(?:quy định|hướng dẫn)\b")
DELEGATION_PENALTY = 0.5
# "Ngoài các giấy tờ … quy định tại khoản 1 Điều này, …": a supplement to another provision's list. The words of
# that opening clause name the other list, not this one ("Ngoài các giấy tờ, tài liệu có trong hồ sơ đăng ký thường
# trú hướng dẫn tại khoản 1 …, các trường hợp dưới đây phải có thêm giấy tờ sau:" is not the dossier itself)
_SUPPLEMENT_RE = re.compile(r"^\s*(?:\d+[.)]\s*)?Ngoài\s+[^:;]{0,200}?\b(?:quy định|hướng dẫn|nêu|liệt kê)\s+"
                            r"(?:tại|ở)\s+[^,:;]{1,120},\s*")
VALUE_UNIT_REL_COVERAGE = 0.5
# an exception in parentheses ("… Giấy chứng nhận đầu tư (trừ dự án đầu tư nuôi trồng thủy sản trên biển);", "(ngoại trừ
# …)", "(không bao gồm …)"): the cases it names are those the unit is not about, so its words match no question
_EXCEPTION_RE = re.compile(r"\((?:trừ|ngoại trừ|không bao gồm|không áp dụng)\b[^()]*\)", re.I)


# a coordination of short members ("Bán, cung cấp, khuyến mại rượu, bia cho người chưa đủ 18 tuổi", "sản xuất, mua bán
# rượu, bia"): each member shares what the later members and the words after them say — "bán … rượu", "rượu … cho
# người" — as the question says it in one breath ("Bán rượu cho người dưới 18 tuổi …?"). Members of at most 3
# syllables; what follows the last comma read to its 3rd syllable.
_COORD_MEMBER = 3
_COORD_REACH = 3


def _coordination_bigrams(text: str) -> set[str]:
    """Bigrams "a_b" of a unit's coordinations (``_COORD_MEMBER``): the last syllable of a short comma-separated member
    with each syllable of the later members of the run and the first ``_COORD_REACH`` syllables after it."""
    out: set[str] = set()
    for part in re.split(r"[.;:()\n]", text):
        segs = [_syllables(x) for x in part.split(",")]
        i = 0
        while i < len(segs) - 1:
            j = i
            while j < len(segs) - 1 and 0 < len(segs[j]) <= _COORD_MEMBER:
                j += 1  # segs[i:j] short members, segs[j] what follows the last comma of the run
            if j - i >= 1:
                later = [w for k in range(i, j) for w in segs[k]]
                tail = segs[j][:_COORD_REACH]
                at = 0
                for k in range(i, j):
                    at += len(segs[k])
                    a = segs[k][-1]
                    for b in later[at:] + tail:
                        if not (a in _STOP and b in _STOP) and a != b:
                            out.add(f"{a}_{b}")
            i = max(j, i + 1)
    return out


def _own_terms(unit: str) -> tuple[set[str], set[str]]:
    """The terms a unit matches a question with: without the opening clause of a supplement to another list
    (``_SUPPLEMENT_RE``) and without its exceptions in parentheses (``_EXCEPTION_RE``); its coordinations' bigrams
    (``_coordination_bigrams``) with its own."""
    sup = _SUPPLEMENT_RE.match(unit)
    own = _EXCEPTION_RE.sub(" ", unit[sup.end():] if sup else unit)
    uni, bi = _terms(own)
    return uni, bi | _coordination_bigrams(own)


# a sum of money, or one stated as a multiple of a base amount ("tối thiểu bằng 20 lần mức chuẩn", "02 lần mức lương cơ sở")
_MONEY_RE = re.compile(r"\d[\d.,]*\s*(?:đồng|%)|\d+(?:[.,]\d+)?\s*lần\s+mức\b")
# a date ("ngày 01 tháng 7 năm 2020", "01/7/2020", "năm 2020"): no duration, age or amount
_DATE_RE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|tháng\s+\d{1,2}\s+năm\s+\d{4}"
                      r"|năm\s+\d{4}")
# a point in time, no length of time (for the cue "duration", ``question._DURATION_Q_RE``): a date, its year
# written or not ("ngày 09 tháng 3 âm lịch", "ngày 15 hằng tháng", "tháng 01 của năm sau"), or a clock time ("vào 21
# giờ", "lúc 7 giờ 30", "20 giờ ngày 31 tháng 12") — "bao lâu?" is answered by "không quá 15 phút", not by these
_POINT_IN_TIME_RE = re.compile(
    _DATE_RE.pattern + r"|ngày\s+\d{1,2}\s+(?:tháng\s+\d{1,2}|(?:hằng|hàng|của)\s+tháng)"
    r"|tháng\s+\d{1,2}\s+(?:âm lịch|hằng năm|hàng năm|của năm)"
    r"|(?:vào|lúc)\s+(?:lúc\s+)?\d{1,2}\s*giờ(?:\s*\d{1,2}(?:\s*phút)?)?"
    r"|\d{1,2}\s*giờ(?:\s*\d{1,2}(?:\s*phút)?)?(?=\s+(?:ngày|sáng|trưa|chiều|tối|đêm)\b)")


# a number, its words in parentheses after it or not ("30 (ba mươi) "), and a length of time so written ("15 phút",
# "02 tuần", "30 (ba mươi) ngày")
_NUMBER_WORDED = r"\d+\s*(?:\(\w+(?:\s\w+)*\)\s*)?"
_LENGTH_UNIT = _NUMBER_WORDED + r"(?:ngày|tháng|năm|giờ|tuần|phút)\b"
# a length of time stated, in any unit ("không quá 15 phút", "02 tuần"): the passage side of the cue "time" when a length
# is asked
_DURATION_RE = re.compile(_LENGTH_UNIT + r"|(?:ngày|tháng|năm)\s+làm việc"
                          r"|thời hạn|thời hiệu")


# the units a length asked in one unit (cue "unit:…", ``question._UNIT_Q_RE``) may be stated in: the unit itself and its
# neighbours ("mấy ngày?" — "trong thời hạn 48 giờ", "02 tuần"; days state month-long periods too: "90 ngày"), not a
# unit far from it ("gộp số ngày nghỉ phép của 02 năm" does not say how many days)
_NEAR_UNITS = {"phút": ("phút", "giờ"), "giờ": ("phút", "giờ", "ngày"), "ngày": ("giờ", "ngày", "tuần", "tháng"),
               "tuần": ("ngày", "tuần", "tháng"), "tháng": ("ngày", "tuần", "tháng", "năm"), "năm": ("tháng", "năm")}
_FAR_UNIT_RES = {u: re.compile(_NUMBER_WORDED + "(?:"
                               + "|".join(x for x in ("phút", "giờ", "ngày", "tuần", "tháng", "năm") if x not in near)
                               + r")\b") for u, near in _NEAR_UNITS.items()}


def _valued(low: str, cues: list[str]) -> str:
    """The lower-cased ``low`` as read for the values asked: without its points in time when a length of time is
    asked (cue "duration"), nor its lengths in units far from the one asked (cue "unit:…", ``_NEAR_UNITS``)."""
    if "duration" not in cues:
        return low
    low = _POINT_IN_TIME_RE.sub(" ", low)
    unit = next((c[5:] for c in cues if c.startswith("unit:")), None)
    return _FAR_UNIT_RES[unit].sub(" ", low) if unit in _FAR_UNIT_RES else low


# a value of the asked kind written as a number (stronger evidence than the cue words "thời hạn", "lệ phí" alone)
_NUMERIC_VALUE_RES = {
    "age": re.compile(r"\d+\s*tuổi"),
    "time": re.compile(_LENGTH_UNIT),
    "fee": _MONEY_RE,
    "penalty": _MONEY_RE,
    "percent": re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|phần trăm)"),
}
# "count": a number (digits or a word) before a noun of the question ("chỉ được cấp một thẻ bảo hiểm y tế" for "được cấp
# mấy thẻ?"); not a reference ("khoản 1 Điều này", "mẫu số 2") or a date
_COUNT_RE = re.compile(r"(?<![\w.,/])(?:\d{1,3}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+(?:\(\w+(?:\s\w+)*\)\s+)?(\w+)")
_COUNT_NOT_NOUN = frozenset({"điều", "khoản", "điểm", "mục", "chương", "phần", "mẫu", "số", "ngày", "tháng", "năm",
                             "tuần", "giờ", "phút", "tuổi", "đồng", "và", "hoặc", "trong", "của"})


def states_value(quote: str, cue: str, cues: list[str], qterms: tuple[set[str], set[str]] | None = None) -> bool:
    """Does ``quote`` state a value of the kind ``cue`` (time, age, fee, penalty, percent; count: a number of one of
    the question's nouns, not one the question states: ``qterms``) as a number? (fee / penalty only when an amount is asked: "lệ phí bao nhiêu?", not
    "có được miễn phí không?")"""
    if cue == "count":
        return _CountOf.of_question(qterms or (set(), set())).search(quote.lower())
    rx = _NUMERIC_VALUE_RES.get(cue)
    if rx is None or (cue in ("fee", "penalty") and "amount" not in cues):
        return False
    return bool(rx.search(_valued(quote.lower(), cues)))


_NUMBER_RE = re.compile(r"(?<![\w.,/])\d+(?:[.,]\d+)*(?![\d/])(?![.)](?:\s|$))")  # not an item number "1."


def _states_number(low: str) -> bool:
    """Does the lower-cased unit state a quantity as a number ("75cm x 40cm", "25.000.000 (hai mươi lăm triệu đồng)",
    "không quá 30%")? A reference ("khoản 1 Điều 18", "mẫu số 02"), a date or a document number is none."""
    return any(not _REF_BEFORE_RE.search(low[: m.start()]) for m in _NUMBER_RE.finditer(low))


class _NumberStated:
    """``search`` as a pattern's: does a lower-cased unit state a quantity as a number (``_states_number``)?"""

    def search(self, low: str) -> bool:
        return _states_number(low)


def _quantity_rx(cues: list[str], qterms: tuple[set[str], set[str]]) -> list:
    """Matchers of the quantities asked beside the value cues: a share ("bao nhiêu phần trăm"), a number of things
    ("mấy tình nguyện viên", ``_CountOf``) or a quantity of no kind named ("tối thiểu bao nhiêu?", ``_states_number``)."""
    out: list = []
    if "percent" in cues:
        out.append(_NUMERIC_VALUE_RES["percent"])
    if "count" in cues:
        out.append(_CountOf.of_question(qterms))
    if "number" in cues:
        out.append(_NumberStated())
    return out


# a reference before a number ("khoản 1", "mẫu số 02", "tại Bảng 1 và Bảng 2 của Phụ lục"): no quantity
_REF_BEFORE_RE = re.compile(r"(?:điều|khoản|điểm|số|năm|ngày|tháng|mẫu|chương|mục|phụ lục|bảng)\s*$")


class _CountOf:
    """Matches a count of a noun (``_COUNT_RE``) in a lower-cased unit: a number in digits before any noun ("từ 03 hòa
    giải viên trở lên" for "ít nhất mấy người?"), a number word ("một", "hai" …, common in other senses) only before a
    noun of the question (``words``); not a reference ("Điều 29 Nghị định …", "khoản 1 Điều này") and not a count the
    question itself states (``given``: "Một tổ hòa giải … mấy người?" gives "một tổ")."""

    def __init__(self, words: set[str], given: frozenset[str] = frozenset()) -> None:
        self.words = {w for w in words if w not in _COUNT_NOT_NOUN}
        self.given = given

    def search(self, text: str) -> bool:
        for m in _COUNT_RE.finditer(text):
            noun = m.group(1)
            if noun in _COUNT_NOT_NOUN or _REF_BEFORE_RE.search(text[: m.start()]):
                continue
            if " ".join(m.group(0).split()) in self.given:
                continue
            if m.group(0)[:1].isdigit() or noun in self.words:
                return True
        return False

    @classmethod
    def of_question(cls, qterms: tuple[set[str], set[str]]) -> "_CountOf":
        """From the question's terms: its syllables are the nouns, its syllable pairs ("một_tổ") what it states."""
        return cls({w.lower() for w in qterms[0]}, frozenset(b.replace("_", " ").lower() for b in qterms[1]))


# an article titled with the conditions it lists ("Điều kiện công nhận kết quả hòa giải thành ngoài Tòa án")
_CONDITIONS_TITLE_RE = re.compile(r"^điều kiện\b", re.I)
_DOSSIER_TITLE_RE = re.compile(r"^(?:thành phần\s+)?hồ sơ\b", re.I)
# an outline of a dossier article: each khoản's first line, cut here
DOSSIER_ITEM_CHARS = 220
_GOM_RE = re.compile(r"\bgồm\b", re.I)
# the article's title must match the question nearly as well as its best line does (else a case asked is the answer)
DOSSIER_TITLE_REL_COVERAGE = 0.75
_STEPS_TITLE_RE = re.compile(r"^(?:trình tự|thủ tục|quy trình|các bước|cách thức)\b", re.I)
STEPS_MAX_CHARS = 1500


_SENT_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÌÓÒÚÙÝ0-9])")
# capital letters of Vietnamese text (A–Z, Đ and the accented vowels, NFC)
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x1EFA))
                 if ch.isupper() and unicodedata.name(ch, "").startswith("LATIN CAPITAL"))
# a khoản number: "1. " or "1) ", or "1." glued to the capital that starts its text ("1.Văn bản đề nghị …", as some
# sources write every khoản); not "1.5" nor "1.000"
_NUM_MARK = rf"\d+[.)](?:\s|(?-i:(?=[{_UPPER}])))"
_ITEM_RE = re.compile(rf"^\s*([a-zđ]\)|[-–•+]\s|{_NUM_MARK}|\d+\.\d+)", re.I)
_LIST_START_RE = re.compile(rf"^\s*(?:a\)|1[.)](?:\s|(?-i:(?=[{_UPPER}])))|[-–•+]\s)", re.I)  # the first item of a list


def _item_kind(unit: str) -> str:
    """"num" (1. / 1)), "letter" (a) / a1)), "sub" (1.1), or "bullet" (- • +) for a list item."""
    u = unit.lstrip()
    if re.match(r"\d+\.\d+", u):
        return "sub"
    if re.match(_NUM_MARK, u):
        return "num"
    if re.match(r"[a-zđ]\d?\)", u, re.I):
        return "letter"
    return "bullet"


def _unmarked_lead(quote: str, following: list[tuple[str, int]]) -> bool:
    """A list lead whose colon the source lost ("2. Thể thức văn bản hành chính bao gồm các thành phần chính", then
    "a) Quốc hiệu và Tiêu ngữ." …): no closing punctuation and the next unit an item of another kind than the lead
    (a khoản "1. …" followed by "2. …" is not a lead), and that item the first of a list ("a)", "1.", a bullet): a
    sentence the source left unpunctuated before "3. …" is not one."""
    q = quote.rstrip()
    if not q or q[-1] in ".;:!?…”\")" or not following:
        return False
    nxt = following[0][0]
    return bool(_LIST_START_RE.match(nxt)) and (not _ITEM_RE.match(q) or _item_kind(nxt) != _item_kind(q))


_BARE_ENUMERATOR_RE = re.compile(r"^(?:\d+[a-zđ]?[.)]|[a-zđ]\d?\))$", re.I)


# a chapter / section heading the source glued to the end of an article ("… 02 ngày làm việc).Chương V", then the
# chapter title in capitals on the next line: "TRÁCH NHIỆM QUẢN LÝ CƯ TRÚ"), or on a line of its own
_GLUED_HEADING_RE = re.compile(r"(?<=[.;:!?)…”\"])\s*(?:Chương|CHƯƠNG|Mục|MỤC|Phần thứ|PHẦN THỨ)\s+[IVXLC\d]+[.:]?\s*$")
_HEADING_LINE_RE = re.compile(r"^\s*(?:Chương|CHƯƠNG|Mục|MỤC|Phần thứ|PHẦN THỨ)\s+[IVXLC\d]+[.:]?\s*$")


def _is_caps_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _provision_lines(chunk: Chunk) -> list[str]:
    """The lines of ``chunk.text`` without a chapter / section heading that follows the provision (glued to its last
    sentence or on a line of its own) and the capitalised chapter title under it: they belong to the next article,
    and a quote ending "….Chương V" or made of "TRÁCH NHIỆM QUẢN LÝ CƯ TRÚ" answers nothing."""
    out: list[str] = []
    heading = False
    lines = _nfc(chunk.text).splitlines()
    for n, line in enumerate(lines):
        if _repeal_trace(line, lines[n + 1 :]):
            out.append("")  # a khoản / điểm kept only as a repeal marker: no rule to quote, not an item of a quoted list
            continue
        if heading and (not line.strip() or _is_caps_line(line)):
            out.append("")  # kept as an empty line: line numbers stay those of the text
            continue
        heading = False
        if _HEADING_LINE_RE.match(line):
            out.append("")
            heading = True
            continue
        cut = _GLUED_HEADING_RE.sub("", line)
        if cut != line:
            heading = True
        out.append(cut)
    return out


_BARE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*\.\s*$")


def _repeal_trace(line: str, after: list[str]) -> bool:
    """Is ``line`` what the text keeps of a repealed khoản / điểm: "2. (Được bãi bỏ).", "g) ***(Bị bãi bỏ);***", a marker
    line alone ("(được bãi bỏ)"), or a khoản number alone whose next non-empty line is one ("10." then "(được bãi
    bỏ)")? (:func:`legal.clauses.unit_marker`)"""
    if "bỏ" in line:
        return bool(unit_marker(line) or repeal_marker(line))
    if _BARE_NUMBER_RE.match(line):
        nxt = next((x for x in after if x.strip()), "")
        return bool(repeal_marker(nxt))
    return False


def _units(chunk: Chunk) -> list[str]:
    """Lines of the provision, long lines split into sentences; the bare title line is dropped."""
    return [u for u, _ in _units_with_lines(chunk)]


def _is_title_line(chunk: Chunk, line: str) -> bool:
    """The bare article title ("Thủ tục đăng ký khai sinh" or "Điều 16. Thủ tục …") repeated as a line of the text."""
    title = _nfc(chunk.article_title).strip().lower()
    return bool(title) and line.lower().strip(" .") in {title, f"điều {chunk.article_id}. {title}".lower()}


def _units_with_lines(chunk: Chunk) -> list[tuple[str, int]]:
    """``_units`` with the index of the line each unit comes from (a list item's later sentences share its line).
    A sentence split never leaves an item number alone ("5." then "Giấy khám sức khỏe …"): it stays with its text."""
    out: list[tuple[str, int]] = []
    table: list[str] = []

    def flush(at: int) -> None:
        # A table (rows "a | b") is one unit: a header row alone answers nothing.
        if table:
            out.extend((u, at) for u in _table_units(table))
            table.clear()

    for n, line in enumerate(_provision_lines(chunk)):
        line = line.strip()
        if not line:
            continue
        if _is_title_line(chunk, line):
            continue
        if " | " in line and not INSTRUCTION_RE.search(line):
            table.append(line)
            continue
        flush(n - 1)
        parts = [p.strip() for p in (_SENT_SPLIT.split(line) if len(line) > 120 else [line]) if p.strip()]
        merged: list[str] = []
        closed = line.count("(") <= line.count(")")  # its parentheses close within the line
        for p in parts:
            if merged and (_BARE_ENUMERATOR_RE.match(merged[-1]) or (
                    closed and merged[-1].count("(") > merged[-1].count(")"))):
                # (nor inside a parenthesis: "(Ví dụ: Nguyện Huệ, Quang Trung; Nguyễn Sinh Cung, …;…), việc đặt tên …")
                merged[-1] = f"{merged[-1]} {p}"
            else:
                merged.append(p)
        out.extend((p, n) for p in merged if not INSTRUCTION_RE.search(p))
    flush(-1)
    return out or [(_nfc(chunk.text).strip(), 0)]


_GROUP_CELL_RE = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\.?$")


def _table_units(rows: list[str]) -> list[str]:
    """Quotable units of a table (rows "a | b | c"). A table short enough to quote whole is one unit. A longer
    one (a fee schedule in a Phụ lục) gives one unit per row, read with the header row and the group row it falls
    under ("STT | Nội dung | Mức thu (đồng); II | … cấp bộ; 1 | Bản sao … | 10.000"), so the quote can be the row
    that answers instead of the first ``MAX_QUOTE_CHARS`` characters of the table."""
    whole = "; ".join(rows)
    if len(whole) <= MAX_QUOTE_CHARS or len(rows) < 3:
        return [whole]
    head, ncols = rows[0], rows[0].count(" | ")
    out: list[str] = []
    group: str | None = None
    for row in rows[1:]:
        cells = [c for c in row.split(" | ") if c.strip()]
        if cells and len(cells) <= min(2, ncols) and _GROUP_CELL_RE.match(cells[0]):  # "II | … cấp bộ": group row
            group = row
            continue
        out.append("; ".join(x for x in (head, group, row) if x))
    return out or [whole]


# a list lead longer than this ("… theo quy định tại …" over several lines) is not put before a quoted item
LEAD_MAX_CHARS = 300


# later paragraphs of one list item, each on a line of its own, read as part of the item (``_paragraph_run``)
ITEM_PARAGRAPHS_MAX = 3


def _enumerator(unit: str) -> int | None:
    """The place of a numbered or lettered item in its list ("3." → 3, "đ)" → 5), None for a bullet or no item."""
    m = re.match(rf"\s*(?:(?={_NUM_MARK})(\d+)|([a-zđ])\))", unit, re.I)
    if not m:
        return None
    return int(m.group(1)) if m.group(1) else POINT_LABELS.index(m.group(2).lower()) + 1


def _paragraph_run(lines: list[tuple[str, int]], a: int, b: int) -> bool:
    """Are units ``a`` < ``b`` two consecutive items of one list, the units between them later paragraphs of ``a`` (at
    most ``ITEM_PARAGRAPHS_MAX`` lines, none an item or a lead)? ("c) Người được cơ quan, tổ chức nuôi dưỡng … tập
    trung …", then "Trường hợp được cá nhân chăm sóc …", then "d) Người sinh sống tại cơ sở tôn giáo …")"""
    u, v = lines[a][0], lines[b][0]
    ea, eb = _enumerator(u), _enumerator(v)
    if ea is None or eb != ea + 1 or _item_kind(u) != _item_kind(v):
        return False
    between = lines[a + 1 : b]
    if any(_ITEM_RE.match(x) or x.rstrip().endswith(":") for x, _ in between):
        return False
    return len({ln for _, ln in between} - {lines[a][1]}) <= ITEM_PARAGRAPHS_MAX


def _list_lead(lines: list[tuple[str, int]], i: int) -> int | None:
    """Index of the lead of the list whose item is unit ``i`` ("2. Trong các trường hợp sau đây thì việc xác định mức
    độ khuyết tật do Hội đồng giám định y khoa thực hiện:" for "b) Người khuyết tật … không đồng ý với kết luận …"),
    looking back over the earlier items of the same kind and their later sentences; None when unit ``i`` is no item,
    the list has no lead (khoản "1.", "2." of an article) or the lead is longer than ``LEAD_MAX_CHARS``."""
    u = lines[i][0]
    if not _ITEM_RE.match(u):
        return None
    kind = _item_kind(u)
    after = i  # the earliest item of the list seen so far
    j = i - 1
    while j >= 0:
        v = lines[j][0]
        sibling = bool(_ITEM_RE.match(v)) and _item_kind(v) == kind  # "c) Loại T16 (16+): …:" heads its own list
        if not sibling and (v.rstrip().endswith(":") or _unmarked_lead(v, lines[j + 1 : j + 2])):
            return j if len(v) <= LEAD_MAX_CHARS else None
        if sibling:
            after = j
            j -= 1
            continue
        if j > 0 and lines[j - 1][1] == lines[j][1] and not _ITEM_RE.match(v):
            j -= 1  # a later sentence of an earlier item
            continue
        k = next((k for k in range(j - 1, -1, -1) if _ITEM_RE.match(lines[k][0])), None)
        if k is not None and _paragraph_run(lines, k, after):
            j = k  # a later paragraph of the item before
            continue
        return None
    return None


# how deep an item of each kind sits (khoản "1.", then điểm "a)" or "1.1", then "-"): a list nested in an item is deeper
_ITEM_DEPTH = {"line": 0, "num": 0, "sub": 1, "letter": 1, "bullet": 2}


def _lead_items(lines: list[tuple[str, int]], i: int) -> tuple[list[str], set[int], bool]:
    """The items of the list led by unit ``i`` (those of the first item's kind, an item's later sentences, a table
    row), up to ``STEPS_MAX_CHARS``: (items, their unit indices, whether more were left out). Lists nested in its items
    ("2. Đối với đất nông nghiệp để trồng cây lâu năm:", then "- Các xã đồng bằng không quá 10 ha.") are taken when the
    whole fits in ``MAX_QUOTE_CHARS`` (a long article's nested lists, taken whole, bury the answer: the list then ends at
    the first nested item)."""
    items, idx, more, nested = _list_items(lines, i, True)
    if nested and (more or len(" ".join(items)) > MAX_QUOTE_CHARS):
        items, idx, more, _ = _list_items(lines, i, False)
    return items, idx, more


def _list_items(lines: list[tuple[str, int]], i: int, nest: bool) -> tuple[list[str], set[int], bool, bool]:
    """``_lead_items``, lists nested in items taken or not (``nest``); the last value: whether any was taken."""
    items: list[str] = []
    idx: set[int] = set()
    last_line = None
    more = False
    kind = None  # the first item's kind: the list ends where another kind starts ("a) … g)", then khoản "2.")
    item_at = i  # the last item taken
    para: set[int] = set()  # units read as later paragraphs of an item
    top_at = None  # the last item of the list's own kind
    sub_kind = None  # the kind of the items nested under it, when it leads a list of its own
    nested = None  # a nested item taken
    for n, (u, ln) in enumerate(lines[i + 1 :], start=i + 1):
        cont = last_line is not None and ln == last_line
        if not items and not (_ITEM_RE.match(u) or " | " in u) and lines[i][0].rstrip().endswith(":"):
            # "1. Hồ sơ đề nghị trợ cấp xã hội hàng tháng bao gồm:" then an unnumbered line "Tờ khai của đối tượng
            # theo Mẫu số 1a …": the one line (and its later sentences) is what the lead announces
            items.append(u)
            idx.add(n)
            last_line = ln
            kind = "line"
            continue
        if kind == "line" and not cont:
            break
        if not (_ITEM_RE.match(u) or " | " in u or cont or n in para):
            nxt = next((m for m in range(n + 1, len(lines)) if _ITEM_RE.match(lines[m][0])), None)
            if not (items and nxt is not None and _paragraph_run(lines, item_at, nxt)):
                break
            para.update(range(n, nxt))  # later paragraphs of the item before, then its list goes on
        if _ITEM_RE.match(u) and not cont:
            item_at = n
        if not cont and " | " not in u and n not in para:
            k = _item_kind(u)
            if kind is None:
                kind = k
            elif k == kind:
                top_at, sub_kind = n, None
            elif (nest and top_at is not None and lines[top_at][0].rstrip().endswith(":") and sub_kind in (None, k)
                  and _ITEM_DEPTH[k] > _ITEM_DEPTH[kind]):
                # the items of an item that leads a list of its own ("2. Đối với đất … cây lâu năm:", then "- Các xã
                # đồng bằng không quá 10 ha."): the nested list is part of the item
                sub_kind = nested = k
            else:
                break
            if top_at is None:
                top_at = n
        if items and len(" ".join(items)) + len(u) > STEPS_MAX_CHARS:
            more = True
            break
        items.append(u)
        idx.add(n)
        last_line = ln
        if " | " in u:
            break
    return items, idx, more, nested is not None


def _continued_item(lines: list[tuple[str, int]], i: int) -> int | None:
    """Index of the first unit of the list item that unit ``i`` continues: unit ``i`` opens a line of its own that is
    no item, the line before it is one (or continues one), and the next line is an item of the same kind — a
    paragraph inside a list ("đ) … 200 đơn vị …", then "Trường hợp … 10 đơn vị …", then "e) …"), or ending with ";"
    as an item does. None otherwise: a paragraph after the last item may be the khoản's own closing sentence."""
    u, ln = lines[i]
    if _ITEM_RE.match(u) or (i > 0 and lines[i - 1][1] == ln):
        return None
    j = i - 1
    while j >= 0 and not _ITEM_RE.match(lines[j][0]):
        j -= 1  # back over the item's later sentences and paragraphs
    if j < 0 or any(lines[k][1] != lines[k - 1][1] and _ITEM_RE.match(lines[k][0]) for k in range(j + 1, i)):
        return None
    if any(lines[k][1] != lines[k + 1][1] for k in range(j, i - 1)):
        return None  # two paragraphs back: the item's own first line only (one continuation paragraph)
    nxt = next((v for v, m in lines[i + 1:] if m != ln), None)
    if nxt is not None and _ITEM_RE.match(nxt) and _item_kind(nxt) == _item_kind(lines[j][0]):
        return j
    last = [v for v, m in lines[i:] if m == ln][-1]
    return j if last.rstrip().endswith(";") else None  # ends as an item does (the items after it repealed, dropped)


# the lead of a list of conditions or criteria that must all be met ("… khi đủ các điều kiện sau:", "phải đáp ứng các
# tiêu chuẩn sau đây:"); not one of alternatives ("… một trong các điều kiện sau:") nor a list of cases ("trường hợp")
_CUMULATIVE_LEAD_RE = re.compile(r"^(?!.*\b(?:một trong|trường hợp)\b).*\b(?:điều kiện|tiêu chuẩn)\b[^:]*:\s*$", re.I)

# a unit stating the same negation as a qualifier of the question (cue "neg:…", ``question.analyze_question``) is the
# one about that case: this bonus
NEGATION_BONUS = 0.15

# a sum of money the question states (cue "band:…", ``question._sums``) and a unit whose band of values holds it ("…
# trị giá từ 2.000.000 đồng đến dưới 50.000.000 đồng …", "Phạm tội mà thu lợi bất chính 100.000.000 đồng trở lên …"):
# the unit about that case, this bonus. A range "từ … đồng đến … đồng" (no "dưới") is a penalty stated, no band.
BAND_BONUS = 0.3
_MONEY_NUM = r"(\d{1,3}(?:\.\d{3})+|\d+)\s*đồng"
_BAND_RES = (
    (re.compile(r"\btừ\s+" + _MONEY_NUM + r"\s+đến\s+dưới\s+" + _MONEY_NUM), lambda a, b: (a, b)),
    (re.compile(_MONEY_NUM + r"\s+trở\s+lên"), lambda a: (a, float("inf"))),
    (re.compile(r"(?<!đến )\bdưới\s+" + _MONEY_NUM), lambda b: (0.0, b)),
)


def _band_holds(low: str, sums: list[float]) -> bool:
    """Does a band of values the lower-cased unit states (``_BAND_RES``) hold one of the question's sums?"""
    for rx, band in _BAND_RES:
        for m in rx.finditer(low):
            lo, hi = band(*(float(g.replace(".", "")) for g in m.groups()))
            if any(lo <= v < hi for v in sums):
                return True
    return False


# a value asked and several units of the provision state one: those covering the question at least this share as well as
# the best unit compete on the question's words rarest in the provision (the case asked), the best unit keeping ties
VALUE_NEAR_REL_COVERAGE = 0.5
# the question states one of a thing ("trong phạm vi một tỉnh") and a unit two or more of it ("từ hai tỉnh trở lên"),
# or the other way round: the unit is about the other case, this penalty
OTHER_SCOPE_PENALTY = 0.15
_MANY = r"(?:hai|ba|02|03|2|3|nhiều)"


def _other_scope(qterms: tuple[set[str], set[str]], low: str) -> bool:
    """Does the lower-cased unit state a number of a thing the question states another number of: "một tỉnh" asked
    and "từ hai tỉnh trở lên" stated, or "hai tỉnh trở lên" asked and "(trong phạm vi) một tỉnh" stated?"""
    for b in qterms[1]:
        a, _, x = b.partition("_")
        if a == "một" and re.search(rf"\b{_MANY}\s+{re.escape(x)}\s+trở\s+lên\b", low):
            return True
        if (re.fullmatch(_MANY, a) and f"{x}_trở" in qterms[1]
                and re.search(rf"\b(?:phạm vi|địa bàn|trong)\s+(?:một|01)\s+{re.escape(x)}\b", low)):
            return True
    return False


# a list asked (cue "list": "… gồm những gì?") and a unit leading a list: this bonus
LIST_LEAD_BONUS = 0.15
# the unit that defines the term a definition question asks ("Thế nào là khiếu nại?" → "1. *Khiếu nại* là việc …"): it
# is the answer, whatever other unit shares more of the question's words ("3. *Rút khiếu nại* là …")
DEFINES_BONUS = 1.0


# a norm stated in a unit (the passage side of the cue "permission") and the acts it governs: what follows the marker to
# the end of its clause, each member of a coordination ("Nghiêm cấm việc làm giả, tẩy xóa, …, cho mượn, thế chấp …",
# "không được gạch xóa hoặc sửa chữa trên phiếu …") read to its ``_NORM_HEAD`` first syllables after the words that
# introduce an act ("việc", "các hành vi", "tự ý" …); a ban written after its act ("Hành vi … bị cấm") governs the
# ``_NORM_HEAD`` syllables before it. "vùng cấm", "biển cấm" name a place or a sign, no norm.
_NORM_RE = re.compile(r"không được|được phép|(?<!vùng )(?<!khu vực )(?<!biển )\b(?:nghiêm )?cấm\b|có quyền(?! lợi)|"
                      r"chỉ được")
_NORM_BAN_AFTER_RE = re.compile(r"\bbị (?:nghiêm )?cấm\b")
_NORM_HEAD = 3
_NORM_MEMBER_SPLIT_RE = re.compile(r",|\bhoặc\b|\bvà\b")
_NORM_LEAD_RE = re.compile(r"^\s*(?:(?:thực hiện|có)\s+)?(?:các\s+)?(?:hành vi|việc|tự ý|tự mình|tự|trực tiếp)\b\s*")


# a question asking what befalls its subject ("Viên chức bị đơn phương chấm dứt hợp đồng khi nào?", cue "passive:") and
# a unit whose clause opens with that subject acting ("5. Viên chức … có quyền đơn phương chấm dứt hợp đồng …"): the
# other party's act is asked ("1. Đơn vị sự nghiệp công lập được đơn phương chấm dứt hợp đồng làm việc với viên chức …")
PASSIVE_AGENT_PENALTY = 0.3


def _acts_as_subject(unit: str, subject: str, act: str) -> bool:
    """Does the unit, after its khoản / điểm marker (``_ITEM_RE``), open with ``subject`` doing ``act`` (no "bị" between
    them)? ``subject`` and ``act`` lower-cased."""
    body = _ITEM_RE.sub("", unit, count=1).lstrip().lower()
    if not re.match(rf"{re.escape(subject)}\b", body):
        return False
    at = body.find(act, len(subject))
    return at > 0 and not re.search(r"\bbị\b", body[len(subject):at])


def _norm_on_act(low: str, act: set[str]) -> bool:
    """Does the lower-cased unit state a norm (``_NORM_RE``) whose act shares a syllable with the question's ``act``
    (``question.permission_act``)?"""
    for m in _NORM_RE.finditer(low):
        scope = re.split(r"[.;:()]", low[m.end():], maxsplit=1)[0]
        for member in _NORM_MEMBER_SPLIT_RE.split(scope):
            member = _NORM_LEAD_RE.sub("", member)
            if act & act_terms(" ".join(_syllables(member)[:_NORM_HEAD])):
                return True
    for m in _NORM_BAN_AFTER_RE.finditer(low):
        before = re.split(r"[.;:()]", low[: m.start()])[-1]
        if act & act_terms(" ".join(_syllables(before)[-_NORM_HEAD:])):
            return True
    return False


def _cue_stated(c: str, low: str, cues: list[str]) -> bool:
    """Does the lower-cased ``low`` satisfy cue ``c`` (the passage side of ``question._CUES``)? A permission asked of an
    act ("act:…" among ``cues``): a norm on that act (``_norm_on_act``), not any "không được"."""
    if c == "permission":
        act = next((set(x[4:].split()) for x in cues if x.startswith("act:")), None)
        if act is not None:
            return _norm_on_act(low, act)
    if c == "time" and "duration" in cues:
        return bool(_DURATION_RE.search(low))
    return bool(_CUES[c][1].search(low))


def _cues_stated(text: str, cues: list[str]) -> frozenset[str]:
    """The question's cues (time, fee, age …) that ``text`` satisfies (the passage side of ``question._CUES``)."""
    low = _valued(text.lower(), cues)
    return frozenset(c for c in cues if c in _CUES and _cue_stated(c, low, cues))


@dataclass
class Passage:
    hit: Hit
    quote: str
    score: float  # coverage + cue bonus
    coverage: float
    cues: frozenset[str] = frozenset()  # question cues (time, fee, age…) the quote satisfies


# A list lead-in quoted with its điểm ("3. Nội dung quản lý sau cai nghiện ma túy bao gồm: a) …; b) …; c) …") when the
# question is about one of them ("… bao gồm việc tư vấn, giúp đỡ, phòng và chống tái nghiện ma túy, đúng hay sai?"):
# that điểm alone is quoted after the lead-in ("… b) Tư vấn, giúp đỡ, phòng, chống tái nghiện ma túy;"), and cited as
# "Điểm b Khoản 3 Điều 40 …" (``chunking.quote_unit``), when its own words cover at least POINT_MIN_COVERAGE of the
# question's terms the lead-in does not, and POINT_MARGIN more than any other điểm's (``dominant_point``); otherwise
# (the question in the lead-in's words, or spread over several điểm) the whole list. Set on ALQAC dev statements
# (train_alqac25_160: 0.12 for điểm a, 0 for the others; train_alqac25_15: 0.39 for điểm a, 0.32 for điểm c, kept whole).
POINT_MIN_COVERAGE = 0.1
POINT_MARGIN = 0.1
# cues of a question asking for the whole list: its items, their number, the steps or all the conditions
_WHOLE_LIST_CUES = frozenset({"list", "count", "steps", "conditions", "percent"})


def _point_groups(items: list[str]) -> list[list[int]] | None:
    """The điểm of a list's ``items`` (indices, each điểm with its later sentences and nested "-" lines), when the
    list is one of điểm "a)", "b)" …; None otherwise."""
    groups: list[list[int]] = []
    for k, u in enumerate(items):
        if _ITEM_RE.match(u) and _item_kind(u) == "letter":
            groups.append([k])
        elif groups and u != "…":
            groups[-1].append(k)
        else:
            return None
    return groups if len(groups) >= 2 else None


def dominant_point(lead: str, items: list[str], qterms: tuple[set[str], set[str]]) -> tuple[int, list[str]] | None:
    """The one điểm of a list whose own words cover the question's terms its ``lead`` does not best, by
    ``POINT_MARGIN`` over every other and at least ``POINT_MIN_COVERAGE`` (shares of all the question's terms): (its
    place in the list, its units among ``items``); None when no điểm stands out — a statement in the lead's words
    ("Giao dịch dân sự do người không có quyền đại diện xác lập … không làm phát sinh quyền, nghĩa vụ …") is the whole
    khoản's, whichever điểm repeats them."""
    groups = _point_groups(items)
    if groups is None:
        return None
    lu, lb = _own_terms(lead)
    rest = (qterms[0] - lu, qterms[1] - lb)
    total = len(qterms[0]) + len(qterms[1])
    if not total:
        return None

    def added(g: list[int]) -> float:
        pu, pb = _own_terms(" ".join(items[k] for k in g))
        return (len(rest[0] & pu) + len(rest[1] & pb)) / total

    scored = sorted(((added(g), n) for n, g in enumerate(groups)), reverse=True)
    (best, n), (second, _) = scored[0], scored[1]
    if best < POINT_MIN_COVERAGE or best - second < POINT_MARGIN - 1e-9:
        return None
    return n, [items[k] for k in groups[n]]


def best_passage(chunk_hit: Hit, qterms: tuple[set[str], set[str]], cues: list[str],
                 at: int | None = None, one_point: bool = False, whole_points: bool = False) -> Passage:
    """The unit (line or sentence, :func:`_units`) of the provision that best answers the question: lexical
    coverage of the question's terms plus a bonus per question cue (deadline, fee, age …) it states. With
    ``at`` (a character offset in ``chunk.text``), the unit containing that offset instead, e.g. where a
    clash was found. With ``one_point`` (the question may be answered by one điểm: not options to choose from nor
    a list asked, ``selection``), a list lead-in is quoted with the one điểm that answers (:func:`dominant_point`);
    with ``whole_points`` (options to choose from), a điểm that won is quoted with its lead-in and every other điểm."""
    lines = _units_with_lines(chunk_hit.chunk)  # computed once: the list and value passes below read it too
    units = [u for u, _ in lines]
    best_i, best_s, best_c, best_own = 0, -1.0, 0.0, 0.0
    wanted = None
    if at is not None:
        text = _nfc(chunk_hit.chunk.text)
        wanted = next((i for i, u in enumerate(units) if 0 <= (j := text.find(u)) <= at < j + len(u)), None)
    asked_rx = [_NUMERIC_VALUE_RES[c] for c in cues if c in VALUE_CUES and c in _NUMERIC_VALUE_RES
                and (c not in ("fee", "penalty") or "amount" in cues)]
    # values asked in one's own words (not options to choose from or a statement to judge: there the whole list is
    # the evidence): a deadline, age or amount, and a share, a number of things or a quantity of no kind named too
    # ("… tài sản đóng góp tối thiểu bao nhiêu?": "d) Quỹ hoạt động trong phạm vi cấp xã: 25.000.000 …" under "2. Đối
    # với quỹ … phải đảm bảo tài sản đóng góp thành lập quỹ được quy đổi ra tiền đồng Việt Nam như sau:"; "… cần bao
    # nhiêu phần trăm số hộ đồng ý?": "a) … phải đạt trên 50% đại diện hộ gia đình …" under "3. Kết quả bầu hòa giải
    # viên:") — an item states the value, its lead what the value is of
    value_rx = [] if "exam" in cues else [*asked_rx, *_quantity_rx(cues, qterms)]
    read_with_lead: dict[int, int] = {}  # item → its lead, for the items read with their lead's words
    whole_list = False  # the lead of an item read with it, quoted with all its items
    won = -1  # that item
    listed = False  # the best unit an item read with its lead, in a list quotable whole (``_lead_items``)
    negs = [c[4:] for c in cues if c.startswith("neg:")]  # negated qualifiers of the question (``analyze_question``)
    sums = [float(c[5:]) for c in cues if c.startswith("band:")]  # sums of money the question states (``question._sums``)
    defines = term_asked(cues)  # the term a definition question asks (``question.analyze_question``)
    passive = passive_of(cues)  # (subject, act) of a question asking what befalls its subject
    uts: list[tuple[set[str], set[str]] | None] = [None] * len(units)  # each unit's terms (the value pass reads them)
    for i, u in enumerate(units):
        if wanted is not None and i != wanted:
            continue
        uts[i] = _own_terms(u)
        low = u.lower()
        if value_rx and any(r.search(_DATE_RE.sub(" ", _valued(low, cues))) for r in value_rx) and (
                (lead_j := _list_lead(lines, i)) is not None):
            # a value asked and a list item stating one ("a) Kết hôn: nghỉ 03 ngày;"): its subject is in its lead ("Người
            # lao động được nghỉ việc riêng mà vẫn hưởng nguyên lương … trong trường hợp sau đây:"), read with it as it
            # is quoted with it (a date is no value asked: "a) Viên chức được tuyển dụng trước ngày 01 tháng 7 năm 2020")
            lt = _terms(units[lead_j])
            uts[i] = (uts[i][0] | lt[0], uts[i][1] | lt[1])
            read_with_lead[i] = lead_j
        c = _coverage(qterms, uts[i])
        bonus = 0.15 * len(_cues_stated(u, cues))
        if exc := _EXCEPTION_RE.findall(u):
            # the case asked is one the unit excepts ("… thời hạn giao khu vực biển … trên 30 năm … (trừ dự án đầu tư
            # nuôi trồng thủy sản trên biển)" for "… giao khu vực biển để nuôi trồng thì thời hạn …?"): the question's
            # words found only in the exception count against the unit
            et = _terms(" ".join(exc))
            bonus -= _coverage(qterms, (et[0] - uts[i][0], et[1] - uts[i][1]))
        if "dossier" in cues or "condition" in cues:
            if u.rstrip().endswith(":"):
                bonus += 0.1
        if "number" in cues and _states_number(low):
            bonus += 0.15  # a quantity asked ("kích thước bao nhiêu?"): a unit stating one as a number
        if "list" in cues and i + 1 < len(lines) and _ITEM_RE.match(lines[i + 1][0]) and (
                u.rstrip().endswith(":") or _unmarked_lead(u, lines[i + 1 : i + 2])):
            bonus += LIST_LEAD_BONUS  # a list asked: the lead of a list, quoted with its items
        if sums and _band_holds(low, sums):
            bonus += BAND_BONUS
        if defines and (line_term(u) == defines or defines_term([u], defines)):
            bonus += DEFINES_BONUS  # the line defining the term asked ("1. *Khiếu nại* là việc …")
        if negs and any(n in low for n in negs):
            bonus += NEGATION_BONUS
        if passive and _acts_as_subject(u, *passive):
            bonus -= PASSIVE_AGENT_PENALTY
        if _other_scope(qterms, low):
            bonus -= OTHER_SCOPE_PENALTY
        if u.rstrip().endswith("?"):
            bonus -= 0.5  # a question (FAQ heading, self-test item) is not an answer
        if "who" not in cues and "exam" not in cues and _DELEGATION_RE.match(u) and not (
                u.rstrip().endswith(":") and i + 1 < len(lines) and _ITEM_RE.match(lines[i + 1][0])):
            # "Chính phủ quy định bổ sung giấy tờ …" says where the rule is, not the rule (open questions only: an exam
            # statement is often about who rules on the matter — "Bộ Giáo dục … quy định việc liên thông …"); a list
            # that follows is the rule itself ("Bộ trưởng Bộ Quốc phòng quy định hệ thống mẫu biểu …, gồm: a) …")
            bonus -= DELEGATION_PENALTY
        s = c + bonus
        # ties go to the first unit, but between items read with the same lead to the one matching the question by its
        # own words ("c) Giấy phép mua pháo hoa để kinh doanh có thời hạn 30 ngày." over "b) Hồ sơ … trong thời hạn 05
        # ngày làm việc …", both under "1. Thủ tục cấp giấy phép mua pháo hoa để kinh doanh")
        own = c if i not in read_with_lead else _coverage(qterms, _own_terms(u))
        if s > best_s + 1e-9 or (s > best_s - 1e-9 and own > best_own + 1e-9
                                 and read_with_lead.get(i, -1) == read_with_lead.get(best_i, -2)):
            best_i, best_s, best_c, best_own = i, s, c, own
    if (lead_j := read_with_lead.get(best_i)) is not None:
        # the item won with its lead's words: the list it belongs to is the answer, its other values included ("12
        # ngày làm việc …", "14 ngày …", "16 ngày …" for "được nghỉ phép năm bao nhiêu ngày?"), when it is short enough
        # to quote whole. A length of time asked of a list longer than a quote — steps "a) … hồ sơ …", "b) … trong thời
        # hạn 05 ngày làm việc …", "c) Giấy phép … có thời hạn 30 ngày." — is the one item's: it is quoted after its lead,
        # and no unit outside the list competes for the value (the cases of "khi nào …?" are still quoted whole)
        items_, idx, more = _lead_items(lines, lead_j)
        if not more and best_i in idx:
            listed = True
            if "duration" not in cues or len(units[lead_j]) + sum(len(x) + 1 for x in items_) <= MAX_QUOTE_CHARS:
                won, best_i, whole_list = best_i, lead_j, True
    if at is None and "exam" not in cues and (cum := _list_lead(lines, best_i)) is not None and (
            _CUMULATIVE_LEAD_RE.search(units[cum])):
        # an item of a list of conditions that must all be met ("Quỹ được hoạt động khi đủ các điều kiện sau:"):
        # quoted alone it reads as the whole answer ("1. Có giấy phép thành lập …" for "có giấy phép rồi thì được
        # hoạt động chưa?"), so the lead is quoted with every item (not for a statement to judge or options to
        # choose from, cue "exam": the one item that decides is the evidence)
        best_i = cum
    if at is None and asked_rx and not listed and any(r.search(_valued(units[best_i].lower(), cues)) for r in asked_rx) and (
            not (sums and _band_holds(units[best_i].lower(), sums))):  # the sum stated names the case already
        # a value asked (deadline, age, amount) and several units state one ("05 ngày" for the first complaint, "05
        # ngày" for the second, "30 ngày" for another case): among those matching the question nearly as well, the
        # one sharing the question's rarest words in this provision (the case asked: "giám thị trại giam")
        # (``at`` is None: the loop above read every unit, so ``uts`` is complete)
        qall = sorted(qterms[0] | qterms[1])  # a fixed order: the weights below are summed in it (a set's order
        # changes with the hash seed, and a float sum with its order: tied units were chosen differently run to run)
        df = {t: sum(1 for ut in uts if t in ut[0] or t in ut[1]) for t in qall}
        w = {t: math.log((len(units) + 1) / (df[t] + 0.5)) for t in qall if df[t]}
        def rare(j: int) -> float:
            return sum(v for t, v in w.items() if t in uts[j][0] or t in uts[j][1])
        near = [j for j in range(len(units)) if any(r.search(_valued(units[j].lower(), cues)) for r in asked_rx)
                and _coverage(qterms, uts[j]) >= VALUE_NEAR_REL_COVERAGE * best_c]
        pick = max(near, key=lambda j: (rare(j), j == best_i), default=best_i)
        if rare(pick) > rare(best_i):
            best_i = pick
    quote = units[best_i]
    hit_cues = _cues_stated(quote, cues)
    if "steps" in cues and at is None and len(units) > 1 and _STEPS_TITLE_RE.match(_nfc(chunk_hit.chunk.article_title)):
        # "Thủ tục đăng ký khai sinh như thế nào?" and the article "Thủ tục đăng ký khai sinh": its khoản in order,
        # one line each (the provision's own lines, not sentence units: "1." would stand alone)
        text_lines = [ln.strip() for ln in _provision_lines(chunk_hit.chunk)
                      if ln.strip() and not INSTRUCTION_RE.search(ln) and not _is_title_line(chunk_hit.chunk, ln.strip())]
        steps: list[str] = []
        for u in text_lines:
            if steps and len(" ".join(steps)) + len(u) > STEPS_MAX_CHARS:
                steps.append("…")
                break
            steps.append(u)
        return Passage(hit=chunk_hit, quote="\n".join(steps), score=best_s, coverage=best_c, cues=hit_cues)
    if "conditions" in cues and at is None and _CONDITIONS_TITLE_RE.match(_nfc(chunk_hit.chunk.article_title)):
        # "Muốn Tòa công nhận kết quả hòa giải thành ngoài Tòa án thì cần những điều kiện gì?" and the article «Điều kiện
        # công nhận …» whose body is its numbered khoản, one condition each (no lead "… khi có đủ các điều kiện sau:"
        # for the rule above to find): every khoản, in order — one of them reads as the only condition
        body = [ln.strip() for ln in _provision_lines(chunk_hit.chunk)
                if ln.strip() and not INSTRUCTION_RE.search(ln) and not _is_title_line(chunk_hit.chunk, ln.strip())]
        if (len(body) >= 2 and all(_ITEM_RE.match(ln) and _item_kind(ln) == "num" for ln in body)
                and len(" ".join(body)) <= STEPS_MAX_CHARS):
            return Passage(hit=chunk_hit, quote="\n".join(body), score=best_s, coverage=best_c, cues=hit_cues)
    title = _nfc(chunk_hit.chunk.article_title)
    khoan_item = (_ITEM_RE.match(units[best_i]) is not None and _item_kind(units[best_i]) == "num"
                  and not units[best_i].rstrip().endswith(":") and _list_lead(lines, best_i) is None)
    if (at is None and (("dossier" in cues and _DOSSIER_TITLE_RE.match(title)) or ("list" in cues and khoan_item))
            and _coverage(qterms, _terms(title)) >= DOSSIER_TITLE_REL_COVERAGE * best_c):
        # "Hồ sơ đề nghị cấp giấy phép lao động gồm những gì?" and the article «Hồ sơ đề nghị cấp giấy phép lao động»
        # whose khoản are the documents, each with its own sub-items: the first line of every khoản, in order (the
        # best line alone — "9. Hồ sơ … đối với một số trường hợp đặc biệt:" — reads as the whole dossier)
        body = [ln.strip() for ln in _provision_lines(chunk_hit.chunk)
                if ln.strip() and not INSTRUCTION_RE.search(ln) and not _is_title_line(chunk_hit.chunk, ln.strip())]
        heads = [ln for ln in body if _ITEM_RE.match(ln) and _item_kind(ln) == "num"]
        # the khoản are entries (sentences ending "." or ";"), not headings of parts ("2. Hồ sơ … đối với một số trường
        # hợp cụ thể") nor leads of their own lists ("1. Hồ sơ đăng ký thường trú, bao gồm:")
        entries = sum(h.rstrip()[-1:] in (".", ";") for h in heads)
        own_list = any(h.rstrip().endswith(":") and _GOM_RE.search(h) for h in heads)  # "1. Hồ sơ … gồm có …:"
        if len(heads) >= 3 and body and body[0] == heads[0] and 3 * entries >= 2 * len(heads) and not own_list:
            out: list[str] = []
            for ln in heads:
                if len(ln) > DOSSIER_ITEM_CHARS:
                    ln = ln[: ln.rfind(" ", 0, DOSSIER_ITEM_CHARS)] + " …"
                if out and len("\n".join(out)) + len(ln) > STEPS_MAX_CHARS:
                    out.append("…")
                    break
                out.append(ln)
            quote = "\n".join(out)
            return Passage(hit=chunk_hit, quote=quote, score=best_s, coverage=max(best_c, _coverage(qterms, _terms(quote))),
                           cues=_cues_stated(quote, cues))
    # A numbered heading ("3. Thủ tục cấp bản sao trích lục hộ tịch") matches the question's words, but when a value is
    # asked (fee, deadline, age, penalty) the answer is the line under it that states one ("b) Phí: 8.000 đồng/bản
    # sao"): quote both, "…" between, looking no further than the next heading of the same kind.
    asked_values = [c for c in cues if c in VALUE_CUES]
    head = units[best_i].rstrip()
    if (asked_values and not (hit_cues & VALUE_CUES) and at is None and len(head) <= 150
            and head[-1:] not in ".;:!?" and _item_kind(head) in ("num", "sub") and _ITEM_RE.match(head)):
        # (the item that won with the heading's words, when it states the value: "1. Thủ tục cấp giấy phép mua pháo hoa
        # để kinh doanh … c) Giấy phép … có thời hạn 30 ngày.", not the first step stating one, "b) … 05 ngày làm việc")
        under = [(units[won], 0)] if whole_list and _cues_stated(units[won], cues) & set(asked_values) else []
        for u, _ln in under or lines[best_i + 1 :]:
            if _ITEM_RE.match(u) and _item_kind(u) == _item_kind(head):
                break
            if _cues_stated(u, cues) & set(asked_values):
                quote = f"{head} … {u}"
                hit_cues = _cues_stated(quote, cues)
                break
    # A value asked (age, deadline, fee, penalty) and the best unit states none as a number: the unit of the same
    # provision that does and matches the question at least half as well is quoted too, in the provision's order
    # ("Người cao tuổi từ bao nhiêu tuổi được hưởng trợ cấp xã hội?": khoản 1 shares more words, khoản 2 says "từ đủ
    # 80 tuổi"). The best unit stays: choosing the value unit instead changed as many answers for the worse.
    numeric = [_NUMERIC_VALUE_RES[c] for c in asked_values if c in _NUMERIC_VALUE_RES
               and (c not in ("fee", "penalty") or "amount" in cues)]
    # a share or a number of things asked ("bao nhiêu phần trăm", "mấy thẻ"): the same, for a unit that states one
    if "percent" in cues:
        numeric.append(_NUMERIC_VALUE_RES["percent"])
    if "count" in cues:
        numeric.append(_CountOf.of_question(qterms))
    is_lead = quote.rstrip().endswith(":") or _unmarked_lead(quote, lines[best_i + 1 : best_i + 2])
    # A list lead ("… gồm:") is useless without its items: all of them (a dossier list cut short reads as complete),
    # an item's later sentences too, up to STEPS_MAX_CHARS, then "…".
    items, item_idx, more = _lead_items(lines, best_i) if is_lead else ([], set(), False)
    if (numeric and at is None and quote == units[best_i]
            and not any(r.search(_valued(x.lower(), cues)) for r in numeric for x in [quote, *items])):
        # (a list lead brings its items below, where the value usually is: "… phải có đủ các điều kiện sau đây:"; when
        # none of them states it either, the value unit comes after the list)
        scored = [(_coverage(qterms, _terms(u)), j) for j, u in enumerate(units)
                  if j != best_i and j not in item_idx and any(r.search(_valued(u.lower(), cues)) for r in numeric)]
        cov_j, j = max(scored, default=(0.0, -1))
        if j >= 0 and cov_j >= VALUE_UNIT_REL_COVERAGE * best_c:
            if is_lead:
                if items:
                    items = [*items, "…", units[j]]
            else:
                quote = f"{quote} … {units[j]}" if j > best_i else f"{units[j]} … {quote}"
            hit_cues = _cues_stated(" ".join([quote, *items]), cues)
    limit = MAX_QUOTE_CHARS
    start_i = best_i  # the first unit of the quoted text, before which a list lead goes
    if at is None and not is_lead and quote.startswith(units[best_i]) and (
            (item_i := _continued_item(lines, best_i)) is not None):
        # a later paragraph of a list item ("Trường hợp … thì phải có thêm điều kiện … 10 đơn vị …" under "đ) Đã phát
        # hành … cho tối thiểu 200 đơn vị …"), quoted alone, reads as the whole rule: the item goes before it
        prefix = " ".join(units[item_i:best_i])
        quote = f"{prefix} {quote}"
        limit += len(prefix) + 1
        start_i = item_i
        hit_cues = _cues_stated(quote, cues)
    lead_i = _list_lead(lines, start_i) if at is None else None
    if is_lead:
        if (items and one_point and at is None and not whole_list and not _WHOLE_LIST_CUES & set(cues)
                and (point := dominant_point(units[best_i], items, qterms)) is not None):
            # the điểm that answers, after its lead-in ("… sau đây: … b) …"), as an item is quoted with its lead
            items, more = point[1], False
            quote = quote + (" " if point[0] == 0 else " … ") + " ".join(items)
            hit_cues = _cues_stated(quote, cues)
            limit = STEPS_MAX_CHARS + len(units[best_i]) + 3
        elif items:
            quote = quote + " " + " ".join(items) + (" …" if more else "")
            if whole_list:  # the value asked is in the items
                hit_cues = _cues_stated(quote, cues)
            if "list" in cues:  # the list asked: the lead with its items is the passage that covers the question
                best_c = max(best_c, _coverage(qterms, _terms(quote)))
            limit = STEPS_MAX_CHARS + len(units[best_i]) + 2 + (len(items[-1]) + 3 if items[-2:-1] == ["…"] else 0)
    elif (lead_i is not None and whole_points and quote == units[start_i] and _item_kind(units[start_i]) == "letter"
          and (listed_ := _lead_items(lines, lead_i)) and not listed_[2] and start_i in listed_[1]
          and _point_groups(listed_[0]) is not None):
        # options to choose from and one điểm of a list matching one of them ("Cơ sở cai nghiện … phải bố trí các khu gì?
        # A. Khu lưu trú tạm thời … D. Cả A, B, C đều đúng"): the lead-in with every điểm, as the options span the list
        quote = units[lead_i].rstrip() + " " + " ".join(listed_[0])
        limit = STEPS_MAX_CHARS + len(units[lead_i]) + 2
        hit_cues = _cues_stated(quote, cues)
    elif lead_i is not None:
        # an item quoted alone loses what its list is about, often the value asked ("do Hội đồng giám định y khoa thực
        # hiện:", "không được bổ nhiệm …:", "có các nghĩa vụ sau đây:"): its lead goes before it
        lead = units[lead_i].rstrip()
        at_best = quote.find(units[start_i])  # a value unit quoted before the best one: the lead goes between them
        sep = " " if lead_i == start_i - 1 else " … "
        quote = quote[:at_best] + lead + sep + quote[at_best:] if at_best > 0 else (
            f"{lead} {quote}" if lead_i == start_i - 1 and at_best == 0 else f"{lead} … {quote}")
        limit += len(lead) + 3
        hit_cues = _cues_stated(quote, cues)
    if len(quote) > limit:
        cut = quote[:limit]
        quote = cut[: cut.rfind(" ")] + " …"
    return Passage(hit=chunk_hit, quote=quote, score=best_s, coverage=best_c, cues=hit_cues)
