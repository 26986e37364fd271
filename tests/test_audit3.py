"""Three answer problems of a new user's audit on the sample corpus (h-audit3), each on the real sample collection.

1. Two times of day that count different things ("Hồ sơ nộp sau 16 giờ 30 phút … được tính là tiếp nhận vào ngày làm
   việc tiếp theo" / "Đối với hồ sơ nộp sau 15 giờ …, thời hạn kiểm tra được tính từ 08 giờ …") were one matter to the
   conflict checker's meaning fallback: flagged in the batch (the FAQ against Nghị định 87) and in the answer (Luật 71
   against Nghị định 87). The deliberate conflicts stay found.
2. A question whether one may / must do an act cited Nghị định 42 Điều 8 without the Thông tư 03 Điều 5 that says the
   opposite, though it was retrieved: the clashing provision is now cited and the conflict flagged, the Nghị định
   prevailing.
3. "… lệ phí … giảm bao nhiêu?" cited the Law's "được giảm phí, lệ phí theo quy định của Chính phủ" (no amount)
   instead of Nghị định 42 Điều 11 Khoản 1 ("bằng 50% mức thu"): beside a guide stating the amount, the provision
   cited must state it too (a share of a fee counts as its amount).
"""

from __future__ import annotations

from datetime import date

TODAY = date(2026, 11, 30)


def _ask(q: str, retriever):  # noqa: ANN001, ANN202
    from assistant import answering as A

    return A.answer(q, collection="sample", retriever=retriever, as_of=TODAY)


def test_times_of_day_counting_different_things_are_not_one_matter(tmp_path, sample_collection, sample_retriever):
    from assistant.conflicts import find_conflicts

    rep = find_conflicts(sample_collection, workdir=tmp_path, progress=False, workers=1)
    pairs = {frozenset((c.a.chunk_id, c.b.chunk_id)) for c in rep.conflicts}
    faq, nd87 = "hoi-dap-dich-vu-cong-truc-tuyen.html#2", "nghi-dinh-87-2025-nd-cp-sua-doi-nd-42.txt#1"
    assert frozenset((faq, nd87)) not in pairs
    # the deliberate conflicts of corpus/README.md (a, b, c, e, f) are still found
    for x, y in (("nghi-dinh-42-2024-nd-cp.txt#9", "thong-tu-03-2024-tt-vpcp.txt#6"),
                 ("nghi-dinh-42-2024-nd-cp.txt#8", "thong-tu-03-2024-tt-vpcp.txt#5"),
                 ("nghi-dinh-42-2024-nd-cp.txt#11", "quyet-dinh-1234-qd-ubnd-quang-ninh.txt#4"),
                 ("luat-71-2023-qh15-tiep-nhan-giai-quyet-tthc-dien-tu.txt#7", "huong-dan-nop-ho-so-truc-tuyen-dvcqg.md#2"),
                 (nd87, "quyet-dinh-1234-qd-ubnd-quang-ninh.txt#5")):
        assert frozenset((x, y)) in pairs, (x, y)

    ans = _ask("Hồ sơ nộp sau 16 giờ 30 phút thì được tính tiếp nhận vào ngày nào?", sample_retriever)
    assert "16 giờ 30 phút" in ans.text
    assert not ans.conflicts and "mâu thuẫn" not in ans.text


def test_counted_period_of_a_time_of_day() -> None:
    from assistant.conflicts.numeric import _counted_period  # noqa

    assert _counted_period("đối với hồ sơ nộp sau 15 giờ của ngày làm việc, thời hạn kiểm tra được tính từ 08 giờ") == {
        "kiểm", "tra"}
    assert _counted_period("hồ sơ nộp sau 16 giờ 30 phút của ngày làm việc được tính là tiếp nhận vào ngày sau") == set()


def test_time_of_day_retold_for_the_same_thing_still_clashes() -> None:
    """A retelling that gives another cut-off for the same thing (the day the filing counts as received) is compared."""
    from assistant.conflicts import check_pair
    from assistant.records import ConflictSide

    law = ConflictSide(text="Hồ sơ nộp sau 16 giờ 30 phút của ngày làm việc hoặc vào ngày nghỉ, ngày lễ, Tết được tính là "
                            "tiếp nhận vào ngày làm việc tiếp theo.", citation="Khoản 2 Điều 9 Luật 71/2023/QH15",
                       doc_type="Luật", number="71/2023/QH15", effective_from=date(2024, 7, 1))
    faq = ConflictSide(text="Hồ sơ gửi sau 17 giờ của ngày làm việc được coi là tiếp nhận vào ngày làm việc kế tiếp.",
                       citation="Mục 1 – Hỏi đáp", doc_type="Hỏi đáp")
    c = check_pair(law, faq, as_of=TODAY)
    assert c.label == "conflict" and c.kind == "numeric" and c.prevails == "a"
    # the time of day is shown with its minutes (it was "16 giờ")
    assert '"16 giờ 30 phút"' in c.explanation and '"16 giờ"' not in c.explanation


def test_norm_question_cites_the_provision_saying_the_opposite(sample_retriever) -> None:
    for q in ("Có được bắt người dân nộp bản sao có chứng thực giấy tờ đã số hóa không?",
              "Giấy tờ đã số hóa trong Kho quản lý dữ liệu điện tử có phải nộp bản sao có chứng thực không?"):
        ans = _ask(q, sample_retriever)
        cits = [c.citation for c in ans.citations]
        assert cits[0] == "Khoản 2 Điều 8 Nghị định 42/2024/NĐ-CP", cits
        assert "Khoản 2 Điều 5 Thông tư 03/2024/TT-VPCP" in cits, cits
        c = next(c for c in ans.conflicts if {c.a.citation, c.b.citation} == {
            "Khoản 2 Điều 8 Nghị định 42/2024/NĐ-CP", "Khoản 2 Điều 5 Thông tư 03/2024/TT-VPCP"})
        assert c.kind == "modality" and (c.a if c.prevails == "a" else c.b).citation.startswith("Khoản 2 Điều 8 Nghị định")
        assert "mâu thuẫn" in ans.text
        # the contrary provision is introduced as such, not as one that "also" provides
        n = next(c.number for c in ans.citations if c.citation == "Khoản 2 Điều 5 Thông tư 03/2024/TT-VPCP")
        assert f"Trong khi đó, Khoản 2 Điều 5 Thông tư 03/2024/TT-VPCP [{n}] lại quy định" in ans.text
        assert f"Thông tư 03/2024/TT-VPCP [{n}] cũng quy định" not in ans.text


def test_fee_reduction_asked_cites_the_decree_stating_the_share(sample_retriever) -> None:
    for q in ("Nộp hồ sơ trực tuyến toàn trình được giảm lệ phí bao nhiêu?",
              "Nộp trực tuyến thì lệ phí được giảm bao nhiêu?",
              "Lệ phí nộp hồ sơ trực tuyến được giảm bao nhiêu?"):
        ans = _ask(q, sample_retriever)
        cits = [c.citation for c in ans.citations]
        assert cits[0] == "Khoản 1 Điều 11 Nghị định 42/2024/NĐ-CP", (q, cits)
        assert "50%" in ans.text.split("Ngoài ra")[0], ans.text
