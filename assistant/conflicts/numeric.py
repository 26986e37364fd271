"""The numeric detector (``detect_numeric``): two clauses about the same matter (lexically, or by meaning where a
paraphrase is expected) stating values that disagree, with the guards of legal practice (one provision stating
both values, bands of one scale, another bare number differing, a condition or anchor on one side only, different
periods, numbers belonging to different things).

Does not split provisions into clauses (``clauses``) nor rank findings (``ranking``, ``pair``).

Rules
* values and bounds come from ``quantities``: a value inside the other's limit or range is consistent; the clause
  pair must be about the same thing (``analysis._same_scope``; a different competent authority is a different subject).
* real text (Pháp điển): one provision stating both values (two cases or a transition), bands of one scale ("từ X
  đến dưới Y"), another bare number (coefficient) differing, a condition on one side only → no conflict (a list
  lead-in or a dated transitional rule on one side only: ``pair``); one-sided extra words rank lower.
* by meaning (``semantic``, where ``retelling`` expects a paraphrase; a local HĐND/UBND decision against a central
  text gets the number meaning check of retellings): a condition told only by the retelling does not block a value
  clash, a qualifier negated on one side only does (``guards._neg_phrase_contrast``); class identifiers ("loại
  T16"/"hạng B2") and two differently named classes block the meaning fallback (``words._ident_clash``).
* the e5 threshold of that fallback is RETOLD_SEMANTIC_MIN (0.86, h-conf12) when one side retells the other,
  SEMANTIC_MIN (0.90) otherwise: in retellings the gates above hold the false alarms.
* retold pairs only (h-conf11): a retelling or local decision that commits to serve a filing sooner than the law's
  limit is inside the limit (``_faster_service``: both clocks start at the body's receipt of the filing; a restated
  cap "Thời hạn … tối đa 30 ngày" still clashes); a deadline counted "sau khi" another step is another anchor; two
  contrasting scopes ("trong nước" / "quốc tế", ``guards._scope_contrast``) each have their own value.
* retold pairs only (h-conf20): a provision with two values for two cases ("30% … báo hoặc 40% … tạp chí", "ít nhất
  40 ngày đối với … Thủ tướng Chính phủ và ít nhất 30 ngày đối với …", "1. … quảng bá … 10% … 2. … trả tiền … 5%") is
  compared by the case the other text names (``_case_decision``): the other case's value applied to it clashes, a value
  of the case it does not name is not compared; a worked example told as two days of the week or as two dates is
  compared with the law's minimum lead time (``_example_vs_lead``).
* two ranked legal texts of different rank, one clause each (h-num23, ``pair._formal_pair``): the meaning fallback
  runs when the clauses share at least FORMAL_MIN_OVERLAP of their words and count in one unit, unless a subject word
  is swapped after a shared head ("nơi thường trú" / "nơi tạm trú": ``_subject_swap``) or one clause alone names
  another procedure ("cấp lại", "gia hạn", "tạm") or a case by reference ("quy định tại điểm d khoản 1 Điều 35";
  ``_formal_case``).
Provenance: real-text false alarms of the Pháp điển batch (tests/test_conflicts.py); retellings from dev5, class
identifiers from dev6 (tests/test_conflicts_dev5.py, _dev6.py); false alarms of dev3/dev7/dev9/dev10 retellings
(tests/test_conflicts_conf11.py).
"""

from __future__ import annotations

import re

from assistant.conflicts.analysis import Analysis, _same_scope, _without_exceptions
from assistant.conflicts.findings import Finding
from assistant.conflicts.guards import (
    _COND_THI_RE, _DOIVOI_RE, _cond_substitution, _disjoint_scopes, _neg_phrase_contrast, _scope_contrast,
)
from assistant.conflicts import quantities as _q
from assistant.conflicts.quantities import WEEKDAY_SPANS, Quantity, is_date_gap, _agree, _comparable, _days, _q_interval
from assistant.conflicts.semantic import (
    _CASE_MARK_RE, SEMANTIC_MAX_OVERLAP, SEMANTIC_MIN, _age_floor, _lexical_overlap, _same_limit_kind, _template_swap,
    _workday_span_differs, clause_similarity,
)
from assistant.conflicts.words import _IDENT_TOKEN_RE, _WORD_RE, NUMBER_WORDS, STOPWORDS, _content, _ident_clash, canon

_ATTACH_STOP = frozenset("tối thiểu đa không quá ít nhất từ trong là thời gian hạn cho của phải được với bằng mức có".split())


def _attached(an: Analysis, q: Quantity, n: int = 5) -> set[str]:
    """Content words between the previous quantity (or clause start) and this one: what the number belongs to."""
    start = q.clause[0]
    for o in an.quantities:
        if o.clause == q.clause and o.span[1] <= q.span[0]:
            start = max(start, o.span[1])
    seg = an.lc[start : q.span[0]]
    seg = re.split(r"[,;:]|(?<!\w)(?:hoặc|và)(?!\w)", seg)[-1]
    words = [w for w in _WORD_RE.findall(seg) if not w[0].isdigit()
             and w not in _ATTACH_STOP]
    return set(words[-n:])


_COND_RE = re.compile(r"(?:^|(?<=[\s,]))(?:khi|nếu|trong trường hợp|trường hợp)\s+([^,;.:]*?)(?:\s+thì(?!\w)|,)")
_NUM_TOKEN_RE = re.compile(r"(?<![\w/.,])\d+(?:[.,]\d+)*(?![\w/])")


SUBJECT_COUNT = True  # h-conf14 switch for measurement
_SUBJECT_COUNT_RE = re.compile(r"^\W*(?:[a-zđ]\)\s*|\d+\.\s*)?(?:các\s+|những\s+)?(?P<n>\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+"
                               r"(?P<w>[^\W\d_]+)(?!\w)")


def _subject_count(text_lc: str) -> tuple[str, str] | None:
    """A clause opening with a number of members ("Hai doanh nghiệp …", "Ba thành viên …"): (number, noun)."""
    m = _SUBJECT_COUNT_RE.match(text_lc)
    if not m or m.group("w") in ("ngày", "tháng", "năm", "tuần", "giờ", "lần", "tuổi", "phần", "mươi", "trăm", "nghìn", "triệu", "tỷ"):
        return None
    return m.group("n"), m.group("w")


def _has_value(an: Analysis, q: Quantity) -> bool:
    """Does the provision state the value of ``q`` somewhere (same kind, same number)?"""
    return any(o.cat == q.cat and abs(o.lo - q.lo) < 1e-9 and abs(o.hi - q.hi) < 1e-9 for o in an.quantities)


# h-conf25 switch: a provision that states two values for two things in two clauses ("… đóng kinh phí công đoàn bằng 2%
# quỹ tiền lương …; đoàn viên công đoàn đóng đoàn phí … tối đa bằng 1% tiền lương …") does not explain the other text's
# value ("Doanh nghiệp đóng kinh phí công đoàn theo mức 1% quỹ tiền lương …") when the clause of the compared value
# names every content word of the other text's clause that the clause holding the equal value names, and at least
# TWO_VALUES_WORDS more ("doanh nghiệp", "kinh phí", "quỹ", "người lao động"): it told the 1% of đoàn phí as kinh phí.
# Only where the meaning comparison runs (a retold pair, or two one-clause legal texts: ``pair._formal_pair``): between
# two whole articles of the Pháp điển batch it let parallel articles' values through (h-conf14's warning, seen again)
TWO_VALUES_CLAUSE = True
TWO_VALUES_WORDS = 3


def _better_clause(an_own: Analysis, q_own: Quantity, q_eq: Quantity, an_other: Analysis, q_other: Quantity,
                   full: Analysis | None = None) -> bool:
    """``TWO_VALUES_CLAUSE``: ``q_eq`` (in ``full``, else in ``an_own``) states ``q_other``'s value in another clause than
    ``q_own``'s: does ``q_own``'s clause name every word of ``q_other``'s clause that ``q_eq``'s clause names, and at
    least TWO_VALUES_WORDS more?"""
    if not TWO_VALUES_CLAUSE:
        return False
    full = full or an_own
    own_text = an_own.lc[q_own.clause[0] : q_own.clause[1]].strip()
    eq_text = full.lc[q_eq.clause[0] : q_eq.clause[1]].strip()
    if not own_text or not eq_text or own_text in eq_text or eq_text in own_text:
        return False  # one clause states both values (two cases of one sentence)
    if re.search(r"(?<!\w)quy định tại(?!\w)", eq_text):
        return False  # "Không quá 05 ngày làm việc đối với trường hợp quy định tại các Điều 19, 20 …": a case named by
        # reference, whose words cannot be compared
    words = _content(an_other.lc[q_other.clause[0] : q_other.clause[1]])
    miss_own, miss_eq = words - _content(own_text), words - _content(eq_text)
    return not (miss_own - miss_eq) and len(miss_eq - miss_own) >= TWO_VALUES_WORDS


def _value_for_other(full: Analysis, q_other: Quantity, an_own: Analysis, q_own: Quantity, an_other: Analysis) -> bool:
    """``full`` (the provision holding ``q_own`` in its unit ``an_own``) states ``q_other``'s value too: only in other
    clauses that ``q_other``'s clause matches clearly worse than ``q_own``'s (``_better_clause``)?"""
    eqs = [o for o in full.quantities
           if o.cat == q_other.cat and abs(o.lo - q_other.lo) < 1e-9 and abs(o.hi - q_other.hi) < 1e-9]
    return bool(eqs) and all(_better_clause(an_own, q_own, o, an_other, q_other, full) for o in eqs)


