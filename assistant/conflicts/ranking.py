"""Ranking a finding without changing its label: how far the two sentences holding the clash restate each other
(``restatement``), parallel article titles (``_parallel_titles``), the Pháp điển đề mục of a side (``pd_topic``) and
the reasons a finding is probably a look-alike (``ranking_doubt``); ``pair.check_pair`` applies the weights.

Never drops a finding.

Rules
* the finding's confidence is scaled by how far the two sentences holding the clash are restatements of each other
  (Dice of content bigrams), more strongly for modal clashes — on codified text real conflicts are restatements with
  another value, while loose clashes between sentences that share a verb are the usual false alarms;
* parallel article titles ("… đơn vị tự bảo đảm chi thường xuyên" / "… tự bảo đảm một phần …") halve the confidence;
* article titles that name different matters (``title_overlap`` below ``TITLE_MATCH_MIN``: "Thu hồi giấy phép" /
  "Trình tự cấp lại giấy phép lao động") weigh the finding by ``TITLE_MISMATCH_WEIGHT``: on the Pháp điển batch the
  real clashes were between articles on one matter ("Thụ lý giải quyết khiếu nại" in the Law and in its circular),
  the look-alikes between two steps, procedures or subjects of one field; a side without a title is neutral
  (tests/test_conflicts_titles.py; eval/rescore_batch.py re-scores a batch report offline);
* provisions filed under different Pháp điển đề mục are ranked lower (often two regimes using the same words);
* look-alike doubts are weighed by ``DOUBT_WEIGHT`` and said in the explanation (tests/test_conflicts_ranking.py).
"""

from __future__ import annotations

import re
from typing import Sequence

from assistant.conflicts.analysis import _bigrams, _substitution, analyze
from assistant.conflicts.clauses import _ITEM_RE
from assistant.conflicts.modals import _REL_DUOC_RE
from assistant.conflicts.prevail import legal_rank
from assistant.conflicts.words import _GENERIC_ACTION, _WORD_RE, NUMBER_WORDS, _content, _norm, _seq_content
from assistant.records import ConflictSide

_TOPIC_RE = re.compile(r"Điều (\d+\.\d+)\.[A-ZĐ]+\.")


def pd_topic(side: ConflictSide) -> str | None:
    """The Pháp điển đề mục ("4.4") of a side, read from its citation ("Điều 4.4.TT.7.11 …"); None elsewhere. Two
    sides under two đề mục usually belong to two regimes (the answer path words such a finding as a difference)."""
    m = _TOPIC_RE.search(side.citation or "")
    return m.group(1) if m else None


def _title(text: str) -> str | None:
    """The article title: the first line of a multi-line provision, without final punctuation."""
    first, _, rest = _norm(text).strip().partition("\n")
    first = re.sub(r"\([^)]*\)", " ", first).strip()
    if not rest.strip() or len(first) > 400 or re.search(r"[.;:]\s*$", first) or _ITEM_RE.match(first.lower()):
        return None
    return first.lower()


def _parallel_titles(a_text: str, b_text: str) -> bool:
    """Titles about the same matter for different subjects: one word sequence stands in place of another."""
    ta, tb = _title(a_text), _title(b_text)
    if not ta or not tb:
        return False
    ca, cb = _content(ta), _content(tb)
    if not ca or not cb or len(ca & cb) / len(ca | cb) < 0.3:
        return False
    an_a, an_b = analyze(ta), analyze(tb)
    return _substitution(an_a, (0, len(an_a.lc)), an_b, (0, len(an_b.lc)))


def _sentence_at(text: str, pos: int) -> str:
    lc = _norm(text).lower()
    st = max(lc.rfind(x, 0, pos) for x in (". ", ";", "\n", ": ")) + 1
    ends = [i for i in (lc.find(". ", pos), lc.find(";", pos), lc.find("\n", pos)) if i >= 0]
    return lc[st : min(ends) if ends else len(lc)]


# article titles sharing less than this share of their content words name two matters (two steps or procedures of one
# field, two subjects): such a clash ranks lower (× TITLE_MISMATCH_WEIGHT); never drops or relabels a finding
TITLE_MATCH_MIN = 0.5
TITLE_MISMATCH_WEIGHT = 0.75


