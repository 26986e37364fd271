"""Text utilities of the conflict checker: stopwords, number words, paraphrase normalisation (``canon``), content
syllables (``_content``, ``_seq_content``), clause spans and the parsing of a number written in digits or words.

Pure functions on lower-cased text. Does not find quantities, modal markers or authorities (``quantities``,
``modals``, ``analysis``) and compares nothing.

Rules
* paraphrases of common legal verbs are normalised: "gửi/chuyển/cung cấp" → "nộp", "trong vòng/trong thời hạn",
  "tiếp nhận/nhận được".
* parts of the subject: "người sử dụng lao động" ≠ "người lao động"; class identifiers ("lớp một", "nhóm I", "hạng
  B", "loại T16", "hạng B2") and grades ("sơ/trung/cao cấp") become one token; two texts naming classes of one kind
  and none in common ("loại T16" / "loại T13") are about two subjects (``_ident_clash``).
"""

from __future__ import annotations

import re
import unicodedata

from assistant.text import fix_tone_placement

_WORD_RE = re.compile(r"\w+", re.UNICODE)

STOPWORDS = frozenset(
    """
    và hoặc là của các những này đó thì mà để tại trong từ đến kể khi nếu trên dưới với cho theo về do bởi
    được có không phải bị sẽ đã đang cũng như nhưng vì nên sau trước hơn một mỗi hai ba cả nào ai gì
    việc người làm thực hiện trường hợp đối điều khoản điểm luật bộ mức
    văn bản số ở ra vào lên xuống sự cách mình họ nó chúng ta tôi đây kia ấy rằng hay nhau cùng giữa vẫn
    thêm nữa đây đều rồi lên xuống ngày tháng năm tuần giờ phút tuổi đồng triệu tỷ nghìn ngàn
    phần trăm lần thứ độ hiện hành trách nhiệm quyền thể phép cấm nghiêm bắt buộc cần nghĩa vụ tự do
    đủ ít nhất tối đa thiểu quá vượt sớm đầu tiên cuối cùng chậm hằng
    """.split()
)
NUMBER_WORDS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mươi": 10, "trăm": 100, "linh": 0, "lẻ": 0,
}
_NOISE_PHRASES_RE = re.compile(
    r"trên địa bàn (?:tỉnh|thành phố|huyện|xã)|của (?:tỉnh|thành phố)\b|trong tỉnh\b|trong văn bản này|"
    r"(?:luật|bộ luật|nghị định|thông tư|quyết định|nghị quyết|pháp lệnh|văn bản) này|theo quy định(?: của pháp luật)?|"
    r"quy định tại (?:điểm \w+ )?(?:khoản \d+ )?điều \d+[\w ]*?(?=[,.;]|$)|được hiểu là|thời hạn|thời gian|"
    r"(?<=hồ sơ) hợp lệ|không thấp hơn|không cao hơn|không ít hơn|không nhiều hơn|cơ quan có thẩm quyền|người có thẩm quyền|quy định|nghị định|thông tư|quyết định này|nghị quyết này"
)


def _norm(text: str) -> str:
    """NFC with the tone mark of open oa/oe/uy syllables on the first vowel ("Uỷ ban" → "Ủy ban", "hoà giải" → "hòa
    giải", ``assistant.text.fix_tone_placement``): both spellings occur in legal texts and must read as one word.
    The length is unchanged, so spans found on the normalised text hold on the original (h-conf13: "Chủ tịch Uỷ ban
    nhân dân cấp tỉnh" was no authority for the parser)."""
    t = unicodedata.normalize("NFC", text or "")
    f = fix_tone_placement(t)
    return f if len(f) == len(t) else t


# paraphrase normalisation for matching (content words only; spans are never computed on normalised text):
# legal verbs and phrases that say the same thing are mapped to one form
_SYNONYMS: dict[str, str] = {}
for _alts, _rep in [
    ("ban hành quyết định|ra quyết định|có quyết định", "quyết định"),
    ("gửi|chuyển|cung cấp|nộp lại", "nộp"),
    ("tiếp nhận|nhận được|thu nhận", "nhận"),
    ("đầy đủ", "đủ"),
    ("trong vòng|trong khoảng thời gian|trong thời gian|trong thời hạn", "trong"),
    ("bố trí|huy động|sử dụng", "sử dụng"),
    ("văn bản đề nghị|đơn đề nghị|văn bản yêu cầu|đơn yêu cầu", "đơn"),
    ("thông báo bằng văn bản|có văn bản thông báo|thông báo cho|báo cho", "thông báo"),
    ("có hiệu lực thi hành", "có hiệu lực"),
    ("cơ quan quản lý", "cơ quan"),
    ("từ chối tiếp nhận|không tiếp nhận|không nhận", "từ chối"),
    ("hủy bỏ|bãi bỏ", "hủy"),
    ("tính từ", "kể từ"),
    ("nam giới", "nam"), ("nữ giới", "nữ"),
    # names of one thing in plain and in legal words (a guide or a lower text retelling the law)
    ("bằng lái xe|bằng lái", "giấy phép lái xe"),
    ("trẻ em|em bé|trẻ nhỏ", "trẻ"),
    ("chào đời|được sinh ra", "sinh"),
    ("sĩ số", "số học sinh"),  # "sĩ số tối đa của một lớp" = "mỗi lớp có không quá N học sinh"
]:
    for _a in _alts.split("|"):
        _SYNONYMS[_a] = _rep
_SYN_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in sorted(_SYNONYMS, key=len, reverse=True)) + r")(?!\w)")


