"""Khoản / điểm Pháp điển keeps only as a repeal marker ("2. (Được bãi bỏ).", "g) ***(Bị bãi bỏ);***"): the legal stage
marks that unit repealed (``Clause.validity`` / ``Point.validity``: by what and since when when the provenance line
says), the rest of the article stays in force; an answer never quotes the marker as a rule, its citation's status line
names the repealed units it leaves out, and a repealed khoản that is the strongest hit is said to be repealed.

Real articles of the Pháp điển subset (``../shared/data/phapdien``; skipped without it) and the sample corpus."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from api.provisions import validity_status
from assistant import answering as A
from assistant.answering.validity import _status
from assistant.chunking import chunk
from assistant.legal import parse
from assistant.loaders import iter_documents, load
from assistant.records import Chunk, Validity

from legal_files import SAMPLE  # noqa: E402
from test_answering import KeywordRetriever  # noqa: E402

TODAY = date(2026, 11, 29)
DU_LICH = "van-hoa-the-thao-du-lich/du-lich.md"
KIEM_TOAN = "ke-toan-kiem-toan/kiem-toan-doc-lap.md"
DAI_DIEN = "ngoai-giao-dieu-uoc-quoc-te/co-quan-dai-dien-nuoc-cong-hoa-xa-hoi-chu-nghia-viet-nam-o-nuoc-ngoai.md"
# the nine đề mục files holding khoản / điểm repeal markers (``eval/pd_clause_repeals.py``)
MARKED_FILES = [
    "bo-tro-tu-phap/dau-gia-tai-san.md", "can-bo-cong-chuc-vien-chuc/vien-chuc.md",
    "cong-nghiep/su-dung-nang-luong-tiet-kiem-va-hieu-qua.md", "hinh-su/hinh-su.md", KIEM_TOAN, DAI_DIEN,
    "thue-phi-le-phi-cac-khoan-thu-khac/thue-thu-nhap-ca-nhan.md", DU_LICH,
]


def _doc(pd: Path, rel: str):  # noqa: ANN202
    return parse(load(pd / rel)[0])


def _art(doc, number: str):  # noqa: ANN001, ANN202
    return next(a for a in doc.articles if a.number == number)


def _repealed_units(doc) -> list[tuple[str, str, str | None, Validity]]:  # noqa: ANN001
    out = []
    for a in doc.articles:
        for c in a.clauses:
            if c.validity.repealed:
                out.append((a.number, c.label, None, c.validity))
            out += [(a.number, c.label, p.label, p.validity) for p in c.points if p.validity.repealed]
    return out


def test_every_marker_of_the_subset_is_marked(shared_data) -> None:  # noqa: ANN001
    """48 units in 8 files: 47 lines "N. <marker>" / "x) <marker>" (3 with the label inside the emphasis: "***a) (Bị
    bãi bỏ);***") and khoản 10 of Điều 23.1.LQ.8 written "10." then "(được bãi bỏ)". 43 get the repealing provision
    from the provenance line's partial repeal, 42 its date; no article holding one is itself marked repealed."""
    docs = [_doc(shared_data / "phapdien", rel) for rel in MARKED_FILES]
    units = [u for d in docs for u in _repealed_units(d)]
    assert len(units) == 48
    assert sum(1 for *_, v in units if v.repealed_by) == 43
    assert sum(1 for *_, v in units if v.effective_to) == 42
    assert sum(1 for _, _, p, _ in units if p is not None) == 19
    assert all(not v.in_force(TODAY) for *_, v in units)
    held = {(d.doc_id, a) for d in docs for a, *_ in _repealed_units(d)}
    assert not [a for d in docs for a in d.articles if (d.doc_id, a.number) in held and a.validity.repealed]


