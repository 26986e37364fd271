"""Conflict checker: the classes fixed after pooling dev…dev16 (h-conf16) — a template swap is a slot at the same place
of one template (a retelling that reorders the law's words or tells a verb otherwise is compared by meaning), and the
number of extensions a term allows ("gia hạn hai lần", "chỉ được gia hạn một lần", "gia hạn nhiều lần", "không giới
hạn số lần gia hạn", "không được gia hạn"). Each mechanism on pairs the checker missed and on hard negatives it must
leave alone."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze
from conflict_sets import pair_label


def _q(text: str) -> list[tuple[str, float, str, str]]:
    return [(q.raw, q.hi, q.cat, q.bound) for q in analyze(text).quantities]


# ----------------------------------------------------------------------------------------------- template slot

@pytest.mark.parametrize("pair_id", ["D16-017", "D4-014", "D13-021", "D14-083"])
def test_retelling_with_reordered_or_other_verb_is_compared_by_meaning(pair_id):
    # "Thời hạn cai nghiện ma túy bắt buộc đối với người nghiện … từ 12 tháng đến 24 tháng" / "Người nghiện ma túy từ
    # đủ 18 tuổi bị đưa vào cơ sở cai nghiện bắt buộc trong thời gian từ 6 tháng đến 12 tháng"; "thẩm định" / "thẩm
    # duyệt"; "thông báo" / "nộp": the swapped words follow differently worded openings
    assert pair_label(pair_id) == "conflict"


@pytest.mark.parametrize("pair_id", ["D2-058", "D15-086", "D6-022"])
def test_template_with_a_swapped_subject_is_still_two_subjects(pair_id):
    # "Hội đồng thành viên …" / "Ban kiểm soát …", "Kinh phí công đoàn …" / "Đoàn viên công đoàn đóng đoàn phí …",
    # "Công dân nữ …" / "Công dân nam …": the slot opens both clauses
    assert pair_label(pair_id) == "no_conflict"


# ----------------------------------------------------------------------------------------------- renewal counts

def test_number_of_extensions_is_read():
    assert ("gia hạn hai lần", 2.0, "count:gia hạn", "max") in _q(
        "Bằng độc quyền có thể gia hạn hai lần liên tiếp, mỗi lần năm năm.")
    assert ("gia hạn một lần", 1.0, "count:gia hạn", "max") in _q("Văn bằng chỉ được gia hạn một lần duy nhất.")
    assert ("hai lần gia hạn", 2.0, "count:gia hạn", "max") in _q("Tối đa 15 năm: 05 năm đầu và hai lần gia hạn.")
    assert ("gia hạn, nhưng không quá hai lần", 2.0, "count:gia hạn", "max") in _q(
        "Doanh nghiệp đề nghị Thẩm phán gia hạn, nhưng không quá hai lần, mỗi lần không quá 30 ngày.")
    assert ("không được gia hạn", 0.0, "count:gia hạn", "max") in _q("Sáng chế được bảo hộ 20 năm và không được gia hạn.")
    many = [x for x in _q("Giấy phép có thể được gia hạn nhiều lần, mỗi lần tối đa 02 năm.") if x[2] == "count:gia hạn"]
    unlimited = [x for x in _q("Người dân được gia hạn, không hạn chế số lần gia hạn.") if x[2] == "count:gia hạn"]
    assert many and unlimited and many[0][1] == unlimited[0][1] > 100
    # a frequency or an ordinal is no number of extensions
    assert all(x[2] != "count:gia hạn" for x in _q("Cơ quan thuế gia hạn nộp thuế một lần trong năm."))
    assert all(x[2] != "count:gia hạn" for x in _q("Hồ sơ gia hạn lần thứ hai phải nộp trước 15 ngày."))


@pytest.mark.parametrize("pair_id", ["D16-003", "D16-008", "D16-104", "D8-017", "D7-004", "D12-054"])
def test_other_number_of_extensions_clashes(pair_id):
    # "gia hạn nhiều lần" / "chỉ được gia hạn một lần duy nhất"; "hai lần" / "không giới hạn số lần"; "chỉ được gia
    # hạn một lần" / "nhiều lần"; "hai lần" / "tối đa ba lần" (also after a long object or "gia hạn, nhưng không quá")
    assert pair_label(pair_id) == "conflict"


@pytest.mark.parametrize("pair_id", ["D16-002", "D16-007", "D7-042", "D7-037"])
def test_same_number_of_extensions_told_otherwise_is_no_conflict(pair_id):
    # "nhiều lần" / "không bị giới hạn số lần gia hạn"; "gia hạn hai lần" / "hai lần gia hạn"; "không quá 03 lần" /
    # "tối đa ba lần"
    assert pair_label(pair_id) == "no_conflict"


# ----------------------------------------------------------------------------------------------- filed with a body

@pytest.mark.parametrize("pair_id", ["D13-025", "D13-045"])
def test_matter_sent_to_another_body_is_a_competence_clash(pair_id):
    # "khiếu nại đến Chánh án Tòa án nhân dân cấp tỉnh" / "gửi đơn khiếu nại lần đầu đến Chánh án Tòa án nhân dân cấp
    # cao"; "nộp hồ sơ đến Sở Tư pháp" / "gửi hồ sơ đến Văn phòng Ủy ban nhân dân tỉnh"
    assert pair_label(pair_id) == "conflict"


def test_another_step_at_another_body_is_no_competence_clash():
    # the work permit from the Sở, then the residence card at the immigration office: two steps, two bodies
    assert pair_label("D16-101") == "no_conflict"


# ----------------------------------------------------------------------------------------------- a range told as a bound

def test_retold_ceiling_above_the_laws_range_clashes():
    # "từ 06 tháng đến 12 tháng" (the law) / "có thể phải ở cơ sở cai nghiện bắt buộc tới 24 tháng" (a school's talk)
    assert pair_label("D16-019") == "conflict"


@pytest.mark.parametrize("pair_id", ["D12-036", "D16-018"])
def test_retold_bound_inside_or_beside_the_laws_range_is_no_conflict(pair_id):
    # "suy giảm … từ 5% đến 30%" / "từ 31% trở lên": the next band, not a floor below the law's; "từ 12 tháng đến 24
    # tháng" / "tối thiểu một năm, tối đa hai năm"
    assert pair_label(pair_id) == "no_conflict"
