"""A service the law makes free against a retelling that charges for it (issue #6, h-conf12): ``detect_fee``, run by
``meaning._meaning_pass`` after the other meaning rules found nothing (so only on a retold pair, never between two
central documents and never in the Pháp điển batch).

A retelling seldom says "phải trả phí" in the words of the law's "được miễn phí": it quotes a price ("5.000
đồng/giờ"), a fee to pay ("nộp phí mượn 2.000 đồng", "phải nộp lệ phí 50.000 đồng"), or a cost the person bears
("tự chi trả toàn bộ chi phí xét nghiệm"). The modal readings (``modals``, ``polarity``) see no norm in a price list,
so the clash went unread.

Readings (per clause)
* free: "(được) miễn phí", "miễn (chi phí | lệ phí | học phí | viện phí | tiền …)", "không (phải) (trả | nộp | thu |
  đóng | chi trả | thanh toán) … (phí | lệ phí | chi phí | tiền …)";
* charged: "(phải | tự) (trả | nộp | thu | đóng | chi trả | thanh toán) … (phí | lệ phí | chi phí | tiền …)" not
  negated and not after a ban in its clause ("không được ép buộc … để thu tiền"), or a price ("N đồng", "N
  đồng/giờ").

A bare price after its label ("Truy cập Internet để tra cứu …: 5.000 đồng/giờ") is read with its label.

A clash: a free clause on one side, a charged clause on the other, about the same service — the two clauses, with
the fee words and prices masked, have an e5 cosine ≥ ``FEE_SEMANTIC_MIN`` (``semantic.clause_similarity``).

Guards (no clash)
* a provision that itself states both (a free service and a charge: "… không phải trả phí … Người yêu cầu … phải trả
  chi phí thực tế …"): it draws the line itself;
* two addressees (an authority named before the fee on one side only: "Tòa án … không phải nộp tiền tạm ứng" /
  "Người yêu cầu … phải nộp"), contrasting scopes (``guards._scope_contrast``, ``analysis._contrast``), two cases of one frame
  ("nếu nộp thuế chậm" / "nếu nộp thuế đúng thời hạn", ``guards._cond_substitution``, ``_cond_polarity_clash``);
* the law's exception covering the other text (checked by ``meaning._meaning_pass``).
Does not compare amounts (``numeric``) nor read other norms (``polarity``).
"""

from __future__ import annotations

import re

from assistant.conflicts.analysis import QUESTION_NO_NORM, Analysis, _contrast, is_question
from assistant.conflicts.findings import Finding
from assistant.conflicts.guards import _cond_polarity_clash, _cond_substitution, _scope_contrast
from assistant.conflicts.semantic import clause_similarity
from assistant.conflicts.words import _content

FEE_CHECK = True  # switch for measurement; False restores the behaviour before h-conf12
FEE_SEMANTIC_MIN = 0.85

_FEE_NOUN = r"(?:phí|lệ phí|chi phí|học phí|viện phí|tiền|giá)"
_PAY = r"(?:trả|nộp|thu|đóng|chi trả|thanh toán)"
# h-conf14: a ban on charging ("trung tâm không được thu bất kỳ kinh phí nào khác của sinh viên") makes the rest free
BANNED_CHARGE = True
_BANNED_CHARGE = r"|được\s+(?=thu\s)" if BANNED_CHARGE else ""
_FREE_RE = re.compile(
    rf"(?<!\w)(?:miễn\s+phí|miễn\s+(?:chi phí|lệ phí|học phí|viện phí|tiền)|"
    rf"(?:không|chưa)\s+(?:phải\s+|cần\s+|bị\s+{_BANNED_CHARGE})?{_PAY}\s+(?!(?:đủ|hết|đầy đủ|đúng)(?!\w))"
    rf"(?:[^\W\d_]+\s+){{0,3}}?{_FEE_NOUN})(?!\w)")
# (h-conf18: "không nộp đủ tiền", "chưa trả hết tiền", "không nộp đúng hạn …" is a failure to pay in full, a case the
# text names, not a service made free)
_CHARGE_RE = re.compile(
    rf"(?<!\w)(?:(?:phải|tự)\s+)?{_PAY}\s+(?:[^\W\d_]+\s+){{0,3}}?{_FEE_NOUN}(?!\w)|"
    rf"(?<![\w.,])\d+(?:[.,]\d+)*\s*(?:đồng|nghìn đồng|triệu đồng)(?:\s*/\s*[^\W\d_]+)?")
_NEG_BEFORE_RE = re.compile(r"(?<!\w)(?:không|chưa|miễn)\s+(?:phải\s+|cần\s+|bị\s+)?$")
_BAN_RE = re.compile(r"(?<!\w)(?:không được|cấm|nghiêm cấm|bị cấm)(?!\w)")


