"""Conflict checker, numeric recall on formal pairs (h-num22): a deadline counted from one event told in other words
("kể từ ngày Tòa án nhận được biên bản …" / "kể từ khi nhận biên bản hòa giải thành") is one anchor
(``numeric._same_event``), not two steps of a procedure. Real pairs of the labelled dev sets (a Luật against a
court's or a province's Quyết định and an unnumbered local text); each gold conflict fails with ``ANCHOR_SAME_EVENT`` off (the
code before h-num22), and the hard negatives whose anchors are two events stay no conflict."""

from __future__ import annotations

import pytest

from assistant.conflicts import numeric

from conflict_sets import clear_parses as _clear, pair_label


pytestmark = pytest.mark.usefixtures("fresh_parses")  # parses are cached by text: cleared around each test


# D13-027: Luật 58/2020/QH14 "15 ngày kể từ ngày Tòa án nhận được biên bản" / a court's rule "một tháng kể từ khi nhận
# biên bản hòa giải thành"; D19-065: BLDS "03 năm, kể từ ngày người có quyền yêu cầu biết hoặc phải biết quyền, lợi ích …" / "02 năm kể
# từ ngày biết quyền lợi bị xâm phạm"; D9-001: Luật Đê điều "ba mươi ngày, kể từ ngày được cơ quan … phê duyệt" / "sáu
# mươi ngày kể từ ngày quy hoạch được cấp có thẩm quyền phê duyệt"
SAME_EVENT = ["D13-027", "D19-065", "D9-001"]
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
    assert numeric._same_event("được cơ quan nhà nước có thẩm quyền phê duyệt", "quy hoạch được cấp có thẩm quyền phê duyệt")
    assert not numeric._same_event("nhận đủ hồ sơ hợp lệ", "được cấp giấy phép")
    assert not numeric._same_event("nhận đủ hồ sơ hợp lệ", "cấp giấy chứng nhận người tập sự")
    assert not numeric._same_event("nhận được quyết định giải quyết khiếu nại", "nhận được bản án")
    # two procedures' receipts in the Pháp điển batch (Luật Bầu cử 85/2015/QH13 Điều 87 / Nghị quyết liên tịch
    # 72/2025 Điều 49; Nghị định 11/2021/NĐ-CP Điều 18 / Nghị định 64/2021/NĐ-CP Điều 8; Thông tư 54/2021/TT-BCA
    # Điều 14 / Thông tư 105/2021/TT-BQP Điều 45)
    assert not numeric._same_event("nhận được khiếu nại", "nhận được kiến nghị của cử tri")
    assert not numeric._same_event("nhận được văn bản lấy ý kiến", "nhận đủ hồ sơ theo quy định tại điều 11 của nghị định này")
    assert not numeric._same_event("nhận được ý kiến kiểm tra của cục đối ngoại", "nhận đủ hồ sơ")
    assert not numeric._same_event("tòa án nhận được hồ sơ đề nghị buộc chấp hành hình phạt tù",
                                   "nhận được đơn kháng cáo quá hạn và tài liệu")


# Quantities as Vietnamese documents write them (h-num22, ``quantities.UNITS_NUM22``): an area in words with the unit
# restated in brackets before the bound word (Điều 31 khoản 1 Luật Quảng cáo 16/2012/QH13, pair D20-021: "từ 20 mét
# vuông (m2) trở lên" — read before as "20 mét", a length, equal to 20), lengths in km and cm, and a day of the month
# without "thứ" (Thông tư 80/2021/TT-BTC in pair D7-013: "chậm nhất vào ngày mười lăm của tháng kế tiếp" — not read
# before) against "ngày thứ 20 của tháng tiếp theo" (Luật Quản lý thuế 38/2019/QH14).
def _qs(text: str) -> list[tuple[str, str, str, float]]:
    from assistant.conflicts import analyze
    return [(q.raw, q.cat, q.bound, q.lo) for q in analyze(text).quantities]


def test_area_in_words_with_bracketed_unit():
    from conflict_sets import pair
    a = pair("D20-021")["a"].text
    qs = _qs(a)
    assert ("20 mét vuông", "area", "min", 20.0) in qs and ("40 mét vuông", "area", "min", 40.0) in qs
    assert _qs("Màn hình chỉ phải xin giấy phép xây dựng khi có diện tích một mặt từ 40 m2 trở lên.") == [
        ("40 m2", "area", "min", 40.0)]


def test_lengths_in_other_units():
    assert _qs("cách trường học 05 km") == [("05 km", "measure:mét", "eq", 5000.0)]
    assert _qs("cao 30 cm") == [("30 cm", "measure:mét", "eq", 0.3)]
    assert _qs("tốc độ tối đa 60 km/h")[0][1] == "speed"


def test_day_of_month_without_thu():
    from conflict_sets import pair
    b = pair("D7-013")["b"].text
    assert ("ngày mười lăm", "ordinal:ngày", "eq", 15.0) in _qs(b)
    assert _qs("trả lương vào ngày 15 hằng tháng") == [("ngày 15", "ordinal:ngày", "eq", 15.0)]
    # compared only where one text retells the other: between two central texts two reports' deadlines (Nghị định
    # 58/2022/NĐ-CP Điều 22 khoản 8 "ngày 25 của tháng cuối kỳ" / Thông tư 05/2020/TT-BTP Điều 39 "ngày 10 của tháng
    # đầu tiên sau kỳ báo cáo")
    from assistant.conflicts import analyze
    assert all(q.retold for q in analyze(b).quantities if q.raw == "ngày mười lăm")
    assert _qs("ngày 15 tháng 7 năm 2024") == []  # a date, not a day of the month
    assert _qs("trong 15 ngày của tháng")[0][1] == "duration"
