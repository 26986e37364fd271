"""Conflict checker: the modal readings added after the blind set dev21 (h-conf21). Each on a pair of the dev files
(Luật Sử dụng năng lượng tiết kiệm và hiệu quả 50/2010/QH12 Điều 8 and Quyết định 24/2018/QĐ-TTg as the Pháp điển subset
words them; Thông tư 29/2024/TT-BGDĐT on dạy thêm, dev5) against the retelling that contradicts it, with the hard
negatives it must leave alone; each test fails with its switch off (the code before h-conf21). The list-item finding
quotes the item the other clause names at most length (``meaning.BEST_ITEM``)."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair, meaning, modals
from assistant.records import ConflictSide

from conflict_sets import clear_parses as _clear


pytestmark = pytest.mark.usefixtures("fresh_parses")  # parses are cached by text: cleared around each test


def _side(text: str, doc_type: str, number: str | None, issuer: str, issued: str | None = None,
          effective: str | None = None) -> ConflictSide:
    return ConflictSide(text=text, citation=f"Điều 1 {doc_type} {number or ''}".strip(), doc_type=doc_type,
                        number=number, issuer=issuer, issued_on=issued, effective_from=effective)


# Khoản 4, 5 Điều 8 Luật số 50/2010/QH12 (D21-077, D21-038)
_BANNED = _side(
    "Các hành vi bị cấm: … 4. Cố ý cung cấp thông tin không trung thực về hiệu suất năng lượng của phương tiện, thiết "
    "bị trong hoạt động dán nhãn năng lượng, kiểm định, quảng cáo và các hoạt động khác gây thiệt hại đến lợi ích của "
    "Nhà nước, quyền và lợi ích hợp pháp của tổ chức, hộ gia đình, cá nhân. 5. Sản xuất, nhập khẩu, lưu thông phương "
    "tiện, thiết bị sử dụng năng lượng thuộc Danh mục phương tiện, thiết bị phải loại bỏ do cơ quan nhà nước có thẩm "
    "quyền ban hành.", "Luật", "50/2010/QH12", "Quốc hội", "2010-06-17", "2011-01-01")
# Khoản 1 Điều 1 Quyết định số 24/2018/QĐ-TTg (D21-081)
_PHASE_OUT = _side(
    "Quyết định này quy định về danh mục và lộ trình phương tiện, thiết bị sử dụng năng lượng có hiệu suất thấp phải "
    "loại bỏ (không cho phép nhập khẩu, sản xuất và kinh doanh trong nước) và các tổ máy phát điện hiệu suất thấp không "
    "được xây dựng mới.", "Quyết định", "24/2018/QĐ-TTg", "Thủ tướng Chính phủ", "2018-05-18", "2018-07-10")
_SHOP_KEEPS_SELLING = _side(
    "Các cửa hàng điện máy trên địa bàn được tiếp tục bày bán bóng đèn sợi đốt, động cơ điện thuộc Danh mục phương "
    "tiện, thiết bị phải loại bỏ cho đến khi hết hàng tồn kho.", "Quyết định", "1532/QĐ-UBND",
    "Ủy ban nhân dân tỉnh Tiền Giang", "2025-06-20", "2025-06-20")
_STILL_IMPORTS = _side(
    "Doanh nghiệp vẫn được nhập khẩu động cơ điện hiệu suất thấp thuộc danh mục phải loại bỏ nếu dùng để lắp cho dây "
    "chuyền sản xuất của chính mình, không đem bán.", "Văn bản", None, "Trung tâm Tiết kiệm năng lượng TP. Hồ Chí Minh")
_SHOP_STOPS = _side(
    "Cửa hàng không nhập về và không bán bóng đèn sợi đốt thuộc danh mục phải loại bỏ; hàng tồn được trả lại nhà cung "
    "cấp.", "Văn bản", None, "Hệ thống điện máy Sao Mai")


def test_category_name_marker_is_no_norm_and_keeps_the_permission():
    """"… được tiếp tục bày bán … thuộc Danh mục phương tiện, thiết bị phải loại bỏ": the "phải" names the list, the
    "được" is the norm (before h-conf21 the later "phải" made the "được" phrase a subject and nothing was read)."""
    an = analyze(_SHOP_KEEPS_SELLING.text)
    assert [m.kind for m in an.modals] == ["permit"]
    assert an.modals[0].action_text.startswith("tiếp tục bày bán")
    # a list that is itself the subject keeps its norm
    assert [m.kind for m in analyze("Danh mục bí mật nhà nước phải được rà soát, sửa đổi hằng năm.").modals] == ["oblige"]


@pytest.mark.parametrize("law,told", [(_BANNED, _SHOP_KEEPS_SELLING), (_PHASE_OUT, _STILL_IMPORTS)])
def test_permission_for_a_phased_out_device_clashes(law, told):
    """D21-077, D21-081: selling or importing what the law bans (a device on the phase-out list) is allowed."""
    assert check_pair(law, told).label == "conflict"
    assert check_pair(told, law).label == "conflict"


@pytest.mark.parametrize("law,told", [(_BANNED, _SHOP_KEEPS_SELLING), (_PHASE_OUT, _STILL_IMPORTS)])
def test_category_name_switch_off_restores_the_miss(law, told, monkeypatch):
    monkeypatch.setattr(modals, "CATEGORY_NP", False)
    _clear()
    assert check_pair(law, told).label != "conflict"


def test_list_finding_quotes_the_item_the_retelling_names(monkeypatch):
    """D21-077: items 4 and 5 of the list both share words with the shop's rule; the finding quotes item 5 (the
    phase-out list, named at length), not the first item that shares "phương tiện, thiết bị"."""
    r = check_pair(_BANNED, _SHOP_KEEPS_SELLING)
    assert "sản xuất, nhập khẩu, lưu thông" in r.explanation
    assert "Sản xuất, nhập khẩu, lưu thông" in _BANNED.text[r.spans_a[-1][0] : r.spans_a[-1][1]]
    monkeypatch.setattr(meaning, "BEST_ITEM", False)
    _clear()
    assert "cố ý cung cấp thông tin" in check_pair(_BANNED, _SHOP_KEEPS_SELLING).explanation


def test_shop_that_keeps_the_ban_stays_consistent():
    """D21-038: the shop restates the ban on the same list: no clash."""
    assert check_pair(_BANNED, _SHOP_STOPS).label == "no_conflict"


# Khoản 1 Điều 4 Thông tư số 29/2024/TT-BGDĐT against a provincial decision (D5-022)
_NO_EXTRA_CLASSES = _side(
    "Không tổ chức dạy thêm đối với học sinh tiểu học, trừ các trường hợp: bồi dưỡng về nghệ thuật, thể dục thể thao, "
    "rèn luyện kỹ năng sống.", "Thông tư", "29/2024/TT-BGDĐT", "Bộ Giáo dục và Đào tạo", "2024-12-30", "2025-02-14")
_SCHOOLS_MAY_TEACH = _side(
    "Các trường tiểu học được tổ chức dạy thêm môn Toán, Tiếng Việt vào buổi chiều cho học sinh có nhu cầu; mức thu do "
    "nhà trường thỏa thuận với cha mẹ học sinh.", "Quyết định", "08/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Hải Dương",
    "2025-03-15", "2025-04-01")


def test_organise_an_activity_is_a_permission():
    """"được tổ chức dạy thêm" permits organising classes; "được tổ chức tín dụng chấp thuận" stays a passive."""
    an = analyze(_SCHOOLS_MAY_TEACH.text)
    assert [m.kind for m in an.modals] == ["permit"]
    assert an.modals[0].action_text.startswith("tổ chức dạy thêm môn toán")
    assert not analyze("Khoản vay được tổ chức tín dụng chấp thuận trong thời hạn 05 ngày.").modals


def test_organised_extra_classes_clash_with_the_ban():
    """D5-022: the circular bans extra classes for primary pupils but for arts, sport and life skills; the province lets
    primary schools organise extra Maths and Vietnamese classes."""
    assert check_pair(_NO_EXTRA_CLASSES, _SCHOOLS_MAY_TEACH).label == "conflict"


def test_organise_switch_off_restores_the_miss(monkeypatch):
    monkeypatch.setattr(modals, "ORGANISE_EVENT", False)
    _clear()
    assert check_pair(_NO_EXTRA_CLASSES, _SCHOOLS_MAY_TEACH).label != "conflict"
    assert not analyze(_SCHOOLS_MAY_TEACH.text).modals


def test_the_law_own_exception_stays_consistent():
    """A school organising arts classes is the circular's own exception."""
    told = _side("Các trường tiểu học được tổ chức dạy thêm về nghệ thuật, thể dục thể thao vào buổi chiều cho học sinh "
                 "có nhu cầu.", "Quyết định", "08/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Hải Dương", "2025-03-15",
                 "2025-04-01")
    assert check_pair(_NO_EXTRA_CLASSES, told).label != "conflict"
