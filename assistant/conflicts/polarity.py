"""Opposite norms on one act told in other words (issue #6, h-conf10): the meaning check of the modality group of a
retold pair (``detect_polarity``), run by ``meaning._meaning_pass`` after the other meaning rules found nothing.

A retelling often names the act of the law's norm otherwise ("tự ý vận hành công trình thủy lợi" / "tự mở cống lấy
nước", "thông báo kết quả giám định cho người khác" / "trao đổi kết quả giám định với gia đình"), so the lexical
modality detector (``modality``) cannot align the two acts. Here each clause's norm is read with its polarity and the
two clauses, their norm markers masked, are compared by e5 (``semantic.clause_similarity``, the encoder the
paraphrase pass already loads): opposite polarity + the same proposition by meaning (cosine ≥ POLARITY_SEMANTIC_MIN)
is a clash. Candidates the fixed rule rejects (cosine in [POLARITY_FLOOR, POLARITY_SEMANTIC_MIN), or a guard below
fired) go to a learned second stage (logistic regression, ``polarity_weights.json``; h-modlearn), which accepts a
few of them at a lower confidence.

Norms read (``_norms``)
* the modal markers of ``modals`` (được / có quyền / có thể; cấm / không được; phải; không phải / không cần);
* norms written without a marker, the "missing-norm" cases: "Không + verb" opening a rule ("Không tổ chức dạy thêm
  …", "Không sử dụng kết quả xét nghiệm …") is a ban; "không thể + verb" is a ban ("khách hàng không thể yêu cầu
  …"); "… không bị coi là vi phạm" permits what the clause names before it; "… bao gồm:" after "cấm"/"bị cấm"/"không
  được chấp nhận" bans the listed items; "X vẫn (tiếp tục) + verb" permits (``STILL_DOES``) and "<body> không + verb"
  bans (``SUBJECT_NOT``), both h-conf18.

Guards (no clash), each from a hard-negative kind of the dev files
* the law's own exception covers the other text (``analysis._exception_covers``, in ``meaning._meaning_pass``),
  contrasting addressees or scopes (``guards``), complementary numeric scopes, a condition substituted or negated on
  one side, two different cases opened by "nếu/khi/trường hợp" on both sides, a time-window case on one side;
* a ban qualified by unlawfulness ("trái phép", "trái quy định", "chưa được xử lý") against a permission that names an
  authorisation, plan or procedure ("theo kế hoạch được … phê duyệt", "nêu rõ lý do"), and any permission granted by
  someone's consent or a sign ("khi thầy cô đồng ý", "nơi có biển báo cho phép") that the ban does not mention:
  the permission is the lawful case; a ban on acting "mà không có lý do …" vs a permission for a justified case;
* a word negated on one side outside the marker and asserted on the other ("chưa qua xử lý" / "đã qua xử lý",
  "không thuộc danh mục" / "thuộc danh mục"); a ban narrowed by a qualifier the other text lacks;
* a restrictive permission ("chỉ được …"); "được" + a verb of receiving ("được cấp", "được tiếp nhận"): a benefit, not
  a permission; a ban against an obligation (left to ``modality``: by meaning they are mostly two acts);
* a clause that itself states both polarities, or another text that states the same norm on the act elsewhere (it
  qualifies, it does not contradict);
* two addressees: both subjects name things the other clause lacks ("người điều khiển xe mô tô" / "người điều khiển
  xe đạp", ``_subjects_differ``).
Two steps or actors of one procedure ("giám định viên báo cáo Giám đốc để Trung tâm thông báo …") are not caught by a
rule of their own: they are left to the e5 threshold and the subject guard.

Never runs between two central documents (only the meaning pass of a retold pair reaches it), so the Pháp điển batch
is unaffected.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.conflicts.analysis import Analysis, _contrast
from assistant.conflicts.findings import Finding
from assistant.conflicts.guards import _cond_polarity_clash, _cond_substitution, _disjoint_scopes, _scope_contrast
from assistant.conflicts.modality import _QUALIFIER_RE, _neg_contrast, _prefix_case
from assistant.conflicts.semantic import clause_similarity
from assistant.conflicts.words import _GENERIC_ACTION, _content

# chosen on dev…dev9 (leave-one-file-out, notes-h-conf10): 0.90 passes that rule too (+10 TP, +4 FP) but fires on two
# hard negatives the dev6/dev7 tests hold (D6-033, D7-056); 0.92 adds +6 TP and no false alarm
POLARITY_SEMANTIC_MIN = 0.92

# Learned second stage (h-modlearn): a candidate at e5 cosine ≥ POLARITY_FLOOR that the fixed rule rejects (cosine
# below POLARITY_SEMANTIC_MIN, or a guard fired) is decided by a logistic regression over features the checker
# already computes (``polarity_features``: the cosine, act-word and clause overlap, subject overlap, kind of
# opposition, a norm read without a marker, numbers, a case opener, clause lengths, and which guard groups fired). Weights and threshold live in
# ``polarity_weights.json`` (trained by ``eval/train_polarity_stage2.py``, leave-one-file-out figures in
# ``eval/reports/conflict-polarity-stage2.md``); without that file the band is rejected as before.
POLARITY_FLOOR = 0.80
STAGE2 = True  # switch for measurement; False restores the fixed threshold
_WEIGHTS_PATH = Path(__file__).with_name("polarity_weights.json")
_STAGE2_STATE: dict = {}
_RECORD: list | None = None  # set by the training script to collect the feature rows of the candidates seen
_NUM_RE = re.compile(r"\d")
FEATURE_NAMES = ("sim", "act_jaccard", "clause_jaccard", "subject_jaccard", "permit_prohibit", "markerless",
                 "has_number", "case_opener", "min_len", "len_ratio", "g_lawful", "g_restated", "g_scope", "g_case")


def _stage2() -> dict:
    """The stage's weights, loaded once (``{"threshold": inf}`` when absent or switched off)."""
    if "w" not in _STAGE2_STATE:
        w = None
        if STAGE2 and _WEIGHTS_PATH.exists():
            try:
                w = json.loads(_WEIGHTS_PATH.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                w = None
        _STAGE2_STATE["w"] = w or {"threshold": float("inf")}
    return _STAGE2_STATE["w"]


def set_stage2(weights: dict | None) -> None:
    """Use ``weights`` (``{"names", "mean", "scale", "coef", "intercept", "threshold"}``) for the second stage; None
    reloads ``polarity_weights.json``. For the training script and tests."""
    _STAGE2_STATE.clear()
    if weights is not None:
        _STAGE2_STATE["w"] = weights


def stage2_probability(feats: list[float]) -> float | None:
    w = _stage2()
    if not STAGE2 or "coef" not in w:
        return None
    z = w["intercept"] + sum(c * (f - m) / s for c, f, m, s in zip(w["coef"], feats, w["mean"], w["scale"]))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass(frozen=True)
class Norm:
    kind: str  # permit / prohibit / oblige / no_oblige (as ``modals``)
    span: tuple[int, int]  # the marker
    clause: tuple[int, int]


_HEAD_NOT_RE = re.compile(r"\s*(?:[a-zđ0-9]{1,2}[.)]\s*)?(không)\s+(?!(?:được|phải|cần|có|bị|chỉ|thể|những|các|một|ai|quá|"
                          r"vượt|ít|nhiều|dưới|trên|kể|phân|hề)(?!\w))[^\W\d_]")
# "<body> không <verb> …" stating what a body does not do ("Ủy ban nhân dân phường không giải quyết yêu cầu …", "Đồn
# Biên phòng không tiếp nhận hồ sơ giấy"): a refusal, i.e. a ban, told without a marker. Only for a subject that names
# a body or an office holder (a person's "không ký được thì …" is a case, "việc không tham gia không ảnh hưởng …" a
# fact), a short noun phrase (no comma, no condition), and not an ability ("không … được") or a condition ("… thì").
# (h-conf18; switch for measurement)
SUBJECT_NOT = True
_BODY_HEAD = (r"ủy ban|uỷ ban|cơ quan|sở|phòng|đồn|trung tâm|bộ phận|cán bộ|công chức|nhà trường|trường|bệnh viện|"
              r"công ty|khách sạn|ngân hàng|hội|ban|văn phòng|tòa án|chi cục|cục|bưu điện|cơ sở|đơn vị|chủ đầu tư")
_SUBJECT_NOT_RE = re.compile(
    rf"\s*(?:[a-zđ0-9]{{1,2}}[.)]\s*)?(?:{_BODY_HEAD})(?!\w)(?:\s+(?!(?:nếu|khi|mà|thì|là|có|đã|được|bị|vẫn|chưa|nào|"
    r"cũng|đều|sẽ|để|vì|do|hoặc|và|việc)(?!\w))[^\W\d_]+){0,8}?\s+(không)\s+(?!(?:được|phải|cần|có|bị|chỉ|thể|những|"
    r"các|một|ai|quá|vượt|ít|nhiều|dưới|trên|kể|phân|hề|là|đủ|còn|thuộc|đúng|rõ|kịp|liên|hợp|ảnh)(?!\w))[^\W\d_]")
_CANNOT_RE = re.compile(r"(?<!\w)(không thể)\s+(?!bị(?!\w))")
_NOT_VIOLATION_RE = re.compile(r"(?<!\w)không\s+(?:bị\s+)?(?:coi|xem|tính)\s+là\s+(?:vi phạm|trái (?:phép|pháp luật|quy định))")
# "X vẫn (tiếp tục) làm Y" in a retelling says X may go on doing Y despite the case it names ("khi … đã nộp đơn khiếu
# nại … thì hội vẫn tiếp tục hoạt động bình thường", "Người thực hiện chứng thực vẫn ký chứng thực hợp đồng … của con
# ruột mình"): a permission told without a marker ("vẫn được" is read by ``modals``). Not a state or a predicate
# ("vẫn hợp lệ", "vẫn có giá trị", "vẫn còn", "vẫn là"), nor inside a condition ("nếu người lái vẫn tỉnh táo").
# (h-conf18; switch for measurement)
STILL_DOES = True
_STILL_DOES_RE = re.compile(r"(?<!\w)(vẫn)\s+(?:tiếp tục\s+)?(?!(?:được|phải|có|có thể|có quyền|bị|là|không|chưa|còn|"
                            r"cần|nên|hợp|đủ|đang|chỉ|như|giữ|tỉnh|thuộc|bảo|nguyên)(?!\w))[^\W\d_]+")
_LIST_BAN_RE = re.compile(r"(?<!\w)(?:bị cấm|cấm|không được (?:công ty |cơ quan |nhà trường )?(?:chấp nhận|tiếp nhận))"
                          r"[^.;:]{0,40}?\s+bao gồm\s*:?")


def _norms(x: Analysis) -> list[Norm]:
    """The norms of a provision with their polarity, the modal markers and the markerless readings above."""
    out = [Norm(m.kind, m.span, m.clause) for m in x.modals if not m.shifted]
    taken = {m.clause for m in x.modals}
    for cs, ce in x.clauses:
        if (cs, ce) in taken:
            continue
        seg = x.lc[cs:ce]
        m = _NOT_VIOLATION_RE.search(seg)
        if m:
            out.append(Norm("permit", (cs + m.start(), cs + m.end()), (cs, ce)))
            continue
        m = _LIST_BAN_RE.search(seg)
        if m:
            out.append(Norm("prohibit", (cs + m.start(), cs + m.end()), (cs, ce)))
            continue
        m = _STILL_DOES_RE.search(seg) if STILL_DOES else None
        if m and not re.search(r"(?<!\w)(?:nếu|khi|mà)(?:\s+[^\W\d_]+){0,6}\s*$", seg[: m.start()]):
            out.append(Norm("permit", (cs + m.start(1), cs + m.end(1)), (cs, ce)))
            continue
        m = _HEAD_NOT_RE.match(seg) or _CANNOT_RE.search(seg)
        if m is None and SUBJECT_NOT:
            m = _SUBJECT_NOT_RE.match(seg)
            if m and (re.search(r"(?<!\w)thì(?!\w)", seg[m.end(1):]) or re.match(r"\s+(?:[^\W\d_]+\s+){0,2}được(?!\w)",
                                                                                seg[m.end(1):])):
                m = None  # "… không tiếp nhận … thì …" (a case), "… không giải quyết được …" (an ability)
        if m:
            out.append(Norm("prohibit", (cs + m.start(1), cs + m.end(1)), (cs, ce)))
    return out


_UNLAWFUL_RE = re.compile(r"(?<!\w)(?:trái phép|trái quy định|trái pháp luật|không đúng|mà không có lý do|không có lý do chính đáng|"
                          r"chưa được xử lý|chưa qua xử lý)(?!\w)")
_LAWFUL_CASE_RE = re.compile(r"(?<!\w)(?:phê duyệt|cho phép|đồng ý|chấp thuận|theo kế hoạch|theo quy định|giấy phép|"
                             r"nêu rõ lý do|bằng văn bản)(?!\w)")
_ONLY_RE = re.compile(r"(?<!\w)chỉ\s*$")
# (a ban against an obligation is left to ``modality``: by meaning alone "không được yêu cầu nộp X" / "phải nộp Y"
# are two different acts more often than one)
_OPPOSED = (frozenset({"prohibit", "permit"}), frozenset({"oblige", "no_oblige"}))
_AUTH_RE = re.compile(r"(?<!\w)(?:cho phép|đồng ý|phê duyệt|chấp thuận|giấy phép|xin phép)(?!\w)")
_AUTH_NEG_RE = re.compile(r"(?<!\w)(?:không|chưa)\s+(?:cần|phải|có|được|hỏi|xin)?\s*(?:\w+\s+){0,2}$")
_CASE_OPEN_RE = re.compile(r"(?<!\w)(?:nếu|khi|trường hợp)\s+([^,;.:]{3,160})")
# ("không có sự thay đổi về nội dung": the negated word is "thay", not the filler "sự"; h-conf18)
_NEG_WORD_RE = re.compile(r"(?<!\w)(?:không|chưa)\s+(?:(?:có|phải|thể|cần|bị)\s+)?(?:(?:sự|việc)\s+)?(\w+)")
_NOT_CASE_WORDS = frozenset("được phải cần có bắt cho thể quá vượt những các chỉ còn nên đồng".split())
# "được" before a verb of receiving names a benefit done by someone else ("được cấp hộ chiếu", "được tiếp nhận và xử trí
# ngay"), not a permission to act
_GENERIC_SUBJ = frozenset("người tổ chức cá nhân cơ quan đơn vị doanh nghiệp cơ sở công dân".split())
_BENEFIT_RE = re.compile(r"\s*(?:cấp|tiếp nhận|xử trí|hỗ trợ|giải quyết|bồi thường|hưởng|nhận|bố trí|xem xét|cứu|trợ giúp|"
                         r"miễn|giảm|hoàn)(?!\w)")
SUBJECT_GUARD = True
_NO_REASON_RE = re.compile(r"(?<!\w)(?:mà|khi|nếu)\s+không\s+(?:có\s+)?(?:lý do|căn cứ|sự đồng ý|sự cho phép|giấy phép|thẩm quyền)")


def _masked_clause(x: Analysis, n: Norm) -> str:
    cs, ce = n.clause
    return x.lc[cs : n.span[0]] + " M " + x.lc[n.span[1] : ce]


def _act_words(x: Analysis, n: Norm) -> set[str]:
    return set(_content(x.lc[n.span[1] : n.clause[1]])) - _GENERIC_ACTION


def _granted(x: Analysis, n: Norm) -> bool:
    """The permission is granted by someone's consent, authorisation or sign ("khi thầy cô đồng ý", "tại nơi có biển
    báo cho phép", "theo kế hoạch được … phê duyệt"), not waived ("mà không cần xin phép")."""
    cs, ce = n.clause
    for m in _AUTH_RE.finditer(x.lc, cs, ce):
        if not _AUTH_NEG_RE.search(x.lc[max(cs, m.start() - 24) : m.start()]):
            return True
    return False


def _other(n: Norm, ma: Norm, mb: Norm) -> Norm:
    """The norm of the other side compared with ``n``."""
    return mb if n is ma else ma


def _subjects_differ(xa: Analysis, ma: Norm, xb: Analysis, mb: Norm) -> bool:
    """Both subjects (the words before the markers) name things the other clause lacks, beyond generic addressees
    ("người điều khiển xe mô tô" / "người điều khiển xe đạp"): two addressees."""
    sa = set(_content(xa.lc[ma.clause[0] : ma.span[0]])) - _GENERIC_SUBJ
    sb = set(_content(xb.lc[mb.clause[0] : mb.span[0]])) - _GENERIC_SUBJ
    la = set(_content(xa.lc[ma.clause[0] : ma.clause[1]]))
    lb = set(_content(xb.lc[mb.clause[0] : mb.clause[1]]))
    return bool(sa - lb) and bool(sb - la) and bool(sa & sb)


def _case_words(x: Analysis, n: Norm) -> set[str]:
    cs, ce = n.clause
    out: set[str] = set()
    for m in _CASE_OPEN_RE.finditer(x.lc, cs, ce):
        out |= set(_content(m.group(1)))
    return out


def _jac(x: set[str], y: set[str]) -> float:
    return len(x & y) / len(x | y) if x | y else 0.0


def polarity_features(xa: Analysis, ma: Norm, xb: Analysis, mb: Norm, sim: float, flags: list[str] = ()) -> list[float]:
    """The second stage's features of one candidate (order: ``FEATURE_NAMES``)."""
    la, lb = xa.lc[ma.clause[0] : ma.clause[1]], xb.lc[mb.clause[0] : mb.clause[1]]
    ca, cb = set(_content(la)), set(_content(lb))
    sa = set(_content(xa.lc[ma.clause[0] : ma.span[0]])) - _GENERIC_SUBJ
    sb = set(_content(xb.lc[mb.clause[0] : mb.span[0]])) - _GENERIC_SUBJ
    n_a, n_b = max(1, len(ca)), max(1, len(cb))
    return [
        float(sim),
        _jac(_act_words(xa, ma), _act_words(xb, mb)),
        _jac(ca, cb),
        _jac(sa, sb),
        float({ma.kind, mb.kind} == {"permit", "prohibit"}),
        float(ma.span not in {m.span for m in xa.modals} or mb.span not in {m.span for m in xb.modals}),
        float(bool(_NUM_RE.search(la) or _NUM_RE.search(lb))),
        float(bool(_CASE_OPEN_RE.search(la) or _CASE_OPEN_RE.search(lb))),
        math.log(min(n_a, n_b)),
        min(n_a, n_b) / max(n_a, n_b),
    ] + [float(any(_GUARD_GROUPS[g] == name[2:] for g in flags)) for name in GUARD_FEATURES]


def _negated_asserted(x: Analysis, n: Norm, y: Analysis, o: Norm) -> bool:
    """A word negated in X's clause outside its marker ("nước thải chưa qua xử lý", "không thuộc danh mục") and
    asserted in Y's clause ("đã qua xử lý", "thuộc danh mục"): two complementary objects."""
    cs, ce = n.clause
    yl = y.lc[o.clause[0] : o.clause[1]]
    for m in _NEG_WORD_RE.finditer(x.lc, cs, ce):
        if n.span[0] <= m.start() < n.span[1] + 1:
            continue
        w = m.group(1)
        if w in _NOT_CASE_WORDS or len(w) < 2:
            continue
        pos = neg = False
        for mm in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", yl):
            if re.search(r"(?<!\w)(?:không|chưa)\s+(?:(?:có|phải|thể|cần|bị|được)\s+)?$", yl[max(0, mm.start() - 16) : mm.start()]):
                neg = True
            else:
                pos = True
        if pos and not neg:
            return True
    return False


_GUARD_GROUPS = {  # the guards of ``_guard_flags`` grouped for the second stage's features
    "only": "lawful", "lawful_case": "lawful", "benefit": "lawful", "granted": "lawful", "no_reason": "lawful",
    "qualifier": "lawful", "both_polarities": "restated", "same_norm_elsewhere": "restated", "subject": "scope",
    "scope_contrast": "scope", "complementary": "case", "negated_asserted": "case", "case_words": "case",
    "prefix_case": "case", "neg_contrast": "case",
}
GUARD_FEATURES = ("g_lawful", "g_restated", "g_scope", "g_case")


def _guard_flags(xa: Analysis, ma: Norm, xb: Analysis, mb: Norm, na: list[Norm], nb: list[Norm],
                 exhaustive: bool = False) -> list[str]:
    """The guards (module docstring) that say two opposite norms are no clash; the first one only unless
    ``exhaustive`` (the second stage reads them all)."""
    out: list[str] = []

    def hit(name: str) -> bool:
        out.append(name)
        return not exhaustive

    if any(_ONLY_RE.search(x.lc[max(n.clause[0], n.span[0] - 8) : n.span[0]])
           for x, n in ((xa, ma), (xb, mb)) if n.kind == "permit") and hit("only"):
        return out
    if {ma.kind, mb.kind} == {"permit", "prohibit"}:
        (xp, np_), (xx, nx) = ((xa, ma), (xb, mb)) if ma.kind == "permit" else ((xb, mb), (xa, ma))
        if _UNLAWFUL_RE.search(xx.lc, nx.clause[0], nx.clause[1]) and _LAWFUL_CASE_RE.search(
                xp.lc, np_.clause[0], np_.clause[1]) and hit("lawful_case"):
            return out
    if any(n.kind == "permit" and _BENEFIT_RE.match(x.lc, n.span[1]) for x, n in ((xa, ma), (xb, mb))) and hit("benefit"):
        return out
    if any(o.clause == n.clause and o.kind == p.kind for x, n, p, ns in ((xa, ma, mb, na), (xb, mb, ma, nb))
           for o in ns if o is not n) and hit("both_polarities"):
        return out  # the clause itself states both polarities ("Địa điểm cấm … nhưng được phép có nơi dành riêng …")
    if any(o.kind == n.kind and len(_act_words(y, o) & _act_words(x, n)) >= 2
           for x, n, y, ny in ((xa, ma, xb, nb), (xb, mb, xa, na)) for o in ny if o is not _other(n, ma, mb)) \
            and hit("same_norm_elsewhere"):
        return out  # the other text itself states the same norm on the act elsewhere: it qualifies, not contradicts
    if SUBJECT_GUARD and _subjects_differ(xa, ma, xb, mb) and hit("subject"):
        return out
    ca, cb = ma.clause, mb.clause
    if (_disjoint_scopes(xa, ca, xb, cb) or _cond_polarity_clash(xa, ca, xb, cb) or _cond_substitution(xa, ca, xb, cb)) \
            and hit("complementary"):
        return out  # complementary cases ("chưa đủ 18 tuổi" / "từ đủ 18 tuổi", "nộp chậm" / "nộp đúng hạn")
    if (_negated_asserted(xa, ma, xb, mb) or _negated_asserted(xb, mb, xa, ma)) and hit("negated_asserted"):
        return out
    if any(n.kind == "permit" and _granted(x, n) and not _AUTH_RE.search(y.lc, o.clause[0], o.clause[1])
           for x, n, y, o in ((xa, ma, xb, mb), (xb, mb, xa, ma))) and hit("granted"):
        return out  # a permission by consent or authorisation is the lawful case of the ban
    wa, wb = _case_words(xa, ma), _case_words(xb, mb)
    if wa and wb and len(wa & wb) / len(wa | wb) < 0.3 and hit("case_words"):
        return out  # two cases ("nếu nộp chậm" / "nếu đã nộp thừa")
    if (_prefix_case(xa, ma, xb, strict=True) or _prefix_case(xb, mb, xa, strict=True)) and hit("prefix_case"):
        return out
    la, lb = xa.lc[ca[0] : ca[1]], xb.lc[cb[0] : cb[1]]
    if (_scope_contrast(la, lb) or _contrast(la, lb)) and hit("scope_contrast"):
        return out
    acts = _act_words(xa, ma) | _act_words(xb, mb)
    if (_neg_contrast(xa, xb, acts) or _neg_contrast(xb, xa, acts)) and hit("neg_contrast"):
        return out  # "chưa qua xử lý" / "đã qua xử lý", "không thuộc danh mục" / "thuộc danh mục"
    if any(n.kind == "prohibit" and _NO_REASON_RE.search(x.lc, n.span[1], n.clause[1])
           for x, n in ((xa, ma), (xb, mb))) and hit("no_reason"):
        return out  # a ban on doing it without justification vs a permission for a justified case
    if any(n.kind == "prohibit" and (q := _QUALIFIER_RE.search(x.lc, n.span[1], n.clause[1]))
           and len(set(_content(x.lc[q.end() : n.clause[1]])) - _GENERIC_ACTION - y.content) >= 2
           for x, n, y in ((xa, ma, xb), (xb, mb, xa))) and hit("qualifier"):
        return out  # a ban narrowed by a qualifier the other text lacks ("… thuộc danh mục loài nguy cấp")
    return out


def detect_polarity(xa: Analysis, xb: Analysis) -> Finding | None:
    """Two norms of opposite polarity whose clauses (markers masked) state the same proposition by meaning; below the
    e5 threshold, or with guards fired, the learned second stage may still decide a clash (``stage2_probability``)."""
    best: Finding | None = None
    na, nb = _norms(xa), _norms(xb)
    staged = _RECORD is not None or "coef" in _stage2()
    for ma in na:
        for mb in nb:
            if frozenset({ma.kind, mb.kind}) not in _OPPOSED:
                continue
            flags = _guard_flags(xa, ma, xb, mb, na, nb, exhaustive=staged)
            if flags and not staged:
                continue
            sim = clause_similarity(_masked_clause(xa, ma), _masked_clause(xb, mb))
            if sim is None:
                continue
            if not flags and sim >= POLARITY_SEMANTIC_MIN:
                conf = round(0.5 + 0.4 * (sim - POLARITY_SEMANTIC_MIN) / max(1e-9, 1 - POLARITY_SEMANTIC_MIN), 3)
                if _RECORD is not None:
                    _RECORD.append(polarity_features(xa, ma, xb, mb, sim, flags))
            else:
                if sim < POLARITY_FLOOR:
                    continue
                feats = polarity_features(xa, ma, xb, mb, sim, flags)
                if _RECORD is not None:
                    _RECORD.append(feats)
                # the learned second stage decides the band below the e5 threshold and the guarded candidates
                p = stage2_probability(feats)
                if p is None or p < _stage2()["threshold"]:
                    continue
                conf = round(0.45 + 0.1 * p, 3)
            f = Finding("modality", conf, [ma.span], [mb.span],
                        f"Hai bên nói về cùng một việc theo nghĩa (độ tương đồng {sim:.2f}) nhưng một bên "
                        f"{_WORDS[ma.kind]}, bên kia {_WORDS[mb.kind]}.")
            if best is None or f.confidence > best.confidence:
                best = f
    return best

_WORDS = {"prohibit": "cấm/không được", "permit": "cho phép/được", "oblige": "bắt buộc/phải",
          "no_oblige": "không bắt buộc/không phải"}
