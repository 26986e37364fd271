"""The meaning pass of a retold pair (issue #6): antonymous acts (``detect_antonym``), a minimum retold as a maximum
(``detect_bound_flip``), implied permissions, bans written as lists of places or categories, consent required vs
lifted, a plain permission for a banned act, a requirement lifted (``_meaning_pass``), and the conflict built from
such a finding (``_meaning_conflict``).

Runs only where ``pair.check_pair`` asks for it (a retold pair whose other comparisons found nothing): never between
two central documents, so never in the Pháp điển batch.

Rules
* antonym axes of legal acts (``_ANTONYM_AXES``: giữ bí mật/công khai, tại Việt Nam/ở nước ngoài, tự mình/ủy quyền,
  văn bản/lời nói, trước/sau khi, tăng/giảm, tự nguyện/bắt buộc; a plain negation flips a pole, a lifted duty states
  none; same matter = ≥ 3 words shared around the two poles, different addressees and the law's exceptions block);
* bans written as lists of places or categories against a permission at one member (``_list_ban_clash``, category
  lexicon ``_CATEGORY_MEMBERS``);
* "vẫn … được … nếu" against a ban on the same act (``_implied_permission_clash``);
* a minimum retold as a maximum at or below it (``detect_bound_flip``);
* consent required vs lifted ("phải được … đồng ý" / "không cần ý kiến, không cần xin phép", ``_consent_clash``);
* a plain permission for an act a ban's clause names (``_plain_permit_clash``);
* a list lead-in ban or exemption against the opposite norm for one listed member (``_list_item_clash``, h-conf18);
* last, opposite norms by meaning (``polarity``) and a free service against a charge for it (``fees``, h-conf12).
Provenance: dev6 (antonymous acts, implied permissions, list bans; tests/test_conflicts_dev6.py) and dev7 (consent,
plain permissions; tests/test_conflicts_dev7.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.conflicts.analysis import Analysis, _contrast, _exception_covers, analyze
from assistant.conflicts.clauses import _mapped, units
from assistant.conflicts.findings import Finding, _severity
from assistant.conflicts.guards import (
    _CASE_RE, _cond_polarity_clash, _cond_substitution, _disjoint_scopes, _neg_phrase_contrast, _pair_contrast,
    _pair_res, _scope_contrast,
)
from assistant.conflicts.paraphrase import _map_back
from assistant.conflicts.fees import detect_fee
from assistant.conflicts.polarity import detect_polarity
from assistant.conflicts.prevail import decide_prevails
from assistant.conflicts.quantities import _comparable, _days, _q_interval
from assistant.conflicts.words import (
    _GENERIC_ACTION, _WORD_RE, _clause_of, _content, _sentence_end, _sentence_start, _seq_content, canon,
)
from assistant.records import Conflict, ConflictSide

# Issue #6, rules written from the blind set dev6 (retellings set against the law). They run only on a retold pair
# (``_retold``: a handbook, guide, Q&A page, leaflet, internal rule or local decision against a central text) whose
# lexical and paraphrase comparisons found nothing, so two central documents (the whole Pháp điển batch) never reach
# them.
#
# 1. Antonymous acts. Legal Vietnamese states many duties as one pole of a pair of opposite acts; a retelling that
#    puts the same matter at the other pole contradicts the law although no deontic marker differs ("phải giữ bí mật
#    thông tin về người tố cáo" / "được công khai tên người tố cáo"). Each axis is a general legal opposition, not a
#    phrase of one pair; a pole after a plain negation ("không được công khai", "không được nhờ người khác bỏ phiếu
#    thay") counts as the other pole, a pole after "không cần/không bắt buộc" states no pole at all (it only lifts a
#    duty — the modality detector's business).
_ANTONYM_AXES: tuple[tuple[str, str, str], ...] = (
    ("giữ bí mật / công khai", r"giữ bí mật|bảo mật|giữ kín", r"công khai|công bố|tiết lộ"),
    ("lưu, đặt tại Việt Nam / ở nước ngoài", r"(?:tại|ở|trong|trên)\s+(?:lãnh thổ\s+)?việt nam|trong nước",
     r"(?:tại|ở|ra)\s+nước ngoài|ngoài lãnh thổ(?:\s+việt nam)?"),
    ("tự mình, có mặt / ủy quyền, nhờ người khác", r"tự mình|có mặt|đích thân|trực tiếp (?:đến|có mặt)",
     r"ủy quyền|nhờ người khác|thay mặt|(?<=\s)thay(?=\s+(?:mình|vào|mà|cho)(?!\w)|\s*[,.;]|\s*$)"),
    ("bằng văn bản / bằng lời nói", r"(?:bằng|thành|lập|gửi)\s+văn bản|văn bản đăng ký",
     r"bằng lời nói|bằng lời|bằng miệng|báo miệng|nói miệng|qua điện thoại|(?:ký|làm)\s+giấy tờ"),
    ("trước khi / sau khi", r"trước khi", r"sau khi"),
    ("tăng / giảm", r"tăng(?!\s+cường|\s+trưởng)|nâng", r"giảm(?!\s+thiểu|\s+trừ|\s+nhẹ)|hạ(?!\s+tầng)"),
    ("tự nguyện / bắt buộc", r"tự nguyện", r"bắt buộc|buộc phải|ép buộc|cưỡng ép|có trách nhiệm|có nghĩa vụ"),
)
_AXIS_RES = tuple((name, re.compile(rf"(?<!\w)(?:{p})(?!\w)"), re.compile(rf"(?<!\w)(?:{q})(?!\w)"))
                  for name, p, q in _ANTONYM_AXES)
# "(ký) giấy tờ" is the written pole only when negated ("không cần ký giấy tờ"): the list above puts it at the oral
# pole and a plain negation flips it; without a negation it states nothing
_NEG_BEFORE_RE = re.compile(r"(?<!\w)(?:không|chưa|chẳng|cấm|nghiêm cấm)(?:\s+(?:được|được phép|nên|hề))?(?:\s+[^\W\d_]+){0,5}\s*$")
_LIFT_BEFORE_RE = re.compile(r"(?<!\w)(?:không|chưa)\s+(?:cần|bắt buộc|buộc|phải|bị buộc|bị bắt buộc)(?:\s+phải)?"
                             r"(?:\s+[^\W\d_]+){0,4}\s*$")


_SCHEME_BEFORE_RE = re.compile(r"(?<!\w)(?:bảo hiểm(?: xã hội| y tế| hưu trí)?|hưu trí(?: bổ sung)?|quỹ|chương trình|"
                               r"giáo dục|chế độ|hình thức)\s*$")


@lru_cache(maxsize=100_000)
def _poles(t: str) -> dict[str, frozenset[int]]:
    return {k: frozenset(v) for k, v in _poles_raw(t).items()}


def _poles_raw(t: str) -> dict[str, set[int]]:
    """Axis name → the poles (+1 / -1) the text puts things at."""
    out: dict[str, set[int]] = {}
    for name, rp, rq in _AXIS_RES:
        for rx, pole in ((rp, 1), (rq, -1)):
            for m in rx.finditer(t):
                before = t[max(0, m.start() - 60) : m.start()]
                word = m.group(0)
                if _LIFT_BEFORE_RE.search(before) and not (name.startswith("tự nguyện") and word.startswith(("bắt", "buộc"))):
                    if "giấy tờ" in word:
                        out.setdefault(name, set()).add(-1)  # "không cần ký giấy tờ": oral
                    continue
                if name.startswith("tự nguyện") and _SCHEME_BEFORE_RE.search(before):
                    continue  # "bảo hiểm xã hội tự nguyện" / "… bắt buộc": the names of two schemes, not two poles
                neg = bool(_NEG_BEFORE_RE.search(before))
                if "giấy tờ" in word and not neg:
                    continue
                out.setdefault(name, set()).add(-pole if neg else pole)
    return out


POLARITY_CHECK = True  # the meaning check of opposite norms (``polarity``); off = the rules before h-conf10
# words shared by the words around the two poles (8 before, 8 after, same sentence); 3 → 2 by the threshold sweep of
# h-modlearn (eval/conflict_gate_sweep.py): pooled dev…dev14 +5 TP / +1 FP, gains in three files (dev4, dev8, dev13)
ANTONYM_WINDOW_MIN = 2
# addressees that a retelling may contrast with the law's ("phí tham quan đối với người lớn tăng" / "trẻ em được
# giảm"): a pole for one of them says nothing about the other
_ADDRESSEE_CONTRASTS = (
    ("người lớn", "trẻ em|trẻ|học sinh|người cao tuổi"),
    ("công dân nam|nam giới|lao động nam|nam thanh niên|thanh niên nam", "công dân nữ|nữ giới|lao động nữ|nữ thanh niên|thanh niên nữ"),
    ("trong nhà", "ngoài trời"),
)


_ADDRESSEE_CONTRAST_RES = _pair_res(_ADDRESSEE_CONTRASTS)


def _addressee_contrast(ta: str, tb: str) -> bool:
    return _pair_contrast(_ADDRESSEE_CONTRAST_RES, ta, tb)


_WINDOW_STOP = frozenset("""và hoặc là của các những này đó thì mà để tại trong từ đến khi nếu trên dưới với cho theo về do bởi
    được có không phải bị sẽ đã đang cũng như nhưng vì nên một mỗi cả nào việc thể quyền trách nhiệm nghĩa vụ cần P
    chỉ vẫn đều lại""".split())


def _window_words(t: str) -> list[str]:
    """Words around a pole: function and modal words aside (lighter than ``_seq_content``, which drops "đồng",
    "người", "hợp" … as units or frequent words)."""
    return [w for w in _WORD_RE.findall(canon(t)) if w not in _WINDOW_STOP and not w[0].isdigit()]


def _pole_windows(t: str, rx: re.Pattern) -> list[tuple[set[str], set[str], tuple[int, int]]]:
    """(content words before, after, span) of each match of one pole, within its sentence, poles masked."""
    out = []
    for m in rx.finditer(t):
        cs, ce = _sentence_start(t, m.start()), _sentence_end(t, m.end())
        before = _window_words(_mask_poles(t[cs : m.start()]))[-8:]
        after = _window_words(_mask_poles(t[m.end() : ce]))[:8]
        out.append((set(before), set(after), m.span()))
    return out


def _mask_poles(t: str) -> str:
    for _name, rp, rq in _AXIS_RES:
        t = rq.sub(" P ", rp.sub(" P ", t))
    return t


# h-conf27 switch: the subject of one pole negates a qualifier the other text states ("Người lao động không làm việc theo
# hợp đồng lao động được tự nguyện tham gia bảo hiểm xã hội" / "Tham gia bảo hiểm xã hội là bắt buộc đối với người lao
# động làm việc theo hợp đồng lao động …"): two complementary subjects, each with its own pole. Only a negation before
# the pole that is not the pole's own ("không niêm yết công khai" negates the pole: the clash itself), of at least
# three content words all stated by the other text, none of them negated there.
COMPLEMENT_SUBJECT = True
_COMPLEMENT_NEG_RE = re.compile(r"(?<!\w)(?:không|chưa)\s+(?!(?:được|phải|cần|bắt buộc|có quyền|có thể|bị|thể)(?!\w))"
                                r"([^,;.:]{3,100}?)(?=\s+(?:được|phải|là|thì|có quyền|có thể|không|bắt buộc)(?!\w)|[,;.:]|$)")


def _complement_subject(t: str, pole: int, other: str) -> bool:
    seg = t[_sentence_start(t, pole) : pole]
    for m in _COMPLEMENT_NEG_RE.finditer(seg):
        words = set(_window_words(m.group(1)))
        if len(words) < 3 or _poles(m.group(1)) or not words <= set(_window_words(other)):
            continue
        first = m.group(1).split()[0]
        if re.search(rf"(?<!\w)(?:không|chưa)\s+(?:\w+\s+)?{re.escape(first)}(?!\w)", other):
            continue
        return True
    return False


def detect_antonym(xa: Analysis, xb: Analysis) -> Finding | None:
    """Two clauses that put the same matter at opposite poles of one antonym axis (``_ANTONYM_AXES``): the words
    around the two poles share at least ANTONYM_WINDOW_MIN content words; for "trước khi / sau khi" the act being
    ordered (the words before the pole) must be the same."""
    pa, pb = _poles(xa.lc), _poles(xb.lc)
    for (name, rp, rq) in _AXIS_RES:
        sa, sb = pa.get(name), pb.get(name)
        if not sa or not sb or len(sa) != 1 or len(sb) != 1 or sa == sb:
            continue
        best = None
        for ba, aa, spa in _pole_windows(xa.lc, rp) + _pole_windows(xa.lc, rq):
            for bb, ab, spb in _pole_windows(xb.lc, rp) + _pole_windows(xb.lc, rq):
                ov = len((ba | aa) & (bb | ab))
                if ov < ANTONYM_WINDOW_MIN:
                    continue
                if name.startswith("trước khi") and len(ba & bb) < 2:
                    continue  # "ký quỹ trước khi xin giấy phép" / "sau khi được cấp giấy phép, niêm yết …": two acts
                if best is None or ov > best[0]:
                    best = (ov, spa, spb)
        if best is None:
            continue
        ov, spa, spb = best
        if COMPLEMENT_SUBJECT and (_complement_subject(xa.lc, spa[0], xb.lc) or _complement_subject(xb.lc, spb[0], xa.lc)):
            continue
        return Finding("modality", round(min(0.9, 0.6 + 0.03 * ov), 3), [spa], [spb],
                       f"Hai văn bản đặt cùng một việc ở hai cực đối nghịch ({name}).")
    return None


def detect_bound_flip(xa: Analysis, xb: Analysis) -> Finding | None:
    """One text sets a minimum, the other a maximum at or below it, for the same matter ("lưu trữ tối thiểu 10 năm" /
    "chỉ được giữ tối đa 10 năm"; "diện tích từ 20 m2 trở lên" / "tối đa 20 m2"). ``_agree`` makes no claim on a
    minimum against a maximum (they may bound one range); a retelling that turns the law's floor into a ceiling at the
    same value contradicts it. Same matter: ≥ 3 shared content words and Jaccard ≥ BOUND_FLIP_JACCARD (numbers aside)."""
    inter = xa.content & xb.content
    if len(inter) < 3 or len(inter) / len(xa.content | xb.content) < BOUND_FLIP_JACCARD:
        return None
    for qa in xa.quantities:
        for qb in xb.quantities:
            if {qa.bound, qb.bound} != {"min", "max"} or qa.cat != qb.cat or qa.period != qb.period:
                continue  # (``_comparable`` refuses a minimum against a maximum on purpose)
            mx, mn = (qa, qb) if qa.bound == "max" else (qb, qa)
            if _days(mx) > _days(mn) * (1 + 1e-6):
                continue  # "tối đa 30" vs "tối thiểu 10": one range
            xm = xa if mx is qa else xb
            if re.search(r"(?<!\w)(?:dưới|chưa đủ|chưa đến|chưa tới|chưa đầy|không đến|không tới)\s*$",
                         xm.lc[max(0, mx.span[0] - 20) : mx.span[0]]):
                continue  # "dưới 14 tuổi" / "từ đủ 14 tuổi": a strict bound names the complementary scope
            if _disjoint_scopes(xa, (0, len(xa.lc)), xb, (0, len(xb.lc)), skip=(qa, qb)):
                continue
            return Finding("numeric", 0.7, [qa.span], [qb.span],
                           f"Một bên đặt mức tối thiểu, bên kia đặt mức tối đa: \"{qa.raw}\" và \"{qb.raw}\".")
    return None


BOUND_FLIP_JACCARD = 0.3


# 3. Implied permissions. "Vẫn … được … nếu/miễn là …" is how a retelling says "despite the rule, it is allowed
#    when …": a permission carved out of a ban. Against a ban on the same act (≥ 2 words of the two acts shared) with
#    no exception of its own, it is a clash. The postverbal "được" ("vẫn bán thuốc lá cho học sinh được nếu …") is
#    put before the verb first (``_VAN_DUOC_RE``, same length).
_VAN_DUOC_RE = re.compile(r"(?<!\w)vẫn\s+((?:(?!được|phải|không|chưa)[^\W\d_]+\s+){1,8}?)được(?=[\s,.;]|$)")
_CARVE_COND_RE = re.compile(r"(?<!\w)(?:nếu|miễn là|với điều kiện|chỉ cần|khi)(?!\w)")


def _van_duoc(text: str) -> str:
    """"vẫn V O được" → "vẫn được V O" (same length, so spans stay valid)."""
    return _VAN_DUOC_RE.sub(lambda m: "vẫn được " + m.group(1)[:-1], text)


def _implied_permission_clash(x: Analysis, y: Analysis) -> Finding | None:
    """A ban in X (no "trừ …" in its clause) and, in Y, a permission introduced by "vẫn" and tied to a condition,
    for the same act."""
    for my in y.modals:
        if my.kind != "permit":
            continue
        cs, ce = my.clause
        if not re.search(r"(?<!\w)vẫn(?:\s+\w+)?\s*$", y.lc[max(cs, my.span[0] - 16) : my.span[0]]):
            continue
        if not _CARVE_COND_RE.search(y.lc, my.span[1], ce):
            continue
        act_y = set(my.action) - _GENERIC_ACTION
        for mx in x.modals:
            if mx.kind != "prohibit" or re.search(r"(?<!\w)trừ(?!\w)", x.lc[mx.clause[0] : mx.clause[1]]):
                continue
            shared = (set(mx.action) - _GENERIC_ACTION) & act_y
            if len(shared) < 2:
                continue
            return Finding("modality", 0.7, [mx.span, mx.action_span], [my.span, my.action_span],
                           f"Một bên cấm \"{mx.action_text[:60]}\", bên kia nói vẫn được làm việc đó nếu đáp ứng một "
                           f"điều kiện mà quy định cấm không có.")
    return None


# 2. Bans written as lists of places or categories ("Địa điểm cấm hút thuốc lá hoàn toàn … bao gồm: a) Cơ sở y tế;
#    b) …", "không được dừng xe, đỗ xe tại các vị trí sau: …; trên cầu …", "Cấm các hoạt động đầu tư kinh doanh sau
#    đây: …; kinh doanh dịch vụ đòi nợ") against a permission for the same act at one member of the list ("được hút
#    thuốc tại sân vườn của bệnh viện"). The member must be named (all its words in the permission's clause), or be
#    a hypernym of what the permission names (_CATEGORY_MEMBERS: the usual legal categories — a hospital is a "cơ sở
#    y tế", a kindergarten a "cơ sở giáo dục"); a lead-in qualified by "nhưng …" (a ban with an allowed room), an
#    item's own "trừ …" naming the permission's place, a ban "trong nhà" against a permission "ngoài trời", and a
#    permission whose value lies outside the member's ("rượu 12 độ" vs "rượu … từ 15 độ trở lên") are no clash.
_LIST_BAN_RE = re.compile(
    r"(?P<lead>[^.;:]{0,200}?(?<!\w)(?P<mark>nghiêm cấm|cấm|không được)(?!\w)[^.;:]{0,160}?)"
    r"(?:\s+(?:bao gồm|gồm có|gồm)\s*:?|\s*:)\s*(?P<items>[^\n]+(?:\n[^\n]+)*)"
)
_CATEGORY_MEMBERS: tuple[tuple[str, str], ...] = (
    ("cơ sở y tế", r"bệnh viện|trạm y tế|phòng khám|nhà hộ sinh|trung tâm y tế|khoa khám bệnh"),
    ("cơ sở giáo dục", r"trường mầm non|nhà trẻ|mẫu giáo|trường tiểu học|trường trung học(?: cơ sở| phổ thông)?|"
                       r"trường phổ thông|trường học|lớp học"),
    ("nơi làm việc", r"phòng làm việc|công sở|trụ sở(?: cơ quan)?|văn phòng(?: làm việc)?"),
    ("ô tô", r"xe khách|xe buýt|xe ô tô|xe taxi|taxi|xe giường nằm"),
    ("tàu bay", r"máy bay"),
    ("địa điểm công cộng", r"nhà ga|bến xe|bến tàu|công viên|rạp chiếu phim|rạp hát|sân vận động|nhà thi đấu|"
                           r"siêu thị|trung tâm thương mại|chợ"),
    ("nguy cơ cháy, nổ cao", r"cây xăng|cửa hàng xăng dầu|cửa hàng bán lẻ xăng dầu|kho xăng|kho hóa chất|kho gas"),
)
_CATEGORY_RES = tuple((cat, re.compile(rf"(?<!\w)(?:{rx})(?!\w)")) for cat, rx in _CATEGORY_MEMBERS)
_ITEM_STOP = frozenset("và hoặc các những của tại trên ở trong với cho dành riêng nơi có là đối".split())
_ITEM_MARK_RE = re.compile(r"(?:^|\s)[a-zđ]\)\s|\n")


_BAN_MARK_RE = re.compile(r"(?<!\w)(?:nghiêm cấm|cấm|không được)(?!\w)")


def _list_bans(lc: str) -> list[re.Match]:
    """Matches of _LIST_BAN_RE, searched only from the sentence around each ban marker (the pattern's lazy lead-in
    is slow when tried at every position of a long article)."""
    out, last = [], -1
    for m in _BAN_MARK_RE.finditer(lc):
        start = max(lc.rfind(".", 0, m.start()), lc.rfind(";", 0, m.start()), lc.rfind(":", 0, m.start()),
                    lc.rfind("\n", 0, m.start())) + 1
        if start <= last:
            continue
        lb = _LIST_BAN_RE.match(lc, start)
        if lb:
            out.append(lb)
            last = lb.end()
    return out


def _item_words(t: str) -> set[str]:
    return {w for w in _WORD_RE.findall(t) if w not in _ITEM_STOP and not w[0].isdigit() and (len(w) > 1 or w == "ô")}


def _list_ban_clash(x: Analysis, y: Analysis) -> Finding | None:
    """A ban in X whose object is a list, against a permission in Y for the same act at one listed member."""
    permits = [m for m in y.modals if m.kind == "permit"]
    if not permits:
        return None
    for lb in _list_bans(x.lc):
        lead = lb.group("lead")
        if re.search(r"(?<!\w)nhưng(?!\w)", lead):
            continue  # "cấm hút thuốc lá nhưng được phép có nơi dành riêng": the ban allows a room
        after_mark = lead[lb.end("mark") - lb.start("lead"):]
        act = [w for w in _seq_content(re.split(r"(?<!\w)(?:tại|trong|hoàn toàn|sau|bao gồm|gồm)(?!\w)", after_mark)[0])][:4]
        act = [w for w in act if w not in ("các", "hoạt", "động")] or act
        if not act:
            continue
        items_txt = lb.group("items")
        parts = [p for p in re.split(r";|" + _ITEM_MARK_RE.pattern, items_txt) if p and p.strip()]
        if len(parts) == 1:
            parts = parts[0].split(",")
        indoor_only = "trong nhà" in lead and "khuôn viên" not in lead
        for mp in permits:
            cl = y.lc[mp.clause[0] : mp.clause[1]]
            pw = _item_words(cl)
            if not set(act) & (pw | set(mp.action)):
                continue
            if indoor_only and re.search(r"(?<!\w)ngoài trời(?!\w)", cl):
                continue
            expanded, exp_text = set(pw), cl
            for cat, rx in _CATEGORY_RES:
                if rx.search(cl):
                    expanded |= _item_words(cat)
                    exp_text += " | " + cat
            q_y = [q for q in y.quantities if mp.clause[0] <= q.span[0] < mp.clause[1]]
            for part in parts:
                part = re.sub(r"^\s*[a-zđ]\)\s*", "", part.strip().rstrip("."))
                exc = re.search(r"(?<!\w)trừ(?!\w)(.*)$", part)
                if exc:
                    if any(_item_words(e) and _item_words(e) <= pw for e in re.split(r",|(?<!\w)hoặc(?!\w)", exc.group(1))):
                        break  # the permission's place is the item's own exception ("trừ trường cao đẳng, đại học")
                    part = part[: exc.start()]
                for alt in [part] + ([a for a in re.split(r",|(?<!\w)hoặc(?!\w)", part)] if "," in part or " hoặc " in part else []):
                    aw = _item_words(alt) - set(act)
                    if not aw or len(aw) == 1 and not re.match(r"\s*(?:trên|tại|trong|ở|dưới|gầm)\s", alt):
                        continue  # a one-word fragment of a list ("mua, bán người, …") is no member; "trên cầu" is
                    core = " ".join(w for w in _WORD_RE.findall(alt) if not w[0].isdigit()).strip()
                    core = re.sub(r"^(?:(?:trên|tại|trong|ở|dưới|các|những|và|hoặc)\s+)+", "", core)
                    named = bool(core) and bool(re.search(rf"(?<!\w){re.escape(core)}(?!\w)", exp_text))
                    q_x = analyze(alt).quantities
                    if not named and not (q_x and len(aw & expanded) >= 3):
                        continue
                    if q_x and q_y:
                        comp = [(qa, qb) for qa in q_x for qb in q_y if _comparable(qa, qb)]
                        if comp and all(_q_interval(qb)[1] < _q_interval(qa)[0] or _q_interval(qb)[0] > _q_interval(qa)[1]
                                        for qa, qb in comp):
                            continue  # the permitted value lies outside the listed one ("12 độ" vs "từ 15 độ")
                        if not named and not comp:
                            continue
                    start = lb.start("items") + items_txt.find(alt.strip()) if alt.strip() in items_txt else lb.start("items")
                    return Finding("modality", 0.75, [(lb.start("mark"), lb.end("mark")), (start, start + len(alt.strip()))],
                                   [mp.span, mp.action_span],
                                   f"Một bên cấm \"{' '.join(act)}\" tại/đối với danh sách có \"{alt.strip()[:60]}\", "
                                   f"bên kia cho phép việc đó tại chính nơi/loại này.")
    return None


# 3. Consent told in other words. The law ties an act to someone's consent ("phải có sự thỏa thuận của vợ chồng",
#    "phải được người đại diện theo pháp luật đồng ý", "chỉ được cho thuê lại … nếu được bên cho thuê đồng ý", "sau
#    khi được sự đồng ý của người đứng đầu"); a retelling that lets the same act go ahead without it ("mà không cần ý
#    kiến của vợ", "không cần xin phép chủ nhà", "không bắt buộc … ký giấy cam đoan chấp thuận") contradicts it. The
#    act is the same when the law's act (after its modal marker) shares ≥ 2 syllables with the retelling's sentence.
_CONSENT_NOUN = r"đồng ý|chấp thuận|cho phép|thỏa thuận|ưng thuận"
_CONSENT_REQ_RE = re.compile(
    rf"(?<!\w)(?:phải|nếu|khi|sau khi|chỉ khi)\s+(?:được|có)\s+(?:sự\s+)?(?:[^\W\d_]+[\s,]+){{0,8}}?(?:{_CONSENT_NOUN})(?!\w)"
    r"|(?<!\w)phải\s+(?:xin phép|xin ý kiến|hỏi ý kiến)(?!\w)")
_CONSENT_LIFT_RE = re.compile(
    rf"(?<!\w)(?:không|chẳng)\s+(?:cần|phải|bắt buộc)(?:\s+phải)?\s+(?:(?:hỏi|xin)(?!\w)|"
    rf"(?:[^\W\d_]+\s+){{0,9}}?(?:ý kiến|{_CONSENT_NOUN})(?!\w))")


# a ban lifted only by consent ("không được sử dụng tên thương mại … của tổ chức khác …, trừ trường hợp được sự chấp
# thuận của chủ sở hữu") requires that consent for the banned act, like "chỉ được … khi được … đồng ý"
_BAN_UNLESS_CONSENT_RE = re.compile(
    rf"(?<!\w)(?:nghiêm cấm|cấm|không được(?:\s+phép)?)\s+(?P<act>[^.;:]{{3,200}}?),?\s+trừ\s+(?:trường hợp\s+)?(?:được|có)\s+"
    rf"(?:sự\s+)?(?:[^\W\d_]+[\s,]+){{0,6}}?(?:{_CONSENT_NOUN})(?!\w)")


def _consent_clash(x: Analysis, y: Analysis) -> Finding | None:
    """X requires someone's consent for an act; Y lets the same act be done without it."""
    for mb in _BAN_UNLESS_CONSENT_RE.finditer(x.lc):
        act = set(_WORD_RE.findall(mb.group("act"))) - _WINDOW_STOP
        for my in _CONSENT_LIFT_RE.finditer(y.lc):
            end = y.lc.find(".", my.end())
            ey = y.lc[y.lc.rfind(".", 0, my.start()) + 1 : my.start()] + " " + y.lc[my.end() : end if end >= 0 else len(y.lc)]
            if len(act & (set(_WORD_RE.findall(ey)) - _WINDOW_STOP)) < 2:
                continue
            return Finding("modality", 0.7, [(mb.start(), mb.end())], [(my.start(), my.end())],
                           f"Một bên chỉ cho làm khi có sự đồng ý (\"{mb.group(0)[:60]}\"), bên kia cho làm cùng việc "
                           f"đó mà không cần (\"{my.group(0)[:60]}\").")
    for mx in _CONSENT_REQ_RE.finditer(x.lc):
        cx = (_sentence_start(x.lc, mx.start()), mx.end())
        if re.search(r"(?<!\w)trừ(?!\w)", x.lc[cx[0] : mx.start()]):
            continue  # the consent belongs to an exception of the clause ("…, trừ giao dịch … phải được … đồng ý")
        for my in _CONSENT_LIFT_RE.finditer(y.lc):
            # the sentence: "…, không cần xin phép chủ nhà" lifts the consent for the act of its sentence
            end = y.lc.find(".", my.end())
            ey = y.lc[y.lc.rfind(".", 0, my.start()) + 1 : my.start()] + " " + y.lc[my.end() : end if end >= 0 else len(y.lc)]
            # the act: X's words before the consent phrase, from its first modal marker on — the subject ("Viên chức
            # được …") is not the act; syllables, not ``_content`` ("hợp đồng" is the act of "ký hợp đồng")
            lead = x.lc[cx[0] : mx.start()]
            mm = re.search(r"(?<!\w)(?:chỉ\s+)?(?:được|phải|có quyền)(?!\w)", lead)
            wy = set(_WORD_RE.findall(ey)) - _WINDOW_STOP
            act = set(_WORD_RE.findall(lead[mm.end():] if mm else lead)) - _WINDOW_STOP
            if len(act & wy) < 2:
                continue
            return Finding("modality", 0.7, [(mx.start(), mx.end())], [(my.start(), my.end())],
                           f"Một bên đòi hỏi sự đồng ý (\"{mx.group(0)[:60]}\"), bên kia cho làm cùng việc đó mà "
                           f"không cần (\"{my.group(0)[:60]}\").")
    return None


