"""Conflict checker, modality recall on central pairs (h-mod24): a Luật and its Nghị định / Thông tư (or a Nghị định and
its Thông tư) that state one norm with other verbs or structures are compared by the paraphrase / meaning pass of a
retold pair (``pair._formal_modal_pair``), under the same-matter gates of h-num23 (``_formal_pair``,
``numeric._subject_swap``, ``numeric._formal_case``), a shared-words floor, two numbered kinds kept apart ("Phiếu lý
lịch tư pháp số 2" / "số 1") and a duty done otherwise ("không phải tự mình … mà có thể …") not read as lifted. Real
pairs of ``dev23.jsonl``; each gold conflict is missed with ``FORMAL_MODAL`` off (the code before h-mod24)."""

from __future__ import annotations

import pytest

from assistant.conflicts import pair as pair_mod

from conflict_sets import clear_parses as _clear, pair_label


pytestmark = pytest.mark.usefixtures("fresh_parses")  # parses are cached by text: cleared around each test


# D23-005: Luật Kế toán "Đơn vị kế toán phải lập báo cáo tài chính vào cuối kỳ kế toán năm" / a circular "Doanh
# nghiệp nhỏ và vừa không bắt buộc lập báo cáo tài chính năm"; D23-010: Luật Luật sư "không được cho người khác mượn
# Chứng chỉ hành nghề luật sư, Thẻ luật sư" / "Thẻ luật sư có thể được cho luật sư khác … mượn"; D23-015: Luật PCCC
# "Người đứng đầu cơ sở có trách nhiệm tổ chức huấn luyện … cho đội phòng cháy, chữa cháy cơ sở" / "Đội phòng cháy,
# chữa cháy cơ sở không phải tham gia huấn luyện …"; D23-022: Luật Lý lịch tư pháp "Phiếu … số 2 không được ủy quyền"
# / "Thủ tục … Phiếu … số 2 được thực hiện bởi người được ủy quyền"
TOLD_OTHERWISE = ["D23-005", "D23-010", "D23-015", "D23-022"]
# Phiếu số 1 against the law's ban for Phiếu số 2 (D23-030); a duty done otherwise, "không phải tự mình giảng dạy …
# mà có thể mời …" (D23-042); the same norm in other words (D23-023, D23-026, D23-028, D23-031, D23-034, D23-038, D23-040)
APART = ["D23-030", "D23-042", "D23-023", "D23-026", "D23-028", "D23-031", "D23-034", "D23-038", "D23-040"]


@pytest.mark.parametrize("pid", TOLD_OTHERWISE)
def test_central_modality_told_otherwise(pid, monkeypatch):
    assert pair_label(pid) == "conflict"
    monkeypatch.setattr(pair_mod, "FORMAL_MODAL", False)
    _clear()
    assert pair_label(pid) == "no_conflict"


def test_central_passive_with_agent_read_in_active_voice(monkeypatch):
    # D23-002: Luật Công chứng "Công chứng viên không được công chứng hợp đồng, giao dịch có liên quan đến quyền, lợi
    # ích của … vợ hoặc chồng, cha mẹ, con" / a circular "Hợp đồng, giao dịch … của vợ, chồng, cha mẹ hoặc con của công
    # chứng viên được công chứng bởi chính công chứng viên đó nếu hồ sơ đầy đủ"
    assert pair_label("D23-002") == "conflict"
    monkeypatch.setattr(pair_mod, "FORMAL_ACTIVE", False)
    _clear()
    assert pair_label("D23-002") == "no_conflict"


def test_active_voice_reading():
    t = "Hợp đồng, giao dịch được công chứng bởi chính công chứng viên đó nếu hồ sơ đầy đủ."
    text, idx = pair_mod._active_voice(t, list(range(len(t) + 1)))
    assert text == "Chính công chứng viên đó được công chứng hợp đồng, giao dịch nếu hồ sơ đầy đủ."
    assert len(idx) == len(text) + 1
    assert pair_mod._active_voice("Công chứng viên không được công chứng hợp đồng.", list(range(48))) is None


