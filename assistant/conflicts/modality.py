"""The modality detector (``detect_modality``): the same act with clashing deontic markers (được / có quyền / có thể
vs không được / cấm / nghiêm cấm; phải vs không phải / không bắt buộc), compared on the act or on the whole clause
proposition, with its guards.

Does not extract modal statements (``modals``) nor handle competences (``scope``).

Same act
* compared on the whole clause proposition (subject + act + object + conditions without the marker), so word order,
  passives ("được phép thực hiện bởi"), "Nghiêm cấm người … làm X" and "… bị nghiêm cấm." match; coordinated actions
  ("mặc … và đeo biển tên"); the matter may sit in the subject ("Cấm kết hôn giữa những người …" / "Những người …
  được kết hôn"); a ban on everyone clashes with a permission for a named subject; "chỉ được X khi C" vs "được X mà
  không cần C"; "chỉ S (mới) được X" against X given to a subject S does not name (``ONLY_SUBJECT``); in the
  paraphrase pass two modal clauses with differently worded objects are one act at e5 cosine ≥
  MODAL_SEMANTIC_MIN.

Guards (no conflict)
* a general permission vs a prohibition narrowed by a qualifier the permission lacks ("có liên quan đến …");
  complementary numeric scopes ("chưa đủ 18 tuổi"/"từ đủ 18 tuổi"); a case negated on one side ("không nghỉ phép");
  the same "nếu … thì" condition once negated; contrasting conditions ("nếu nộp thuế chậm" / "… đúng thời hạn");
  a case opened on one side only ("Trường hợp …/Đối với … thì"); different objects each side lacks; a different
  subject; a negated object ("không thu tiền", "chưa qua xử lý", "không có trong Danh mục"); a ban on doing X "mà
  không có lý do …" vs a permission for a named justified case, also when the case follows the act ("được từ chối …
  khi …", ``_named_case``); a ban on abusing something ("lợi dụng …", "lạm dụng …") vs a right or duty to do it;
  handing an act to another ("giao … cho …", "ủy quyền …", "thuê …": ``_DELEGATE``) vs doing it. (Shared guards:
  ``guards``.)
Provenance: the first dev set and dev2 (tests/test_conflicts.py); MODAL_SEMANTIC_MIN from dev5
(tests/test_conflicts_dev5.py).
"""

from __future__ import annotations

import os
import re

from assistant.conflicts.analysis import Analysis
from assistant.conflicts.findings import Finding
from assistant.conflicts.guards import (
    _COND_THI_RE, _DOIVOI_RE, _NOT_CASE, _cond_polarity_clash, _cond_substitution, _disjoint_scopes,
)
from assistant.conflicts.modals import _CLASH, Modal
from assistant.conflicts.semantic import clause_similarity
from assistant.conflicts.words import _GENERIC_ACTION, _WORD_RE, STOPWORDS, _content, _seq_content, canon


# establishment nouns that name the same addressee in labour/business rules ("doanh nghiệp" = the employer)
_GENERIC_SUBJECT = frozenset("doanh nghiệp ngsdlđ cơ sở kinh đơn vị công ty tổ chức".split())


def _subject(an: Analysis, m: Modal) -> set[str]:
    txt = an.lc[m.clause[0] : m.span[0]]
    txt = re.sub(r"(?<!\w)(?:nếu|khi)\s[^,;.]*", " ", txt)
    return _content(txt)


_REF_SUBJ_RE = re.compile(r"(?:theo\s+)?quy định tại\s+(?:điểm\s+\w+\s+)?(?:khoản\s+\d+\s+)?(?:khoản|điều)\s+(?:này|\d+)")
_QUALIFIER_RE = re.compile(r"(?<!\w)(?:có liên quan đến|liên quan đến|thuộc|của)(?!\w)")
# h-conf27 switch: a place the ban restricts its act to ("không được đăng ký tạm trú mới tại chỗ ở nằm trong địa điểm
# cấm, khu vực cấm xây dựng …") qualifies it like "thuộc …": against a general permission it carves a case out
PLACE_QUALIFIER = True
_PLACE_QUALIFIER_RE = re.compile(r"(?<!\w)(?:có liên quan đến|liên quan đến|thuộc|của|nằm trong|nằm ở|nằm tại)(?!\w)")
_TAIL_RE = re.compile(r"(?<!\w)(?:nhằm|để|kể cả|với điều kiện|mà)(?!\w)")