NEW_READINGS_RETOLD_ONLY = True  # h-conf14 switch for measurement


def _retold_only_reading(q: Quantity) -> bool:
    """Days of the year ("ngày 15/8 năm báo cáo") and digit shares ("3/4", "2/3") are compared only where one text retells
    the other (``semantic``): between two central documents they named different reports and different councils'
    quorums in the Pháp điển batch (17 findings, h-conf14), where the lexical alignment cannot tell them apart."""
    return q.cat == "annual" or (q.cat == "percent" and "/" in q.raw and "tháng" not in q.raw) or q.retold


# Tried by h-conf14 and dropped: a value one provision states twice and the other once is not explained by the other
# ("Thời hạn … là 90 ngày; … gia hạn thêm tối đa 90 ngày nữa" / "… 90 ngày … gia hạn … không quá 60 ngày"): +1 on
# dev14 (D14-035), but in the Pháp điển batch it let parallel provisions through that state both values in one and one
# value in the other ("… sơ thẩm là 15 ngày" / "… theo thủ tục rút gọn là 07 ngày").


def _tiers(qa: Quantity, qb: Quantity) -> bool:
    """Two bands of one scale, not two values for one thing: "từ 10% đến dưới 20%" / "từ 20% đến dưới 30%",
    "từ đủ 15 tuổi đến chưa đủ 18 tuổi" / "chưa đủ 15 tuổi" (age bands name groups of people)."""
    if qa.point or qb.point or {qa.bound, qb.bound} == {"eq", "range"}:
        return False  # a value ("18 tuổi", "đủ 18 tuổi") is one case, not the next band ("từ đủ 18 tuổi trở lên"):
        # outside the range it clashes (``_agree``)
    (a0, a1), (b0, b1) = _q_interval(qa), _q_interval(qb)
    disjoint = a1 <= b0 or b1 <= a0
    if not disjoint:
        return False
    if "dưới" in qa.raw or "dưới" in qb.raw:
        return True
    return qa.cat == "age" and "range" in (qa.bound, qb.bound)


# the later numbers of a list of references: "các khoản 1, 2 và 3", "điểm a, b khoản 1, 2"
_REF_LIST_RE = re.compile(r"(?<!\w)(?:điều|khoản|điểm|mục|chương)\s+[\wđ]+(?:\s*,\s*[\wđ]+)*\s*(?:,|và|hoặc)\s*$")


def _other_numbers(an: Analysis, span: tuple[int, int], skip: tuple[int, int]) -> list[str]:
    """Bare numbers of a clause outside the clashing quantity (coefficients, grades, ranges without unit)."""
    out = []
    for m in _NUM_TOKEN_RE.finditer(an.lc, span[0], span[1]):
        if skip[0] <= m.start() < skip[1]:
            continue
        if any(q.span[0] <= m.start() < q.span[1] for q in an.quantities):
            continue
        if re.search(r"(?:điều|khoản|điểm|số|năm|tháng|ngày|chương|mục|phụ lục|lớp|hạng|nhóm|loại)\s*$", an.lc[max(0, m.start() - 10) : m.start()]):
            continue
        if _REF_LIST_RE.search(an.lc[max(0, m.start() - 60) : m.start()]):
            continue  # "các khoản 1, 2 và 3 Điều 5": a list of references, not a coefficient (h-conf13)
        nxt = re.match(r"\s*([^\W\d_]+)", an.lc[m.end() : m.end() + 20])
        if nxt and nxt.group(1) not in ("đến", "tới", "trở", "và", "hoặc", "thì"):
            continue  # a number with a unit word is a quantity (or a count), not a bare coefficient
        out.append(m.group(0).replace(",", "."))
    return sorted(out)


def _one_sided_condition(xa: Analysis, span_a: tuple[int, int], xb: Analysis, span_b: tuple[int, int], full_b: Analysis,
                         value: tuple[int, int] | None = None) -> bool:
    """A condition ("khi …", "nếu …", "trường hợp … thì") in clause A whose content the other provision lacks. A
    condition that holds the compared value itself (``value``: "Kê khai bổ sung được thực hiện khi … có biến động …
    từ 300.000.000 đồng trở lên") is the rule's own threshold, not a special case (h-conf17)."""
    for m in (list(_COND_THI_RE.finditer(xa.lc, span_a[0], span_a[1])) + list(_COND_RE.finditer(xa.lc, span_a[0], span_a[1]))
              + [d for d in [_DOIVOI_RE.match(xa.lc, span_a[0], span_a[1])] if d]):
        if any(es <= m.start() < ee for _c, _r, (es, ee) in xa.exceptions):
            continue  # "… trừ trường hợp cần thiết phải hòa giải ngay khi chứng kiến vụ, việc": the exception's own case
        if (COND_HOLDS_VALUE and value is not None and m.re is not _DOIVOI_RE
                and (m.group(0).startswith("khi") or (COND_IF_HOLDS_VALUE and m.group(0).startswith("nếu")))
                and m.start(1) <= value[0] < span_a[1]
                and len(_WORD_RE.findall(xa.lc[span_a[0] : m.start()])) >= 2
                and not re.search(r"(?<!\w)thì(?!\w)|[;.:]", xa.lc[m.start(1) : value[0]])):
            continue  # a "khi" condition after the main clause ("Kê khai bổ sung được thực hiện khi …") runs to the
            # clause's end, past a list comma ("… về tài sản, thu nhập … từ 300.000.000 đồng"); "Khi X, Y N" keeps X
            # apart, and so does a postposed "trong trường hợp …": an alternative case ("là 02 năm hoặc bằng … trong
            # trường hợp … còn ít hơn 02 năm", Thông tư 13/2018/TT-BTTTT in the Pháp điển batch)
        cond = m.group(1)
        if DEFAULT_RULE_COND:
            # "Trường hợp các bên không có thoả thuận về số lượng Trọng tài viên thì …", "nếu pháp luật không có quy
            # định khác": the law's default, for parties that agreed nothing else — the general rule a retelling
            # restates, not a special case; what the agreement is about ("số lượng Trọng tài viên") still counts
            # (h-conf19)
            cond = _DEFAULT_COND_RE.sub(" ", cond)
        c = _content(cond) - STOPWORDS
        if len(c - xb.content) >= 2:
            return True
    # a case defined by reference ("đối với trường hợp quy định tại điểm c khoản 1 Điều 31") on one side only
    ref = re.search(r"(?:đối với|trong)\s+(?:các\s+)?trường hợp\s+quy định tại\s+((?:điểm\s+\w+\s+)?(?:khoản\s+\d+\s+)?điều\s+\d+)",
                    xa.lc[span_a[0] : span_a[1]])
    if ref and ref.group(1) not in xb.lc:
        return True
    return False


AGREED_CASE = True  # h-conf19 switch
DEFAULT_RULE_COND = True  # h-conf19 switch: "các bên không có thỏa thuận (khác)" is the law's default, not a case
COND_IF_HOLDS_VALUE = True  # h-conf19 switch: a postposed "nếu" condition holding the compared value is the rule's own
# threshold, like "khi" ("Di chúc miệng được coi là hợp pháp nếu … trước mặt ít nhất hai người làm chứng")
_DEFAULT_COND_RE = re.compile(
    r"(?:(?:các|hai)\s+bên(?:\s+(?:tranh chấp|đương sự))?\s+)?(?:không|chưa)\s+(?:có\s+)?(?:thỏa|thoả)\s+thuận(?:\s+khác)?(?:\s+về)?"
    r"|(?:hoặc\s+)?(?:luật|pháp luật)(?:\s+(?:khác|chuyên ngành))?\s+không\s+(?:có\s+)?quy\s+định\s+khác")
# (a rule-maker the law defers to — "hoặc quy tắc tố tụng của Trung tâm trọng tài không có quy định khác" — stays a case:
# a centre's own rule with another value is the law's exception, D19-020)
_NO_AGREEMENT_RE = re.compile(r"(?<!\w)(?:không|chưa)\s+(?:có\s+)?(?:thỏa|thoả)\s+thuận(?!\s+khác)")
_AGREED_RE = re.compile(r"(?<!không )(?<!chưa )(?<!không có )(?<!chưa có )(?<!\w)(?:các|hai)\s+bên\s+(?:đã\s+)?(?:thỏa|thoả)\s+thuận(?!\s+khác)")


def _agreed_case(xa: Analysis, span_a: tuple[int, int], xb: Analysis) -> bool:
    """Clause A gives the law's default for parties that have not agreed ("Trường hợp các bên không có thoả thuận về số
    lượng Trọng tài viên thì … ba Trọng tài viên"); the other text states what the parties agreed ("Các bên thỏa thuận
    … một Trọng tài viên duy nhất"): the agreement the law leaves to them, not a clash of values. (h-conf19)"""
    return bool(_NO_AGREEMENT_RE.search(xa.lc, span_a[0], span_a[1])) and bool(_AGREED_RE.search(xb.lc))


