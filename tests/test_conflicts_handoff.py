"""Conflict checker: a date hand-off between two texts of the same matter (h-super). The old text ends on the new
text's first day or the day before and the new one rewords the old rule (wording overlap 0.3–0.5, no finding, no
"thay thế" sentence): superseded, not no_conflict. Two unrelated provisions that change on the same day stay apart."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.conflicts import check_pair, pair as P
from assistant.conflicts.analysis import topic_similarity
from assistant.records import ConflictSide
from conflict_sets import pair


@pytest.mark.parametrize("pid", [
    "D2-077",   # Luật Cư trú 2006 → 2020 (same law name)
    "D5-067",   # Luật Giao thông đường bộ → Luật Phòng, chống tác hại của rượu, bia, whose text names the old law
    "D21-008",  # Nghị định 132/2008 → Nghị định 74/2018 "sửa đổi … Nghị định số 132/2008/NĐ-CP" (names the number)
    "D5-070",   # two circulars of Bộ GDĐT, citations with no name: same issuer, same kind of document
])
def test_same_matter_handoff_is_superseded(pid, monkeypatch):
    r = pair(pid)
    assert r["label"] == "superseded"
    assert 0.3 <= topic_similarity(r["a"].text, r["b"].text) < 0.5
    assert check_pair(r["a"], r["b"]).label == "superseded"
    assert check_pair(r["b"], r["a"]).label == "superseded"
    monkeypatch.setattr(P, "HANDOFF_SIM", None)  # the code before h-super
    assert check_pair(r["a"], r["b"]).label == "no_conflict"


def _side(text, citation, number, doc_type="Luật", issuer="Quốc hội", frm=None, to=None):
    return ConflictSide(text=text, citation=citation, doc_type=doc_type, number=number, issuer=issuer,
                        effective_from=frm, effective_to=to)


def test_unrelated_laws_changing_on_the_same_day_are_not_superseded():
    old = pair("D2-077")["a"]  # Luật Cư trú 2006, ends 30/6/2021
    assert old.effective_to is not None
    new = _side("Thời hạn tạm giữ tài liệu tối đa là 03 năm.",
                "Khoản 2 Điều 27 Luật Lưu trữ số 33/2024/QH15", "33/2024/QH15", frm=old.effective_to)
    assert topic_similarity(old.text, new.text) >= 0.3
    assert check_pair(old, new).label == "no_conflict"
    # the same law's name but another issuer (a province restating it) is no hand-off either
    local = new.model_copy(update={"citation": "Điều 5 Quyết định số 12/2021/QĐ-UBND về cư trú", "number": "12/2021/QĐ-UBND",
                                   "doc_type": "Quyết định", "issuer": "Ủy ban nhân dân tỉnh Bình Dương",
                                   "text": "Người nước ngoài phải khai báo tạm trú tại cơ sở lưu trú."})
    assert 0.3 <= topic_similarity(old.text, local.text) < 0.5
    assert check_pair(old, local).label == "no_conflict"


def test_handoff_needs_a_day_at_most():
    r = pair("D2-077")
    a, b = r["a"], r["b"]
    late = b.model_copy(update={"effective_from": date(a.effective_to.year + 1, 1, 15)})
    assert check_pair(a, late).label == "no_conflict"
