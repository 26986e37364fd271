"""Question analysis: the kind of question (open, Đúng/Sai statement, multiple choice with its options) and
its cues (deadline, fee, who, dossier, steps, amount, count or share asked, a list or another quantity asked, negated
qualifiers "neg:…" …) as ``QuestionInfo``.

Does not rewrite follow-ups (``followup``), retrieve, or decide answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.definitions import asked_term
from assistant.answering.terms import _STOP, _nfc, _syllables

_CUES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    # cue: (pattern in question, pattern rewarded in a passage)
    "time": (
        # everyday wording too: "mấy năm", "bao nhiêu tháng", "từ ngày nào", "lúc nào", "bao giờ", "hạn chót", "chậm nhất"
        # ("không được nghỉ ngày nào" is no time asked: only "từ / vào / trước / đến / là ngày nào")
        # ("làm đủ thời hạn thì …", "hết thời hạn …": a period served or run out, not one asked)
        re.compile(r"(?<!đủ )(?<!hết )(?<!quá )thời hạn|bao lâu|bao nhiêu ngày|mấy ngày|khi nào|thời gian|trong vòng|thời hiệu|"
                   r"(?:mấy|bao nhiêu) (?:tháng|năm|tuần|giờ)|(?:từ|vào|trước|đến|là) ngày nào|lúc nào|bao giờ|"
                   r"hạn chót|chậm nhất"),
        re.compile(r"\d+\s*(ngày|tháng|năm|giờ)|(ngày|tháng|năm)\s+làm việc|thời hạn|thời hiệu"),
    ),
    "who": (
        # ("cơ quan có thẩm quyền phải trả lời trong …", "người có thẩm quyền …" names a body, asks none: "thẩm quyền"
        # asks who as the head of its phrase only — "thẩm quyền … thuộc về …", "thuộc thẩm quyền của …")
        re.compile(r"\bai\b|cơ quan nào|(?<!có )thẩm quyền|người nào|cấp nào|đơn vị nào|chủ thể nào"),
        # a body by its own name too ("Sở Tư pháp … ra quyết định", "Cục …", "Giám đốc …"; not "cơ sở", "trụ sở", "sở hữu")
        # (commanders too: "Chính ủy hoặc Chỉ huy trưởng Bộ Chỉ huy quân sự cấp tỉnh quyết định …", "Tư lệnh …")
        re.compile(r"thẩm quyền|cơ quan|ủy ban|chủ tịch|bộ trưởng|tòa án|công chức|thủ trưởng|chính phủ|tư lệnh|chỉ huy|"
                   r"chính ủy|người đứng đầu|"
                   r"(?<!cơ )(?<!trụ )\bsở (?!hữu|thích)\w|(?<!bố )\bcục\b(?! bộ)|giám đốc|đội trưởng|hội đồng|công an|viện kiểm sát"),
    ),
    "dossier": (
        re.compile(r"hồ sơ|giấy tờ|thủ tục|cần những gì|cần gì|nộp gì"),
        re.compile(r"hồ sơ|giấy tờ|tờ khai|bản sao|nộp|xuất trình|gồm"),
    ),
    "where": (
        # a place asked ("nộp hồ sơ ở đâu?", "gửi về đâu?", "đăng ký tại cơ quan nào?" is "who")
        re.compile(r"ở đâu|nơi nào|chỗ nào|tại đâu|về đâu|(?:nộp|gửi|đăng ký|làm|xin)\b[^?]{0,30}\bđâu\b"),
        # ("quy định tại khoản 1 Điều 5", "tại Mẫu số 02" is a reference, not a place)
        re.compile(r"\btại\b(?!\s+(?:điểm|khoản|điều|mục|chương|phụ lục|mẫu|văn bản|luật|bộ luật|nghị định|thông tư|"
                   r"quyết định|nghị quyết)\b)|\bnơi\b|gửi (?:về|đến|tới)|nộp (?:tại|cho|về|đến)|"
                   r"(?:gửi|nộp)\s+(?:hồ sơ|đơn|văn bản|tờ khai|báo cáo)[^.;:]{0,80}?\b(?:đến|tới|về)\b"),
    ),
    "condition": (
        # a minimum requirement asked in everyday words too ("… phải có trình độ học vấn tối thiểu là gì?"; not "phải có
        # những thành phần nào?", a list asked)
        re.compile(r"điều kiện|trường hợp nào|khi nào được|tiêu chuẩn|yêu cầu|(?:tối thiểu|ít nhất) là gì"),
        re.compile(r"điều kiện|phải|có đủ|tiêu chuẩn|trường hợp"),
    ),
    "fee": (
        re.compile(r"\bphí\b|lệ phí|bao nhiêu tiền|miễn|chi phí"),
        re.compile(r"\bphí\b|lệ phí|miễn|đồng\b"),
    ),
    "penalty": (
        re.compile(r"xử phạt|mức phạt|bị phạt|chế tài|xử lý"),
        re.compile(r"phạt|đồng\b|xử lý|kỷ luật"),
    ),
    "age": (
        re.compile(r"\d+\s*tuổi|độ tuổi|bao nhiêu tuổi|mấy tuổi"),
        re.compile(r"\d+\s*tuổi"),
    ),
    # may one do it ("… có được ủy quyền cho cấp dưới … không?", "… có bị cấm không?"): a unit saying what one may or may
    # not do ("3. … không được ủy quyền …", "… có quyền điều động …"); open questions only (``analyze_question``)
    "permission": (
        re.compile(r"\b(?:có được|được phép|có bị cấm|bị cấm|bị nghiêm cấm|có quyền)\b[^?]*\bkhông\s*\??\s*$"),
        re.compile(r"không được|được phép|\bcấm\b|có quyền|chỉ được"),
    ),
    "definition": (
        re.compile(r"là gì|được hiểu|khái niệm|định nghĩa"),
        re.compile(r"\blà\b|được hiểu"),
    ),
}
# a length of time asked ("trong bao lâu?", "được nghỉ mấy ngày?", "thời hạn … là bao nhiêu?"), not a point in time
# ("vào lúc nào?", "từ ngày nào?", "khi nào?"): cue "duration" besides "time" — a date or a clock time ("vào 21 giờ
# ngày 09 tháng 3 âm lịch") answers the one, not the other (``passages``)
_DURATION_Q_RE = re.compile(r"bao lâu|(?:mấy|bao nhiêu)\s+(?:ngày|tháng|năm|tuần|giờ|phút)|(?<!đủ )(?<!hết )(?<!quá )thời hạn|"
                            r"thời hiệu|trong vòng")
_WHEN_Q_RE = re.compile(r"khi nào|lúc nào|bao giờ|ngày nào|tháng nào|năm nào|thời điểm|hạn chót")
# the unit a length of time is asked in ("được nghỉ hằng năm mấy ngày?"): cue "unit:ngày" besides "duration" — a length
# in a unit far from it ("gộp số ngày nghỉ phép của 02 năm") is no answer (``passages._valued``)
_UNIT_Q_RE = re.compile(r"(?:mấy|bao nhiêu)\s+(ngày|tháng|năm|tuần|giờ|phút)\b")
# "là gì" after a requirement ("… phải có trình độ học vấn tối thiểu là gì?", "điều kiện … là gì?"): the requirement is
# asked, not what a term means (the cue "definition" rewards a unit "X là …", which defines the subject instead)
_REQUIREMENT_WHAT_RE = re.compile(r"\b(?:phải|cần|tối thiểu|tối đa|ít nhất|điều kiện|tiêu chuẩn|yêu cầu)\b[^?]*\blà gì")
_DEFINITION_WORDS_RE = re.compile(r"được hiểu|khái niệm|định nghĩa")
# a definition stated, not asked: an open-kind statement (no "?", no question word) "<term> là <what it is>"
# ("Bảo vệ an ninh mạng là phòng ngừa, phát hiện, ngăn chặn …", "Theo Luật Trồng trọt, khảo nghiệm giống cây trồng là
# hoạt động …"): it retells a definitions article, so the cue "definition" — otherwise that article would be taken for
# a framing article the question does not ask about. The term is at most 12 syllables with no comma and no modal, negation
# or condition word ("Tiếng Việt không phải là …", "Người bị tuyên bố là đã chết mà …" are not definitions).
_DEF_STATEMENT_RE = re.compile(
    r"^(?:theo [^,?]{3,80},\s*)?[\"“«']?(?P<term>\w+(?:\s+\w+){0,11}?)[\"”»']?\s+là\s+"
    r"(?!(?:gì|ai|đâu|sao|bao|mấy|đúng|sai|đã|sẽ|do|phải|không|có|được|những gì)\b)\w+")
_DEF_TERM_STOP_RE = re.compile(r"\b(?:không|chưa|chỉ|có thể|phải|cần|nếu|khi|thì|đã|sẽ|nào|gì|ai|đâu|mới)\b")
_QUESTION_WORD_RE = re.compile(r"\?|\b(?:gì|nào|ai|đâu|sao|bao nhiêu|bao lâu|mấy|hay không|được không|có không)\b")
# what a dossier holds asked ("gồm những gì", "cần giấy tờ gì"), as opposed to where it goes
_DOSSIER_CONTENT_Q_RE = re.compile(r"(?:giấy tờ|hồ sơ|tài liệu)\s+(?:gì|nào)|(?:gồm|cần|kèm)\s+(?:những\s+)?(?:gì|giấy tờ)|"
                                   r"những giấy tờ|thành phần hồ sơ")
_BODY_Q_RE = re.compile(r"\b(?:chính phủ|thủ tướng|bộ trưởng|bộ (?!luật)\w+|ủy ban|hội đồng nhân dân)\b")
# an amount of money asked ("lệ phí … bao nhiêu?", "mức phí …", "bị phạt thế nào?"): the cue "amount"; "kinh phí …
# lấy từ nguồn nào?" (a budget) and "số dư xử lý thế nào?" have the fee / penalty cue but ask for no amount
_AMOUNT_Q_RE = re.compile(r"bao nhiêu|mức|lệ phí|(?<!kinh )\bphí\b|tiền|phạt")
# a number of things asked ("được cấp mấy thẻ?", "gia hạn bao nhiêu lần?"): the cue "count" (a deadline, an age or a
# sum of money asked that way has its own cue); a share asked ("bao nhiêu phần trăm số hộ đồng ý?"): "percent"
_COUNT_Q_RE = re.compile(r"(?:bao nhiêu|mấy)\s+(?!(?:ngày|tháng|năm|tuần|giờ|phút|tuổi|tiền|lâu|phần trăm)\b)\w+")
# a list asked ("báo cáo gồm những số liệu gì?", "hồ sơ gồm những gì?", "phải nêu rõ những nội dung gì?", "những nơi
# nào bị cấm?"): the cue "list" — the answer is the items of a list, quoted after their lead
_LIST_Q_RE = re.compile(r"\b(?:gồm|bao gồm)\s+(?:những|các)\b|\bnhững\s+(?:\w+\s+){0,2}(?:gì|nào)\b")
# which conditions asked ("cần những điều kiện gì?", "phải đáp ứng các điều kiện nào?", "điều kiện để … là gì?"): the cue
# "conditions" — all of them are the answer, not the one sharing most words
_CONDITIONS_Q_RE = re.compile(r"\b(?:những|các)\s+điều kiện\b[^?]*\b(?:gì|nào)\b|\bđiều kiện\s+(?:gì|nào)\b"
                              r"|\bđiều kiện\b[^?]*\blà gì\b")
# the act a permission question asks about (cue "act:<syllables>" beside "permission"): what follows the last "có được /
# được phép / có quyền" ("Bộ trưởng có được ủy quyền cho cấp dưới …?" → "ủy quyền cho cấp dưới …"), or what comes before
# "có bị cấm / bị cấm" and before a bare "có được không?" ("Quay phim, chụp ảnh ở vùng cấm … có bị cấm không?"). A unit
# rewarded for a norm must state it of that act (``passages._norm_on_act``): "Tổ trưng cầu ý dân không được gạch xóa …
# phiếu …" answers no "có được tự thiết kế mẫu phiếu …?"
_PERMISSION_ACT_RE = re.compile(r"^(?P<before>.*)\b(?:(?P<may>có được|được phép|có quyền)|(?P<ban>có bị cấm|bị cấm|"
                                r"bị nghiêm cấm|có bị nghiêm cấm))\b(?P<after>[^?]*?)\s*\bkhông\s*\??\s*$")
# words around an act that are not the act by themselves: "tự / tự ý / tự mình thiết kế", "đem … đi cầm", "trực tiếp
# tư vấn", "làm" (generic: "làm chứng minh nhân dân"), "ở" (unigrams only: "làm_chứng", "tiếp_nhận" stay)
_ACT_FILLER = frozenset({"tự", "ý", "mình", "đem", "đi", "luôn", "trực", "tiếp", "làm", "ở"})


def act_terms(text: str) -> set[str]:
    """The terms an act is matched by: content syllables that are not ``_ACT_FILLER`` and syllable pairs "a_b" (not both
    stop words or fillers: "điều_động", whose "điều" is a stop word, "làm_chứng")."""
    syl = _syllables(text)
    uni = {w for w in syl if w not in _STOP and w not in _ACT_FILLER}
    weak = _STOP | _ACT_FILLER
    return uni | {f"{a}_{b}" for a, b in zip(syl, syl[1:]) if not (a in weak and b in weak)}


def permission_act(low: str) -> set[str]:
    """The terms (``act_terms``) of the act a lower-cased permission question asks about (``_PERMISSION_ACT_RE``)."""
    m = _PERMISSION_ACT_RE.search(low)
    if not m:
        return set()
    return act_terms(m.group("after") if m.group("may") and _syllables(m.group("after")) else m.group("before"))


# a sum of money the question states ("trộm cắp tài sản trị giá 10 triệu đồng …", "thu lợi bất chính trên 100 triệu
# đồng …"): the cue "band:<đồng>" — the unit whose band of values holds it is about that case (``passages._band_holds``);
# "trên / hơn / quá" a sum is just above it, "dưới" just below
_SUM_Q_RE = re.compile(r"(?:\b(trên|hơn|quá|dưới)\s+)?\b(\d+(?:,\d+)?)\s*(triệu|tỷ)\b|"
                       r"(?:\b(trên|hơn|quá|dưới)\s+)?\b(\d{1,3}(?:\.\d{3})+)\s*đồng\b")


def _sums(low: str) -> list[float]:
    """The sums of money (in đồng) the lower-cased question states (``_SUM_Q_RE``)."""
    out = []
    for m in _SUM_Q_RE.finditer(low):
        if m.group(2):
            cmp, v = m.group(1), float(m.group(2).replace(",", ".")) * (1e6 if m.group(3) == "triệu" else 1e9)
        else:
            cmp, v = m.group(4), float(m.group(5).replace(".", ""))
        out.append(v + 1 if cmp in ("trên", "hơn", "quá") else v - 1 if cmp == "dưới" else v)
    return out


# a quantity asked ("bao nhiêu", "mấy"): when no cue above names its kind, the cue "number"
_NUMBER_Q_RE = re.compile(r"\bbao nhiêu\b|\bmấy\b")
_PERCENT_Q_RE = re.compile(r"(?:bao nhiêu|mấy)\s+(?:phần trăm|%)|tỷ lệ (?:là )?bao nhiêu|bao nhiêu\s*%")

# a question asking for the steps of a procedure ("cầm tay chỉ việc"), and the article titles that give them: the
# answer quotes the whole article (its khoản are the steps), not its one best sentence
# ("thủ tục" alone is a noun in "nộp lệ phí khi làm thủ tục": only "thủ tục … như thế nào / gồm những gì" asks for steps;
# a yes/no question never does)
_STEPS_Q_RE = re.compile(r"trình tự|các bước|những bước|quy trình|làm (?:thế|như thế|sao) nào để|cách thức|"
                         r"(?:phải|cần) làm (?:gì|những gì)|thủ tục\b.*\b(?:như thế nào|thế nào|ra sao|gồm những|gồm các)")

# a negated qualifier of an open question ("giáo viên … không thuộc danh sách trả lương", "chưa đủ 18 tuổi"): the cue
# "neg:không thuộc" …; the unit stating the same negation is the one about that case ("3. Các đối tượng không thuộc quy
# định tại khoản 1 …"). Not the yes/no tail ("… có được … không?") nor "không được / không phải / không có / không thể" (the ask)
_NEG_PHRASE_RE = re.compile(r"\b(?:không|chưa)\s+(?!(?:được|phải|có|thể)\b)\w+(?=\s+\w)")

_TF_TAIL = re.compile(
    r"[\s,.;:–-]*(\(?\s*(đúng hay sai|đúng hoặc sai|đúng không|có đúng không|phải không|đúng\s*/\s*sai)\s*\)?)\s*[?.]*\s*$",
    re.I,
)
_CHOICE_RE = re.compile(r"(?:^|\n|\s)([A-D])[.)]\s+(.+?)(?=(?:\n|\s)[A-D][.)]\s+|\Z)", re.S)
_NEG_STEM = re.compile(
    r"không phải|không đúng|không thuộc|không bao gồm|không nằm|ngoại trừ|\btrừ\b|không được xem|không là", re.I
)


@dataclass
class QuestionInfo:
    text: str
    kind: str  # "yesno" | "choice" | "open"
    stem: str  # the statement (yes/no) or the question without choices
    cues: list[str] = field(default_factory=list)
    choices: dict[str, str] = field(default_factory=dict)
    negative_stem: bool = False


def _states_definition(low: str) -> bool:
    """Is the lower-cased open-kind text ``low`` a statement defining a term ("X là …", ``_DEF_STATEMENT_RE``)?"""
    if _QUESTION_WORD_RE.search(low) or re.search(r"[.;]\s+\w", low):
        return False  # a question, or several sentences (a case told, then a question on it: "Ông X là cán bộ … . Ông X …")
    m = _DEF_STATEMENT_RE.search(low)
    return bool(m) and not _DEF_TERM_STOP_RE.search(m.group("term"))


# the cue carrying the term a definition question asks ("defines:khiếu nại"; ``analyze_question``)
DEFINES_CUE = "defines:"


def term_asked(cues: list[str]) -> str | None:
    """The term of ``cues``' "defines:<term>" cue (a definition question), or None."""
    return next((c[len(DEFINES_CUE):] for c in cues if c.startswith(DEFINES_CUE)), None)