# 4. A plain permission for an act the law bans among a list of acts ("Nghiêm cấm … sản xuất, kinh doanh, …, sử dụng,
#    chiếm đoạt pháo nổ" / "Các hộ gia đình được sử dụng pháo nổ (đốt pháo) … để đón giao thừa"; "không để chó thả rông
#    nơi công cộng" / "được để chó thả rông trong khuôn viên công viên"). The permitted act (its words up to the first
#    place, purpose or condition word) must lie wholly inside the ban's clause; a ban tied to a place needs the
#    permission to share a word of that place; bans written as lists of places are ``_list_ban_clash``'s.
_ACT_END_RE = re.compile(r"(?<!\w)(?:tại|trong|ở|để|với|từ|khi|nếu|vào|trên|ngoài|nơi|theo|mà|nhưng|trừ|đối với)(?!\w)|[,;.:(]")
_PLACE_RE = re.compile(r"(?<!\w)(?:tại|trong|ở|nơi|trên|dưới)\s+([^,;.:]{3,80})")
_LIGHT_VERBS = frozenset("sử dụng dùng thực hiện tiến hành".split())


def _plain_permit_clash(x: Analysis, y: Analysis) -> Finding | None:
    """A ban in X (``cấm``/``không được``/``không để``) whose clause names the act Y plainly permits."""
    bans = []
    for m in re.finditer(r"(?<!\w)(?:nghiêm cấm|cấm|không được(?:\s+phép)?|(?:bảo đảm|phải)\s+không\s+để)(?!\w)", x.lc):
        cs, ce = _clause_of(x.clauses, m.start())
        if re.search(r"(?<!\w)(?:trừ|nhưng|mà không|mà chưa|nếu không|khi chưa|khi không)(?!\w)", x.lc[cs:ce]):
            continue  # a ban of the act done without something ("… mà không được giáo viên cho phép"): a case
        if _LIST_BAN_RE.match(x.lc, max(cs, x.lc.rfind(".", 0, m.start()) + 1)):
            continue
        bans.append((m, x.lc[m.end() : ce]))
    if not bans:
        return None
    for mp in y.modals:
        if mp.kind != "permit":
            continue
        pre = y.lc[max(mp.clause[0], mp.span[0] - 12) : mp.span[0]]
        if re.search(r"(?<!\w)(?:không|chưa|chỉ)\s*$", pre):
            continue
        if _CASE_RE.search(y.lc, mp.clause[0], mp.clause[1]):
            continue  # a permission for a named case ("Khi thầy cô đồng ý, …"): the implied-permission rule's business
        act_txt = re.sub(r"^\s*để\s+", " ", y.lc[mp.span[1] : mp.clause[1]])  # "được để chó thả rông"
        e = _ACT_END_RE.search(act_txt)
        core = [w for w in _WORD_RE.findall(act_txt[: e.start() if e else len(act_txt)]) if not w[0].isdigit()]
        if len([w for w in core if w not in _LIGHT_VERBS]) < 2 or len(core) > 6:
            continue
        for m, ban_txt in bans:
            words = set(_WORD_RE.findall(ban_txt))
            if "sử" in words and "dụng" in words:
                words |= {"dùng"}
            if not set(core) <= words:
                continue
            place = _PLACE_RE.search(ban_txt)
            if place and not (_content(place.group(1)) & _content(y.lc[mp.clause[0] : mp.clause[1]])):
                continue
            return Finding("modality", 0.7, [(m.start(), m.end())], [mp.span, mp.action_span],
                           f"Một bên cấm \"{ban_txt.strip()[:80]}\", bên kia cho phép \"{' '.join(core)}\".")
    return None


