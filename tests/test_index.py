"""Index writes are atomic; a failed ingest leaves the previous index serving; caches make re-ingest cheap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.index import Index, list_collections, read_manifest
from assistant.ingest import IngestError, ingest
from assistant.retrieval import HybridRetriever

from legal_files import SAMPLE


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(indexes_dir=tmp_path / "indexes", cache_dir=tmp_path / "cache")


def _docs(tmp_path: Path) -> Path:
    src = tmp_path / "docs"
    shutil.copytree(SAMPLE, src)
    return src


def test_keyword_index_builds_and_answers(tmp_path, settings):
    rep = ingest([_docs(tmp_path)], "kw", dense=False, settings=settings)
    assert rep.n_documents >= 8 and rep.n_chunks >= rep.n_documents
    idx = Index.open("kw", settings)
    assert not idx.dense_ready()
    assert len(idx.chunks) == rep.n_chunks
    m = idx.manifest
    assert m["format_version"] == 1 and m["n_chunks"] == rep.n_chunks and "chunks.jsonl" in m["checksums"]
    assert list_collections(settings) == ["kw"]
    hits = HybridRetriever.open("kw", settings=settings).search("thời hạn giải quyết hồ sơ", 5)
    assert hits and all(h.scores["bm25"] > 0 for h in hits)
    ids = [h.chunk.id for h in hits]
    assert len(ids) == len(set(ids))


def test_failed_ingest_keeps_previous_index(tmp_path, settings):
    ingest([_docs(tmp_path)], "c", dense=False, settings=settings)
    before = read_manifest("c", settings)
    q = "thời hạn giải quyết hồ sơ"
    hits_before = [h.chunk.id for h in HybridRetriever.open("c", settings=settings).search(q, 5)]

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "fake.pdf").write_bytes(b"\x00\x01binary, not a pdf" * 10)
    with pytest.raises(IngestError) as e:
        ingest([bad], "c", dense=False, settings=settings)
    assert "empty.txt" in str(e.value) or "fake.pdf" in str(e.value)
    assert read_manifest("c", settings) == before
    hits_after = [h.chunk.id for h in HybridRetriever.open("c", settings=settings).search(q, 5)]
    assert hits_after == hits_before


def test_crash_during_write_keeps_previous_index(tmp_path, settings, monkeypatch):
    docs = _docs(tmp_path)
    ingest([docs], "c", dense=False, settings=settings)
    before = read_manifest("c", settings)
    import bm25s

    def boom(*a, **k):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(bm25s.BM25, "save", boom)
    with pytest.raises(OSError):
        ingest([docs], "c", dense=False, reuse=False, settings=settings)
    assert read_manifest("c", settings) == before
    assert len(Index.open("c", settings).chunks) == before["n_chunks"]
    leftovers = [p for p in (settings.indexes_dir / ".versions").iterdir() if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_strict_fails_on_bad_file_but_default_skips(tmp_path, settings):
    docs = _docs(tmp_path)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage without xref")
    rep = ingest([docs], "s", dense=False, settings=settings)
    assert any("broken.pdf" in p for p, _ in rep.skipped)
    assert rep.n_documents >= 8
    with pytest.raises(IngestError, match="broken.pdf"):
        ingest([docs], "s2", dense=False, strict=True, settings=settings)
    assert read_manifest("s2", settings) is None


def test_reuse_and_token_cache(tmp_path, settings):
    docs = _docs(tmp_path)
    first = ingest([docs], "r", dense=False, settings=settings)
    again = ingest([docs], "r", dense=False, settings=settings)
    assert again.reused and again.n_chunks == first.n_chunks
    forced = ingest([docs], "r", dense=False, reuse=False, settings=settings)
    assert not forced.reused
    # every passage's tokens came from the cache the second time
    assert forced.timings["keyword_tokens_s"] < first.timings["keyword_tokens_s"]


def test_add_keeps_previous_sources(tmp_path, settings):
    docs = _docs(tmp_path)
    files = sorted(p for p in docs.iterdir() if p.suffix in {".txt", ".md"})
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    shutil.copy(files[0], a)
    shutil.copy(files[1], b)
    r1 = ingest([a], "add", dense=False, settings=settings)
    r2 = ingest([b], "add", dense=False, add=True, settings=settings)
    assert r2.n_documents == r1.n_documents + 1


def test_bad_collection_name(settings):
    with pytest.raises(ValueError):
        Index.open("../etc", settings)


def _small_index(settings: Settings, vectors: bool = True) -> Index:
    import numpy as np

    from assistant.index import write_version
    from assistant.records import Chunk

    texts = [["cán_bộ", "cán", "bộ", "công_chức"], ["công_chức", "công", "chức", "viên_chức", "công"],
             ["kết_hôn", "kết", "hôn"], ["cán_bộ", "cán", "bộ", "kết_hôn", "cán_bộ"]]
    chunks = [Chunk.model_validate({"id": f"c{i}", "doc_id": "d", "law_id": "d", "doc_title": "Luật X",
                                    "article_id": str(i + 1), "text": " ".join(t), "citation": f"Điều {i + 1}"}) for i, t in enumerate(texts)]
    rng = np.random.default_rng(0)
    v = rng.standard_normal((len(texts), 8)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    write_version("small", chunks, texts, vectors=v if vectors else None, model_id="test", settings=settings)
    return Index.open("small", settings)


def test_keyword_scores_equal_bm25s(settings):
    """The postings-based scorer gives bm25s's own scores, repeated and unknown query tokens included."""
    import numpy as np

    idx = _small_index(settings)
    for q in (["cán_bộ", "cán", "bộ"], ["công", "công", "chức", "không-có"], ["kết_hôn"] * 3 + ["cán"], ["x"]):
        known = [t for t in q if t in idx._bm25.vocab_dict]
        want = np.asarray(idx._bm25.get_scores(known), np.float32) if known else np.zeros(len(idx.chunks))
        assert np.allclose(idx.keyword_scores(q), want, rtol=1e-6, atol=1e-7), q