def title_overlap(a_text: str, b_text: str) -> float | None:
    """Jaccard of the content words of the two article titles (0..1), or None when a side has no title (a bare
    khoản, an unnumbered text)."""
    ta, tb = _title(a_text), _title(b_text)
    if not ta or not tb:
        return None
    ca, cb = _content(ta), _content(tb)
    if not ca or not cb:
        return None
    return len(ca & cb) / len(ca | cb)


def restatement(a_text: str, spans_a: Sequence[tuple[int, int]], b_text: str, spans_b: Sequence[tuple[int, int]]) -> float:
    """Dice overlap of the content bigrams of the two sentences holding the clash (0..1): 1 = the same sentence but
    for the clashing value or modal marker."""
    if not spans_a or not spans_b:
        return 0.0
    ba = _bigrams(_sentence_at(a_text, spans_a[0][0]))
    bb = _bigrams(_sentence_at(b_text, spans_b[0][0]))
    if not ba or not bb:
        return 0.0
    return 2 * len(ba & bb) / (len(ba) + len(bb))


# A finding the detectors accept can still be a look-alike: on the whole Pháp điển subset none of the modal findings
# read by hand was a real conflict. The checks below never change a label (the labelled pair sets are unaffected):
# they weigh the finding down and say why, so a real clash among them is still in the report, only lower.
DOUBT_WEIGHT = 0.4

_DEONTIC_RE = re.compile(r"(?<!\w)(?:vẫn phải|phải|có trách nhiệm|chịu trách nhiệm|có nghĩa vụ)(?!\w)")
_PRED_JOIN_RE = re.compile(r"(?:[,;(]|(?<!\w)(?:và|hoặc|nhưng|mà|thì|đồng thời|người|bên|để|sẽ|cũng|đều|không|đã|"
                           r"được|bị|cho|buộc))\s*$")
_CASE_OPEN_RE = re.compile(r"(?<!\w)(?:trừ trường hợp|trừ khi|nếu)(?!\w)"
                           r"|(?:^|[,;]|\d\.|[a-zđ]\))\s*(?:trong\s+)?trường hợp(?!\w)")
_REL_NOUN_RE = re.compile(
    r"(?<!\w)cho\s+(?:(?:các|những|một|mỗi|từng)\s+)?(?:đơn vị|tổ chức|cá nhân|người|tài sản|"
    r"đối tượng|hàng hóa|dự án|doanh nghiệp|cơ quan|hồ sơ|thiết bị)(?:\s+[^\W\d_]+){0,3}\s*$"
    r"|(?<!\w)(?:danh mục|các loại|những loại)(?:\s+[^\s,;:.]+){0,6}\s*$")
# "nhận được", "thu được": a result, when the marker is the bare "được" right after the verb ("cơ quan tiếp nhận không
# được …" is a subject and its ban)
_RESULT_VERB_RE = re.compile(r"(?<!\w)(?:nhận|thu|đạt|tìm|lấy|kiếm|nghe|thấy|nhìn)\s*$")
_SCOPE_TITLE_RE = re.compile(r"^(?:điều\s+[\w.]+\s+)?(?:đối tượng áp dụng|phạm vi điều chỉnh(?:\s+và\s+đối tượng áp dụng)?|"
                             r"giải thích từ ngữ)\b")
_SELF_REF_RE = re.compile(r"(?<!\w)(?:điều này|(?:của\s+)?(?:bộ luật|luật|nghị định|thông tư(?: liên tịch)?|nghị quyết|"
                          r"pháp lệnh|quyết định)\s+này)(?!\w)")
_LIGHT_HEAD = frozenset("thực tiến hiện hành".split())
_FUNCTION_WORDS = frozenset("""và hoặc của cho các những một tại theo trong đến từ với là được thì có này đó kể ngày làm việc
khi nếu thời hạn về do bởi mà để đã sẽ phải không như sau""".split())


def _plain_words(t: str) -> set[str]:
    """Word syllables of a sentence but function words and numbers (no stop list of legal words: "hợp nhất" counts)."""
    return {w for w in _WORD_RE.findall(t) if w not in _FUNCTION_WORDS and not w[0].isdigit() and w not in NUMBER_WORDS}