@pytest.mark.parametrize("pid", APART)
def test_central_negatives_stay_apart(pid):
    assert pair_label(pid) == "no_conflict"


def test_formal_modal_pair_gates():
    from assistant.records import ConflictSide

    law = ConflictSide(text="Cá nhân yêu cầu cấp Phiếu lý lịch tư pháp số 2 không được ủy quyền cho người khác làm thủ tục.",
                       citation="Điều 46 Luật Lý lịch tư pháp", doc_type="Luật", number="28/2009/QH12")
    decree = ConflictSide(text="Thủ tục yêu cầu cấp Phiếu lý lịch tư pháp số 2 được thực hiện bởi người được ủy quyền.",
                          citation="Điều 11 Nghị định 111/2010/NĐ-CP", doc_type="Nghị định", number="111/2010/NĐ-CP")
    assert pair_mod._formal_modal_pair(law, decree)
    assert not pair_mod._formal_modal_pair(law, decree.model_copy(update={"text": decree.text.replace("số 2", "số 1")}))
    assert not pair_mod._formal_modal_pair(law, decree.model_copy(update={"doc_type": "Luật", "number": "29/2009/QH12"}))


def test_batch_false_alarms_stay_apart():
    """Two Pháp điển pairs an intermediate version flagged (ranks 6 and 17): a definition against a ban, and a law and
    its circular restating one duty with the same norm words."""
    from assistant.conflicts import check_pair
    from assistant.records import ConflictSide

    blld = ConflictSide(text="Thẩm quyền giao kết hợp đồng lao động\n5. Người được ủy quyền giao kết hợp đồng lao động không "
                        "được ủy quyền lại cho người khác giao kết hợp đồng lao động.",
                        citation="Khoản 5 Điều 18 Bộ luật Lao động", doc_type="Bộ luật", number="45/2019/QH14")
    nd = ConflictSide(text="Người lao động thuê lại là người lao động có năng lực hành vi dân sự đầy đủ, được doanh nghiệp cho "
                      "thuê lại tuyển dụng và giao kết hợp đồng lao động, sau đó chuyển sang làm việc và chịu sự điều hành "
                      "của bên thuê lại lao động.",
                      citation="Điều 14 Nghị định 145/2020/NĐ-CP", doc_type="Nghị định", number="145/2020/NĐ-CP")
    assert not pair_mod._formal_modal_pair(blld, nd)
    assert check_pair(blld, nd).label == "no_conflict"
    luat = ConflictSide(text="Tạm hoãn gọi nhập ngũ và miễn gọi nhập ngũ\n4. Danh sách công dân thuộc diện được tạm hoãn gọi "
                        "nhập ngũ, được miễn gọi nhập ngũ phải được niêm yết công khai tại trụ sở Ủy ban nhân dân cấp xã, "
                        "cơ quan, tổ chức trong thời hạn 20 ngày.",
                        citation="Khoản 4 Điều 41 Luật Nghĩa vụ quân sự", doc_type="Luật", number="78/2015/QH13")
    tt = ConflictSide(text="Tạm hoãn gọi nhập ngũ và miễn gọi nhập ngũ\n4. Danh sách công dân được tạm hoãn và miễn gọi nhập "
                      "ngũ phải được thông báo đến trưởng thôn, gia đình công dân và niêm yết công khai tại trụ sở Ủy ban "
                      "nhân dân cấp xã, cơ quan, tổ chức liên quan trước khi phát lệnh gọi nhập ngũ tối thiểu là 20 ngày.",
                      citation="Khoản 4 Điều 5 Thông tư 140/2015/TT-BQP", doc_type="Thông tư", number="140/2015/TT-BQP")
    assert not pair_mod._formal_modal_pair(luat, tt)
    assert check_pair(luat, tt).label == "no_conflict"
