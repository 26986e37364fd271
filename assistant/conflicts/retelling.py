"""Is one side expected to retell the other in its own words? A plain retelling (``_plain_retelling``), a local
HĐND/UBND decision against a central one (``_retold``), and whether the meaning (e5) check may join two differently
worded clauses (``_paraphrase_expected``; never two provisions of one document, ``_same_document``).

Classifies sides only; the comparisons these answers switch on are in ``pair`` and the detector modules.

Rules
* plain retellings: handbook, guide, Q&A page, more names of non-normative texts ("Sổ tay", "Tài liệu tuyên
  truyền", a number "không rõ số hiệu"; the type names are in ``prevail``), an unidentified text; internal rules,
  notices and plans of non-state bodies; internal procedures and village covenants (quy trình, quy ước, hương ước).
  A Pháp điển article without a source line ("Điều 4.4.LQ.79") is not a retelling.
* a local (HĐND/UBND) decision against a central text is retold: it gets the number meaning check of retellings;
  so is a unit's own decision outside the hierarchy of legal documents (a library's, a forensic centre's, a Sở's or a
  provincial statistics office's "Quyết định"; not the Prime Minister, a ministry, a People's Committee or an unknown
  issuer: ``_unit_decision``, h-conf12), which is not a plain retelling (its own cases count).
Provenance: dev5, dev6, dev7 (tests/test_conflicts_dev5.py … _dev7.py).
"""

from __future__ import annotations

import re

from assistant.conflicts.prevail import _INTERNAL_TYPES, _NON_NORMATIVE_TYPES, _has_number, legal_rank
from assistant.records import ConflictSide


def _same_document(a: ConflictSide, b: ConflictSide) -> bool:
    """Both sides carry the same document number ("68/2020/QH14")."""
    na, nb = (re.sub(r"\s+", "", (x.number or "")).lower() for x in (a, b))
    return bool(na) and na == nb


def _paraphrase_expected(a: ConflictSide, b: ConflictSide) -> bool:
    """May the two texts state one rule in different words? Yes when one of them is not a ranked legal document
    (a handbook, guide, Q&A page or an unidentified text retells the law in plain words); no for two provisions of
    one document, and no between legal documents, which restate each other nearly word for word — there the
    lexical check decides. Measured on the whole Pháp điển subset (all legal documents): allowing the meaning
    check between legal documents added 138 numeric findings, none real in a sample of 12."""
    if _same_document(a, b):
        return False
    return legal_rank(a) is None or legal_rank(b) is None


# legal documents that legal_rank does not place (a Nghị quyết of the Hội đồng Thẩm phán, a Sắc lệnh, a bare Pháp điển
# provision): still legal text, not a retelling
_LEGAL_TYPE_RE = re.compile(r"\s*(?:hiến pháp|bộ luật|luật|nghị quyết|nghị định|pháp lệnh|sắc lệnh|lệnh|quyết định|"
                            r"thông tư|chỉ thị|pháp điển)(?!\w)")


_PHAPDIEN_ARTICLE_RE = re.compile(r"\s*Điều \d+\.\d+\.[A-ZĐ]+\.[\d.]*\d")


_INTERNAL_ISSUER_RE = re.compile(r"^(?:trường|bệnh viện|công ty|tổng công ty|trung tâm y tế|phòng khám|doanh nghiệp|hợp tác xã|"
                                 r"ngân hàng thương mại|khách sạn|nhà máy|xí nghiệp)(?!\w)")


UNIT_DECISION_RETOLD = True  # h-conf12 switch for measurement; False restores the earlier reading
# issuers of decisions inside the hierarchy of legal documents, or that cannot be told apart from it
_CENTRAL_ISSUER_RE = re.compile(r"^(?:bộ|chính phủ|thủ tướng|quốc hội|ủy ban thường vụ|chủ tịch nước|tòa án nhân dân tối cao|"
                                r"viện kiểm sát nhân dân tối cao|ngân hàng nhà nước|kiểm toán nhà nước|thanh tra chính phủ|"
                                r"hội đồng|ủy ban nhân dân)(?!\w)|bộ trưởng|thủ tướng")