# 5. A requirement to hold or obtain a thing (a card, a licence, a warning, a contract) that a retelling lifts ("phải có
#    thẻ hướng dẫn viên du lịch" / "không cần thẻ hướng dẫn viên"; "bắt buộc phải có giấy phép hoạt động điện lực" /
#    "được miễn trừ giấy phép hoạt động điện lực"). The thing is the words after the verb up to the first place,
#    purpose, condition or list word; the two things must start with the same word and share ≥ 3 syllables, and the
#    shorter must lie inside the longer one.
_REQ_VERBS = r"có|xin|xin cấp|được cấp|mang theo|xuất trình|nộp|đeo|ghi"
# (h-mod23: not the "phải" of "không phải có …", "không bắt buộc phải có …": a lift, not a requirement)
_REQUIRE_RE = re.compile(rf"(?<!\w)(?<!không )(?<!chẳng )(?<!không bắt )(?<!không bắt buộc )(?<!không buộc )(?<!không cần )(?:bắt buộc phải|buộc phải|phải|bắt buộc)\s+(?:{_REQ_VERBS})\s+(?P<obj>[^,;.:()]{{3,120}})")
_LIFT_RE = re.compile(rf"(?<!\w)(?:(?:không|chẳng)\s+(?:cần|bắt buộc|phải)(?:\s+phải)?(?:\s+(?:{_REQ_VERBS}))?|được miễn(?:\s+trừ)?)"
                      rf"\s+(?P<obj>[^,;.:()]{{3,120}})")
