"""eval/pd_dense_views.py: a retriever scored by a combination of two dense views of the same chunks."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import pd_dense_views as pv  # noqa: E402

QUERY = "Thời hạn giải quyết hồ sơ là bao lâu?"


def _copy(retriever):
    r = retriever.model_copy()
    r.model_post_init(None)
    return r


def test_identical_second_view_keeps_the_ranking(sample_retriever):
    base = sample_retriever.ranked(QUERY, 10)
    vb = np.array(sample_retriever._vectors, dtype=np.float32)
    ids = [c.id for c in sample_retriever.index.chunks]
    for view in ("a", "b", "mean", "max"):
        r = pv.with_two_views(_copy(sample_retriever), vb, ids, view)
        got = r.ranked(QUERY, 10)
        assert got["rows"] == base["rows"], view
        np.testing.assert_allclose(got["dense"], sample_retriever._vectors @ r.embedder.embed_queries([got["query"]])[0],
                                   atol=1e-5)


def test_second_view_is_the_one_scored(sample_retriever):
    rng = np.random.default_rng(0)
    va = np.asarray(sample_retriever._vectors, dtype=np.float32)
    vb = rng.normal(size=va.shape).astype(np.float32)
    vb /= np.linalg.norm(vb, axis=1, keepdims=True)
    ids = [c.id for c in sample_retriever.index.chunks]
    qv = sample_retriever.embedder.embed_queries([sample_retriever.ranked(QUERY, 1)["query"]])[0]
    expect = {"a": va @ qv, "b": vb @ qv, "mean": (va @ qv + vb @ qv) / 2, "max": np.maximum(va @ qv, vb @ qv)}
    for view, want in expect.items():
        r = pv.with_two_views(_copy(sample_retriever), vb, ids, view)
        np.testing.assert_allclose(r.ranked(QUERY, 10)["dense"], want, atol=1e-5)
    # the served retriever (the fixture) is untouched
    np.testing.assert_allclose(sample_retriever.ranked(QUERY, 10)["dense"][:5], (va @ qv)[:5], atol=1e-5)


def test_other_chunks_are_refused(sample_retriever):
    ids = [c.id for c in sample_retriever.index.chunks]
    vb = np.array(sample_retriever._vectors, dtype=np.float32)
    with pytest.raises(ValueError, match="same chunks"):
        pv.with_two_views(_copy(sample_retriever), vb, ids[::-1], "mean")
