"""Repealed provisions kept only as a trace ("(Bị bãi bỏ)"): the legal stage marks them repealed (``Validity.repealed``,
not in force even without a date), retrieval's date filter drops them, and an answer never quotes the trace as a rule
— it says the provision was repealed (by what and since when, when the text says).

Real articles of the Pháp điển subset (``../shared/data/phapdien``; skipped without it), the văn bản hợp nhất test
documents and the sample corpus."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from assistant import answering as A
from assistant.chunking import chunk
from assistant.legal import parse
from assistant.loaders import iter_documents, load
from assistant.records import Validity

from legal_files import ROOT, SAMPLE, raw_file  # noqa: E402
from test_answering import KeywordRetriever  # noqa: E402

TODAY = date(2026, 11, 29)
ANNINH = "trat-tu-an-toan-xa-hoi/dieu-kien-ve-an-ninh-trat-tu-doi-voi-mot-so-nganh-nghe-kinh-doanh-co-dieu-kien.md"


def _doc(pd: Path, rel: str):  # noqa: ANN202
    return parse(load(pd / rel)[0])


def _art(doc, number: str):  # noqa: ANN001, ANN202
    return next(a for a in doc.articles if a.number == number)


@pytest.fixture(scope="module")
def all_phapdien(shared_data):  # noqa: ANN001, ANN201
    return [parse(raw) for raw in iter_documents([shared_data / "phapdien"])]


def test_stub_count_and_shapes_in_the_subset(all_phapdien) -> None:  # noqa: ANN001
    """31 articles of the 170 files are only a trace of their repeal: 2 whose body is "*(**B**ị bãi bỏ)*" (the
    provenance line names no repeal), 3 whose heading is "(được bãi bỏ)" / "(bị bãi bỏ)", 26 with no body under a
    provenance line saying the whole article was repealed (25 with a date, 1 "được bãi bỏ theo quy định tại …" without;
    4.4.LQ.8 is one since its broken cross-reference note no longer reads as its body).
    No article with a text is marked; each stub is out of force today and its text holds no Markdown."""
    stubs = [(d.doc_id, a) for d in all_phapdien for a in d.articles if a.validity.repealed]
    assert len(stubs) == 31
    marker_only = [a for _, a in stubs if a.text]
    assert sorted(a.number for a in marker_only) == ["16.1.LQ.292", "39.4.NĐ.10", "39.4.NĐ.34", "7.4.LQ.8", "7.4.LQ.9"]
    assert all(re.fullmatch(r"\((?:bị|được|Bị) bãi bỏ\)", a.text) for a in marker_only)
    empty = [a for _, a in stubs if not a.text]
    assert len(empty) == 26 and all(a.validity.repealed_by for a in empty)
    assert sum(1 for a in empty if a.validity.effective_to) == 25
    assert all(not a.validity.in_force(TODAY) for _, a in stubs)
    # marker-only articles keep nothing of a rule; every other article with text is not marked
    assert not any(a.validity.repealed for d in all_phapdien for a in d.articles if a.text and a not in marker_only)


def test_body_stub_is_marked_repealed_without_a_date(shared_data) -> None:  # noqa: ANN001
    """Điều 39.4.NĐ.10 (Điều 10 NĐ 96/2016, dịch vụ đòi nợ): body "*(**B**ị bãi bỏ)*", provenance with no repeal.
    Title kept; text the marker without emphasis; repealed with no end date; a note saying what is (not) known;
    out of force on every date, while its neighbour Điều 39.4.NĐ.11 is in force."""
    doc = _doc(shared_data / "phapdien", ANNINH)
    a = _art(doc, "39.4.NĐ.10")
    assert a.title == "Điều kiện về an ninh, trật tự đối với kinh doanh dịch vụ đòi nợ"
    assert a.text == "(Bị bãi bỏ)"
    v = a.validity
    assert v.repealed and v.effective_to is None and not v.repealed_by
    assert v.effective_from == date(2016, 7, 1)
    assert any("39.4.NĐ.10 đã bị bãi bỏ" in n and "không nêu văn bản bãi bỏ" in n for n in v.notes)
    assert not v.in_force(TODAY) and not v.in_force(date(2017, 1, 1))
    nxt = _art(doc, "39.4.NĐ.11")
    assert not nxt.validity.repealed and nxt.validity.in_force(TODAY)
    ch = next(c for c in chunk(doc, "phapdien") if c.article_id == "39.4.NĐ.10")
    assert ch.validity.repealed and ch.text == "(Bị bãi bỏ)"


def test_heading_and_provenance_stubs(shared_data) -> None:  # noqa: ANN001
    """"Điều 7.4.LQ.8. (được bãi bỏ)": the heading is the marker (title left empty), dated by its provenance line;
    Điều 17.2.LQ.25 has no body and its provenance says "được bãi bỏ theo quy định tại điểm đ khoản 2 Điều 23 Luật Phí
    và lệ phí số 97/2015/QH13" (read as the repealing provision, no date given)."""
    pd = shared_data / "phapdien"
    a = _art(_doc(pd, "cong-nghiep/hoa-chat.md"), "7.4.LQ.8")
    assert a.title == "" and a.text == "(được bãi bỏ)"
    assert a.validity.repealed and a.validity.repealed_by == ["Điều 7 Luật số 28/2018/QH14"]
    assert a.validity.effective_to == date(2018, 12, 31)
    b = _art(_doc(pd, "ke-toan-kiem-toan/kiem-toan-doc-lap.md"), "17.2.LQ.25")
    assert b.text == "" and b.validity.repealed and b.validity.effective_to is None
    assert b.validity.repealed_by == ["điểm đ khoản 2 Điều 23 Luật Phí và lệ phí số 97/2015/QH13"]