_OBJ_END_RE = re.compile(r"(?<!\w)(?:tại|trong|ở|để|với|từ|khi|nếu|vào|trên|ngoài|nơi|theo|mà|nhưng|trừ|đối với|và|hoặc|"
                         r"trước|sau|khi|do|cho|thì|là|được|chỉ)(?!\w)")


def _thing(txt: str) -> list[str]:
    e = _OBJ_END_RE.search(txt)
    return [w for w in _WORD_RE.findall(txt[: e.start() if e else len(txt)]) if not w[0].isdigit()][:8]


LIFT_NEG_CASE_GUARD = True  # h-conf11; False restores the earlier behaviour


def _requirement_lift_clash(x: Analysis, y: Analysis) -> Finding | None:
    """X requires holding/obtaining a thing; Y says the same thing is not needed. Not when the case is negated on one
    side and asserted on the other ("mà không lấy tiền công thì không cần giấy phép" / "có thu tiền công phải có giấy
    phép": ``LIFT_NEG_CASE_GUARD``)."""
    for mx in _REQUIRE_RE.finditer(x.lc):
        cs = _sentence_start(x.lc, mx.start())
        if re.search(r"(?<!\w)(?:trừ|nếu|khi|trường hợp)(?!\w)", x.lc[cs : mx.start()]):
            continue  # the requirement of a named case, not the general rule
        tx = _thing(mx.group("obj"))
        if len(tx) < 2:
            continue
        for my in _LIFT_RE.finditer(y.lc):
            ty = _thing(my.group("obj"))
            if len(ty) < 2 or tx[0] != ty[0]:
                continue
            short, long_ = (tx, ty) if len(tx) <= len(ty) else (ty, tx)
            if len(set(tx) & set(ty)) < 3 or not set(short) <= set(long_):
                continue
            sx, sy = _clause_of(x.clauses, mx.start()), _clause_of(y.clauses, my.start())
            if _cond_substitution(x, sx, y, sy) or _cond_polarity_clash(x, sx, y, sy):
                continue  # "… nếu nộp thuế chậm" / "… nếu nộp thuế đúng thời hạn": two cases
            if LIFT_NEG_CASE_GUARD and (_neg_phrase_contrast(y.lc[sy[0] : sy[1]], x.lc[sx[0] : sx[1]])
                                        or _neg_phrase_contrast(x.lc[sx[0] : sx[1]], y.lc[sy[0] : sy[1]])):
                continue  # "… mà không lấy tiền công thì không cần giấy phép" / "… có thu tiền công phải có giấy
                # phép": the case is negated on one side, asserted on the other — two complementary cases
            ax = {n for n, (st, _e) in x.authorities if sx[0] <= st < mx.start()}
            ay = {n for n, (st, _e) in y.authorities if sy[0] <= st < my.start()}
            if ax != ay:
                continue  # "Tòa án … không phải nộp tiền tạm ứng" / "Người yêu cầu … phải nộp": two addressees
            return Finding("modality", 0.7, [(mx.start(), mx.end())], [(my.start(), my.end())],
                           f"Một bên bắt buộc phải có \"{' '.join(tx)}\", bên kia nói không cần "
                           f"(\"{my.group(0)[:60]}\").")
    return None


