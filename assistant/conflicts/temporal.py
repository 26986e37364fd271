"""Validity in time: a text that amends, replaces or repeals the other (``_amends``, ``_replaces``) and validity periods
that do not overlap on the day of the check (``_temporal``); such a pair is reported as ``superseded`` by
``pair.check_pair``, never as a conflict.

Does not rank legal force (``prevail``).

Rules
* a text replacing the other's document by number supersedes it whatever the wording;
* a text whose end date is the other text's first day is superseded by it (the official databases record "hết hiệu
  lực kể từ ngày" the new text takes effect);
* an amending law's article ("Sửa đổi, bổ sung khoản 2 Điều 89 như sau") supersedes the article its title names by
  the amended law's name;
* a hand-off (``_handoff``): the old text ends on the new one's first day or the day before, and the two are the same
  matter of the same issuer (``_same_matter``): the new text names the old document (number or name), or the two
  documents' names share their words, or, for two Pháp điển articles, one đề mục; with no names on either side, the
  same kind of document. ``pair.check_pair`` then accepts a lower wording overlap (a rewording of the old rule).
Provenance: replacement by number from dev5, end date and amending article from dev7 (tests/test_conflicts_dev5.py,
_dev7.py); hand-off from dev…dev21 (tests/test_conflicts_handoff.py).
"""

from __future__ import annotations

import re
from datetime import date

from assistant.conflicts.prevail import _has_number, legal_rank
from assistant.conflicts.ranking import pd_topic
from assistant.conflicts.words import _content
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


# words of a document's citation that name no matter: its parts, its kind, the usual title phrases
_CITE_NOISE_RE = re.compile(
    r"\([^()]*\)|(?<!\w)(?:điểm|khoản|điều|mục|phụ lục|chương|số|và|bộ luật|luật|pháp lệnh|nghị định|nghị quyết|thông tư"
    r"|liên tịch|quyết định|quy định|quy chế|chi tiết|thi hành|một số|của|về|ban hành|kèm theo|sửa đổi|bổ sung|hướng dẫn"
    r"|được|bởi|việc|các|cho|đối với|như sau)(?!\w)|\S*\d\S*")
_ISSUER_SPLIT_RE = re.compile(r"\s*[;,]\s*|\s+và\s+")


def _doc_words(s: ConflictSide) -> set[str]:
    """Words of the document's name in a side's citation ("Luật Cư trú số 81/2006/QH11" → {cư, trú}); none for a
    bare "Thông tư số 58/2011/TT-BGDĐT" or a Pháp điển citation."""
    return _content(_CITE_NOISE_RE.sub(" ", (s.citation or "").lower()))


def _issuers(s: ConflictSide) -> set[str]:
    return {x for x in _ISSUER_SPLIT_RE.split((s.issuer or "").strip().lower()) if x}


def _same_matter(old: ConflictSide, new: ConflictSide) -> bool:
    """Are two texts of a date hand-off the same matter of the same law-maker (the new rule rewording the old one),
    not two unrelated provisions that happen to change on the same day?"""
    io, inew = _issuers(old), _issuers(new)
    if not io or not inew or not io & inew:
        return False
    new_all = f"{new.citation or ''} {new.text}".lower()
    if old.number and re.search(rf"(?<![\w/]){re.escape(old.number.lower())}(?![\w/])", new_all):
        return True  # the new text amends/names the old document ("sửa đổi … Nghị định số 132/2008/NĐ-CP")
    wo, wn = _doc_words(old), _doc_words(new)
    if wo and wn:
        # the two documents' names ("Luật Cư trú" / "Luật Cư trú"; "… biểu diễn nghệ thuật, trình diễn thời trang …"
        # / "… hoạt động nghệ thuật biểu diễn"); or the old one's name in the new text ("Sửa đổi khoản 8 Điều 8 Luật
        # Giao thông đường bộ")
        if len(wo & wn) >= max(1, (min(len(wo), len(wn)) + 1) // 2):
            return True
        m = re.search(r"(?<!\w)((?:bộ luật|luật|pháp lệnh)\s+[^\d(]+?)\s+số\s", (old.citation or "").lower())
        return bool(m) and re.search(rf"(?<!\w){re.escape(m.group(1).strip())}(?!\w)", new.text.lower()) is not None
    to, tn = pd_topic(old), pd_topic(new)
    if to or tn:
        return to == tn  # Pháp điển files one matter under one đề mục
    if wo or wn:
        return False
    return bool(old.doc_type) and (old.doc_type or "").lower() == (new.doc_type or "").lower()


def _handoff(a: ConflictSide, b: ConflictSide) -> str | None:
    """('a'|'b') = the side whose end date is the other's first day or the day before, when the two are the same
    matter (``_same_matter``); else None."""
    for old, new, side in ((a, b, "a"), (b, a, "b")):
        if old.effective_to and new.effective_from and 0 <= (new.effective_from - old.effective_to).days <= 1:
            return side if _same_matter(old, new) else None
    return None


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
