"""Questions that ask two things ("Hồ sơ đăng ký kết hôn gồm những gì và nộp ở đâu?", "Điều kiện cấp giấy phép là
gì, lệ phí bao nhiêu?"): where the question splits into two asks (``split_asks``) and the sub-question retrieved for
each, keeping the shared subject ("hồ sơ đăng ký kết hôn gồm những gì" + "đăng ký kết hôn nộp ở đâu").

Does not retrieve (``pipeline`` prepares each sub-question) or write the answer (``extractive``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.question import _CUES
from assistant.answering.terms import _nfc, _terms, _uni_coverage

# the words that ask ("… gồm những gì", "… ở đâu", "cơ quan nào …", "… bao lâu"; "… có phải nộp không" only at the
# end of an ask: "không" inside one negates, "không trực tiếp nuôi con"); not an indefinite ("năm nào cũng …")
_Q_WORD_RE = re.compile(r"(?<!\w)(?:gì|nào|ai|bao nhiêu|bao lâu|đâu|mấy)(?!\w)(?!\s+cũng\b)|(?<!\w)không$")
# where two asks meet: "… ở đâu và bao lâu …", "…, còn …", "…, đồng thời …", or a comma ("… là gì, lệ phí bao
# nhiêu?"); "còn" / "đồng thời" without a comma are words of the ask ("không còn đủ điều kiện")
_JOIN_RE = re.compile(r"\s*,\s*(?:và|còn|đồng thời)\s+|\s+và\s+|\s*,\s+")
# a choice asked ("… nào sau đây", "… trừ trường hợp nào"): one ask, whatever its commas
_CHOICE_ASK_RE = re.compile(r"\bsau đây\b|\btrừ\b")
# the first ask must end right before the join: a question word among its last ASK_END_WORDS words ("… gồm những gì
# và …", "… cơ quan nào cấp và …"), so a "và" inside a name or a list ("Bộ Văn hóa, Thể thao và Du lịch", "hồ sơ và
# lệ phí …") does not split the question
ASK_END_WORDS = 3
# each ask at least this many words ("… và ai?" is not a question of its own to retrieve for)
MIN_ASK_WORDS = 2
# words that only link a subject to its ask, dropped at the subject's ends ("… ở tỉnh thì nộp (hồ sơ ở đâu)")
_LINKS = frozenset("thì là do được phải cần có gồm những các nộp gửi để và cho của tại ở về với theo khi muốn xin "
                   "làm mất tính vào trong".split())
# what asks at the start of an ask ("Hồ sơ …", "Điều kiện để …", "Ai có thẩm quyền …"): dropped to find its subject
_LEAD_ASK_RE = re.compile(r"^(?:thành phần hồ sơ|hồ sơ(?: đề nghị)?|giấy tờ|thời hạn(?: giải quyết)?|thời gian|"
                          r"lệ phí|mức phí|phí|điều kiện|tiêu chuẩn|thủ tục|trình tự|thẩm quyền|cơ quan nào|ai|"
                          r"những ai|người nào)(?!\w)\s*", re.I)
# at least this share of the subject's words already in the second ask: it names the subject itself
SUBJECT_IN_ASK = 0.5
# an ask retrieved with the subject added is answerable only if the provision found for it holds at least this share of
# the ask's own content words ("nộp ở đâu" → "nộp", "ở"): the subject alone finds provisions for any ask ("… và giá
# vàng hôm nay bao nhiêu?")
ASK_MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class Ask:
    """One ask of a two-part question: ``text`` as asked (shown as the part's heading), ``query`` what is
    retrieved for it (the ask with the question's subject when it does not name it)."""

    text: str
    query: str


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _has_ask(text: str) -> bool:
    return bool(_Q_WORD_RE.search(" ".join(_words(text))))


def _ends_with_ask(text: str) -> bool:
    """A question word among the last ``ASK_END_WORDS`` words, or fronted ("Ai có thẩm quyền …", "Cơ quan nào …")."""
    words = _words(text)
    return bool(_Q_WORD_RE.search(" ".join(words[-ASK_END_WORDS:])) or _Q_WORD_RE.search(" ".join(words[:2])))


def _ask_start(low: str, after: int = 0) -> int | None:
    """Where the first thing asked starts in ``low`` (a cue of ``question._CUES`` or a question word), from
    ``after``."""
    starts = [m.start() for qpat, _ in _CUES.values() for m in [qpat.search(low, after)] if m]
    m = _Q_WORD_RE.search(low, after)
    if m:
        starts.append(m.start())
    return min(starts) if starts else None


def _strip_links(words: list[str]) -> list[str]:
    while words and words[-1] in _LINKS:
        words = words[:-1]
    while words and words[0] in _LINKS:
        words = words[1:]
    return words


def _subject(ask: str) -> str:
    """What the first ask is about, without what it asks: "Đăng ký thường trú ở tỉnh thì nộp hồ sơ ở đâu" →
    "Đăng ký thường trú ở tỉnh"; "Hồ sơ đăng ký thường trú gồm những gì" → "đăng ký thường trú"."""
    text = _nfc(ask).strip().rstrip("?.! ")
    low = text.lower()
    topic = re.search(r"\sthì\s", low)
    if topic:  # "<subject> thì <ask>": the topic said first
        head = _strip_links(text[: topic.start()].split())
        if len(head) >= 2:
            return " ".join(head)
    cut = _ask_start(low)
    head = _strip_links(text[: len(text) if cut is None else cut].split())
    if len(head) >= 2:
        return " ".join(head)
    # the ask comes first ("Hồ sơ …", "Điều kiện để …", "Ai có thẩm quyền …"): drop it, keep up to the question word
    rest = text
    while True:
        rest2 = _LEAD_ASK_RE.sub("", rest).strip()
        words = rest2.split()
        while words and words[0].lower() in _LINKS:
            words = words[1:]
        rest2 = " ".join(words)
        if rest2 == rest:
            break
        rest = rest2
    cut = _ask_start(rest.lower(), 1)
    body = rest[:cut] if cut is not None else rest
    return " ".join(_strip_links(body.split()))


def split_asks(question: str) -> list[Ask] | None:
    """The two asks of an open question that asks two things, each with the query retrieved for it; None for a
    question asking one thing. The question must read "<ask 1> <join> <ask 2>" with a question word closing ask 1
    (``ASK_END_WORDS``) and one in ask 2; the first such join splits it."""
    q = _nfc(question).strip()
    body = q.rstrip("?.! ")
    if _CHOICE_ASK_RE.search(body.lower()):
        return None
    for m in _JOIN_RE.finditer(body):
        left, right = body[: m.start()].strip(), body[m.end():].strip()
        if len(_words(left)) < MIN_ASK_WORDS or len(_words(right)) < MIN_ASK_WORDS:
            continue
        if not (_ends_with_ask(left) and _has_ask(right)):
            continue
        if _has_ask(left[: max(0, len(left) - 1)]) and re.search(r"\bhay\b", left.lower()):
            return None  # "… A hay B?": one ask with options
        subject = _subject(left)
        subj_words = set(_words(subject))
        named = len(subj_words & set(_words(right))) >= SUBJECT_IN_ASK * len(subj_words) if subj_words else True
        first = left[:1].upper() + left[1:] + "?"
        second = right[:1].upper() + right[1:] + "?"
        query2 = second if named else f"{subject} {right}?"
        return [Ask(text=first, query=first), Ask(text=second, query=query2)]
    return None


def ask_covered(ask: Ask, provision_text: str) -> bool:
    """Does the provision found for ``ask`` speak to what it asks: it states a value of the kind asked (a cue of
    ``question._CUES``: deadline, who, dossier, condition, fee …) or holds ``ASK_MIN_COVERAGE`` of its content words?
    Always true for an ask retrieved as asked (its own words were retrieved for, and the refusal rule judged them)."""
    if ask.query == ask.text:
        return True
    low = _nfc(ask.text).lower()
    text = _nfc(provision_text).lower()
    # what it asks is a kind the provision states ("Mất mấy ngày?" and "… 03 ngày làm việc …", "Gửi cho cơ quan nào?"
    # and "… Ủy ban nhân dân cấp xã …")
    if any(qpat.search(low) and ppat.search(text) for qpat, ppat in _CUES.values()):
        return True
    own = _terms(ask.text)[0]
    return not own or _uni_coverage(own, _terms(text)[0]) >= ASK_MIN_COVERAGE