# 6. A ban or an exemption written as a list of acts, cases or persons ("Các hành vi bị nghiêm cấm …: 1. …; 6. Bắn súng
#    qua biên giới, gây nổ, chặt phá và đốt cây khai hoang trong vành đai biên giới", "… không được làm Trọng tài viên:
#    người đang là Thẩm phán, …, công chức thuộc Tòa án nhân dân", "không phải kê khai, cấp phép … trong các trường hợp
#    sau đây: … đ) Khai thác nước biển để sử dụng cho sản xuất muối") against the opposite norm for one member ("Hộ gia
#    đình … sát vành đai biên giới được đốt nương … để khai hoang", "Diêm dân khai thác nước biển … phải đăng ký khai
#    thác"). The modal markers of such a lead are not read as a norm by ``modals`` (the items carry it), so the lexical
#    and the meaning checks never see the ban. Same member = a run of ≥ 3 words of the item (one of them not the
#    lead's) found word for word in the other clause, and the other norm's act shares a word with the item or the
#    lead's act. No clash when the item is qualified by unlawfulness ("trái phép": the other text's case may be the
#    lawful one), when the other clause itself negates a word of the item ("… nhưng không để gia súc vượt sang bên kia
#    biên giới": it restates the ban), when a word the item only negates is asserted by the other ("không có xác
#    nhận" / "đã được … xác nhận"), or when the other clause names the item's own "trừ …". (h-conf18, dev18)
LIST_ITEM_CHECK = True  # switch for measurement; False restores the earlier behaviour
BEST_ITEM = True  # h-conf21: the finding quotes the item with the longest run the other clause names (False: the first)
_LIST_LEAD_RE = re.compile(
    r"(?<!\w)(?:bị\s+)?(?P<mark>nghiêm cấm|cấm|không được phép|không được|không có quyền|không phải|không cần phải|"
    r"không cần|không bắt buộc phải|không bắt buộc|được miễn)(?!\w)")
