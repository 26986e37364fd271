"""Yes/no and multiple-choice decisions, lexical and honest (abstain when undecided): ``judge_statement`` /
``decide_yesno`` for a Đúng/Sai statement against the cited passages (polarity — for a yes/no question negation by
negation, on what each negates —, numbers, stronger words, a changed definition or phrase, a value of another case,
the contradiction checker), ``decide_choice`` for options (the size of the list a counting stem names; a value in the
clause the stem matches; an option about the others — "Cả A, B, C đều đúng", "Tất cả đều sai" — that holds given the
others judged as statements; the one option that differs when each is judged as a statement — the unsupported one for
a "không …" / "câu sai" stem; else lexical support, withheld when the options judged one by one rule it out), and
``answer_label`` to read the decided label of an answer (``Answer.verdict``, set by ``extractive``; else the text).

Does not retrieve or choose the passages it judges.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from assistant.answering.passages import Passage, _item_kind, _units
from assistant.answering.question import _TF_TAIL, QuestionInfo
from assistant.answering.terms import _coverage, _nfc, _syllables, _terms, _uni_coverage
from assistant.records import Answer, Chunk, Conflict, ConflictSide

_NEG_RE = re.compile(r"\b(không|chưa|cấm|nghiêm cấm|chẳng)\b")
# "mà pháp luật không cấm", "không bị cấm": a double negation is a permission, not a negative statement
_NOT_BANNED_RE = re.compile(r"\bkhông\s+(?:bị\s+)?(?:nghiêm\s+)?cấm\b")
# a bound, not a negation: "không quá 30 ngày" is "at most 30 days" (a statement "là 30 ngày" has the same polarity)
_BOUND_RE = re.compile(r"\bkhông\s+(?:được\s+)?(?:quá|vượt quá|dưới|ít hơn|nhiều hơn|thấp hơn|cao hơn|muộn hơn|sớm hơn|"
                       r"chậm hơn)\b")


# "không" that negates nothing: nouns ("không gian mạng" (cyberspace), "hàng không", "không khí" …) and the
# alternative of an indirect question ("hỏi … có rút đơn kiện hay không")
_KHONG_NOUN_RE = re.compile(r"\b(?:không\s+(?:gian|khí|quân|phận|lưu|trung|ảnh)|(?:hàng|hay|hoặc)\s+không)\b")


def _not_negations(text: str) -> str:
    """``text`` without the "không" that do not negate: "không cấm" (a permission), "không quá 30 ngày" (a bound),
    "không gian mạng" (a noun)."""
    return _BOUND_RE.sub(" ", _NOT_BANNED_RE.sub(" ", _KHONG_NOUN_RE.sub(" ", text)))


_NUM_RE = re.compile(r"\d+(?:[.,]\d+)*")
_META_ALL = re.compile(r"tất cả|cả (ba|3|bốn|4)|đều đúng", re.I)
_META_NONE = re.compile(r"đều sai|không có (đáp án|phương án) nào|không đáp án nào", re.I)
_LETTERS = re.compile(r"\b([A-D])\b")


# words that restrict, make absolute or change the modality of a statement (see decide_yesno); "mới" only as "only
# then" ("… mới được"), not as "new" ("cấp mới")
_STRONGER = ("chỉ", "tất cả", "mọi", "toàn bộ", "bất kỳ", "bất cứ", "nào cũng", "luôn", "duy nhất", "có thể",
             "không thể", "tự mình", "hoàn toàn", "đều")
# words that say the same thing: "tất cả mọi người" retells "mọi người"; "gọi vào số nào cũng được" is "bất kỳ số nào"
_SAME_STRENGTH = (("tất cả", "mọi", "toàn bộ"), ("bất kỳ", "bất cứ", "nào cũng"))


def _word_re(w: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(w)}(?!\w)")


# (a stronger word, the words whose presence in the provision makes it no stronger)
_STRONGER_RES = [(_word_re(w), [_word_re(o) for o in next((g for g in _SAME_STRENGTH if w in g), (w,))])
                 for w in _STRONGER] + [(re.compile(r"(?<!\w)mới\s+(?:được|có|phải|bị)(?!\w)"),
                                         [re.compile(r"(?<!\w)mới\s+(?:được|có|phải|bị)(?!\w)")])]


@dataclass(frozen=True)
class Verdict:
    """A yes/no statement judged against the cited provisions: ``label`` "Đúng" / "Sai" / None (undecided) and, when
    the contradiction checker found what the statement changes, ``reason`` (Vietnamese, one sentence) naming it and
    ``passage`` the index in ``passages`` of the provision it contradicts."""
    label: str | None
    reason: str = ""
    passage: int | None = None


def _statement_clash(statement: str, unit: str) -> Conflict | None:
    """The contradiction checker (``conflicts.check_pair``) run on a statement and the provision text it matched:
    a changed value, authority or permission ("… cấp huyện …" where the law says "cấp xã") is a conflict."""
    from assistant.conflicts import check_pair

    # both sides as legal text: the lexical comparison (≈ 1 ms), not the meaning fallback with the embedder that a
    # plain retelling gets (tens of ms, and no more statements decided on ALQAC dev)
    try:
        # (the statement is a claim even when put as a question: the checker reads no norm in a question)
        res = check_pair(ConflictSide(text=re.sub(r"\s*\?+\s*$", "", statement), citation="Nhận định", doc_type="Luật"),
                         ConflictSide(text=unit, citation="Quy định", doc_type="Luật"))
    except Exception:  # noqa: BLE001 - a checker failure must not break the answer; the lexical rules still decide
        return None
    return res if res.label == "conflict" else None


def _clash_reason(c: Conflict, number: int) -> str:
    """"Nhận định nêu «30 ngày», còn quy định [1] nêu «15 ngày»." (or, for a permission turned around, that it says
    the opposite)."""
    sa = [c.a.text[s:e] for s, e in c.spans_a if e > s]
    sb = [c.b.text[s:e] for s, e in c.spans_b if e > s]
    if sa and sb and sa[0].strip().lower() != sb[0].strip().lower():
        out = f"Nhận định nêu «{sa[0].strip()}», còn quy định [{number}] nêu «{sb[0].strip()}»"
        # the statement's value is in the provision too, for another case ("… lần đầu là 45 ngày": 30 ngày, and 45 ngày
        # only "đối với vụ việc phức tạp"): say for which
        at = c.b.text.lower().find(sa[0].strip().lower())
        if at >= 0:
            clauses = [(m.start(), m.group(0)) for m in re.finditer(r"[^;:.]+", c.b.text)]
            clause = next((t.strip() for st, t in clauses if st <= at < st + len(t)), "")
            if clause and sb[0].strip().lower() not in clause.lower():
                out += f"; «{sa[0].strip()}» chỉ áp dụng khi: «{clause}»"
        return out + "."
    return f"Nhận định nói ngược với quy định [{number}]."


def judge_statement(statement: str, passages: list[Passage], *, by_scope: bool = False) -> Verdict:
    """"Đúng"/"Sai" from the best-matching passage of the top provisions; None when evidence is weak.

    ``by_scope`` (a yes/no question: ``decide_yesno``, ``extractive``): polarity is read negation by negation
    (``_negation_clash``) and a "có thể" under a case the provision names is not stronger than the law
    (``_in_the_laws_case``). Without it (an option of a multiple-choice question, ``_option_judgments``) the older
    reading stays: on ALQAC dev the new one changed 3 choice answers with no net gain (1 right → wrong, 1 wrong → right,
    1 wrong → another wrong), so options keep it until they are measured on their own.

    Sai when the statement's negation polarity differs from the matched passage's, it states a number absent from the
    provision or something stronger than the law (``_lexical_verdict``), or else when the contradiction checker finds
    it changes the matched provision (a value, the competent body, a permission: ``_statement_clash``, which also
    says what changed); Đúng when it is well covered with the same polarity and numbers.
    """
    if not passages:
        return Verdict(None)
    st = _nfc(statement).lower()
    st_terms = _terms(st)
    best: tuple[float, str, Chunk, int] | None = None
    for i, p in enumerate(passages[:2]):
        for u in _judged_units(p.hit.chunk):
            c = _coverage(st_terms, _terms(u))
            if best is None or c > best[0]:
                best = (c, u, p.hit.chunk, i)
    if best is None or best[0] < 0.35:
        return Verdict(None)
    cov, unit, chunk, idx = best
    lexical, why = _lexical_verdict(st, st_terms, cov, unit, chunk, by_scope)
    # the contradiction checker finds a changed value, body or permission the word rules miss, and says what changed
    clash = _statement_clash(_nfc(statement), unit)
    if clash is not None:
        return Verdict("Sai", _clash_reason(clash, idx + 1), idx)
    if lexical == "Sai":
        swap = _substitution(st, unit.lower())
        if swap is not None:
            return Verdict("Sai", f"Nhận định nêu «{_as_written(swap[0], statement)}», còn quy định [{idx + 1}] nêu "
                                  f"«{_as_written(swap[1], unit)}».", idx)
    case = _value_of_another_case(st, st_terms, unit)
    if case is not None:
        value, clause = case
        return Verdict("Sai", f"Nhận định nêu «{value}» như quy định chung, còn quy định [{idx + 1}] chỉ nêu «{value}» "
                              f"cho trường hợp riêng: «{clause}».", idx)
    return Verdict(lexical, why.format(n=idx + 1), idx if why else None)


# A statement about a person of a story reaching an age ("Anh A đã đủ tuổi kết hôn", "… là thanh niên", "… vẫn được
# coi là trẻ em") judged by arithmetic: the age the story's dates give (``story.story_ages``) against the one age bound
# the cited provision states ("Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên", "từ đủ 16 tuổi đến 30 tuổi",
# "người dưới 16 tuổi"). Only a statement that the person is of the age or the category; not one about what may be
# done to them (a ban on selling beer "cho người chưa đủ 18 tuổi" is no age the person must reach), and not a negated
# one. Abstains unless exactly one bound applies (by the person's sex when the provision gives one per sex).
_AGE_ASK_RE = re.compile(r"đủ tuổi|trong độ tuổi|(?:\blà|coi là|được xem là)\s+(?:thanh niên|trẻ em|người cao tuổi|"
                         r"người thành niên|người chưa thành niên)\b")
_AGE_RANGE_RE = re.compile(r"từ đủ (\d+) tuổi đến (dưới |hết )?(\d+) tuổi")
_AGE_MIN_RE = re.compile(r"(?:từ )?đủ (\d+) tuổi trở lên")
_AGE_MAX_RE = re.compile(r"(?:dưới|chưa đủ) (\d+) tuổi")
_MALE = ("anh", "ông", "cụ ông", "chú", "em trai", "cháu trai")
_FEMALE = ("chị", "bà", "cụ bà", "cô", "em gái", "cháu gái")


def _age_bounds(text: str) -> list[tuple[str | None, int, float, str]]:
    """(sex "nam" / "nữ" / None, lowest age, highest age (inclusive; inf when open), the clause) of each age bound."""
    out: list[tuple[str | None, int, float, str]] = []
    for orig in re.split(r"[,;.:]", _nfc(text)):
        seg = orig.lower()
        sex = "nam" if re.search(r"(?<!việt )\bnam\b", seg) else "nữ" if re.search(r"\bnữ\b", seg) else None
        rest = seg
        for m in _AGE_RANGE_RE.finditer(seg):
            hi = int(m.group(3)) - (1 if m.group(2) == "dưới " else 0)
            out.append((sex, int(m.group(1)), float(hi), orig.strip()))
            rest = rest.replace(m.group(0), " ")
        for m in _AGE_MIN_RE.finditer(rest):
            out.append((sex, int(m.group(1)), float("inf"), orig.strip()))
        for m in _AGE_MAX_RE.finditer(rest):
            out.append((sex, 0, float(int(m.group(1)) - 1), orig.strip()))
    return out


def age_verdict(question: str, passages: list[Passage]) -> Verdict | None:
    """"Đúng"/"Sai" for a story's statement that a person is of an age (see above), from the age its dates give and
    the one age bound of the first cited provision (its whole text: a second bound or an age that "can be lower"
    anywhere in it makes the answer uncertain); None when it does not apply or is not certain."""
    from assistant.story import neutral_text, split_story, story_ages

    parts = split_story(question)
    ages = set(story_ages(question)) if parts is not None else set()
    if len(ages) != 1 or not passages:
        return None
    ask = neutral_text(parts.ask).lower()
    if not _AGE_ASK_RE.search(ask) or re.search(r"\b(?:không|chưa)\b", ask):
        return None
    sex = next((v for ws, v in ((_MALE, "nam"), (_FEMALE, "nữ")) if any(re.match(rf"{w}\b", ask) for w in ws)), None)
    text = passages[0].hit.chunk.text  # the whole provision: an exception elsewhere in it ("… đến hết 27 tuổi")
    if re.search(r"tuổi[^.;]*(?:thấp|cao) hơn", text.lower()):  # "tuổi dự tuyển có thể thấp hơn": no fixed bound
        return None
    bounds = _age_bounds(text)
    # every age the provision names is part of a bound read here ("… đến hết 27 tuổi" after "từ đủ 18 tuổi đến hết
    # 25 tuổi" is not: uncertain)
    named = {int(n) for n in re.findall(r"(\d+)\s*tuổi", text.lower())}
    if not named <= {int(n) for b in bounds for n in re.findall(r"(\d+)\s*tuổi", b[3].lower())}:
        return None
    bounds = [b for b in bounds if not re.search(r"cấm|không được", b[3].lower())]
    if any(b[0] for b in bounds):
        if sex is None:
            return None
        bounds = [b for b in bounds if b[0] in (sex, None)]
    if len({(lo, hi) for _, lo, hi, _ in bounds}) != 1:
        return None
    age = ages.pop()
    _, lo, hi, clause = bounds[0]
    label = "Đúng" if lo <= age <= hi else "Sai"
    return Verdict(label, f"Theo các ngày nêu trong tình huống, người được hỏi đủ {age} tuổi; quy định [1] nêu «{clause}».",
                   0)


_LEAD_ITEM_RE = re.compile(r"^(?:[a-zđ]\d?\)|\d+[.)]|[-•+])\s*", re.I)


def _judged_units(chunk: Chunk) -> list[str]:
    """``_units`` and, for each list item, the item read with its lead ("Nghiêm cấm hoạt động điện ảnh có nội dung sau
    đây" + "g) Tiết lộ bí mật …" → "Nghiêm cấm hoạt động điện ảnh có nội dung sau đây, tiết lộ bí mật …"): a statement
    retells both, and the lead carries its polarity ("nghiêm cấm"), its subject and its modality ("có thể yêu cầu").
    The lead is the nearest earlier unit ending in ":" of another list kind; joined with a comma so that the clause
    split of ``_lexical_verdict`` keeps them together."""
    units = _units(chunk)
    out = list(units)
    for i, u in enumerate(units):
        if not _LEAD_ITEM_RE.match(u):
            continue
        for lead in reversed(units[:i]):
            if lead.rstrip().endswith(":"):
                if not _LEAD_ITEM_RE.match(lead) or _item_kind(lead) != _item_kind(u):
                    body = _LEAD_ITEM_RE.sub("", u, count=1)
                    out.append(f"{lead.rstrip().rstrip(':').rstrip()}, {body[:1].lower()}{body[1:]}")
                break
    return out


_CASE_RE = re.compile(r"\b(?:đối với|trường hợp|nếu|khi)\b")


def _value_of_another_case(st: str, st_terms: tuple[set[str], set[str]], unit: str) -> tuple[str, str] | None:
    """A value the statement gives to the general rule that the provision gives only to a special case ("Thời hạn giải
    quyết khiếu nại lần đầu là 45 ngày": "… không quá 30 ngày …; đối với vụ việc phức tạp … không quá 45 ngày"): the
    number is not in the clause the statement matches best but in another that opens a case ("đối với", "trường hợp",
    "nếu", "khi") the statement does not name. (value as written in the statement, that clause) or None."""
    subs = [x.strip() for x in re.split(r"[;:]", _nfc(unit)) if x.strip()]
    if len(subs) < 2 or _CASE_RE.search(st):
        return None
    best = max(subs, key=lambda x: _coverage(st_terms, _terms(x)))
    in_best = set(_NUM_RE.findall(best.lower()))
    for m in re.finditer(r"(\d+(?:[.,]\d+)*)\s*(ngày|tháng|năm|giờ|tuổi|đồng|%)?", st):
        n = m.group(1)
        if n in in_best:
            continue
        other = next((x for x in subs if x is not best and n in _NUM_RE.findall(x.lower())
                      and _CASE_RE.search(x.lower())), None)
        if other is not None:
            return m.group(0).strip(), other.rstrip(" .;,")
    return None


# words between a negation and what it negates ("không cần phải được lập …", "không có nghĩa vụ …", "không thể hủy …")
_NEG_SKIP = set("được phải cần có thể bị hề còn đã sẽ nên là phép".split())
_NEG_WORDS = ("không", "chưa", "cấm", "chẳng")


def _negations(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """Each negation of ``text`` (lower case; not "không cấm", "không quá", "không gian" …: ``_not_negations``) as (its
    syllable position, its scope: the next two syllables that are not a modal or helper word)."""
    syl = _syllables(_not_negations(text))
    out: list[tuple[int, tuple[str, ...]]] = []
    for i, w in enumerate(syl):
        if w in _NEG_WORDS:
            scope = tuple(x for x in syl[i + 1:i + 8] if x not in _NEG_SKIP and x not in _NEG_WORDS)[:2]
            if len(scope) == 2:
                out.append((i, scope))
    return out


def _has(syl: list[str], seq: tuple[str, ...]) -> list[int]:
    """The positions where ``seq`` starts in ``syl``."""
    n = len(seq)
    return [i for i in range(len(syl) - n + 1) if tuple(syl[i:i + n]) == seq]


def _negation_clash(st: str, unit: str) -> bool | None:
    """Whether the statement negates what the provision states, or states what it negates, read negation by
    negation: each negation is compared on what it negates (its scope, ``_negations``), not on whether the sub-clause
    that best covers the statement contains some "không". None when this reading cannot tell (the caller then
    compares polarity on that sub-clause). Two readings:

    - True: a negation of the statement whose scope the provision states without a negation of its own before it in
      the same sentence (other than one the statement repeats): "Hội đồng … không thể hủy bản án sơ thẩm …" where the
      law says "Hủy bản án sơ thẩm … mà Tòa án cấp phúc thẩm không thể bổ sung ngay được"; "cha, mẹ không trực tiếp
      nuôi con không có nghĩa vụ cấp dưỡng" where it says "Cha, mẹ không trực tiếp nuôi con có nghĩa vụ cấp dưỡng".
      Also a statement without any negation that retells what a negation of the provision negates ("… nếu quyền và
      lợi ích … đối lập nhau" where the law says "không đối lập nhau"), wherever that negation is in the provision.
    - False: every negation of the statement is in the provision on the same scope, and every negation of the
      provision is either one of them or about something the statement does not retell (no two consecutive syllables
      of the statement after it in its sentence): "… có thể bảo vệ … nếu quyền và lợi ích … không đối lập nhau" (the
      statement retells that condition), "… quyết định việc cung cấp thông tin … vì lợi ích công cộng … mà không cần
      có sự đồng ý …" (a statement that does not speak of consent)."""
    st_core = _TF_TAIL.sub("", st)
    s_syl, u_syl = _syllables(_not_negations(st_core)), _syllables(_not_negations(unit))
    s_neg, u_neg = _negations(st_core), _negations(unit)
    if not s_neg and not u_neg:
        return None
    u_scopes = {sc for _, sc in u_neg}
    s_scopes = {sc for _, sc in s_neg}
    # sentence of each syllable of the provision (a new one after ";", ":" or ".")
    sent, k = [], 0
    for piece in re.split(r"([;:.])", _not_negations(unit)):
        if piece in (";", ":", "."):
            k += 1
            continue
        sent += [k] * len(_syllables(piece))
    if len(sent) != len(u_syl):
        return None
    for _, sc in s_neg:
        if sc in u_scopes:
            continue
        for at in _has(u_syl, sc):
            before = [ui for ui, usc in u_neg if ui < at and sent[ui] == sent[at] and usc not in s_scopes]
            if not before:
                return True
    s_bigrams = set(zip(s_syl, s_syl[1:]))
    # (only when the provision states that thing under a negation each time: "nếu … đã thỏa thuận …; nếu không thỏa
    # thuận được …" has both branches)
    if not s_neg and any(usc in s_bigrams and len(_has(u_syl, usc)) <= sum(x == usc for _, x in u_neg)
                         for _, usc in u_neg):
        return True

    def unrelated(ui: int) -> bool:
        tail = [w for j, w in enumerate(u_syl[ui + 1:], ui + 1) if sent[j] == sent[ui]]
        return not (set(zip(tail, tail[1:])) & s_bigrams)

    if all(sc in u_scopes for _, sc in s_neg) and all(usc in s_scopes or unrelated(ui) for ui, usc in u_neg):
        return False
    return None


_LAW_YEAR_RE = re.compile(r"\b((?:bộ )?luật|hiến pháp)((?:\s+[^\W\d]+){0,8}?)\s+năm\s+\d{4}\b")


# a case that qualifies the statement, after its "có thể" ("thông tin mà nếu … sẽ gây nguy hại": a relative clause
# that names the thing, not a case)
_ST_CASE_RE = re.compile(r"\bcó thể\b.*?(?<!mà )\b(?:trong trường hợp|trường hợp|nếu|khi)\b")


def _in_the_laws_case(st: str, unit: str) -> bool:
    """The statement puts its "có thể" under a case the provision itself names ("Thông tin liên quan đến bí mật kinh
    doanh có thể được cung cấp trong trường hợp cần thiết vì lợi ích công cộng" where the law says "… quyết định việc
    cung cấp thông tin liên quan đến bí mật kinh doanh … trong trường hợp cần thiết vì lợi ích công cộng …"): a
    possibility in the law's own case is what the law says, not a modality added to it. At least two thirds of the
    syllable pairs of the statement's case (from "trong trường hợp" / "nếu" / "khi" after "có thể", not "mà nếu", to
    its end) are in the provision."""
    m = _ST_CASE_RE.search(_TF_TAIL.sub("", st))
    if m is None:
        return False
    case = _syllables(_TF_TAIL.sub("", st)[m.end():])
    pairs = set(zip(case, case[1:]))
    u = _syllables(unit)
    return len(pairs) >= 3 and len(pairs & set(zip(u, u[1:]))) >= 2 / 3 * len(pairs)


def _lexical_verdict(st: str, st_terms: tuple[set[str], set[str]], cov: float, unit: str,
                     chunk: Chunk, by_scope: bool = False) -> tuple[str | None, str]:
    """The word rules of ``judge_statement`` on the lower-cased statement and its best-matching unit: (label, why) —
    ``why`` is a sentence on a Sai with "{n}" where the provision's number goes ("" when the rule says no more)."""
    # Compare polarity on the matched sub-clause only ("…; trường hợp … không thể …" must not flip it).
    subs = [x for x in re.split(r"[;:]|,\s+(?=trường hợp|nếu|trừ)", unit) if x.strip()] or [unit]
    ul = max(subs, key=lambda x: _coverage(st_terms, _terms(x))).lower()
    # the year that names a law ("… của luật tố tụng hành chính năm 2015") is not a value the provision states
    nums_s = set(_NUM_RE.findall(_LAW_YEAR_RE.sub(" ", st)))
    nums_c = set(_NUM_RE.findall(_nfc(chunk.text).lower()))
    if nums_s and not nums_s <= nums_c:
        return "Sai", ""  # (often a date or a year the statement adds: naming it explains little)
    flipped = bool(_NEG_RE.search(_not_negations(st))) != bool(_NEG_RE.search(_not_negations(ul)))
    scoped = _negation_clash(st, unit.lower()) if by_scope else None
    if flipped if scoped is None else scoped:
        return "Sai", "Nhận định nói ngược với quy định [{n}]."
    if cov < 0.5:
        return None, ""
    # the statement says more than the provision: a restriction, an absolute or a modality the matched passage does
    # not have ("chỉ … mới", "tất cả", "bất kỳ", "có thể", "tự mình" …) makes it stronger than the law
    unit_l = unit.lower()
    stronger = next((found.group(0) for m, group in _STRONGER_RES
                     if (found := m.search(st)) and not any(o.search(unit_l) for o in group)
                     and not (by_scope and found.group(0) == "có thể" and _in_the_laws_case(st, unit_l))), None)
    if stronger is not None:
        return "Sai", f"Nhận định nêu «{stronger}», quy định [{{n}}] không nói như vậy."
    # a definition given to another term ("Lưu trú là …" where the law says "Cư trú là …")
    ts, tu = _defined_term(st), _defined_term(unit_l)
    # … unless it is the same definition read backwards ("Người được cấp thẻ … là hướng dẫn viên du lịch")
    if ts and tu and ts != tu and not re.search(rf"\blà\s+{re.escape(tu)}\s*$", " ".join(_syllables(_TF_TAIL.sub("", st)))):
        return "Sai", f"Quy định [{{n}}] nói về «{tu}», không phải «{ts}»."
    # one phrase put in another's place (who acts, which law, "kể cả" for "trừ"): the words are all there but it is Sai
    # (judge_statement names the two phrases)
    if _substitution(st, unit_l):
        return "Sai", ""
    return "Đúng", ""


_FUNCTION_SYLLABLES = set("của và hoặc các những là được bị do cho với về trong theo thì mà này đó có một".split())
_REFERS_BACK_RE = re.compile(r"\b(?:này|đó|trên)\b")
# a phrase that retells a modality, a condition or the act itself, not who or what: "có thể" for "có quyền", "khi
# thực hiện" for "rà soát"
_SLOT_SKIP_RE = re.compile(r"\b(?:khi|nếu|trường hợp|có thể|phải|cần|có quyền|bao gồm|quy định|thực hiện|được|không)\b")


def _fold(text: str) -> str:
    """Lower case without diacritics ("khẩn cáp" = "khẩn cấp": a typo, not another word)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(ch) != "Mn")


@lru_cache(maxsize=64)
def _substitution(st: str, unit: str) -> tuple[str, str] | None:
    """A statement that retells the provision word for word except one short phrase put in another's place ("Cung cấp
    thông tin bao gồm việc công dân công khai thông tin …" where the law says "… việc cơ quan nhà nước công khai thông
    tin …"; "… được quy định tại Bộ luật hình sự" for "… Bộ luật dân sự"): (statement's phrase, provision's phrase) or
    None. Both phrases at most 6 syllables with no content syllable in common (nor equal without diacritics: a typo),
    the provision's not a reference back ("Luật này"), and the rest of the statement (≥ 70 % of it) in the same order
    as in the provision. Cached: ``judge_statement`` asks again for the phrases when the word rules said Sai."""
    core = _TF_TAIL.sub("", st)
    core = re.sub(r"^theo [^,]{3,80},\s*", "", core)
    a, b = _syllables(core), _syllables(unit)
    if len(a) < 6:
        return None
    sm = SequenceMatcher(None, a, b, autojunk=False)
    ops = sm.get_opcodes()
    first = next((i for i, op in enumerate(ops) if op[0] == "equal"), None)
    last = max((i for i, op in enumerate(ops) if op[0] == "equal"), default=None)
    if first is None or last is None:
        return None
    equal = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    if equal < 0.7 * len(a):
        return None
    # inside the retold part, or at the end of both ("… theo yêu cầu của cơ quan nhà nước" for "… của công dân")
    for tag, i1, i2, j1, j2 in ops[first:last + 2]:
        if tag != "replace" or i2 - i1 > 6 or j2 - j1 > 6 or (i1 >= ops[last][2] and (i2, j2) != (len(a), len(b))):
            continue
        sa, sb = a[i1:i2], b[j1:j2]
        ca, cb = set(sa) - _FUNCTION_SYLLABLES, set(sb) - _FUNCTION_SYLLABLES
        if not ca or not cb or ca & cb or _fold(" ".join(sa)) == _fold(" ".join(sb)):
            continue
        if _REFERS_BACK_RE.search(" ".join(sb)) or any(_SLOT_SKIP_RE.search(" ".join(x)) for x in (sa, sb)):
            continue
        if len(sa) == 1 and len(sb) == 1:  # one syllable says little alone: "hình" / "dân" → "luật hình sự" / "luật dân sự"
            lo, hi = max(i1 - 1, 0), min(i2 + 1, len(a))
            sa, sb = a[lo:i2] + a[i2:hi], b[max(j1 - (i1 - lo), 0):j2] + b[j2:j2 + (hi - i2)]
        return " ".join(sa), " ".join(sb)
    return None


def _as_written(phrase: str, text: str) -> str:
    """``phrase`` (lower-case syllables) as ``text`` writes it ("bộ luật dân sự" → "Bộ luật dân sự")."""
    m = re.search(r"\W+".join(map(re.escape, phrase.split())), _nfc(text), re.I)
    return m.group(0) if m else phrase


def decide_yesno(statement: str, passages: list[Passage]) -> str | None:
    """The label of ``judge_statement`` for a yes/no question (``by_scope``)."""
    return judge_statement(statement, passages, by_scope=True).label


_DEF_RE = re.compile(r"^(?:theo [^,]{3,80},\s*)?(?:\d+[a-zđ]?[.)]\s*|[a-zđ]\)\s*)?([^,;:()]{2,60}?)\s+là\s+(?!gì)")


def _defined_term(text: str) -> str | None:
    """"cư trú" in "Cư trú là việc …" (a definition's term, lower-case, without a list number or "Theo Luật …,")."""
    m = _DEF_RE.match(text.strip())
    if not m:
        return None
    term = re.sub(r"(?:\s+(?:không phải|không|cũng|chính|đều|chỉ))+$", "", m.group(1).strip())
    return " ".join(_syllables(term)) or None


_OPTION_NUM_RE = re.compile(r"\d+")
NUMERIC_CHOICE_MARGIN = 0.05


def _strip_zeros(text: str) -> str:
    return re.sub(r"(?<!\d)0+(?=\d)", "", text)


def _value_re(option: str, working_days: bool = False) -> re.Pattern[str]:
    """The option's value as written in a provision: leading zeros ignored ("05 ngày" = "5 ngày"), whole words, and
    "N ngày" is not "N ngày làm việc" (unless ``working_days``)."""
    v = _strip_zeros(_nfc(option).lower().strip(" .;"))
    tail = r"(?!\s+làm việc)" if v.endswith("ngày") and not working_days else ""
    return re.compile(rf"(?<![\w/]){re.escape(v)}(?![\w/]){tail}")


# the clauses a value is looked up in: split at ";", ":" and sentence ends; then, when two values tie, also at ", "
# ("… cho chu kỳ 10 năm, định hướng 20 năm": the stem "chu kỳ bao nhiêu lâu?" is about the first) but not before a
# case ("không quá 15 ngày, trường hợp cần thiết … không quá 30 ngày" is one rule with its exception: still a tie)
_CLAUSE_SPLITS = (r"[;:]|(?<=\.)\s", r"[;:]|(?<=\.)\s|,\s+(?!(?:trường hợp|nếu|trừ|khi|đối với|nhưng)\b)")


def _clause_support(info: QuestionInfo, units: list[str], split: str, working_days: bool) -> dict[str, float]:
    """Per option, the best match with the stem of a clause (``split``) that states the option's value."""
    stem = _terms(info.stem)
    # each clause as values are searched in it (lower case, no leading zeros) and its match with the stem
    clauses = [(_strip_zeros(c.lower()), _coverage(stem, _terms(c))) for u in units for c in re.split(split, u)
               if c.strip()]
    best: dict[str, float] = {}
    for letter, text in info.choices.items():
        value = _value_re(text, working_days)
        for searched, cov in clauses:
            if value.search(searched):
                best[letter] = max(best.get(letter, 0.0), cov)
    return best


def _numeric_choice(info: QuestionInfo, units: list[str]) -> str | None:
    """Options that are values ("06 tháng", "02 tháng" …) often all occur in one provision, each in its own clause
    ("Trước 06 tháng … phải thông báo …; trước 03 tháng … ban hành quyết định …"): the option whose value sits in the
    clause that best matches the question stem. None unless every option is a short value and one clause wins by
    ``NUMERIC_CHOICE_MARGIN`` (tried on clauses, then on comma-separated parts when the clauses tie). "N ngày" is
    looked up as "N ngày làm việc" only when no option's value is found otherwise ("1/2/3/4 ngày" where the law says
    "03 ngày làm việc")."""
    opts = info.choices
    if len(opts) < 2 or not all(_OPTION_NUM_RE.search(v) and len(v.split()) <= 6 for v in opts.values()):
        return None
    working_days = not _clause_support(info, units, _CLAUSE_SPLITS[0], False)
    for split in _CLAUSE_SPLITS:
        best = _clause_support(info, units, split, working_days)
        if not best:
            return None
        ranked = sorted(best.values(), reverse=True)
        if len(ranked) == 1 or ranked[0] - ranked[1] >= NUMERIC_CHOICE_MARGIN:
            return max(best, key=best.get)
    return None


# a stem that asks for the option the provision does NOT support: "… nào sau đây không …?" (a "không" that negates,
# not "không được …", which asks what the law forbids), "Chọn câu sai …"
_NOT_STEM_RE = re.compile(r"\bkhông\b(?!\s+được\b)")
_WRONG_ONE_RE = re.compile(r"\b(?:câu|phát biểu|nhận định|đáp án|phương án)\s+(?:nào\s+)?(?:sai|không đúng)\b")
# options judged one by one need words enough to be a statement ("10 năm", "Chính phủ" are not)
OPTION_STATEMENT_SYLLABLES = 4


def _asks_unsupported(info: QuestionInfo) -> bool:
    """The stem asks which option the provision does not state (``negative_stem``, a negating "không", "câu sai")."""
    low = _nfc(info.stem).lower()
    return info.negative_stem or bool(_NOT_STEM_RE.search(_not_negations(low)) or _WRONG_ONE_RE.search(low))


def _is_meta(text: str) -> bool:
    """"Tất cả đều đúng", "Cả A và B", "Cả 3 phương án trên đều sai": an option about other options."""
    low = _nfc(text).lower()
    return bool(_META_ALL.search(low) or _META_NONE.search(low) or re.search(r"\b[A-D]\b\s*(và|,)", text))


def _option_units(passages: list[Passage]) -> list[str]:
    """The units an option is looked up in word for word (syllables joined by spaces), list items with their lead."""
    return [" ".join(_syllables(u)) for p in passages[:2] for u in _judged_units(p.hit.chunk)]


def _stated(text: str, units: list[str]) -> bool:
    """A provision unit states the option word for word (syllable match)."""
    said = " ".join(_syllables(text))
    return bool(said) and any(f" {said} " in f" {u} " for u in units)


def _option_judgments(info: QuestionInfo, passages: list[Passage]) -> dict[str, str | None] | None:
    """Each option read as a Đúng/Sai statement against the cited provisions: "Đúng" when a provision unit states it
    word for word, else ``judge_statement``'s label ("Đúng" / "Sai" / None). None when an option is about the others
    (``_is_meta``) or too short to be a statement: the options are then not comparable one by one."""
    if any(_is_meta(t) or len(_syllables(t)) < OPTION_STATEMENT_SYLLABLES for t in info.choices.values()):
        return None
    return {letter: label for letter, (_, label) in _content_readings(info, passages, {}).items()}


def _odd_option(info: QuestionInfo, passages: list[Passage]) -> str | None:
    """The one option that differs from all the others when each is judged as a statement (``_option_judgments``):
    for a stem asking what the provision does not state ("… không phải là nghĩa vụ …?"), the one option not judged
    Đúng while every other is; for any other stem, the one option judged Đúng while every other is judged Sai. None
    otherwise (fewer than three options, an undecided option where it matters, two candidates)."""
    if len(info.choices) < 3:
        return None
    judged = _option_judgments(info, passages)
    if judged is None:
        return None
    if _asks_unsupported(info):
        odd = [k for k, v in judged.items() if v != "Đúng"]
        return odd[0] if len(odd) == 1 else None
    right = [k for k, v in judged.items() if v == "Đúng"]
    if len(right) == 1 and all(v == "Sai" for k, v in judged.items() if k != right[0]):
        return right[0]
    return None


# an option about the others that says they are all wrong: "Cả A, B, C đều sai", "Tất cả đều sai", "Cả A, B và C sai."
_META_FALSE_RE = re.compile(r"đều sai|không có (?:đáp án|phương án) nào|không đáp án nào|\bsai\s*[.!]?\s*$", re.I)


def _meta_refs(info: QuestionInfo) -> dict[str, tuple[str, set[str]]]:
    """The options about other options (``_is_meta``), each as (kind, letters it covers): kind "false" ("Cả A, B, C
    đều sai", "Tất cả đều sai") or "true" ("Cả A, B, C đều đúng", "A và C", "Tất cả các điều kiện trên"); the letters
    it names, else every option that is not about the others."""
    metas = {k for k, v in info.choices.items() if _is_meta(v)}
    content = set(info.choices) - metas
    out: dict[str, tuple[str, set[str]]] = {}
    for letter in sorted(metas):
        text = _nfc(info.choices[letter])
        refs = (set(_LETTERS.findall(text)) & set(info.choices)) - {letter} or set(content)
        out[letter] = ("false" if _META_FALSE_RE.search(text.lower()) else "true", refs)
    return out


def _content_readings(info: QuestionInfo, passages: list[Passage],
                      metas: dict[str, tuple[str, set[str]]]) -> dict[str, tuple[bool, str | None]]:
    """Per option that is not about the others: (stated word for word, label as a statement — "Đúng" when stated,
    else ``judge_statement``'s, None for an option too short to be a statement)."""
    units = _option_units(passages)
    out: dict[str, tuple[bool, str | None]] = {}
    for letter, text in info.choices.items():
        if letter in metas:
            continue
        said = _stated(text, units)
        if said:
            out[letter] = (True, "Đúng")
        else:  # too short to be judged as a statement ("Người kháng cáo"): undecided
            short = len(_syllables(text)) < OPTION_STATEMENT_SYLLABLES
            out[letter] = (False, None if short else judge_statement(text, passages).label)
    return out


def _meta_choice(metas: dict[str, tuple[str, set[str]]],
                 readings: dict[str, tuple[bool, str | None]]) -> tuple[str | None, bool]:
    """Options that name other options ("Cả A, B, C đều đúng", "Tất cả đều sai", "Cả A và C đều đúng") decided from
    the other options judged one by one (``_content_readings``): a "đều đúng" option whose options are all judged Đúng
    while every option it leaves out is judged Sai; the "đều sai" option when every option it covers is judged Sai.
    Returns (letter, contested): no letter when none holds (an undecided option that matters), ``contested`` when
    more than one holds (then no answer at all)."""
    label = {k: lab for k, (_, lab) in readings.items()}
    held = []
    for letter, (kind, refs) in metas.items():
        if not refs or not refs <= set(label):
            continue
        if kind == "true":
            if all(label[r] == "Đúng" for r in refs) and all(label[o] == "Sai" for o in set(label) - refs):
                held.append(letter)
        elif all(label[r] == "Sai" for r in refs):
            held.append(letter)
    if len(held) == 1:
        return held[0], False
    return None, len(held) > 1


def _meta_veto(pick: str, metas: dict[str, tuple[str, set[str]]],
               readings: dict[str, tuple[bool, str | None]]) -> bool:
    """The lexical pick (``_supported_choice``) of a question with options about the others contradicts the options
    judged one by one: an "đều sai" option while an option it covers is judged Đúng; or one plain option while it is
    not the only option stated word for word and another plain option is not judged Sai (then "Cả A, B, C đều đúng"
    may hold as well)."""
    if pick in metas:
        kind, refs = metas[pick]
        return kind == "false" and any(readings.get(r, (False, None))[1] == "Đúng" for r in refs)
    stated = [k for k, (said, _) in readings.items() if said]
    if stated == [pick]:
        return False
    return any(lab != "Sai" for k, (_, lab) in readings.items() if k != pick)


# counting questions ("Có bao nhiêu hệ thống …?", "… bao gồm mấy nguyên tắc?") answered by the number of items of the
# list the stem asks about; a stem that narrows the list ("ngoài …", "trừ …", "… còn lại") is not counted, nor one
# that counts times or people ("gia hạn mấy lần?", "gồm bao nhiêu thành viên?": a list item may hold several)
_NARROWED_RE = re.compile(r"\b(?:trừ|ngoài|ngoại trừ|trong đó|còn lại|khác)\b|"
                          r"\b(?:bao nhiêu|mấy)\s+(?:lần|người|thành viên)\b")
_BARE_NUMBER_RE = re.compile(r"^\s*(\d+)\s*[.;]?\s*$")
# the lead must match the stem (both ways) at least this much, and better than any other list's lead by the margin
COUNT_LEAD_MIN = 0.4
COUNT_LEAD_MARGIN = 0.1


# list item kinds (``passages._item_kind``) from the outermost
_ITEM_DEPTH = ("num", "letter", "sub", "bullet")


def _deeper(kind: str, than: str) -> bool:
    return _ITEM_DEPTH.index(kind) > _ITEM_DEPTH.index(than)


def _lists(chunk: Chunk) -> list[tuple[str, int]]:
    """(lead, number of items) for each list of the provision: a unit ending in ":" and the items of one kind that
    follow it ("a) … b) …" or "1. … 2. …"; deeper items and an item's later sentences are skipped; an item of another
    kind ends it). An article whose text has no such lead and is made of numbered clauses only is one list under its
    title ("Nguyên tắc bảo đảm quyền tiếp cận thông tin" then "1. … 6. …")."""
    units = _units(chunk)
    out: list[tuple[str, int]] = []
    for i, lead in enumerate(units):
        if not lead.rstrip().endswith(":") or i + 1 >= len(units) or not _LEAD_ITEM_RE.match(units[i + 1]):
            continue
        kind = _item_kind(units[i + 1])
        if _LEAD_ITEM_RE.match(lead) and _item_kind(lead) == kind:
            continue
        n = 0
        for u in units[i + 1:]:
            if not _LEAD_ITEM_RE.match(u):
                continue
            k = _item_kind(u)
            if k == kind:
                n += 1
            elif not _deeper(k, kind):
                break
        # the lead is the unit's last sentence ("Phí trọng tài là khoản thu … . Phí trọng tài gồm:")
        out.append((re.split(r"(?<=[.;])\s+", _LEAD_ITEM_RE.sub("", lead, count=1))[-1].rstrip(" :"), n))
    if not out and chunk.clause is None and chunk.article_title and units and all(
            _item_kind(u) == "num" for u in units if _LEAD_ITEM_RE.match(u)) and _item_kind(units[0]) == "num":
        out.append((chunk.article_title, sum(1 for u in units if _LEAD_ITEM_RE.match(u))))
    return out


def _count_choice(info: QuestionInfo, passages: list[Passage]) -> str | None:
    """A counting question ("count" cue; every option a bare number, or an option saying they are all wrong): the
    option equal to the number of items of the list whose lead best matches the stem (``_lists`` of the two top
    provisions; harmonic mean of the stem's share found in the lead and the lead's share found in the stem), or the
    "đều sai" option when no option equals it. None when the stem narrows the list, when no lead matches by
    ``COUNT_LEAD_MIN`` or two leads are within ``COUNT_LEAD_MARGIN`` with different counts."""
    if "count" not in info.cues or _asks_unsupported(info):
        return None
    metas = _meta_refs(info)
    numbers: dict[int, str] = {}
    for letter, text in info.choices.items():
        if letter in metas:
            continue
        m = _BARE_NUMBER_RE.match(text)
        if not m:
            return None
        numbers[int(m.group(1))] = letter
    low = _nfc(info.stem).lower()
    if len(numbers) < 2 or _NARROWED_RE.search(low):
        return None
    stem = _terms(re.sub(r"\b(?:có\s+)?(?:bao nhiêu|mấy)\b", " ", low))
    scored = []
    for p in passages[:2]:
        for lead, n in _lists(p.hit.chunk):
            lt = _terms(lead)
            a, b = _coverage(stem, lt), _coverage(lt, stem)
            scored.append((2 * a * b / (a + b) if a + b else 0.0, n))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < COUNT_LEAD_MIN:
        return None
    n = scored[0][1]
    if any(s > scored[0][0] - COUNT_LEAD_MARGIN and m != n for s, m in scored[1:]):
        return None
    if n in numbers:
        return numbers[n]
    false = [k for k, (kind, refs) in metas.items() if kind == "false" and set(numbers.values()) <= refs]
    return false[0] if len(false) == 1 else None


def decide_choice(info: QuestionInfo, passages: list[Passage]) -> str | None:
    """Letter of the choice the top provisions support (None if undecided): the number of items of the list a
    counting stem asks about (``_count_choice``); an option value found in the clause the stem matches
    (``_numeric_choice``); with options about the others ("Cả A, B, C đều đúng") and a stem asking what the provision
    states, the one of them that holds given the others judged one by one (``_meta_choice``); the one option that
    differs when each is judged as a statement (``_odd_option``); else the option with the highest lexical support
    (``_supported_choice``) unless the options judged one by one rule it out (``_meta_veto``)."""
    if not info.choices or not passages:
        return None
    by_count = _count_choice(info, passages)
    if by_count:
        return by_count
    if not info.negative_stem:
        by_value = _numeric_choice(info, [u for p in passages[:2] for u in _units(p.hit.chunk)])
        if by_value:
            return by_value
    metas = _meta_refs(info) if not _asks_unsupported(info) else {}
    readings = _content_readings(info, passages, metas) if metas else {}
    if readings:
        by_meta, contested = _meta_choice(metas, readings)
        if by_meta or contested:
            return by_meta
    pick = _odd_option(info, passages) or _supported_choice(info, passages)
    return None if pick and readings and _meta_veto(pick, metas, readings) else pick


def _supported_choice(info: QuestionInfo, passages: list[Passage]) -> str | None:
    """Letter of the choice with the highest lexical support in the top provisions (None if undecided)."""
    units = [u for p in passages[:2] for u in _units(p.hit.chunk)]
    full = " ".join(units)
    full_terms = _terms(full)
    stem_u, _ = _terms(info.stem)
    support: dict[str, float] = {}
    meta: dict[str, set[str]] = {}
    none_letter: str | None = None
    letters = sorted(info.choices)
    for letter, text in info.choices.items():
        low = _nfc(text).lower()
        if _META_NONE.search(low):
            none_letter = letter
            continue
        if _META_ALL.search(low) or re.search(r"\b[A-D]\b\s*(và|,)\s*\b[A-D]\b", text):
            refs = set(_LETTERS.findall(text)) or (set(letters) - {letter})
            if _META_ALL.search(low) and not re.search(r"\b[A-D]\b\s*(và|,)", text):
                refs = set(letters) - {letter}
            meta[letter] = refs - {letter}
            continue
        cu, cb = _terms(low)
        cu_only = cu - stem_u or cu  # terms the choice adds beyond the stem
        best_u = max((_coverage((cu_only, cb), _terms(u)) for u in units), default=0.0)
        whole = _uni_coverage(cu_only, full_terms[0])
        nums = set(_NUM_RE.findall(low))
        num_ok = 1.0 if not nums or nums <= set(_NUM_RE.findall(full.lower())) else 0.0
        support[letter] = (0.6 * best_u + 0.4 * whole) * (0.5 + 0.5 * num_ok)
    if not support:
        return None
    ranked = sorted(support.items(), key=lambda kv: kv[1], reverse=True)
    strong = {k for k, v in support.items() if v >= 0.6}
    if info.negative_stem:
        lo_letter, lo = min(support.items(), key=lambda kv: kv[1])
        others = [v for k, v in support.items() if k != lo_letter]
        if others and min(others) - lo >= 0.1:
            return lo_letter
        return None
    for letter, refs in sorted(meta.items(), key=lambda kv: -len(kv[1])):
        if refs and refs <= set(support) and refs <= strong:
            return letter
    if none_letter and ranked[0][1] < 0.3:
        return none_letter
    if ranked[0][1] < 0.3:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 0.02:
        return None
    return ranked[0][0]


def answer_label(ans: Answer) -> str | None:
    """The label an answer decided ("Đúng", "Sai", "A"…"D"), else None: ``ans.verdict.value`` when the pipeline set
    it; otherwise read from the start of the text ("Đúng." / "Sai." / "Đáp án: X."), for an answer without the field
    (an LLM answer that states one, an answer made before the field existed)."""
    if ans.verdict is not None:
        return ans.verdict.value
    m = re.match(r"^(Đúng|Sai)\.", ans.text) or re.match(r"^Đáp án: ([A-D])\.", ans.text)
    return m.group(1) if m else None
