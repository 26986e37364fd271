"""Small correctness defects (helper h-small, 30/11):

1. The minutes of an hour ("7 giờ 30 phút", "11 giờ 30") belong to it: "đến 11 giờ 30 phút" (Quyết định 1234 Điều 2 of
   the sample) was read as a 30-minute length and flagged against the FAQ's "04 giờ làm việc"; "16 giờ 30 phút" was
   shown as "16 giờ" in explanations.
2. A repealed article showed two notes saying the same repeal (the structured one and the source text's own).
3. A question states no norm: the sample handbook's self-check list ("Công chức có được giữ mật khẩu … không?",
   "Người dân có phải trả tiền khi … không?") was read as a permission and a charge, flagged against Quyết định 1234
   Điều 5, the guide's Mục 10 and Nghị định 42 Điều 6.
4. "07 ngày trong tuần" (days of each week a service runs) was compared as a length with "10 ngày làm việc".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 30)
QD_1234_DIEU_2 = (
    "Điều 2. Thời gian tiếp nhận hồ sơ\n"
    "1. Hồ sơ trực tuyến được tiếp nhận trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh 24 giờ trong ngày, 07 "
    "ngày trong tuần.\n"
    "2. Thời gian tiếp nhận hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh: buổi sáng từ 7 giờ 30 phút đến 11 "
    "giờ 30 phút, buổi chiều từ 13 giờ 30 phút đến 17 giờ, từ thứ Hai đến thứ Sáu và buổi sáng thứ Bảy.")
FAQ_MUC_2 = (
    "2. Sau khi nộp, bao lâu thì biết hồ sơ có hợp lệ hay không?\n"
    "Từ ngày 01 tháng 5 năm 2025, công chức tiếp nhận phải kiểm tra hồ sơ trong thời hạn 04 giờ làm việc kể từ thời điểm "
    "hệ thống ghi nhận hồ sơ (khoản 2 Điều 7 Nghị định số 42/2024/NĐ-CP, được sửa đổi bởi Nghị định số 87/2025/NĐ-CP). Nếu "
    "hồ sơ chưa đầy đủ, quý vị nhận được thông báo bổ sung một lần qua tài khoản.")


def _quantities(text: str):  # noqa: ANN202
    from assistant.conflicts.quantities import _extract_quantities

    t = text.lower()
    return [(q.raw, q.lo, q.hi, q.cat) for q in _extract_quantities(t, [(0, len(t))])]


def test_minutes_belong_to_their_hour() -> None:
    qs = _quantities("buổi sáng từ 7 giờ 30 phút đến 11 giờ 30 phút, buổi chiều từ 13 giờ 30 phút đến 17 giờ")
    assert qs == [("7 giờ 30 phút đến 11 giờ 30 phút", 7.5, 11.5, "clock"),
                  ("13 giờ 30 phút đến 17 giờ", 13.5, 17.0, "clock")]
    assert _quantities("hồ sơ nộp sau 16 giờ 30 phút của ngày làm việc") == [("16 giờ 30 phút", 16.5, 16.5, "clock")]
    assert _quantities("làm việc đến 11 giờ 30, buổi chiều nghỉ") == [("11 giờ 30", 11.5, 11.5, "clock")]
    # a length told in hours and minutes is one length
    assert _quantities("thời gian làm bài là 2 giờ 30 phút.") == [("2 giờ 30 phút", 2.5, 2.5, "hour")]
    # a number after "giờ" followed by a word is not its minutes
    assert [q[0] for q in _quantities("trong 24 giờ 15 ngày sau")] == ["24 giờ", "15 ngày"]


def test_opening_hours_are_no_deadline_against_a_checking_time() -> None:
    from assistant.conflicts import check_pair
    from assistant.records import ConflictSide

    qd = ConflictSide(text=QD_1234_DIEU_2, citation="Điều 2 Quyết định 1234/QĐ-UBND", doc_type="Quyết định",
                      number="1234/QĐ-UBND", effective_from=date(2024, 9, 1))
    faq = ConflictSide(text=FAQ_MUC_2, citation="Mục 2 – Hỏi đáp", doc_type="Hỏi đáp")
    c = check_pair(faq, qd, as_of=TODAY)
    assert not (c.label == "conflict" and c.kind == "numeric"), c.explanation


def test_sample_batch_drops_the_minutes_finding(tmp_path, sample_collection) -> None:
    from assistant.conflicts import find_conflicts

    rep = find_conflicts(sample_collection, workdir=tmp_path, progress=False, workers=1)
    pairs = {frozenset((c.a.chunk_id, c.b.chunk_id)) for c in rep.conflicts if c.kind == "numeric"}
    assert frozenset(("hoi-dap-dich-vu-cong-truc-tuyen.html#2", "quyet-dinh-1234-qd-ubnd-quang-ninh.txt#2")) not in pairs
    assert not any("30 phút\"" in c.explanation and "04 giờ" in c.explanation for c in rep.conflicts)
    # "07 ngày trong tuần" is no length against a deadline
    assert not any('"07 ngày"' in c.explanation for c in rep.conflicts + rep.superseded)
    # the handbook's self-check questions are no norms
    assert not any("cam-nang-chuyen-doi-so-can-bo-xa.md#13" in (c.a.chunk_id, c.b.chunk_id) for c in rep.conflicts)


SELF_CHECK = ("6. Câu hỏi tự kiểm tra\n"
              "- Khi nào hồ sơ nộp trực tuyến được coi là tiếp nhận vào ngày làm việc tiếp theo?\n"
              "- Công chức có được giữ mật khẩu tài khoản VNeID giúp người dân không?\n"
              "- Người dân có phải trả tiền khi đề nghị số hóa giấy tờ tại Bộ phận Một cửa không?")


def test_a_question_states_no_norm() -> None:
    from assistant.conflicts import check_pair
    from assistant.conflicts.analysis import analyze
    from assistant.records import ConflictSide

    assert analyze(SELF_CHECK).modals == ()
    # a statement put up for judgement states its claim
    assert [m.kind for m in analyze("Người nghiện không được miễn chấp hành thời gian còn lại, đúng hay sai?").modals] == [
        "oblige"]  # "không được miễn": must serve it
    assert [m.kind for m in analyze("Công chức được giữ mật khẩu tài khoản VNeID giúp người dân.").modals] == ["permit"]
    faq = ConflictSide(text=SELF_CHECK, citation="Mục 6 – Cẩm nang", doc_type="Cẩm nang")
    nd42 = ConflictSide(text="Số hóa hồ sơ nộp trực tiếp\n1. Bộ phận Một cửa có trách nhiệm số hóa thành phần hồ sơ nộp "
                             "trực tiếp trước khi chuyển cơ quan có thẩm quyền giải quyết.\n2. Việc số hóa hồ sơ tại Bộ phận "
                             "Một cửa không thu phí đối với tổ chức, cá nhân.", citation="Điều 6 Nghị định 42/2024/NĐ-CP",
                        doc_type="Nghị định", number="42/2024/NĐ-CP", effective_from=date(2024, 7, 1))
    assert check_pair(faq, nd42, as_of=TODAY).label != "conflict"
    # the same words stated, not asked, are still a charge against the exemption
    said = ConflictSide(text="Người dân phải trả tiền khi đề nghị số hóa giấy tờ tại Bộ phận Một cửa.",
                        citation="Mục 6 – Cẩm nang", doc_type="Cẩm nang")
    assert check_pair(said, nd42, as_of=TODAY).label == "conflict"


def test_a_repeal_is_noted_once() -> None:
    from assistant.answering.validity import validity_notes
    from assistant.chunking import chunk
    from assistant.legal import apply_relations, parse
    from assistant.loaders import load

    fix = Path(__file__).resolve().parent / "fixtures" / "shapes3"
    base, _ = apply_relations([parse(load(fix / n)[0]) for n in (
        "nghi-dinh-30-2025-nd-cp-cong-tac-phi.txt", "nghi-dinh-15-2026-nd-cp-sua-doi-nd-30.docx")])
    a6 = next(c for c in chunk(base, "t") if c.validity.repealed_by)
    after = validity_notes(a6, date(2026, 5, 1), 1)
    assert after == ["[1] Điều 6 Nghị định 30/2025/NĐ-CP: đã bị bãi bỏ bởi Điều 2 Nghị định số 15/2026/NĐ-CP, hết hiệu "
                     "lực từ 06/03/2026."]
    before = validity_notes(a6, date(2026, 2, 1), 1)
    assert sum("bãi bỏ" in n for n in before) == 1 and any("sẽ bị bãi bỏ" in n for n in before)


def test_days_out_of_each_week_are_no_length() -> None:
    from assistant.conflicts import check_pair
    from assistant.records import ConflictSide

    assert _quantities("được tiếp nhận 24 giờ trong ngày, 07 ngày trong tuần.") == [
        ("24 giờ", 24.0, 24.0, "hour"), ("07 ngày", 7.0, 7.0, "duration")]
    from assistant.conflicts.quantities import _extract_quantities

    t = "được tiếp nhận 07 ngày trong tuần; được nghỉ 05 ngày trong tháng; giải quyết trong 10 ngày."
    assert [(q.raw, q.period) for q in _extract_quantities(t, [(0, len(t))])] == [
        ("07 ngày", "tuần"), ("05 ngày", "tháng"), ("10 ngày", None)]
    a = ConflictSide(text=QD_1234_DIEU_2, citation="Điều 2 Quyết định 1234/QĐ-UBND", doc_type="Quyết định",
                     number="1234/QĐ-UBND", effective_from=date(2024, 9, 1))
    b = ConflictSide(text="Hồ sơ trực tuyến được tiếp nhận trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh "
                          "trong thời hạn 10 ngày làm việc.", citation="Mục 1 – Hỏi đáp", doc_type="Hỏi đáp")
    assert not (check_pair(b, a, as_of=TODAY).kind == "numeric" and check_pair(b, a, as_of=TODAY).label == "conflict")
    # two shares of the same period are still compared
    c = ConflictSide(text="Hồ sơ trực tuyến được tiếp nhận trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh "
                          "05 ngày trong tuần.", citation="Mục 1 – Hỏi đáp", doc_type="Hỏi đáp")
    r = check_pair(c, a, as_of=TODAY)
    assert r.label == "conflict" and r.kind == "numeric", r.explanation