_LIST_KIND = {"nghiêm cấm": "prohibit", "cấm": "prohibit", "không được phép": "prohibit", "không được": "prohibit",
              "không có quyền": "prohibit"}
_LIST_OPPOSED = {"prohibit": "permit", "no_oblige": "oblige"}
_LIST_SPLIT_RE = re.compile(r";|\n|(?:^|(?<=[\s.]))(?:\d{1,2}\.|[a-zđ]\))(?=\s)")
_LEAD_ACT_END_RE = re.compile(r"(?<!\w)(?:trong|tại|ở|các|những|sau|đối với|khi|nếu|trừ|thuộc)(?!\w)|[,;:]")
_RUN_GENERIC = frozenset("cơ quan tổ chức cá nhân người nhà nước thẩm quyền quy định pháp luật".split())
_UNLAWFUL_ITEM_RE = re.compile(r"(?<!\w)(?:trái phép|trái quy định|trái pháp luật)(?!\w)")
_ITEM_NEG_RE = re.compile(r"(?<!\w)(?:không|chưa)\s+(?:(?:có|được|phải|thể|cần|bị)\s+)?(\w+)")
_OTHER_NEG_RE = re.compile(r"(?<!\w)(?:không|chưa|cấm)(?:\s+(?:được|để|cho))?\s+((?:\w+\s+){0,3}\w+)")
_OLD_TONE_RE = re.compile(r"(?<!q)(o|u)([áàảãạéèẻẽẹýỳỷỹỵ])(?=\s|$|\W)")
_TONED = {("o", "á"): "óa", ("o", "à"): "òa", ("o", "ả"): "ỏa", ("o", "ã"): "õa", ("o", "ạ"): "ọa",
          ("o", "é"): "óe", ("o", "è"): "òe", ("o", "ẻ"): "ỏe", ("o", "ẽ"): "õe", ("o", "ẹ"): "ọe",
          ("u", "ý"): "úy", ("u", "ỳ"): "ùy", ("u", "ỷ"): "ủy", ("u", "ỹ"): "ũy", ("u", "ỵ"): "ụy"}