def test_repealed_khoan_marked_rest_of_the_article_in_force(shared_data) -> None:  # noqa: ANN001
    """Điều 41.5.NĐ.1.22 (khách sạn): "1. ***(bị bãi bỏ)***" and "7. ***(bị bãi bỏ)***" under a provenance line "… có nội
    dung bị bãi bỏ bởi Điều 5 Nghị định số 142/2018/NĐ-CP có hiệu lực thi hành kể từ ngày 09/10/2018": khoản 1 and 7
    repealed by it, last day 08/10/2018; khoản 2–6 and the article in force; one article note names both."""
    a = _art(_doc(shared_data / "phapdien", DU_LICH), "41.5.NĐ.1.22")
    by_label = {c.label: c for c in a.clauses}
    assert [c.label for c in a.clauses] == ["1", "2", "3", "4", "5", "6", "7"]
    for k in ("1", "7"):
        v = by_label[k].validity
        assert v.repealed and v.repealed_by == ["Điều 5 Nghị định số 142/2018/NĐ-CP"]
        assert v.effective_to == date(2018, 10, 8) and v.in_force(date(2018, 10, 8)) and not v.in_force(TODAY)
    assert not any(by_label[k].validity.repealed for k in "23456")
    assert not a.validity.repealed and a.validity.in_force(TODAY)
    assert ("Khoản 1, 7 Điều 41.5.NĐ.1.22 đã bị bãi bỏ bởi Điều 5 Nghị định số 142/2018/NĐ-CP, hết hiệu lực từ 09/10/2018 "
            "(Pháp điển ghi “(bị bãi bỏ)”).") in a.validity.notes


def test_points_whose_label_sits_inside_the_emphasis(shared_data) -> None:  # noqa: ANN001
    """Điều 17.2.NĐ.2.5: "***a) (Bị bãi bỏ);***" hid khoản 1's list (every point was read as its lead text). Now điểm a,
    e, g, h, i are points, repealed by khoản 1 Điều 1 Nghị định số 151/2018/NĐ-CP; b, c, d stay in force."""
    a = _art(_doc(shared_data / "phapdien", KIEM_TOAN), "17.2.NĐ.2.5")
    k1 = a.clauses[0]
    assert k1.label == "1" and not k1.validity.repealed
    gone = [p.label for p in k1.points if p.validity.repealed]
    assert gone == ["a", "e", "g", "h", "i"]
    assert {p.label for p in k1.points if not p.validity.repealed} >= {"b", "c", "d"}
    assert all(p.validity.repealed_by == ["khoản 1 Điều 1 Nghị định số 151/2018/NĐ-CP"] for p in k1.points
               if p.validity.repealed)
    assert all(p.text == "(Bị bãi bỏ)" for p in k1.points if p.validity.repealed)


def test_unattributed_marker_keeps_no_date(shared_data) -> None:  # noqa: ANN001
    """Điều 5.2.TT.48.3: "2. Đã được bãi bỏ", the provenance line naming only an amendment: khoản 2 repealed, no
    repealing provision or date recorded (none is said), out of force on every date; khoản 1, 3, 4 in force."""
    a = _art(_doc(shared_data / "phapdien", "can-bo-cong-chuc-vien-chuc/vien-chuc.md"), "5.2.TT.48.3")
    k2 = next(c for c in a.clauses if c.label == "2")
    assert k2.validity.repealed and not k2.validity.repealed_by and k2.validity.effective_to is None
    assert not k2.validity.in_force(date(2021, 6, 1))
    assert [c.label for c in a.clauses if not c.validity.repealed] == ["1", "3", "4"]
    assert "Khoản 2; điểm b khoản 1 Điều 5.2.TT.48.3 đã được bãi bỏ (Pháp điển ghi “Đã được bãi bỏ”)." in a.validity.notes


def test_split_marker_line_and_its_khoan_chunk(shared_data) -> None:  # noqa: ANN001
    """Điều 23.1.LQ.8 writes "10." and "(được bãi bỏ)" on two lines: khoản 10 used to swallow khoản 11–14 as khoản 9's
    text. Now khoản 10 is its own (long-article) chunk, repealed from 01/07/2018; khoản 9 and 11 are in force."""
    chunks = chunk(_doc(shared_data / "phapdien", DAI_DIEN), "phapdien")
    by_id = {c.id.rsplit("#", 1)[1]: c for c in chunks if "#23.1.LQ.8" in c.id}
    assert {"23.1.LQ.8/k9", "23.1.LQ.8/k10", "23.1.LQ.8/k11", "23.1.LQ.8/k14"} <= set(by_id)
    k10 = by_id["23.1.LQ.8/k10"]
    assert k10.text == "10. (được bãi bỏ)" and k10.clause == "10"
    assert k10.validity.repealed and k10.validity.repealed_by == ["Điều 1 Luật số 19/2017/QH14"]
    assert not k10.validity.in_force(TODAY) and k10.validity.in_force(date(2018, 6, 30))
    assert "11." not in by_id["23.1.LQ.8/k9"].text
    for k in ("23.1.LQ.8", "23.1.LQ.8/k9", "23.1.LQ.8/k11"):
        assert not by_id[k].validity.repealed and by_id[k].validity.in_force(TODAY)