_DELEGATES_RE = re.compile(r"(?<!\w)quy định chi tiết\s+(?:(?:điểm|khoản|điều)\s+này|việc\s)|(?<!\w)theo quy định của\s+"
                           r"(?:chính phủ|bộ trưởng|thủ tướng)(?!\w)")
_APPLIES_TO_RE = re.compile(r"(?<!\w)(?:được\s+)?áp dụng\s+(?:đối với|cho)(?!\w)")
_BENEFICIARY_RE = re.compile(r"(?<!\w)(?:cho|đối với)\s+([^;.:]{3,160})[.;:]?\s*$")
# a value that fills its whole period ("7 ngày trong tuần", "24 giờ trong ngày"): availability, not a limit
_FULL_PERIOD_RE = re.compile(r"(?:0?7\s+ngày\s+trong\s+(?:một\s+)?tuần|24\s+giờ\s+trong\s+(?:một\s+)?ngày|"
                             r"12\s+tháng\s+trong\s+(?:một\s+)?năm)(?!\w)")


def _sentence_bounds(lc: str, pos: int) -> tuple[int, int]:
    st = max(lc.rfind(x, 0, pos) for x in (". ", ";", "\n", ": ")) + 1
    ends = [i for i in (lc.find(". ", pos), lc.find(";", pos), lc.find("\n", pos)) if i >= 0]
    return st, (min(ends) if ends else len(lc))


def _heads(action: str) -> set[str]:
    """First content syllables of each conjunct of an act (past a light verb: "thực hiện kiểm toán" → thực, kiểm)."""
    out: set[str] = set()
    for part in re.split(r"(?<!\w)(?:và|hoặc)(?!\w)|,", action):
        w = [x for x in _seq_content(part) if x not in _GENERIC_ACTION]
        out.update(w[:1])
        if w and w[0] in _LIGHT_HEAD:
            out.update(x for x in w[1:3] if x not in _LIGHT_HEAD)
    return out


def _subject_words(lc: str, pos: int) -> set[str]:
    """Content words before a modal marker in its sentence segment (after the last comma), conditions left out."""
    st, _en = _sentence_bounds(lc, pos)
    seg = lc[max(st, lc.rfind(",", st, pos) + 1) : pos]
    seg = re.sub(r"(?<!\w)(?:nếu|khi|trường hợp)\s[^,;.]*", " ", seg)
    seg = re.sub(r"^\s*(?:\d+\.|[a-zđ]\))\s*", " ", seg)
    return _plain_words(seg) - _GENERIC_ACTION


def _marker_doubt(lc: str, span: tuple[int, int], act: tuple[int, int] | None, title: str | None) -> str | None:
    """Why the modal marker at ``span`` is probably not the norm of its sentence, or None."""
    s, e = span
    st, en = _sentence_bounds(lc, s)
    before = lc[st:s]
    if title and _SCOPE_TITLE_RE.match(title):
        return "nằm trong điều về phạm vi, đối tượng áp dụng hoặc giải thích từ ngữ (mô tả đối tượng, không đặt ra quy tắc)"
    if _REL_NOUN_RE.search(before[-80:]) or (lc[s:e] == "được" and (
            _RESULT_VERB_RE.search(before) or _REL_DUOC_RE.search(before[-40:]))):
        return "là phần bổ nghĩa của một danh từ (\"… cho tổ chức không phải …\", \"danh mục … phải …\"), không phải vị ngữ"
    case = None
    for m in _CASE_OPEN_RE.finditer(before):
        case = m
    if case is not None and not re.search(r"(?<!\w)thì(?!\w)|,", before[case.end():]):
        return "nằm trong vế điều kiện/ngoại lệ (\"trường hợp …\", \"nếu …\", \"trừ trường hợp …\"), không phải quy tắc"
    tail = lc[e:en]
    for m in _DEONTIC_RE.finditer(tail):
        if not _PRED_JOIN_RE.search(tail[: m.start()]) and not re.search(
                r"(?<!\w)(?:danh mục|thuộc|loại|các|những)(?:\s+[^\W\d_]+){0,4}\s*$", tail[: m.start()]):
            return "thuộc cụm chủ ngữ của một quy định khác trong cùng câu (\"… được miễn … phải …\")"
    return None


def _line_at(lc: str, pos: int) -> str:
    return lc[lc.rfind("\n", 0, pos) + 1 : (lc.find("\n", pos) + 1 or len(lc) + 1) - 1]


