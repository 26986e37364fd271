"""One parse per provision (``analyze`` → ``Analysis``: clauses, quantities, modal statements, authorities, exceptions,
content words and bigrams, cached by text) and the lexical comparisons built on it: topic similarity, "the same
subject" (``_same_scope``), word substitutions, opposite scopes, an exception that covers the other text.

Does not detect clashes (the detector modules) and uses no embeddings (``semantic``).

Rules
* same thing: one clause's content words must all occur in the other clause ("exactly one thing differs") and most
  of its word bigrams too; a paraphrase may add ≤ 2 words on each side unless a word of one stands in the place of a
  word of the other ("đường đôi"/"đường hai chiều", "trong nước"/"quốc tế"); an extra procedure word ("cấp lại",
  "miễn thị thực", "tạm …", "gia hạn") or a different subject ("người sử dụng lao động" ≠ "người lao động", class
  identifiers and grades: ``words``) makes it another matter.
* an exception ("trừ trường hợp …") that covers the other clause explains the difference (``_exception_covers``);
  "trừ đi", "giảm/khấu/bù/miễn trừ" are no exception.
* "05 (năm) ngày" is read once; authorities include the levels of courts, procuracies and police, "Ủy ban nhân dân
  huyện" (= cấp huyện), named ministries, full department names and "Phòng … cấp huyện".
Provenance: the first dev set (tests/test_conflicts.py); "trừ đi" … and the authority names from dev5
(tests/test_conflicts_dev5.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.conflicts.modals import Modal, _extract_modals
from assistant.conflicts.quantities import _NUMW, Quantity, _extract_quantities
from assistant.conflicts.words import _NOISE_PHRASES_RE, _clauses, _content, _norm, _seq_content

_AUTH_RE = re.compile(
    r"(?<!\w)(?:ủy ban thường vụ quốc hội|thủ tướng chính phủ|quốc hội|chính phủ|"
    r"(?:tòa án|viện kiểm sát)(?:\s+nhân dân)?\s+cấp\s+(?:huyện|tỉnh|cao)|(?:trưởng\s+)?công an\s+cấp\s+(?:xã|huyện|tỉnh)|"
    r"trung tâm lý lịch tư pháp quốc gia|"
    r"(?:chủ tịch\s+)?(?:ủy ban nhân dân|hội đồng nhân dân)\s+cấp\s+(?:xã|huyện|tỉnh)|chủ tịch nước|"
    r"phòng tư pháp\s+cấp\s+huyện|(?:trưởng\s+)?phòng\s+(?:[^\W\d_]+\s+|[-–]\s+){1,8}?cấp\s+(?:huyện|tỉnh)|"
    r"(?:chủ tịch\s+)?(?:ủy ban nhân dân|ubnd)\s+(?:xã|phường|thị trấn|huyện|quận|thị xã|tỉnh)|"
    r"bộ\s+(?:xây dựng|tài chính|y tế|công an|quốc phòng|tư pháp|nội vụ|ngoại giao|công thương|giáo dục và đào tạo|"
    r"lao động[-–, ]+thương binh và xã hội|giao thông vận tải|tài nguyên và môi trường|nông nghiệp và phát triển nông thôn|"
    r"nông nghiệp và môi trường|văn hóa[-–, ]+thể thao và du lịch|thông tin và truyền thông|khoa học và công nghệ|"
    r"kế hoạch và đầu tư)|"
    r"(?:giám đốc\s+)?sở\s+(?:văn hóa[-–, ]+thể thao và du lịch|văn hóa và thể thao|tài nguyên và môi trường|"
    r"lao động[-–, ]+thương binh và xã hội|kế hoạch và đầu tư|giao thông vận tải|nông nghiệp và phát triển nông thôn|"
    r"nông nghiệp và môi trường|thông tin và truyền thông|khoa học và công nghệ|giáo dục và đào tạo)|"
    r"giám đốc sở\s+\w+\s+\w+|(?<!cơ )(?<!trụ )sở\s+(?!hữu)\w+\s+\w+|ban quản lý|phòng tư pháp|phòng đăng ký kinh doanh|"
    r"người đứng đầu|bộ trưởng|tòa án|viện kiểm sát)(?!\w)"
)


# the level a named local body belongs to: "Ủy ban nhân dân huyện" is "Ủy ban nhân dân cấp huyện"
_AUTH_LEVEL = {"xã": "xã", "phường": "xã", "thị trấn": "xã", "huyện": "huyện", "quận": "huyện", "thị xã": "huyện",
               "tỉnh": "tỉnh"}
_AUTH_LEVEL_RE = re.compile(r"^((?:chủ tịch )?)(?:ủy ban nhân dân|ubnd) (xã|phường|thị trấn|huyện|quận|thị xã|tỉnh)$")


def _authorities(text_lc: str) -> list[tuple[str, tuple[int, int]]]:
    out = []
    for m in _AUTH_RE.finditer(text_lc):
        name = re.sub(r"\s+", " ", m.group(0))
        lv = _AUTH_LEVEL_RE.match(name)
        if lv:
            name = f"{lv.group(1)}ủy ban nhân dân cấp {_AUTH_LEVEL[lv.group(2)]}"
        out.append((name, (m.start(), m.end())))
    return out


@dataclass(frozen=True)
class Analysis:
    lc: str
    clauses: tuple[tuple[int, int], ...]
    content: frozenset[str]
    quantities: tuple[Quantity, ...]
    modals: tuple[Modal, ...]
    authorities: tuple[tuple[str, tuple[int, int]], ...]
    exceptions: tuple[tuple[frozenset[str], str, tuple[int, int]], ...]  # (content, raw, span)
    bigrams: frozenset[str]


_BOILER_RE = re.compile(
    r"[^.;\n]*(?:(?:luật|bộ luật|nghị định|thông tư|thông tư liên tịch|quyết định|pháp lệnh|nghị quyết|văn bản) này "
    r"(?:có hiệu lực|được đăng)|kỳ họp thứ|thông qua ngày|đăng công báo)[^.;\n]*"
)
# "trừ" opens an exception, not inside "miễn trừ" (exemption), "giảm trừ"/"khấu trừ"/"bù trừ" (deduction, offset) or
# "trừ vào …" (deducted from); nor the verb in "bị trừ / đã trừ / sau khi trừ (hết) điểm, … chi phí" (deducted: h-conf18, a
# licence "bị trừ hết điểm" read as an exception covered every retelling of the licence rule)
_EXC_THEN_RE = re.compile(r"(?<!\w)thì(?!\w)")
_EXC_RE = re.compile(r"(?<!\w)(?<!miễn )(?<!giảm )(?<!khấu )(?<!bù )(?<!cấn )(?<!bị )(?<!được )(?<!đã )(?<!khi )trừ(?!\s+(?:vào|đi)(?!\w))(?:\s+(?:các|một số))?\s+(?:trường hợp|loại|khi)?([^.;]*)")


_PAREN_NUM_RE = re.compile(rf"(?<=\d)\s*\(\s*{_NUMW}(?:\s+{_NUMW})*\s*\)")


QUESTION_NO_NORM = True
# a statement put up for judgement ("Người … không được miễn …, đúng hay sai?", "… phải không?"): the claim is stated
_STATEMENT_TAG_RE = re.compile(r"(?:,\s*|\s+)(?:(?:có\s+)?đúng\s+(?:hay\s+sai|hay\s+không|không)|(?:có\s+)?phải\s+không)\s*\?\s*$")


def is_question(clause_lc: str) -> bool:
    """Whether a clause asks ("Công chức có được giữ mật khẩu … không?") rather than states; a statement with a tag
    asking whether it is true ("…, đúng hay sai?") states its claim."""
    c = clause_lc.rstrip()
    return c.endswith("?") and not _STATEMENT_TAG_RE.search(c)


@lru_cache(maxsize=400_000)
def analyze(text: str) -> Analysis:
    """Parse a provision once (cached by text): clauses, quantities, modal statements, authorities, exceptions."""
    lc = _norm(text).lower()
    # "05 (năm) ngày", "30 (ba mươi) ngày": the number repeated in words — blank the words (same length: spans stay)
    if "(" in lc:
        lc = _PAREN_NUM_RE.sub(lambda m: " " * len(m.group(0)), lc)
    # boilerplate about the document itself ("Thông tư này có hiệu lực sau 45 ngày…", "kỳ họp thứ 7 thông qua…")
    # says nothing about the regulated matter: blank it (same length, so spans stay valid)
    if any(k in lc for k in ("này có hiệu lực", "này được đăng", "kỳ họp thứ", "thông qua ngày", "công báo")):
        lc = _BOILER_RE.sub(lambda m: " " * len(m.group(0)), lc)
    clauses = _clauses(lc)
    words = _seq_content(_NOISE_PHRASES_RE.sub(" ", lc))
    bigrams = frozenset(f"{x}_{y}" for x, y in zip(words, words[1:]))
    # the case of "trừ trường hợp C thì R" is C: R says what is done in that case ("… thì yêu cầu xuất trình bản chính
    # để đối chiếu"), and a text about R is not about the case (h-conf18)
    exc = tuple((frozenset(_content(_EXC_THEN_RE.split(m.group(1), 1)[0])), m.group(0), (m.start(), m.end()))
                for m in _EXC_RE.finditer(lc))
    modals = _extract_modals(lc, clauses)
    if QUESTION_NO_NORM:
        # "Công chức có được giữ mật khẩu … không?", "Người dân có phải trả tiền … không?": a question (a FAQ heading, a
        # self-check list) asks whether a norm holds, it states none (h-small)
        modals = [m for m in modals if not is_question(lc[m.clause[0] : m.clause[1]])]
    return Analysis(
        lc, tuple(clauses), frozenset(_content(lc)), tuple(_extract_quantities(lc, clauses)),
        tuple(modals), tuple(_authorities(lc)), exc, bigrams,
    )


def topic_similarity(a: str, b: str) -> float:
    """Dice overlap of content syllables (cheap, symmetric, 0..1)."""
    ca, cb = analyze(a).content, analyze(b).content
    if not ca or not cb:
        return 0.0
    return 2 * len(ca & cb) / (len(ca) + len(cb))


def _without_exceptions(an: Analysis, span: tuple[int, int], drop_conditions: bool = False) -> set[str]:
    txt = an.lc[span[0] : span[1]]
    if drop_conditions:
        txt = re.sub(r"(?<!\w)nếu\s[^,;.]*", " ", txt)
    for _c, raw, (s, e) in an.exceptions:
        if s >= span[0] and e <= span[1]:
            txt = txt.replace(an.lc[s:e], " ")
    return _content(txt)


_INOUT_RE = re.compile(r"(?<!\w)(trong|ngoài)\s+(\w+)")


def _contrast(ta: str, tb: str) -> bool:
    """"trong khu công nghiệp" vs "ngoài khu công nghiệp": opposite scopes."""
    sa = {(m.group(1), m.group(2)) for m in _INOUT_RE.finditer(ta)}
    sb = {(m.group(1), m.group(2)) for m in _INOUT_RE.finditer(tb)}
    for m in re.finditer(r"(?<!\w)phi\s+(\w+)", ta):
        if re.search(rf"(?<!phi )(?<!\w){m.group(1)}(?!\w)", tb) and not re.search(rf"phi\s+{m.group(1)}", tb):
            return True
    for m in re.finditer(r"(?<!\w)phi\s+(\w+)", tb):
        if re.search(rf"(?<!phi )(?<!\w){m.group(1)}(?!\w)", ta) and not re.search(rf"phi\s+{m.group(1)}", ta):
            return True
    flip = {"trong": "ngoài", "ngoài": "trong"}
    for side, obj in sa:
        if (flip[side], obj) in sb and (side, obj) not in sb and (flip[side], obj) not in sa:
            return True
    return False


_BIGRAM_MIN = 0.5
# extra words that turn one procedure into another ("cấp" → "cấp lại", "thị thực" → "miễn thị thực")
_SCOPE_MODIFIERS = frozenset({"lại", "miễn", "tạm", "gia", "đổi", "bổ", "chỉnh"})


def _span_bigrams(an: Analysis, span: tuple[int, int], ignore: set[str] = frozenset()) -> set[str]:
    w = [x for x in _seq_content(_NOISE_PHRASES_RE.sub(" ", an.lc[span[0] : span[1]])) if x not in ignore]
    return {f"{x}_{y}" for x, y in zip(w, w[1:])}


_HALF_WORDS = frozenset({"nửa", "rưỡi"})


def _substitution(an_a: Analysis, span_a: tuple[int, int], an_b: Analysis, span_b: tuple[int, int],
                  max_block: int | None = None, slot: bool = False) -> bool:
    """Does a word sequence of one clause stand where the other clause has different words (not a mere insertion)?
    With ``max_block`` only a swap of at most that many words on each side counts (a template slot: "Hội đồng thành
    viên" / "Ban kiểm soát"), not a whole passage told in other words. With ``slot`` the swap must also sit at the
    same place of one template: the words before it are the same on both sides (h-conf16)."""
    from difflib import SequenceMatcher

    wa = _seq_content(_NOISE_PHRASES_RE.sub(" ", an_a.lc[span_a[0] : span_a[1]]))
    wb = _seq_content(_NOISE_PHRASES_RE.sub(" ", an_b.lc[span_b[0] : span_b[1]]))
    # "nửa", "rưỡi" are numbers ("quá nửa" / "hai phần ba"): a value, not a word standing in a template's slot (h-conf13)
    wa, wb = [w for w in wa if w not in _HALF_WORDS], [w for w in wb if w not in _HALF_WORDS]
    sa, sb = set(wa), set(wb)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "replace" and set(wa[i1:i2]) - sb and set(wb[j1:j2]) - sa:
            if max_block is None or (i2 - i1 <= max_block and j2 - j1 <= max_block):
                if slot and wa[:i1] != wb[:j1]:
                    continue
                return True
    return False


def _same_scope(an_a: Analysis, span_a: tuple[int, int], an_b: Analysis, span_b: tuple[int, int],
                ignore: set[str] = frozenset(), drop_conditions: bool = False) -> tuple[bool, float, set[str], set[str]]:
    """Do two clauses regulate the same subject? One clause's content must be covered by the other text."""
    ca = _without_exceptions(an_a, span_a, drop_conditions) - ignore
    cb = _without_exceptions(an_b, span_b, drop_conditions) - ignore
    if not ca or not cb or _contrast(an_a.lc[span_a[0] : span_a[1]], an_b.lc[span_b[0] : span_b[1]]):
        return False, 0.0, set(), set()
    shared = ca & cb
    if len(shared) < min(3, len(ca), len(cb)) or len(shared) < 2 or len(shared) / min(len(ca), len(cb)) < 0.4:
        return False, 0.0, set(), set()
    ua = ca - (an_b.content - ignore)
    ub = cb - (an_a.content - ignore)
    cover = len(shared) / min(len(ca), len(cb))
    # a tiny clause ("trong thời hạn 15 ngày kể từ ngày nhận hồ sơ") is covered by almost any long text:
    # it only counts when it is the whole provision (short definitions such as "Trẻ em là người dưới 16 tuổi")
    small_ok_a = len(ca) >= 4 or len(an_a.content) < 8
    small_ok_b = len(cb) >= 4 or len(an_b.content) < 8
    same = (not ua and small_ok_a) or (not ub and small_ok_b)
    if not same and ua and ub and len(ua) <= 2 and len(ub) <= 2 and len(shared) >= 4 and cover >= 0.7:
        # paraphrase with a small addition on each side ("của Tòa án cấp sơ thẩm" / "Đương sự có quyền …"): the
        # same matter unless a word of one takes the place of a word of the other ("đường đôi" / "đường hai chiều",
        # "đấu thầu trong nước" / "đấu thầu quốc tế") — a substitution names another case
        same = not _substitution(an_a, span_a, an_b, span_b)
    if same and ((ua | ub) & _SCOPE_MODIFIERS):
        return False, 0.0, set(), set()  # "cấp lại", "miễn thị thực", "tạm …", "gia hạn": another procedure
    if same and _BIGRAM_MIN > 0:
        # word order matters: "miễn thị thực" is not "thị thực", "cấp lại" is not "cấp" — the covered clause's
        # content bigrams must mostly occur in the other clause too
        ba = _span_bigrams(an_a, span_a, ignore)
        bb = _span_bigrams(an_b, span_b, ignore)
        small = ba if (not ua and small_ok_a) else bb
        other = bb if small is ba else ba
        if small and len(small & other) / len(small) < _BIGRAM_MIN:
            return False, 0.0, set(), set()
    return same, cover, ua, ub


# a reservation for other legislation ("trừ trường hợp luật khác có quy định khác", "… luật chuyên ngành có quy định
# khác", "… điều ước quốc tế mà Việt Nam là thành viên có quy định khác"): it names which law prevails, not a case
# the other text could be about — a Q&A page giving another number is not a special law (h-conf17: D17-081)
_LAW_RESERVATION = (r"(?:luật|pháp luật|bộ luật|điều ước quốc tế)(?: khác| chuyên ngành)?(?: có liên quan)?"
                    r"(?: mà (?:nước cộng hòa xã hội chủ nghĩa )?việt nam là thành viên)? (?:có )?quy định khác")


def _exception_covers(an_x: Analysis, an_y: Analysis, y_side_text_lc: str) -> str | None:
    """An exception in X ("trừ trường hợp …") that the other text Y is about → returns the exception text."""
    for exc_content, raw, _span in an_x.exceptions:
        ref = re.search(r"(khoản \d+ )?điều (?:\d+|này)", raw)
        if ref:
            # cross-reference exception: covered only if Y cites the same provision
            nums = re.findall(r"khoản (\d+)", raw)
            if any(re.search(rf"khoản {n} điều \d+", y_side_text_lc) for n in nums):
                return raw
            continue
        if re.search(_LAW_RESERVATION, raw):
            continue  # handled by the prevail rules (special law), not a scope exception
        specific = exc_content - _content(an_x.lc.replace(raw, " "))
        hit = specific & an_y.content
        if hit:
            # "… mà không cần sự chấp thuận …": a negated exception is the opposite of the exception
            first = min((y_side_text_lc.find(w) for w in hit if y_side_text_lc.find(w) >= 0), default=-1)
            if first >= 0 and re.search(r"(?<!\w)(?:không|chưa)(?:\s+\w+){0,2}\s*$", y_side_text_lc[max(0, first - 20) : first]):
                continue
            return raw
    return None


def _bigrams(text: str) -> frozenset[str]:
    """Content bigrams (the ``Analysis.bigrams`` of a text, without the full parse)."""
    words = _seq_content(_NOISE_PHRASES_RE.sub(" ", _norm(text).lower()))
    return frozenset(f"{x}_{y}" for x, y in zip(words, words[1:]))