def _ask(shared_data, rel: str, q: str, first: str | None = None, as_of: date = TODAY):  # noqa: ANN001, ANN202
    chunks = chunk(_doc(shared_data / "phapdien", rel), "phapdien")
    top = next(c for c in chunks if c.id.endswith("#" + first)) if first else None
    return A.answer(q, collection="phapdien", retriever=KeywordRetriever(chunks, first=top), as_of=as_of)


def test_answer_quotes_the_khoan_in_force_not_the_markers(shared_data) -> None:  # noqa: ANN001
    """"Điều kiện tối thiểu … đối với khách sạn": the whole list of khoản was quoted with "1. ***(bị bãi bỏ)***" and
    "7. ***(bị bãi bỏ)***" in it, status "Đang có hiệu lực". Now khoản 2–6 are quoted and the status says khoản 1, 7
    were repealed."""
    ans = _ask(shared_data, DU_LICH, "Điều kiện tối thiểu về cơ sở vật chất kỹ thuật, dịch vụ đối với khách sạn là gì?",
               "41.5.NĐ.1.22")
    c = ans.citations[0]
    assert c.article_id == "41.5.NĐ.1.22"
    assert "bãi bỏ" not in c.quote and "Có tối thiểu 10 buồng ngủ" in c.quote
    assert not re.search(r"“[^”]*bãi bỏ", ans.text), ans.text
    assert c.status == "Đang có hiệu lực (khoản 1, 7 đã bị bãi bỏ)"


def test_answer_list_skips_repealed_points_and_names_them(shared_data) -> None:  # noqa: ANN001
    """Điều 17.2.NĐ.1.11 khoản 1 (conditions for cross-border audit services): điểm b, đ, g are "***(Bị bãi bỏ);***" and
    were quoted among the conditions. Now the list holds a, c, d, e only; the citation (Khoản 1) says b, đ, g were
    repealed."""
    ans = _ask(shared_data, KIEM_TOAN, "Doanh nghiệp kiểm toán nước ngoài cần điều kiện gì để cung cấp dịch vụ kiểm "
               "toán qua biên giới?", "17.2.NĐ.1.11")
    c = ans.citations[0]
    assert c.citation.startswith("Khoản 1 Điều 11 Nghị định số 17/2012/NĐ-CP")
    assert "bãi bỏ" not in c.quote and " c) Có ít nhất 5 (năm) kiểm toán viên" in c.quote
    assert c.status == "Đang có hiệu lực (điểm b, đ, g khoản 1 đã bị bãi bỏ)"
    assert any("Điểm b, đ, g khoản 1 Điều 17.2.NĐ.1.11 đã bị bãi bỏ bởi Điều 3 Nghị định số 151/2018/NĐ-CP" in n
               for n in ans.validity_notes)


def test_a_later_paragraph_of_a_point_is_quoted_with_its_point(shared_data) -> None:  # noqa: ANN001
    """Điều 17.2.NĐ.2.5 khoản 1 điểm đ: "Đã phát hành báo cáo kiểm toán … cho tối thiểu 200 đơn vị …", then a
    paragraph of its own "Trường hợp tổ chức kiểm toán đã được chấp thuận trong năm nộp hồ sơ thì phải có thêm …
    10 đơn vị …;" (điểm e–i after it are repeal markers). Asked how many units, the answer quoted the paragraph
    alone: "10" read as the rule. Now the point goes before it (with the list's lead), cited as khoản 1."""
    ans = _ask(shared_data, KIEM_TOAN, "Tổ chức kiểm toán được chấp thuận kiểm toán cho đơn vị có lợi ích công chúng "
               "phải phát hành báo cáo kiểm toán cho tối thiểu bao nhiêu đơn vị?", "17.2.NĐ.2.5/k1")
    c = ans.citations[0]
    assert c.article_id == "17.2.NĐ.2.5"
    assert "đ) Đã phát hành báo cáo kiểm toán về báo cáo tài chính năm cho tối thiểu 200 đơn vị" in c.quote
    # (since 29/11 evening the count asked reads điểm đ) with its lead, and the lead of conditions that must all be met
    # is quoted with every condition; the later paragraph, if quoted, comes after the rule)
    later = "Trường hợp tổ chức kiểm toán đã được chấp thuận"
    assert later not in c.quote or c.quote.index("200 đơn vị") < c.quote.index(later)
    assert c.quote.startswith("1. Tổ chức kiểm toán được chấp thuận")
    assert c.citation.startswith("Khoản 1 Điều 5 Nghị định số 84/2016/NĐ-CP")