def _head(action_text: str) -> str:
    w = _WORD_RE.findall(action_text)
    while w and w[0] in ("tự", "đồng", "thời", "cùng", "trực", "tiếp"):
        w = w[1:]
    return w[0] if w else ""


_ABUSE_RE = re.compile(r"^\W*(?:lợi dụng|lạm dụng)(?!\w)")
# verbs that hand an act to someone else: the act's words follow them as their object ("giao … công việc kiểm toán")
_DELEGATE = frozenset({"giao", "ủy", "uỷ", "thuê", "nhờ"})


def _abuse(m: Modal) -> bool:
    """The act is abusing something: "lợi dụng …", "lạm dụng …"."""
    return bool(_ABUSE_RE.match(m.action_text))


def _conj_verbs(m: Modal) -> set[str]:
    """First content word of each conjunct of the action ("mặc trang phục … và đeo biển tên" → {mặc, đeo})."""
    out = set()
    for part in re.split(r"(?<!\w)(?:và|hoặc)(?!\w)", m.action_text):
        w = _seq_content(part)
        if w:
            out.add(w[0])
    return out


def _core_action(m: Modal) -> set[str]:
    t = m.action_text
    cut = _TAIL_RE.search(t)
    return (_content(t[: cut.start()]) if cut else set(m.action)) - _GENERIC_ACTION


def _then_cond(x: Analysis, m: Modal) -> set[str]:
    before = x.lc[m.clause[0] : m.span[0]]
    k = before.rfind(" thì ")
    return _content(before[:k]) if k >= 0 else set()


def _prefix_case(x: Analysis, m: Modal, other: Analysis, strict: bool = False) -> bool:
    """A case opened before the norm ("Trường hợp …/Trong thời gian … thì", "Đối với …,") about things the other text
    does not mention at all. ``strict``: only a time-window case ("Trong thời gian … thì") — a condition added to a
    permission or exemption ("Trường hợp … thì được …") is exactly what makes a lower text contradict a higher one."""
    dv = _DOIVOI_RE.match(x.lc, m.clause[0], m.span[0])
    for c in list(_COND_THI_RE.finditer(x.lc, m.clause[0], m.span[0])) + ([dv] if dv else []):
        if strict and not c.group(0).lstrip().startswith("trong thời gian"):
            continue
        if len(_content(c.group(1)) - other.content - _GENERIC_ACTION) >= 2:
            return True
    return False


# guards added by h-conf11 (switches for measurement; False restores the earlier behaviour)
JUSTIFIED_CASE_GUARD = True  # a ban "mà không có lý do …" vs a permission for a case it names ("khi …")


# h-conf25 switch: ``_neg_contrast`` compares the negated word with the acts in their canonical form (the acts' words
# are canonical: "chuyển nhượng" → "nộp nhượng"), so the act's own verb after "không được" is not read as a negated
# case ("… không được chuyển nhượng giấy phép …" / "… được chuyển nhượng giấy phép …")
NEG_CONTRAST_CANON = True
# h-conf27 switch: a negation right after "thì" ("việc kết hôn không được đăng ký thì không có giá trị pháp lý") states
# the consequence of a case; its word asserted by the other text ("… có giá trị pháp lý mà không cần đăng ký") is the
# clash itself, not a complementary case
NEG_CONTRAST_THEN = True


def _neg_contrast(xa: Analysis, xb: Analysis, acts: set[str]) -> bool:
    """A word negated in one text ("không nghỉ phép") and asserted in the other, outside the compared actions."""
    for m in re.finditer(r"(?<!\w)(?:không|chưa)\s+(?:(?:có|được|phải|thể|cần|bị)\s+)?(\w+)", xa.lc):
        w = m.group(1)
        if w in _NOT_CASE or w in STOPWORDS or w in acts or len(w) < 2:
            continue
        if NEG_CONTRAST_THEN and re.search(r"(?<!\w)thì\s*$", xa.lc[max(0, m.start() - 8) : m.start()]):
            continue  # "… không được đăng ký thì không có giá trị pháp lý": the consequence of a case, not a case
        if NEG_CONTRAST_CANON and (canon(xa.lc[m.start(1) : m.start(1) + 24]).split() or [""])[0] in acts:
            continue  # the compared act's own verb in its canonical form ("không được chuyển nhượng …": "chuyển" is
            # "nộp" in the act's words)
        neg_b = pos_b = False
        for mm in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", xb.lc):
            if re.search(r"(?<!\w)(?:không|chưa)\s+(?:(?:có|được|phải|thể|cần|bị)\s+)?$", xb.lc[max(0, mm.start() - 16) : mm.start()]):
                neg_b = True
            else:
                pos_b = True
        if pos_b and not neg_b:
            return True
    return False


