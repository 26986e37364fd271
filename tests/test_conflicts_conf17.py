"""Conflict checker: the classes fixed after pooling dev…dev17 (h-conf17). Each reading on pairs the checker missed and
on hard negatives it must leave alone."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair
from assistant.records import ConflictSide
from conflict_sets import pair_label


def _q(text: str) -> list[tuple[str, float, str, str]]:
    return [(q.raw, q.hi, q.cat, q.bound) for q in analyze(text).quantities]


def _side(text: str, doc_type: str = "Văn bản", number: str | None = None,
          issuer: str = "Trang hỏi đáp pháp luật") -> ConflictSide:
    return ConflictSide(text=text, citation=f"Điều 3 {doc_type} {number or ''}".strip(), doc_type=doc_type,
                        number=number, issuer=issuer)


# ----------------------------------------------------------------------------------------------- people counted

def test_people_counted_under_a_role_noun_or_as_people_are_one_quantity():
    assert ("năm thành", 5.0, "count:người", "min") in _q(
        "Hội có phạm vi hoạt động trong tỉnh, có ít nhất năm thành viên ban vận động thành lập hội.")
    assert ("ba người", 3.0, "count:người", "min") in _q(
        "Đối với hội hoạt động trong phạm vi tỉnh, ban vận động thành lập hội chỉ cần có ba người là đủ.")
    assert ("năm mươi công", 50.0, "count:người", "min") in _q("Hội có ít nhất năm mươi công dân trong tỉnh đăng ký.")
    assert ("03 sáng", 3.0, "count:người", "min") in _q("Ban sáng lập quỹ phải có ít nhất 03 sáng lập viên.")
    # a small number in words without a limit word, or "một", is no count ("một người", "hai bên", "ít nhất một")
    assert _q("Một người được chở hai người trên xe.") == []
    assert _q("Phòng công chứng phải có ít nhất một công chứng viên.") == []


def test_law_count_against_its_retelling_in_other_nouns():
    law = _side("Hội có phạm vi hoạt động trong tỉnh, có ít nhất năm thành viên ban vận động thành lập hội.",
                "Thông tư", "03/2013/TT-BNV", "Bộ Nội vụ")
    told = _side("Đối với hội hoạt động trong phạm vi tỉnh, ban vận động thành lập hội chỉ cần có ba người là đủ.")
    same = _side("Ban vận động thành lập hội cấp tỉnh gồm ít nhất năm người.")
    assert check_pair(law, told).label == "conflict"
    assert check_pair(law, same).label == "no_conflict"


@pytest.mark.parametrize("pair_id", ["D3-008", "D17-001", "D17-005"])
def test_people_counts_pairs(pair_id):
    # "ít nhất hai công chứng viên hợp danh" / "tối thiểu là 03 người"; "năm mươi công dân" / "ba mươi người";
    # "ít nhất năm thành viên ban vận động" / "chỉ cần có ba người"
    assert pair_label(pair_id) == "conflict"


def test_other_office_with_one_in_words_stays_apart():
    assert pair_label("D3-027") == "no_conflict"  # "Văn phòng công chứng … hai" / "Phòng công chứng … một"


# ----------------------------------------------------------------------------------------------- law reservation

def test_special_law_reservation_is_no_case_a_retelling_covers():
    law = _side("Trừ trường hợp luật chuyên ngành có quy định khác, thời hiệu khởi kiện theo thủ tục trọng tài là 02 năm, "
                "kể từ thời điểm quyền và lợi ích hợp pháp bị xâm phạm.", "Luật", "54/2010/QH12", "Quốc hội")
    told = _side("Bên bị vi phạm hợp đồng có ba năm kể từ ngày quyền lợi bị xâm phạm để khởi kiện tại trung tâm trọng tài.")
    same = _side("Thời hiệu khởi kiện theo thủ tục trọng tài là hai mươi bốn tháng kể từ khi quyền và lợi ích hợp pháp bị "
                 "xâm phạm.")
    assert check_pair(law, told).label == "conflict"
    assert check_pair(law, same).label == "no_conflict"
    assert pair_label("D17-081") == "conflict"


def test_a_case_exception_still_covers_the_other_text():
    # "trừ trường hợp các bên có thỏa thuận khác" names a case; a contract clause agreeing otherwise is that case
    law = _side("Trừ trường hợp các bên có thỏa thuận khác hoặc quy tắc tố tụng của Trung tâm trọng tài có quy định khác, "
                "trong thời hạn 30 ngày, kể từ ngày nhận được đơn khởi kiện, bị đơn phải gửi cho Trung tâm trọng tài bản "
                "tự bảo vệ.", "Luật", "54/2010/QH12", "Quốc hội")
    rule = _side("Theo quy tắc tố tụng trọng tài của Trung tâm, bị đơn gửi bản tự bảo vệ trong thời hạn 20 ngày kể từ ngày "
                 "nhận được đơn khởi kiện.", "Văn bản", None, "Trung tâm Trọng tài thương mại Phương Nam")
    assert check_pair(law, rule).label == "no_conflict"


# ----------------------------------------------------------------------------------------------- a numbered guide

def test_numbered_guide_of_a_department_is_a_retelling():
    from assistant.conflicts.retelling import _plain_retelling
    guide = ConflictSide(text="…", citation="Mục 2 Hướng dẫn công tác quản lý lễ hội năm 2025", doc_type="Văn bản",
                         number="12/HD-PVHTT", issuer="Phòng Văn hóa và Thông tin huyện Gia Lộc")
    decision = ConflictSide(text="…", citation="Điều 2 Quyết định số 1420/QĐ-UBND", doc_type="Văn bản",
                            number="1420/QĐ-UBND", issuer="Ủy ban nhân dân tỉnh Hậu Giang")
    assert _plain_retelling(guide)
    assert not _plain_retelling(decision)
    # "chậm nhất là 20 ngày trước ngày tổ chức lễ hội" / the guide's "trước ngày khai hội ít nhất 10 ngày"
    assert pair_label("D16-054") == "conflict"


# ----------------------------------------------------------------------------------------------- "chỉ cần … là đủ"

def test_values_of_a_sufficient_condition_are_floors():
    assert ("03 năm", 1080.0, "duration", "min") in _q(
        "Chỉ cần tốt nghiệp đại học và có 03 năm kinh nghiệm làm việc theo ngành là có thể được chọn làm trọng tài viên.")
    # without "là đủ/được/có thể" after the value the clause states no sufficient condition
    assert ("03 năm", 1080.0, "duration", "eq") in _q("Chỉ cần tốt nghiệp đại học; hợp đồng thử việc kéo dài 03 năm.")
    law = _side("Trọng tài viên phải có trình độ đại học và đã qua thực tế công tác theo ngành đã học từ 05 năm trở lên.",
                "Luật", "54/2010/QH12", "Quốc hội")
    told = _side("Chỉ cần tốt nghiệp đại học và có 03 năm kinh nghiệm làm việc theo ngành là có thể được chọn làm trọng "
                 "tài viên.")
    assert check_pair(law, told).label == "conflict"


# ----------------------------------------------------------------------------------------------- period after the noun

def test_period_after_the_noun_of_hours():
    q = analyze("Kiểm toán viên của Công ty phải tham dự đủ 24 giờ cập nhật kiến thức mỗi năm để tiếp tục hành nghề.").quantities
    assert [(x.cat, x.hi, x.bound, x.period) for x in q] == [("hour", 24.0, "min", "năm")]
    # a deadline in hours is still a number of days
    q = analyze("Trong thời hạn 24 giờ kể từ khi nhận được đơn, cơ sở giam giữ phải chuyển đơn đến Viện kiểm sát.").quantities
    assert [(x.cat, x.hi) for x in q] == [("duration", 1.0)]
    # the law's 40 hours a year against a firm's 24 hours a year (D17-068)
    assert pair_label("D17-068") == "conflict"


# ----------------------------------------------------------------------------------------------- a postposed condition

def test_condition_after_the_main_clause_that_holds_the_value_is_the_rule_threshold():
    law = _side("Kê khai bổ sung được thực hiện khi người có nghĩa vụ kê khai có biến động về tài sản, thu nhập trong năm "
                "có giá trị từ 300.000.000 đồng trở lên.", "Luật", "36/2018/QH14", "Quốc hội")
    told = _side("Công chức có tài sản, thu nhập tăng thêm từ 500 triệu đồng trở lên trong năm thì thực hiện kê khai bổ sung.")
    same = _side("Người có tài sản, thu nhập biến động trong năm từ ba trăm triệu đồng trở lên thì phải kê khai bổ sung.")
    assert check_pair(law, told).label == "conflict"
    assert check_pair(law, same).label == "no_conflict"
    # "Nữ cán bộ … khi tham gia đào tạo, bồi dưỡng mang theo con dưới ba mươi sáu tháng tuổi" / "con dưới 24 tháng tuổi"
    assert pair_label("D14-069") == "conflict"


def test_preposed_case_still_names_a_special_case():
    # "đối với người lao động làm nghề … độc hại, … ít nhất 06 tháng một lần": the opener names a case the other text
    # lacks; a condition before the main clause keeps it apart (the guard this reading leaves alone)
    law = _side("Khi người lao động làm việc ban đêm, người sử dụng lao động phải bố trí cho họ nghỉ ít nhất 45 phút.",
                "Bộ luật", "45/2019/QH14", "Quốc hội")
    told = _side("Người lao động được nghỉ giữa giờ 30 phút.")
    assert check_pair(law, told).label == "no_conflict"


# ----------------------------------------------------------------------------------------------- a body and its head

def test_body_and_its_own_head_are_one_body():
    law = _side("Chủ tịch Ủy ban nhân dân cấp tỉnh cho phép thành lập; chia, tách; sáp nhập; hợp nhất; giải thể; đổi tên và "
                "phê duyệt điều lệ đối với hội có phạm vi hoạt động trong tỉnh.", "Nghị định", "45/2010/NĐ-CP", "Chính phủ")
    told = _side("Hồ sơ xin thành lập hội có phạm vi hoạt động trong tỉnh nộp tại Sở Nội vụ; Giám đốc Sở Nội vụ xem xét, ra "
                 "quyết định cho phép thành lập và phê duyệt điều lệ hội.")
    assert check_pair(law, told).label == "conflict"
    # a real list of bodies still names no single competent body
    listed = _side("Hồ sơ xin thành lập hội có phạm vi hoạt động trong tỉnh nộp tại Sở Nội vụ; Sở Tài chính và Sở Tư pháp "
                   "xem xét, ra quyết định cho phép thành lập và phê duyệt điều lệ hội.")
    assert check_pair(law, listed).label == "no_conflict"


def test_postposed_alternative_case_still_names_a_special_case():
    # Pháp điển batch: Luật 86/2015/QH13 Điều 40 against Thông tư 13/2018/TT-BTTTT Điều 4 (an import licence's term,
    # or the business licence's when that one has less than two years left): no clash with the business licence's term
    law = _side("Doanh nghiệp kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng phải có Giấy phép kinh doanh sản phẩm, "
                "dịch vụ an toàn thông tin mạng. Thời hạn của Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng "
                "là 10 năm.", "Luật", "86/2015/QH13", "Quốc hội")
    circ = _side("Thời hạn hiệu lực của Giấy phép nhập khẩu là 02 (hai) năm hoặc bằng thời hạn hiệu lực của Giấy phép kinh "
                 "doanh sản phẩm, dịch vụ an toàn thông tin mạng của doanh nghiệp trong trường hợp thời hạn hiệu lực của "
                 "Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng còn ít hơn 02 (hai) năm.",
                 "Thông tư", "13/2018/TT-BTTTT", "Bộ Thông tin và Truyền thông")
    assert check_pair(law, circ).label == "no_conflict"


def test_head_of_a_body_is_a_title_before_the_body():
    from assistant.conflicts.scope import _head_of
    assert _head_of("giám đốc sở nội vụ", "sở nội vụ")
    assert _head_of("chủ tịch ủy ban nhân dân cấp tỉnh", "ủy ban nhân dân cấp tỉnh")
    assert not _head_of("tòa án nhân dân cấp cao", "tòa án")
    assert not _head_of("viện kiểm sát nhân dân cấp cao", "cấp cao")