def test_frequent_term_rows_give_the_postings_scores(settings):
    """Frequent terms' dense rows (here every term: each is in ≥ 1/4 of the 4 chunks) give bit-identical scores
    to scattering their postings."""
    import numpy as np

    idx = _small_index(settings)
    assert idx._frequent and idx._frequent_rows.shape == (len(idx._frequent), len(idx.chunks))
    queries = (["cán_bộ", "cán", "bộ"], ["công", "công", "chức", "không-có"], ["kết_hôn"] * 3 + ["cán"])
    dense = [idx.keyword_scores(q) for q in queries]
    idx._frequent = {}
    for q, got in zip(queries, dense):
        assert np.array_equal(got, idx.keyword_scores(q)), q


def test_postings_added_in_c_give_the_numpy_scores(sample_retriever):
    """Posting lists added by scipy's in-place CSC kernel give bit-identical scores to numpy's scatter-add, on the
    sample collection's own tokens (rare and frequent terms, repeated tokens)."""
    import numpy as np

    from assistant.index import keyword_tokens

    idx = sample_retriever.index
    assert idx._post_ptr is not None and idx._post_ptr.dtype == np.asarray(idx._bm25.scores["indices"]).dtype
    queries = [keyword_tokens(c.passage()[:300]) for c in idx.chunks[::7]]
    queries.append(keyword_tokens("thời hạn thời hạn giải quyết hồ sơ cán bộ công chức"))
    fast = [idx.keyword_scores(q) for q in queries]
    assert sum(bool(f.any()) for f in fast) == len(queries)
    ptr, idx._post_ptr = idx._post_ptr, None
    try:
        for q, got in zip(queries, fast):
            assert np.array_equal(got, idx.keyword_scores(q)), q[:10]
    finally:
        idx._post_ptr = ptr


def test_vectors_view_shares_faiss_storage(settings):
    import numpy as np

    idx = _small_index(settings)
    view, copy = idx.vectors(copy=False), idx.vectors()
    assert np.array_equal(view, copy) and view.dtype == np.float32
    assert not view.flags.writeable and copy.flags.writeable
    assert _small_index(settings, vectors=False).vectors(copy=False) is None