def test_partial_repeal_named_before_the_verb_does_not_end_the_article(shared_data) -> None:  # noqa: ANN001
    """"…, nội dung về phụ cấp thâm niên nghề quy định tại khoản 2 Điều 3 được bãi bỏ bởi Thông tư số 224/2017/TT-BQP
    …": part of Điều 37.10.TT.1.3 is repealed, not the article (it was read as ended on 27/10/2017)."""
    doc = _doc(shared_data / "phapdien", "to-tung-va-cac-phuong-thuc-giai-quyet-tranh-chap/thi-hanh-tam-giu-tam-giam.md")
    v = _art(doc, "37.10.TT.1.3").validity
    assert not v.repealed and not v.repealed_by and v.effective_to is None
    assert v.amended_by == ["Thông tư số 224/2017/TT-BQP"] and v.in_force(TODAY)


def _anninh_retriever(shared_data):  # noqa: ANN001, ANN202
    """The đề mục's chunks, Điều 39.4.NĐ.10 retrieved first, as the collection's retriever ranked it for the karaoke
    question."""
    chunks = chunk(_doc(shared_data / "phapdien", ANNINH), "phapdien")
    return KeywordRetriever(chunks, first=next(c for c in chunks if c.article_id == "39.4.NĐ.10"))


def test_answer_never_quotes_the_stub(shared_data) -> None:  # noqa: ANN001
    """"Kinh doanh karaoke cần điều kiện gì về an ninh, trật tự?" quoted Điều 39.4.NĐ.10's "(Bị bãi bỏ)" as its
    answer. No citation quotes a repeal trace, and the answer text holds no quoted marker."""
    ans = A.answer("Kinh doanh karaoke cần điều kiện gì về an ninh, trật tự?", collection="phapdien",
                   retriever=_anninh_retriever(shared_data), as_of=TODAY)
    assert not ans.refused and ans.citations
    assert not re.search(r"“[^”]*bãi bỏ\)?”", ans.text), ans.text
    for c in ans.citations:
        assert "bãi bỏ)" not in c.quote
        if c.article_id in ("39.4.NĐ.10", "39.4.NĐ.34"):
            assert c.quote == "" and c.in_force is False
    first = ans.citations[0]
    assert first.article_id not in ("39.4.NĐ.10", "39.4.NĐ.34") and first.in_force is not False


def test_question_about_the_repealed_article_is_told_it_was_repealed(shared_data) -> None:  # noqa: ANN001
    """Asked precisely about the repealed article (conditions for a debt-collection business), the answer says it was
    repealed and that the text names neither the repealing document nor the date — it quotes nothing of it."""
    ans = A.answer("Điều kiện về an ninh, trật tự đối với kinh doanh dịch vụ đòi nợ là gì?", collection="phapdien",
                   retriever=_anninh_retriever(shared_data), as_of=TODAY)
    stub = next(c for c in ans.citations if c.article_id == "39.4.NĐ.10")
    assert stub.quote == "" and stub.in_force is False and stub.status == "Đã bị bãi bỏ"
    assert f"[{stub.number}] đã bị bãi bỏ (văn bản không nêu văn bản bãi bỏ và ngày bãi bỏ)" in ans.text, ans.text
    assert "«Điều kiện về an ninh, trật tự đối với kinh doanh dịch vụ đòi nợ»" in ans.text
    assert "“(Bị bãi bỏ)”" not in ans.text


