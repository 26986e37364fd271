"""False-alarm guards shared by the detectors: complementary numeric scopes (``_disjoint_scopes``: "chưa đủ 18 tuổi" /
"từ đủ 18 tuổi"), one condition with a word swapped or negated (``_cond_substitution``: "nếu nộp thuế chậm" / "…
đúng thời hạn"; ``_cond_polarity_clash``: the same "nếu … thì" condition once negated), a qualifier negated on one
side only (``_neg_phrase_contrast``), contrasting addressees or procedures (``_scope_contrast``, ``_pair_contrast``,
word pairs compiled by ``_pair_res``) and the case-opening patterns they read.

Each check returns True when a clash should NOT be reported; none reports a clash.
"""

from __future__ import annotations

import re

from assistant.conflicts.analysis import Analysis
from assistant.conflicts.modals import _MODAL_PATTERNS
from assistant.conflicts.quantities import Quantity, _q_interval
from assistant.conflicts.words import STOPWORDS, _content

_COND_THI_RE = re.compile(r"(?:^|(?<=[\s,]))(?:khi|nếu|trong trường hợp|trường hợp|trong thời gian)\s+([^;.:]{3,400}?)\s+thì(?!\w)")


_CASE_RE = re.compile(r"(?<!\w)(?:nếu|khi|trong trường hợp|trường hợp)\s+([^,;.:]{3,200})")


def _cond_substitution(xa: Analysis, sa: tuple[int, int], xb: Analysis, sb: tuple[int, int]) -> bool:
    """Both clauses state a condition of the same frame, one or two words of each standing in place of the other's
    ("nếu nộp thuế chậm so với thời hạn" / "nếu nộp thuế đúng thời hạn"): two different cases, not one rule."""
    ca = [_content(m.group(1)) for m in _CASE_RE.finditer(xa.lc, sa[0], sa[1])]
    cb = [_content(m.group(1)) for m in _CASE_RE.finditer(xb.lc, sb[0], sb[1])]
    for x in ca:
        for y in cb:
            dx, dy = x - y, y - x
            if len(x & y) >= 2 and dx and dy and len(dx) <= 2 and len(dy) <= 2:
                return True
    return False


def _disjoint_scopes(xa: Analysis, sa: tuple[int, int], xb: Analysis, sb: tuple[int, int],
                     skip: tuple[Quantity, ...] = ()) -> bool:
    """Quantities in the two statements that cannot describe the same case: "người chưa đủ 18 tuổi" vs "người từ
    đủ 18 tuổi trở lên", "dưới 12 tháng" vs "từ 12 tháng đến 36 tháng" — complementary scopes, not a clash.
    ``skip``: quantities left out (the clashing values themselves, when the question is about the others)."""
    qa = [q for q in xa.quantities if sa[0] <= q.span[0] < sa[1] and not any(q is k for k in skip)]
    qb = [q for q in xb.quantities if sb[0] <= q.span[0] < sb[1] and not any(q is k for k in skip)]
    for x in qa:
        for y in qb:
            if x.cat != y.cat or x.period != y.period:
                continue
            (a0, a1), (b0, b1) = _q_interval(x), _q_interval(y)
            if {x.bound, y.bound} == {"max", "min"}:
                mx, mn = (x, y) if x.bound == "max" else (y, x)
                if mx.hi <= mn.lo:
                    return True
            elif a1 < b0 or b1 < a0:
                return True
    return False


# a clause opener "Đối với …,": the case runs to the comma that closes it. A case listing coordinated nouns ("Đối với
# ngành, nghề, công việc đặc thù quy định tại …, người lao động phải …", "Đối với cán bộ, công chức, viên chức, …") has
# commas of its own: two or more bare nouns of one or two syllables, each followed by a comma, open a list whose last
# member closes the case (h-num24: the first comma alone read the case as "ngành", DOIVOI_LIST switch)
DOIVOI_LIST = True
_DOIVOI_LIST = r"(?:(?:[^\W\d_]+(?:\s+[^\W\d_]+)?\s*,\s*){2,})?" if DOIVOI_LIST else ""
_DOIVOI_RE = re.compile(r"\s*(?:\d+\.\s*|[a-zđ]\)\s*|[-+•]\s*)?đối với\s+(" + _DOIVOI_LIST + r"[^;.:]{3,300}?),")


