"""Conflict checker, misses left in dev23 / num24 (h-conf25): readings that apply to any text, each tested on the real
labelled pair with its switch off (the code before h-conf25) and on. Never the held-out set or dev22."""

from __future__ import annotations

import pytest

from assistant.conflicts import modality as modality_mod
from assistant.conflicts import modals as modals_mod

from conflict_sets import clear_parses as _clear, pair_label


pytestmark = pytest.mark.usefixtures("fresh_parses")  # parses are cached by text: cleared around each test


# "chỉ S mới được X": D23-003 Luật Doanh nghiệp "Công ty trách nhiệm hữu hạn hai thành viên trở lên được phát hành trái
# phiếu" / a decree "Chỉ công ty cổ phần mới được phát hành trái phiếu" (the subjects share "công ty"); D23-011 Luật Cư
# trú "Công dân có quyền đăng ký thường trú tại chỗ ở hợp pháp thuộc quyền sở hữu của mình" / a circular "Chỉ công dân
# đã tạm trú tại địa phương mới được đăng ký thường trú …" (the reservation narrows the law's own subject)
@pytest.mark.parametrize("pid", ["D23-003", "D23-011"])
@pytest.mark.parametrize("switch", [(modals_mod, "ONLY_THEN_MAY"), (modality_mod, "ONLY_SUBJECT_COVER")])
def test_only_then_may_reserves_the_act(pid, switch, monkeypatch):
    assert pair_label(pid) == "conflict"
    monkeypatch.setattr(*switch, False)
    _clear()
    assert pair_label(pid) == "no_conflict"


def test_only_covers_reads_list_members():
    sub = modality_mod._content("thương binh")
    assert modality_mod._only_covers("thương binh, bệnh binh", sub)
    assert not modality_mod._only_covers("công ty cổ phần", modality_mod._content("công ty trách nhiệm hữu hạn"))
    # a sub-kind of a reserved subject is covered by it
    assert modality_mod._only_covers("công ty cổ phần", modality_mod._content("công ty cổ phần niêm yết"))


def test_object_as_subject_negated_act_verb_is_not_a_case(monkeypatch):
    # D23-009: Luật Tài nguyên nước "Tổ chức, cá nhân được cấp giấy phép … không được chuyển nhượng giấy phép khai thác
    # tài nguyên nước" / a decree "Giấy phép khai thác tài nguyên nước được chuyển nhượng cho tổ chức, cá nhân khác khi
    # …": the act's own verb after "không được" ("chuyển", "nộp" in the act's canonical words) was read as a negated case
    assert pair_label("D23-009") == "conflict"
    monkeypatch.setattr(modality_mod, "NEG_CONTRAST_CANON", False)
    _clear()
    assert pair_label("D23-009") == "no_conflict"


def test_choice_left_to_the_addressee_lifts_the_duty(monkeypatch):
    # D23-018: Luật BHYT "Tham gia bảo hiểm y tế là bắt buộc đối với người lao động … từ đủ 03 tháng trở lên" / a decree
    # "Người lao động … được tự lựa chọn tham gia hoặc không tham gia bảo hiểm y tế"
    from assistant.conflicts import pair as pair_mod

    assert pair_label("D23-018") == "conflict"
    monkeypatch.setattr(pair_mod, "FORMAL_CHOICE", False)
    _clear()
    assert pair_label("D23-018") == "no_conflict"


def test_choice_reading():
    from assistant.conflicts.pair import _choice_as_lift

    t = "Doanh nghiệp được lựa chọn kiểm toán hoặc không kiểm toán báo cáo tài chính hằng năm."
    text, idx = _choice_as_lift(t, list(range(len(t) + 1)))
    assert text == "Doanh nghiệp không bắt buộc kiểm toán báo cáo tài chính hằng năm."
    assert len(idx) == len(text) + 1
    t = "Doanh nghiệp được quyết định có kiểm toán báo cáo tài chính hay không."
    assert _choice_as_lift(t, list(range(len(t) + 1)))[0] == "Doanh nghiệp không bắt buộc kiểm toán báo cáo tài chính."
    assert _choice_as_lift("Người bệnh được lựa chọn cơ sở khám bệnh.", list(range(42))) is None


