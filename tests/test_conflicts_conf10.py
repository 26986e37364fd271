"""Conflict checker, helper h-conf10 (issue #6): opposite norms on one act named otherwise in a retelling, compared by
meaning (``polarity.detect_polarity``, the last rule of the meaning pass of a retold pair), and the norms written
without a modal marker that it reads. Pairs from the dev sets (real provisions against handbooks, internal rules,
provincial decisions), each missed by main of 28/11 (5f25209), and the hard negatives its guards keep quiet."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair
from assistant.conflicts import polarity as PO
from conflict_sets import pair, pair_label


def _kinds(text: str) -> list[str]:
    return [n.kind for n in PO._norms(analyze(text.lower()))]


def test_a_rule_opening_with_khong_is_a_ban():
    assert _kinds("Không tổ chức dạy thêm, học thêm đối với học sinh đã được nhà trường tổ chức dạy học 2 buổi/ngày.") \
        == ["prohibit"]
    assert "prohibit" in _kinds("Không sử dụng kết quả xét nghiệm do cơ sở ngoài Trung tâm thực hiện làm căn cứ kết luận "
                                "giám định.")


def test_not_deemed_a_violation_permits_the_act():
    assert _kinds("Uống một lon bia nhỏ rồi lái xe máy không bị coi là vi phạm nếu người lái vẫn tỉnh táo.") == ["permit"]


def test_cannot_is_a_ban_and_a_list_of_refused_requests_is_a_ban():
    assert _kinds("Khách hàng không thể yêu cầu đổi địa chỉ người nhận.") == ["prohibit"]
    assert _kinds("Các yêu cầu không được công ty chấp nhận bao gồm: chuyển tiếp bưu gửi đến địa chỉ mới.")[:1] \
        == ["prohibit"]


def test_receiving_a_benefit_is_no_permission():
    xa = analyze("hộ chiếu phổ thông cấp theo thủ tục rút gọn không được gia hạn.")
    xb = analyze("công dân bị mất hộ chiếu được cấp hộ chiếu phổ thông theo thủ tục rút gọn.")
    assert PO.detect_polarity(xa, xb) is None


@pytest.mark.parametrize("pair_id", ["D-178", "D4-020", "D5-003", "D5-020", "D6-032", "D7-021"])
def test_opposite_norms_on_an_act_named_otherwise(pair_id):
    r = pair(pair_id)
    c = check_pair(r["a"], r["b"])
    assert (c.label, c.kind) == ("conflict", "modality")


@pytest.mark.parametrize("pair_id", ["D-168", "D2-060", "D2-064", "D3-028", "D4-045", "D6-043", "D9-074"])
def test_guards_keep_hard_negatives_quiet(pair_id):
    # guards: each of these fired in an unguarded draft (other vehicle, other category, a case by permission or sign,
    # treated / untreated, a clause stating both norms, a benefit received); also no conflict on main
    assert pair_label(pair_id) == "no_conflict"


def test_off_switch_restores_the_rules_before(monkeypatch):
    from assistant.conflicts import meaning as ME
    r = pair("D6-032")
    monkeypatch.setattr(ME, "POLARITY_CHECK", False)
    assert check_pair(r["a"], r["b"]).label == "no_conflict"
