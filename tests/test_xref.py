"""Pháp điển cross-reference notes ("(Điều này có nội dung liên quan đến Điều … <tên> …)"): the related articles they
list (``phapdien.crossref_items``), the links the retriever reads from them in both directions
(``HybridRetriever.crossref_links``) and the reranker's link term (``rerank.linked_to_top``, the question weights'
``link_boost``). Real articles of the Pháp điển subset (``../shared/data/phapdien``; skipped without it)."""

from __future__ import annotations

import shutil

import numpy as np

from assistant.legal import parse
from assistant.legal.phapdien import crossref_items
from assistant.loaders import load

TTTP = "tuong-tro-tu-phap/tuong-tro-tu-phap.md"


def _notes(shared_data, rel: str, number: str) -> list[str]:  # noqa: ANN001
    doc = parse(load(shared_data / "phapdien" / rel)[0])
    return next(a for a in doc.articles if a.number == number).validity.notes


def test_crossref_items_read_code_and_title_of_each_related_article(shared_data) -> None:  # noqa: ANN001
    """The Thông tư liên tịch article on foreign law in civil judicial assistance relates to the Luật's article on the
    law applied and to another article of its own text; the provenance line is no cross-reference."""
    notes = _notes(shared_data, TTTP, "40.1.TL.3.4")
    assert crossref_items(notes[0]) == []  # "(Điều 4 Thông tư liên tịch số 12/2016/TTLT-BTP-BNG-TANDTC, …)"
    assert [it for n in notes for it in crossref_items(n)] == [
        ("40.1.LQ.3", "Áp dụng pháp luật"),
        ("40.1.TL.3.20", "Trình tự, thủ tục và thời hạn thực hiện ủy thác tư pháp của nước ngoài"),
    ]


def test_crossref_items_drop_the_document_an_item_names_after_its_title(shared_data) -> None:  # noqa: ANN001
    """Luật An ninh mạng, Điều 1: an item of another đề mục names its document after the title ("… của Luật 05/2022/QH15
    Điện ảnh ban hành ngày 15/06/2022"), an unfinished one ends "của" ("Phạm vi điều chỉnh của ;"): titles only."""
    notes = _notes(shared_data, "an-ninh-quoc-gia/an-ninh-mang.md", "1.11.LQ.1")
    items = dict(it for n in notes for it in crossref_items(n))
    assert items["1.1.LQ.1"] == "Phạm vi điều chỉnh"
    assert items["41.6.LQ.21"] == "Phổ biến phim trên không gian mạng"
    assert items["3.4.NĐ.4.14"] == "Bảo đảm an toàn trong giao dịch điện tử trong hoạt động tài chính"


def test_links_go_both_ways_and_the_link_term_marks_neighbours_of_the_leaders(shared_data, tmp_path) -> None:  # noqa: ANN001
    """Keyword-only index of the đề mục "Tương trợ tư pháp": 40.1.TL.3.4 lists 40.1.LQ.3 and 40.1.TL.3.20, and each
    of those lists it back: links are read in both directions (a note listing an article links the two); an article
    of another đề mục a note names (37.5.LQ.151) is not in the index and gives no link. A candidate linked to one of
    the three best-scored others gets the link term, an article without notes does not."""
    from assistant.ingest import ingest
    from assistant.rerank import QUESTION_WEIGHTS_PATH, WEIGHTS_PATH, linked_to_top, load_reranker
    from assistant.retrieval import HybridRetriever

    shutil.copy(shared_data / "phapdien" / TTTP, tmp_path / "tuong-tro-tu-phap.md")
    ingest([tmp_path / "tuong-tro-tu-phap.md"], "xref-tttp", dense=False)
    r = HybridRetriever.open("xref-tttp", dense=False)
    links = r.crossref_links()
    row = {c.article_id: i for i, c in enumerate(r.chunks) if c.clause is None}
    lq3, tl4, tl20, lq1 = row["40.1.LQ.3"], row["40.1.TL.3.4"], row["40.1.TL.3.20"], row["40.1.LQ.1"]
    assert {lq3, tl20} <= links[tl4] and tl4 in links[lq3] and tl4 in links[tl20]
    assert lq1 not in links and "37.5.LQ.151" not in row
    assert all(i in links[j] for i, js in links.items() for j in js)  # symmetric

    arts = [lq1, tl4, lq3, tl20]
    # best three by score: lq1, lq3, tl4 → tl4 (linked to lq3), lq3 (to tl4), tl20 (to tl4); lq1 has no link
    f = linked_to_top(np.array([3.0, 1.0, 2.0, 0.5]), arts, links)
    assert f.tolist() == [0.0, 1.0, 1.0, 1.0]
    # with tl4 last (best three: lq1, lq3, tl20), tl4 is linked to two of them; lq3 and tl20, linked only to tl4, lose it
    f = linked_to_top(np.array([3.0, 0.1, 2.0, 0.5]), arts, links)
    assert f.tolist() == [0.0, 1.0, 0.0, 0.0]

    mq, me = load_reranker(str(QUESTION_WEIGHTS_PATH)), load_reranker(str(WEIGHTS_PATH))
    assert mq.link_coef > 0 and me.link_coef == 0  # only questions in one's own words; exam-style weights unchanged
    X = np.zeros((4, len(mq.mean)))
    X[:, 0] = [1.0, 0.4, 0.8, 0.3]
    plain = mq.score(X)
    assert np.allclose(mq.score(X, arts, links) - plain, mq.link_coef * linked_to_top(plain, arts, links))
    assert np.allclose(mq.score(X, arts, {}), plain)
