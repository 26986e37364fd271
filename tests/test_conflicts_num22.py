"""Conflict checker, numeric recall on formal pairs (h-num22): a deadline counted from one event told in other words
("kể từ ngày Tòa án nhận được biên bản …" / "kể từ khi nhận biên bản hòa giải thành") is one anchor
(``numeric._same_event``), not two steps of a procedure. Real pairs of the labelled dev sets (a Luật or a circular
against a court's, a prison's or a province's Quyết định); each gold conflict fails with ``ANCHOR_SAME_EVENT`` off (the
code before h-num22), and the hard negatives whose anchors are two events stay no conflict."""

from __future__ import annotations

import pytest

from assistant.conflicts import analysis as analysis_mod
from assistant.conflicts import clauses, numeric

from conflict_sets import pair_label


def _clear() -> None:
    analysis_mod.analyze.cache_clear()
    for f in vars(clauses).values():
        if hasattr(f, "cache_clear"):
            f.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_parses():
    _clear()
    yield
    _clear()


# D13-027: Luật 58/2020/QH14 "15 ngày kể từ ngày Tòa án nhận được biên bản" / a court's rule "một tháng kể từ khi nhận
# biên bản hòa giải thành"; D12-009: "24 giờ kể từ khi nhận được khiếu nại, tố cáo" / "ba ngày làm việc kể từ khi Trại
# nhận đơn"; D19-065: BLDS "03 năm, kể từ ngày người có quyền yêu cầu biết hoặc phải biết quyền, lợi ích …" / "02 năm kể
# từ ngày biết quyền lợi bị xâm phạm"; D9-001: Luật Đê điều "ba mươi ngày, kể từ ngày được cơ quan … phê duyệt" / "sáu
# mươi ngày kể từ ngày quy hoạch được cấp có thẩm quyền phê duyệt"
SAME_EVENT = ["D13-027", "D12-009", "D19-065", "D9-001"]
# "kể từ ngày nhận đủ hồ sơ hợp lệ" / "kể từ ngày được cấp giấy phép", "… cấp giấy chứng nhận người tập sự": two events
TWO_EVENTS = ["D17-030", "D9-035"]


@pytest.mark.parametrize("pid", SAME_EVENT)
def test_same_event_told_otherwise_is_one_anchor(pid, monkeypatch):
    assert pair_label(pid) == "conflict"
    monkeypatch.setattr(numeric, "ANCHOR_SAME_EVENT", False)
    _clear()
    assert pair_label(pid) == "no_conflict"


@pytest.mark.parametrize("pid", TWO_EVENTS)
def test_two_events_stay_two_anchors(pid):
    assert pair_label(pid) == "no_conflict"


def test_same_event_reading():
    assert numeric._same_event("tòa án nhận được biên bản và tài liệu kèm theo", "nhận biên bản hòa giải thành")
    assert numeric._same_event("nhận được khiếu nại", "trại nhận đơn")
    assert numeric._same_event("được cơ quan nhà nước có thẩm quyền phê duyệt", "quy hoạch được cấp có thẩm quyền phê duyệt")
    assert not numeric._same_event("nhận đủ hồ sơ hợp lệ", "được cấp giấy phép")
    assert not numeric._same_event("nhận đủ hồ sơ hợp lệ", "cấp giấy chứng nhận người tập sự")
    assert not numeric._same_event("nhận được quyết định giải quyết khiếu nại", "nhận được bản án")