def _cond_polarity_clash(xa: Analysis, sa: tuple[int, int], xb: Analysis, sb: tuple[int, int]) -> bool:
    """"nếu đang được hưởng X thì …" vs "nếu không thuộc đối tượng được hưởng X thì …": the same condition, once
    negated — two complementary cases."""
    def conds(x: Analysis, sp: tuple[int, int]) -> list[tuple[bool, set[str]]]:
        out = []
        for m in _COND_THI_RE.finditer(x.lc, sp[0], sp[1]):
            c = m.group(1)
            out.append((bool(re.match(r"\s*(?:\w+\s+){0,2}(?:không|chưa)(?!\w)", c)), _content(c)))
        return out
    for pa, ca in conds(xa, sa):
        for pb, cb in conds(xb, sb):
            if pa != pb and len(ca & cb) >= 3:
                return True
    return False


_NOT_CASE = frozenset("được phải cần có bắt cho thể quá vượt những các chỉ còn nên đồng".split()) | frozenset(
    w for p, _k in _MODAL_PATTERNS for w in p.split())


NEG_OWN_ACT = True  # h-conf14 switch for measurement


def _neg_phrase_contrast(ta: str, tb: str) -> bool:
    """A qualifier negated in clause A ("không sử dụng trực tiếp", "chưa qua xử lý") whose words (up to three after
    the negation, limit and modal words aside) occur in clause B and are never negated there."""
    for m in re.finditer(r"(?<!\w)(?:không|chưa)\s+((?:\w+\s*){1,3})", ta):
        if re.match(r"\w+\s+(?:phân biệt|kể)(?!\w)", m.group(0)) or re.search(r"(?<!\w)(?:hay|hoặc)\s*$", ta[: m.start()]):
            continue  # "không phân biệt …", "có phép hay không phép": regardless of the qualifier, no complementary case
        words = [w for w in m.group(1).split() if w not in _NOT_CASE and w not in STOPWORDS and len(w) > 1]
        if not words or m.group(1).split()[0] in _NOT_CASE:
            continue
        for w in words:
            if NEG_OWN_ACT and any(not re.search(r"(?<!\w)(?:không|chưa)(?:\s+\w+){0,2}\s*$", ta[max(0, o.start() - 24) : o.start()])
                                   for o in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", ta) if not m.start() <= o.start() < m.end()):
                continue  # "chưa cung cấp được ngay thì … phải cung cấp thông tin": the clause itself does the act it
                # negated in its condition — the act, not a qualifier naming a complementary case (h-conf14)
            occ = list(re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", tb))
            if occ and not any(re.search(r"(?<!\w)(?:không|chưa)(?:\s+\w+){0,2}\s*$", tb[max(0, o.start() - 24) : o.start()])
                               for o in occ):
                return True
    return False


# pairs of words that name two different addressees or procedures: a competence given for one is no clash with a
# competence given for the other ("tổ chức" / "cá nhân", "lần đầu" / "cấp lại", "trong nước" / "nước ngoài")
_SCOPE_CONTRASTS = (
    ("tổ chức", "cá nhân|hộ gia đình"), ("lần đầu", "cấp lại|cấp đổi|gia hạn"), ("trong nước", "nước ngoài|quốc tế"),
    ("thường trú", "tạm trú"), ("công dân việt nam", "người nước ngoài"), ("trong nước", "ở nước ngoài"),
)


def _pair_res(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern, re.Pattern], ...]:
    return tuple((re.compile(rf"(?<!\w)(?:{x})(?!\w)"), re.compile(rf"(?<!\w)(?:{y})(?!\w)")) for x, y in pairs)


def _pair_contrast(pairs: tuple[tuple[re.Pattern, re.Pattern], ...], ta: str, tb: str) -> bool:
    """For one (x, y) of ``pairs``: one text names x and not y, the other names y and not x."""
    for rx, ry in pairs:
        for p, q in ((ta, tb), (tb, ta)):
            if rx.search(p) and not ry.search(p) and ry.search(q) and not rx.search(q):
                return True
    return False


_SCOPE_CONTRAST_RES = _pair_res(_SCOPE_CONTRASTS)


def _scope_contrast(ta: str, tb: str) -> bool:
    """One text names an addressee/procedure the other text does not, and the other names its counterpart."""
    return _pair_contrast(_SCOPE_CONTRAST_RES, ta, tb)