# "Viên chức bị đơn phương chấm dứt hợp đồng khi nào?": the question's subject (a short phrase opening the question)
# undergoes the act after "bị"; a provision where that subject is the one acting ("5. Viên chức … có quyền đơn phương
# chấm dứt hợp đồng …") answers another question (``passages.best_passage``). "bị cấm", "bị phạt", "bị xử lý" … name a
# sanction or a ban on the subject's own acts: no other party's act is asked; "X bị V thì …?" states a case and asks
# what follows from it.
PASSIVE_CUE = "passive:"
_PASSIVE_Q_RE = re.compile(r"^(?:(?:cho (?:tôi|em|mình) hỏi|xin hỏi|hỏi)\s*[,:]?\s*)?(?:khi\s+)?"
                           r"(?P<s>[^\W\d_](?:[\w]*)(?:\s+[^\W\d_]\w*){0,4}?)\s+(?:có thể\s+|sẽ\s+)?bị\s+"
                           r"(?P<v>[^\W\d_]\w*(?:\s+[^\W\d_]\w*){1,2})")
# "chuẩn bị", "dự bị", "thiết bị", "trang bị", "phòng bị": a word, not the passive marker
_BI_COMPOUND_HEADS = frozenset({"chuẩn", "dự", "thiết", "trang", "phòng"})
_PASSIVE_NOT_ACT_RE = re.compile(r"^(?:(?:nghiêm )?cấm|phạt|xử|kỷ luật|truy cứu|tạm giữ|tạm giam|bắt|mất|ảnh hưởng|thiệt hại|"
                                 r"ốm|bệnh|tai nạn|chết|thương|coi là|xem là|tính là)\b")