def _khoan_at(lc: str, pos: int) -> str:
    """The khoản holding ``pos`` (from its "N." line to the next one), or the whole provision without numbered khoản."""
    starts = [m.start() for m in re.finditer(r"(?:^|\n)\s*\d+\.\s", lc)]
    st = max([x for x in starts if x <= pos], default=0)
    en = min([x for x in starts if x > pos], default=len(lc))
    return lc[st:en]


def _lead_case(lc: str, pos: int, other_line: str) -> bool:
    """The provision's lead-in before the marker opens a case ("… nhưng do … không thể giải quyết cho nghỉ phép thì được
    thanh toán … như sau:") about things the other side's khoản does not mention: the items below apply to that case."""
    lead_end = lc.rfind(":", 0, pos)
    if lead_end < 0:
        return False
    lead = lc[lc.rfind("\n", 0, lead_end) + 1 : lead_end]
    k = lead.rfind(" thì ")
    if k < 0:
        return False
    return len(_content(lead[:k]) - _content(other_line) - _GENERIC_ACTION) >= 2


def ranking_doubt(a: ConflictSide, b: ConflictSide, kind: str, spans_a: Sequence[tuple[int, int]],
                  spans_b: Sequence[tuple[int, int]]) -> str | None:
    """A reason to rank a finding low (its clash is probably a look-alike), in Vietnamese, or None. Never used to drop
    a finding.

    Modal findings: a marker that is not the norm of its sentence (inside a noun phrase, a case or an exception, the
    subject of another "phải …", an article on scope or definitions), two different acts (the head verbs of the two
    acts differ: "thực hiện kiểm toán" / "giao công việc kiểm toán"; one side's act is the other's condition), or a
    clause that sits under a case the other provision never mentions. Numeric findings: both deadlines are steps of each
    document's own procedure (each sentence refers to its own document: "hồ sơ quy định tại Điều 11 của Nghị định
    này" / "… Điều 40 của Luật này")."""
    if not spans_a or not spans_b:
        return None
    la, lb = _norm(a.text).lower(), _norm(b.text).lower()
    ta, tb = _title(a.text), _title(b.text)
    if kind == "modality":
        for lc, sp, title in ((la, spans_a, ta), (lb, spans_b, tb)):
            why = _marker_doubt(lc, sp[0], sp[1] if len(sp) > 1 else None, title)
            if why:
                return f"Dấu hiệu quy phạm {why}."
        subj_a, subj_b = _subject_words(la, spans_a[0][0]), _subject_words(lb, spans_b[0][0])
        # ("cơ quan … không được yêu cầu nộp X" / "người nộp hồ sơ phải nộp X": a ban on asking addresses the other
        # party's duty, so the two subjects differ by design)
        shifted = any(len(sp) > 1 and re.match(r"\s*(?:yêu cầu|buộc|bắt)(?!\w)", lc[sp[1][0] : sp[1][1]])
                      for lc, sp in ((la, spans_a), (lb, spans_b)))
        if (not shifted and subj_a and subj_b and len(subj_a - subj_b) >= 2 and len(subj_b - subj_a) >= 2
                and len(subj_a & subj_b) / len(subj_a | subj_b) >= 0.3):
            # (one noun named with two different modifiers: "tem bưu chính Việt Nam" / "tem bưu chính nước ngoài"; two
            # unrelated subject phrases are often one addressee named otherwise: "người sử dụng lao động" / "doanh nghiệp")
            return "Hai bên quy định cho hai chủ thể/đối tượng khác nhau (phần trước dấu hiệu quy phạm khác nhau)."
        if len(spans_a) > 1 and len(spans_b) > 1 and not shifted:
            acta, actb = la[spans_a[1][0] : spans_a[1][1]], lb[spans_b[1][0] : spans_b[1][1]]
            ha, hb = _heads(acta), _heads(actb)
            if ha and hb and not ha & hb and not ha & set(_WORD_RE.findall(actb)) and not hb & set(_WORD_RE.findall(acta)):
                return "Hai bên quy định hai hành vi khác nhau (động từ chính khác nhau)."
            for lx, sx, acty in ((la, spans_a, actb), (lb, spans_b, acta)):
                st, _en = _sentence_bounds(lx, sx[0][0])
                pre = lx[st : sx[0][0]]
                k = pre.rfind(" thì ")
                wy = set(_seq_content(acty)) - _GENERIC_ACTION
                if k >= 0 and wy and len(wy & set(_seq_content(pre[:k]))) / len(wy) >= 0.6:
                    return "Hành vi của bên này là điều kiện (\"… thì …\") của quy định bên kia, không phải cùng một hành vi."
        ra, rb = legal_rank(a), legal_rank(b)
        if ra is not None and rb is not None and ra != rb:
            hl, hs = (la, spans_a[0][0]) if ra < rb else (lb, spans_b[0][0])
            if _DELEGATES_RE.search(_khoan_at(hl, hs)):
                return ("Văn bản cấp trên giao quy định chi tiết chính nội dung này (\"… quy định chi tiết khoản này\"): "
                        "văn bản cấp dưới có thể chỉ là quy định chi tiết được giao.")
        if _lead_case(la, spans_a[0][0], _line_at(lb, spans_b[0][0])) or _lead_case(lb, spans_b[0][0], _line_at(la, spans_a[0][0])):
            return "Một bên chỉ áp dụng cho một trường hợp riêng nêu ở phần dẫn của điều mà bên kia không đề cập."
    elif kind == "numeric":
        (sa0, sa1), (sb0, sb1) = _sentence_bounds(la, spans_a[0][0]), _sentence_bounds(lb, spans_b[0][0])
        if _SELF_REF_RE.search(la[sa0:sa1]) and _SELF_REF_RE.search(lb[sb0:sb1]):
            return ("Mỗi thời hạn gắn với thủ tục riêng của văn bản chứa nó (cả hai câu dẫn chiếu điều khoản của chính văn "
                    "bản mình): có thể là hai thủ tục khác nhau.")
        for lx, sp in ((la, spans_a[0]), (lb, spans_b[0])):
            st, _en = _sentence_bounds(lx, sp[0])
            ap = None
            for ap in _APPLIES_TO_RE.finditer(lx, st, sp[0]):
                pass
            if ap is not None and not re.search(r"(?<!\w)là(?!\w)", lx[ap.end() : sp[0]]):
                return ("Số liệu của một bên nằm trong phần mô tả đối tượng áp dụng (\"… áp dụng đối với người … ít nhất "
                        "…\"), không phải mức của quy định.")
            if _FULL_PERIOD_RE.match(lx, sp[0]):
                return "Một bên nói về thời gian phục vụ suốt cả kỳ (\"7 ngày trong tuần\", \"24 giờ trong ngày\"), không phải thời hạn."
        qa = analyze(a.text[spans_a[0][0] : spans_a[0][1]]).quantities
        qb = analyze(b.text[spans_b[0][0] : spans_b[0][1]]).quantities
        ra_, rb_ = legal_rank(a), legal_rank(b)
        if ra_ is not None and ra_ == rb_ and qa and qb and qa[0].bound == qb[0].bound == "range" and qa[0].cat == qb[0].cat and (
                (qa[0].lo >= qb[0].lo - 1e-9 and qa[0].hi <= qb[0].hi + 1e-9)
                or (qb[0].lo >= qa[0].lo - 1e-9 and qb[0].hi <= qa[0].hi + 1e-9)):
            return "Khoảng giá trị của bên này nằm trong khoảng của bên kia: một bên thu hẹp, không trái với bên kia."
        # the beneficiary/object named after the value ("cho …", "đối với …", to the sentence end) differs on each side ("… cấp Giấy đăng ký
        # hoạt động cho công ty luật hợp nhất" / "… cho chi nhánh, công ty luật nước ngoài")
        ben_a, ben_b = _BENEFICIARY_RE.search(la, spans_a[0][1], sa1), _BENEFICIARY_RE.search(lb, spans_b[0][1], sb1)
        sent_a, sent_b = _plain_words(la[sa0:sa1]), _plain_words(lb[sb0:sb1])
        if ben_a and ben_b and len(_plain_words(ben_a.group(1)) - sent_b) >= 2 and len(_plain_words(ben_b.group(1)) - sent_a) >= 2:
            return "Sau số liệu, mỗi câu nêu đối tượng/việc mà câu kia không có: có thể là hai đối tượng hoặc hai bước khác nhau."
    return None
