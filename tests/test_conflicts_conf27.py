"""Conflict checker, readings of h-conf27 (open items left by h-conf25): each tested on the real labelled pair with its
switch off (the code before h-conf27) and on. Never the held-out set or dev22."""

from __future__ import annotations

import pytest

from assistant.conflicts import modality as modality_mod
from assistant.conflicts import modals as modals_mod
from assistant.conflicts import paraphrase as paraphrase_mod

from conflict_sets import clear_parses as _clear, pair_label


pytestmark = pytest.mark.usefixtures("fresh_parses")  # parses are cached by text: cleared around each test


# a class under a ban and its member given a permission: D23-017 Luật "Hành vi sử dụng điện thoại di động khi đang điều
# khiển phương tiện tham gia giao thông đường bộ là hành vi bị nghiêm cấm" / a circular "Người điều khiển xe ô tô được
# sử dụng điện thoại di động …"; D23-020 "Nghiêm cấm nhà giáo ép buộc người học tham gia học thêm …" / "Giáo viên chủ
# nhiệm được yêu cầu học sinh … bắt buộc tham gia học thêm …" (the subject-swap guard read them as sibling subjects)
@pytest.mark.parametrize("pid", ["D23-017", "D23-020"])
def test_member_under_the_class_rule(pid, monkeypatch):
    assert pair_label(pid) == "conflict"
    monkeypatch.setattr(paraphrase_mod, "CLASS_MEMBER", False)
    _clear()
    assert pair_label(pid) == "no_conflict"


def _cm(a: str, b: str):
    return paraphrase_mod.class_member(a, list(range(len(a) + 1)), b, list(range(len(b) + 1)))


def test_class_member_reading():
    r = _cm("Phương tiện giao thông cơ giới đường bộ không được lắp thêm còi.",
            "Xe ô tô được lắp thêm còi khi đi trên đường đèo; xe phải giảm tốc độ.")
    assert r is not None and r[2].lower().startswith("phương tiện giao thông cơ giới đường bộ được lắp thêm còi")
    assert "xe" not in r[2].lower().replace("phương tiện", "")  # the bare "xe" told as the class too
    assert len(r[3]) - len(r[2]) == 1  # the character map is carried along
    # the member side first (the class side is b)
    r = _cm("Giáo viên chủ nhiệm được thu tiền học thêm.", "Nghiêm cấm nhà giáo thu tiền học thêm.")
    assert r is not None and r[0].startswith("nhà giáo được thu tiền")
    # only a ban or duty of the class against a permission or lift of the member
    assert _cm("Phương tiện giao thông cơ giới đường bộ được lưu thông trên làn bên phải.",
               "Xe ô tô không được lưu thông trên làn bên phải.") is None
    assert _cm("Phương tiện giao thông cơ giới đường bộ phải có chứng nhận đăng ký xe.",
               "Xe mô tô phải được đăng ký và gắn biển số.") is None
    # not another kind of "phương tiện", nor a text naming both the class and a member
    assert _cm("Phương tiện thanh toán không được sử dụng …", "Xe ô tô được sử dụng …") is None
    assert _cm("Phương tiện giao thông đường thủy không được chở quá số người quy định.",
               "Xe ô tô được chở quá số người quy định.") is None
    assert _cm("Phương tiện giao thông cơ giới đường bộ, trừ xe ô tô, không được …", "Xe ô tô được …") is None


# "X mà không cần V" waives V: D23-016 Luật HNGĐ "Việc kết hôn phải được đăng ký tại cơ quan nhà nước có thẩm quyền;
# việc kết hôn không được đăng ký thì không có giá trị pháp lý" / a decree "Việc kết hôn được xác nhận bởi trưởng thôn …
# có giá trị pháp lý mà không cần đăng ký tại Ủy ban nhân dân cấp xã" (the waiver was read as a condition "mà …", and
# the law's consequence "thì không có giá trị pháp lý" as a complementary case)
@pytest.mark.parametrize("switch", [(modals_mod, "WITHOUT_NEED"), (modality_mod, "NEG_CONTRAST_THEN")])
def test_without_need_is_a_waiver(switch, monkeypatch):
    assert pair_label("D23-016") == "conflict"
    monkeypatch.setattr(*switch, False)
    _clear()
    assert pair_label("D23-016") == "no_conflict"


