"""Conflict checker: the readings added after the blind set dev18 (h-conf18). Each on real provisions (the Pháp điển
subset, ALQAC) against retellings, with the hard negatives it must leave alone; each test fails with its switch off."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair, fees, meaning, polarity
from assistant.conflicts.analysis import _exception_covers
from assistant.records import ConflictSide
from conflict_sets import pair_label


def _side(text: str, doc_type: str = "Văn bản", number: str | None = None,
          issuer: str = "Trang hỏi đáp pháp luật") -> ConflictSide:
    return ConflictSide(text=text, citation=f"Điều 4 {doc_type} {number or ''}".strip(), doc_type=doc_type,
                        number=number, issuer=issuer)


def _norms(text: str) -> list[tuple[str, str]]:
    x = analyze(text)
    return [(n.kind, x.lc[n.span[0] : n.span[1]]) for n in polarity._norms(x)]


# --------------------------------------------------------------------------------------- list bans and exemptions

# Điều 4 Nghị định số 34/2014/NĐ-CP as the Pháp điển subset writes it (one item a line)
_BORDER = ("Các hành vi bị nghiêm cấm trong khu vực biên giới đất liền\n"
           "1. Làm hư hỏng, hủy hoại, xê dịch hoặc mất mốc quốc giới, dấu hiệu nhận biết đường biên giới, các biển báo "
           "“khu vực biên giới”, “vành đai biên giới”, “vùng cấm”, công trình biên giới.\n"
           "4. Vượt biên giới làm ruộng, rẫy, săn bắn, chăn thả gia súc.\n"
           "6. Bắn súng qua biên giới, gây nổ, chặt phá và đốt cây khai hoang trong vành đai biên giới.\n"
           "7. Quay phim, chụp ảnh, ghi âm, đo, vẽ cảnh vật ở những nơi có biển cấm trong khu vực biên giới đất liền.")


def _border_law() -> ConflictSide:
    return _side("Điều 4. Các hành vi bị nghiêm cấm trong khu vực biên giới đất liền:\n" + _BORDER.split("\n", 1)[1],
                 "Nghị định", "34/2014/NĐ-CP", "Chính phủ")


def test_list_ban_item_against_a_permission_for_that_act():
    told = _side("Hộ gia đình có đất sát vành đai biên giới được đốt nương, phát rẫy để khai hoang sau khi báo với "
                 "trưởng bản.", issuer="Ban Điều hành bản")
    assert check_pair(_border_law(), told).label == "conflict"
    # the retelling restates the ban on the item ("… không để gia súc vượt sang bên kia biên giới")
    same = _side("Người dân được chăn thả gia súc trên đất canh tác của mình phía Việt Nam trong khu vực biên giới, "
                 "nhưng không để gia súc vượt sang bên kia biên giới.")
    assert check_pair(_border_law(), same).label == "no_conflict"


def test_list_ban_quoted_inline(monkeypatch):
    # items of the article quoted on one line, as guides and decisions quote them: a provision this short is one clause
    # unit, so before this reading no check saw the ban on the items (one item a line, or a long provision, is split
    # into lead + item units and compared item by item by the meaning check)
    law = _side("Các hành vi bị nghiêm cấm trong khu vực biên giới đất liền: " + " ".join(_BORDER.split("\n")[2:]),
                "Nghị định", "34/2014/NĐ-CP", "Chính phủ")
    assert len(law.text) < 400
    told = _side("Hộ gia đình có đất sát vành đai biên giới được đốt nương, phát rẫy để khai hoang sau khi báo với "
                 "trưởng bản.", issuer="Ban Điều hành bản")
    assert check_pair(law, told).label == "conflict"
    monkeypatch.setattr(meaning, "LIST_ITEM_CHECK", False)
    assert check_pair(law, told).label == "no_conflict"


def test_list_exemption_item_against_an_obligation():
    # khoản 3 Điều 52 Luật Tài nguyên nước 28/2023/QH15 (ALQAC)
    law = _side("Tổ chức, cá nhân không phải kê khai, cấp phép khai thác tài nguyên nước và đăng ký khai thác, sử dụng "
                "tài nguyên nước trong các trường hợp sau đây:\na) Khai thác nước cho các hoạt động văn hóa, tôn giáo, "
                "tín ngưỡng, phòng cháy, chữa cháy, phục vụ mục đích quốc phòng và an ninh, tưới cây và rửa đường phục "
                "vụ mục đích công cộng;\nđ) Khai thác nước biển để sử dụng cho sản xuất muối;\ne) Khai thác nước biển "
                "phục vụ các hoạt động trên biển;", "Luật", "28/2023/QH15", "Quốc hội")
    salt = _side("Diêm dân khai thác nước biển để làm muối phải đăng ký khai thác với Ủy ban nhân dân xã trước mỗi vụ.")
    city = _side("Công ty cấp nước khai thác nước sông để cung cấp nước sinh hoạt cho thị trấn phải có giấy phép "
                 "khai thác nước mặt.")
    assert check_pair(law, salt).label == "conflict"
    assert check_pair(law, city).label == "no_conflict"  # not a listed case (only "khai thác nước" is shared)


@pytest.mark.parametrize("pair_id,label", [
    ("D18-048", "conflict"),  # "… đốt cây khai hoang trong vành đai biên giới" / "được đốt nương … để khai hoang"
    ("D18-075", "conflict"),  # "người vi phạm kỷ luật bị tước danh hiệu quân nhân" / "… cũng được công nhận là CCB"
    ("D18-094", "conflict"),  # "không phải … đăng ký …: đ) khai thác nước biển … muối" / "phải đăng ký khai thác"
    ("D17-088", "conflict"),  # "không được làm Trọng tài viên: … công chức thuộc Tòa án nhân dân" / "Thẩm phán TAND …"
    ("D17-089", "no_conflict"),  # a retired judge: only "thẩm phán" shared
    ("D6-051", "no_conflict"),  # a short item is named whole or not at all: "dịch vụ đòi nợ" ≠ "dịch vụ mua bán nợ"
    ("D18-053", "no_conflict"),  # the retelling restates the ban on the item
    ("D18-074", "no_conflict"),  # "chưa được xoá án tích" / "đã được xóa án tích" (old and new tone placement)
    ("D18-096", "no_conflict"),
    ("D12-062", "no_conflict"),  # the item's own "trừ … trả lương cho người lao động"
])
def test_list_item_pairs(pair_id, label):
    assert pair_label(pair_id) == label


# ------------------------------------------------------------------------------- "vẫn + verb", "<body> không <verb>"

def test_still_doing_is_a_permission():
    assert ("permit", "vẫn") in _norms("Khi hội đã nộp đơn khiếu nại quyết định giải thể thì hội vẫn tiếp tục hoạt động "
                                       "bình thường cho đến khi có quyết định giải quyết khiếu nại.")
    assert _norms("Các lần xử lý dữ liệu đã thực hiện trước đó vẫn hợp lệ.") == []  # a state
    assert ("permit", "vẫn") not in _norms("Hợp đồng thuê nhà giao kết qua email vẫn có giá trị như hợp đồng ký trên giấy.")
    assert ("permit", "vẫn") not in _norms("Uống một ly bia nhỏ rồi lái xe máy không bị coi là vi phạm nếu người lái vẫn "
                                           "tỉnh táo.")


def test_still_doing_switch(monkeypatch):
    monkeypatch.setattr(polarity, "STILL_DOES", False)
    assert ("permit", "vẫn") not in _norms("Tài xế có giấy phép lái xe đã bị trừ hết điểm vẫn tiếp tục chạy xe đưa đón "
                                           "công nhân.")


def test_licence_points_deducted_is_no_exception_and_still_driving_clashes():
    # khoản 3 Điều 58 Luật Trật tự, an toàn giao thông đường bộ 2024 (dev15) against a company's rule
    law = analyze("Trường hợp giấy phép lái xe bị trừ hết điểm thì người có giấy phép lái xe không được điều khiển "
                  "phương tiện tham gia giao thông đường bộ theo giấy phép lái xe đó.")
    told = analyze("Tài xế có giấy phép lái xe đã bị trừ hết điểm vẫn tiếp tục chạy xe đưa đón công nhân.")
    assert law.exceptions == ()  # "bị trừ hết điểm" (deducted) opens no exception
    assert analyze("Chủ đầu tư được hoàn trả tiền đặt cọc sau khi trừ chi phí tổ chức đấu giá.").exceptions == ()
    assert analyze("Người lao động được nghỉ, trừ trường hợp có thỏa thuận khác.").exceptions != ()
    assert _exception_covers(law, told, told.lc) is None
    assert pair_label("D15-015") == "conflict"
    assert pair_label("D15-014") == "conflict"  # "06 tháng" / "03 tháng" after the points are deducted


def test_a_body_that_does_not_do_something_states_a_ban():
    assert ("prohibit", "không") in _norms("Đồn Biên phòng không tiếp nhận hồ sơ giấy.")
    assert ("prohibit", "không") in _norms("Ủy ban nhân dân phường không giải quyết yêu cầu chứng thực chữ ký của người "
                                           "không cư trú trên địa bàn phường.")
    # a person's case, an ability, a fact: no norm
    assert _norms("Người yêu cầu chứng thực không ký được thì điểm chỉ vào hợp đồng thay cho chữ ký.") == []
    assert ("prohibit", "không") not in _norms("Việc không tham gia không ảnh hưởng đến việc bình xét gia đình văn hóa.")
    assert pair_label("D18-057") == "conflict"  # "có thể lựa chọn … thủ công" / "Đồn Biên phòng không tiếp nhận hồ sơ giấy"
    for pid in ("D18-041", "D7-059", "D16-061"):
        assert pair_label(pid) == "no_conflict"


def test_body_refusal_switch(monkeypatch):
    monkeypatch.setattr(polarity, "SUBJECT_NOT", False)
    assert ("prohibit", "không") not in _norms("Đồn Biên phòng không tiếp nhận hồ sơ giấy.")


# ------------------------------------------------------------------------------------ exceptions, negations, fees

def test_exception_case_ends_at_thi():
    # khoản 2 Điều 6 Nghị định số 23/2015/NĐ-CP: what is done in the exception's case is not the case
    law = _side("Cơ quan, tổ chức tiếp nhận bản sao được cấp từ sổ gốc, bản sao có chứng thực thì không được yêu cầu "
                "xuất trình bản chính, trừ trường hợp có căn cứ về việc bản sao giả mạo, bất hợp pháp thì yêu cầu xuất "
                "trình bản chính để đối chiếu hoặc tiến hành xác minh, nếu thấy cần thiết.",
                "Nghị định", "23/2015/NĐ-CP", "Chính phủ")
    told = _side("Người nộp bản sao có chứng thực vẫn phải mang theo bản chính để cán bộ đối chiếu trước khi tiếp nhận "
                 "hồ sơ.")
    fake = _side("Khi có dấu hiệu bản sao có chứng thực bị làm giả, cán bộ tiếp nhận có thể đề nghị người nộp xuất trình "
                 "bản chính để đối chiếu hoặc gửi văn bản xác minh.")
    assert check_pair(law, told).label == "conflict"
    assert check_pair(law, fake).label == "no_conflict"  # the exception's own case


def test_negated_condition_with_filler_word():
    # khoản 2 Điều 8 Thông tư số 05/2015/TT-BTTTT: "không có sự thay đổi về nội dung" vs "có thay đổi nội dung"
    assert pair_label("D18-082") == "no_conflict"


def test_failure_to_pay_in_full_is_no_free_service():
    assert fees._FREE_RE.search("doanh nghiệp không nộp đủ tiền cấp quyền sử dụng tần số") is None
    assert fees._FREE_RE.search("người khuyết tật không phải trả tiền vé") is not None
    assert pair_label("D18-085") == "no_conflict"