def test_dated_stub_says_by_what_and_since_when(shared_data) -> None:  # noqa: ANN001
    """Điều 4.4.LQ.52 (Luật Luật sư 2006, Điều 52) has no body: repealed by Điều 1 Luật số 20/2012/QH13 from
    01/07/2013. Asked about it, the answer names both and quotes nothing (not even its title as a rule)."""
    chunks = chunk(_doc(shared_data / "phapdien", "bo-tro-tu-phap/luat-su.md"), "phapdien")
    q = "Quyền, nghĩa vụ của luật sư hành nghề với tư cách cá nhân theo hợp đồng dịch vụ pháp lý"
    stub = next(c for c in chunks if c.article_id == "4.4.LQ.52")
    ans = A.answer(q, collection="phapdien", retriever=KeywordRetriever(chunks, first=stub), as_of=TODAY)
    cit = next(c for c in ans.citations if c.article_id == "4.4.LQ.52")
    assert cit.quote == "" and cit.in_force is False and cit.status == "Hết hiệu lực từ 01/07/2013"
    assert f"[{cit.number}] đã bị bãi bỏ bởi Điều 1 Luật số 20/2012/QH13, hết hiệu lực từ 01/07/2013" in ans.text
    # read on a date it was still in force: not called repealed in its status, and still not quoted (no text held)
    then = A.answer(q, collection="phapdien", retriever=KeywordRetriever(chunks, first=stub), as_of=date(2012, 1, 1))
    old = [c for c in then.citations if c.article_id == "4.4.LQ.52"]
    assert all(c.quote == "" and c.status != "Đã bị bãi bỏ" for c in old)


def test_date_filter_drops_an_undated_stub(shared_data) -> None:  # noqa: ANN001
    """The retriever's as-of filter: a stub without an end date is in force on no date."""
    from assistant.records import Chunk

    ch = next(c for c in chunk(_doc(shared_data / "phapdien", ANNINH), "phapdien") if c.article_id == "39.4.NĐ.10")
    assert isinstance(ch, Chunk) and not ch.validity.in_force(date(2016, 8, 1)) and not ch.validity.in_force(TODAY)
    assert Validity(effective_from=date(2016, 7, 1)).in_force(TODAY)


def test_consolidated_text_repealed_article_is_said_not_quoted() -> None:
    """A văn bản hợp nhất keeps "Điều 5. Lệ phí chứng thực điện tử (đã được bãi bỏ)": the article is marked repealed
    at the legal stage and a question on that fee is told it was repealed, not given "(đã được bãi bỏ)" as the rule."""
    doc = parse(raw_file(ROOT / "tests" / "data" / "van-ban-hop-nhat-10-vbhn-btp-ban-web.txt", "txt"))
    a = next(x for x in doc.articles if x.number == "5")
    assert a.validity.repealed and a.title == "Lệ phí chứng thực điện tử"
    chunks = chunk(doc, "t")
    ans = A.answer("Lệ phí chứng thực điện tử", collection="t", retriever=KeywordRetriever(chunks), as_of=TODAY)
    assert "“(đã được bãi bỏ)”" not in ans.text
    for c in ans.citations:
        assert "bãi bỏ)" not in c.quote


def test_sample_corpus_has_no_article_marked_repealed() -> None:
    """No false positive on the sample corpus: its expired circular (Thông tư 05/2019/TT-VPCP) ends by date, and no
    article of it or of the other documents is taken for a repeal trace."""
    docs = [parse(raw) for raw in iter_documents([SAMPLE])]
    assert docs and sum(len(d.articles) for d in docs) > 50
    assert not [(d.doc_id, a.number) for d in docs for a in d.articles if a.validity.repealed]


