"""The reranker's ``doc_title_cover`` (helpers h-rank18, h-rank19): how much of the question's content the title of the
candidate's legal document holds — on Pháp điển the đề mục. Real articles of the Pháp điển subset
(``../shared/data/phapdien``; skipped without it): "Thời hạn giải quyết khiếu nại lần đầu là bao lâu?" is answered by
Luật Khiếu nại Điều 28 ("Thời hạn giải quyết khiếu nại lần đầu", đề mục "Khiếu nại"); Luật Tố tụng hành chính Điều 333
("Thời hạn giải quyết khiếu nại", đề mục "Tố tụng hành chính") holds every title word of the question too, and its text
says "… lần đầu là 15 ngày". Only legal documents' titles count (``rerank.LEGAL_DOC_TYPES``): a guide's long
descriptive title that restates the question ("Hướng dẫn nộp hồ sơ đề nghị cấp bản sao điện tử từ sổ gốc …") counts
for nothing — the first version counted it and the guide outranked the decree in the sample's two-part question."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest

from legal_files import SAMPLE

QUESTION = "Thời hạn giải quyết khiếu nại lần đầu là bao lâu?"
FILES = ("khieu-nai-to-cao/khieu-nai.md", "to-tung-va-cac-phuong-thuc-giai-quyet-tranh-chap/to-tung-hanh-chinh.md")


@pytest.fixture(scope="module")
def khieu_nai(shared_data, tmp_path_factory):  # noqa: ANN001, ANN201
    """Keyword-only index of the two đề mục (the features read the BM25 postings and the document titles)."""
    from assistant.ingest import ingest
    from assistant.retrieval import HybridRetriever

    d = tmp_path_factory.mktemp("khieu-nai")
    for rel in FILES:
        shutil.copy(shared_data / "phapdien" / rel, d / rel.split("/")[1])
    ingest(sorted(d.glob("*.md")), "rank18-khieu-nai", dense=False)
    return HybridRetriever.open("rank18-khieu-nai", dense=False)


def _features(r, q: str) -> tuple[dict[str, np.ndarray], np.ndarray]:  # noqa: ANN001
    ranked = r.ranked(q, 30)
    X = r.rerank_features(ranked, ranked["rows"])
    by_id: dict[str, np.ndarray] = {}
    for j, row in enumerate(ranked["rows"]):
        by_id.setdefault(r.chunks[r._art_row[row]].article_id, X[j])
    return by_id, X


def test_the_document_title_holding_the_matter_asked_about(khieu_nai) -> None:  # noqa: ANN001
    """Điều 28's đề mục "Khiếu nại" holds "khiếu nại", a third of the question's content by idf; "Tố tụng hành chính"
    holds none of it. Both titles lie wholly in the question (``title_in_query`` 1), so the titles alone do not tell
    them apart. The question words ("là", "bao lâu") count for neither."""
    from assistant.rerank import FEATURES

    f, _ = _features(khieu_nai, QUESTION)
    d, t = FEATURES.index("doc_title_cover"), FEATURES.index("title_in_query")
    lq28, lq333 = f["18.1.LQ.28"], f["37.6.LQ.333"]
    assert lq28[t] == lq333[t] == 1.0
    assert 0.15 < lq28[d] < 0.5 and lq333[d] == 0.0
    # a question in other words that names no matter of either title: 0 for both
    g, _ = _features(khieu_nai, "Thời hạn là bao lâu?")
    assert all(v[d] == 0.0 for v in g.values())


@pytest.fixture(scope="module")
def sample_keywords():  # noqa: ANN201
    """Keyword-only index of the sample corpus: laws, decrees, circulars, a decision, a resolution, and a guide, a
    handbook and a Q&A page."""
    from assistant.ingest import ingest
    from assistant.retrieval import HybridRetriever

    ingest([SAMPLE], "rank19-sample", dense=False)
    return HybridRetriever.open("rank19-sample", dense=False)


def test_a_guide_title_restating_the_question_counts_for_nothing(sample_keywords) -> None:  # noqa: ANN001
    """The guide's title holds most of the question's content; the decree's long title some of it ("điện tử"). The
    guide (doc_type "Hướng dẫn") gets 0, the decree its share."""
    from assistant.rerank import FEATURES, QUESTION_FUNCTION_SYLLABLES, _fold

    r = sample_keywords
    q = "Nộp hồ sơ đề nghị cấp bản sao điện tử từ sổ gốc trên cổng dịch vụ công quốc gia thế nào?"
    ranked = r.ranked(q, 30)
    X = r.rerank_features(ranked, ranked["rows"])
    d = FEATURES.index("doc_title_cover")
    by_type: dict[str, list[float]] = {}
    for j, row in enumerate(ranked["rows"]):
        by_type.setdefault(r.chunks[row].doc_type, []).append(float(X[j, d]))
    assert by_type.get("Hướng dẫn") and all(v == 0.0 for v in by_type["Hướng dẫn"])
    assert by_type.get("Nghị định") and max(by_type["Nghị định"]) > 0.0
    # what the guide's title would have given: more than half of the question's content
    guide = next(c for c in r.chunks if c.doc_type == "Hướng dẫn")
    ts = set(re.findall(r"\w+", _fold(guide.doc_title)))
    qs = [s for s in re.findall(r"\w+", _fold(q)) if s not in QUESTION_FUNCTION_SYLLABLES]
    w = {s: r._kstats.syllable_idf(s) for s in qs}
    assert sum(v for s, v in w.items() if s in ts) / sum(w.values()) > 0.5


@pytest.fixture(scope="module")
def phapdien(phapdien_served):  # noqa: ANN001, ANN201
    return phapdien_served


def test_the_complaints_law_answers_first_on_the_served_index(phapdien, monkeypatch) -> None:  # noqa: ANN001
    """On the whole Pháp điển index Điều 28 has the best fused score, but without ``doc_title_cover`` the reranker put
    Điều 333 first (19.61 vs 19.32: its text's "lần đầu là" matches the question's bigram "đầu là" and syllable "là");
    the question weights' ``doc_title_cover`` term (2.65 × 0.36) puts Điều 28 first, Điều 333 second."""
    from assistant.rerank import FEATURES

    def first_two() -> list[str]:
        return [h.chunk.article_id for h in phapdien.search(QUESTION, 5)[:2]]

    assert first_two() == ["18.1.LQ.28", "37.6.LQ.333"]
    m = phapdien._reranker_q
    coef = m.coef.copy()
    coef[FEATURES.index("doc_title_cover")] = 0.0
    monkeypatch.setattr(m, "coef", coef)  # the weights as they were before the term
    assert first_two() == ["37.6.LQ.333", "18.1.LQ.28"]
