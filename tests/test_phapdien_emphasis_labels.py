"""Khoản / điểm lines Pháp điển opens with Markdown emphasis before the label ("*đ) Đã phát hành …*", "*1.**Thu nhập
…*", "*b) **Các khoản …*"): read as their unit, the marks removed from its text (the words kept), and a list holding
one is quoted whole. Real articles of the Pháp điển subset (``../shared/data/phapdien``; skipped without it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant import answering as A
from assistant.chunking import chunk
from assistant.legal import parse
from assistant.legal.clauses import _plain_label_line, split_clauses
from assistant.loaders import load

from test_answering import KeywordRetriever  # noqa: E402

TODAY = date(2026, 11, 29)
KIEM_TOAN = "ke-toan-kiem-toan/kiem-toan-doc-lap.md"
TNCN = "thue-phi-le-phi-cac-khoan-thu-khac/thue-thu-nhap-ca-nhan.md"


def _art(pd: Path, rel: str, number: str):  # noqa: ANN202
    return next(a for a in parse(load(pd / rel)[0]).articles if a.number == number)


def test_emphasised_point_is_read_as_its_point(shared_data) -> None:  # noqa: ANN001
    """Điều 17.2.NĐ.2.5 khoản 1: "*đ) Đã phát hành …*" was read as text of điểm d; now đ is a point of its own (the
    paragraph "Trường hợp …" after it continues it) and the list runs a … i."""
    k1 = _art(shared_data / "phapdien", KIEM_TOAN, "17.2.NĐ.2.5").clauses[0]
    assert [p.label for p in k1.points] == ["a", "b", "c", "d", "đ", "e", "g", "h", "i"]
    d, dd = k1.points[3], k1.points[4]
    assert "Đã phát hành" not in d.text
    assert dd.text.startswith("Đã phát hành báo cáo kiểm toán về báo cáo tài chính năm") and "*" not in dd.text
    assert "Trường hợp tổ chức kiểm toán đã được chấp thuận" in dd.text


def test_emphasis_closing_after_the_label_or_inside_a_word(shared_data) -> None:  # noqa: ANN001
    """Điều 33.1.NĐ.1.3 (thu nhập chịu thuế): "*1.**Thu nhập từ kinh doanh, bao gồm:*", "*b) **Các khoản phụ cấp …*",
    "*a) Tiền l**ãi cho vay;*" — khoản 1 and 3 are khoản (they were read as the lead text and khoản 2's text), their
    points are points, and no "*" is left in their words ("Tiền lãi cho vay;")."""
    a = _art(shared_data / "phapdien", TNCN, "33.1.NĐ.1.3")
    by = {c.label: c for c in a.clauses}
    assert [c.label for c in a.clauses][:3] == ["1", "2", "3"]
    assert by["1"].text.startswith("Thu nhập từ kinh doanh, bao gồm:")
    assert [p.label for p in by["1"].points][:2] == ["a", "b"]
    assert by["2"].points[1].text.startswith("Các khoản phụ cấp, trợ cấp, trừ các khoản phụ cấp, trợ cấp sau:")
    assert by["3"].text.startswith("Thu nhập từ đầu tư vốn, bao gồm:")
    assert by["3"].points[0].label == "a" and by["3"].points[0].text == "Tiền lãi cho vay;"


def test_out_of_sequence_emphasis_stays_text(shared_data) -> None:  # noqa: ANN001
    """The label must come next in its list: the real lines of 17.2.NĐ.2.5 with "*đ) …*" moved before điểm b leave
    it text of điểm a (kept as written); a bold number that is no label ("**1.5 triệu**") is never one."""
    pd = shared_data / "phapdien"
    lines = [ln.strip() for ln in (pd / KIEM_TOAN).read_text(encoding="utf-8").split("\n")[4068:4080] if ln.strip()]
    dd = next(ln for ln in lines if ln.startswith("*đ)"))
    rest = [ln for ln in lines if ln is not dd]
    _, clauses = split_clauses(rest[:2] + [dd] + rest[2:])
    assert [p.label for p in clauses[0].points] == ["a", "b", "c", "d"]
    assert dd in clauses[0].points[0].text
    assert _plain_label_line("**1.5 triệu đồng**") is None
    assert _plain_label_line(dd).startswith("đ) Đã phát hành")


def test_answer_quotes_the_list_whole(shared_data) -> None:  # noqa: ANN001
    """Asked about the conditions of 17.2.NĐ.2.5, the answer's quote of khoản 1 reaches điểm đ (it stopped at điểm d,
    the "*đ)" line being read as its text), written without the emphasis marks."""
    chunks = chunk(parse(load(shared_data / "phapdien" / KIEM_TOAN)[0]), "phapdien")
    top = next(c for c in chunks if c.id.endswith("#17.2.NĐ.2.5"))
    ans = A.answer("Điều kiện đối với tổ chức kiểm toán được chấp thuận kiểm toán đơn vị có lợi ích công chúng",
                   collection="phapdien", retriever=KeywordRetriever(chunks, first=top), as_of=TODAY)
    q = ans.citations[0].quote
    assert ans.citations[0].article_id == "17.2.NĐ.2.5"
    assert "d) Có thời gian hoạt động kiểm toán" in q and "đ) Đã phát hành báo cáo kiểm toán" in q, q
    assert "*đ)" not in q and "*" not in q
