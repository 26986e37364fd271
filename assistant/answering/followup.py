"""Follow-up rewriting: is a question a follow-up of the previous one ("còn thời hạn thì sao?"), and its
standalone form — rule-based (carry the previous subject, swap a contrasted phrase, add a condition) or through
the configured LLM (``rewrite_with_llm``, falling back to the rules).

Does not store conversations (``conversations``) or retrieve.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from assistant.answering.question import _CUES
from assistant.answering.terms import _STOP, NUMBER_TOKEN_RE, _WORD_RE, _nfc, _syllables

# Syllables that are question scaffolding, not subject matter (removed when carrying a subject).
_QWORDS = set("gì nào ai sao bao nhiêu lâu thế vậy không đúng sai hỏi còn thì đâu mấy".split())

_FOLLOWUP_START = re.compile(
    r"^(còn|thế còn|vậy còn|thế|vậy|thì|trường hợp (đó|này|trên)|nếu vậy|như vậy|và|với)\b", re.I
)
# a start that only links to what was said ("Vậy thủ tục ly hôn gồm những gì?", "Thế nào là an ninh mạng?"): a
# follow-up unless the question names a matter of its own (``_names_own_subject``); "còn …", "trường hợp đó …" always are
_WEAK_START_RE = re.compile(r"^(?:thế|vậy)\b(?!\s+còn\b)", re.I)
_FOLLOWUP_ANY = re.compile(r"thì sao|thế nào\s*\??$|ra sao|trường hợp (đó|này|trên)|như vậy|khi đó", re.I)
# "… (như) thế nào?" at the end asks how, of the question's own matter when it names one ("Thủ tục ly hôn như thế
# nào?", "An ninh mạng được hiểu thế nào?"), of the previous one when it does not ("Trình tự thế nào?")
_HOW_END_RE = re.compile(r"thế nào\s*\??$", re.I)
_FOLLOWUP_TRAIL = re.compile(r"\s*(thì sao|thế nào|ra sao|như thế nào|thì thế nào|nhỉ|vậy)\s*\??\s*$", re.I)


def _history_pairs(history: Iterable[Any] | None) -> list[tuple[str, str]]:
    """Accept [(question, answer)] or [(role, text)] / [{"role", "content"}]; return [(question, answer)]."""
    if not history:
        return []
    items = list(history)
    roles = {"user", "human", "assistant", "ai", "bot"}
    if items and isinstance(items[0], dict):
        items = [(str(x.get("role", "")), str(x.get("content", ""))) for x in items]
    if items and all(isinstance(x, (tuple, list)) and len(x) == 2 and str(x[0]).lower() in roles for x in items):
        pairs: list[tuple[str, str]] = []
        for role, text in items:
            if str(role).lower() in {"user", "human"}:
                pairs.append((str(text), ""))
            elif pairs:
                pairs[-1] = (pairs[-1][0], str(text))
        return pairs
    return [(str(a), str(b)) for a, b in items]


# a question word: with a conversation under way, "phí bao nhiêu?" / "nộp ở đâu?" / "ai ký?" ask about its subject
_ASKS_RE = re.compile(r"\b(gì|nào|ai|bao nhiêu|bao lâu|đâu|mấy|không)\b")
SHORT_FOLLOWUP_SYLLABLES = 5
# syllables of acts every procedure has ("giải quyết", "trả kết quả", "nộp", "cấp lại"): a question made only of them
# and question words names no matter of its own
_GENERIC_ACT_SYLLABLES = frozenset(
    "giải quyết thực hiện xử lý mất kết quả trả gồm nộp ở nhận cấp lại làm bao "
    # what befalls any rule or matter ("Vi phạm thì bị phạt bao nhiêu?", "Được gia hạn mấy lần?")
    "vi phạm gia hạn lần bị ký "
    # registering, going to register: the act of any civil-status or residence procedure ("Ai có trách nhiệm đi đăng
    # ký?" after "… thời hạn đăng ký khai tử …"); "đăng ký kết hôn" still names its matter ("kết hôn")
    "đăng đi".split())
# syllables naming an aspect any matter has ("những trường hợp nào được tạm hoãn?", "văn bản nào hướng dẫn thi hành?"):
# with a conversation under way, a question of 6–10 syllables made only of them, generic acts and question words
# names no matter of its own either ("thời hạn cấp giấy phép lái xe là bao lâu?" does: "giấy phép lái xe")
_ASPECT_SYLLABLES = frozenset(
    "trường hợp văn bản hướng dẫn thi hành tạm hoãn miễn giảm thay thế sửa đổi bổ sung quy định chi tiết đối tượng "
    "điều kiện thẩm quyền cơ quan thời hạn hồ sơ lệ phí mức phạt xử giấy tờ thủ tục trình tự nào "
    # which text applies now ("hiện nay áp dụng văn bản nào?", "văn bản hiện hành là gì?") after a question on one
    "hiện nay hành áp dụng "
    # which kind of text ("Nghị định nào hướng dẫn?", "còn nghị định hướng dẫn thì sao?", "Thông tư nào quy định?")
    "nghị định thông tư luật "
    # a text's validity ("Có hiệu lực từ khi nào?", "Ban hành ngày nào?") after a question on a text or a matter
    "hiệu lực ban hành từ kể ngày".split())


# a term the question quotes ("“An ninh mạng” là gì?", "\"tạm trú\" được hiểu thế nào?"): a matter named on purpose
_QUOTED_TERM_RE = re.compile(r"[\"“«][^\"“”«»]*\w[^\"“”«»]*[\"”»]")
# words around a subject that name nothing ("tôi muốn …", "… để …", "… của …"), and what anyone has or bears
# ("Ai chịu trách nhiệm?", "Ai có quyền …?")
_FRAME_SYLLABLES = frozenset("tôi mình em anh chị muốn để của cho và về với theo thì mà như quyền trách nhiệm".split())
_YES_NO_RE = re.compile(r"\b(?:không|chưa)\s*\??\s*$")
# a definition asked: the term before "là gì" / after "thế nào là" is the question's own matter, one syllable will do
# ("Thuế là gì?")
_DEFINITION_ASKED_RE = re.compile(r"là gì|là ai|thế nào là|được hiểu|khái niệm|định nghĩa", re.I)
# who does it ("Ai có quyền kháng nghị?", "Ai ký?"): the word after the who-word (and "có / được / phải …") is the act
# asked about, not a matter ("Ai cấp hộ chiếu?" names one: "hộ chiếu")
_WHO_ACT_RE = re.compile(r"\b(?:ai|(?:cơ quan|người|cấp|đơn vị) nào)\s+(?:(?:có|được|phải|sẽ|đã|có thẩm|thẩm)\s+)*"
                         r"(?:quyền\s+)?(\w+)", re.I)
OWN_SUBJECT_SYLLABLES = 2


def _names_own_subject(question: str) -> bool:
    """Does a short question name the matter it asks about ("“An ninh mạng” là gì?", "Án treo là gì?", "Phí công
    chứng bao nhiêu?", "Ai cấp hộ chiếu?")? A quoted term does; otherwise at least ``OWN_SUBJECT_SYLLABLES`` syllables
    of its subject that are no question word, generic act ("nộp", "cấp"), aspect ("thời hạn", "lệ phí") or frame word
    ("phí bao nhiêu?", "nộp ở đâu?", "ai ký?" name none). A yes/no question's few words are the act asked of the
    previous matter ("Có được ủy quyền không?", "Có cần công chứng không?"): no subject of its own."""
    q = _nfc(question).strip()
    if _QUOTED_TERM_RE.search(q):
        return True
    if _YES_NO_RE.search(q.lower()):
        return False
    generic = _GENERIC_ACT_SYLLABLES | _ASPECT_SYLLABLES | _QWORDS | _FRAME_SYLLABLES
    content = [w for w in _syllables(_subject(q)) if w not in generic and not w.startswith("zdocnumz")]
    if _DEFINITION_ASKED_RE.search(q):
        return bool(content)
    act = _WHO_ACT_RE.search(q)
    if act is not None and act.group(1).lower() in content:
        content.remove(act.group(1).lower())
    return len(content) >= OWN_SUBJECT_SYLLABLES


# a pronoun or a noun with a demonstrative standing for the previous subject ("Nó được sửa đổi bởi văn bản nào?",
# "Văn bản đó do cơ quan nào ban hành?", "Họ có được hưởng nguyên lương không?", "Thủ tục này mất bao lâu?")
_ANAPHOR_NOUNS = ("văn bản", "luật", "bộ luật", "nghị định", "thông tư", "quyết định", "nghị quyết", "quy định",
                  "thủ tục", "việc", "hồ sơ", "người", "cơ quan", "hành vi")
_ANAPHOR_RE = re.compile(
    rf"(?:^|(?<=\s))(?:(?:{'|'.join(_ANAPHOR_NOUNS)})\s+(?:đó|này|ấy|trên|nói trên|nêu trên)|nó|họ)\b", re.I)
_DOC_NOUNS = frozenset(_ANAPHOR_NOUNS[:7])
# a case of the matter under way asked ("Trường hợp nộp ngoài giờ hành chính thì sao?", "Nếu quá hạn thì thế nào?")
_CASE_ASKED_RE = re.compile(r"^(?:còn\s+)?(?:trường hợp|nếu|đối với|khi)\b.*\b(?:thì sao|thì thế nào|thì như thế nào|thì "
                            r"ra sao)\s*\??$", re.I)


def is_followup(question: str) -> bool:
    """Does ``question`` lean on the previous one ("còn thời hạn thì sao?", "trường hợp đó …", or a question too
    short to name its own subject: "phí bao nhiêu?", "nộp ở đâu?")? Only asked when there is a history. A short
    question that names its own matter ("“An ninh mạng” là gì?", "Thế nào là án treo?", "Thủ tục ly hôn như thế
    nào?") stands alone."""
    q = _nfc(question).strip().lower()
    n = len(_syllables(q))
    if n == 0:
        return False
    if document_asked(question) is not None:
        return True  # "Còn theo Luật Viên chức thì sao?", "Luật Cán bộ, công chức quy định thế nào?"
    if _ANAPHOR_RE.search(q) and n <= 16:
        return True  # "Nó được sửa đổi bởi văn bản nào?", "Văn bản đó do cơ quan nào ban hành?"
    if _CASE_ASKED_RE.search(q) and n <= 16:
        return True  # "Trường hợp nộp ngoài giờ hành chính thì sao?": a case of the matter under way
    if _FOLLOWUP_START.search(q) and n <= 10:
        return not (_WEAK_START_RE.search(q) and _names_own_subject(question))
    if n <= SHORT_FOLLOWUP_SYLLABLES and _ASKS_RE.search(q):
        return not _names_own_subject(question)
    if n <= 10 and _ASKS_RE.search(q) and set(_syllables(_subject(q))) <= (
            _GENERIC_ACT_SYLLABLES | _ASPECT_SYLLABLES | _FRAME_SYLLABLES):
        # "thời hạn giải quyết là bao lâu?", "cơ quan nào có thẩm quyền giải quyết?": what is asked, not about what;
        # "những trường hợp nào được tạm hoãn?" after "độ tuổi gọi nhập ngũ là bao nhiêu?"
        return True
    if _HOW_END_RE.search(q) and not _FOLLOWUP_START.search(q) and _names_own_subject(question):
        return False
    return bool(_FOLLOWUP_ANY.search(q)) and n <= 8


# words that only link the subject to what was asked, left at its end once the ask is removed
_TRAILING_LINKS = frozenset("gồm thuộc của do cho tại ở về với theo phải thì bởi cần nên muốn để".split())
# the verb of what was asked, left at the subject's end once the ask is removed ("Đăng ký khai sinh làm ở đâu?",
# "… cần chuẩn bị gì?", "… do cơ quan nào thực hiện?", "Nghị định 100/2019/NĐ-CP quy định gì?"): a follow-up carrying
# it read "Hồ sơ đăng ký khai sinh làm gồm những gì?"
_TRAILING_ASK_VERBS = ("làm", "thực hiện", "chuẩn bị", "quy định", "giải quyết", "nộp", "xử lý", "tiến hành")
# the asker, and what they want, name no matter ("Tôi muốn làm giấy khai sinh …", "Người nước ngoài muốn đăng ký …")
_ASKER_WORDS = frozenset("tôi mình em muốn".split())


def _subject_words(low: str) -> list[str]:
    """The syllables of ``low`` (scaffolding already removed) that may name the matter: no question word, no asker. A
    "không" before a word of the matter negates it ("người không quốc tịch", "xe máy không đội mũ bảo hiểm") and stays;
    only the yes/no "… không?" at the end is scaffolding."""
    syl = _syllables(low)
    return [w for i, w in enumerate(syl)
            if (w not in _QWORDS or (w == "không" and i + 1 < len(syl) and syl[i + 1] not in _QWORDS))
            and w not in _ASKER_WORDS and w not in {"cần", "những", "các", "có", "được", "là"}]


def _takes_time(words: list[str]) -> bool:
    """A last "mất" that asks how long or how much it takes ("… sổ gốc mất bao nhiêu ngày?"), not a loss ("… bị mất")."""
    return words[-1] == "mất" and (len(words) < 2 or words[-2] not in {"bị", "đã", "làm", "đánh", "đi"})


# a document's validity asked ("… còn hiệu lực không?", "… đã hết hiệu lực thi hành chưa?"): removed from the carried
# subject (``_subject``), and what makes "Hiện nay áp dụng văn bản nào?" ask for the text replacing it (``_rewrite``)
_VALIDITY_ASKED_RE = re.compile(r"\b(?:có còn|còn|đã hết|hết)\s+hiệu lực\b(?:\s+(?:thi hành|áp dụng))?", re.I)


_WHICH_TEXT_ASKED_RE = re.compile(
    r"\b(?:hiện nay\s+|hiện hành\s+)?(?:(?:được\s+)?áp dụng\s+)?(?:văn bản|luật|nghị định|thông tư|nghị quyết|quy định)\s+nào"
    r"(?:\s+(?:thay thế|hướng dẫn(?:\s+thi hành)?|sửa đổi(?:,?\s*bổ sung)?|bãi bỏ|quy định(?:\s+về)?|điều chỉnh|về))?")
_MEANS_ASKED_RE = re.compile(
    r"(?:\b(?:bằng|theo|qua|ở|tại|trong)\s+)?(?:\b(?:những|các)\s+)?\b(?:cách thức|cách|hình thức|phương thức|địa điểm|"
    r"nơi|loại|bước|nội dung)\s+(?:gì|nào)\b")


# a document named ("Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử", "Thông tư
# 05/2019/TT-VPCP", "Điều 5 Luật Cư trú năm 2020"): a capitalised type word, then a capital or a number, up to the
# first word of what is asked of it
_DOC_NAME_START_RE = re.compile(
    r"(?:\b(?:[Đđ]iểm\s+[a-zđ]\s+)?(?:[Kk]hoản\s+\d+\w*\s+)?[Đđ]iều\s+\d+\w*\s+(?:của\s+)?)?"
    r"\b(?:Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định)\s+(?:số\s+)?(?=[A-ZĐ0-9])")
_DOC_NAME_END_RE = re.compile(
    r"\s+(?:là|quy định|thì|có|về|đối với|gồm|cần|phải|được|hiện nay|hiện hành|mỗi|còn|đã|hết|khi|do|bị|như|"
    r"thuộc|ra|ban hành|hướng dẫn|áp dụng|sửa đổi|thay thế|bắt đầu|nào|ai|gì)\b|\s*[?;:,.]")
_DOC_NAME_MAX_WORDS = 16
# a name going on after a comma ("Luật Cán bộ, công chức", "Luật Tín ngưỡng, tôn giáo"): up to three lower-case words,
# then the end of the question, another comma or what is asked of the document ("… quy định thế nào?", "… thì sao?");
# not what a question asks after naming its source ("Theo Luật Khiếu nại, thời hạn giải quyết … là bao lâu?")
_NAME_AFTER_COMMA_RE = re.compile(r"\s*,\s+([^\W\d_]+(?:\s+[^\W\d_]+){0,2})"
                                  r"(?=\s*(?:[,?.]|$)|\s+(?:quy định|thì|còn|năm|số|hiện nay|đã|hết)\b)")
# a provision of it named first ("Điều 5 Thông tư …"): left out when another provision is asked
_PROVISION_HEAD_RE = re.compile(r"^(?:[Đđ]iểm\s+[a-zđ]\s+)?(?:[Kk]hoản\s+\d+\w*\s+)?[Đđ]iều\s+\d+\w*\s+(?:của\s+)?")


def document_named(text: str) -> tuple[int, int] | None:
    """Where ``text`` names a document (with the provision before it, if any): "Luật Cư trú năm 2020" in "Luật Cư trú
    năm 2020 còn hiệu lực không?", "Quyết định 1234/QĐ-UBND" in "Quyết định 1234/QĐ-UBND quy định những gì?"."""
    m = _DOC_NAME_START_RE.search(text)
    if m is None:
        return None
    rest = text[m.end():]
    end = _DOC_NAME_END_RE.search(rest)
    name = rest[:end.start()] if end else rest
    if end is not None and (more := _NAME_AFTER_COMMA_RE.match(rest, end.start())) is not None \
            and more.group(1)[:1].islower():
        name = rest[:more.end()]  # "Luật Cán bộ, công chức", "Luật Phòng, chống tham nhũng quy định …"
    words = name.split()[:_DOC_NAME_MAX_WORDS]
    if not words:
        return None
    stop = m.end() + len(" ".join(words)) if name.startswith(words[0]) else m.end() + len(name)
    return m.start(), stop


def _document_subject(prev: str) -> tuple[str, str] | None:
    """(the document the previous question opens with, what it asked of it): ("Thông tư 05/2019/TT-VPCP", " còn hiệu
    lực không?"); None when it opens with no document's name."""
    p = _nfc(prev).strip()
    span = document_named(p)
    if span is None:
        return None
    if span[0] != 0:
        # named further on, as all the matter ("Ai ký Quyết định 1234/QĐ-UBND?"): the document, nothing asked of it kept
        name = p[span[0]:span[1]]
        rest = _subject(p).replace(name, " ")
        if set(_syllables(rest)) - (_GENERIC_ACT_SYLLABLES | _ASPECT_SYLLABLES | _QWORDS | _FRAME_SYLLABLES):
            return None
        return name, ""
    return p[:span[1]], p[span[1]:]


def _subject(question: str) -> str:
    """The previous question's subject: its syllables minus question scaffolding and cue phrases."""
    # a document's number and name stay as written ("Thông tư 05/2019/TT-VPCP", not "thông tư 05 2019 tt vpcp"; "Luật
    # Tiếp nhận và giải quyết thủ tục hành chính …", whose "thủ tục" is no dossier asked): one placeholder syllable
    # each while the scaffolding is removed
    numbers: list[str] = []

    def _keep(m: re.Match[str]) -> str:
        numbers.append(m.group(0))
        return f" zdocnumz{len(numbers) - 1} "

    text = _nfc(question)
    span = document_named(text)
    if span is not None:
        numbers.append(text[span[0]:span[1]])
        text = f"{text[:span[0]]} zdocnumz0 {text[span[1]:]}"
    kept = NUMBER_TOKEN_RE.sub(_keep, text)
    low = kept.lower()
    # "thủ tục hành chính" is a matter, not the dossier asked ("… giải quyết thủ tục hành chính trên môi trường …")
    low = re.sub(r"\bthủ tục hành chính\b", "thủ_tục_hành_chính", low)
    # "… còn hiệu lực không?": the document's validity is what was asked, not part of the matter ("bản án có hiệu lực
    # pháp luật", "hợp đồng có hiệu lực khi nào" keep theirs)
    low = _VALIDITY_ASKED_RE.sub(" ", low)
    # "… ở đâu" first: the where-cue also matches from the verb ("đăng ký tạm trú ở đâu", "xin phiếu lý lịch tư pháp
    # ở đâu") and would take the whole subject with it
    low = re.sub(r"(?:\b(?:ở|tại|về)\s+)?\bđâu\b", " ", low)
    # "nộp hồ sơ", "tiếp nhận hồ sơ": the dossier as what is handed in is part of the matter, not the dossier asked
    # ("Người dân nộp hồ sơ trực tuyến bằng những cách nào?"; "Hồ sơ đăng ký khai sinh gồm những gì?" asks it)
    low = re.sub(r"\b(nộp|gửi|tiếp nhận|trả|số hóa|bổ sung)\s+hồ sơ\b", r"\1 hồ_sơ", low)
    # a thing the dossier has or goes by ("mã hồ sơ", "số hồ sơ", "tình trạng hồ sơ"): one matter, not the dossier asked
    # ("Mã hồ sơ có cấu trúc như thế nào?" + "Gồm mấy nhóm ký tự?" → "Mã hồ sơ gồm …", was "Mã cấu trúc gồm …")
    low = re.sub(r"\b(mã|số|tình trạng|trạng thái|phiếu)\s+hồ sơ\b", r"\1 hồ_sơ", low)
    # the attribute asked of it ("… có cấu trúc như thế nào?", "… có nội dung gì?"): no part of the matter
    low = re.sub(r"\bcó\s+(?:cấu trúc|nội dung|hình thức|kết cấu|bố cục)\s+(?=như thế nào|thế nào|ra sao|gì)", " ", low)
    for _, (qpat, _p) in _CUES.items():
        low = qpat.sub(" ", low)
    low = re.sub(r"cần những|cần có|những gì|như thế nào|ra sao|là gì|được không|có phải|hay không", " ", low)
    # which text is asked ("Hiện nay áp dụng văn bản nào thay thế Luật Cư trú năm 2020?", "Văn bản nào hướng dẫn thi
    # hành …?"): the matter is the text or subject it names
    low = _WHICH_TEXT_ASKED_RE.sub(" ", low)
    # the means, place or kind asked ("… bằng những cách nào?", "… ở những địa điểm nào?"): no part of the matter
    low = _MEANS_ASKED_RE.sub(" ", low)
    # "Cần làm gì để đăng ký tạm trú?": what is done is asked, the matter follows "để"
    low = re.sub(r"\b(?:(?:cần|phải)\s+)?làm\s+(?:gì|sao|thế nào)?\s*để\b", " ", low)
    low = re.sub(r"\bbản sao\b", "bản_sao", low)  # "sao" is a question word, "bản sao" a legal term
    words = _subject_words(low)
    # "Ly hôn thì nộp đơn ở đâu?", "Muốn đăng ký kinh doanh thì cần làm gì?": the matter is the topic before "thì"
    # (not a condition "nếu / khi … thì …", and not an empty one: "Bao nhiêu tuổi thì được kết hôn?")
    topic = re.match(r"^(.*?)\bthì\b(?!\s+sao)", low)
    if topic is not None and not re.match(r"\s*(?:nếu|khi|trường hợp)\b", topic.group(1)):
        head = _subject_words(topic.group(1))
        if head:
            words = head
    while words and words[0] in _ASKER_WORDS | {"phải", "để"}:
        words.pop(0)  # "(phải) đăng ký thường trú" from "Khi nào phải đăng ký thường trú?"
    while words:
        # "… khai sinh gồm (những giấy tờ gì)", "… thuộc (cơ quan nào)", "… từ sổ gốc mất (bao nhiêu ngày)", "… khai
        # sinh (phải) làm (những gì)", "… xây dựng do (cơ quan nào) thực hiện"
        verb = next((v for v in _TRAILING_ASK_VERBS if words[-len(v.split()):] == v.split()), None)
        if words[-1] in _TRAILING_LINKS or _takes_time(words):
            words.pop()
        elif verb is not None and len(words) > len(verb.split()):
            del words[-len(verb.split()):]
        else:
            break
    out = " ".join(_as_written(" ".join(words).replace("_", " ").split(), kept))
    return re.sub(r"zdocnumz(\d+)", lambda m: numbers[int(m.group(1))], out)


# a question opening with a document's name ("Luật Cư trú năm 2020 …", "Thông tư 05/2019/TT-VPCP …"): its first
# capital is the name's, not only the sentence's
_NAME_OPENING_RE = re.compile(r"^(?:Bộ luật|Luật|Pháp lệnh|Hiến pháp|Nghị định|Nghị quyết|Thông tư|Quyết định)\s+"
                              r"(?:\w*[A-ZĐ]|\w*zdocnumz|\d|số\b)")


def _as_written(words: list[str], question: str) -> list[str]:
    """The lower-case subject ``words`` with the case the question writes them in ("Luật Cư trú", "UBND xã Hòa Bình"),
    matched in order; the question's first word loses the capital that only opens the sentence ("Thời hạn …" →
    "thời hạn"), not one that opens a name ("Luật Cư trú …", "Hà Nội …")."""
    toks = _WORD_RE.findall(question)
    keep_first = bool(_NAME_OPENING_RE.match(question.lstrip())) or bool(toks) and (
        (len(toks) > 1 and toks[1][:1].isupper() and toks[0].lower() not in _STOP)  # "Bộ Tư pháp", not "Theo Luật …"
        or (toks[0].isupper() and len(toks[0]) > 1))  # "UBND …"
    out: list[str] = []
    j = 0
    for w in words:
        k = next((k for k in range(j, len(toks)) if toks[k].lower() == w), None)
        if k is None:
            out.append(w)
            continue
        out.append(toks[k] if k or keep_first else toks[k].lower())
        j = k + 1
    return out


def _word_ends(text: str, n: int) -> set[int] | None:
    """The syllable counts (of the ``n`` words ``_WORD_RE`` finds in ``text``) after which a word ends, by the word
    segmentation ("đất nông nghiệp": after 1 and 3); None when the two do not line up (a document number, a symbol)."""
    from assistant.text import segment

    ends, k = set(), 0
    for w in segment(text):
        k += len(w.split("_"))
        ends.add(k)
    return ends if k == n else None


def _swap_contrast(prev: str, focus: str) -> str | None:
    """"còn lần hai thì sao?" after "Thời hạn giải quyết khiếu nại lần đầu là bao nhiêu ngày?": the follow-up names
    another kind of the same thing (same first syllable: "lần đầu" → "lần hai", "cấp xã" → "cấp huyện", "thời hạn" →
    "thời hiệu", "đăng ký kết hôn" → "đăng ký khai tử"), so it takes that phrase's place in the previous question, which
    keeps what was asked (the deadline). None unless exactly one phrase of the previous question of the focus's length
    starts like it and differs from it."""
    f = [w.lower() for w in _WORD_RE.findall(_nfc(focus))]
    if not 2 <= len(f) <= 4 or _ASKS_RE.search(" ".join(f)):
        return None  # a phrase, not a question of its own ("phí bao nhiêu?" asks about the previous subject)
    p = _nfc(prev).strip()
    toks = list(_WORD_RE.finditer(p))
    low = [t.group(0).lower() for t in toks]
    if " ".join(f) in " ".join(low):
        return None
    spots = [i for i in range(len(low) - len(f) + 1) if low[i] == f[0] and low[i:i + len(f)] != f]
    if not spots and len(f) == 2:
        # a kind ending like the one asked ("tạm trú" for "thường trú", "viên chức" for "công chức")
        spots = [i for i in range(len(low) - 1) if low[i + 1] == f[1] and low[i] != f[0]]
    if len(spots) != 1:
        return None
    i = spots[0]
    end = i + len(f)
    ends = _word_ends(p, len(low))
    if ends is not None and end not in ends:
        # "đất ở" for "đất nông nghiệp": the phrase replaced ends with a word, not inside one ("đất ở nghiệp")
        end = min((e for e in ends if e > end), default=end)
    a, b = toks[i].start(), toks[end - 1].end()
    new = _nfc(focus).strip()
    if p[a:a + 1].isupper():
        new = new[:1].upper() + new[1:]
    return p[:a] + new + p[b:]


# what a question asks, at its end: "là bao lâu?", "gồm những giấy tờ gì?", "mấy ngày?", "… không?" — linking words,
# then a question word
_ASK_LINKS = "là|gồm|có|được|phải|cần|mất|thì|trong"
_ASK_WORDS = r"(?:bao nhiêu|mấy|những)(?:\s+\w+){0,3}?(?:\s+gì)?|bao lâu|gì|như thế nào|thế nào|ra sao|ở đâu|đâu|khi nào|không"
# "ở / tại" too: "Cấm hút thuốc lá ở những địa điểm nào?" + "trong nhà hàng" → "… thuốc lá đối với trường hợp trong nhà
# hàng ở những địa điểm nào?", not "… thuốc lá ở đối với …"
_ASK_TAIL_RE = re.compile(rf"(?:\s+(?:{_ASK_LINKS}|ở|tại))*\s+(?:{_ASK_WORDS})\s*\?*\s*$", re.I)
_CONNECTOR_RE = re.compile(r"^(?:ở|tại|khi|nếu|với|đối với|trong|cho|của|do|bằng|qua)\b", re.I)


# what a follow-up asks, at its end: the same, and "… thuộc về ai", "… cơ quan nào"
_FOCUS_ASK_RE = re.compile(rf"(?:\s+(?:{_ASK_LINKS}|thuộc về|thuộc))*\s+(?:{_ASK_WORDS}|ai|cơ quan nào)\s*$", re.I)

_ASPECT_HEAD_RE = re.compile(r"(?:thời hạn|thời hiệu|thời gian|hồ sơ|giấy tờ|lệ phí|phí|điều kiện|thẩm quyền|trình tự|"
                             r"thủ tục|mức)\b")


def _swap_head(prev: str, focus: str) -> str | None:
    """"còn miễn gọi nhập ngũ thì sao?" after "Những trường hợp nào được tạm hoãn gọi nhập ngũ?": the follow-up ends with
    a phrase of the previous question (at least two syllables, "gọi nhập ngũ") and names another act or kind before it
    ("miễn"), which takes the place of the word before that phrase ("tạm hoãn") — "Những trường hợp nào được miễn gọi
    nhập ngũ?"; "còn viên chức thì sao?" after "Công chức bị kỷ luật …": one group the law keeps apart for another
    (``regimes.REGIME_GROUPS``). None otherwise."""
    from assistant.answering.regimes import REGIME_GROUPS

    p = _nfc(prev).strip()
    f = _nfc(focus).strip()
    asked = [g for g, rx in REGIME_GROUPS.items() if rx.fullmatch(f.lower())]
    if asked:
        named = [(g, m) for g, rx in REGIME_GROUPS.items() if g not in asked and (m := rx.search(p))]
        if len(named) == 1:
            m = named[0][1]
            new = asked[0][:1].upper() + asked[0][1:] if p[m.start():m.start() + 1].isupper() else asked[0]
            return p[:m.start()] + new + p[m.end():]
        return None
    fw = [w.lower() for w in _WORD_RE.findall(f)]
    toks = list(_WORD_RE.finditer(p))
    low = [t.group(0).lower() for t in toks]
    if not 3 <= len(fw) <= 6 or _ASKS_RE.search(" ".join(fw)):
        return None
    for k in range(len(fw) - 1, 1, -1):
        tail, head = fw[-k:], fw[:-k]
        if _ASPECT_HEAD_RE.match(" ".join(head)):
            return None  # another aspect of the matter ("còn thời hạn đăng ký thì sao?"), not another act or kind
        spots = [i for i in range(len(low) - k + 1) if low[i:i + k] == tail]
        if len(spots) != 1 or spots[0] == 0:
            continue
        i = spots[0]
        # the act or kind replaced: up to two syllables before the phrase, back to a function word ("được tạm hoãn",
        # "hồ sơ cấp đổi")
        j = i
        while j > 0 and i - j < 2 and low[j - 1] not in _STOP and low[j - 1] not in _QWORDS:
            j -= 1
        if j == i or low[j:i] == head:
            return None
        a, b = toks[j].start(), toks[i].start()
        return p[:a] + " ".join(_WORD_RE.findall(f)[:len(head)]) + " " + p[b:]
    return None


CASE_MAX_WORDS = 14


def _add_condition(prev: str, focus: str) -> str | None:
    """"còn vùng sâu vùng xa thì sao?" after "Thời hạn giải quyết khiếu nại lần đầu là bao lâu?": the follow-up adds a
    case to the same ask, so it goes into the previous question before what that asks — "Thời hạn giải quyết khiếu nại
    lần đầu đối với vùng sâu vùng xa là bao lâu?" — which keeps the deadline asked. None when the follow-up asks
    something of its own (a question word) or names another aspect ("còn thời hạn / hồ sơ / lệ phí thì sao?")."""
    f = _nfc(focus).strip(" ,?.")
    words = _WORD_RE.findall(f)
    low = f.lower()
    # a cue names an aspect ("còn thời hạn / lệ phí thì sao?"), unless the phrase says it is a case ("trường hợp được
    # miễn", "nếu quá hạn") or states an age ("người dưới 16 tuổi")
    cued = [c for c, (qp, _) in _CUES.items() if qp.search(low)]
    case = re.match(r"(?:trường hợp|nếu|khi)\b", low) is not None
    if case or (cued == ["age"] and re.search(r"\d", low)):
        cued = []
    # a case said as such may be long ("trường hợp hồ sơ gốc đã nộp vào Lưu trữ lịch sử")
    if not 1 <= len(words) <= (CASE_MAX_WORDS if case else 8) or _ASKS_RE.search(low) or cued:
        return None
    if set(_syllables(low)) <= _ASPECT_SYLLABLES | _GENERIC_ACT_SYLLABLES:
        return None  # another aspect of the same matter ("trình tự thế nào?", "còn nghị định hướng dẫn thì sao?")
    p = _nfc(prev).strip()
    if low in p.lower():
        return None
    # a connector starts the phrase, which goes inside the previous question: "Ở vùng sâu …" → "ở vùng sâu …"
    # ("Trường hợp phức tạp" inside the question: "… đối với trường hợp phức tạp …"; a name keeps its capitals)
    if f[:1].isupper() and (_CONNECTOR_RE.match(f) or not (len(words[0]) > 1 and words[0].isupper()) and not (
            len(words) > 1 and words[1][:1].isupper())):
        f = f[:1].lower() + f[1:]
    phrase = f if _CONNECTOR_RE.match(f) else f"đối với {f}"
    m = _ASK_TAIL_RE.search(p)
    if m is None or m.start() == 0:
        return f"{p.rstrip(' ?.')} {phrase}?"
    return f"{p[:m.start()]} {phrase}{p[m.start():]}"


# a leading "con" in a follow-up typed without marks ("con truong hop o nha thue thi sao", restored as "con …" from
# the collection's text) is "còn" when a case or condition follows, or when it ends "… thì sao?" — unless "con X" is
# a word of its own ("con nuôi thì sao?", "con chưa thành niên thì sao?")
_CON_CASE_RE = re.compile(
    r"^con(?=\s+(?:trường hợp|nếu|đối với|về|khi|với|ở|tại|trong|lần|những|các|việc|thì)\b)", re.I)
_CON_ASK_RE = re.compile(r"^con(?=\s+(\w+)\b.*\b(?:thì sao|thế nào|ra sao)\s*\??\s*$)", re.I)
_CON_WORDS = frozenset(
    "nuôi riêng chung đẻ cái trai gái dâu rể cháu dấu nợ em ruột đầu nhỏ út cả thứ chưa thành lai ngoài sinh".split())


def _still(question: str) -> str:
    """"con trường hợp ở nhà thuê thì sao" → "còn trường hợp ở nhà thuê thì sao" (only with a conversation under way);
    "con neu …" is restored "con nêu …" (no context either): "còn nếu …"."""
    still = "Còn" if question[:1] == "C" else "còn"
    m = re.match(r"^(con)\s+nêu\b", question, re.I)
    if m:
        return still + " nếu" + question[m.end():]
    m = _CON_ASK_RE.match(question)
    if _CON_CASE_RE.match(question) or (m and m.group(1).lower() not in _CON_WORDS):
        return still + question[3:]
    return question


# a question naming only a document, the matter left to the previous question ("Còn theo Luật Viên chức thì sao?",
# "Theo Bộ luật Lao động thì thế nào?", "Luật Cán bộ, công chức quy định thế nào?", "Còn Luật Nhà ở thì sao?")
_DOC_ASKED_OPEN_RE = re.compile(r"^(?:(?:còn|thế còn|vậy còn|thế|vậy)\s+)?(?:theo\s+|(?:trong|tại)\s+)?", re.I)
_DOC_ASKED_TAIL_RE = re.compile(
    r"^\s*(?:(?:thì\s+)?(?:quy định\s+)?(?:như\s+)?(?:thế nào|ra sao)|thì sao|quy định gì|quy định sao)?\s*\??\s*$", re.I)


def document_asked(question: str) -> str | None:
    """The document a question names as all it says ("Luật Viên chức" in "Còn theo Luật Viên chức thì sao?", "Luật Cán
    bộ, công chức" in "Luật Cán bộ, công chức quy định thế nào?"): the previous matter is asked according to it. None
    when the question asks something of its own (a provision, its validity, a matter)."""
    q = _nfc(question).strip()
    head = _DOC_ASKED_OPEN_RE.match(q)
    span = document_named(q)
    if span is None or span[0] != head.end() or _PROVISION_HEAD_RE.match(q[span[0]:]):
        return None
    if not _DOC_ASKED_TAIL_RE.match(q[span[1]:]):
        return None
    name = q[span[0]:span[1]]
    return name[:1].upper() + name[1:]


def _by_document(prev: str, name: str) -> str:
    """The previous question asked according to the document ``name``: of that document when the previous one asked of
    a document ("Luật Đất đai có hiệu lực từ ngày nào?" → "Luật Nhà ở có hiệu lực từ ngày nào?"), with the document it
    named replaced ("Theo Luật Khiếu nại, thời hạn …" → "Theo Luật Tố tụng hành chính, thời hạn …"), else "theo <name>"
    before what it asks ("Thời hiệu xử lý kỷ luật theo Luật Viên chức là bao lâu?")."""
    p = _nfc(prev).strip()
    span = document_named(p)
    if span is not None:
        return p[:span[0]] + name + p[span[1]:]
    m = _ASK_TAIL_RE.search(p)
    if m is None or m.start() == 0:
        return f"{p.rstrip(' ?.')} theo {name}?"
    return f"{p[:m.start()]} theo {name}{p[m.start():]}"


def _inserted(before: str, after: str) -> str | None:
    """The words a follow-up's standalone question ``after`` added inside the one before it (a case: "… tố cáo đối với
    trường hợp phức tạp là bao lâu?" after "… tố cáo là bao lâu?"); None when it changed anything else."""
    b, a = before.split(), after.split()
    if len(a) <= len(b):
        return None
    i = next((k for k in range(len(b)) if b[k] != a[k]), len(b))
    j = next((k for k in range(len(b) - i) if b[-1 - k] != a[-1 - k]), len(b) - i)
    return " ".join(a[i:len(a) - j]) if i + j == len(b) else None


def _without_added_case(prev: str, pairs: list[tuple[str, str]]) -> str:
    """``prev`` without the case an earlier follow-up added to it (the latest such words it still holds), so that a
    new case replaces it instead of piling onto it ("Còn vụ việc phức tạp thì sao?" after "… lần đầu ở vùng sâu, vùng
    xa …" asks "… lần đầu đối với vụ việc phức tạp …")."""
    words = prev.split()
    for k in range(len(pairs) - 1, 0, -1):
        added = _inserted(pairs[k - 1][0], pairs[k][0])
        if not added:
            continue
        aw = added.split()
        for i in range(len(words) - len(aw), 0, -1):
            if words[i:i + len(aw)] == aw:
                return " ".join(words[:i] + words[i + len(aw):])
    return prev


def _source_prefix(question: str) -> str | None:
    """"Theo Luật Hộ tịch" in "Theo Luật Hộ tịch, thời hạn đăng ký khai tử là bao lâu?": the document a question opens by
    reading its rule in, before a comma; None otherwise."""
    q = _nfc(question).strip()
    m = re.match(r"(?:[Tt]heo|[Cc]ăn cứ)\s+", q)
    span = document_named(q) if m else None
    if span is None or span[0] != m.end() or not re.match(r"\s*,\s*\S", q[span[1]:]):
        return None
    return q[:span[1]]


def _without_source(question: str, src: str) -> str:
    """``question`` without the opening ``src`` and its comma, capitalised ("Thời hạn đăng ký khai tử là bao lâu?")."""
    q = _nfc(question).strip()
    if not q.startswith(src):
        return q
    rest = q[len(src):].lstrip(" ,")
    return rest[:1].upper() + rest[1:]


def rewrite_followup(question: str, history: Iterable[Any] | None) -> str:
    """Rule-based: "còn thời hạn thì sao?" after "Hồ sơ đăng ký khai sinh gồm gì?" → "thời hạn đăng ký khai sinh"."""
    pairs = _history_pairs(history)
    q = _nfc(question).strip()
    if not pairs:
        return q
    q = _still(q)
    if not is_followup(q):
        return q
    prev = pairs[-1][0]
    if (name := document_asked(q)) is not None:
        return _by_document(prev, name)
    src = _source_prefix(prev)
    if src is not None and not _ANAPHOR_RE.search(q):
        # "Theo Luật Hộ tịch, thời hạn đăng ký khai tử là bao lâu?" + "Ai có trách nhiệm đi đăng ký?": the follow-up
        # rewritten on the question without the source, which then opens it again ("Theo Luật Hộ tịch, ai có trách
        # nhiệm đi đăng ký khai tử?")
        core = [(_without_source(p, src), a) for p, a in pairs]
        out = rewrite_followup(q, core)
        if out == q:
            return q
        first = out.split(" ", 2)
        if len(first) > 1 and first[0][1:].islower() and first[1][:1].islower():
            out = out[:1].lower() + out[1:]
        return f"{src}, {out}"
    subj = _subject(prev)
    if not subj:
        return q
    doc = _document_subject(prev)
    if doc is not None:
        subj = doc[0]  # the document is the matter, what was asked of it is not ("… có hiệu lực từ khi nào?")
    if (m := _ANAPHOR_RE.search(q)) is not None:
        if doc is None and (span := document_named(_nfc(prev))) is not None:
            # "Văn bản đó …" after "Theo Luật Tiếp nhận …, cá nhân bao nhiêu tuổi …?": the document it read its rule in
            doc = (_nfc(prev)[span[0]:span[1]], "") if " ".join(m.group(0).lower().split()[:-1]) in _DOC_NOUNS else None
        return _capital_as_asked(_resolve_anaphor(q, m, subj, doc), q)
    focus = _FOLLOWUP_TRAIL.sub("", q)
    focus = _FOLLOWUP_START.sub("", focus.strip()).strip(" ,?.")
    focus = re.sub(r"^(còn|thế còn|vậy còn)\s+", "", focus, flags=re.I)
    focus = re.sub(r"trường hợp (đó|này|trên)|khi đó|như vậy", "", focus, flags=re.I).strip(" ,?.")
    # "còn về lệ phí thì sao?": "về" only links "còn" to the aspect asked ("lệ phí …", not "về lệ phí …")
    focus = re.sub(r"^về\s+(?=\w)", "", focus, flags=re.I)
    if not focus:
        return f"{prev.strip()}"
    return _capital_as_asked(_rewrite(prev, subj, focus, doc, _without_added_case(prev, pairs)), q)


def _resolve_anaphor(q: str, m: re.Match[str], subj: str, doc: tuple[str, str] | None) -> str:
    """The follow-up with its pronoun or "<noun> đó / này" replaced by the previous subject: a document's name for "nó",
    "văn bản đó", "nghị định này" after a question on a document; the subject after the noun otherwise ("Thủ tục này" →
    "Thủ tục đăng ký tạm trú"), or alone when it starts with it or the word is a pronoun."""
    said = m.group(0).lower().split()
    noun = " ".join(said[:-1]) if said[-1] not in {"nó", "họ"} else ""
    if said[-2:] in (["nói", "trên"], ["nêu", "trên"]):
        noun = " ".join(said[:-2])
    if doc is not None and (not noun or noun in _DOC_NOUNS):
        what = doc[0]
    elif not noun or subj.lower().startswith(noun):
        what = subj
    else:
        what = f"{noun} {subj}"
    out = q[:m.start()] + what + q[m.end():]
    return out[:1].upper() + out[1:] if m.start() == 0 else out


def _capital_as_asked(out: str, question: str) -> str:
    """``out`` opening with a capital when the follow-up did ("Còn về lệ phí thì sao?" → "Lệ phí …")."""
    return out[:1].upper() + out[1:] if question[:1].isupper() and out[:1].islower() else out


# "hiện nay áp dụng văn bản nào?": which text is asked, at the end of the follow-up
_WHICH_TEXT_RE = re.compile(r"\b(?:văn bản|luật|quy định|nghị định|thông tư|nghị quyết)\s+nào\s*$", re.I)


# a follow-up opening with its predicate ("Mất bao lâu?", "Cần giấy tờ gì?", "Có được ủy quyền không?", "Nộp ở đâu?")
_PREDICATE_START_RE = re.compile(
    r"^(?:cần|phải|mất|làm|nộp|gồm|có|được|nhận|giải quyết|thực hiện|xin|trả|kéo dài)\b", re.I)


# a guiding text asked ("còn nghị định hướng dẫn thì sao?", "thông tư hướng dẫn?", "văn bản quy định chi tiết?")
_GUIDING_RE = re.compile(r"^(?:nghị định|thông tư|văn bản|quy định)\s+(?:hướng dẫn(?:\s+thi hành)?|quy định chi tiết)"
                         r"(?:\s+quy định)?$", re.I)
_GUIDING_IN_RE = re.compile(r"\b(?:nghị định|thông tư|văn bản|quy định)\s+(?:hướng dẫn(?:\s+thi hành)?|quy định chi tiết)\b",
                            re.I)
# which text was asked ("Hiện nay áp dụng văn bản nào thay thế …?"): a guiding text is then asked of the matter alone
_WHICH_TEXT_PREV_RE = re.compile(r"\b(?:văn bản|luật|nghị định|thông tư|quy định|nghị quyết)\s+nào\b", re.I)
# a provision of the document under way ("Thế còn điều 5?", "còn khoản 2 Điều 18 thì sao?")
_PROVISION_RE = re.compile(r"^(?:điểm\s+[a-zđ]\s+)?(?:khoản\s+\d+\w*\s+)?điều\s+\d+\w*$|^(?:điểm\s+[a-zđ]\s+)?khoản\s+\d+\w*$",
                           re.I)
# what is asked of a text, its subject first ("Khi nào hết hiệu lực?" → "Luật Cư trú khi nào hết hiệu lực?")
_TEXT_ASK_RE = re.compile(r"\bhiệu lực\b|^(?:khi nào|do|ban hành|được|có|còn|đã|bị)\b", re.I)


def _guiding_text(prev: str, focus: str, doc: tuple[str, str] | None) -> str | None:
    """"còn nghị định hướng dẫn thì sao?": the same question asked of the guiding text — of the text guiding the document
    the previous question is about ("Nghị định hướng dẫn Luật Cư trú năm 2020 còn hiệu lực không?"), of the matter's
    provisions in that text otherwise ("Thời hiệu khiếu nại theo nghị định hướng dẫn là bao lâu?"), which keeps the
    aspect asked; another kind replaces the one already asked ("Thế còn thông tư hướng dẫn?"). None when the previous
    question asked which text (the caller asks the guiding text of its subject)."""
    p = _nfc(prev).strip()
    kind = re.sub(r"\s+quy định$", "", focus[:1].lower() + focus[1:])  # "Thông tư hướng dẫn quy định (thế nào)?"
    if (m := _GUIDING_IN_RE.search(p)) is not None:
        new = kind[:1].upper() + kind[1:] if p[m.start():m.start() + 1].isupper() else kind
        return p[:m.start()] + new + p[m.end():]
    if _WHICH_TEXT_PREV_RE.search(p):
        return None
    if doc is not None:
        return f"{kind} {p}"
    m = _ASK_TAIL_RE.search(p)
    if m is None or m.start() == 0:
        return f"{p.rstrip(' ?.')} theo {kind}?"
    return f"{p[:m.start()]} theo {kind}{p[m.start():]}"


def _rewrite(prev: str, subj: str, focus: str, doc: tuple[str, str] | None = None, base: str | None = None) -> str:
    """The standalone question from the previous question ``prev``, its subject ``subj`` and what the follow-up asks
    (``focus``, without "còn … thì sao"); ``doc``: the document the previous question opens with, and what it asked of
    it (``_document_subject``); ``base``: ``prev`` without the case an earlier follow-up added (a new case replaces
    it, ``_without_added_case``)."""
    if _GUIDING_RE.match(focus) and (guided := _guiding_text(prev, focus, doc)) is not None:
        return guided
    if doc is not None and _PROVISION_RE.match(focus):
        # "Thế còn điều 5?" after "Thông tư 05/2019/TT-VPCP còn hiệu lực không?": that provision of the document, asked
        # the same ("Điều 5 Thông tư 05/2019/TT-VPCP còn hiệu lực không?"), not the document asked "đối với điều 5"
        name = _PROVISION_HEAD_RE.sub("", doc[0])
        asked = doc[1] if doc[1].strip(" ?") else " quy định gì?"
        return f"{focus[:1].upper()}{focus[1:]} {name}{asked}"
    if doc is not None and _TEXT_ASK_RE.search(focus):
        # "Khi nào hết hiệu lực?", "Có hiệu lực từ khi nào?", "Do cơ quan nào ban hành?": asked of the document
        return f"{doc[0]} {focus[:1].lower()}{focus[1:]}?"
    swapped = _swap_contrast(prev, focus) or _swap_head(prev, focus)
    if swapped is not None:
        return swapped
    narrowed = _add_condition(base or prev, focus)
    if narrowed is not None:
        return narrowed
    if _WHICH_TEXT_RE.search(focus):
        # "Hiện nay áp dụng văn bản nào?" after "Thông tư 05/2019/TT-VPCP còn hiệu lực không?": the text that applies
        # instead of it ("… văn bản nào thay thế Thông tư 05/2019/TT-VPCP?"); after any other question, on its subject
        link = "thay thế" if _VALIDITY_ASKED_RE.search(prev) else "về"
        if link == "thay thế":  # a text replaces a document, not one of its articles ("Điều 5 Thông tư …")
            subj = _PROVISION_HEAD_RE.sub("", subj)
        return f"{focus} {link} {subj}?"
    # Don't repeat the subject: "thời hạn đăng ký" + "đăng ký khai sinh" → "thời hạn đăng ký khai sinh" (the focus
    # ending where the subject starts); a subject already said whole is not added. Other shared syllables stay
    # ("… có kết quả" + "đăng ký kết hôn" keeps "kết").
    fwords, swords = _syllables(focus), subj.split()
    slow = [w.lower() for w in swords]  # (the subject keeps the case the question wrote it in, ``_as_written``)
    if " ".join(slow) in " ".join(fwords):
        return focus + "?"
    if _PREDICATE_START_RE.match(focus):
        # "Mất bao lâu?", "Cần giấy tờ gì?", "Nộp ở đâu?": the subject is the predicate's topic, before it ("Đăng ký khai
        # sinh mất bao lâu?", not "Mất đăng ký khai sinh bao lâu?" or "Cần giấy tờ gì đăng ký khai sinh?")
        return f"{subj} {focus[:1].lower()}{focus[1:]}?"
    topic = re.match(r"^(.+?)\s+thì\s+(.+)$", focus)
    if topic is not None and set(_syllables(topic.group(1))) <= _GENERIC_ACT_SYLLABLES | _ASPECT_SYLLABLES:
        # "Vi phạm thì bị phạt bao nhiêu?": the subject completes the act before "thì" ("Vi phạm <các hành vi bị nghiêm
        # cấm …> thì bị phạt bao nhiêu?")
        return f"{topic.group(1)} {subj} thì {topic.group(2)}?"
    # The subject goes before what the follow-up asks: "hồ sơ gồm những gì" → "hồ sơ đăng ký khai sinh gồm những gì?",
    # not "hồ sơ gồm những gì đăng ký khai sinh?".
    ask = _FOCUS_ASK_RE.search(focus)
    if ask is None or ask.start() == 0 or ask.group(0).strip().lower() == "gì":  # "giấy tờ gì" stays one phrase
        head, tail = focus, ""
    else:
        head, tail = focus[:ask.start()], focus[ask.start():]
    hwords = _syllables(head)
    overlap = max((k for k in range(1, min(len(hwords), len(swords)) + 1) if hwords[-k:] == slow[:k]), default=0)
    if overlap and len(head.split()) == len(hwords):
        # "Ai ký quyết định" + "Quyết định 1234/QĐ-UBND": the subject as written ("Ai ký Quyết định 1234/QĐ-UBND?")
        return f"{' '.join(head.split()[:-overlap])} {' '.join(swords)}".strip() + tail + "?"
    return f"{head} {' '.join(swords[overlap:])}".strip() + tail + "?"


def rewrite_with_llm(question: str, history: Iterable[Any] | None, chat_model: Any) -> str:
    from assistant.prompts import build_rewrite_messages

    pairs = _history_pairs(history)
    if not pairs:
        return question
    question = _still(_nfc(question).strip())
    try:
        out = chat_model.invoke(build_rewrite_messages(question, pairs))
        text = _nfc(str(getattr(out, "content", out))).strip().splitlines()[0].strip(" \"“”")
        return text or rewrite_followup(question, pairs)
    except Exception:  # noqa: BLE001 - the LLM is optional; fall back to rules
        return rewrite_followup(question, pairs)
