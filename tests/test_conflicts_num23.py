"""Conflict checker, numeric recall on formal pairs (h-num23): a Luật and its Nghị định or Thông tư that state one
matter in other words with other values are compared by meaning (``pair._formal_pair``), and the hard negatives
that differ by one swapped subject word stay apart (``numeric._subject_swap``: "nơi thường trú" / "nơi tạm trú",
"nghề luật sư" / "nghề Thừa phát lại"), as do a clause naming another procedure or a case by reference
(``numeric._formal_case``) and two clauses that share few words. Real pairs of the labelled dev sets; each gold
conflict is missed with ``FORMAL_MEANING`` off (the code before h-num23)."""

from __future__ import annotations

import pytest

from assistant.conflicts import numeric, pair as pair_mod
from assistant.conflicts.analysis import analyze

from conflict_sets import clear_parses as _clear, pair_label


pytestmark = pytest.mark.usefixtures("fresh_parses")  # parses are cached by text: cleared around each test


# D6-063: Luật Thủy sản "Tàu cá có chiều dài lớn nhất từ 15 mét trở lên phải lắp đặt thiết bị giám sát hành trình" /
# a decree "Các tàu cá dài từ 12 m trở lên bắt buộc phải gắn thiết bị giám sát hành trình …"; D-161: Luật Cư trú "tại
# địa điểm không phải nơi thường trú … từ 30 ngày trở lên" / a circular "tại chỗ ở hợp pháp ngoài nơi thường trú … từ
# 15 ngày trở lên"; D7-007: Luật Doanh nghiệp "trong thời hạn 90 ngày kể từ ngày được cấp Giấy chứng nhận đăng ký
# doanh nghiệp" / "sáu tháng kể từ ngày được cấp …"; D8-009: "Trong thời hạn 10 ngày kể từ ngày đối thoại, nội dung kết
# luận đối thoại phải được công khai …" / "… chậm nhất hai mươi ngày sau buổi đối thoại"; D6-057: "Bên mua bảo hiểm có
# thời gian cân nhắc 21 ngày …" / "Khách hàng mua bảo hiểm nhân thọ có quyền hủy hợp đồng … trong vòng 15 ngày …"
PARAPHRASED = ["D6-063", "D-161", "D7-007", "D8-009", "D6-057"]
# one subject word swapped ("nơi thường trú mới" / "nơi tạm trú mới"; "trường trung học cơ sở" / "trường trung học phổ
# thông chuyên"; "nghề luật sư" / "nghề Thừa phát lại"; "Dân quân tự vệ tại chỗ …" / "dân quân thường trực"; "cấp thẻ
# căn cước" / "cấp giấy chứng nhận căn cước …"; "thiết bị giám sát hành trình" / "thiết bị thông tin liên lạc tầm xa"),
# another procedure ("quyết định cấp đổi hoặc cấp lại Giấy xác nhận khuyết tật"), a case by reference ("Đối với ngành,
# nghề, công việc đặc thù quy định tại điểm d khoản 1 Điều 35 …") and a definition against a benefit sharing few words
# (D6-053: "Người cao tuổi … từ đủ 60 tuổi" / "Người từ đủ 80 tuổi trở lên không có lương hưu … được hưởng trợ cấp")
SWAPPED = ["D8-041", "D7-048", "D9-036", "D6-070", "D-110", "D6-064", "D9-014", "D-201", "D6-053"]


@pytest.mark.parametrize("pid", PARAPHRASED)
def test_formal_pair_told_otherwise_is_compared_by_meaning(pid, monkeypatch):
    assert pair_label(pid) == "conflict"
    monkeypatch.setattr(pair_mod, "FORMAL_MEANING", False)
    _clear()
    assert pair_label(pid) == "no_conflict"


@pytest.mark.parametrize("pid", SWAPPED)
def test_swapped_subject_stays_apart(pid):
    assert pair_label(pid) == "no_conflict"


def _swap(a: str, b: str) -> bool:
    xa, xb = analyze(a), analyze(b)
    return numeric._subject_swap(xa, (0, len(xa.lc)), xb, (0, len(xb.lc)))


def test_subject_swap_reading():
    assert _swap("Cơ quan đăng ký cư trú cập nhật thông tin về nơi thường trú mới trong thời hạn 07 ngày làm việc.",
                 "Cơ quan đăng ký cư trú cập nhật thông tin về nơi tạm trú mới trong thời hạn 03 ngày làm việc.")
    assert _swap("Số học sinh tối đa của một lớp ở trường trung học cơ sở là 45 học sinh.",
                 "Mỗi lớp học ở trường trung học phổ thông chuyên có không quá 35 học sinh.")
    # a verb told otherwise after a particle, a party named otherwise before a shared verb, the values themselves
    assert not _swap("Tàu cá có chiều dài lớn nhất từ 15 mét trở lên phải lắp đặt thiết bị giám sát hành trình.",
                     "Các tàu cá dài từ 12 m trở lên bắt buộc phải gắn thiết bị giám sát hành trình.")
    assert not _swap("Bên mua bảo hiểm có thời gian cân nhắc 21 ngày.", "Khách hàng mua bảo hiểm có thời gian cân nhắc 15 ngày.")
    assert not _swap("Người cao tuổi là công dân Việt Nam từ đủ 60 tuổi trở lên.",
                     "Người cao tuổi là công dân Việt Nam từ đủ sáu mươi lăm tuổi trở lên.")


def test_formal_pair_scope():
    from assistant.records import ConflictSide

    law = ConflictSide(text="Tàu cá có chiều dài lớn nhất từ 15 mét trở lên phải lắp đặt thiết bị giám sát hành trình.",
                       citation="Điều 46 Luật Thủy sản", doc_type="Luật", number="18/2017/QH14")
    decree = ConflictSide(text="Các tàu cá dài từ 12 m trở lên bắt buộc phải gắn thiết bị giám sát hành trình.",
                          citation="Điều 44 Nghị định 26/2019/NĐ-CP", doc_type="Nghị định", number="26/2019/NĐ-CP")
    other_law = law.model_copy(update={"number": "19/2017/QH14", "citation": "Điều 1 Luật khác"})
    assert pair_mod._formal_pair(law, decree)
    assert not pair_mod._formal_pair(law, law)  # one document
    assert not pair_mod._formal_pair(law, other_law)  # two texts of one rank (measured only between ranks)
    guide = decree.model_copy(update={"doc_type": "Sổ tay", "number": None})
    assert not pair_mod._formal_pair(law, guide)  # a retelling has its own fallback