def passive_of(cues: list[str]) -> tuple[str, str] | None:
    """(subject, act) of ``cues``' "passive:<subject>|<act>" cue, or None."""
    c = next((c[len(PASSIVE_CUE):] for c in cues if c.startswith(PASSIVE_CUE)), None)
    return tuple(c.split("|", 1)) if c else None  # type: ignore[return-value]


def analyze_question(question: str, choices: dict[str, str] | None = None) -> QuestionInfo:
    q = _nfc(question).strip()
    found: dict[str, str] = dict(choices or {})
    stem = q
    if not found:
        matches = list(_CHOICE_RE.finditer(q))
        letters = [m.group(1) for m in matches]
        if len(matches) >= 2 and letters == sorted(letters) and letters[0] == "A":
            found = {m.group(1): m.group(2).strip() for m in matches}
            stem = q[: matches[0].start()].strip()
    if found:
        kind = "choice"
    elif _TF_TAIL.search(q):
        kind = "yesno"
        stem = _TF_TAIL.sub("", q).strip()
    else:
        kind = "open"
    low = stem.lower()
    cues = [name for name, (qpat, _) in _CUES.items() if qpat.search(low)]
    if kind != "open" and "permission" in cues:
        cues.remove("permission")  # a statement to judge or options to choose: the tail is no permission asked
    if "permission" in cues and (act := permission_act(low)):
        cues.append("act:" + " ".join(sorted(act)))
    if "definition" in cues and _REQUIREMENT_WHAT_RE.search(low) and not _DEFINITION_WORDS_RE.search(low):
        cues.remove("definition")
    if kind == "open" and "definition" not in cues and _states_definition(low):
        cues.append("definition")
    if kind == "open" and (term := asked_term(stem)) is not None:
        # "Thế nào là khiếu nại?", "“An ninh mạng” là gì?": the term asked (``passages.best_passage`` quotes the line
        # defining it; ``pipeline`` answers from the article holding that line)
        rest = low.replace(term, " ")
        # a cue read only in the term is not asked ("Thời hạn cung ứng là gì?" asks no deadline)
        cues[:] = [c for c in cues if c not in _CUES or c == "definition" or _CUES[c][0].search(rest)]
        if "definition" not in cues:
            cues.append("definition")
        cues.append(DEFINES_CUE + term)
    if "where" in cues and "dossier" in cues and not _DOSSIER_CONTENT_Q_RE.search(low):
        cues.remove("dossier")  # "nộp hồ sơ ở đâu?": where the dossier goes, not what it holds
    if kind == "open" and _STEPS_Q_RE.search(low) and not re.search(r"\bkhông\s*\??\s*$", low):
        cues.append("steps")
    if "time" in cues and _DURATION_Q_RE.search(low) and not _WHEN_Q_RE.search(low):
        cues.append("duration")
        units = {m.group(1) for m in _UNIT_Q_RE.finditer(low)}
        if len(units) == 1:  # one unit asked ("mấy ngày … hay mấy tháng?" asks none in particular)
            cues.append(f"unit:{units.pop()}")
    if ("fee" in cues or "penalty" in cues) and _AMOUNT_Q_RE.search(low):
        cues.append("amount")
    if kind == "open" and _LIST_Q_RE.search(low):
        cues.append("list")
    if kind == "open" and "condition" in cues and _CONDITIONS_Q_RE.search(low):
        cues.append("conditions")
    if _PERCENT_Q_RE.search(low):
        cues.append("percent")
    elif _COUNT_Q_RE.search(low):
        cues.append("count")
    if kind == "open" and _NUMBER_Q_RE.search(low) and not set(cues) & {"time", "fee", "age", "penalty", "percent", "count"}:
        cues.append("number")  # "kích thước bao nhiêu?", "tối đa bao nhiêu?": a quantity of no kind named above
    if kind == "open" and (m := _PASSIVE_Q_RE.match(low)) and not _PASSIVE_NOT_ACT_RE.match(m.group("v")) and (
            m.group("s").split()[-1] not in _BI_COMPOUND_HEADS) and not re.search(r"[.;]\s", low) and (
            not re.search(r"\b(?:thì|mà|nhưng)\b", low[m.start("v"):])):  # "X bị V thì …?" asks what follows
        cues.append(f"{PASSIVE_CUE}{m.group('s')}|{' '.join(m.group('v').split()[:2])}")
    if kind == "open":
        cues.extend(f"neg:{m.group(0)}" for m in _NEG_PHRASE_RE.finditer(low))
        cues.extend(f"band:{v:.0f}" for v in _sums(low))
    if kind != "open" or _BODY_Q_RE.search(low):
        # a statement to judge, options to choose, or a body named ("Bộ Giáo dục và Đào tạo … quy định việc liên thông
        # …"): often about who rules on the matter, which a delegation clause answers
        cues.append("exam")
    return QuestionInfo(
        text=q, kind=kind, stem=stem, cues=cues, choices=found,
        negative_stem=bool(kind == "choice" and _NEG_STEM.search(low)),
    )