def _named_case(xp: Analysis, mp: Modal, other: Analysis) -> bool:
    """The permission names its own case after the act ("được từ chối giám định khi đối tượng giám định không đủ …"):
    a case whose words the other text lacks is the justification a ban "mà không có lý do chính đáng" leaves open."""
    if not JUSTIFIED_CASE_GUARD:
        return False
    m = re.search(r"(?<!\w)(?:khi|nếu|trong trường hợp|trường hợp|vì)\s+([^;.:]{3,200})", xp.lc[mp.span[1] : mp.clause[1]])
    return bool(m) and len(_content(m.group(1)) - other.content - STOPWORDS) >= 2


_PROP_DROP_RE = re.compile(r"(?<!\w)(?:bởi|việc|thì|vẫn|chỉ|mới|đều|cũng)(?!\w)")


def _prop_words(x: Analysis, m: Modal) -> set[str] | None:
    """Content words of the clause of a modal statement without the marker: the proposition (subject, act, object,
    conditions) whatever the word order. None when the clause holds another norm (two markers)."""
    cs, ce = m.clause
    if len({o.span for o in x.modals if o.clause == m.clause}) != 1:
        return None
    t = x.lc[cs : m.span[0]] + " " + x.lc[m.span[1] : ce]
    return set(_content(_PROP_DROP_RE.sub(" ", t))) - _GENERIC_ACTION


_UNIVERSAL = frozenset("tổ chức cá nhân mọi ai công dân".split())


def _universal_subject(x: Analysis, m: Modal) -> bool:
    subj = x.lc[m.clause[0] : m.span[0]]
    subj = re.sub(r"(?<!\w)(?:nếu|khi|trường hợp)\s[^,;.]*", " ", subj)
    return _content(subj) <= _UNIVERSAL


def _clause_proposition(xa: Analysis, ma: Modal, xb: Analysis, mb: Modal) -> float | None:
    """Jaccard of the two clause propositions when they are the same but for the modal marker (at most one extra
    word on one side, or one word each side that is not a substitution of a compared subject), else None."""
    pa, pb = _prop_words(xa, ma), _prop_words(xb, mb)
    if not pa or not pb:
        return None
    inter = pa & pb
    da, db = pa - pb, pb - pa
    if len(inter) < 3:
        return None
    # a ban addressed to everyone ("Nghiêm cấm …", "Không ai được …", "Tổ chức, cá nhân không được …") against a
    # permission/obligation for a named subject: the subject's words are not a difference of matter
    for x, m, y, n, dy in ((xa, ma, xb, mb, db), (xb, mb, xa, ma, da)):
        if m.kind == "prohibit" and not da & db and 0 < len(dy) <= 4 and _universal_subject(x, m):
            subj_y = _content(y.lc[n.clause[0] : n.span[0]])
            if dy <= subj_y:
                return len(inter) / len(pa | pb)
    if len(inter) < 4:
        return None
    if da and db:
        return None
    if len(da | db) > 2 or len(da | db) > len(inter) // 3:
        return None
    return len(inter) / len(pa | pb)


_ONLY_IF_RE = re.compile(r"(?<!\w)chỉ\s+(?:được phép|được|có thể)\s+([^.;:]{3,200}?)\s+(?:khi|nếu|trong trường hợp)\s+([^.;:]{3,200})")
_WITHOUT_RE = re.compile(r"(?<!\w)(?:mà\s+)?không\s+(?:cần\s+(?:phải\s+)?(?:có\s+)?|phải\s+có\s+|có\s+)([^.;:]{3,160})")


