"""Conflict checker, helper h-conf11 (issue #6): false alarms on retold pairs (a law against a handbook, Q&A page,
internal rule or provincial decision). Hard negatives of the dev sets that main of 28/11 (23705ac) flagged, each kept
quiet by a general guard in its detector's module, and the clashes next to them that must still be found."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair
from assistant.conflicts import numeric as NU
from conflict_sets import pair, pair_label


@pytest.mark.parametrize("pair_id", [
    "D3-030",   # hải quan: "tối đa 02 ngày làm việc" / thông quan "trong thời hạn 01 ngày làm việc" (numeric, faster service)
    "D7-043",   # giấy phép xây dựng: "Trong thời hạn 15 ngày" / UBND huyện giải quyết "trong thời hạn 10 ngày"
    "D10-019",  # bưu chính: giải quyết khiếu nại "không quá 02 tháng" / công ty trả lời "trong vòng 30 ngày"
    "D9-035",   # luật sư tập sự: cấp giấy chứng nhận 05 ngày / thông báo "07 ngày làm việc sau khi cấp" (another step)
    "D10-020",  # bưu chính trong nước 02 tháng / chuyển phát quốc tế ba tháng (two scopes)
    "D10-025",  # "mà không lấy tiền công thì không cần giấy phép" / "có thu tiền công phải có giấy phép"
    "D10-030",  # "Nghiêm cấm từ chối … mà không có lý do chính đáng" / "được từ chối … khi … vượt quá khả năng chuyên môn"
    "D10-036",  # "Tổ chức có quyền lợi, nghĩa vụ liên quan …" is no permission
    "D10-056",  # "cấm quảng cáo thuốc … không có trong Danh mục" / "được quảng cáo thuốc … có trong Danh mục"
])
def test_retold_hard_negatives_are_quiet(pair_id):
    assert pair(pair_id)["label"] == "no_conflict"
    assert pair_label(pair_id) == "no_conflict"


@pytest.mark.parametrize("pair_id", [
    "D-071",    # a guide restating the cap otherwise ("Thời hạn thẩm định … tối đa 30 ngày" / "không quá 45 ngày")
    "D10-015",  # a person's period shortened ("Thời hiệu khiếu nại là 01 tháng" / "chỉ được tiếp nhận trong vòng 07 ngày")
    "D10-018",  # a longer time to serve than the law allows
])
def test_clashes_next_to_the_guards_are_still_found(pair_id):
    assert pair(pair_id)["label"] == "conflict"
    c = check_pair(pair(pair_id)["a"], pair(pair_id)["b"])
    assert (c.label, c.kind) == ("conflict", "numeric")


def test_faster_service_needs_a_receipt_anchor_on_both_sides():
    law = analyze("Thời hạn giải quyết khiếu nại không quá 02 tháng, kể từ ngày nhận được khiếu nại.")
    ret = analyze("Công ty trả lời khiếu nại trong vòng 30 ngày kể từ ngày nhận khiếu nại.")
    other = analyze("Công ty trả lời khiếu nại trong vòng 30 ngày kể từ ngày phát hàng.")
    ql, qr, qo = law.quantities[0], ret.quantities[0], other.quantities[0]
    assert NU._faster_service(law, ql, ret, qr)
    assert not NU._faster_service(law, ql, other, qo)  # the clock starts at another event
    assert not NU._faster_service(ret, qr, law, ql)   # a longer time is no stricter commitment


def test_quyen_loi_is_a_noun_and_a_list_word_is_negated():
    kinds = [m.kind for m in analyze("tổ chức có quyền lợi, nghĩa vụ liên quan đến vụ án thì không được thực hiện "
                                     "giám định tư pháp.").modals]
    assert kinds == ["prohibit"]
    m = analyze("nghiêm cấm quảng cáo thuốc bảo vệ thực vật không có trong danh mục thuốc được phép sử dụng.").modals[0]
    assert "danh" in m.negated


def test_off_switch_restores_the_rules_before(monkeypatch):
    monkeypatch.setattr(NU, "FASTER_SERVICE_GUARD", False)
    assert pair_label("D7-043") == "conflict"