def _toks(t: str) -> list[str]:
    """Words of a text, old-style tone placement ("xoá", "uỷ") written the new way ("xóa", "ủy")."""
    t = _OLD_TONE_RE.sub(lambda m: _TONED.get((m.group(1), m.group(2)), m.group(0)), t)
    return [w for w in _WORD_RE.findall(t) if not w[0].isdigit()]


def _longest_run(item: list[str], other: list[str]) -> list[str]:
    best: list[str] = []
    for i in range(len(item)):
        for j in range(len(other)):
            k = 0
            while i + k < len(item) and j + k < len(other) and item[i + k] == other[j + k]:
                k += 1
            if k > len(best):
                best = item[i : i + k]
    return best


def _list_leads(lc: str) -> list[tuple[str, str, int, int, int, int]]:
    """(kind, lead act text, marker start, marker end, items start, lead start) of each list lead-in "… <ban/exemption>
    …:" (the lead starts after the last ".", ";" or line break before its colon)."""
    out = []
    for colon in re.finditer(r":", lc):
        start = max(lc.rfind(".", 0, colon.start()), lc.rfind(";", 0, colon.start()), lc.rfind("\n", 0, colon.start())) + 1
        lead = lc[start : colon.start()]
        ms = list(_LIST_LEAD_RE.finditer(lead))
        if len(ms) != 1:
            continue
        m = ms[0]
        after = lead[m.end():]
        e = _LEAD_ACT_END_RE.search(after)
        out.append((_LIST_KIND.get(m.group("mark"), "no_oblige"), after[: e.start() if e else len(after)],
                    start + m.start("mark"), start + m.end("mark"), colon.end(), start))
    return out


def _list_items(lc: str, s: int) -> list[tuple[int, str]]:
    """Items after a list lead-in (up to the end of the text or of the list), each with its offset."""
    e = len(lc)
    nxt = re.search(r"\n(?!\s*(?:\d{1,2}\.|[a-zđ]\)|[-+•]))", lc[s:])
    if nxt and lc[s : s + nxt.start()].strip():
        e = s + nxt.start()
    out, pos = [], s
    for m in list(_LIST_SPLIT_RE.finditer(lc, s, e)) + [None]:
        end = m.start() if m else e
        txt = lc[pos:end]
        if len(_toks(txt)) >= 2:
            out.append((pos + len(txt) - len(txt.lstrip()), txt.strip().rstrip(".")))
        pos = m.end() if m else e
    return out


def _list_finding(kind: str, confidence: float, mark: tuple[int, int], member: tuple[int, int], other: tuple[int, int],
                  named: str) -> Finding:
    """The finding of ``_list_item_clash``: the lead's marker and the member in X, the opposite norm in Y."""
    return Finding("modality", confidence, [mark, member], [other],
                   f"Một bên {'cấm' if kind == 'prohibit' else 'miễn'} các trường hợp trong danh sách, trong đó có "
                   f"\"{named}\"; bên kia {'cho phép' if kind == 'prohibit' else 'bắt buộc'} chính trường hợp này.")


def _list_item_clash(x: Analysis, y: Analysis) -> Finding | None:
    """A list lead-in of X bans (or exempts from) the listed acts, cases or persons; Y states the opposite norm for one
    member (module comment 6)."""
    if not LIST_ITEM_CHECK:
        return None
    leads = _list_leads(x.lc)
    if not leads:
        return None
    from assistant.conflicts.polarity import _norms
    ny = _norms(y)
    for kind, lead_act, ms, me, s, lead_start in leads:
        items = _list_items(x.lc, s)
        if len(items) == 1:  # "… không được làm Trọng tài viên: người đang là Thẩm phán, Kiểm sát viên, …"
            off0, it0 = items[0]
            items, pos = [], 0
            for part in it0.split(","):
                if len(_toks(part)) >= 2:
                    items.append((off0 + pos + len(part) - len(part.lstrip()), part.strip()))
                pos += len(part) + 1
        if len(items) < 2:
            continue
        lead_words = set(_toks(x.lc[lead_start:s]))
        lead_act_w = set(_content(lead_act)) - _GENERIC_ACTION
        for n in ny:
            if n.kind != _LIST_OPPOSED[kind]:
                continue
            cs, ce = n.clause
            ycl = y.lc[cs:ce]
            ytoks = _toks(ycl)
            act_w = set(_content(y.lc[n.span[1] : ce])) - _GENERIC_ACTION
            if n.span[0] >= ce - 2 or not act_w:
                act_w = set(_content(y.lc[cs : n.span[0]])) - _GENERIC_ACTION  # "… không bị coi là vi phạm"
            found: list[tuple[int, int, str]] = []
            for off, item in items:
                exc = re.search(r"(?<!\w)trừ(?!\w)(.*)$", item)
                if exc:
                    ew = set(_content(exc.group(1)))
                    if ew and len(ew & set(_content(ycl))) / len(ew) >= 0.6:
                        break  # the other clause names the item's own exception
                    item = item[: exc.start()]
                if _UNLAWFUL_ITEM_RE.search(item):
                    continue
                it = _toks(item)
                run = _longest_run(it, ytoks)
                if len(run) < 3 or not set(_content(" ".join(run))) - lead_words - _RUN_GENERIC:
                    continue  # (a run of function words and generic nouns, "của cơ quan", anchors nothing)
                own_toks = [w for w in it if w not in lead_words]
                if len(own_toks) <= 4 and not set(own_toks) <= set(run):
                    continue  # a short item names a thing: all of it must be named ("dịch vụ đòi nợ" is not "dịch
                    # vụ mua bán nợ"); a longer one describes an act, of which the other text names a part
                if not act_w & (set(_content(item)) | lead_act_w):
                    continue
                own = set(it) - lead_words
                if any(set(_toks(m.group(1))) & own for m in _OTHER_NEG_RE.finditer(ycl)
                       if not (n.span[0] <= cs + m.start() < n.span[1])):
                    continue  # the other clause restates the ban on the item ("… nhưng không để gia súc vượt sang …")
                negated = {m.group(1) for m in _ITEM_NEG_RE.finditer(" ".join(it))}
                asserted_item = set(_ITEM_NEG_RE.sub(" ", " ".join(it)).split())
                yneg = {m.group(1) for m in _ITEM_NEG_RE.finditer(" ".join(ytoks))}
                if any(w in ytoks and w not in yneg and w not in asserted_item and len(w) > 1 for w in negated):
                    continue  # "… không có xác nhận" / "… đã được … xác nhận": the complementary case
                found.append((len(run), off, item))
                if not BEST_ITEM:
                    break
            if found:
                # the item the other clause names at most length, not the first that shares a run: "5. Sản xuất, nhập
                # khẩu, lưu thông … thuộc Danh mục phương tiện, thiết bị phải loại bỏ", not "4. Cố ý cung cấp thông tin
                # … của phương tiện, thiết bị …" (h-conf21; the label is the same either way)
                _, off, item = max(found, key=lambda t: (t[0], -t[1]))
                return _list_finding(kind, 0.7, (ms, me), (off, off + len(item)), n.span, item[:80])
            if LIST_MEMBERS:
                for off, member in _item_members(items, lead_words):
                    if not act_w & lead_act_w:
                        break
                    mt, head = member
                    if _longest_run(mt, ytoks) != mt or not head <= set(ytoks):
                        continue
                    return _list_finding(kind, 0.65, (ms, me), (off, off + len(" ".join(mt))), n.span, " ".join(mt))
    return None