def _periods(t: str) -> set[str]:
    return set(re.findall(r"(?<!\w)(?:mỗi|hằng|hàng|sau mỗi)\s+(tuần|tháng|năm|ngày|ca|quý|kỳ|lần)(?!\w)", t))


_ANCHOR_RE = re.compile(r"(?<!\w)(?:kể từ|tính từ)\s+(?:ngày|khi|thời điểm)\s+([^,;.:]{4,160})")
# "trong vòng 07 ngày làm việc sau khi cấp Giấy chứng nhận": an event told with "sau khi" is an anchor too (AFTER_ANCHOR)
_AFTER_ANCHOR_RE = re.compile(r"(?<!\w)(?:(?:kể từ|tính từ)\s+(?:ngày|khi|thời điểm)|(?<=\d\s)(?:\w+\s+){0,3}sau\s+khi)\s+([^,;.:]{4,160})")
AFTER_ANCHOR = True  # h-conf11 switch for measurement
ANCHOR_EVENT_ONLY = True  # h-conf13 switch: compare the anchors' events without the purpose clause that follows
SCOPE_CONTRAST_GUARD = True  # h-conf11: "dịch vụ bưu chính trong nước" / "dịch vụ chuyển phát quốc tế" in a retelling
COND_HOLDS_VALUE = True  # h-conf17 switch: a condition holding the compared value is the rule's threshold


_BEFORE_EVENT_RE = re.compile(r"(?<!\w)trước\s+(?:\d+|khi|ngày)")
_FULL_SPAN_BEFORE_RE = re.compile(r"(?<!\w)(?:đủ|tròn)\s+(?:\S+\s+){1,3}(?:ngày|tuần|tháng|quý|năm)\s*$")


def _before_event(t: str) -> bool:
    """A time counted back from an event ("trước 60 ngày dự kiến giải thể", "30 ngày trước khi …"); with
    ``quantities.FULL_SPAN_NOT_LEAD`` not a length completed before it ("thực hành … đủ mười tám tháng trước khi đề
    nghị …"), which is no other anchor than "kể từ ngày …"."""
    return any(not (_q.FULL_SPAN_NOT_LEAD and _FULL_SPAN_BEFORE_RE.search(t[max(0, m.start() - 40) : m.start()]))
               for m in _BEFORE_EVENT_RE.finditer(t))


def _different_anchor(xa: Analysis, sa: tuple[int, int], xb: Analysis, sb: tuple[int, int], after: bool = False,
                      filing: bool = False) -> bool:
    """Deadlines counted from different events ("kể từ ngày tổ chức bị giải thể" / "kể từ ngày cơ quan … thông báo";
    "kể từ ngày nhận đủ hồ sơ" / "07 ngày làm việc sau khi cấp Giấy chứng nhận": two steps of one procedure)."""
    rx = _AFTER_ANCHOR_RE if AFTER_ANCHOR and after else _ANCHOR_RE
    ma, mb = rx.search(xa.lc, sa[0], sa[1]), rx.search(xb.lc, sb[0], sb[1])
    before_a = _before_event(xa.lc[sa[0] : sa[1]])
    before_b = _before_event(xb.lc[sb[0] : sb[1]])
    if (ma and before_b and not mb) or (mb and before_a and not ma):
        return True  # "kể từ ngày giải thể" vs "trước 60 ngày dự kiến giải thể"
    if not ma or not mb:
        return False
    ea, eb = ma.group(1), mb.group(1)
    if ANCHOR_EVENT_ONLY:
        # the event ends where a purpose or a consequence starts: "kể từ khi nhận biên bản hòa giải thành để chuẩn bị
        # ra quyết định công nhận" — the anchor is the receipt of the record, not the decision (h-conf13)
        ea, eb = (re.split(r"\s(?:để|nhằm|thì|mà|nếu)\s", e, maxsplit=1)[0] for e in (ea, eb))
    ca, cb = _content(ea), _content(eb)
    if not ca or not cb:
        return False
    if ANCHOR_SAME_EVENT and _same_event(ea, eb):
        return False
    if filing and ANCHOR_FILING_OF and (_filing_of(ea, eb, xa.lc[sa[0] : sa[1]]) or _filing_of(eb, ea, xb.lc[sb[0] : sb[1]])):
        return False
    return len(ca & cb) / min(len(ca), len(cb)) < 0.5


# h-num22 switch: one event told in other words ("kể từ ngày Tòa án nhận được biên bản …" / "kể từ khi nhận biên bản
# hòa giải thành"; "kể từ ngày người có quyền yêu cầu biết hoặc phải biết quyền …" / "kể từ ngày biết quyền lợi bị xâm
# phạm"; "kể từ ngày được cơ quan … phê duyệt" / "kể từ ngày quy hoạch được cấp có thẩm quyền phê duyệt") is one anchor:
# the actor named or not, the same verb and the same (or an unnamed) object. The word overlap test alone took 8 gold
# conflicts of dev…dev20 for two anchors and 2 hard negatives ("nhận đủ hồ sơ" / "được cấp giấy phép").
# Tried and dropped: any two filings received as one object ("nhận được khiếu nại" / "Trại nhận đơn", D12-009) — in the
# Pháp điển batch it joined two procedures' receipts ("nhận được kiến nghị của cử tri" / "nhận được khiếu nại", "hồ sơ
# đề nghị buộc chấp hành" / "đơn kháng cáo quá hạn"); and objects sharing one syllable ("văn bản lấy ý kiến" / "ý kiến
# kiểm tra"): the object must share two words in a row ("biên bản").
ANCHOR_SAME_EVENT = True
# the event verbs deadlines are counted from ("nhận" of "chứng nhận", "công nhận", "xác nhận" and "cấp" of "cấp có thẩm
# quyền", "cấp tỉnh" are not events)
_EVENT_VERB_RE = re.compile(
    r"(?<!\w)(?:phê duyệt|thụ lý|chỉ định|ban hành|công bố|thông báo|ký kết|có hiệu lực|kết thúc|hết hạn|"
    r"(?:tiếp )?nhận|biết|cấp(?!\s+(?:có thẩm quyền|tỉnh|huyện|xã|trên|dưới|trung ương))|nộp|ký|sinh|chết|xảy ra|"
    r"phát hiện|bàn giao|khai trương|thành lập|giải thể|tuyển chọn|tuyển dụng|bổ nhiệm)(?!\w)"
)


def _event(e: str) -> tuple[str, set[tuple[str, str]], bool] | None:
    """(verb, content bigrams of its object, object named) of an anchor's event; None without a known event verb."""
    m = next((m for m in _EVENT_VERB_RE.finditer(e) if not re.search(r"(?:chứng|công|xác)\s+$", e[: m.start()])), None)
    if m is None:
        return None
    verb = "nhận" if m.group(0) == "tiếp nhận" else m.group(0)
    rest = re.split(r"(?<!\w)(?:theo|quy định tại)(?!\w)", e[m.end():], maxsplit=1)[0]  # not the reference after it
    rest = re.sub(rf"(?<!\w){re.escape(m.group(0))}(?!\w)|(?<!\w)được(?!\w)", " ", rest)
    words = [w for w in _WORD_RE.findall(rest) if not w[0].isdigit()]
    pairs = {(x, y) for x, y in zip(words, words[1:]) if x not in STOPWORDS or y not in STOPWORDS}
    return verb, pairs, bool(_content(rest))


def _same_event(ea: str, eb: str) -> bool:
    """Two anchors naming one event: the same verb, and objects sharing two words in a row, or one object unnamed."""
    va, vb = _event(ea), _event(eb)
    if va is None or vb is None or va[0] != vb[0]:
        return False
    return not va[2] or not vb[2] or bool(va[1] & vb[1])


# h-conf25 switch: a receipt of a bare filing ("kể từ khi tiếp nhận hồ sơ") is the receipt of what the other anchor names
# ("kể từ ngày nhận được yêu cầu trợ giúp pháp lý") when its own clause says the filing is that thing ("thụ lý yêu cầu
# trợ giúp pháp lý … kể từ khi tiếp nhận hồ sơ"): the same verb, a bare filing noun, and the other object's words (two
# in a row) in the bare side's clause. Narrower than h-num22's dropped "any two filings are one object", and only where
# the meaning comparison runs (a retold pair or two one-clause legal texts): between whole Pháp điển articles it joined
# "kể từ ngày nhận được văn bản lấy ý kiến" (khu vực biển) and "kể từ ngày nhận đủ hồ sơ" (thỏa thuận quốc tế)
ANCHOR_FILING_OF = True
_BARE_FILING = frozenset("hồ sơ đơn văn bản hợp lệ đầy đủ đủ".split())


def _filing_of(e_bare: str, e_named: str, clause_bare: str) -> bool:
    vb, vn = _event(e_bare), _event(e_named)
    if vb is None or vn is None or vb[0] != vn[0] or not vb[2] or not vn[2] or len(vn[1]) < 1:
        return False
    m = _EVENT_VERB_RE.search(e_bare)
    obj = _content(e_bare[m.end():]) if m else set()
    if not obj or not obj <= _BARE_FILING:
        return False
    words = [w for w in _WORD_RE.findall(clause_bare.replace(e_bare, " ")) if not w[0].isdigit()]
    pairs = set(zip(words, words[1:]))
    named = {p for p in vn[1] if p[0] not in STOPWORDS and p[1] not in STOPWORDS}
    return bool(named) and named <= pairs


