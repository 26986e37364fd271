"""Quantities in legal text: deadlines, amounts, ages, percentages, counts, frequencies (``Quantity``,
``_extract_quantities``), units normalised to one scale with their bound ("không quá", "ít nhất", "từ … đến …", a
deadline), and whether two of them are comparable and agree (``_comparable``, ``_agree``).

Does not decide whether two clauses are about the same matter, nor report a clash (``numeric.detect_numeric``).

Units
* "01 tháng" = 30 ngày, "mười lăm ngày" = 15 ngày, "2 triệu đồng" = 2.000.000 đồng; "ngày làm việc" is kept distinct
  from "ngày"; "tiếng", "km/giờ", "tấn"; "N m" is metres; deadlines in hours; "nửa tháng/năm/ngày/tuần" is half the
  unit; durations equal within 2 % across units ("01 năm" = "365 ngày").
* numbers in words: "năm" after a number word is the unit ("mười năm", "hai mươi năm"); counts in words ≥ 10 ("bốn
  mươi học sinh"); numbers in plain words ("cây số một giờ", "ba phần tư", "một nửa", "quá nửa", "bước sang tuổi mười
  lăm"; "chính" is no "chín"); a small count in words after a limit word ("tối đa ba lần", "không quá hai buổi") is a
  count; "buổi" is a counted noun. ("05 (năm) ngày" is read once: ``analysis.analyze`` blanks the words.)

Bounds
* bounds ("không quá", "ít nhất", "từ … đến …") are respected, so a value inside the other's limit is consistent;
* a deadline ("trong thời hạn/trong vòng N ngày", "Thời hạn … là N", "chậm nhất sau N") is a limit like "không
  quá/chậm nhất" (two deadlines clash unless equal); "từ đủ N tuổi đến hết/chưa đủ M tuổi" is one range; "từ 10 người
  lao động trở lên" is a lower bound;
* limit words away from the number ("không được chạy quá 50 km/h", "không muộn hơn", "chưa đến"); "tới/nhanh
  nhất/chỉ cần" bounds; frequencies with the period first ("ít nhất mỗi năm một lần").
Provenance: the first dev set and dev2 (tests/test_conflicts.py; a value inside a range: tests/test_conflicts_range.py);
numbers in plain words from dev5, "chậm nhất sau N" and "N m" from dev6, "nửa", counts in words and "buổi" from dev7
(tests/test_conflicts_dev5.py … _dev7.py).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from assistant.conflicts.words import NUMBER_WORDS, _clause_of, _parse_number

# "nửa tháng" = 15 ngày, "nửa năm" = 6 tháng: half of a unit of time is a number (a share of a value is a fraction,
# ``_FRACTION_RE``, which skips "nửa" before these units)
_HALF = r"(?<!một\s)(?<!phân\s)nửa(?=\s+(?:ngày|tuần|tháng|năm)(?!\w))"
_NUMW = r"(?:một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|trăm|linh|lẻ)"
# a number in words: "năm" after another number word is the unit (year) — "mười năm" = 10 năm, "hai mươi năm" = 20 năm —
# except after "linh/lẻ" ("một trăm linh năm" = 105)
# (each number word ends at a word boundary: "chín" is not the start of "chính")
_NUM = rf"(?:\d+(?:[.,]\d+)*|{_NUMW}(?!\w)(?:\s+(?:(?!năm(?!\w)){_NUMW}(?!\w)|(?:(?<=linh\s)|(?<=lẻ\s))năm))*|{_HALF})"
# the minutes told after the hours ("16 giờ 30 phút", "11 giờ 30, buổi chiều"): part of the same time (of day, or a length
# "2 giờ 30 phút" = 2,5 giờ), never a length of their own ("đến 11 giờ 30 phút" is no 30-minute duration); a bare number
# after "giờ" is minutes only when nothing but a stop, a range word or a part of the day follows it
_CLOCK_MINUTES = (r"(?:\s+[0-5]?\d\s*phút(?!\w)|\s+[0-5]\d(?=\s*[,;.:)]|\s*$|\s+(?:đến|tới|sáng|trưa|chiều|tối|đêm|"
                  r"hôm|của|ngày\s+\d)(?!\w)))")
_CLOCK_MINUTES_RE = re.compile(r"giờ\s+([0-5]?\d)(?:\s*phút)?")
_UNIT = (
    r"ngày làm việc|ngày|tuần|tháng tuổi|tháng|quý(?!\s+(?:i|ii|iii|iv|khách|vị|cơ quan|hiếm)(?!\w))|năm học|năm|"
    rf"giờ{_CLOCK_MINUTES}?|tiếng|phút|tuổi|"
    r"(?:triệu|tỷ|nghìn|ngàn)\s+đồng|đồng|%|phần trăm|"
    r"(?:km|cây số|ki-lô-mét|kilômét|kilomet)\s*(?:/\s*|một\s+|mỗi\s+|trên\s+)(?:h|giờ|tiếng)(?!\w)|"
    r"héc ta|ha|m2|m²|cm3|cm³|phân khối|mét vuông|mét khối|m3|m³|ki-lô-mét|kilômét|xăng-ti-mét|mét|miligam|độ|tấn|kg|"
    r"(?:[^\W\d_]+)"  # count noun
)
_QTY_RE = re.compile(
    rf"(?<![\w/.,])(?P<n1>{_NUM})(?:\s*(?P<u1>{_UNIT}))?(?:\s+(?:đến|tới)\s+(?:hết\s+|dưới\s+|chưa đủ\s+|đủ\s+)?(?P<n2>{_NUM})"
    rf"(?:\s*(?P<u2>{_UNIT}))?)?",
    re.UNICODE,
)
_DATE_RE = re.compile(
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|\d{1,2}/\d{1,2}(?:/\d{4})?|năm\s+\d{4}|\d+/\d{4}/[\w\-]+|"
    r"(?:điều|khoản|điểm|chương|mục|lớp|số|hạng|nhóm|loại|phụ lục|tiết)\s+\d+[\w.]*",
    re.UNICODE,
)
_PERIOD_RE = re.compile(
    r"^\s*(?:(?:trong|mỗi|một|/)\s*(?:01\s+|1\s+|một\s+)?|/)(ngày|tuần|tháng|năm|lần)\b|^\s*/\s*(ngày|năm|tháng)"
)
_MAX_BEFORE = ("chậm nhất sau", "chậm nhất là sau", "muộn nhất sau", "muộn nhất là", "muộn nhất", "không chậm hơn", "không muộn hơn", "không dài hơn", "chưa đến", "chưa tới", "chưa đầy", "vượt quá", "không cao hơn", "không nhiều hơn", "không lớn hơn", "không quá", "tối đa", "chậm nhất", "không vượt quá", "dưới", "chưa đủ", "trước", "tối đa là", "chậm nhất là", "tối đa không quá",
               "nhanh nhất", "cao nhất", "nhiều nhất", "lâu nhất", "dài nhất", "tới", "lên tới", "lên đến", "đến")
_MIN_BEFORE = ("không sớm hơn", "không ngắn hơn", "không dưới", "không thấp hơn", "không ít hơn", "không dưới", "ít nhất", "tối thiểu", "từ đủ", "đủ", "tròn", "trên", "sớm nhất", "tối thiểu là", "ít nhất là", "sau")
SHARE_OF_PERIOD = True
_DUR_DAYS = {"ngày": 1.0, "tuần": 7.0, "tháng": 30.0, "quý": 90.0, "năm": 360.0}
# first syllables of countable nouns used with numbers in legal text ("03 chuyên khoa", "50 thành viên", "05 lần")
COUNT_NOUNS = frozenset(
    "lần thành cổ học chuyên người tầng giường bản trang tín đại ủy thẩm hội giáo bác trẻ cán công viên "
    "phó xe chỗ ghế cơ đơn hộ buổi cử sáng luật kiểm trọng hòa hoà".split()
)
# h-conf17: people counted under any role noun are one quantity ("ít nhất năm thành viên ban vận động" / "chỉ cần có
# ba người"; "ít nhất hai công chứng viên hợp danh" / "tối thiểu là 03 người"): the role noun names who is counted, the
# generic "người" retells it. A small number in words with such a noun is a count only after a limit word (the rule
# "ít nhất hai công chứng viên", "chỉ cần có ba người"); "một người", "hai bên" elsewhere stay no quantity, and so does
# "ít nhất một công chứng viên": one in words there says someone must be present (a retelling says "phải có công
# chứng viên"), not a number to compare ("Phòng công chứng … ít nhất một" / "Văn phòng … ít nhất hai": D3-027).
PERSON_COUNT = True
SUFFICES_SPAN = True  # h-conf17 switch: "chỉ cần … N … là đủ/được": N is a floor however far from "chỉ cần"
PERIOD_AFTER_NOUN = True  # h-conf17 switch: "N giờ <noun> mỗi năm" has the period "năm"
_PERIOD_AFTER_NOUN_RE = re.compile(r"(?:\s+(?!mỗi|hằng|hàng|trong)[^\W\d_]+){1,4}\s+(?:mỗi|hằng|hàng)\s+(?:01\s+|một\s+)?"
                                   r"(ngày|tuần|tháng|năm)(?!\w)")
_PERSON_NOUN_RE = re.compile(
    r"(?:người(?!\s+(?:khác|kia|này|đó|ấy|nào))|thành viên|công dân|hội viên|ủy viên|uỷ viên|đại biểu|cán bộ|công chức|"
    r"viên chức|sáng lập viên|công chứng viên|cử tri|giáo viên|giảng viên|bác sĩ|thẩm phán|luật sư|kiểm toán viên|"
    r"trọng tài viên|hòa giải viên|hoà giải viên)(?!\w)")
_PERSON_LIMIT_BEFORE = (r"(?<!\w)(?:tối đa|tối thiểu|không quá|không vượt quá|ít nhất|nhiều nhất|chỉ cần(?:\s+có)?|"
                        r"(?:tối thiểu|ít nhất) là)\s*$")
_COUNT_SKIP = frozenset({"và", "hoặc", "đến", "tới", "trở", "kể", "của", "đối", "trong", "là", "thì", "cho", "với", "được", "tại", "theo", "từ", "mỗi"})


# h-conf13 switches (for measurement; False restores the earlier reading)
LEAD_TIME = True
# h-conf25 switch: a length told as completed before an event ("phải thực hành … đủ mười tám tháng trước khi đề nghị cấp
# giấy phép") is how long the thing lasts, a floor, not a lead time (how long before the event something is done)
FULL_SPAN_NOT_LEAD = True
HOURS_AS_DAYS = True
FREQUENCY = True


@dataclass(frozen=True)
class Quantity:
    lo: float
    hi: float
    bound: str  # eq | max | min | range
    cat: str  # duration | workday | age | money | percent | hour | speed | ordinal:x | count:x | measure:x
    period: str | None
    span: tuple[int, int]
    clause: tuple[int, int]
    raw: str
    # a range whose upper number follows "dưới"/"chưa đủ" ("từ đủ 14 tuổi đến dưới 18 tuổi"): 18 itself is outside
    hi_open: bool = False
    # a value reached, told with a bare "đủ/tròn" ("Người đủ 16 tuổi", no "từ" before, no "trở lên" after): a floor
    # against another floor or a value, but the age/length of one case against a range (``_agree``)
    point: bool = False
    # a lead time ("chậm nhất là 05 ngày trước ngày mở phiên"): how long before an event something must be done
    lead: bool = False
    # a reading compared only where one text retells the other (``numeric._retold_only_reading``): a span between two
    # dates, "trong ngày làm việc tiếp theo", a count in words told by composition or "chỉ cần một" (h-conf19)
    retold: bool = False


UNITS_NUM22 = True  # h-num22 switch: lengths in km and cm join "mét" (areas and volumes in words are read always)


def _clock_minutes(u: str | None) -> float:
    """The minutes a unit "giờ 30 phút" / "giờ 30" carries, in hours (0 for any other unit)."""
    mm = _CLOCK_MINUTES_RE.fullmatch(u.strip()) if u else None
    return int(mm.group(1)) / 60 if mm else 0.0


def _unit_info(u: str | None) -> tuple[str, float] | None:
    if not u:
        return None
    u = u.strip()
    if _CLOCK_MINUTES_RE.fullmatch(u):
        u = "giờ"  # "giờ 30 phút": the minutes are added to the value (``_clock_minutes``)
    if u == "ngày làm việc":
        return "workday", 1.0
    if u in _DUR_DAYS:
        return "duration", _DUR_DAYS[u]
    if u == "tháng tuổi":
        return "age", 1 / 12
    if u == "tuổi":
        return "age", 1.0
    if u.endswith("đồng"):
        mult = {"triệu": 1e6, "tỷ": 1e9, "nghìn": 1e3, "ngàn": 1e3}.get(u.split()[0], 1.0)
        return "money", mult
    if u in ("%", "phần trăm"):
        return "percent", 1.0
    if u in ("giờ", "tiếng", "phút"):
        return "hour", 1 / 60 if u == "phút" else 1.0
    if re.fullmatch(r"(?:km|cây số|ki-lô-mét|kilômét|kilomet)\s*(?:/\s*|một\s+|mỗi\s+|trên\s+)(?:h|giờ|tiếng)", u):
        return "speed", 1.0  # "km/h", "km/giờ", "cây số một giờ", "ki-lô-mét/giờ"
    if u in ("héc ta", "ha"):
        return "area", 10000.0
    if u in ("m2", "m²", "mét vuông"):
        return "area", 1.0  # "diện tích một mặt từ 20 mét vuông (m2) trở lên" = "từ 20 m2" (h-num22)
    if u in ("mét khối", "m3", "m³"):
        return "measure:m3", 1.0
    if UNITS_NUM22 and u in ("km", "ki-lô-mét", "kilômét", "cây số"):
        return "measure:mét", 1000.0  # lengths in other units: "05 km" = "5.000 mét", "30 cm" = "0,3 m" (h-num22)
    if UNITS_NUM22 and u in ("cm", "xăng-ti-mét"):
        return "measure:mét", 0.01
    if u in ("năm học", "mét", "miligam", "độ"):
        return f"measure:{u}", 1.0
    if u == "m":
        return "measure:mét", 1.0  # "dài từ 12 m trở lên" = "12 mét"
    if u in ("tấn", "kg"):
        return "measure:kg", 1000.0 if u == "tấn" else 1.0
    if u in ("cm3", "cm³", "phân khối"):
        return "measure:cm3", 1.0  # engine capacity ("dung tích xi-lanh dưới 50 cm3")
    if u == "em":
        return "count:học", 1.0  # pupils counted as "em" ("sĩ số … bốn mươi em" = "40 học sinh")
    if u in _COUNT_SKIP or u in NUMBER_WORDS or u not in COUNT_NOUNS:
        return None
    return f"count:{u}", 1.0


_AGE_AFTER_RE = re.compile(rf"(?<!\w)(?P<v>bước sang|sang|đủ|tròn|đến|từ|ở)\s+tuổi\s+(?P<n>{_NUM})(?!\s*(?:tuổi|tháng|năm))(?!\w)")
_FRACTION_DEN = {"hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "mười": 10}
# "nửa" before a unit of time or an amount is not a share of a value ("nửa tháng", "nửa ngày")
_FRACTION_RE = re.compile(
    r"(?<!\w)(?:(?P<num>một|hai|ba|bốn)\s+phần\s+(?P<den>hai|ba|tư|bốn|năm|mười)|(?:một\s+|phân\s+)?nửa)(?!\w)"
    r"(?!\s+(?:ngày|tháng|năm|giờ|tiếng|buổi|tuần|phút|đầu|cuối|sau|trước|kia|còn lại))"
)
_AGE_RANGE_RE = re.compile(rf"(?<!\w)(?:độ tuổi|lứa tuổi)\s+(?:từ\s+)?(?:đủ\s+)?(?P<a>{_NUM})\s+(?:đến|tới)\s+(?:hết\s+|dưới\s+|đủ\s+)?"
                           rf"(?P<b>{_NUM})(?!\s*(?:tuổi|tháng|năm))(?!\w)")
# h-conf14 (switches for measurement): "không muộn hơn N ngày trước …" and "trước ngày … N ngày" are lead times;
# "từ 40% thị phần trở lên" a floor; "2/3 tổng số" a share; "sáu tháng (06 tháng)" one quantity
ANNUAL_DATE = True
PER_OCCASION_SENTENCE = True
_ANNUAL_DATE_RE = re.compile(r"(?<!\w)ngày\s+(?P<d>\d{1,2})(?:\s+tháng\s+|/)(?P<m>\d{1,2})(?P<yr>(?=\s*,?\s+(?:hằng|hàng|mỗi)\s+năm(?!\w)))?"
                             # "… ngày 15 tháng 01 của năm liền sau", "… ngày 30 tháng 9 của năm đánh giá": a day of the year a
                             # rule counts from (the reporting, assessment or budget year), shifted by a year ("từ ngày 15
                             # tháng 12 năm trước đến …", a cut-off of data, stays no quantity: tests/test_conflicts.py)
                             r"(?:\s+(?:của\s+)?năm\s+(?P<rel>sau|liền sau|kế tiếp|tiếp theo|báo cáo|đánh giá|"
                             r"ngân sách|đó|có biến động)(?!\w))?(?!\s+năm\s+\d|/\d)")
LEAD_NOT_LATER = True
LEAD_EVENT_FIRST = True
FROM_NOUN_UP = True
DIGIT_FRACTION = True
PAREN_RESTATE = True
_DIGIT_FRACTION_RE = re.compile(
    r"(?<![\w/.,])(?P<num>[1-9])/(?P<den>[2-9]|10)(?![\w/.,])(?=\s+(?:tổng\s+)?(?:số|thành viên|đại biểu|phiếu|cổ phần|vốn)(?!\w))")
_PAREN_RESTATE_RE = re.compile(
    rf"(?P<q>(?<![\w/.,]){_NUMW}(?:\s+{_NUMW})*(?:\s+(?:ngày làm việc|ngày|tuần|tháng|quý|năm|giờ|tuổi|phần trăm))?)"
    rf"\s*\(\s*\d+(?:[.,]\d+)?\s*(?:ngày làm việc|ngày|tuần|tháng|quý|năm|giờ|tuổi|%|phần trăm)?\s*\)")
def _blank_restatement(m: re.Match) -> str:
    """Blank the bracketed digits when they state the same number in the same unit ("sáu tháng (06 tháng)", "mười lăm
    (15) ngày"); "một ngày (8 giờ)" explains the day in hours and stays."""
    q, br = m.group("q"), m.group(0)[len(m.group("q")) :]
    qn = re.match(rf"{_NUMW}(?:\s+{_NUMW})*", q)
    bn = re.search(r"\d+(?:[.,]\d+)?", br)
    uq = q[qn.end() :].strip() if qn else ""
    ub = re.sub(r"[\d.,()\s]+", " ", br).strip()
    if not qn or not bn or _parse_number(qn.group(0)) != _parse_number(bn.group(0)) or (uq and ub and uq != ub):
        return m.group(0)
    return q + " " * len(br)


_MULTIPLE_RE = re.compile(rf"(?<!\w)gấp\s+(rưỡi|đôi|{_NUM})(?:\s+lần)?(?!\w)")
_FREQ_RE = re.compile(rf"(?<!\w)(?:(ít nhất|tối thiểu|tối đa|không quá)\s+)?(?:mỗi|hằng|hàng)\s+(năm|tháng|quý|tuần|ngày)\s+({_NUM})\s+lần(?!\w)")


def _extract_quantities(text_lc: str, clauses: list[tuple[int, int]]) -> list[Quantity]:
    if PAREN_RESTATE:
        # "sáu tháng (06 tháng) một lần", "mười lăm (15) ngày": the digits in brackets restate the number in words; blank
        # them (same length, spans stay valid) so that the words read as one quantity (h-conf14)
        text_lc = _PAREN_RESTATE_RE.sub(_blank_restatement, text_lc)
    blocked = [False] * (len(text_lc) + 1)
    for m in _DATE_RE.finditer(text_lc):
        for i in range(m.start(), m.end()):
            blocked[i] = True
    out: list[Quantity] = []
    for m in _QTY_RE.finditer(text_lc):
        s = m.start("n1")
        if blocked[s]:
            continue
        n1 = _parse_number(m.group("n1"))
        if n1 is None:
            continue
        is_word_num = not m.group("n1")[0].isdigit()
        u = m.group("u2") or m.group("u1")
        info = _unit_info(u)
        month_day = False
        if (info is None and UNITS_NUM22 and re.search(r"(?<!\w)ngày\s+$", text_lc[max(0, s - 10) : s])
                and re.match(r"\s+(?:của\s+)?(?:tháng|hằng tháng|hàng tháng|mỗi tháng)(?!\s*\d)", text_lc[m.end("n1") :])):
            # a day of the month without "thứ": "chậm nhất vào ngày mười lăm của tháng kế tiếp", "ngày 15 hằng tháng" —
            # the day "ngày thứ 20 của tháng tiếp theo" names (h-num22; "ngày thứ 20" itself is the ordinal below, compared
            # between any two texts as before); compared only where one text retells the other
            # (``numeric._retold_only_reading``): between two central texts it named two reports' deadlines in the
            # Pháp điển batch ("chậm nhất vào ngày 25 của tháng cuối kỳ báo cáo" / "trước ngày 10 của tháng đầu tiên")
            info, month_day = ("ordinal:ngày", 1.0), True
        if info is None and re.search(r"\bthứ\s*$", text_lc[max(0, s - 6) : s]):
            info = ("ordinal", 1.0)
        if info is None:
            continue
        cat, mult = info
        person = None
        if PERSON_COUNT and cat.startswith("count:"):
            person = _PERSON_NOUN_RE.match(text_lc, m.start("u2") if m.group("u2") else m.start("u1"))
            if person:
                cat = "count:người"  # "năm mươi công dân", "03 sáng lập viên", "ba mươi người": people counted (h-conf17)
        told_count = bool(COUNT_TOLD and is_word_num and person and n1 is not None and not m.group("n2") and (
            (n1 >= 2 and re.search(r"(?<!\w)(?:bao\s+)?gồm\s*$", text_lc[max(0, s - 20) : s]))
            or (n1 == 1 and (re.search(r"(?<!\w)chỉ(?:\s+cần)?(?:\s+có)?\s*$", text_lc[max(0, s - 20) : s])
                             or re.match(r"(?:\s+[^\W\d_]+){1,4}\s+duy\s+nhất(?!\w)", text_lc[m.end() :])))))
        if (is_word_num and cat.startswith("count:") and not told_count and not re.search(r"(?<!\w)(?:mười|mươi|trăm)(?!\w)", m.group("n1"))
                and not ((u in ("lần", "buổi") or (person and n1 >= 2)) and re.search(
                    r"(?<!\w)(?:tối đa|tối thiểu|không quá|không vượt quá|ít nhất|nhiều nhất)\s*$"
                    if not person else _PERSON_LIMIT_BEFORE, text_lc[max(0, s - 20) : s]))):
            continue  # "hai bên", "một người": small numbers in words with a noun are not counts; "bốn mươi học sinh" is
        if is_word_num and m.group("n1").strip() == "năm" and not u:
            continue
        before = text_lc[max(0, s - 25) : s].rstrip()
        # ordinals: "ngày thứ 20", "tháng thứ 3", "lần thứ hai"
        ordm = re.search(r"(\w+)\s+thứ$", before)
        if ordm:
            cat, mult = f"ordinal:{ordm.group(1)}", 1.0
        n2 = _parse_number(m.group("n2")) if m.group("n2") else None
        # units on both numbers of a range ("từ 2 triệu đồng đến 5 triệu đồng")
        if m.group("u1") and m.group("u2") and n2 is not None:
            i1, i2 = _unit_info(m.group("u1")), _unit_info(m.group("u2"))
            if i1 and i2 and i1[0] == i2[0]:
                lo, hi = n1 * i1[1], n2 * i2[1]
                cat, mult = i2[0], 1.0
            else:
                lo, hi = n1 * mult, n2 * mult
        else:
            lo = n1 * mult
            hi = n2 * mult if n2 is not None else lo
        if n2 is None:
            lo = hi = lo + _clock_minutes(m.group("u1"))
        else:
            lo, hi = lo + _clock_minutes(m.group("u1")), hi + _clock_minutes(m.group("u2"))
        # "60 tuổi 03 tháng"
        after = text_lc[m.end() : m.end() + 40]
        # "bốn tháng rưỡi", "một năm rưỡi", "hai tiếng rưỡi": half a unit more
        half = re.match(r"\s+rưỡi(?!\w)", after) if n2 is None and cat in ("duration", "hour", "age") else None
        if half:
            lo = hi = lo + 0.5 * mult
            after = after[half.end() :]
        if cat == "age" and n2 is None:
            mm = re.match(r"\s+(\d+)\s+tháng\b", after)
            if mm:
                lo = hi = lo + int(mm.group(1)) / 12
                after = after[mm.end() :]
        if cat == "duration" and u and u.strip() == "tháng" and before.endswith("thứ"):
            pass
        bound = "eq"
        if n2 is not None:
            bound = "range"
        else:
            b = re.sub(r"(?:\s+(?:là|bằng|phải|mức|với|được|tính))+$", "", before)[-24:]
            if any(b.endswith(x) for x in _MAX_BEFORE):
                bound = "max"
            elif any(b.endswith(x) for x in _MIN_BEFORE):
                bound = "min"
            if bound == "eq":
                # the limit word a few words away: "không được chạy quá 50 km/h", "không được thấp hơn mức …"
                lim = re.search(r"(?<!\w)(?:không|chưa)\s+(?:được\s+(?:phép\s+)?)?(?:[^\W\d_]+\s+){0,2}"
                                r"(quá|vượt quá|vượt|dưới|thấp hơn|ít hơn)\s*$", before)
                if lim:
                    bound = "max" if lim.group(1) in ("quá", "vượt quá", "vượt") else "min"
                elif re.search(r"(?<!\w)quá$", b) and not re.search(r"(?<!\w)(?:không|chưa|chẳng)(?!\w)", before):
                    bound = "min"  # "bỏ đi quá một quý", "nghỉ học quá 45 buổi": more than the value
            if bound == "eq" and re.search(r"(?:là|bằng)\s*$", before):
                cs = _clause_of(clauses, s)[0]
                look = text_lc[max(cs, s - 160) : s]
                if re.search(r"tối đa|không quá|không vượt quá", look):
                    bound = "max"
                elif re.search(r"tối thiểu|ít nhất", look):
                    bound = "min"
            if bound == "eq" and re.search(r"(?<!\w)chỉ\s+cần(?:\s+phải)?(?:\s+[^\W\d_]+){0,2}\s*$", before):
                bound = "min"  # "chỉ cần giữ năm năm": what is required at least
            tail_words = (r"(?:\s+[^\W\d_]+){0,2}" if cat.startswith("count:")
                          # "từ 40% thị phần trở lên": after "từ" the bound word may follow the noun (h-conf14)
                          else r"(?:\s+[^\W\d_]+){0,3}" if FROM_NOUN_UP and re.search(r"(?<!\w)từ$", b) else "")
            # (a unit restated in brackets before the bound word: "từ 20 mét vuông (m2) trở lên", h-num22)
            aft = re.sub(r"^\s*\((?:m2|m²|m3|m³|m|km|cm|ha)\)", "", after) if UNITS_NUM22 else after
            if re.match(rf"{tail_words}\s*trở\s+lên", aft):
                bound = "min"  # "từ 10 người lao động trở lên"
            elif re.match(rf"{tail_words}\s*trở\s+xuống", aft):
                bound = "max"
            # a deadline is a limit: "trong thời hạn 10 ngày", "trong vòng 60 ngày", "Thời hạn giải quyết … là 15 ngày"
            # say the same kind of thing as "không quá"/"chậm nhất" — two deadlines clash unless equal
            if bound == "eq" and cat in ("duration", "workday", "hour"):
                cs = _clause_of(clauses, s)[0]
                look = text_lc[max(cs, s - 120) : s]
                if re.search(r"(?<!\w)trong\s+(?:thời hạn|vòng|khoảng thời gian|khoảng)\s*$", look):
                    bound = "deadline"
        # a lead time: "chậm nhất là 05 ngày trước ngày mở phiên", "trước ít nhất 48 giờ", "thông báo trước 03 ngày làm
        # việc", "01 ngày trước khi hết thời hạn": the notice must come at least that long before the event, so the
        # value is a floor however it is worded ("chậm nhất" there bounds the date, not the length) (h-conf13)
        lead = False
        if LEAD_TIME and n2 is None and cat in ("duration", "workday", "hour") and not (
                FULL_SPAN_NOT_LEAD and re.search(r"(?<!\w)(?:đủ|tròn)$", b)) and (
                bound in ("eq", "min", "deadline")
                or re.search(r"(?<!\w)(?:(?:chậm|muộn) nhất(?: là)?|trước|(?:LEAD_NOT_LATER)không (?:muộn|chậm) hơn)$".replace(
                    "(?:LEAD_NOT_LATER)", "" if LEAD_NOT_LATER else "(?!)"), b)):
            # (a length with its own limit word stays a length: "thử việc tới ba tháng trước khi ký hợp đồng")
            if (re.match(r"\s*(?:về\s+)?trước\s+(?:ngày|khi|thời điểm|thời hạn|lúc|kỳ|hạn|phiên|buổi|đêm|cuộc|hội nghị)(?!\w)", after)
                    or re.search(r"(?<!\w)trước(?:\s+(?:ít nhất|tối thiểu))?$", b)
                    # "trước thời hạn trả kết quả ít nhất 01 ngày làm việc": the event between "trước" and the floor
                    or re.search(r"(?<!\w)trước\s+(?:[^\W\d_]+\s+){1,6}(?:ít nhất|tối thiểu)(?:\s+là)?\s*$",
                                 text_lc[max(0, s - 70) : s])
                    # "nộp hồ sơ … trước ngày diễn 3 ngày làm việc", "gửi kế hoạch … trước năm học mới 02 tháng": a notice
                    # or filing, the event, then how long before it (h-conf14); only a bare number (a limit word before it
                    # makes it a length of its own; "nghỉ trước ngày dự sinh một tháng rưỡi" is a leave, not a notice)
                    or (LEAD_EVENT_FIRST and bound == "eq" and re.search(
                        r"(?<!\w)(?:gửi|nộp|thông báo|báo|đăng ký|đề nghị)(?!\w)[^,;.:]{0,80}?(?<!\w)trước\s+"
                        r"(?:ngày|khi|thời điểm|năm học|kỳ|phiên|buổi|lúc|hạn)(?:\s+[^\W\d_]+){0,4}\s*$",
                        text_lc[max(0, s - 140) : s]))):
                bound, lead = "min", True
        if (SUFFICES_SPAN and n2 is None and bound == "eq"
                and re.search(r"(?<!\w)chỉ\s+cần(?!\w)[^.;:?!]*$", text_lc[_clause_of(clauses, s)[0] : s])
                and re.match(r"[^.;:?!]*?(?<!\w)là\s+(?:đủ|được|có thể|kịp)(?!\w)", text_lc[m.end() : _clause_of(clauses, s)[1]])):
            bound = "min"  # "Chỉ cần tốt nghiệp đại học và có 03 năm kinh nghiệm … là có thể được chọn": every value
            # of the "chỉ cần … là đủ/được" condition is what suffices, a floor (h-conf17)
        # a time told in hours that is a whole number of days ("24 giờ", "48 giờ", "72 giờ"): a deadline or lead time in
        # days, comparable with "01 ngày", "ba ngày làm việc" (h-conf13); a clock time ("ba giờ chiều") is no duration
        if (HOURS_AS_DAYS and cat == "hour" and n2 is None and mult == 1.0 and lo >= 24 and abs(lo % 24) < 1e-9
                and not (PERIOD_AFTER_NOUN and (_PERIOD_RE.match(after)
                                                or _PERIOD_AFTER_NOUN_RE.match(text_lc, m.end(), _clause_of(clauses, s)[1])))):
            cat, lo, hi = "duration", lo / 24, hi / 24  # (hours per period, "24 giờ cập nhật kiến thức mỗi năm", stay hours)
        point = bool(bound == "min" and n2 is None and re.search(r"(?<!\w)(?<!từ )(?<!không )(?<!chưa )(?:đủ|tròn)$", b)
                     and not re.match(r"(?:\s+[^\W\d_]+){0,2}\s*trở\s+lên", after))
        hi_open = bool(n2 is not None and re.search(r"(?<!\w)(?:dưới|chưa đủ)\s+$", text_lc[m.start() : m.start("n2")]))
        period = None
        if re.search(r"(?<!\w)mỗi lần(?:\s+\w+){0,3}\s*$", before):
            period = "lần"
        elif PER_OCCASION_SENTENCE and re.match(r"\W*(?:\d+\.\s*|[a-zđ]\)\s*)?mỗi lần(?!\w)[^\d]*$",
                                                 text_lc[max(text_lc.rfind(".", 0, s), text_lc.rfind(";", 0, s),
                                                             text_lc.rfind(":", 0, s)) + 1 : s]):
            period = "lần"  # "Mỗi lần thân nhân đến thăm, người bị tạm giam được gặp kéo dài tối đa hai giờ" (h-conf14)
        pm = _PERIOD_RE.match(after)
        if pm and cat not in ("duration", "workday", "age") or pm and cat == "duration" and pm.group(1) == "lần":
            period = pm.group(1) or pm.group(2)
        if cat in ("duration", "workday") and pm and pm.group(1) == "lần":
            period = "lần"
        if (SHARE_OF_PERIOD and cat in ("duration", "workday") and period is None and n2 is None
                and (sp := re.match(r"\s+trong\s+(?:01\s+|1\s+|một\s+|mỗi\s+)?(tuần|tháng|năm)(?!\w)(?!\s*\d)", after))
                and hi <= _DUR_DAYS[sp.group(1)] + 1e-9):
            period = sp.group(1)  # "07 ngày trong tuần", "05 ngày trong tháng": days out of each week / month, not a
            # length of time: compared only with another share of the same period (h-small)
        if (PERIOD_AFTER_NOUN and period is None and not pm and (cat == "hour" or cat.startswith("count:"))
                and (pn := _PERIOD_AFTER_NOUN_RE.match(text_lc, m.end(), _clause_of(clauses, s)[1]))):
            period = pn.group(1)  # "đủ 24 giờ cập nhật kiến thức mỗi năm", "04 tiết dạy thêm mỗi tuần": the period
            # follows the noun the hours or the count are of (h-conf17)
        # "/ngày" glued to the percent ("0,03%/ngày")
        if cat == "percent":
            gm = re.match(r"\s*/\s*(ngày|năm|tháng)|\s+(?:mỗi|một|trong 01|trong một)\s+(ngày|năm|tháng)", after)
            if gm:
                period = gm.group(1) or gm.group(2)
        if cat == "hour" and (before.endswith(("sau", "trước", "lúc", "từ")) or (
                (_clock_minutes(m.group("u1")) or _clock_minutes(m.group("u2"))) and lo < 24 and hi <= 24
                and re.search(r"(?<!\w)(?:đến|tới|vào|hết|trước|sau|lúc|từ)$", before))):
            cat = "clock"  # "đến 11 giờ 30 phút": an hour with its minutes after a word of time is a time of day
        if re.search(r"(?<!\w)(?:sau|trước|lúc|từ)\s+\d{1,2}\s+giờ$", before):
            continue  # the minutes of a clock time ("sau 16 giờ 30 phút"), not a duration
        if cat == "duration" and before.endswith("trong") and re.search(r"(?:giờ|lần|học sinh)\s+trong$", before):
            continue  # "40 giờ trong 01 tháng": the month is a period, not a deadline
        if cat in ("duration",) and re.search(r"(?:mỗi|một)$", before):
            continue
        span = (s, m.end("u2") if m.group("u2") else (m.end("u1") if m.group("u1") else m.end("n1")))
        if ordm and n2 is None and cat.startswith("ordinal:"):
            # "lần thứ hai mà …": the ordinal is the number with its noun before "thứ", not the word after it (h-conf14)
            span = (max(0, s - 25) + ordm.start(), m.end("n1"))
        if half:
            span = (s, m.end() + half.end())
        if month_day:
            span = (text_lc.rfind("ngày", max(0, s - 10), s), m.end("n1"))  # "ngày mười lăm" (of the month)
        if (RATE_PER_YEAR and cat == "percent" and period == "tháng" and n2 is None
                and re.search(r"(?<!\w)lãi(?!\w)", text_lc[_clause_of(clauses, s)[0] : _clause_of(clauses, s)[1]])):
            if gm2 := re.match(r"\s*/\s*tháng|\s+(?:mỗi|một|trong 01|trong một)\s+tháng", text_lc[span[1] :]):
                span = (span[0], span[1] + gm2.end())
            lo, hi, period = lo * 12, hi * 12, "năm"  # "lãi suất tối đa 2%/tháng" = 24 %/năm: an interest rate told per
            # month against a ceiling per year (simple interest, as Điều 468 BLDS counts it) (h-conf19)
        out.append(Quantity(lo, hi, bound, cat, period, span, _clause_of(clauses, s), re.sub(r"\s+", " ", text_lc[span[0] : span[1]]),
                            hi_open=hi_open, point=point, lead=lead, retold=told_count or month_day))
    # an age told after the word "tuổi": "khi bước sang tuổi mười lăm", "đến tuổi 18"
    for m in _AGE_AFTER_RE.finditer(text_lc):
        s = m.start("n")
        if blocked[s] or any(q.span[0] <= s < q.span[1] for q in out):
            continue
        n = _parse_number(m.group("n"))
        if n is None or not 0 < n < 130:
            continue
        bound = "min" if m.group("v") in ("đủ", "tròn", "sang", "bước sang", "từ") else "eq"
        span = (m.start(), m.end())
        out.append(Quantity(n, n, bound, "age", None, span, _clause_of(clauses, s), m.group(0)))
    # an age range told in words after "độ tuổi/lứa tuổi": "trong độ tuổi từ mười tám đến ba mươi lăm"
    for m in _AGE_RANGE_RE.finditer(text_lc):
        s = m.start()
        if blocked[m.start("a")] or any(q.span[0] <= m.start("a") < q.span[1] for q in out):
            continue
        lo_, hi_ = _parse_number(m.group("a")), _parse_number(m.group("b"))
        if lo_ is None or hi_ is None or not 0 <= lo_ < hi_ < 130:
            continue
        out.append(Quantity(lo_, hi_, "range", "age", None, (s, m.end()), _clause_of(clauses, s), m.group(0),
                            hi_open=bool(re.search(r"(?<!\w)dưới\s+$", text_lc[m.start() : m.start("b")]))))
    # a multiple of a value: "gấp rưỡi" = 150 %, "gấp đôi" = 200 %, "gấp ba (lần)" = 300 % (of the wage, the fine …)
    for m in _MULTIPLE_RE.finditer(text_lc):
        s = m.start()
        if blocked[s]:
            continue
        k = {"rưỡi": 1.5, "đôi": 2.0}.get(m.group(1)) or _parse_number(m.group(1))
        if not k or k <= 1 or k > 20:
            continue
        out = [q for q in out if not (s <= q.span[0] < m.end())]  # "gấp 2 lần" is no count of "lần"
        before = text_lc[max(0, s - 25) : s].rstrip()
        b = re.sub(r"(?:\s+(?:là|bằng|phải|mức|với|được|tính|trả|thu|nộp))+$", "", before)[-24:]
        bound = ("max" if any(b.endswith(x) for x in _MAX_BEFORE)
                 else "min" if any(b.endswith(x) for x in _MIN_BEFORE) else "eq")
        out.append(Quantity(100.0 * k, 100.0 * k, bound, "percent", None, (s, m.end()), _clause_of(clauses, s), m.group(0)))
    # fractions told in words: "một nửa", "phân nửa", "ba phần tư", "một phần ba" (of a value) = a percentage;
    # "quá nửa" = more than half
    for m in _FRACTION_RE.finditer(text_lc):
        s = m.start()
        if blocked[s] or any(q.span[0] <= s < q.span[1] for q in out):
            continue
        if m.group("num"):
            num, den = _parse_number(m.group("num")), _FRACTION_DEN.get(m.group("den"))
            if not num or not den or num >= den:
                continue
            val = 100.0 * num / den
        else:
            val = 50.0
        before = text_lc[max(0, s - 25) : s].rstrip()
        b = re.sub(r"(?:\s+(?:là|bằng|phải|mức|với|được|tính|trả|thu|nộp))+$", "", before)[-24:]
        bound = "eq"
        if any(b.endswith(x) for x in _MAX_BEFORE) or b.endswith(("chỉ", "chỉ phải")):
            bound = "max"
        elif any(b.endswith(x) for x in _MIN_BEFORE) or re.search(r"(?<!không )(?<!vượt )quá$", b):
            bound = "min"
        elif re.search(r"(?<!\w)chỉ\s+cần(?:\s+có)?$", b):
            bound = "min"  # "chỉ cần một phần tư tổng số đại biểu … đề nghị": what suffices is a floor (h-conf13)
        elif b.endswith("từ"):
            # "từ một phần ba tổng số nợ không có bảo đảm trở lên": the bound word follows the noun (h-conf13)
            tail = text_lc[m.end() : _clause_of(clauses, s)[1]]
            tb = re.match(r"(?:\s+[^\W\d_]+){0,8}?\s+trở\s+(lên|xuống)(?!\w)", tail)
            if tb:
                bound = "min" if tb.group(1) == "lên" else "max"
        span = (s, m.end())
        out.append(Quantity(val, val, bound, "percent", None, span, _clause_of(clauses, s), m.group(0)))
    # a day of every year: "Ngày 09 tháng 11 hằng năm là Ngày Pháp luật", "trước ngày 30 tháng 5 hằng năm": a date that
    # recurs is a rule's value like a deadline (a dated event "ngày 15 tháng 3 năm 2020" stays no quantity) (h-conf14)
    for m in (_ANNUAL_DATE_RE.finditer(text_lc) if ANNUAL_DATE else ()):
        s = m.start()
        if m.group("yr") is None and m.group("rel") is None and not re.search(r"(?<!\w)(?:hằng|hàng|mỗi) năm,?\s+(?:vào\s+)?$", text_lc[max(0, s - 16) : s]):
            continue  # "Hằng năm, ngày 20 tháng 4 …" or "ngày 27 tháng 4 hằng năm"; any other date is an event
        d_, mo_ = int(m.group("d")), int(m.group("m"))
        if not (1 <= d_ <= 31 and 1 <= mo_ <= 12):
            continue
        val = mo_ * 31.0 + d_ + {"sau": 372.0, "liền sau": 372.0, "kế tiếp": 372.0, "tiếp theo": 372.0}.get(m.group("rel") or "", 0.0)
        b = text_lc[max(0, s - 25) : s].rstrip()
        bound = ("max" if re.search(r"(?<!\w)(?:trước|chậm nhất(?: là)?(?: vào)?|muộn nhất(?: là)?(?: vào)?|không quá|đến hết|đến)$", b)
                 else "min" if re.search(r"(?<!\w)(?:sau|từ|kể từ|không sớm hơn)$", b) else "eq")
        out.append(Quantity(val, val, bound, "annual", None, (s, m.end()), _clause_of(clauses, s),
                            re.sub(r"\s+", " ", text_lc[s : m.end()])))
    # a share told in digits: "ít nhất 2/3 tổng số thành viên", "từ 2/3 số thành viên trở lên" (a date "2/3" is followed
    # by no such noun) = a percentage like "hai phần ba" (h-conf14)
    for m in (_DIGIT_FRACTION_RE.finditer(text_lc) if DIGIT_FRACTION else ()):
        s = m.start()
        num, den = int(m.group("num")), int(m.group("den"))
        if not 0 < num < den or any(q.span[0] <= s < q.span[1] for q in out):
            continue
        if re.search(r"(?<!\w)(?:ngày|tháng|số|điều|khoản|điểm|mục)\s*$", text_lc[max(0, s - 8) : s]):
            continue
        val = 100.0 * num / den
        b = re.sub(r"(?:\s+(?:là|bằng|phải|mức|với|được|có))+$", "", text_lc[max(0, s - 25) : s].rstrip())[-24:]
        bound = "eq"
        if any(b.endswith(x) for x in _MAX_BEFORE):
            bound = "max"
        elif any(b.endswith(x) for x in _MIN_BEFORE) or re.search(r"(?<!không )(?<!vượt )quá$", b):
            bound = "min"
        elif b.endswith("từ"):
            tb = re.match(r"(?:\s+[^\W\d_]+){0,8}?\s+trở\s+(lên|xuống)(?!\w)", text_lc[m.end() : _clause_of(clauses, s)[1]])
            if tb:
                bound = "min" if tb.group(1) == "lên" else "max"
        out.append(Quantity(val, val, bound, "percent", None, (s, m.end()), _clause_of(clauses, s), m.group(0)))
    # a frequency with the period first: "ít nhất mỗi năm một lần" = at least 1 lần per năm
    for m in _FREQ_RE.finditer(text_lc):
        n = _parse_number(m.group(3))
        if n is None or blocked[m.start(3)]:
            continue
        bound = {"ít nhất": "min", "tối thiểu": "min", "tối đa": "max", "không quá": "max"}.get(m.group(1) or "", "eq")
        span = (m.start(), m.end())
        out.append(Quantity(n, n, bound, "count:lần", m.group(2), span, _clause_of(clauses, m.start()), m.group(0)))
    if FREQUENCY:
        out = _frequencies(text_lc, clauses, out, blocked)
    if RENEWALS:
        out = _renewals(text_lc, clauses, out, blocked)
    if DATE_SPANS:
        out = _date_spans(text_lc, clauses, out)
    if NEXT_WORKDAY:
        out = _next_workday(text_lc, clauses, out)
    if WEEKDAY_SPANS:
        out = _weekday_spans(text_lc, clauses, out)
    if DATE_GAPS:
        out = _date_gaps(text_lc, clauses, out)
    return out


# h-conf19 switches (for measurement; False restores the earlier reading)
COUNT_TOLD = True
RATE_PER_YEAR = True
DATE_SPANS = True
NEXT_WORKDAY = True

_DMY = r"(?:ngày\s+)?(\d{1,2})(?:/|\s+tháng\s+)(\d{1,2})(?:(?:/|\s+năm\s+)(\d{4}))?"
# a worked example told as two dates: "nhận quyết định ngày 10/3/2024 thì được khởi kiện … chậm nhất đến ngày 10/9/2024",
# "bản án tuyên ngày 01/3 … được kháng cáo đến hết ngày 16/3": the span between them is the length the text gives
_DATE_SPAN_RE = re.compile(rf"(?<![\w/]){_DMY}(?![\w/])(?P<mid>[^.;:?!]{{3,140}}?)(?<!\w)(?:đến|tới)(?:\s+hết)?\s+{_DMY}(?![\w/])")


def _date_spans(text_lc: str, clauses: list[tuple[int, int]], out: list[Quantity]) -> list[Quantity]:
    """A span between a start date and an end date in one sentence ("ngày 01/3 … đến hết ngày 16/3") read as a deadline
    of that length (retold texts only: a worked example of a time limit). Same day of the month: whole months; otherwise
    days, the end date counted as the last day (15 days from 01/3 end on 16/3). (h-conf19)"""
    for m in _DATE_SPAN_RE.finditer(text_lc):
        g = m.groups()
        d1, m1, y1 = int(g[0]), int(g[1]), g[2]
        d2, m2, y2 = int(g[-3]), int(g[-2]), g[-1]
        if not (1 <= d1 <= 31 and 1 <= m1 <= 12 and 1 <= d2 <= 31 and 1 <= m2 <= 12):
            continue
        if not re.search(r"(?<!\w)(?:chậm nhất|hạn|hết)(?!\w)", text_lc[m.start("mid") : m.end()]):
            continue  # a last day must be told ("chậm nhất", "đến hết", "hạn chót"): "từ ngày … đến ngày …" is a period
        yy1 = int(y1) if y1 else (int(y2) if y2 else 2001)
        yy2 = int(y2) if y2 else yy1
        try:
            t1, t2 = _dt.date(yy1, m1, d1), _dt.date(yy2, m2, d2)
        except ValueError:
            continue
        if t2 < t1 and not y2:
            t2 = _dt.date(yy1 + 1, m2, d2)
        if t2 <= t1:
            continue
        end = re.search(r"(?:đến|tới)(?:\s+hết)?\s+(.*)$", m.group(0)[m.end("mid") - m.start() :])
        raw = text_lc[m.start() : m.start("mid")].strip() + " … " + (end.group(1) if end else "")
        if d1 == d2:
            val = ((t2.year - t1.year) * 12 + t2.month - t1.month) * 30.0
        else:
            val = float((t2 - t1).days)
        if val > 3650:
            continue
        span = (m.start(), m.end())
        out.append(Quantity(val, val, "deadline", "duration", None, span, _clause_of(clauses, m.start()),
                            re.sub(r"\s+", " ", raw), retold=True))
    return out


_NEXT_WORKDAY_RE = re.compile(r"(?<!\w)(?:(?:chậm nhất|muộn nhất)(?:\s+là)?\s+(?:trong\s+|vào\s+)?|trong\s+)"
                              r"ngày\s+làm\s+việc\s+(?:tiếp theo|kế tiếp|liền kề|liền sau)(?!\w)")
# (a limit is told: "chậm nhất (là) …", "trong …"; "được tính là tiếp nhận vào ngày làm việc tiếp theo" names the day a
# filing counts as received, no deadline — tests/test_conflicts.py)


WEEKDAY_SPANS = True  # h-conf20 switch for measurement
_WEEKDAYS = {"thứ hai": 0, "thứ ba": 1, "thứ tư": 2, "thứ năm": 3, "thứ sáu": 4, "thứ bảy": 5, "chủ nhật": 6}
# a day of the week told as a day ("nộp ngày thứ Năm", "vào thứ Ba tuần sau", "lúc 16 giờ chiều thứ Sáu", "đến hết thứ
# Tư"): not an ordinal ("lần thứ hai", "ngày làm việc thứ hai")
_WEEKDAY_RE = re.compile(r"(?<!\w)(?:ngày|vào|sáng|chiều|trưa|tối|hết|đến|từ|lúc|hôm)\s+(thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)(?!\w)"
                         r"(?P<next>\s+(?:của\s+)?(?:tuần sau|tuần tới|tuần kế tiếp|tuần liền sau))?")


def _weekday_spans(text_lc: str, clauses: list[tuple[int, int]], out: list[Quantity]) -> list[Quantity]:
    """A worked example told as two days of the week in one sentence ("hồ sơ … nộp ngày thứ Năm thì được hẹn trả kết quả
    vào thứ Năm tuần sau", "gửi thông báo … vào thứ Sáu và tiến hành kiểm tra vào thứ Ba tuần sau", "nhận hồ sơ vào thứ
    Hai; nếu đến hết thứ Tư cùng tuần …"): the working days after the first day up to the second (Saturday and Sunday
    not counted) are a deadline of that many working days (retold texts only, like ``_date_spans``). (h-conf20)"""
    ms = list(_WEEKDAY_RE.finditer(text_lc))
    for m1, m2 in zip(ms, ms[1:]):
        if re.search(r"[.?!](?!\d)", text_lc[m1.end() : m2.start()]):
            continue  # one sentence (its parts may be joined by ";": "nhận hồ sơ vào thứ Hai; nếu đến hết thứ Tư …")
        if any(q.span[0] < m2.end() and m1.start() < q.span[1] for q in out if q.cat in ("duration", "workday")):
            continue  # dates already read (``_date_spans``)
        d1 = _WEEKDAYS[re.sub(r"\s+", " ", m1.group(1))]
        d2 = _WEEKDAYS[re.sub(r"\s+", " ", m2.group(1))] + (7 if m2.group("next") else 0)
        if m1.group("next") or d2 <= d1:
            continue
        if m1.group(0).startswith("từ"):
            continue  # "treo từ thứ Hai … đến Chủ nhật", "từ thứ Hai đến thứ Sáu": a period of days, not a time limit
        val = float(sum(1 for d in range(d1 + 1, d2 + 1) if d % 7 < 5))
        if val < 1:
            continue
        span = (m1.start(), m2.end())
        out.append(Quantity(val, val, "deadline", "workday", None, span, _clause_of(clauses, m1.start()),
                            re.sub(r"\s+", " ", f"{m1.group(0)} … {m2.group(0)}"), retold=True))
    return out


DATE_GAPS = True  # h-conf20 switch for measurement
_FULL_DATE_RE = re.compile(r"(?<![\w/])(\d{1,2})(?:/|\s+tháng\s+)(\d{1,2})(?:/|\s+năm\s+)(\d{4})(?![\w/])")


def is_date_gap(q: Quantity) -> bool:
    """A gap between two dates of a worked example (``_date_gaps``)."""
    return q.retold and q.lead and q.bound == "eq" and "…" in q.raw


def _date_gaps(text_lc: str, clauses: list[tuple[int, int]], out: list[Quantity]) -> list[Quantity]:
    """Two full dates in one sentence of a worked example ("phát hành số phụ trương đầu tiên vào ngày 15/12/2026; văn bản
    thông báo … gửi … ngày 01/12/2026", "tạm ngừng kinh doanh từ ngày 01/02/2027 …; thông báo … ngày 26/01/2027"): the
    days between them are the lead time the example gives. Compared only with the law's minimum lead time ("trước ít
    nhất 30 ngày tính đến ngày phát hành", ``numeric._example_vs_lead``); retold texts only. (h-conf20)"""
    ms = list(_FULL_DATE_RE.finditer(text_lc))
    for m1, m2 in zip(ms, ms[1:]):
        if re.search(r"[.?!](?!\d)", text_lc[m1.end() : m2.start()]):
            continue
        if any(q.span[0] < m2.end() and m1.start() < q.span[1] for q in out if q.cat in ("duration", "workday")):
            continue  # a span already read (``_date_spans``)
        if re.search(r"(?<!\w)(?:đến|tới)(?:\s+hết)?(?:\s+ngày)?\s*$", text_lc[m1.end() : m2.start()]):
            continue  # "từ ngày … đến ngày …": a period (``_date_spans`` reads a last day told), not a lead time
        try:
            t1 = _dt.date(int(m1.group(3)), int(m1.group(2)), int(m1.group(1)))
            t2 = _dt.date(int(m2.group(3)), int(m2.group(2)), int(m2.group(1)))
        except ValueError:
            continue
        val = float(abs((t2 - t1).days))
        if not 1 <= val <= 366:
            continue
        span = (m1.start(), m2.end())
        out.append(Quantity(val, val, "eq", "duration", None, span, _clause_of(clauses, m1.start()),
                            re.sub(r"\s+", " ", f"{m1.group(0)} … {m2.group(0)}"), lead=True, retold=True))
    return out


def _next_workday(text_lc: str, clauses: list[tuple[int, int]], out: list[Quantity]) -> list[Quantity]:
    """A deadline of one working day: "… phát hành trong ngày văn bản đó được ký, chậm nhất là trong ngày làm việc tiếp
    theo", against "trong thời hạn 03 ngày làm việc" of a retelling (retold texts only). (h-conf19)"""
    for m in _NEXT_WORKDAY_RE.finditer(text_lc):
        if any(q.span[0] <= m.start() < q.span[1] or m.start() <= q.span[0] < m.end() for q in out):
            continue
        if re.search(r"(?<!\w)(?:thứ|sau)\s*$", text_lc[max(0, m.start() - 8) : m.start()]):
            continue
        span = (m.start(), m.end())
        out.append(Quantity(1.0, 1.0, "deadline", "workday", None, span, _clause_of(clauses, m.start()),
                            re.sub(r"\s+", " ", m.group(0)), retold=True))
    return out


# How many times a term may be extended (h-conf16): "có thể gia hạn hai lần liên tiếp", "chỉ được gia hạn một lần",
# "gia hạn tối đa ba lần", "hai lần gia hạn", "gia hạn nhiều lần", "gia hạn không giới hạn số lần", "không bị giới
# hạn số lần gia hạn", "không được gia hạn". Each is a ceiling on the number of extensions (cat "count:gia hạn"):
# "nhiều lần" and "không giới hạn" have none (∞), "không được gia hạn" allows 0 — so "hai lần" clashes with "không giới
# hạn số lần" and "một lần duy nhất" with "nhiều lần". Before this, "gia hạn hai lần" gave no quantity and "tối đa
# ba lần" a plain count.
RENEWALS = True
_UNLIMITED = 1e9  # no limit on the number of extensions (finite, so that two "no limit" readings are equal)
_RENEW_N_RE = re.compile(rf"(?<!\w)gia\s+hạn,?(?:\s+(?!lần(?!\w))[^\W\d]+,?){{0,12}}?\s+(?:(?:nhưng\s+)?(?:tối đa|không quá|chỉ|thêm)\s+)?"
                         rf"(?P<k>{_NUM})\s+lần(?!\s+(?:thứ|trong|mỗi|/))(?!\w)"
                         rf"|(?<!\w)(?P<k2>{_NUM})\s+lần\s+gia\s+hạn(?!\w)")
_RENEW_MANY_RE = re.compile(r"(?<!\w)gia\s+hạn,?(?:\s+[^\W\d]+,?){0,12}?\s+(?:nhiều\s+lần|không\s+(?:bị\s+)?(?:giới hạn|hạn chế)\s+số\s+lần)(?!\w)"
                            r"|(?<!\w)không\s+(?:bị\s+)?(?:giới hạn|hạn chế)\s+số\s+lần\s+gia\s+hạn(?!\w)")
_RENEW_NONE_RE = re.compile(r"(?<!\w)không\s+(?:được|thể)\s+(?:xem\s+xét\s+)?gia\s+hạn(?!\w)")


def _renewals(text_lc: str, clauses: list[tuple[int, int]], out: list[Quantity], blocked: list[bool]) -> list[Quantity]:
    found: list[Quantity] = []
    for rx in (_RENEW_MANY_RE, _RENEW_NONE_RE, _RENEW_N_RE):
        for m in rx.finditer(text_lc):
            if blocked[m.start()] or any(q.span[0] < m.end() and m.start() < q.span[1] for q in found):
                continue
            if rx is _RENEW_MANY_RE:
                n = _UNLIMITED
            elif rx is _RENEW_NONE_RE:
                n = 0.0
            else:
                n = _parse_number(m.group("k") or m.group("k2"))
                if n is None:
                    continue
            span = (m.start(), m.end())
            found.append(Quantity(0.0, n, "max", "count:gia hạn", None, span, _clause_of(clauses, m.start()),
                                  re.sub(r"\s+", " ", text_lc[span[0] : span[1]])))
    if not found:
        return out
    keep = [q for q in out if not any(f.span[0] < q.span[1] and q.span[0] < f.span[1] for f in found)]
    return sorted(keep + found, key=lambda q: q.span[0])


_PERIOD_DAYS = {"ngày": 1.0, "tuần": 7.0, "tháng": 30.0, "quý": 90.0, "năm": 360.0}
# "06 tháng một lần", "sáu tháng một lần", "mỗi năm một lần", "hai năm một lần": once per period
_ONCE_PER_RE = re.compile(rf"(?<![\w/.,])(?:(?P<lim>ít nhất|tối thiểu|tối đa|không quá)\s+)?(?:(?P<each>mỗi|hằng|hàng)\s+)?"
                          rf"(?:(?P<n>{_NUM})\s+)?(?P<p>ngày|tuần|tháng|quý|năm)\s+(?P<k>một|01|1|{_NUM})\s+lần(?!\w)")
# "một lần trong một tháng", "không quá 01 lần trong một năm", "hai lần mỗi tháng", "02 lần/năm"
_TIMES_IN_RE = re.compile(rf"(?<![\w/.,])(?:(?P<lim>ít nhất|tối thiểu|tối đa|không quá)\s+)?(?P<k>{_NUM})\s+lần\s*"
                          rf"(?:trong|mỗi|/|một)\s*(?:(?P<n>{_NUM})\s+)?(?P<p>ngày|tuần|tháng|quý|năm)(?!\w)")


def _frequencies(text_lc: str, clauses: list[tuple[int, int]], out: list[Quantity], blocked: list[bool]) -> list[Quantity]:
    """A frequency in any of its legal wordings — "06 tháng một lần", "mỗi tháng hai lần", "một lần trong một tháng",
    "không quá 01 lần trong một năm", "hai năm một lần", "ít nhất mỗi năm một lần" — is one quantity: times per year
    (cat "freq"), so that "sáu tháng một lần" (2) clashes with "không quá 01 lần trong một năm" (≤ 1) and "mỗi năm
    một lần" agrees with "01 lần/năm" (h-conf13). A limit word before it bounds the number of times ("không quá 01
    lần" ≤ 1); before an interval ("ít nhất/không quá sáu tháng một lần") it says at least that often. The
    quantities these words gave before (a duration "sáu tháng", a count "02 lần") are replaced."""
    found: list[Quantity] = []
    for rx, interval in ((_ONCE_PER_RE, True), (_TIMES_IN_RE, False)):
        for m in rx.finditer(text_lc):
            if blocked[m.start()] or any(q.span[0] < m.end() and m.start() < q.span[1] for q in found):
                continue
            k = _parse_number(m.group("k"))
            n = _parse_number(m.group("n")) if m.group("n") else 1.0
            if not k or not n:
                continue
            days = n * _PERIOD_DAYS[m.group("p")]
            per_year = k * 360.0 / days
            lim = m.group("lim") or ""
            if interval and k != 1 and not m.group("each"):
                continue  # "tháng hai lần" needs "mỗi/hằng" before it to be a frequency
            if interval and k == 1:
                bound = "min" if lim else "eq"
            else:
                bound = {"ít nhất": "min", "tối thiểu": "min", "tối đa": "max", "không quá": "max"}.get(lim, "eq")
            span = (m.start(), m.end())
            found.append(Quantity(per_year, per_year, bound, "freq", None, span, _clause_of(clauses, m.start()),
                                  re.sub(r"\s+", " ", text_lc[span[0] : span[1]])))
    if not found:
        return out
    keep = [q for q in out if not any(f.span[0] < q.span[1] and q.span[0] < f.span[1] for f in found)]
    return sorted(keep + found, key=lambda q: q.span[0])


def _as_eq(q: Quantity) -> Quantity:
    return Quantity(q.lo, q.hi, "eq", q.cat, q.period, q.span, q.clause, q.raw)


def _comparable(a: Quantity, b: Quantity) -> bool:
    if "deadline" in (a.bound, b.bound):
        return _comparable(_as_eq(a) if a.bound == "deadline" else a, _as_eq(b) if b.bound == "deadline" else b)
    cats = {a.cat, b.cat}
    if a.period != b.period or {a.bound, b.bound} == {"max", "min"}:
        return False
    if a.cat != b.cat and cats != {"duration", "workday"}:
        return False
    va, vb = _days(a), _days(b)
    if a.cat in ("duration", "workday", "money", "area", "hour") or cats == {"duration", "workday"}:
        lo, hi = min(va, vb), max(va, vb)
        if lo <= 0 or hi / lo > 12:
            return False
    return True


def _days(q: Quantity) -> float:
    return q.hi * (1.4 if q.cat == "workday" else 1.0)


def _agree(a: Quantity, b: Quantity) -> bool:
    """True if the two quantities are consistent (equal, or one lies inside the other's bound)."""
    if "deadline" in (a.bound, b.bound):
        # a deadline ("trong thời hạn 10 ngày") is a limit like "không quá/chậm nhất": two limits agree only if equal;
        # against a plain value, a lower bound or a range it is the value itself
        other = b if a.bound == "deadline" else a
        if other.bound in ("max", "deadline"):
            return _agree(Quantity(a.lo, a.hi, "max", a.cat, a.period, a.span, a.clause, a.raw),
                          Quantity(b.lo, b.hi, "max", b.cat, b.period, b.span, b.clause, b.raw))
        return _agree(_as_eq(a) if a.bound == "deadline" else a, _as_eq(b) if b.bound == "deadline" else b)
    if a.cat != b.cat:  # ngày vs ngày làm việc: only bounds can be checked after conversion
        fa = 1.4 if a.cat == "workday" else 1.0
        fb = 1.4 if b.cat == "workday" else 1.0
        alo, ahi, blo, bhi = a.lo * fa, a.hi * fa, b.lo * fb, b.hi * fb
        if a.bound == "eq" and b.bound == "eq":
            return False
    else:
        alo, ahi, blo, bhi = a.lo, a.hi, b.lo, b.hi

    # durations in different units are equal within 2 %: "01 năm" = "12 tháng" = "365 ngày" (a month counts 30 days,
    # a year 360); "01 tháng" vs "31 ngày" still differ
    tol = 0.02 if a.cat == b.cat == "duration" and a.raw.split()[-1:] != b.raw.split()[-1:] else 1e-6

    def eq(x: float, y: float) -> bool:
        return abs(x - y) <= tol * max(1.0, abs(x), abs(y))

    ba, bb = a.bound, b.bound
    if ba == bb:
        return eq(alo, blo) and eq(ahi, bhi)
    pair = {ba, bb}
    if pair == {"max", "eq"}:
        mx, v = (ahi, blo) if ba == "max" else (bhi, alo)
        return v <= mx + 1e-9
    if pair == {"min", "eq"}:
        mn, v = (alo, blo) if ba == "min" else (blo, alo)
        return v >= mn - 1e-9
    rng = a if ba == "range" else b

    def inside(v: float, lo: float, hi: float) -> bool:
        # a value inside a range is consistent with it ("16 tuổi" / "từ đủ 14 tuổi đến dưới 18 tuổi"); an upper
        # number after "dưới/chưa đủ" is itself outside
        return lo - 1e-9 <= v and (v < hi - 1e-9 if rng.hi_open else v <= hi + 1e-9)

    if pair == {"range", "eq"}:
        (lo, hi), v = ((alo, ahi), blo) if ba == "range" else ((blo, bhi), alo)
        return inside(v, lo, hi)
    if pair == {"range", "max"}:
        hi, mx = (ahi, bhi) if ba == "range" else (bhi, ahi)
        return hi <= mx + 1e-9
    if pair == {"range", "min"}:
        lo, mn = (alo, blo) if ba == "range" else (blo, alo)
        if (b if ba == "range" else a).point:
            # "Người đủ 16 tuổi …" against "Người từ đủ 14 tuổi đến dưới 18 tuổi …": one case, told by the value it
            # has reached — consistent when the value lies in the range ("đủ 12 tuổi" does not)
            hi = ahi if ba == "range" else bhi
            return inside(mn, lo, hi)
        return lo >= mn - 1e-9
    return True  # max vs min: not comparable → no claim


def _q_interval(q: Quantity) -> tuple[float, float]:
    if q.bound == "max":
        return float("-inf"), q.hi
    if q.bound == "min":
        return q.lo, float("inf")
    return q.lo, q.hi