# h-conf19: an item that enumerates roles after a head ("a) Người đang là Thẩm phán, Kiểm sát viên, Điều tra viên, …")
# names each role as a member: a retelling that allows one role ("Thẩm phán đang công tác vẫn có thể … làm Trọng tài
# viên") clashes with the ban when it names the member whole and keeps the head's own words ("đang"); "Thẩm phán đã nghỉ
# hưu" lacks "đang" and is another case.
LIST_MEMBERS = True
_HEAD_GENERIC = frozenset({"người", "là", "những", "các", "cá", "nhân", "tổ", "chức"})


def _item_members(items: list[tuple[int, str]], lead_words: set[str]) -> list[tuple[int, tuple[list[str], set[str]]]]:
    out = []
    for off, item in items:
        parts = item.split(",")
        if len(parts) < 3:
            continue
        hm = re.match(r"(.*?(?<!\w)là)\s+(.+)$", parts[0])
        if not hm:
            continue
        head = set(_toks(hm.group(1))) - _HEAD_GENERIC - lead_words
        if not head:
            continue
        pos = 0
        for i, part in enumerate(parts):
            text = hm.group(2) if i == 0 else part
            toks = _toks(text)
            if 2 <= len(toks) <= 4:
                out.append((off + pos, (toks, head)))
            pos += len(part) + 1
    return out


def _meaning_pass(a: ConflictSide, b: ConflictSide, ta: str, tb: str, lists_only: bool = False) -> Finding | None:
    """Rules for a retold pair that need the meaning of an act: list bans (whole texts), antonym axes (clause by
    clause)."""
    fa, fb = analyze(ta), analyze(tb)
    f = _list_ban_clash(fa, fb)
    if f is None:
        g = _list_ban_clash(fb, fa)
        f = Finding(g.kind, g.confidence, g.spans_b, g.spans_a, g.explanation) if g else None
    if f is not None:
        return f  # (the items' own "trừ …" and a ban "trong nhà" vs "ngoài trời" are checked by _list_ban_clash)
    if lists_only:
        return None
    va, vb = analyze(_van_duoc(fa.lc)), analyze(_van_duoc(fb.lc))
    f = _implied_permission_clash(va, vb)
    if f is None:
        g = _implied_permission_clash(vb, va)
        f = Finding(g.kind, g.confidence, g.spans_b, g.spans_a, g.explanation) if g else None
    if f is not None and not (_addressee_contrast(fa.lc, fb.lc) or _neg_phrase_contrast(fa.lc, fb.lc)
                              or _neg_phrase_contrast(fb.lc, fa.lc)):
        return f
    for rule in (_consent_clash, _plain_permit_clash, _requirement_lift_clash, _list_item_clash):
        f = rule(fa, fb)
        if f is None:
            g = rule(fb, fa)
            f = Finding(g.kind, g.confidence, g.spans_b, g.spans_a, g.explanation) if g else None
        if f is not None and not (_exception_covers(fa, fb, fb.lc) or _exception_covers(fb, fa, fa.lc)
                                  or _addressee_contrast(fa.lc, fb.lc) or _scope_contrast(fa.lc, fb.lc)
                                  or _disjoint_scopes(fa, (0, len(fa.lc)), fb, (0, len(fb.lc)))):
            return f
    uas, ubs = units(ta), units(tb)
    for ua in uas:
        xa = analyze(ua.text)
        if not any(q.bound in ("min", "max") for q in xa.quantities):
            continue
        for ub in ubs:
            xb = analyze(ub.text)
            if not xb.quantities:
                continue
            f = detect_bound_flip(xa, xb)
            if f is not None and not (_exception_covers(fa, xb, xb.lc) or _exception_covers(fb, xa, xa.lc)
                                      or _addressee_contrast(xa.lc, xb.lc)):
                return _mapped(f, ua, ub)
    for ua in uas:
        pa = _poles(ua.text)
        if not pa:
            continue
        xa = analyze(ua.text)
        for ub in ubs:
            pb = _poles(ub.text)
            if not any(len(pa[k]) == 1 and len(pb.get(k, ())) == 1 and pa[k] != pb[k] for k in pa):
                continue
            xb = analyze(ub.text)
            f = detect_antonym(xa, xb)
            if f is None:
                continue
            if (_exception_covers(xa, xb, xb.lc) or _exception_covers(xb, xa, xa.lc)
                    or _exception_covers(analyze(ta), xb, xb.lc) or _exception_covers(analyze(tb), xa, xa.lc)):
                continue
            if _disjoint_scopes(xa, (0, len(xa.lc)), xb, (0, len(xb.lc))) or _scope_contrast(xa.lc, xb.lc) \
                    or _contrast(xa.lc, xb.lc) or _addressee_contrast(xa.lc, xb.lc):
                continue
            return _mapped(f, ua, ub)
    if POLARITY_CHECK:
        # opposite norms on one act named otherwise (``polarity``), after every rule above found nothing
        an_ta, an_tb = analyze(ta), analyze(tb)
        for ua in uas:
            xa = analyze(ua.text)
            for ub in ubs:
                xb = analyze(ub.text)
                f = detect_polarity(xa, xb)
                if f is None:
                    continue
                if (_exception_covers(xa, xb, xb.lc) or _exception_covers(xb, xa, xa.lc)
                        or _exception_covers(an_ta, xb, xb.lc) or _exception_covers(an_tb, xa, xa.lc)
                        or _addressee_contrast(xa.lc, xb.lc)):
                    continue
                return _mapped(f, ua, ub)
    # a service the law makes free against a charge for it told as a price or a fee (``fees``)
    f = detect_fee(fa, fb)
    if f is not None and not (_exception_covers(fa, fb, fb.lc) or _exception_covers(fb, fa, fa.lc)
                              or _addressee_contrast(fa.lc, fb.lc)):
        return f
    return None


def _meaning_conflict(a: ConflictSide, b: ConflictSide, f: Finding, ia: list[int], ib: list[int]) -> Conflict:
    prevails, rule, pnotes = decide_prevails(a, b)
    return Conflict(a=a, b=b, label="conflict", kind=f.kind, spans_a=_map_back(f.spans_a, ia),
                    spans_b=_map_back(f.spans_b, ib), confidence=f.confidence,
                    severity=_severity(f.kind, f.confidence, False), prevails=prevails, rule=rule,
                    explanation=f.explanation + ("" if not pnotes else " " + " ".join(pnotes)))