def _only_if_clash(xa: Analysis, xb: Analysis) -> Finding | None:
    """"chỉ được X khi/nếu C" against "được X mà không cần C": the condition one text requires, the other waives."""
    for m in _ONLY_IF_RE.finditer(xa.lc):
        act, cond = _content(m.group(1)), _content(m.group(2))
        if len(act) < 2 or len(cond) < 2:
            continue
        for mb in xb.modals:
            if mb.kind != "permit" or len(act & set(mb.action)) / len(act) < 0.7:
                continue
            for w in _WITHOUT_RE.finditer(xb.lc, mb.span[1], mb.clause[1]):
                wc = _content(w.group(1))
                if len(wc & cond) >= 2 and len(wc & cond) / len(wc) >= 0.5:
                    return Finding("modality", 0.8, [(m.start(), m.end())], [mb.span, (w.start(), w.end())],
                                   f"Một bên chỉ cho phép \"{m.group(1)[:60]}\" khi \"{m.group(2)[:60]}\", bên kia cho phép "
                                   f"mà không cần điều kiện đó.")
    return None


# h-mod23 switch (for measurement; False restores the earlier behaviour): "chỉ S (mới) được X" reserves X to S, so
# another subject that the same provision-level norm gives X ("Người khuyết tật … được miễn vé" / "… chỉ thương binh,
# bệnh binh được miễn vé") is excluded by it
ONLY_SUBJECT = True
_ONLY_SUBJ_RE = re.compile(r"(?:^|[,;:]|(?<!\w)(?:thì|và))\s*chỉ(?:\s+có)?\s+(?!(?:huy|đạo|thị|định|tiêu|số|dẫn|rõ|ra|trích|điểm|"
                           r"báo|giáo|mục|trỏ|tay|vàng)(?!\w))([^.;:]{2,120}?)\s+(?P<moi>mới\s+)?$")


# h-conf25 switch: the subject the other text gives the act is excluded by "chỉ S mới được" unless one of the reserved
# subjects names it or a kind it belongs to (each reserved member's content words within the subject's), when the
# reservation is the explicit "chỉ S mới được" (without "mới" the h-mod23 rule below holds). So a
# reserved subject sharing a head word with the other subject counts ("Chỉ công ty cổ phần mới được phát hành trái
# phiếu" / "Công ty trách nhiệm hữu hạn hai thành viên trở lên được phát hành trái phiếu"), and so does a reservation
# that narrows the other text's own subject ("Chỉ công dân đã tạm trú tại địa phương mới được đăng ký thường trú …" /
# "Công dân có quyền đăng ký thường trú …": the law gives it to every citizen). False: the subjects must share no
# content word and the other subject must not be a universal one (h-mod23). "chỉ huy", "chỉ đạo", "chỉ thị", "chỉ định"
# … are words of their own, not "only" (the Pháp điển batch read "Chỉ huy cơ quan …" as a reservation).
ONLY_SUBJECT_COVER = True
_MEMBER_SPLIT_RE = re.compile(r",|;|(?<!\w)(?:và|hoặc)(?!\w)")


def _only_covers(reserved_text: str, subj: set[str]) -> bool:
    """Does a member of the reserved list ("thương binh, bệnh binh") name ``subj`` or a kind it belongs to?"""
    for part in _MEMBER_SPLIT_RE.split(reserved_text):
        member = _content(part) - _GENERIC_ACTION - STOPWORDS
        if member and member <= subj:
            return True
    return False