def test_stub_asked_before_its_repeal_says_it_will_be_repealed(shared_data) -> None:  # noqa: ANN001
    """Điều 4.4.LQ.52 (Luật Luật sư 2006), repealed by Điều 1 Luật số 20/2012/QH13 from 01/07/2013, asked as of
    01/01/2012: the answer says it will be repealed from 01/07/2013 and is in force until then — not that it was
    repealed; asked as of today, that it was."""
    chunks = chunk(_doc(shared_data / "phapdien", "bo-tro-tu-phap/luat-su.md"), "phapdien")
    q = "Quyền, nghĩa vụ của luật sư hành nghề với tư cách cá nhân theo hợp đồng dịch vụ pháp lý"
    stub = next(c for c in chunks if c.article_id == "4.4.LQ.52")
    then = A.answer(q, collection="phapdien", retriever=KeywordRetriever(chunks, first=stub), as_of=date(2012, 1, 1))
    cit = next(c for c in then.citations if c.article_id == "4.4.LQ.52")
    assert (f"[{cit.number}] sẽ bị bãi bỏ bởi Điều 1 Luật số 20/2012/QH13, từ 01/07/2013 (đến hết ngày 30/06/2013 vẫn "
            "còn hiệu lực)") in then.text, then.text
    assert "đã bị bãi bỏ" not in then.text and cit.quote == ""
    # the notice itself, on the last day in force and the first day after
    from assistant.answering.validity import repeal_notice

    assert "sẽ bị bãi bỏ bởi" in repeal_notice(stub, "Điều 52", date(2013, 6, 30))
    after = repeal_notice(stub, "Điều 52", date(2013, 7, 1))
    assert "đã bị bãi bỏ bởi" in after and "sẽ" not in after


def test_cross_reference_note_broken_over_lines_stays_a_note(all_phapdien) -> None:  # noqa: ANN001
    """98 "(Điều này có nội dung liên quan đến …)" notes are broken over lines in the subset (up to 14 non-blank ones);
    only the first line was taken as the note and the rest — titles of related provisions ("… ; Điều 4.3.TT.18.5. Tiêu
    chuẩn bổ nhiệm giám định viên tư pháp …"), sometimes with their khoản — became the article's last lines (98
    articles, ≈ 101k characters), read as its words by the keyword index and quoted in answers. The lines until the
    note's parenthesis closes are the note's. One article (27.6.NĐ.6, a note holding another note) keeps its leak."""
    docs = {d.title: d for d in all_phapdien}
    gd = next(d for d in all_phapdien if any(a.number == "4.3.LQ.7" for a in d.articles))
    a7 = _art(gd, "4.3.LQ.7")
    assert a7.text.endswith("sau khi thống nhất ý kiến với Bộ trưởng Bộ Tư pháp.")
    assert any("Điều 4.3.TT.37.4. Tiêu chuẩn bổ nhiệm và cấp thẻ giám định viên tư pháp" in n for n in a7.validity.notes)
    listing = re.compile(r"; Điều \d+\.\d+\.[A-ZĐ]+\.[\d.]+ ")  # "; Điều 4.3.TT.18.5. …": a list of related provisions
    leaked = [a.number for d in docs.values() for a in d.articles if listing.search(a.text) or "ban hành ngày" in
              a.text.rsplit("\n", 1)[-1] and a.text.rstrip().endswith(")")]
    assert leaked == ["27.6.NĐ.6"], leaked[:10]


def test_heading_glued_after_a_note_starts_the_next_chapter(all_phapdien) -> None:  # noqa: ANN001
    """The source glues 11 chapter / section headings to the closing parenthesis of a cross-reference note ("… ban hành
    ngày 12/05/2017)Chương V", then "THÙ LAO DỊCH VỤ ĐẤU GIÁ, …"). They were the last lines of the article before (its
    words, quotable) and missing from the heading path of every article after them in that chapter. Freed from the
    note, they start the next chapter as any heading does."""
    dg = next(d for d in all_phapdien if any(a.number == "4.1.LQ.65" for a in d.articles))
    a65, a66 = _art(dg, "4.1.LQ.65"), _art(dg, "4.1.LQ.66")
    assert a65.text.rstrip().endswith("có giá trị lớn.") and "Chương V" not in a65.text
    assert a66.heading_path == ["Chương V. THÙ LAO DỊCH VỤ ĐẤU GIÁ, CHI PHÍ ĐẤU GIÁ TÀI SẢN"]
    glued = re.compile(r"\)\s*(?:Chương|Mục|Phần) [IVXLC\d]+\s*$", re.M)
    # (27.6.NĐ.6 is the one leaked note, above: a note holding another, so its heading stays in the leaked text)
    assert [a.number for d in all_phapdien for a in d.articles if glued.search(a.text)] == ["27.6.NĐ.6"]
    assert not [n for d in all_phapdien for a in d.articles for n in a.validity.notes if glued.search(n)]