def _readings(x: Analysis) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """(kind "free"/"charged", span, clause) of each fee reading of a provision."""
    out: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    for i, (cs, ce) in enumerate(x.clauses):
        if QUESTION_NO_NORM and is_question(x.lc[cs:ce]):
            continue  # "Người dân có phải trả tiền khi … không?": a question charges nothing (h-small)
        if i and len(_content(_CHARGE_RE.sub(" ", x.lc[cs:ce]))) < 2 and x.lc[x.clauses[i - 1][1] : cs].strip(" ") in (":", ""):
            cs = x.clauses[i - 1][0]  # a bare price after its label ("Truy cập Internet …: 5.000 đồng/giờ")
        free = [(m.start(), m.end()) for m in _FREE_RE.finditer(x.lc, cs, ce)]
        for s, e in free:
            out.append(("free", (s, e), (cs, ce)))
        for m in _CHARGE_RE.finditer(x.lc, cs, ce):
            if any(s <= m.start() < e for s, e in free):
                continue
            if _NEG_BEFORE_RE.search(x.lc[max(cs, m.start() - 16) : m.start()]):
                continue
            if _BAN_RE.search(x.lc, cs, m.start()):
                continue  # "Nhà giáo không được ép buộc người học học thêm để thu tiền": a charge the clause bans
            out.append(("charged", (m.start(), m.end()), (cs, ce)))
    return out


def _masked(x: Analysis, clause: tuple[int, int], spans: list[tuple[int, int]]) -> str:
    cs, ce = clause
    t, last = [], cs
    for s, e in sorted(spans):
        if s < last:
            continue
        t.append(x.lc[last:s] + " ")
        last = e
    t.append(x.lc[last:ce])
    return "".join(t)


_NGOAI_RE = re.compile(r"^\W*(?:\d+\.\s*|[a-zđ]\)\s*)?ngoài\s+([^;:]*?),\s")  # the list itself: ``_allowed_by_ngoai``


def _allowed_by_ngoai(free_clause: str, charged_clause: str) -> bool:
    """The free clause opens with the charges it keeps ("Ngoài kinh phí …, tiền ăn tập trung và …, … không được thu
    …") and the charged clause's fee is one of them (≥ 2 content words of what is paid in that "Ngoài" list)."""
    m = _NGOAI_RE.match(free_clause)
    ban = _BAN_RE.search(free_clause)
    if not m or not ban:
        return False
    kept = free_clause[m.start(1) : free_clause.rfind(",", 0, ban.start())]  # the list runs to the last comma before the ban
    pay = re.search(rf"(?<!\w){_PAY}\s+(.{{0,60}})", charged_clause)
    if not pay:
        return False
    return len(_content(pay.group(1)) & _content(kept)) >= 2


def detect_fee(xa: Analysis, xb: Analysis) -> Finding | None:
    """A free clause against a charged clause about the same service (see the module docstring)."""
    if not FEE_CHECK:
        return None
    ra, rb = _readings(xa), _readings(xb)
    if not ra or not rb:
        return None
    if {k for k, _s, _c in ra} == {"free", "charged"} or {k for k, _s, _c in rb} == {"free", "charged"}:
        return None  # a provision that states both draws the line itself
    ka, kb = ra[0][0], rb[0][0]
    if ka == kb:
        return None
    best: Finding | None = None
    for ca in {c for _k, _s, c in ra}:
        for cb in {c for _k, _s, c in rb}:
            la, lb = xa.lc[ca[0] : ca[1]], xb.lc[cb[0] : cb[1]]
            if _scope_contrast(la, lb) or _contrast(la, lb):
                continue
            if _cond_substitution(xa, ca, xb, cb) or _cond_polarity_clash(xa, ca, xb, cb):
                continue  # "… nếu nộp thuế chậm" / "… nếu nộp thuế đúng thời hạn": two cases
            sa = [s for _k, s, c in ra if c == ca]
            sb = [s for _k, s, c in rb if c == cb]
            if ({n for n, (st, _e) in xa.authorities if ca[0] <= st < sa[0][0]}
                    != {n for n, (st, _e) in xb.authorities if cb[0] <= st < sb[0][0]}):
                continue  # "Tòa án … không phải nộp tiền tạm ứng" / "Người yêu cầu … phải nộp": two addressees
            if BANNED_CHARGE and (_allowed_by_ngoai(la, lb) if ka == "free" else _allowed_by_ngoai(lb, la)):
                continue  # "Ngoài kinh phí …, tiền ăn tập trung …, trung tâm không được thu …" / "chỉ thu tiền ăn tập
                # trung": the charge is one the free clause itself sets aside
            sim = clause_similarity(_masked(xa, ca, sa), _masked(xb, cb, sb))
            if sim is None or sim < FEE_SEMANTIC_MIN:
                continue
            conf = round(0.5 + 0.4 * (sim - FEE_SEMANTIC_MIN) / max(1e-9, 1 - FEE_SEMANTIC_MIN), 3)
            free_side = "A" if ka == "free" else "B"
            f = Finding("modality", conf, [sa[0]], [sb[0]],
                        f"Bên {free_side} cho miễn phí (không phải trả tiền) cho cùng một việc mà bên kia thu phí "
                        f"(độ tương đồng {sim:.2f}).")
            if best is None or f.confidence > best.confidence:
                best = f
    return best