def _only_subject_clash(xa: Analysis, xb: Analysis) -> Finding | None:
    """``ONLY_SUBJECT``: a permission or exemption reserved to named subjects in one text ("chỉ thương binh, bệnh binh
    được miễn vé") and the same act given to a subject the reservation does not name in the other ("Người khuyết tật
    … được miễn vé"): the same head word of the act, the subjects sharing no content word."""
    if not ONLY_SUBJECT:
        return None
    for mo in xa.modals:
        if mo.kind not in ("permit", "no_oblige"):
            continue
        cs = max(xa.lc.rfind(".", 0, mo.span[0]), xa.lc.rfind(";", 0, mo.span[0]), xa.lc.rfind(":", 0, mo.span[0])) + 1
        om = _ONLY_SUBJ_RE.search(xa.lc[max(cs, mo.span[0] - 130) : mo.span[0]])
        if not om:
            continue
        reserved = _content(om.group(1)) - _GENERIC_ACTION
        if not reserved or re.search(r"(?<!\w)(?:sau đây|dưới đây|nêu trên|quy định tại)(?!\w)", om.group(1)):
            continue  # ("chỉ các cơ sở sau đây được đào tạo …: a) …": the reserved subjects are listed elsewhere)
        so = set(mo.action) - _GENERIC_ACTION
        for mt in xb.modals:
            if mt.kind != mo.kind or not mt.action or mt.action[0] != mo.action[0]:
                continue
            st = set(mt.action) - _GENERIC_ACTION
            if not so or not st or len(so & st) / min(len(so), len(st)) < 0.5:
                continue
            subj = _subject(xb, mt) - _GENERIC_ACTION - STOPWORDS
            if re.search(r"(?<!\w)(?:để|nhằm|mà|nếu|khi|thì|hoặc|và|cho)\s*$", xb.lc[mt.clause[0] : mt.span[0]]):
                continue  # "… gian lận để được cấp …": a purpose or condition, not who is given the act
            if len(subj) < 2 or _ONLY_SUBJ_RE.search(xb.lc[mt.clause[0] : mt.span[0]]):
                continue
            if ONLY_SUBJECT_COVER and om.group("moi"):
                if _only_covers(om.group(1), subj):
                    continue
            elif subj & reserved or subj <= _UNIVERSAL:
                continue
            return Finding("modality", 0.75, [(mo.span[0] - len(om.group(0)), mo.span[1]), mo.action_span],
                           [mt.span, mt.action_span],
                           f"Một bên chỉ cho \"{om.group(1).strip()[:60]}\" {xa.lc[mo.span[0] : mo.span[1]]} {mo.action_text[:50]}; bên kia cho cả "
                           f"\"{xb.lc[mt.clause[0] : mt.span[0]].strip()[:60]}\".")
    return None


MODAL_SEMANTIC_MIN = float(os.environ.get("ASSISTANT_CONFLICT_MODAL_SEMANTIC_MIN", "0.95"))


def _modal_clause_similarity(an_a: Analysis, ma: Modal, an_b: Analysis, mb: Modal) -> float:
    """e5 cosine of the two clauses holding the modal markers, each marker replaced by one placeholder (0 without
    an encoder)."""
    ca = an_a.lc[ma.clause[0] : ma.span[0]] + " M " + an_a.lc[ma.span[1] : ma.clause[1]]
    cb = an_b.lc[mb.clause[0] : mb.span[0]] + " M " + an_b.lc[mb.span[1] : mb.clause[1]]
    sim = clause_similarity(ca, cb)
    return 0.0 if sim is None else sim