# the clock of a deadline starts when a body receives a filing: the period is the time that body has to serve it
_RECEIPT_ANCHOR_RE = re.compile(
    r"(?<!\w)(?:kể từ|tính từ|từ|sau khi)\s+(?:ngày\s+|khi\s+|thời điểm\s+)?[^,;.:]{0,60}?(?<!\w)(?:tiếp nhận|nhận)\s+"
    r"(?:(?:được|đủ|đầy đủ)\s+)*(?:hồ sơ|khiếu nại|đơn|văn bản đề nghị|đề nghị|tố cáo|kiến nghị|phản ánh)(?!\w)"
)
# the act the period is for: the body serving the filing (deciding, issuing, answering, clearing goods …)
_SERVICE_ACT_RE = re.compile(
    r"(?<!\w)(?:giải quyết|cấp|trả lời|thông quan|xem xét|quyết định|hoàn thành|thẩm định|xử lý|phê duyệt|"
    r"trả kết quả|thụ lý|hoàn thuế|ghi tên|đăng ký|thông báo kết quả)(?!\w)"
)
# h-conf12 (leave-one-file-out over dev…dev11, notes-h-conf12): the e5 threshold of the same-matter fallback when one
# side retells the other; the guards above (same kind of limit, template swap, disjoint scopes …) hold the false
# alarms, not the threshold (0.78–0.86 gave the same dev results, 0.86 is the strictest of them)
RETOLD_SEMANTIC_MIN = 0.86
IDENT_UNIT = True  # h-conf14 switch for measurement: classes named anywhere in the two clause units block the fallback
VALUE_VS_BOUND = True  # h-conf14 switch for measurement: a retold value against the law's floor/ceiling (see below)
FASTER_SERVICE_GUARD = True  # switch for measurement; False restores the earlier behaviour


def _faster_service(x_law: Analysis, q_law: Quantity, x_ret: Analysis, q_ret: Quantity) -> bool:
    """A retelling that promises to serve a filing sooner than the law's limit ("Thời hạn giải quyết khiếu nại không
    quá 02 tháng, kể từ ngày nhận được khiếu nại" / "Công ty trả lời khiếu nại … trong vòng 30 ngày kể từ ngày nhận
    khiếu nại"): the law caps the time a body may take, a shorter internal deadline stays inside the cap. Both clauses
    must count from the body's receipt of the filing and name a serving act; the law's value must be a limit ("không
    quá", "tối đa", "trong thời hạn"). A period for a person to act ("Thời hiệu khiếu nại là 01 tháng, kể từ ngày bưu
    gửi được phát") is not anchored on a receipt and keeps clashing when shortened. The retelling must commit to act
    ("… giải quyết … trong thời hạn 10 ngày"), not restate the cap: "Thời hạn thẩm định … tối đa 30 ngày" against the
    law's "không quá 45 ngày" misstates the law's limit and stays a clash."""
    if not FASTER_SERVICE_GUARD or q_law.bound not in ("max", "deadline") or q_ret.bound not in ("deadline", "eq"):
        return False
    if re.match(r"\W*(?:\w\)\s*|\d+\.\s*)?thời hạn(?!\w)", x_ret.lc[q_ret.clause[0] : q_ret.clause[1]]):
        return False  # "Thời hạn … là 30 ngày": a restated cap
    if q_law.cat not in ("duration", "workday") or q_ret.cat not in ("duration", "workday"):
        return False
    if not _days(q_ret) < _days(q_law):
        return False
    for x, q in ((x_law, q_law), (x_ret, q_ret)):
        t = x.lc[q.clause[0] : q.clause[1]]
        if not _RECEIPT_ANCHOR_RE.search(t) or not _SERVICE_ACT_RE.search(t):
            return False
    return True


# a public body acting (opening the clause, or the agent of a passive "được … gửi"): its own duty, not a citizen's burden
_BODY_ACTOR_RE = re.compile(r"(?:^|,\s*|được\s+)(?:cơ quan|ủy ban|sở|phòng|bộ|cục|tòa án|viện kiểm sát|trung tâm|công an|"
                            r"bộ phận|nhà trường|bệnh viện|thư viện|hòa giải viên|thẩm phán|cán bộ|công chức)(?!\w)")


def _longer_notice(qa: Quantity, qb: Quantity, lower: str, x_ret: Analysis) -> bool:
    """A retelling or local rule that asks for a longer lead time than the law's minimum ("ít nhất 01 ngày làm việc"
    before the due date / "Cơ quan … gửi … chậm nhất 02 ngày làm việc trước ngày hẹn"): both are floors on how early
    something is done, and when a public body owes it the longer one satisfies the shorter (h-conf13). A shorter lead time than the law's ("trước ít nhất 48 giờ"
    against "chậm nhất là 05 ngày trước") still clashes."""
    q_law, q_ret = (qa, qb) if lower == "b" else (qb, qa)
    if not (q_law.lead and q_ret.lead and q_law.bound == q_ret.bound == "min"):
        return False
    if not _BODY_ACTOR_RE.search(x_ret.lc[q_ret.clause[0] : q_ret.clause[1]]):
        return False  # a longer notice asked of a citizen or an investor ("chậm nhất một tháng trước khi hết thời hạn tạm
        # trú", "07 ngày làm việc trước ngày khởi công") adds a burden the law does not impose: it stays a clash
    return _days(q_ret) >= _days(q_law) - 1e-9


_LIMIT_WORD_RE = re.compile(r"(?<!\w)(?:ít nhất|tối thiểu|không thấp hơn|không dưới|không ít hơn|tối đa|không quá|không vượt quá|"
                            r"không được vượt quá|không được quá|chậm nhất|không cao hơn|không nhiều hơn)(?:\s+(?:là|bằng|phải))*\s*$")


def _value_vs_bound(an_a: Analysis, qa: Quantity, an_b: Analysis, qb: Quantity) -> bool:
    """A retelling's plain value against the law's floor or ceiling of the same unit ("ít nhất bằng 200% tiền lương" /
    "trả gấp rưỡi tiền lương", "tối đa không quá 02 tháng" / "nghỉ … ba tháng"): the value is what the retelling says
    applies, so it is compared with the bound (a value inside it agrees, ``_agree``) (h-conf14)."""
    if qa.cat != qb.cat or {qa.bound, qb.bound} not in ({"eq", "min"}, {"eq", "max"}) or qa.lead or qb.lead:
        return False
    # only a limit on the amount ("ít nhất bằng 200%", "không quá 02 tháng"); a threshold that names a category ("rượu
    # … từ 15 độ trở lên", "trên 01 năm") holds values outside it that are other cases ("rượu vang 12 độ")
    an, q = (an_a, qa) if qa.bound != "eq" else (an_b, qb)
    return bool(_LIMIT_WORD_RE.search(an.lc[max(q.clause[0], q.span[0] - 40) : q.span[0]])
                or re.match(r"(?:ít nhất|tối thiểu|tối đa|không quá)(?!\w)", q.raw))  # "ít nhất 06 tháng một lần"


RANGE_TOLD_BOUND = True  # h-conf16 switch for measurement (pooled dev…dev16: +1 TP, -1 FP)


def _told_pair(qa: Quantity, qb: Quantity, lower: str | None) -> tuple[Quantity, Quantity] | None:
    """(the law's range, the ceiling or floor its retelling states) when one text retells the other (``lower`` names
    it) and the two are of one kind, else None."""
    if not (RANGE_TOLD_BOUND and lower in ("a", "b")):
        return None
    q_law, q_ret = (qa, qb) if lower == "b" else (qb, qa)
    if q_law.bound == "range" and q_ret.bound in ("max", "min") and q_law.cat == q_ret.cat and not q_ret.lead:
        return q_law, q_ret
    return None


def _range_told_bound(qa: Quantity, qb: Quantity, lower: str | None) -> bool:
    """The law's range against a ceiling or floor its retelling states (``_agree_told``)."""
    return _told_pair(qa, qb, lower) is not None


# h-conf27 switch: a retelling that rounds the law's limit into a coarser unit on the strict side ("trong thời hạn 15
# ngày" / "chậm nhất là hai tuần"; "ít nhất 40 ngày" / "ít nhất sáu tuần"; "ít nhất 30%" / "ít nhất một phần ba"):
# within ROUNDED_TOLD_TOL of the law's value, never looser than it, told in weeks or a fraction the law does not use
ROUNDED_TOLD = True
ROUNDED_TOLD_TOL = 0.1
_COARSE_RE = re.compile(r"(?<!\w)(?:tuần|phần)(?!\w)")


def _rounded_told(q_law: Quantity, q_ret: Quantity) -> bool:
    if q_law.cat != q_ret.cat or not _COARSE_RE.search(q_ret.raw) or _COARSE_RE.search(q_law.raw):
        return False
    if q_law.lo != q_law.hi or q_ret.lo != q_ret.hi or bool(q_law.lead) != bool(q_ret.lead):
        return False
    vl, vr = (_days(q_law), _days(q_ret)) if q_law.cat in ("duration", "workday") else (q_law.lo, q_ret.lo)
    if not vl or abs(vr - vl) > ROUNDED_TOLD_TOL * abs(vl):
        return False
    if q_law.bound == "min" and q_ret.bound in ("min", "eq"):
        return vr >= vl
    if q_law.bound in ("max", "deadline") and q_ret.bound in ("max", "deadline", "eq"):
        return vr <= vl
    return False


