"""Validity in time: a text that amends, replaces or repeals the other (``_amends``, ``_replaces``) and validity periods
that do not overlap on the day of the check (``_temporal``); such a pair is reported as ``superseded`` by
``pair.check_pair``, never as a conflict.

Does not rank legal force (``prevail``).

Rules
* a text replacing the other's document by number supersedes it whatever the wording;
* a text whose end date is the other text's first day is superseded by it (the official databases record "hết hiệu
  lực kể từ ngày" the new text takes effect);
* an amending law's article ("Sửa đổi, bổ sung khoản 2 Điều 89 như sau") supersedes the article its title names by
  the amended law's name.
Provenance: replacement by number from dev5, end date and amending article from dev7 (tests/test_conflicts_dev5.py,
_dev7.py).
"""

from __future__ import annotations

import re
from datetime import date

from assistant.conflicts.prevail import _has_number, legal_rank
from assistant.records import ConflictSide

_AMEND_RE = re.compile(r"(?<!\w)(sửa đổi|bổ sung|thay thế|bãi bỏ|hết hiệu lực|được thay thế)(?!\w)")


def _amends(x: ConflictSide, y: ConflictSide) -> bool:
    """Does provision x amend, replace or repeal (a provision of) document y?"""
    if not y.number or legal_rank(x) is None:
        return False
    if x.issued_on and y.issued_on and x.issued_on <= y.issued_on:
        return False
    pat = rf"(?<!\w)(?:sửa đổi|bổ sung|thay thế|bãi bỏ)(?!\w)[^.]{{0,120}}?{re.escape(y.number.lower())}"
    if re.search(pat, x.text.lower()) is not None:
        return True
    return _amends_by_name(x, y)


_CITED_ARTICLE_RE = re.compile(r"^\s*(?:điểm\s+(?P<p>[a-zđ])\s+)?(?:khoản\s+(?P<k>\d+)\s+)?điều\s+(?P<d>\d+)\s+(?P<name>"
                               r"(?:bộ luật|luật|pháp lệnh|nghị định|thông tư|nghị quyết)[^\d]*?)\s+(?:số\s+)?\d")


def _amends_by_name(x: ConflictSide, y: ConflictSide) -> bool:
    """An amending law's article ("Sửa đổi, bổ sung khoản 2 Điều 89 như sau: …", cited as "Khoản 30 Điều 1 Luật sửa
    đổi, bổ sung một số điều của Luật Xây dựng số 62/2020/QH14") names the amended document only in its title: it
    amends y when its title amends y's document by name and its text opens on y's own Điều (and khoản)."""
    cy = _CITED_ARTICLE_RE.match((y.citation or "").lower())
    if not cy:
        return False
    name = cy.group("name").strip()
    if not re.search(rf"(?<!\w)(?:sửa đổi|bổ sung)(?!\w)[^()]*?(?<!\w){re.escape(name)}(?!\w)", (x.citation or "").lower()):
        return False
    art = rf"(?:khoản\s+{cy.group('k')}\s+)?điều\s+{cy.group('d')}" if cy.group("k") else rf"(?:khoản\s+\d+\s+)?điều\s+{cy.group('d')}"
    return re.match(rf"\s*(?:\d+\.\s*)?(?:sửa đổi|bổ sung|sửa đổi, bổ sung|bãi bỏ|thay thế)\s+(?:(?:tên\s+)?(?:điểm\s+\w+\s+)?"
                    rf"{art})(?!\d)", x.text.lower()) is not None


def _replaces(x: ConflictSide, y: ConflictSide) -> bool:
    """Does provision x replace or repeal document y as a whole ("thay thế Nghị định số 38/2022/NĐ-CP")?"""
    if not _has_number(y) or legal_rank(x) is None:
        return False
    pat = rf"(?<!\w)(?:thay thế|bãi bỏ)\s+(?:toàn bộ\s+)?(?:[^\W\d_]+\s+){{1,3}}(?:số\s+)?{re.escape(y.number.lower())}"
    return re.search(pat, x.text.lower()) is not None


def _interval(s: ConflictSide) -> tuple[date | None, date | None]:
    return s.effective_from or s.issued_on, s.effective_to


def _temporal(a: ConflictSide, b: ConflictSide, as_of: date | None) -> tuple[str | None, str, list[str]]:
    """('a'|'b') = the side that is superseded (no longer applies), explanation, notes."""
    notes: list[str] = []
    if _amends(b, a):
        return "a", f"{b.citation} sửa đổi/bãi bỏ quy định của văn bản số {a.number}.", notes
    if _amends(a, b):
        return "b", f"{a.citation} sửa đổi/bãi bỏ quy định của văn bản số {b.number}.", notes
    fa, ta = _interval(a)
    fb, tb = _interval(b)
    if as_of is not None:
        out_a = (fa and as_of < fa) or (ta and as_of > ta)
        out_b = (fb and as_of < fb) or (tb and as_of > tb)
        if out_a and not out_b:
            return "a", f"Vào ngày {as_of:%d/%m/%Y}, {a.citation} không có hiệu lực.", notes
        if out_b and not out_a:
            return "b", f"Vào ngày {as_of:%d/%m/%Y}, {b.citation} không có hiệu lực.", notes
    # (a document "hết hiệu lực kể từ ngày" the new one takes effect carries that day as its end date in the official
    # databases: an end on the other's first day is an end before it)
    if ta and fb and ta <= fb:
        return "a", f"{a.citation} hết hiệu lực ngày {ta:%d/%m/%Y}, trước khi {b.citation} có hiệu lực ({fb:%d/%m/%Y}).", notes
    if tb and fa and tb <= fa:
        return "b", f"{b.citation} hết hiệu lực ngày {tb:%d/%m/%Y}, trước khi {a.citation} có hiệu lực ({fa:%d/%m/%Y}).", notes
    if not (fa and fb):
        notes.append("Thiếu ngày hiệu lực của ít nhất một văn bản: coi là chưa rõ, giả định cả hai đang có hiệu lực.")
    return None, "", notes