def test_strongest_hit_a_repealed_khoan_is_said_not_quoted(shared_data) -> None:  # noqa: ANN001
    """Khoản 10 of Điều 23.1.LQ.8 retrieved first: nothing of it is quoted; after the quote of khoản 1 of the same
    article (in force) the answer says khoản 10 was repealed, by what and since when, and its status says so."""
    ans = _ask(shared_data, DAI_DIEN, "Nhiệm vụ lãnh sự của cơ quan đại diện", "23.1.LQ.8/k10")
    first = ans.citations[0]
    # khoản 1 quoted: its citation names khoản 1, in force (khoản 10 is not part of it)
    assert first.chunk_id.endswith("#23.1.LQ.8") and first.quote.startswith("1. Bảo hộ lãnh sự")
    assert first.citation.startswith("Khoản 1 Điều 8 Luật") and first.status == "Đang có hiệu lực"
    k10 = next(c for c in ans.citations if c.chunk_id.endswith("/k10"))
    assert k10.quote == "" and k10.in_force is False and k10.status == "Hết hiệu lực từ 01/07/2018"
    assert k10.citation.startswith("Khoản 10 Điều 8 Luật")
    assert (f"(điều «Thực hiện nhiệm vụ lãnh sự») [{k10.number}] đã bị bãi bỏ bởi Điều 1 Luật số 19/2017/QH14, hết hiệu "
            "lực từ 01/07/2018; không còn quy định nào của khoản này để áp dụng.") in ans.text
    assert "(được bãi bỏ)”" not in ans.text
    assert ans.text.index("Theo ") < ans.text.index(f"[{k10.number}] đã bị bãi bỏ")  # said after the quote


@pytest.mark.parametrize("v,on,api,line", [
    (Validity(repealed=True), TODAY, "expired", "Đã bị bãi bỏ"),
    (Validity(repealed=True, effective_from=date(2016, 7, 1)), TODAY, "expired", "Đã bị bãi bỏ"),
    # before its start a repealed-undated provision was not yet in force (the viewer used to say "expired")
    (Validity(repealed=True, effective_from=date(2016, 7, 1)), date(2016, 1, 1), "not_yet",
     "Chưa có hiệu lực (có hiệu lực từ 01/07/2016)"),
    (Validity(repealed=True, effective_to=date(2018, 6, 30)), TODAY, "expired", "Hết hiệu lực từ 01/07/2018"),
    (Validity(repealed=True, effective_from=date(2010, 1, 1), effective_to=date(2018, 6, 30)), date(2015, 1, 1),
     "in_force", "Đang có hiệu lực"),
    (Validity(effective_from=date(2020, 1, 1), amended_by=["x"]), TODAY, "amended",
     "Đang có hiệu lực, đã được sửa đổi, bổ sung bởi x"),
    (Validity(), TODAY, "unknown", ""),
])
def test_viewer_badge_and_answer_status_read_validity_alike(v: Validity, on: date, api: str, line: str) -> None:
    """One reading of a provision's validity (``answering.validity_state``) behind the viewer's badge and the answer's
    status line."""
    ch = Chunk(id="d#1", doc_id="d", law_id="d", article_id="1", text="…", citation="Điều 1", collection="t",
               doc_type="Nghị định", validity=v)
    assert validity_status(v, on) == api
    assert _status(ch, on, v.in_force(on) if (v.effective_from or v.effective_to or v.repealed) else None) == line


def test_sample_corpus_has_no_khoan_or_diem_marked_repealed() -> None:
    """No false positive on the sample corpus."""
    docs = [parse(raw) for raw in iter_documents([SAMPLE])]
    assert docs and not [u for d in docs for u in _repealed_units(d)]