# the type code of an administrative document's number (Nghị định 30/2020/NĐ-CP, Phụ lục III): "12/HD-PVHTT" is a
# Hướng dẫn, "45/TB-UBND" a Thông báo, "08/KH-SYT" a Kế hoạch — it names the kind when the side's type is generic
_TYPE_CODE_RE = re.compile(r"/(HD|TB|KH)-", re.IGNORECASE)
_TYPE_CODES = {"hd": "hướng dẫn", "tb": "thông báo", "kh": "kế hoạch"}


def _kind_of(side: ConflictSide) -> str:
    """The side's document type, lower-cased; a generic "Văn bản" with a numbered Hướng dẫn, Thông báo or Kế hoạch
    ("1520/HD-SGTVT") reads as that kind (h-conf17: a Sở's guide retells the law like any guide)."""
    t = (side.doc_type or "").lower().strip()
    if t in ("", "văn bản") and (m := _TYPE_CODE_RE.search(side.number or "")):
        return _TYPE_CODES[m.group(1).lower()]
    return t


def _plain_retelling(side: ConflictSide) -> bool:
    """A text that retells the law in plain words: a handbook, guide, Q&A page or official letter, or an unidentified
    text (no legal document type, no number). Not an unranked legal document."""
    t = _kind_of(side)
    if any(x in t for x in _NON_NORMATIVE_TYPES):
        return True
    if _PHAPDIEN_ARTICLE_RE.match(side.citation or ""):
        return False  # a Pháp điển article ("Điều 4.4.LQ.79") is codified law even when it has no source line
    if legal_rank(side) is None and any(t.startswith(x) for x in _INTERNAL_TYPES):
        return True  # a company's or school's internal rule, notice or plan retells the law for its own people
    if legal_rank(side) is None and _INTERNAL_ISSUER_RE.search((side.issuer or "").lower()):
        return True  # "Nội quy ban hành kèm theo Quyết định số 112/QĐ-BV" of a hospital, a school's or company's decision:
        # the unit's own rule for its people, not a state body's legal document
    return legal_rank(side) is None and not _has_number(side) and not _LEGAL_TYPE_RE.match(t)


def _retold(a: ConflictSide, b: ConflictSide) -> bool:
    """Is one text expected to retell the other in its own words? A handbook, guide, Q&A page or unidentified text
    (``_plain_retelling``), or a local decision (HĐND/UBND) set against a central one — both write the law's rule in
    their own vocabulary. Not two provisions of one document, and never two central legal documents, which restate
    each other nearly word for word (there the first, lexical comparison decides)."""
    if _same_document(a, b):
        return False
    if _plain_retelling(a) or _plain_retelling(b):
        return True
    ra, rb = legal_rank(a), legal_rank(b)
    if UNIT_DECISION_RETOLD and ((_unit_decision(a) and rb is not None) or (_unit_decision(b) and ra is not None)):
        return True
    return (ra == 7) != (rb == 7) and (ra is not None and rb is not None)


def _unit_decision(side: ConflictSide) -> bool:
    """A decision of a unit outside the hierarchy of legal documents ("Quyết định số 06/QĐ-CTK" of a provincial
    statistics office, a library's, a forensic centre's or a Sở's decision — not the Prime Minister, a ministry, a
    People's Committee or an unknown issuer): like a local decision, it writes the law's rule in its own words for its
    people, so it is retold (h-conf12), but it is not a plain retelling (its own cases still count)."""
    t = (side.doc_type or "").lower()
    return (legal_rank(side) is None and t.startswith("quyết định") and bool(side.issuer)
            and not _CENTRAL_ISSUER_RE.search(side.issuer.lower()) and not _plain_retelling(side))
