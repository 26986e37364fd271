"""Experiment: two dense views of the Pháp điển articles (128- and 256-token vectors of the same chunks) combined.

    ASSISTANT_INDEXES_DIR=<dir with alqac + the 128-token phapdien> \
    python eval/pd_dense_views.py --view mean --second /tmp/h-pd256/indexes/phapdien -- <eval/train_reranker.py args>

Runs ``eval/train_reranker.py`` (5-fold CV grouped by question, training files only) with the Pháp điển retriever's
dense score replaced by a combination of its own index's cosine (view ``a``) and the cosine to the same chunk in the
``--second`` index version (view ``b``), both scanned exactly (no ANN graph, so every view is scored the same way):

* ``a`` / ``b`` — one view alone (the baselines, exact scan);
* ``mean`` — the mean of the two cosines; ``max`` — the larger one.

The pseudo-relevance-feedback feature reads the candidate vectors: view ``b``'s vectors for ``b``, the normalised
sum of both for ``mean``/``max``. ALQAC items are untouched. The second index must hold the same chunks in the same
order (checked). Nothing is written except the train_reranker report (``--report``) and its query-vector memo.
An experiment, not a serving path: the served retriever has one vector per chunk.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_reranker  # noqa: E402


def with_two_views(r, vb: np.ndarray, second_ids: list[str], view: str):
    """Make retriever ``r`` score its chunks densely by ``view`` of its own vectors (a) and ``vb`` (b, the same chunks
    in ``second_ids`` order), exact scan; returns ``r`` (changed in place)."""
    if [c.id for c in r.index.chunks] != second_ids:
        raise ValueError("the second index does not hold the same chunks, in the same order, as the retriever's")
    va = np.asarray(r._vectors, dtype=np.float32)
    if view == "a":
        pool = va
    elif view == "b":
        pool = vb
    elif view in ("mean", "max"):
        s = va + vb
        pool = s / np.linalg.norm(s, axis=1, keepdims=True)
    else:
        raise ValueError(f"unknown view {view!r}")

    def dense_scores(qv, kw, mask):
        a, b = va @ qv, vb @ qv
        d = {"a": a, "b": b, "mean": (a + b) / 2, "max": np.maximum(a, b)}[view]
        return d.astype(np.float32), None

    object.__setattr__(r, "_dense_scores", dense_scores)
    r._vectors = pool  # read by the PRF feature
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--view", choices=("a", "b", "mean", "max"), required=True)
    ap.add_argument("--second", type=Path, required=True, help="the other index version directory of the collection")
    ap.add_argument("--collection", default="phapdien")
    args, rest = ap.parse_known_args()
    if rest and rest[0] == "--":
        rest = rest[1:]

    from assistant.index import Index

    second = Index.open_path(args.second.resolve())
    vb = second.vectors()
    second_ids = [c.id for c in second.chunks]
    orig_open = train_reranker.open_retriever

    def open_retriever(collection: str, **kw):
        r, memo = orig_open(collection, **kw)
        if collection == args.collection:
            try:
                with_two_views(r, vb, second_ids, args.view)
            except ValueError as e:
                raise SystemExit(f"{args.second}: {e}") from None
        return r, memo

    train_reranker.open_retriever = open_retriever
    sys.argv = [sys.argv[0], *rest]
    train_reranker.main()


if __name__ == "__main__":
    main()
