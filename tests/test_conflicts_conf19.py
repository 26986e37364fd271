"""Conflict checker: the readings added after the blind set dev19 (h-conf19). Each on real provisions (ALQAC: Bộ luật
Dân sự 2015, Luật Trọng tài thương mại 2010, Luật Tố tụng hành chính 2015; the Pháp điển subset: Nghị định 30/2020/NĐ-CP
về công tác văn thư) against retellings, with the hard negatives it must leave alone; each test fails with its switch
off."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair, meaning, numeric, quantities
from assistant.records import ConflictSide

from conflict_sets import clear_parses as _clear


pytestmark = pytest.mark.usefixtures("fresh_parses")  # parses are cached by text: cleared around each test


def _law(text: str, doc_type: str, number: str) -> ConflictSide:
    return ConflictSide(text=text, citation=f"Điều 1 {doc_type} số {number}", doc_type=doc_type, number=number,
                        issuer="Quốc hội" if doc_type in ("Luật", "Bộ luật") else "Chính phủ")


def _told(text: str, issuer: str = "Trang hỏi đáp pháp luật") -> ConflictSide:
    return ConflictSide(text=text, citation="Bài hỏi đáp", doc_type="Văn bản", number=None, issuer=issuer)


# Điều 116 khoản 2 điểm a Luật Tố tụng hành chính 93/2015/QH13
_SUIT = _law("Thời hiệu khởi kiện đối với từng trường hợp được quy định như sau: a) 01 năm kể từ ngày nhận được hoặc biết "
             "được quyết định hành chính, hành vi hành chính, quyết định kỷ luật buộc thôi việc.", "Luật", "93/2015/QH13")
# Điều 206 khoản 1
_APPEAL = _law("Thời hạn kháng cáo đối với bản án của Tòa án cấp sơ thẩm là 15 ngày kể từ ngày tuyên án; đối với đương sự "
               "không có mặt tại phiên tòa hoặc không có mặt khi tuyên án mà có lý do chính đáng thì thời hạn kháng cáo "
               "tính từ ngày bản án được giao cho họ hoặc được niêm yết.", "Luật", "93/2015/QH13")


def test_a_worked_example_told_as_two_dates(monkeypatch):
    six_months = _told("Ví dụ: ông A nhận quyết định thu hồi đất ngày 10/3/2024 thì được khởi kiện ra Tòa án chậm nhất "
                       "đến ngày 10/9/2024; sau ngày này, Tòa án trả lại đơn vì hết thời hiệu.")
    one_year = _told("Ví dụ: bà B nhận quyết định xử phạt ngày 05/01/2024 thì có thể khởi kiện quyết định này đến hết "
                     "ngày 05/01/2025.")
    assert check_pair(_SUIT, six_months).label == "conflict"
    assert check_pair(_SUIT, one_year).label == "no_conflict"  # twelve months: the law's 01 năm
    fifteen = _told("Ví dụ: bản án sơ thẩm tuyên ngày 01/3 thì đương sự được kháng cáo đến hết ngày 16/3.")
    thirty = _told("Ví dụ: bản án sơ thẩm tuyên ngày 01/3 thì đương sự được kháng cáo đến hết ngày 31/3.")
    assert check_pair(_APPEAL, fifteen).label == "no_conflict"
    assert check_pair(_APPEAL, thirty).label == "conflict"
    q = [x for x in analyze(fifteen.text).quantities if x.cat == "duration"]
    assert q and q[0].hi == 15 and q[0].retold
    # "từ ngày … đến ngày …" without a last day told ("chậm nhất", "hết", "hạn") is a period, not a deadline
    assert not [x for x in analyze("Chương trình thực hiện từ ngày 01/3/2024 đến ngày 31/12/2024.").quantities
                if x.cat == "duration"]
    monkeypatch.setattr(quantities, "DATE_SPANS", False)
    _clear()
    assert check_pair(_SUIT, six_months).label == "no_conflict"


def test_a_date_span_is_compared_only_in_retold_pairs():
    q = [x for x in analyze("Người nhận quyết định ngày 10/3/2024 được khởi kiện chậm nhất đến ngày 10/9/2024.").quantities
         if x.cat == "duration"]
    assert q and numeric._retold_only_reading(q[0])


# Điều 18 khoản 1 Nghị định 30/2020/NĐ-CP (Pháp điển: Điều 42.1.NĐ.18)
_SEND = _law("Văn bản đi phải hoàn thành thủ tục tại Văn thư cơ quan và phát hành trong ngày văn bản đó được ký, chậm nhất "
             "là trong ngày làm việc tiếp theo. Văn bản khẩn phải được phát hành và gửi ngay sau khi ký văn bản.",
             "Nghị định", "30/2020/NĐ-CP")


def test_the_next_working_day_is_a_deadline_of_one_working_day(monkeypatch):
    three = _told("Văn bản đi được Văn thư phát hành trong thời hạn 03 ngày làm việc kể từ ngày lãnh đạo ký.",
                  "Ủy ban nhân dân huyện Yên Mỹ")
    same = _told("Văn bản đi được phát hành ngay trong ngày ký; văn bản ký cuối giờ được phát hành chậm nhất trong ngày "
                 "làm việc kế tiếp.", "Sở Tư pháp tỉnh Hòa Bình")
    assert check_pair(_SEND, three).label == "conflict"
    assert check_pair(_SEND, same).label == "no_conflict"
    # the day a filing counts as received is no deadline
    assert not analyze("Hồ sơ nộp sau 16 giờ 30 phút được tính là tiếp nhận vào ngày làm việc tiếp theo.").quantities[1:]
    monkeypatch.setattr(quantities, "NEXT_WORKDAY", False)
    _clear()
    assert check_pair(_SEND, three).label == "no_conflict"


# Điều 468 khoản 1 Bộ luật Dân sự 91/2015/QH13
_RATE = _law("Trường hợp các bên có thỏa thuận về lãi suất thì lãi suất theo thỏa thuận không được vượt quá 20%/năm của "
             "khoản tiền vay, trừ trường hợp luật khác có liên quan quy định khác.", "Bộ luật", "91/2015/QH13")


def test_an_interest_rate_per_month_against_a_ceiling_per_year(monkeypatch):
    told = _told("Khi cá nhân cho nhau vay tiền, các bên được thỏa thuận lãi suất tối đa 2%/tháng.", "Công an phường Tân Phong")
    q = [x for x in analyze(told.text).quantities if x.cat == "percent"]
    assert q and q[0].hi == 24 and q[0].period == "năm"
    assert check_pair(_RATE, told).label == "conflict"
    # a rate per month outside an interest rate keeps its period
    assert [x.period for x in analyze("Tỷ lệ tăng trưởng bình quân đạt 2%/tháng.").quantities] == ["tháng"]
    monkeypatch.setattr(quantities, "RATE_PER_YEAR", False)
    _clear()
    assert check_pair(_RATE, told).label == "no_conflict"


# Điều 39 khoản 2 Luật Trọng tài thương mại 54/2010/QH12
_PANEL = _law("Trường hợp các bên không có thoả thuận về số lượng Trọng tài viên thì Hội đồng trọng tài bao gồm ba Trọng "
              "tài viên.", "Luật", "54/2010/QH12")


def test_a_count_told_by_composition_and_the_default_for_no_agreement(monkeypatch):
    one = _told("Nếu hợp đồng không nói gì về số lượng trọng tài viên thì tranh chấp sẽ do một Trọng tài viên duy nhất "
                "giải quyết để tiết kiệm chi phí.")
    agreed = _told("Các bên thỏa thuận tranh chấp phát sinh từ hợp đồng này do một Trọng tài viên duy nhất giải quyết.",
                   "Công ty TNHH Nông sản Tây Nguyên")
    three = _told("Khi các bên không thỏa thuận số trọng tài viên, Hội đồng trọng tài gồm 03 Trọng tài viên.")
    assert check_pair(_PANEL, one).label == "conflict"
    assert check_pair(_PANEL, agreed).label == "no_conflict"  # the parties' own agreement, which the law leaves to them
    assert check_pair(_PANEL, three).label == "no_conflict"
    # "một" with a role noun stays no count outside "chỉ (cần) một …" / "một … duy nhất" ("một Trọng tài viên khác")
    assert not analyze("Các Trọng tài viên bầu một Trọng tài viên khác làm Chủ tịch Hội đồng trọng tài.").quantities
    monkeypatch.setattr(numeric, "DEFAULT_RULE_COND", False)
    _clear()
    assert check_pair(_PANEL, one).label == "no_conflict"
    monkeypatch.setattr(numeric, "DEFAULT_RULE_COND", True)
    _clear()
    monkeypatch.setattr(numeric, "AGREED_CASE", False)
    assert check_pair(_PANEL, agreed).label == "conflict"
    monkeypatch.setattr(numeric, "AGREED_CASE", True)
    _clear()
    monkeypatch.setattr(quantities, "COUNT_TOLD", False)
    assert check_pair(_PANEL, one).label == "no_conflict"


def test_a_centre_rule_the_law_defers_to_stays_an_exception():
    # Điều 54 khoản 2: "nếu … quy tắc tố tụng của Trung tâm trọng tài không có quy định khác" — a centre's own rule with
    # another lead time is the law's exception, not a clash
    law = _law("Trường hợp các bên không có thoả thuận khác hoặc quy tắc tố tụng của Trung tâm trọng tài không có quy định "
               "khác, giấy triệu tập tham dự phiên họp phải được gửi cho các bên chậm nhất 30 ngày trước ngày mở phiên họp.",
               "Luật", "54/2010/QH12")
    centre = _told("Giấy triệu tập tham dự phiên họp được gửi cho các Bên chậm nhất 15 ngày trước ngày mở phiên họp, trừ khi "
                   "các Bên có thỏa thuận khác.", "Trung tâm Trọng tài Thương mại Tài chính")
    assert check_pair(law, centre).label == "no_conflict"


# Điều 630 khoản 5 Bộ luật Dân sự 91/2015/QH13
_ORAL = _law("Di chúc miệng được coi là hợp pháp nếu người di chúc miệng thể hiện ý chí cuối cùng của mình trước mặt ít nhất "
             "hai người làm chứng và ngay sau khi người di chúc miệng thể hiện ý chí cuối cùng, người làm chứng ghi chép "
             "lại, cùng ký tên hoặc điểm chỉ.", "Bộ luật", "91/2015/QH13")


def test_only_one_witness_and_a_postposed_if_holding_the_value(monkeypatch):
    one = _told("Chỉ cần một người làm chứng nghe và ghi lại lời trăng trối là di chúc miệng đã hợp pháp.")
    three = _told("Di chúc miệng được lập trước mặt ba người làm chứng, những người này ghi chép lại và cùng ký tên ngay "
                  "sau đó.", "Văn phòng công chứng Nguyễn Huệ")
    assert check_pair(_ORAL, one).label == "conflict"
    assert check_pair(_ORAL, three).label == "no_conflict"  # three witnesses: at least two
    monkeypatch.setattr(numeric, "COND_IF_HOLDS_VALUE", False)
    _clear()
    assert check_pair(_ORAL, one).label == "no_conflict"


# Điều 20 khoản 2 Luật Trọng tài thương mại 54/2010/QH12
_NOT_ARBITRATOR = _law("Những người có đủ tiêu chuẩn quy định tại khoản 1 Điều này nhưng thuộc một trong các trường hợp sau "
                       "đây không được làm Trọng tài viên: a) Người đang là Thẩm phán, Kiểm sát viên, Điều tra viên, Chấp "
                       "hành viên, công chức thuộc Toà án nhân dân, Viện kiểm sát nhân dân, Cơ quan điều tra, Cơ quan thi "
                       "hành án; b) Người đang là bị can, bị cáo, người đang chấp hành án hình sự hoặc đã chấp hành xong bản "
                       "án nhưng chưa được xóa án tích.", "Luật", "54/2010/QH12")


def test_a_role_named_in_an_enumerating_item(monkeypatch):
    serving = _told("Thẩm phán đang công tác vẫn có thể được Trung tâm mời làm Trọng tài viên kiêm nhiệm ngoài giờ hành chính.",
                    "Trung tâm Trọng tài Thương mại Đông Nam Á")
    retired = _told("Thẩm phán đã nghỉ hưu có đủ tiêu chuẩn có thể được mời làm Trọng tài viên của Trung tâm.",
                    "Trung tâm Trọng tài Thương mại Phía Nam")
    assert check_pair(_NOT_ARBITRATOR, serving).label == "conflict"
    assert check_pair(_NOT_ARBITRATOR, retired).label == "no_conflict"  # the head's "đang" is not told: another case
    monkeypatch.setattr(meaning, "LIST_MEMBERS", False)
    _clear()
    assert check_pair(_NOT_ARBITRATOR, serving).label == "no_conflict"
