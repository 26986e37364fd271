"""Conflict checker, helper h-conf12 (issue #6): recall on clashes told in other words. A service the law makes free
against a retelling that charges for it (``fees``), a unit's own decision read as a retelling (``retelling``), and
the same-matter e5 threshold of retold numeric pairs. Dev pairs main of 28/11 (99fc6dd) missed, the hard negatives
next to them, and the readings."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair
from assistant.conflicts import fees as FE
from assistant.conflicts.retelling import _retold
from assistant.records import ConflictSide
from conflict_sets import pair, pair_label


@pytest.mark.parametrize("pair_id", [
    "D8-024",   # "được cung cấp thông tin không phải trả phí, lệ phí" / "phải nộp lệ phí 50.000 đồng cho mỗi phiếu"
    "D10-003",  # thư viện công lập miễn phí … mượn / "mượn tài liệu về nhà nộp phí mượn 2.000 đồng"
    "D10-006",  # miễn phí tra cứu trên không gian mạng / "Truy cập Internet để tra cứu …: 5.000 đồng/giờ"
    "D11-034",  # người hiến "được miễn chi phí … xét nghiệm" / "tự chi trả toàn bộ chi phí xét nghiệm sàng lọc"
])
def test_free_service_charged_by_a_retelling_is_a_clash(pair_id):
    assert pair(pair_id)["label"] == "conflict"
    c = check_pair(pair(pair_id)["a"], pair(pair_id)["b"])
    assert (c.label, c.kind) == ("conflict", "modality")
    assert "miễn phí" in c.explanation


@pytest.mark.parametrize("pair_id", [
    "D5-006",   # "60 km/h" / "bốn mươi cây số một giờ" (e5 0.885)
    "D5-009",   # "40 giờ" / "60 tiếng" (e5 0.867)
])
def test_retold_numbers_below_the_old_threshold_are_compared(pair_id):
    assert pair(pair_id)["label"] == "conflict"
    c = check_pair(pair(pair_id)["a"], pair(pair_id)["b"])
    assert (c.label, c.kind) == ("conflict", "numeric")


@pytest.mark.parametrize("pair_id", [
    "D11-035",  # both free ("không phải nộp viện phí cho các dịch vụ này")
    "D8-060",   # the law itself states the free service and the real cost of copies
    "D8-063",   # "không được ép buộc … để thu tiền": a banned charge is no charge
    "D2-065",   # "nếu nộp thuế chậm" / "nếu nộp thuế đúng thời hạn": two cases
    "D10-004", "D10-005", "D10-009",  # the library's own rules, other hard negatives of the same pairs' file
])
def test_fee_and_unit_decision_hard_negatives_stay_quiet(pair_id):
    assert pair(pair_id)["label"] != "conflict"
    assert pair_label(pair_id) != "conflict"


def test_fee_readings():
    def kinds(t):
        return [k for k, _s, _c in FE._readings(analyze(t))]
    assert kinds("Người sử dụng thư viện được miễn phí tại thư viện công lập.") == ["free"]
    assert kinds("Người yêu cầu không phải trả phí, lệ phí.") == ["free"]
    assert "charged" in kinds("Bạn đọc nộp phí mượn 2.000 đồng cho mỗi cuốn.")
    assert kinds("Truy cập Internet tại phòng máy: 5.000 đồng/giờ.") == ["charged"]
    assert kinds("Nhà giáo không được ép buộc người học học thêm để thu tiền.") == []


def _side(doc_type, issuer, number=None):
    return ConflictSide(text="…", citation=f"Điều 3 {doc_type}", doc_type=doc_type, number=number, issuer=issuer)


def test_a_units_decision_is_retold_but_a_ministers_is_not():
    law = _side("Luật", "Quốc hội", "46/2019/QH14")
    assert _retold(law, _side("Quyết định", "Thư viện tỉnh Nghệ An", "55/QĐ-TV"))
    assert _retold(law, _side("Quyết định", "Cục Thống kê tỉnh Nam Định", "06/QĐ-CTK"))
    assert not _retold(law, _side("Quyết định", "Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch", "10/2007/QĐ-BVHTT"))
    assert not _retold(law, _side("Quyết định", None, "12/QĐ"))  # an unknown issuer may be a legal document


def test_fee_switch_off_restores_main(monkeypatch):
    monkeypatch.setattr(FE, "FEE_CHECK", False)
    assert pair_label("D8-024") == "no_conflict"
