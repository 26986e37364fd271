"""Conflict checker, helper h-conf14 (issue #6): recall on the blind set dev14 and the misses of dev…dev13 by class —
how numbers are read (lead times told "không muộn hơn … trước" or "trước ngày X N ngày", "từ 40% thị phần trở lên",
digit shares "2/3 tổng số", a number restated in brackets, a day of every year), a retold value against the law's
floor or ceiling, numbered groups and member counts as other subjects, "không nhất thiết" as no duty and "(không
phải luật)" as no exemption. Pairs of the dev sets (never the held-out set): the clash main (51174e3) missed or the
false alarm it raised, with the hard negative next to it."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair
from conflict_sets import pair, pair_label


def _quantities(text: str) -> list[tuple[str, str, str, float]]:
    return [(q.raw, q.bound, q.cat, round(q.lo, 1)) for q in analyze(text).quantities]


# --- lead times ------------------------------------------------------------------------------------------------------

def test_not_later_than_before_an_event_is_a_lead_time():
    q = analyze("Thông báo tổ chức biểu diễn phải tới cơ quan tiếp nhận không muộn hơn năm ngày làm việc trước ngày "
                "diễn dự kiến.").quantities
    assert [(x.bound, x.cat, x.lo, x.lead) for x in q] == [("min", "workday", 5.0, True)]


def test_event_then_length_after_a_filing_is_a_lead_time_but_a_leave_is_not():
    q = analyze("Ban tổ chức chỉ cần nộp hồ sơ xin chấp thuận trước ngày diễn 3 ngày làm việc là kịp.").quantities
    assert [(x.bound, x.lo, x.lead) for x in q] == [("min", 3.0, True)]
    q = analyze("Chị em có thể xin nghỉ trước ngày dự sinh một tháng rưỡi.").quantities
    assert [(x.bound, x.lead) for x in q] == [("eq", False)]


@pytest.mark.parametrize("pair_id,label", [
    ("D14-002", "no_conflict"),  # "ít nhất 05 ngày làm việc trước" / "không muộn hơn năm ngày làm việc trước"
    ("D14-003", "conflict"),     # "ít nhất 07 ngày làm việc trước" / "nộp … trước ngày diễn 3 ngày làm việc"
    ("D14-004", "no_conflict"),  # a company asks itself for 10 working days "trước đêm diễn" where the law says 7
    ("D5-050", "no_conflict"),   # "tối đa không quá 02 tháng" / "nghỉ trước ngày dự sinh một tháng rưỡi"
])
def test_lead_times(pair_id, label):
    assert pair(pair_id)["label"] == label
    assert pair_label(pair_id) == label


# --- values in other wordings ----------------------------------------------------------------------------------------

def test_floor_word_after_the_noun():
    assert _quantities("chỉ bị coi là có vị trí thống lĩnh khi nắm từ 40% thị phần trở lên") == [
        ("40%", "min", "percent", 40.0)]


def test_digit_share_of_members_but_not_a_date():
    assert _quantities("Cuộc họp của Hội đồng phải có ít nhất 2/3 tổng số thành viên tham dự.") == [
        ("2/3", "min", "percent", 66.7)]
    assert _quantities("Hội nghị họp ngày 2/3 tại trụ sở.") == []


def test_number_restated_in_brackets_is_one_frequency():
    assert _quantities("Hướng dẫn danh mục sách, báo, tài liệu pháp luật mới theo định kỳ sáu tháng (06 tháng) một lần.") == [
        ("sáu tháng một lần", "eq", "freq", 2.0)]


def test_day_of_every_year_but_not_a_dated_event():
    assert _quantities("Ngày 09 tháng 11 hằng năm là Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam.") == [
        ("ngày 09 tháng 11", "eq", "annual", 350.0)]
    assert _quantities("Các đơn vị gửi dự toán trước ngày 30 tháng 5 hàng năm.")[0][1] == "max"
    assert _quantities("Luật này có hiệu lực từ ngày 01 tháng 01 năm 2013.") == []


@pytest.mark.parametrize("pair_id,label", [
    ("D14-028", "conflict"),     # "từ 30% trở lên" / "từ 40% thị phần trở lên"
    ("D14-029", "no_conflict"),  # "từ 30% trở lên" / "từ ba mươi phần trăm thị phần … trở lên"
    ("D14-023", "conflict"),     # "ít nhất 2/3 tổng số thành viên" / "quá nửa tổng số thành viên"
    ("D14-024", "no_conflict"),  # "từ 2/3 số thành viên trở lên đồng ý" / "ít nhất hai phần ba số thành viên"
    ("D14-060", "conflict"),     # "sáu tháng (06 tháng) một lần" / "mỗi năm một lần"
    ("D14-061", "no_conflict"),  # "sáu tháng (06 tháng) một lần" / "Mỗi năm hai lần"
    ("D14-050", "conflict"),     # "Ngày 09 tháng 11 hằng năm" / "Ngày 10 tháng 11 hằng năm"
    ("D14-051", "no_conflict"),  # "(ngày 9/11)" in a plan for the whole of November
])
def test_values_in_other_wordings(pair_id, label):
    assert pair(pair_id)["label"] == label
    assert pair_label(pair_id) == label


@pytest.mark.parametrize("pair_id,label", [
    ("D12-029", "conflict"),     # "ít nhất 06 tháng một lần" (heavy work) / office staff "hai năm một lần"
    ("D12-031", "conflict"),     # "ít nhất 06 tháng một lần" / "mỗi năm một lần"
    ("D12-032", "conflict"),     # "ít nhất bằng 30 tháng tiền lương" for a death / "20 tháng tiền lương"
    ("D6-047", "no_conflict"),   # a ban on "rượu … từ 15 độ trở lên" / "Rượu vang … 12 độ": another case, not a value
])
def test_retold_value_against_the_laws_floor(pair_id, label):
    assert pair(pair_id)["label"] == label
    assert pair_label(pair_id) == label


# --- other subjects --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("pair_id,label", [
    ("D14-081", "no_conflict"),  # "Đối tượng 2: 05 ngày làm việc" / "đối tượng 4 học trong 02 ngày làm việc"
    ("D14-080", "conflict"),     # "Đối tượng 2: 05 ngày làm việc" / "cho đối tượng 2 … trong 03 ngày (24 tiết)"
    ("D14-031", "no_conflict"),  # "Bốn doanh nghiệp … từ 75%" / "Hai doanh nghiệp … từ một nửa"
    ("D14-030", "conflict"),     # "Ba doanh nghiệp … từ 65%" / "Ba doanh nghiệp … từ 75%"
])
def test_numbered_groups_and_member_counts(pair_id, label):
    assert pair(pair_id)["label"] == label
    assert pair_label(pair_id) == label


# --- modality --------------------------------------------------------------------------------------------------------

def test_not_necessarily_denies_a_duty():
    m = analyze("Hội diễn văn nghệ quần chúng cấp xã quy mô nhỏ không nhất thiết thành lập Ban Tổ chức.").modals
    assert [(x.kind, x.action_text) for x in m] == [("no_oblige", "thành lập ban tổ chức")]


def test_is_not_in_brackets_is_no_exemption():
    m = analyze("Người tốt nghiệp đại học ngành khác (không phải luật) phải có từ ba năm công tác liên quan đến pháp "
                "luật trở lên.").modals
    assert [x.kind for x in m] == ["oblige"]
    assert pair_label("D14-053") == "no_conflict" == pair("D14-053")["label"]


def test_negated_act_in_the_clauses_own_condition_is_no_other_case():
    # "… lần thứ hai mà vẫn vắng mặt … không thể tham gia …" / "Chỉ khi … được mời hợp lệ đến lần thứ ba …"
    assert pair("D13-022")["label"] == "conflict"
    c = check_pair(pair("D13-022")["a"], pair("D13-022")["b"])
    assert (c.label, c.kind) == ("conflict", "numeric")


# --- a bracketed explanation, a ban on charging -------------------------------------------------------------------------

def test_number_and_its_bracketed_explanation_in_another_unit_stay_two_quantities():
    # "một ngày (8 giờ)" explains the day in hours; only "sáu tháng (06 tháng)" restates the number
    assert [(r, c) for r, _b, c, _v in _quantities("mỗi công tương ứng với thời gian làm việc một ngày (8 giờ) của người "
                                                    "lao động")] == [("một ngày", "duration"), ("8 giờ", "hour")]


@pytest.mark.parametrize("pair_id,label", [
    ("D14-078", "conflict"),     # "không được thu bất kỳ kinh phí nào khác" / "nộp thêm 150.000 đồng tiền quân tư trang"
    ("D14-079", "no_conflict"),  # the same ban, "Ngoài kinh phí …, tiền ăn tập trung …" / "chỉ thu tiền ăn tập trung"
])
def test_ban_on_charging_against_a_charge(pair_id, label):
    assert pair(pair_id)["label"] == label
    assert pair_label(pair_id) == label


def test_every_year_before_the_date_and_per_occasion_sentence():
    assert _quantities("Hằng năm, ngày 20 tháng 4 được lấy làm ngày Kiến trúc Việt Nam.") == [
        ("ngày 20 tháng 4", "eq", "annual", 144.0)]
    q = analyze("Mỗi lần thân nhân đến thăm, người bị tạm giam được gặp kéo dài tối đa hai giờ.").quantities
    assert [(x.bound, x.cat, x.period) for x in q] == [("max", "hour", "lần")]
    assert pair_label("D13-095") == "conflict"  # "Ngày 27 tháng 4 hằng năm" / "Hằng năm, ngày 20 tháng 4"
    assert pair_label("D12-004") == "conflict"  # "mỗi lần gặp không quá 01 giờ" / "Mỗi lần …, … tối đa hai giờ"


def test_day_of_the_reporting_year_shifted_by_a_year():
    assert _quantities("Báo cáo năm gửi chậm nhất vào ngày 15 tháng 01 của năm liền sau năm báo cáo.") == [
        ("ngày 15 tháng 01 của năm liền sau", "max", "annual", 418.0)]
    assert _quantities("Kỳ đánh giá tính từ ngày 01 tháng 10 năm trước đến ngày 30 tháng 9 của năm đánh giá.") == [
        ("ngày 30 tháng 9 của năm đánh giá", "max", "annual", 309.0)]
    assert pair_label("D14-064") == "conflict" == pair("D14-064")["label"]  # a calendar year / 01/10 to 30/9