def detect_modality(an_a: Analysis, an_b: Analysis, exc_note: list[str], loose: bool = False) -> Finding | None:
    """Same act, clashing deontic markers. ``loose`` (the paraphrase pass of a retold pair, ``_paraphrase_pass``):
    subjects named in other words count as the same addressee when they share at least three content words besides
    the act's own ("Nhà ở riêng lẻ ở nông thôn … dưới 07 tầng" / "Hộ gia đình xây dựng nhà ở dưới bảy tầng tại nông
    thôn"; not "Tòa án ra quyết định định giá tài sản" / "Người yêu cầu định giá tài sản", which share only the act)."""
    best: Finding | None = (_only_if_clash(an_a, an_b) or _only_if_clash(an_b, an_a) or _only_subject_clash(an_a, an_b)
                            or _only_subject_clash(an_b, an_a))
    for ma in an_a.modals:
        for mb in an_b.modals:
            if frozenset({ma.kind, mb.kind}) not in _CLASH:
                continue
            wa, wb = ma.action, mb.action
            if not wa or not wb:
                continue
            subj_a = _subject(an_a, ma)
            subj_b = _subject(an_b, mb)
            sa, sb = set(wa) - _GENERIC_ACTION, set(wb) - _GENERIC_ACTION
            if not sa or not sb:
                continue
            shared = sa & sb
            ov = len(shared) / min(len(sa), len(sb))
            # the same verb (first word of one action occurs in the other: "mặc … và đeo biển tên" vs "đeo biển tên")
            # predicates "là …" (status) / "có …" (possession) are not the same act as another verb
            ha, hb = _head(ma.action_text), _head(mb.action_text)
            if (ha == "là" or hb == "là") and ha != hb:
                continue
            # a ban on abusing something ("không được lợi dụng việc định kỳ chuyển đổi vị trí công tác … để trù dập",
            # "nghiêm cấm lạm dụng chức vụ …") bans the abuse, not the thing: no clash with a right or duty to do it
            if _abuse(ma) != _abuse(mb):
                continue
            # assigning or hiring out an act ("không được giao … công việc kiểm toán … cho tổ chức … không được chấp
            # thuận") is another act than doing it ("được thực hiện kiểm toán cho đơn vị …")
            da_, db_ = wa[0] in _DELEGATE, wb[0] in _DELEGATE
            if da_ != db_ and (wa[0] if da_ else wb[0]) not in (wb if da_ else wa):
                continue
            va, vb = _conj_verbs(ma), _conj_verbs(mb)
            same_verb = wa[0] in wb[:4] or wb[0] in wa[:4] or bool(va & vb)
            prop = False
            ceq = _clause_proposition(an_a, ma, an_b, mb)
            if ceq is not None:
                # the whole clause says the same thing but for the modal marker, whatever the word order ("Nghiêm cấm
                # người … sử dụng …" / "Người … được sử dụng …", "Việc khai thác … được phép thực hiện bởi …")
                ov = max(ov, ceq)
            elif not same_verb or ov < 0.5 or len(shared) < min(3, max(2, min(len(sa), len(sb)))):
                # the matter may sit in the subject on one side: "Cấm kết hôn giữa những người cùng dòng máu" vs
                # "Những người cùng dòng máu … được kết hôn": compare the whole proposition (subject + action)
                pa, pb = (subj_a | sa) - _GENERIC_ACTION, (subj_b | sb) - _GENERIC_ACTION
                if not (wa[0] == wb[0] or wa[:2] == wb[:2]) or not pa or not pb:
                    continue
                psh = pa & pb
                if len(psh) < 4 or len(psh) / min(len(pa), len(pb)) < 0.7:
                    continue
                if (pa - pb) and (pb - pa) and len((pa - pb) | (pb - pa)) > 3:
                    continue  # each proposition names things the other lacks ("dừng xe trên cầu" / "dừng xe tại nơi có
                    # biển báo cho phép dừng"): two different acts
                ov, prop = len(psh) / min(len(pa), len(pb)), True
            # negated object: "có thu tiền" vs "không thu tiền"
            if (ma.negated - mb.negated) & sb or (mb.negated - ma.negated) & sa:
                continue
            # subject differs: both subjects (text before the marker) have words the other text lacks
            da = subj_a - an_b.content
            db = subj_b - an_a.content
            if not prop and da and db and not (da <= _GENERIC_SUBJECT or db <= _GENERIC_SUBJECT) and not (
                    ma.shifted or mb.shifted) and not (loose and len((subj_a & subj_b) - sa - sb) >= 3):
                continue
            # both are consequents ("… thì …") of different conditions: two cases
            ta_, tb_ = _then_cond(an_a, ma), _then_cond(an_b, mb)
            if ta_ and tb_ and len(ta_ & tb_) / len(ta_ | tb_) < 0.5:
                continue
            # the other text itself states the same norm ("được quyền sử dụng hàm …, nhưng không được sử dụng vào mục
            # đích khác"): it qualifies, it does not contradict
            if any(o.kind == ma.kind and o.action[:1] == ma.action[:1] and len(set(o.action) & set(ma.action)) >= 2
                   for o in an_b.modals if o is not mb) or any(
                    o.kind == mb.kind and o.action[:1] == mb.action[:1] and len(set(o.action) & set(mb.action)) >= 2
                    for o in an_a.modals if o is not ma):
                continue
            # a subject restricted by reference on one side only ("Luật sư đăng ký hoạt động theo quy định tại khoản
            # này không phải nộp lệ phí"): a special (often transitional) case
            ra = bool(_REF_SUBJ_RE.search(an_a.lc[ma.clause[0] : ma.span[0]]))
            rb = bool(_REF_SUBJ_RE.search(an_b.lc[mb.clause[0] : mb.span[0]]))
            if ra != rb:
                continue
            # different objects: each action names something the other text lacks ("trả lương … ngày nghỉ lễ, tết"
            # vs "không phải trả lương … ngày nghỉ không hưởng lương"); purpose/condition tails ("nhằm …", "để …",
            # "kể cả …") are not the object
            xa_extra = _core_action(ma) - an_b.content
            xb_extra = _core_action(mb) - an_a.content
            if xa_extra and xb_extra and not prop and (len(shared) < 5 or (ma.negated & xa_extra) or (mb.negated & xb_extra)):
                # (a negated qualifier the other side lacks, "ngày nghỉ không hưởng lương", names another case)
                if not (loose and not (ma.negated & xa_extra) and not (mb.negated & xb_extra)
                        and _modal_clause_similarity(an_a, ma, an_b, mb) >= MODAL_SEMANTIC_MIN):
                    continue
            # a ban on doing it without justification ("không được từ chối … mà không có lý do chính đáng") against a
            # permission for a named justified case ("có quyền từ chối … vi phạm pháp luật"): both hold
            if {ma.kind, mb.kind} == {"permit", "prohibit"}:
                (mx, xx), (mp, _xp) = ((ma, an_a), (mb, an_b)) if ma.kind == "prohibit" else ((mb, an_b), (ma, an_a))
                if re.search(r"(?<!\w)(?:mà|khi|nếu)\s+không\s+(?:có\s+)?(?:lý do|căn cứ|sự đồng ý|sự cho phép|giấy phép|thẩm quyền)",
                             xx.lc[mx.span[1] : mx.clause[1]]) and (_core_action(mp) - xx.content or _named_case(_xp, mp, xx)):
                    continue
            # complementary numeric scopes ("chưa đủ 18 tuổi" / "từ đủ 18 tuổi trở lên")
            if _disjoint_scopes(an_a, ma.clause, an_b, mb.clause):
                continue
            # the case is negated on one side only ("khi nghỉ phép … được thanh toán" / "ngày không nghỉ phép …
            # không được thanh toán"): two complementary cases
            if _cond_polarity_clash(an_a, ma.clause, an_b, mb.clause) or _cond_substitution(an_a, ma.clause, an_b, mb.clause):
                continue
            # a case opened by "Trường hợp …/Nếu …/Khi … thì" on one side only, about something the other text
            # does not mention: a special case of the general rule ("Trường hợp khoản tiền đặt trước phát sinh lãi
            # thì … được nhận tiền lãi đó")
            if _prefix_case(an_a, ma, an_b, strict=True) or _prefix_case(an_b, mb, an_a, strict=True):
                continue
            acts = set(ma.action) | set(mb.action)
            if _neg_contrast(an_a, an_b, acts) or _neg_contrast(an_b, an_a, acts):
                continue
            # a general permission and a prohibition restricted by a qualifier the permission lacks entirely are
            # consistent (the prohibition carves a case out): "có quyền công chứng hợp đồng, giao dịch" vs "không được
            # công chứng hợp đồng, giao dịch có liên quan đến tài sản … của người thân thích"
            if {ma.kind, mb.kind} == {"permit", "prohibit"}:
                mp, anp, mx = (ma, an_a, mb) if ma.kind == "permit" else (mb, an_b, ma)
                q = (_PLACE_QUALIFIER_RE if PLACE_QUALIFIER else _QUALIFIER_RE).search(mx.action_text)
                if q:
                    qual = _content(mx.action_text[q.end():]) - _GENERIC_ACTION
                    if len(qual) >= 2 and not (qual & anp.content):
                        continue
            conf = 0.5 + 0.45 * ov
            if prop:
                conf -= 0.05
            words = {"prohibit": "cấm/không được", "permit": "được/có quyền", "oblige": "phải/bắt buộc",
                     "no_oblige": "không phải/không bắt buộc"}
            f = Finding("modality", round(conf, 3), [ma.span, ma.action_span], [mb.span, mb.action_span],
                        f"Cùng hành vi \"{ma.action_text[:80]}\" nhưng một bên quy định {words[ma.kind]}, "
                        f"bên kia quy định {words[mb.kind]}.")
            if best is None or f.confidence > best.confidence:
                best = f
    return best