def test_ann_graph_groups_shared_vectors_and_finds_the_exact_top(settings, monkeypatch):
    """The HNSW graph holds each distinct vector once (Khoản chunks reuse their article's vector) and its
    candidates contain the exact nearest rows, with every chunk of a shared vector."""
    import numpy as np

    import assistant.index as ix

    rng = np.random.default_rng(1)
    v = rng.standard_normal((3000, 32)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    v[1500:1600] = v[:100]  # 100 chunks share the vector of an earlier one
    ann = ix.AnnGraph.build(v)
    assert ann.graph.ntotal == 2900
    for q in v[[3, 42, 2999]] + 0.05 * rng.standard_normal((3, 32)).astype(np.float32):
        got = set(ann.search(q, 50).tolist())
        exact = np.argsort(-(v @ q))[:10]
        assert set(exact.tolist()) <= got
    assert {3, 1503} <= set(ann.search(v[3], 5).tolist())

    # written with a version when the collection is large enough, and read back (not rebuilt) at open
    monkeypatch.setattr(ix, "ANN_MIN_VECTORS", 2)
    idx = _small_index(settings)
    assert (idx.path / ix.ANN_FILE).exists() and idx._ann is not None
    monkeypatch.setattr(ix.AnnGraph, "build", lambda *a, **k: pytest.fail("the saved graph must be reused"))
    assert set(Index.open("small", settings).dense_candidates(idx.vectors()[2], 2).tolist()) >= {2}


def test_retriever_ranks_the_same_with_the_ann_graph(sample_retriever, monkeypatch):
    """Forcing the HNSW candidate path on the sample collection changes no ranking."""
    import assistant.index as ix
    from assistant.retrieval import HybridRetriever

    monkeypatch.setattr(ix, "ANN_MIN_VECTORS", 0)
    n = len(sample_retriever.chunks)
    exact = HybridRetriever.open("sample", n_candidates=n // 4)  # fewer candidates than chunks: a real choice
    fast = HybridRetriever.open("sample", n_candidates=n // 4)
    assert fast.index._ann is not None and exact.index._ann is not None
    monkeypatch.setattr(exact.index, "_ann", None)
    for q in ("Thời hạn giải quyết thủ tục đăng ký khai sinh là bao lâu?",
              "Cán bộ, công chức có được thành lập doanh nghiệp không?",
              "mức lệ phí cấp giấy phép xây dựng"):
        a = [(h.chunk.id, round(h.score, 5)) for h in exact.search(q, 10)]
        b = [(h.chunk.id, round(h.score, 5)) for h in fast.search(q, 10)]
        assert a == b, q


_TOKENS_CHILD = """
import multiprocessing, sys, time
from pathlib import Path
from concurrent.futures import ProcessPoolExecutor
import assistant.ingest as ingest

class Pool(ProcessPoolExecutor):  # as tokenize_passages builds it, reporting its workers once they run
    def map(self, fn, *its, **kw):
        out = super().map(fn, *its, **kw)
        while len(multiprocessing.active_children()) < 2:
            time.sleep(0.05)
        print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
        time.sleep(600)
        return out

ingest.ProcessPoolExecutor = Pool
texts = [f"Người lao động thứ {i} được nghỉ việc riêng khi kết hôn" for i in range(2500)]
ingest.tokenize_passages(texts, ingest.TokenCache(Path(sys.argv[1])), workers=2)
"""


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_token_workers_of_a_killed_ingest_stop(tmp_path):
    """An ingest killed while its token workers ran (SIGKILL, the OOM killer: no clean-up runs) left them waiting
    forever for their next batch, ≈ 150 MB each. Each worker now sees its parent gone and exits within seconds; an
    ingest that is not killed gets the same tokens with workers as without."""
    from assistant.ingest import TokenCache, tokenize_passages
    from orphans import kill_and_expect_workers_stop

    script = tmp_path / "ingest_child.py"
    script.write_text(_TOKENS_CHILD, encoding="utf-8")
    kill_and_expect_workers_stop(script, str(tmp_path / "tokens.db"))
    texts = [f"Hồ sơ đăng ký thường trú số {i} gồm tờ khai và giấy tờ chứng minh chỗ ở hợp pháp" for i in range(2100)]
    pooled = tokenize_passages(texts, TokenCache(tmp_path / "a.db"), workers=2)
    assert pooled == tokenize_passages(texts, TokenCache(tmp_path / "b.db"), workers=1)
    assert pooled[7][:3] == ["hồ_sơ", "đăng_ký", "thường_trú"]