# a role whose name contains another role's name: "người sử dụng lao động" is not "người lao động"
_ROLE_RE = re.compile(r"(?<!\w)(?:người|chủ)\s+sử\s+dụng\s+lao\s+động(?!\w)")
# identifiers of a class are part of the subject, not quantities: "lớp một" ≠ "lớp sáu", "nhóm I" ≠ "nhóm III",
# "hạng B" ≠ "hạng C"
_IDENT_RE = re.compile(
    r"(?<!\w)(lớp|hạng|nhóm|loại|bậc|khu vực|vùng|ngạch|cấp độ|đối tượng(?=\s+\d))\s+"
    r"(\d+[a-z]?|[ivx]{1,4}|[a-zđ]\d{0,2}|(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)(?:\s+(?:một|hai|ba|bốn|lăm|năm|sáu|bảy|tám|chín))?)(?!\w)"
)


def _ident(m: re.Match) -> str:
    v = m.group(2)
    if v[0].isalpha() and not re.fullmatch(r"[ivx]{1,4}|[a-zđ]\d{0,2}", v):
        n = _parse_number(v)
        v = str(int(n)) if n is not None else v
    return f" {m.group(1).replace(' ', '')}_{v} "


# (h-conf14: a numbered group of people, "đối tượng 2" / "đối tượng 4", names a class like "nhóm 2")
_IDENT_TOKEN_RE = re.compile(r"(?<!\w)(lớp|hạng|nhóm|loại|bậc|khuvực|vùng|ngạch|cấpđộ|đốitượng)_(\w+)")


def _ident_clash(ta: str, tb: str) -> bool:
    """Both texts name a class of the same kind ("loại T16" / "loại T13", "hạng B1" / "hạng C") and no class in
    common: they are about two subjects."""
    ia, ib = {}, {}
    for t, d in ((ta, ia), (tb, ib)):
        for m in _IDENT_TOKEN_RE.finditer(canon(t.lower())):
            d.setdefault(m.group(1), set()).add(m.group(2))
    return any(k in ib and ia[k].isdisjoint(ib[k]) for k in ia)


def canon(text_lc: str) -> str:
    """Map paraphrases of common legal verbs/phrases to one form ("gửi/chuyển/cung cấp" → "nộp"); class
    identifiers ("lớp một" → "lớp_1") and nested role names ("người sử dụng lao động") become one token."""
    text_lc = _ROLE_RE.sub(" ngsdlđ ", text_lc)
    text_lc = re.sub(r"(?<!\w)(sơ|trung|cao) cấp(?!\w)", r" cấp_\1 ", text_lc)  # grades: "sơ cấp" ≠ "trung cấp"
    text_lc = _IDENT_RE.sub(_ident, text_lc)
    return _SYN_RE.sub(lambda m: _SYNONYMS[m.group(0)], text_lc)


def _content(text_lc: str) -> set[str]:
    """Content syllables of lower-cased text (paraphrases normalised): no stopwords, no numbers/number words."""
    text_lc = canon(_NOISE_PHRASES_RE.sub(" ", text_lc))
    return {
        w for w in _WORD_RE.findall(text_lc)
        if w not in STOPWORDS and w not in NUMBER_WORDS and not w[0].isdigit() and len(w) > 1 or w in {"c", "d", "y"}
    } - STOPWORDS - set(NUMBER_WORDS)


def _clauses(text_lc: str) -> list[tuple[int, int]]:
    """Spans of clauses (split on . ; : and newlines)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"(?:[.;:](?=\s|$))|\n", text_lc):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text_lc):
        out.append((pos, len(text_lc)))
    return out or [(0, len(text_lc))]


def _sentence_start(text_lc: str, pos: int) -> int:
    """Where the sentence or ";"-part holding ``pos`` starts: after the last "." or ";" before it (0 if none)."""
    return max(text_lc.rfind(".", 0, pos), text_lc.rfind(";", 0, pos)) + 1


def _sentence_end(text_lc: str, pos: int) -> int:
    """Where the sentence or ";"-part holding ``pos`` ends: the first "." or ";" from it (the text's end if none)."""
    return min([x for x in (text_lc.find(".", pos), text_lc.find(";", pos)) if x >= 0] or [len(text_lc)])


def _clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in clauses:
        if s <= pos < e:
            return s, e
    return clauses[-1]


def _parse_number(s: str) -> float | None:
    s = s.strip()
    if s[0].isdigit():
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
            s = s.replace(".", "").replace(",", ".")
        elif "," in s and "." not in s:
            s = s.replace(",", ".")
        elif s.count(".") == 1 and re.fullmatch(r"\d+\.\d{1,2}", s):
            pass
        else:
            s = s.replace(",", "").replace(".", "")
        try:
            return float(s)
        except ValueError:
            return None
    if s == "nửa":
        return 0.5
    words = s.split()
    total, cur = 0, 0
    for w in words:
        v = NUMBER_WORDS.get(w)
        if v is None:
            return None
        if w == "mươi":
            cur = (cur or 1) * 10
        elif w == "trăm":
            cur = (cur or 1) * 100
            total, cur = total + cur, 0
        elif w == "mười":
            cur += 10
        else:
            cur += v
    return float(total + cur)


def _seq_content(text_lc: str) -> list[str]:
    return [w for w in _WORD_RE.findall(canon(text_lc)) if w not in STOPWORDS and not w[0].isdigit() and w not in NUMBER_WORDS]


_GENERIC_ACTION = frozenset("hành vi điều kiện sau đây gồm bao nghị này tại ghi".split())