def _agree_told(qa: Quantity, qb: Quantity, lower: str | None) -> bool:
    """``_agree``, read from the retelling's side when one text retells the other (``lower`` names it): the law's range
    against a ceiling or floor the retelling states ("từ 06 tháng đến 12 tháng" / "có thể … tới 24 tháng", "ít nhất 3
    tháng") — the retelling allows what lies outside the law's range, so they clash unless the bound sits inside the
    range's own ends. (A ceiling the law sets with a range inside it told by the retelling still agrees.) (h-conf16)"""
    if ROUNDED_TOLD and lower in ("a", "b") and _rounded_told(*((qa, qb) if lower == "b" else (qb, qa))):
        return True
    told = _told_pair(qa, qb, lower)
    if told is not None:
        q_law, q_ret = told
        if q_ret.bound == "max":
            return q_ret.hi <= q_law.hi + 1e-9
        if not q_ret.point:
            return q_ret.lo >= q_law.lo - 1e-9
    return _agree(qa, qb)


def _example_vs_lead(q_law: Quantity, q_ex: Quantity) -> bool:
    """A worked example told as two days ("gửi thông báo … vào thứ Sáu và tiến hành kiểm tra vào thứ Ba tuần sau",
    ``quantities._weekday_spans``/``_date_spans``) against the law's minimum lead time ("thông báo trước 05 ngày làm
    việc"): the example's gap is the lead time it gives, compared with the floor (h-conf20)."""
    return (q_law.lead and q_law.bound == "min" and q_ex.retold and "…" in q_ex.raw
            and (q_ex.bound == "deadline" or is_date_gap(q_ex)))


CASE_VALUES = True  # h-conf20 switch for measurement
# a value followed by the case it is for: "… ít nhất 40 ngày đối với hội nghị … của Thủ tướng Chính phủ và ít nhất 30
# ngày đối với …", "a) Không quá 05 ngày làm việc đối với trường hợp …"
_CASE_POST_RE = re.compile(r"\s*(?:\([^)]{0,20}\)\s*)?,?\s*(?:đối với|áp dụng đối với|áp dụng cho|trong trường hợp|trường hợp)\s+")
_CASE_COORD_END_RE = re.compile(r"(?<!\w)(?:và|hoặc)(?:\s+(?:không quá|không vượt quá|tối đa|tối thiểu|ít nhất|là|bằng))*\s*$")
_CASE_STOP_RE = re.compile(r"[;:\n]|\.(?!\d)|,\s*(?:trừ|nhưng|kể từ|tính từ|trong đó|khi|nếu)(?!\w)")
_CASE_NEG_RE = re.compile(r"(?<!\w)(?:không|chưa|cấm|nghiêm cấm)(?!\w)")
_CASE_ITEM_RE = re.compile(r"(?:^|(?<=[\s.;:]))(?:\d+\.|[a-zđ]\))\s")


def _case_text(full: Analysis, q: Quantity) -> tuple[str, str] | None:
    """The case a value of a provision is stated for, with its layout: "post" — the phrase after it ("40 ngày đối với
    hội nghị … của Thủ tướng Chính phủ", "30% tổng diện tích một ấn phẩm báo hoặc 40% … tạp chí") when it is
    introduced by "đối với/trường hợp" or the values are coordinated ("… hoặc/và …"); "pre" — the words of its list
    item or sentence before it ("2. Thời lượng quảng cáo trên kênh … trả tiền không được vượt quá 5%"), only for the
    first value of the item (a later one's words before it hold the earlier value's: "05 ngày lương cơ sở cho 01
    ngày bị bắt"). None when neither applies."""
    lc = full.lc
    nxt = min([o.span[0] for o in full.quantities if o.span[0] >= q.span[1]] + [len(lc)])
    prv = max([o.span[1] for o in full.quantities if o.span[1] <= q.span[0]] + [-1])
    m = _CASE_POST_RE.match(lc, q.span[1])
    start = m.end() if m else q.span[1]
    stop = _CASE_STOP_RE.search(lc, start, nxt)
    end = stop.start() if stop else nxt
    coord_next = nxt < len(lc) and not stop and bool(_CASE_COORD_END_RE.search(lc[q.span[1] : nxt]))
    coord_prev = prv >= 0 and bool(_CASE_COORD_END_RE.search(lc[prv : q.span[0]])) and not _CASE_STOP_RE.search(lc, prv, q.span[0])
    if m or coord_next or coord_prev:
        return "post", _CASE_COORD_END_RE.sub("", lc[start:end])
    item = 0
    for mm in _CASE_ITEM_RE.finditer(lc, 0, q.span[0]):
        item = mm.start()
    sent = max(lc.rfind(";", 0, q.span[0]), lc.rfind(":", 0, q.span[0]), lc.rfind("\n", 0, q.span[0]),
               max((mm.end() for mm in re.finditer(r"\.(?!\d)", lc[: q.span[0]])), default=0) - 1)
    start = max(item, sent + 1)
    if prv > start:
        return None
    return "pre", lc[start : q.span[0]]


def _case_words(text_lc: str) -> set[str]:
    """Syllables naming a case (no stopwords, no numbers; not put into legal words: "hồ sơ cấp đổi" keeps "cấp")."""
    return {w for w in _WORD_RE.findall(text_lc) if (len(w) > 1 or w.isalpha()) and not w[0].isdigit()
            and w not in STOPWORDS and w not in NUMBER_WORDS}  # (a class letter counts: "loại C" / "loại D")


def _full_matches(full: Analysis, q: Quantity) -> list[Quantity]:
    return [o for o in full.quantities if o.cat == q.cat and abs(o.lo - q.lo) < 1e-9 and abs(o.hi - q.hi) < 1e-9]


