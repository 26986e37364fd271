"""Questions told as a story ("Anh Nguyễn Văn A sinh ngày 15/06/2005, quê ở xã Thanh Cao … Ngày 20/03/2025 hai người
đến Ủy ban nhân dân xã để đăng ký kết hôn. Anh A đã đủ tuổi kết hôn, đúng hay sai?"): whether a question is one
(``is_story``), the story and the ask (``split_story``), the story's placeholders — names of persons and companies
("Anh Nguyễn Văn A", "chị Y", "Công ty TNHH B"), places ("xã Thanh Cao"), dates ("15/06/2005") — removed so that they
do not count as words of the question (``neutral_text``), and the age a person reaches on a date of the story
("sinh ngày 15/06/2005 … ngày 20/03/2025" → "19 tuổi", ``story_ages``).

Pure functions on the question text. Does not retrieve, decide refusals or answers: ``retrieval.prepare_query``
searches a story by ``neutral_query``; ``answering.pipeline`` measures its refusal confidence on ``neutral_text``
of the ask (``split_story``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


_WORD_RE = re.compile(r"[^\W_]+|[.)]", re.UNICODE)  # words, and the "." / ")" right after an option letter
# a person's title in a story; the capitalised words right after it are the name: "Anh Nguyễn Văn A", "chị Y", "ông
# K", "cụ ông Trần Văn K", "bé Nguyễn Gia B", "em Hùng", "viên chức P" (a lower-case word after the title is no name:
# "ông bà", "cháu ruột")
_TITLES = ("anh", "chị", "ông", "bà", "em", "cháu", "cụ", "bé", "cô", "chú", "bác", "cậu", "dì", "thím", "mợ",
           "cụ ông", "cụ bà", "bác sĩ", "luật sư", "kỹ sư", "giáo viên", "viên chức", "công chức", "họa sĩ")
# an organisation: the capitalised words after it up to its placeholder letter(s) go ("Công ty TNHH B", "Công ty cổ
# phần Thép D", "Phòng khám đa khoa tư nhân Z"); lower-case words stay ("Công ty hóa chất B" → "Công ty hóa chất")
_ORGS = ("công ty", "doanh nghiệp", "hợp tác xã", "siêu thị", "cửa hàng", "phòng khám", "nhà hàng", "khách sạn",
         "hộ kinh doanh", "cơ sở", "trung tâm", "trường", "bệnh viện", "tổ chức", "quán")
# a place: the level word stays ("xã", "huyện" can matter), its capitalised name goes ("xã Thanh Cao" → "xã")
_PLACES = ("xã", "phường", "thị trấn", "thị xã", "huyện", "quận", "tỉnh", "thành phố", "tp", "thôn", "bản", "ấp",
           "làng", "khu phố", "tổ dân phố", "khu công nghiệp", "khu dân cư", "phố", "xóm")
# capitalised words right after these are a place too ("ở Bắc Ninh", "quê ở Nam Định", "lên Thành phố Hồ Chí Minh"),
# unless they name a public body or the country ("tại Ủy ban nhân dân xã", "ở Việt Nam")
_AT = ("ở", "tại", "quê", "lên", "sang")
_BODY_WORDS = {"ủy", "uỷ", "tòa", "toà", "cơ", "bộ", "sở", "phòng", "ban", "công", "viện", "trung", "hội", "văn",
               "chính", "quốc", "nhà", "trường", "bệnh", "đoàn", "cục", "chi", "kho", "việt", "thành", "luật", "điều",
               "nghị", "thông", "hiến"}
# words after which a single capital letter is a class, chapter or annex, not a placeholder ("hạng B", "Chương V")
_LETTER_KEEP = {"hạng", "loại", "nhóm", "mẫu", "lục", "chương", "mục", "phần", "số", "khoản", "điểm", "điều", "cột",
                "bảng", "vùng", "cấp", "kỳ", "vitamin", "tuýp", "máu"}
_DATE_RE = re.compile(r"(?<![\w/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\w/])")
_MONTH_YEAR_RE = re.compile(r"(?<![\w/])(\d{1,2})\s*/\s*(\d{4})(?![\w/])")
_LONG_DATE_RE = re.compile(r"(?<!\w)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})(?!\w)", re.I)
_SENT_RE = re.compile(r"(?<=[.!?;])\s+(?=[\w“\"(])")
_BIRTH_RE = re.compile(r"sinh\s+(?:ngày|năm)\s+", re.I)


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _letter(word: str) -> bool:
    """A placeholder-like token: one capital letter ("A", "Đ") or two or three ("BC")."""
    return 1 <= len(word) <= 3 and word.isupper() and word.isalpha()


@lru_cache(maxsize=None)
def _by_first_word(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """``phrases`` split into words, grouped by their first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for ph in phrases:
        parts = tuple(ph.split())
        out.setdefault(parts[0], []).append(parts)
    return {w: tuple(sorted(ps, key=len, reverse=True)) for w, ps in out.items()}