def test_completed_length_before_an_event_is_not_a_lead_time(monkeypatch):
    # D8-016: Luật KBCB "Thời gian thực hành … đối với chức danh bác sĩ là 12 tháng" / a circular "Người có văn bằng bác
    # sĩ phải thực hành khám bệnh, chữa bệnh đủ mười tám tháng trước khi đề nghị cấp giấy phép hành nghề"
    from assistant.conflicts import quantities as q_mod
    from assistant.conflicts.analysis import analyze

    assert pair_label("D8-016") == "conflict"
    q = analyze("Người có văn bằng bác sĩ phải thực hành đủ mười tám tháng trước khi đề nghị cấp giấy phép.").quantities[0]
    assert q.bound == "min" and not q.lead
    # a notice before an event stays a lead time
    assert analyze("Tổ chức phải thông báo trước 15 ngày trước khi tổ chức hội nghị.").quantities[0].lead
    monkeypatch.setattr(q_mod, "FULL_SPAN_NOT_LEAD", False)
    _clear()
    assert pair_label("D8-016") == "no_conflict"


def test_next_month_day_against_days_from_month_end(monkeypatch):
    # D4-005: Luật Quản lý thuế "chậm nhất là ngày thứ 20 của tháng tiếp theo tháng phát sinh nghĩa vụ thuế" / Thông tư
    # 80/2021 "trong thời hạn 25 ngày kể từ ngày cuối cùng của tháng có phát sinh nghĩa vụ thuế": day 20 of the next
    # month is 20 days after the month ends
    from assistant.conflicts import numeric as num_mod
    from assistant.conflicts.analysis import analyze

    assert pair_label("D4-005") == "conflict"
    law = analyze("Hồ sơ khai thuế tháng nộp chậm nhất là ngày thứ 20 của tháng tiếp theo tháng phát sinh nghĩa vụ thuế.")
    same = analyze("Hồ sơ khai thuế tháng nộp trong thời hạn 20 ngày kể từ ngày cuối cùng của tháng phát sinh nghĩa vụ thuế.")
    assert num_mod._month_end_clash(law, same) is None
    monkeypatch.setattr(num_mod, "FORMAL_MONTH_END", False)
    _clear()
    assert pair_label("D4-005") == "no_conflict"


def test_two_values_for_two_things_in_one_provision(monkeypatch):
    # D6-059: Luật Công đoàn "… đóng kinh phí công đoàn bằng 2% quỹ tiền lương …; đoàn viên công đoàn đóng đoàn phí …
    # tối đa bằng 1% tiền lương …" / Nghị định 191/2013 "Doanh nghiệp đóng kinh phí công đoàn theo mức 1% quỹ tiền
    # lương …": the law's 1% is the đoàn phí, not the kinh phí
    from assistant.conflicts import numeric as num_mod

    assert pair_label("D6-059") == "conflict"
    monkeypatch.setattr(num_mod, "TWO_VALUES_CLAUSE", False)
    _clear()
    assert pair_label("D6-059") == "no_conflict"


def test_bare_filing_received_is_the_request_its_clause_names(monkeypatch):
    # D6-055: Luật Trợ giúp pháp lý "Trong thời hạn 03 ngày làm việc kể từ ngày nhận được yêu cầu trợ giúp pháp lý, …
    # phải thụ lý …" / Thông tư 12/2018 "… thụ lý yêu cầu trợ giúp pháp lý trong vòng năm ngày làm việc kể từ khi tiếp
    # nhận hồ sơ"
    from assistant.conflicts import numeric as num_mod

    assert pair_label("D6-055") == "conflict"
    assert num_mod._filing_of("tiếp nhận hồ sơ", "nhận được yêu cầu trợ giúp pháp lý",
                              "thụ lý yêu cầu trợ giúp pháp lý trong vòng năm ngày làm việc kể từ khi tiếp nhận hồ sơ")
    # a bare filing whose clause does not name the other object stays another event
    assert not num_mod._filing_of("tiếp nhận hồ sơ", "nhận được yêu cầu trợ giúp pháp lý",
                                  "cấp giấy chứng nhận trong vòng năm ngày làm việc kể từ khi tiếp nhận hồ sơ")
    monkeypatch.setattr(num_mod, "ANCHOR_FILING_OF", False)
    _clear()
    assert pair_label("D6-055") == "no_conflict"


def test_completed_length_is_no_anchor_before_an_event():
    # the anchor guard reads a length completed before an event ("tập sự đủ mười tám tháng trước khi đăng ký …") as no
    # time counted back from it (D25-016: "Thời gian tập sự … là 12 tháng, kể từ ngày đăng ký tập sự")
    from assistant.conflicts.numeric import _before_event

    assert not _before_event("người tập sự phải tập sự đủ mười tám tháng trước khi đăng ký tham dự kiểm tra")
    assert _before_event("thông báo 30 ngày trước khi giải thể")
    assert _before_event("gửi hồ sơ trước 60 ngày dự kiến giải thể")
    assert pair_label("D25-016") == "conflict"