def test_without_need_reading():
    from assistant.conflicts.analysis import analyze

    mods = analyze("Hộ gia đình được xây dựng nhà ở mà không cần giấy phép xây dựng tại Ủy ban nhân dân cấp huyện.").modals
    assert [(m.kind, m.action_text) for m in mods][-1] == ("no_oblige", "giấy phép xây dựng")
    # a ban's "mà không có …" stays its condition, not a norm
    mods = analyze("Nghiêm cấm kinh doanh dịch vụ karaoke mà không có giấy phép.").modals
    assert [m.kind for m in mods] == ["prohibit"]


# dev25 false alarms (h-conf25's list), each a general reading:
# D25-014 Luật BHXH "Tham gia bảo hiểm xã hội là bắt buộc đối với người lao động làm việc theo hợp đồng lao động …" / a
# decree "Người lao động không làm việc theo hợp đồng lao động được tự nguyện tham gia …": two complementary subjects
# (meaning.COMPLEMENT_SUBJECT), read by the antonym axis as one matter at two poles;
# D25-037 BLLĐ "… không quá 40 giờ trong 01 tháng" / a decree "… không quá 30 giờ trong một tháng đối với công việc nặng
# nhọc, độc hại": a postposed case on one side only between two central texts (numeric.CENTRAL_CASE);
# D25-041 Luật Cư trú "Công dân có quyền đăng ký tạm trú tại chỗ ở hợp pháp …" / a circular "Công dân không được đăng
# ký tạm trú mới tại chỗ ở nằm trong địa điểm cấm, khu vực cấm xây dựng …": the ban's place qualifier carves a case out
# of the general permission (modality.PLACE_QUALIFIER)
@pytest.mark.parametrize("pid, module, switch", [
    ("D25-014", "meaning", "COMPLEMENT_SUBJECT"),
    ("D25-037", "numeric", "CENTRAL_CASE"),
    ("D25-041", "modality", "PLACE_QUALIFIER"),
])
def test_dev25_false_alarms(pid, module, switch, monkeypatch):
    import importlib

    assert pair_label(pid) == "no_conflict"
    monkeypatch.setattr(importlib.import_module(f"assistant.conflicts.{module}"), switch, False)
    _clear()
    assert pair_label(pid) == "conflict"


def test_complement_subject_reading():
    from assistant.conflicts.meaning import _complement_subject

    b = "người lao động không làm việc theo hợp đồng lao động được tự nguyện tham gia bảo hiểm xã hội."
    a = "tham gia bảo hiểm xã hội là bắt buộc đối với người lao động làm việc theo hợp đồng lao động."
    assert _complement_subject(b, b.index("tự nguyện"), a)
    # the pole's own negation is the clash, not a case
    b2 = "kết luận chỉ gửi riêng cho người được xác định, không niêm yết công khai tại trụ sở ủy ban nhân dân xã."
    assert not _complement_subject(b2, b2.index("công khai"), "chủ tịch niêm yết và thông báo công khai kết luận.")
    # the qualifier negated on both sides: no complement
    assert not _complement_subject(b, b.index("tự nguyện"), a.replace("lao động làm", "lao động không làm"))


# a retelling that rounds the law's limit into weeks or a fraction on the strict side: D19-014 Luật TTTM "Trong thời hạn
# 15 ngày … các Trọng tài viên bầu …" / "Chậm nhất là hai tuần …"; D16-055 "chậm nhất là 20 ngày trước ngày tổ chức lễ
# hội" / "ít nhất ba tuần trước ngày khai hội" (numeric.ROUNDED_TOLD)
@pytest.mark.parametrize("pid", ["D19-014", "D16-055"])
def test_rounded_told_on_the_strict_side(pid, monkeypatch):
    from assistant.conflicts import numeric as numeric_mod

    assert pair_label(pid) == "no_conflict"
    monkeypatch.setattr(numeric_mod, "ROUNDED_TOLD", False)
    _clear()
    assert pair_label(pid) == "conflict"


def test_rounded_told_reading():
    from assistant.conflicts.analysis import analyze
    from assistant.conflicts.numeric import _rounded_told

    def q(t):
        return analyze(t).quantities[0]

    assert _rounded_told(q("trong thời hạn 15 ngày"), q("chậm nhất là hai tuần"))
    assert not _rounded_told(q("trong thời hạn 13 ngày"), q("chậm nhất là hai tuần"))  # looser than the law
    assert not _rounded_told(q("trong thời hạn 20 ngày"), q("chậm nhất là hai tuần"))  # not a rounding
    assert not _rounded_told(q("trong thời hạn 14 ngày"), q("chậm nhất là 10 ngày"))  # no coarser unit
    assert _rounded_told(q("ít nhất 40 ngày"), q("ít nhất sáu tuần"))
    assert not _rounded_told(q("ít nhất 45 ngày"), q("ít nhất sáu tuần"))