def _match_phrase(words: list[str], i: int, phrases: tuple[str, ...]) -> int:
    """Length (in words) of the longest phrase of ``phrases`` starting at word ``i`` (case-insensitive), else 0."""
    if i >= len(words):
        return 0
    for parts in _by_first_word(phrases).get(words[i].lower(), ()):
        if tuple(w.lower() for w in words[i:i + len(parts)]) == parts:
            return len(parts)
    return 0


def _placeholder_spans(text: str) -> tuple[list[tuple[int, int]], set[str]]:
    """Character spans of the names to drop, and the single letters used as names."""
    toks = [(m.group(0), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    words = [t[0] for t in toks]
    spans: list[tuple[int, int]] = []
    letters: set[str] = set()

    def adjacent(j: int) -> bool:  # word j follows word j-1 with only spaces between
        return j < len(toks) and not text[toks[j - 1][2]:toks[j][1]].strip()

    i = 0
    while i < len(words):
        n_title = _match_phrase(words, i, _TITLES)
        n_org = _match_phrase(words, i, _ORGS)
        n_place = _match_phrase(words, i, _PLACES)
        n_at = _match_phrase(words, i, _AT)
        if n_org:
            # up to 6 words after it, ending on a placeholder letter: its capitalised words go
            j, end = i + n_org, None
            while j < len(words) and j < i + n_org + 7 and adjacent(j) and words[j] not in ".)" \
                    and not _match_phrase(words, j, _PLACES):
                if _letter(words[j]) and words[j] not in ("TNHH", "CP"):
                    end = j
                    break
                j += 1
            if end is not None:
                for k in range(i + n_org, end + 1):
                    if _cap(words[k]) and words[k] not in ("TNHH", "CP"):
                        spans.append((toks[k][1], toks[k][2]))
                if len(words[end]) == 1:
                    letters.add(words[end])
                i = end + 1
                continue
        n = max(n_title, n_place, n_at)
        if n:
            j = i + n
            k = j
            while k < len(words) and k < j + 4 and adjacent(k) and _cap(words[k]) and words[k] not in ".)":
                if k == j and words[k].lower() in _BODY_WORDS:  # "viên chức Bệnh viện …", "xã Ủy …"
                    break
                k += 1
            if k > j:
                spans.append((toks[j][1], toks[k - 1][2]))
                if len(words[k - 1]) == 1 and words[k - 1].isupper():
                    letters.add(words[k - 1])
                i = k
                continue
        i += 1
    # the same letters elsewhere ("… A đã đủ tuổi"): not an option ("A. …") nor a class ("hạng B")
    for j, w in enumerate(words):
        if w in letters and not (j + 1 < len(words) and words[j + 1] in ".)" and adjacent(j + 1)) \
                and not (j > 0 and words[j - 1].lower() in _LETTER_KEEP):
            spans.append((toks[j][1], toks[j][2]))
    return spans, letters


def _has_named_party(text: str) -> bool:
    return bool(_placeholder_spans(text)[0])


@dataclass(frozen=True)
class Story:
    """A question told as a story: the sentences before the ask and the ask (the last sentence: the question or the
    statement judged)."""
    story: str
    ask: str


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT_RE.split(_nfc(text).strip()) if s.strip()]


def is_story(text: str) -> bool:
    """A question told as a story: at least one sentence before the ask, and a named person or organisation
    ("Anh Nguyễn Văn A", "chị Y", "Công ty TNHH B") or a calendar date ("15/06/2005") in it."""
    t = _nfc(text)
    if len(_sentences(t)) < 2:
        return False
    return bool(_has_named_party(t) or _DATE_RE.search(t) or _LONG_DATE_RE.search(t))


def split_story(text: str) -> Story | None:
    """The story and the ask of a story question (None for any other question)."""
    if not is_story(text):
        return None
    sents = _sentences(text)
    cut = len(sents) - 1
    # a bare ask ("Vậy có đúng không?") takes the sentence before it
    while cut > 0 and len(_WORD_RE.findall(" ".join(sents[cut:]))) < 6:
        cut -= 1
    return Story(story=" ".join(sents[:cut]), ask=" ".join(sents[cut:]))


def _parse_date(m: re.Match[str]) -> date | None:
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _births(text: str) -> list[tuple[int, int, int]]:
    """(start, end, age) of each "sinh ngày D1" of the story whose person's age on a later date of the story is known:
    the age in full years on the next date after D1 that is not another birth date."""
    dates = [(m.start(), m.end(), _parse_date(m)) for m in _DATE_RE.finditer(text)]
    dates += [(m.start(), m.end(), _parse_date(m)) for m in _LONG_DATE_RE.finditer(text)]
    dates = sorted((s, e, d) for s, e, d in dates if d is not None)
    births = [m for m in _BIRTH_RE.finditer(text)]
    birth_ends = {m.end() for m in births}
    out: list[tuple[int, int, int]] = []
    for b in births:
        after = [(s, e, d) for s, e, d in dates if s >= b.end()]
        if not after or after[0][0] != b.end():  # "sinh năm 2009": a year, not a date
            continue
        _, end, born = after[0]
        later = [(s, d) for s, _, d in after[1:] if d > born and s not in birth_ends]
        # "tháng 02/2026": a month, enough when it is not the birth month
        months = [(m.start(), int(m.group(2)), int(m.group(1))) for m in _MONTH_YEAR_RE.finditer(text)
                  if m.start() > end and 1 <= int(m.group(1)) <= 12]
        months = [(s, date(y, mo, 1)) for s, y, mo in months if mo != born.month and date(y, mo, 1) > born]
        nxt = min(later + months, default=None, key=lambda x: x[0])
        if nxt is not None:
            out.append((b.start(), end, _age(born, nxt[1])))
    return out


def story_ages(text: str) -> list[int]:
    """Ages in full years a person of the story reaches: for each "sinh ngày D1" the age on the next date of the
    story after it that is not another birth date. Empty when the story gives no birth date ("sinh năm 2009" is a
    year, not a date) or no later date."""
    return [age for _, _, age in _births(_nfc(text))]


def neutral_text(text: str) -> str:
    """The question with the story's placeholders removed: persons' names (the title stays: "Anh Nguyễn Văn A" →
    "Anh"), organisations' letters ("Công ty TNHH B" → "Công ty TNHH"), place names ("xã Thanh Cao" → "xã"), calendar
    dates and the single letters standing for a person or place elsewhere ("A đủ tuổi" → "đủ tuổi"). A birth date
    whose age the story gives (``story_ages``) becomes that age, as the law states ages: "Anh Nguyễn Văn A sinh ngày
    15/06/2005 … Ngày 20/03/2025 …" → "Anh đủ 19 tuổi … Ngày …"."""
    t = _nfc(text)
    for start, end, age in reversed(_births(t)):
        t = t[:start] + f"đủ {age} tuổi" + t[end:]
    spans, _ = _placeholder_spans(t)
    for a, b in sorted(set(spans), reverse=True):
        t = t[:a] + t[b:]
    t = _LONG_DATE_RE.sub("ngày", t)
    t = _DATE_RE.sub("", t)
    t = _MONTH_YEAR_RE.sub("", t)
    t = re.sub(r"\s+([,.;:?!])", r"\1", t)
    t = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", t)
    return re.sub(r"\s{2,}", " ", t).strip()


# the pasted options of a multiple-choice query ("\nA. …\nB. …"): left as they are
_OPTIONS_RE = re.compile(r"\n\s*A[.)]\s")


def neutral_query(text: str) -> str:
    """What a story question is searched by: ``neutral_text`` of its stem (pasted options "A. …" kept as they are).
    Any other question is returned unchanged."""
    t = _nfc(text)
    m = _OPTIONS_RE.search(t)
    stem, options = (t[:m.start()], t[m.start():]) if m else (t, "")
    if not is_story(stem):
        return t
    return neutral_text(stem) + options