def _case_decision(full_a: Analysis, qa: Quantity, an_b: Analysis, qb: Quantity) -> str | None:
    """The law states two values for two cases and the other text's value is the one of the case it does not name
    (h-conf20). With ``qa`` disagreeing with ``qb`` and another value of the provision agreeing with ``qb``: "own" when
    the words before and in ``qb``'s clause name ``qa``'s case and none of the agreeing value's (the retelling applied
    the other case's value: "kênh truyền hình trả tiền … tối đa 10%" against "quảng bá … 10% … trả tiền … 5%"),
    "other" when they name the agreeing value's case and none of ``qa``'s (``qa`` is another case's value: no clash),
    else None. A case is named by at least half (≥ 1) of the words only its phrase has."""
    cut = re.search(r"[,;:]|\.(?!\d)", an_b.lc[qb.span[1] : qb.clause[1]])
    told = _case_words(an_b.lc[: qb.span[1] + cut.start() if cut else qb.clause[1]])
    own = _full_matches(full_a, qa)
    sibs = [o for o in full_a.quantities if _comparable(o, qb) and _agree(o, qb)
            and not any(o.span == x.span for x in own)]
    if not own or not sibs:
        return None
    if _CASE_NEG_RE.search(an_b.lc[qb.clause[0] : qb.span[0]]):
        return None  # "không bố trí lái xe nam từ đủ 55 tuổi trở lên": a bound the other text keeps below, not a value
    out = set()
    for x in own:
        tx = _case_text(full_a, x)
        for y in sibs:
            ty = _case_text(full_a, y)
            if tx is None or ty is None or tx[0] != ty[0]:
                continue  # two cases are told alike ("đối với A …, … đối với B"; "1. … A …; 2. … B …")
            cx, cy = _case_words(tx[1]), _case_words(ty[1])
            dx, dy = cx - cy, cy - cx
            nx, ny = len(dx & told), len(dy & told)
            if dx and nx >= max(1, (len(dx) + 1) // 2) and ny == 0 and (dy or tx[0] == "post"):
                # (a case told before its value shares the provision's head only with the first value: with nothing
                # of its own left to the other case, "thời gian tập sự … loại C là 12 tháng; đối với … loại D là 06
                # tháng" would name the first case by the head's words)
                out.add("own")
            elif dy and ny >= max(1, (len(dy) + 1) // 2) and nx == 0:
                out.add("other")
            else:
                out.add(None)
    return out.pop() if len(out) == 1 else None


# h-num23: the meaning fallback between two ranked legal texts (``pair._formal_pair``: a Luật against its Nghị định or
# Thông tư, each one clause). There the few-shared-words gate is lifted (a decree restating the law keeps most of its
# words: "Người đang sinh sống tại địa điểm không phải nơi thường trú … từ 30 ngày" / "Công dân đến sinh sống tại chỗ ở
# hợp pháp ngoài nơi thường trú … từ 15 ngày", overlap 0.87) and three guards take its place: the clauses share at
# least FORMAL_MIN_OVERLAP of the smaller one's content words (e5 alone joins a definition of "người cao tuổi" and a
# benefit for people from 80), no subject word is swapped (``_subject_swap``), and neither clause alone names another
# procedure or a case by reference (``_formal_case``).
FORMAL_MIN_OVERLAP = 0.3
FORMAL_SWAP_GUARD = True
FORMAL_CASE_GUARD = True
# syllables that do not head a term: particles, prepositions, modal, linking and limit words (a swap after "phải", "tại",
# "là" is a verb or a preposition told otherwise, not a sibling term; "bị" stays a head: "thiết bị giám sát …")
_FUNCTION = frozenset("""và hoặc là của các những này đó thì mà để tại trong từ đến kể khi nếu trên dưới với cho theo về do
bởi được có không phải sẽ đã đang cũng như nhưng vì nên sau trước hơn một mỗi cả nào ai gì ở ra vào lên xuống sự rằng
hay nhau cùng giữa vẫn thêm nữa đây đều rồi chưa chỉ ngoài việc n chậm nhất tối đa thiểu ít quá vượt sớm hằng""".split())
SWAP_SLOT = 4  # a swapped term is at most this many syllables (two words) on one side: a longer block is a reworded passage


def _masked_tokens(an: Analysis, span: tuple[int, int]) -> list[str]:
    """The syllables of a clause with each quantity (value and unit: "15 mét", "sáu mươi lăm tuổi") as one "n",
    paraphrase classes and class identifiers put into one form (``words.canon``)."""
    s, e = span
    parts, pos = [], s
    for q in sorted(an.quantities, key=lambda q: q.span):
        if q.span[0] >= pos and q.span[1] <= e:
            parts += [an.lc[pos : q.span[0]], " n "]
            pos = q.span[1]
    parts.append(an.lc[pos:e])
    return _WORD_RE.findall(canon(re.sub(r"\d+(?:[.,]\d+)*", " n ", "".join(parts))))


def _subject_swap(an_a: Analysis, span_a: tuple[int, int], an_b: Analysis, span_b: tuple[int, int]) -> bool:
    """Two clauses, quantities masked, where a term of one stands in the slot of another term of the other after the
    same head ("nơi thường trú" / "nơi tạm trú", "trường trung học cơ sở" / "… phổ thông chuyên", "nghề luật sư" /
    "nghề Thừa phát lại", "cấp thẻ căn cước" / "cấp giấy chứng nhận căn cước", "thiết bị giám sát hành trình" /
    "thiết bị thông tin liên lạc"): two sibling subjects, each with its own value. Read on the aligned syllables
    (difflib): a replaced block of at most SWAP_SLOT syllables on one side, right after a content syllable both
    clauses share (the head: "nơi", "nghề", "bị" of "thiết bị"), whose first syllable on each side is a content word
    the other clause never uses. A verb told otherwise after a particle ("phải lắp đặt" / "phải gắn") or
    a subject named otherwise before a shared verb ("bên mua" / "khách hàng mua") is not a swap."""
    from difflib import SequenceMatcher

    ta, tb = _masked_tokens(an_a, span_a), _masked_tokens(an_b, span_b)
    sa, sb = set(ta), set(tb)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op != "replace" or i1 == 0 or j1 == 0 or min(i2 - i1, j2 - j1) > SWAP_SLOT:
            continue
        if ta[i1 - 1] in _FUNCTION:
            continue
        xa, xb = ta[i1], tb[j1]
        if xa in _FUNCTION or xb in _FUNCTION or xa in sb or xb in sa:
            continue
        return True
    return False


# another procedure named by one clause only ("quyết định cấp đổi hoặc cấp lại Giấy xác nhận khuyết tật" / "xác định mức
# độ khuyết tật"), or a case defined by reference ("Đối với ngành, nghề, công việc đặc thù quy định tại điểm d khoản 1
# Điều 35 …"): the clause is about a part of the matter the other clause states in general
_PROCEDURE_RE = re.compile(r"(?<!\w)(?:cấp lại|cấp đổi|gia hạn|điều chỉnh|bổ sung|miễn|tạm)(?!\w)")
_REF_CASE_RE = re.compile(r"(?<!\w)quy định tại\s+(?:điểm\s+\w+\s+)?(?:khoản\s+\d+\s+)?điều\s+\d+")


# a special case named by one clause only ("… không quá 06 giờ trong 01 ngày đối với người làm các công việc đặc biệt
# nặng nhọc" / "… không quá 08 giờ trong 01 ngày"), unless the case holds the compared value: then it is the rule's own
# threshold ("Trường hợp trong năm tài sản, thu nhập tăng thêm từ năm trăm triệu đồng trở lên thì … kê khai bổ sung");
# an exception ("trừ trường hợp …") is weighed by the exception guard
_CASE_OPEN_RE = re.compile(r"(?<!\w)(?<!trừ )(?:đối với|trường hợp)(?!\w)")


def _case_span(t: str, start: int) -> tuple[int, int]:
    """A case phrase from its marker to "thì" (same sentence) or else to the next comma."""
    stop = re.search(r"[;.:]|$", t[start:])
    thi = re.search(r"(?<!\w)thì(?!\w)", t[start : start + stop.start()])
    end = thi.start() if thi else (re.search(r",|$", t[start : start + stop.start()]).start())
    return start, start + end


# "Phạt tiền từ 5.000.000 đồng đến 10.000.000 đồng đối với hộ gia đình, cá nhân … không có giấy phép môi trường": the
# "đối với" of a sanction names the offence the fine is for — the matter itself, not a special case of it (h-num24)
SANCTION_OFFENCE = True
_SANCTION_RE = re.compile(r"\W*(?:\w\)\s*|\d+\.\s*)?phạt\s+(?:tiền|cảnh cáo)(?!\w)")


def _sanction_offence(t: str, m: re.Match) -> bool:
    return (SANCTION_OFFENCE and m.group(0) == "đối với" and bool(_SANCTION_RE.match(t))
            and not re.search(r"(?<!\w)(?:đối với|trường hợp)(?!\w)", t[: m.start()]))


# "… đối với trường hợp khai và nộp theo tháng" / "Người nộp thuế khai thuế theo tháng nộp …": a case whose words the
# other clause states (all but one) is the other clause's own subject told without a marker, not a special case
# (h-num24; the test of ``_one_sided_condition``)
CASE_TOLD = True


def _case_told(t: str, sp: tuple[int, int], other: str) -> bool:
    c = _content(re.sub(r"^(?:đối với|trường hợp)\s+(?:(?:các|những)\s+)?(?:trường hợp\s+)?", "", t[sp[0] : sp[1]])) - STOPWORDS
    return CASE_TOLD and bool(c) and len(c - _content(other)) < 2


def _formal_case(ta: str, tb: str, va: int = -1, vb: int = -1) -> bool:
    """One clause names another procedure, a case by reference or a special case (not holding its compared value at
    offset ``va`` / ``vb``) and the other clause names none."""
    for rx in (_PROCEDURE_RE, _REF_CASE_RE):
        fa = {m.group(0) for m in rx.finditer(ta)}
        fb = {m.group(0) for m in rx.finditer(tb)}
        if fa != fb and not (fa and fb):
            return True
    return _names_case(ta, va, tb) != _names_case(tb, vb, ta)


def _names_case(t: str, v: int, other: str) -> bool:
    """Does clause ``t`` name a special case that does not hold its compared value (at offset ``v``), is no sanction's
    offence and is not stated by the ``other`` clause too?"""
    return any(not ((sp := _case_span(t, m.start()))[0] <= v < sp[1]) and not _sanction_offence(t, m)
               and not _case_told(t, sp, other) for m in _CASE_OPEN_RE.finditer(t))


# h-num24: between two legal texts a value against a floor, a ceiling or a band of the same unit ("Thời gian tập sự
# từ 03 tháng đến 12 tháng" / "Thời gian tập sự … là mười tám tháng") is one limit stated twice: compared like two
# limits of one kind (``_agree`` decides)
FORMAL_BOUND = True
# h-conf27 switch: between two central texts (not only in the meaning fallback) a special case named by one clause only
# (``_names_case``: "đối với công việc nặng nhọc, độc hại" after the value) is another matter than the other's rule
CENTRAL_CASE = True
# h-num24: one class identifier named by both clauses ("Phim phân loại T16" / "Phim thuộc loại T16") fixes the subject;
# a word told otherwise around it is not a second subject (the template-swap guard does not apply)
FORMAL_SAME_IDENT = True


# h-num24: a clause that holds only a limit ("Tổng số giờ … không quá 12 giờ trong 01 ngày; không quá 40 giờ trong 01
# tháng") takes its subject from the clause before it in the same sentence: read together for the meaning fallback
FORMAL_ELLIPSIS = True


def _with_subject(an: Analysis, span: tuple[int, int]) -> tuple[int, int]:
    if _without_exceptions(an, span) or span[0] == 0 or an.lc[span[0] - 1] != ";":
        return span
    k = max(an.lc.rfind(c, 0, span[0] - 1) for c in ";.:")
    return (k + 1, span[1])


# h-num24: a monthly filing deadline told as a day of the next month ("chậm nhất là ngày thứ 20 của tháng tiếp theo" /
# "chậm nhất vào ngày mười lăm của tháng kế tiếp") is compared between two legal texts joined by meaning (both sides
# must read so; other retold-only readings stay off between central texts)
FORMAL_MONTH_DAY = True
_NEXT_MONTH_RE = re.compile(r"\s+(?:của\s+)?tháng\s+(?:tiếp theo|kế tiếp|sau)(?!\w)")


def _month_day(an: Analysis, q: Quantity) -> bool:
    return FORMAL_MONTH_DAY and q.cat == "ordinal:ngày" and bool(_NEXT_MONTH_RE.match(an.lc, q.span[1]))


# h-conf25: date arithmetic between two legal texts: a day of the next month ("chậm nhất là ngày thứ 20 của tháng tiếp
# theo tháng phát sinh …") is the same deadline as that many days from the last day of the month ("trong thời hạn 25
# ngày kể từ ngày cuối cùng của tháng …"): day N of the next month is N days after the month ends, so the two clash
# unless N equals the number of days. Only calendar days (not working days), only a deadline or ceiling, and only under
# the meaning gates of the formal fallback (shared words, e5 similarity, no swapped subject, no one-sided case)
FORMAL_MONTH_END = True
_FROM_MONTH_END_RE = re.compile(r"\s*,?\s*(?:kể từ|tính từ)\s+(?:sau\s+)?(?:ngày\s+(?:cuối cùng|kết thúc|cuối)\s+(?:của\s+)?tháng"
                                r"|khi kết thúc tháng|ngày hết tháng|hết tháng)(?!\w)")


def _month_end_clash(an_a: Analysis, an_b: Analysis) -> Finding | None:
    """``FORMAL_MONTH_END``: A's next-month day against B's days from the month's end; spans in (a, b) order."""
    for qa in an_a.quantities:
        if not (qa.cat == "ordinal:ngày" and _NEXT_MONTH_RE.match(an_a.lc, qa.span[1]) and qa.lo == qa.hi):
            continue
        for qb in an_b.quantities:
            if (qb.cat != "duration" or qb.lo != qb.hi or "làm việc" in qb.raw or not re.search(r"(?<!\w)ngày$", qb.raw)
                    or qb.bound not in ("deadline", "max", "eq") or not _FROM_MONTH_END_RE.match(an_b.lc, qb.span[1])):
                continue
            ta_, tb_ = an_a.lc[qa.clause[0] : qa.clause[1]], an_b.lc[qb.clause[0] : qb.clause[1]]
            if (_lexical_overlap(an_a, qa.clause, an_b, qb.clause) < FORMAL_MIN_OVERLAP
                    or _subject_swap(an_a, qa.clause, an_b, qb.clause)
                    or _formal_case(ta_, tb_, qa.span[0] - qa.clause[0], qb.span[0] - qb.clause[0])):
                continue
            sim = clause_similarity(ta_, tb_)
            if sim is None or sim < SEMANTIC_MIN or abs(qa.lo - qb.lo) < 1e-9:
                continue
            return Finding("numeric", 0.6, [qa.span], [qb.span],
                           f"Cùng một thời hạn nhưng số liệu khác nhau: \"{qa.raw}\" của tháng tiếp theo là "
                           f"{int(qa.lo)} ngày kể từ ngày cuối cùng của tháng, không phải \"{qb.raw}\".")
    return None


def _formal_bound(qa: Quantity, qb: Quantity) -> bool:
    return (FORMAL_BOUND and qa.cat == qb.cat and not qa.lead and not qb.lead
            and {qa.bound, qb.bound} in ({"eq", "min"}, {"eq", "max"}, {"eq", "range"}))


def _shared_ident(ta: str, tb: str) -> bool:
    """Both clauses name one and the same class identifier ("loại T16")."""
    ia = {m.group(0) for m in _IDENT_TOKEN_RE.finditer(canon(ta))}
    return bool(ia) and bool(ia & {m.group(0) for m in _IDENT_TOKEN_RE.finditer(canon(tb))})


# a time of day is a cut-off ("hồ sơ nộp sau 15 giờ"), not a length: what it decides is what the clause counts from it.
# "… thời hạn kiểm tra được tính từ 08 giờ của ngày làm việc tiếp theo" moves the start of a named period (the check);
# "… được tính là tiếp nhận vào ngày làm việc tiếp theo" moves the day the filing is received. Told by meaning (the
# clauses' wording differs), two times of day clash only when both clauses count the same named period, or neither
# names one (h-audit3: the sample's "16 giờ 30" of Luật 71 Điều 9 against the "15 giờ" of Nghị định 87 Điều 1)
CLOCK_COUNTED_PERIOD = True
_COUNTED_PERIOD_RE = re.compile(r"(?<!\w)(?:thời hạn|thời gian)\s+((?:[^\W\d_]+\s+){0,4}?)(?:được\s+|sẽ\s+)?"
                                r"(?:tính|bắt đầu|kể)(?!\w)")


def _counted_period(clause_lc: str) -> frozenset[str]:
    """The words naming the period a clause counts from a time of day ("thời hạn kiểm tra được tính từ …" →
    {"kiểm", "tra"}; "thời gian giải quyết bắt đầu …" → {"giải", "quyết"}); empty when it names none."""
    return frozenset(w for m in _COUNTED_PERIOD_RE.finditer(clause_lc) for w in m.group(1).split())


def detect_numeric(an_a: Analysis, an_b: Analysis, full_a: Analysis | None = None,
                   full_b: Analysis | None = None, *, semantic: bool = True, retelling: bool = False,
                   plain: str | None = None, lower: str | None = None, formal: bool = False) -> Finding | None:
    """A value clash between two clauses about the same matter. ``semantic`` allows the e5 same-matter fallback
    when the wording differs (``check_pair`` turns it on only where a paraphrase is expected: ``_paraphrase_expected``);
    ``retelling`` (one side is a plain retelling: ``_plain_retelling``) lifts its few-shared-words and case-marker
    gates. ``plain`` ("a"/"b") names the side that is a plain retelling: a condition it alone states ("Khi quyết
    toán thuế, …", "Khi tòa nhà đã bàn giao quá nửa số căn hộ, …") sets the scene of its retelling, it does not
    carve out a special case of the law (a condition on the legal side still does). ``lower`` ("a"/"b") names the
    retelling or local side of a retold pair: its shorter time to serve a filing is inside the law's limit
    (``_faster_service``). ``formal`` (two ranked legal texts of different rank, ``pair._formal_pair``) runs the
    meaning fallback with its own gates instead: enough shared words, the same unit, no swapped subject word and no
    procedure or case by reference on one side only (h-num23)."""
    best: Finding | None = None
    full_a, full_b = full_a or an_a, full_b or an_b
    auth_a = {x for x, _ in an_a.authorities}
    auth_b = {x for x, _ in an_b.authorities}
    if auth_a and auth_b and auth_a.isdisjoint(auth_b):
        return None  # different authority → different subject ("cấp xã … 5 triệu" vs "cấp huyện … 50 triệu")
    if SUBJECT_COUNT:
        ca_, cb_ = _subject_count(an_a.lc), _subject_count(an_b.lc)
        if ca_ and cb_ and ca_[1] == cb_[1] and ca_[0] != cb_[0]:
            return None  # "Bốn doanh nghiệp có tổng thị phần từ 75%" / "Hai doanh nghiệp … từ một nửa": the number of
            # members names another group, each with its own threshold (h-conf14)
    # "exactly one thing differs": several unmatched quantities on both sides → different subjects
    # (the number of extensions goes with the term it extends — "05 năm … gia hạn hai lần, mỗi lần 05 năm" — it names
    # no other row of a table: not counted here, h-conf16)
    ua = {(qa.cat, qa.lo, qa.hi) for qa in an_a.quantities if qa.cat != "count:gia hạn"
          and (c := [qb for qb in an_b.quantities if _comparable(qa, qb)]) and not any(_agree(qa, qb) for qb in c)}
    ub = {(qb.cat, qb.lo, qb.hi) for qb in an_b.quantities if qb.cat != "count:gia hạn"
          and (c := [qa for qa in an_a.quantities if _comparable(qa, qb)]) and not any(_agree(qa, qb) for qa in c)}
    if len(ua) >= 2 and len(ub) >= 2:
        return None
    central = not semantic or formal  # two central texts: the readings of retellings stay off
    for qa in an_a.quantities:
        if central and NEW_READINGS_RETOLD_ONLY and _retold_only_reading(qa) and not (formal and _month_day(an_a, qa)):
            continue
        comps = [qb for qb in an_b.quantities if _comparable(qa, qb)
                 and not (central and NEW_READINGS_RETOLD_ONLY and _retold_only_reading(qb)
                          and not (formal and _month_day(an_b, qb) and _month_day(an_a, qa)))
                 # a gap between two dates is compared only with a minimum lead time (h-conf20)
                 and not ((is_date_gap(qa) or is_date_gap(qb)) and not (_example_vs_lead(qa, qb) or _example_vs_lead(qb, qa)))]
        if not comps or any(_agree_told(qa, qb, lower) for qb in comps):
            continue
        for qb in comps:
            # two values for two cases in one provision (h-conf20): the other text names the case of ``qa`` but states
            # the value of another case ("own": a clash the guards below would take for two cases), or names the case
            # whose value it states ("other": ``qa`` is not its case)
            case = (_case_decision(full_a, qa, an_b, qb) or _case_decision(full_b, qb, an_a, qa)
                    if CASE_VALUES and retelling else None)
            if case == "other":
                continue
            # the counterpart must not agree with another quantity of A that is about the same thing
            if case != "own" and any(_agree(qa2, qb) and _same_scope(an_a, qa2.clause, an_b, qb.clause)[0]
                                     and not (semantic and _better_clause(an_a, qa, qa2, an_b, qb))
                                     for qa2 in an_a.quantities if qa2 is not qa and _comparable(qa2, qb)):
                continue
            same, cover, _ua, _ub = _same_scope(an_a, qa.clause, an_b, qb.clause)
            if not same and case == "own":
                same, cover = True, 0.5  # the other text names ``qa``'s case of the provision: the same matter
            if not same:
                # the words differ: same matter only if the clauses mean the same (numbers masked), state the same
                # kind of limit (both a maximum/deadline, both a minimum, both a range), are not one template with a
                # word swapped (``_template_swap``), and no other value of the two clauses puts them in disjoint
                # scopes ("dưới 50 cm3" / "từ 50 cm3 trở lên"); unless one side is a plain retelling, they must also
                # share few words (a paraphrase, not a template) and state a general rule (no case marker)
                ta_, tb_ = an_a.lc[qa.clause[0] : qa.clause[1]], an_b.lc[qb.clause[0] : qb.clause[1]]
                if formal and FORMAL_ELLIPSIS:  # "…; không quá 40 giờ trong 01 tháng": the subject is the previous clause's
                    ca_, cb_ = _with_subject(an_a, qa.clause), _with_subject(an_b, qb.clause)
                    ta_, tb_ = an_a.lc[ca_[0] : ca_[1]], an_b.lc[cb_[0] : cb_[1]]
                else:
                    ca_, cb_ = qa.clause, qb.clause
                if formal:  # two legal texts: a decree restating the law keeps enough of its words (h-num23)
                    gated = _lexical_overlap(an_a, ca_, an_b, cb_) >= FORMAL_MIN_OVERLAP
                else:
                    gated = retelling or (_lexical_overlap(an_a, qa.clause, an_b, qb.clause) < SEMANTIC_MAX_OVERLAP
                                          and not (_CASE_MARK_RE.search(ta_) or _CASE_MARK_RE.search(tb_)))
                sim = (clause_similarity(ta_, tb_)
                       if semantic and gated and (_same_limit_kind(qa, qb) or _age_floor(qa, qb)
                                                  or (formal and _formal_bound(qa, qb))
                                                  or (VALUE_VS_BOUND and retelling and _value_vs_bound(an_a, qa, an_b, qb))
                                                  or _range_told_bound(qa, qb, lower)
                                                  or (WEEKDAY_SPANS and (_example_vs_lead(qa, qb) or _example_vs_lead(qb, qa))))
                       and (qa.cat == qb.cat or (not formal and _workday_span_differs(qa, qb)))
                       and (not _template_swap(an_a, ca_, an_b, cb_)
                            or (formal and FORMAL_SAME_IDENT and _shared_ident(ta_, tb_)))
                       and not _disjoint_scopes(an_a, qa.clause, an_b, qb.clause, skip=(qa, qb)) else None)
                if (sim is None or sim < (RETOLD_SEMANTIC_MIN if retelling else SEMANTIC_MIN) or _ident_clash(ta_, tb_)
                        # the class may head the clause unit outside the value's own clause ("Đối tượng 2: 05 ngày …")
                        or (IDENT_UNIT and _ident_clash(an_a.lc, an_b.lc))):
                    continue  # (two named classes, "loại T16" / "loại T13", are two subjects however close the words)
                if formal and ((FORMAL_SWAP_GUARD and _subject_swap(an_a, ca_, an_b, cb_)
                                and not (FORMAL_SAME_IDENT and _shared_ident(ta_, tb_)))
                               or (FORMAL_CASE_GUARD
                                   and _formal_case(ta_, tb_, qa.span[0] - ca_[0], qb.span[0] - cb_[0]))):
                    continue  # two sibling subjects, another procedure or a case by reference (h-num23)
                if (CLOCK_COUNTED_PERIOD and qa.cat == qb.cat == "clock"
                        and _counted_period(ta_) != _counted_period(tb_)):
                    continue  # a cut-off for a named period on one side, for another thing on the other
                if _neg_phrase_contrast(ta_, tb_) or _neg_phrase_contrast(tb_, ta_):
                    continue  # "tài liệu … không sử dụng trực tiếp để ghi sổ" / "chứng từ dùng trực tiếp để ghi sổ":
                    # a qualifier negated on one side names the complementary case, however close the meaning
                same, cover, _ua, _ub = True, 0.5, set(), set()
            # one provision states both values → it distinguishes two cases (or a transition), it does not
            # contradict the other ("lần đầu 15 ngày … lần hai 30 ngày"; "từ năm 2016 … 15 người")
            if case != "own" and ((_has_value(full_b, qa) and not (semantic and _value_for_other(full_b, qa, an_b, qb, an_a)))
                                  or (_has_value(full_a, qb) and not (semantic and _value_for_other(full_a, qb, an_a, qa, an_b)))):
                continue
            if _tiers(qa, qb):
                continue  # two bands of one scale
            if (lower == "b" and _faster_service(an_a, qa, an_b, qb)) or (lower == "a" and _faster_service(an_b, qb, an_a, qa)):
                continue  # a stricter internal deadline to serve a filing, inside the law's limit
            if lower and _longer_notice(qa, qb, lower, an_b if lower == "b" else an_a):
                continue  # more notice than the law's minimum lead time: stricter, inside the law (h-conf13)
            # another number differs in the two clauses (a coefficient, a grade, a band): a different row of a table
            if _other_numbers(an_a, qa.clause, qa.span) != _other_numbers(an_b, qb.clause, qb.span):
                continue
            # a condition on one side only ("Khi người lao động làm ngành, nghề … đặc thù … thì"): a special case
            if ((plain != "a" and _one_sided_condition(an_a, qa.clause, an_b, qb.clause, full_b, qa.span))
                    or (plain != "b" and _one_sided_condition(an_b, qb.clause, an_a, qa.clause, full_a, qb.span))):
                continue
            if (CENTRAL_CASE and central
                    and _names_case(ta_c := an_a.lc[qa.clause[0] : qa.clause[1]], qa.span[0] - qa.clause[0],
                                    tb_c := an_b.lc[qb.clause[0] : qb.clause[1]])
                    != _names_case(tb_c, qb.span[0] - qb.clause[0], ta_c)):
                continue  # "… không quá 30 giờ trong một tháng đối với công việc nặng nhọc, độc hại" / "… không quá 40
                # giờ trong 01 tháng": a postposed case on one side only, between two central texts (h-conf27)
            if qa.cat in ("duration", "workday") and _different_anchor(an_a, qa.clause, an_b, qb.clause, after=retelling,
                                                                 filing=semantic):
                continue
            if _cond_substitution(an_a, qa.clause, an_b, qb.clause):
                continue
            if AGREED_CASE and (_agreed_case(an_a, qa.clause, full_b) or _agreed_case(an_b, qb.clause, full_a)):
                continue  # the law's default "khi các bên không có thỏa thuận" / the parties' own agreement (h-conf19)
            if (SCOPE_CONTRAST_GUARD and retelling
                    and _scope_contrast(an_a.lc[qa.clause[0] : qa.clause[1]], an_b.lc[qb.clause[0] : qb.clause[1]])):
                continue  # "dịch vụ bưu chính trong nước" / "dịch vụ chuyển phát quốc tế": two scopes, each its own value
            pa_, pb_ = _periods(an_a.lc[qa.clause[0] : qa.clause[1]]), _periods(an_b.lc[qb.clause[0] : qb.clause[1]])
            if pa_ and pb_ and pa_.isdisjoint(pb_):
                continue  # "mỗi tuần … ít nhất 24 giờ" vs "sau mỗi ca … tối thiểu 10 giờ": different periods
            # several values of one kind in a clause ("trắc nghiệm 45 phút hoặc thực hành 30 phút"): the words
            # right before each number say what it is for, and they must not name different things
            multi = (sum(1 for o in an_a.quantities if o.clause == qa.clause and o.cat == qa.cat) > 1
                     and sum(1 for o in an_b.quantities if o.clause == qb.clause and o.cat == qb.cat) > 1)
            la, lb = (_attached(an_a, qa), _attached(an_b, qb)) if multi else (set(), set())
            if la and lb and la.isdisjoint(lb):
                continue  # "trắc nghiệm 45 phút" vs "thực hành 15 phút": the numbers belong to different things
            conf = 0.55 + 0.4 * cover
            # words only one clause has (a qualifier: "… của người bệnh tử vong", "thuộc diện kiểm tra trước") may
            # make it a special case: rank such pairs below exact restatements with another number
            conf -= 0.04 * min(3, len(_ua) + len(_ub))
            basis = ""
            if qa.cat != qb.cat:
                conf = min(conf, 0.6)
                basis = " (khác cách tính: ngày làm việc và ngày)"
            f = Finding("numeric", round(conf, 3), [qa.span], [qb.span],
                        f"Cùng một nội dung nhưng số liệu khác nhau: \"{qa.raw}\" và \"{qb.raw}\"{basis}.")
            if best is None or f.confidence > best.confidence:
                best = f
    if best is None and formal and FORMAL_MONTH_END:
        best = _month_end_clash(an_a, an_b)
        if best is None and (f := _month_end_clash(an_b, an_a)) is not None:
            best = Finding(f.kind, f.confidence, f.spans_b, f.spans_a, f.explanation)
    return best
