"""Conflict checker, numeric recall on formal pairs (h-num24): the causes behind the formal numeric misses h-num23
left, each behind its switch. Real pairs of the labelled dev sets; each gold conflict is missed with its switch off
(the code before h-num24)."""

from __future__ import annotations

import pytest

from assistant.conflicts import guards, numeric, pair as pair_mod

from conflict_sets import clear_parses as _clear, pair_label


pytestmark = pytest.mark.usefixtures("fresh_parses")  # parses are cached by text: cleared around each test


# (pair, module, switch): D4-008 two decrees (Nghị định 45/2022 / 155/2016) "Phạt tiền từ 5.000.000 đồng đến
# 10.000.000 đồng đối với hộ gia đình, cá nhân … không có giấy phép môi trường" / "… chưa được cấp giấy phép môi trường
# thì bị xử phạt với mức từ 20 triệu đến 40 triệu đồng" (one rank; the "đối với" of a fine names its offence);
# D6-061 "Phim phân loại T16 … từ đủ 16 tuổi" / "Phim thuộc loại T16 … từ mười lăm tuổi" (one class identifier);
# D8-013 "Thời gian tập sự từ 03 tháng đến 12 tháng" / "Thời gian tập sự đối với viên chức … là mười tám tháng" (a value
# against a band; the decree's case holds its value); D7-008 "…; không quá 40 giờ trong 01 tháng" / "Tổng số giờ làm thêm …
# không được vượt quá năm mươi giờ mỗi tháng" (a limit clause whose subject is the clause before); D7-013 "Chậm nhất là
# ngày thứ 20 của tháng tiếp theo … đối với trường hợp khai và nộp theo tháng" / "Người nộp thuế khai thuế theo tháng nộp
# … chậm nhất vào ngày mười lăm của tháng kế tiếp" (a next-month filing day; a case the other clause states)
RECOVERED = [
    ("D4-008", pair_mod, "FORMAL_SAME_RANK"),
    ("D4-008", numeric, "SANCTION_OFFENCE"),
    ("D6-061", numeric, "FORMAL_SAME_IDENT"),
    ("D8-013", numeric, "FORMAL_BOUND"),
    ("D7-008", numeric, "FORMAL_ELLIPSIS"),
    ("D7-013", numeric, "FORMAL_MONTH_DAY"),
    ("D7-013", numeric, "CASE_TOLD"),
]


@pytest.mark.parametrize("pid,mod,switch", RECOVERED)
def test_formal_numeric_miss_recovered(pid, mod, switch, monkeypatch):
    assert pair_label(pid) == "conflict"
    monkeypatch.setattr(mod, switch, False)
    _clear()
    assert pair_label(pid) == "no_conflict"


# hard negatives of the formal fallback stay apart: a case by reference (D-201), another procedure (D9-014), swapped
# subjects (D8-041, D9-036), a definition against a benefit (D6-053)
@pytest.mark.parametrize("pid", ["D-201", "D9-014", "D8-041", "D9-036", "D6-053"])
def test_formal_hard_negatives_stay_apart(pid):
    assert pair_label(pid) == "no_conflict"


def test_doivoi_reads_a_list_of_coordinated_nouns():
    m = guards._DOIVOI_RE.match("đối với ngành, nghề, công việc đặc thù quy định tại điểm d khoản 1 điều 35 của bộ luật "
                                "lao động, người lao động phải báo trước cho người sử dụng lao động ít nhất 120 ngày")
    assert m.group(1) == "ngành, nghề, công việc đặc thù quy định tại điểm d khoản 1 điều 35 của bộ luật lao động"
    assert guards._DOIVOI_RE.match("đối với cán bộ, công chức, viên chức, thời hạn là 30 ngày").group(1) == (
        "cán bộ, công chức, viên chức")
    # one noun phrase, then the main clause: the first comma closes the case
    assert guards._DOIVOI_RE.match("đối với người lao động, thời hạn là 30 ngày, kể từ ngày").group(1) == "người lao động"
    assert guards._DOIVOI_RE.match("đối với doanh nghiệp, cơ quan thuế phải trả lời, trong 10 ngày").group(1) == "doanh nghiệp"


def test_doivoi_list_is_a_one_sided_condition(monkeypatch):
    """D-201 (Bộ luật Lao động "ít nhất 45 ngày" / Nghị định 145/2020 "Đối với ngành, nghề, công việc đặc thù quy định
    tại …, … ít nhất 120 ngày"): with the formal case guard off, the condition guard reads the whole list as the case
    and keeps the pair apart; reading the case as "ngành" alone it did not."""
    monkeypatch.setattr(numeric, "FORMAL_CASE_GUARD", False)
    _clear()
    assert pair_label("D-201") == "no_conflict"


def test_formal_pair_same_rank():
    from assistant.records import ConflictSide

    d1 = ConflictSide(text="Phạt tiền từ 5.000.000 đồng đến 10.000.000 đồng đối với hành vi A.", citation="Điều 15 Nghị định 45/2022/NĐ-CP",
                      doc_type="Nghị định", number="45/2022/NĐ-CP")
    d2 = d1.model_copy(update={"number": "155/2016/NĐ-CP", "citation": "Điều 11 Nghị định 155/2016/NĐ-CP"})
    law = d1.model_copy(update={"doc_type": "Luật", "number": "72/2020/QH14", "citation": "Điều 1 Luật Bảo vệ môi trường"})
    law2 = law.model_copy(update={"number": "19/2017/QH14"})
    assert pair_mod._formal_pair(d1, d2)  # two decrees
    assert not pair_mod._formal_pair(d1, d1)  # one document
    assert not pair_mod._formal_pair(law, law2)  # two laws: not measured
