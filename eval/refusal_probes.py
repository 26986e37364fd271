"""Experiment: can a collection calibrate its refusal veto from its own text (no labelled out-of-scope questions)?

For each collection, up to ``--n`` article titles (≥ 4 words, shared by fewer than 3 articles; fixed seed) are asked as
pseudo-questions through ``answering.pipeline._prepare`` twice: as they are ("in": the article is there) and with the title's
whole document hidden from retrieval ("masked": a question about a matter the collection does not hold — the
document is masked by wrapping ``HybridRetriever._filter_mask``, an experiment-only patch). Prints the quantiles of
the refusal model's P(in scope) for both. Compare with the per-collection ``refuse_below`` fitted on labelled data.

    python eval/refusal_probes.py alqac phapdien sample
"""

from __future__ import annotations

import argparse
import collections
import random

import numpy as np

from assistant import answering
from assistant.retrieval import HybridRetriever

_HIDDEN: np.ndarray | None = None
_ORIGINAL = HybridRetriever._filter_mask


def _masked(self: HybridRetriever, as_of, doc_types):  # noqa: ANN001, ANN202
    m = _ORIGINAL(self, as_of, doc_types)
    return m if _HIDDEN is None else m & ~_HIDDEN


def main(argv: list[str] | None = None) -> None:
    global _HIDDEN
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("collections", nargs="+")
    ap.add_argument("--n", type=int, default=150)
    a = ap.parse_args(argv)
    model = answering.load_refusal_model()
    if model is None:
        raise SystemExit("no refusal model (assistant/refusal_weights.json)")
    HybridRetriever._filter_mask = _masked  # type: ignore[method-assign]
    try:
        for coll in a.collections:
            r = answering.pipeline._open_retriever(coll)
            chunks = r.chunks
            arts: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
            docs: dict[str, list[int]] = collections.defaultdict(list)
            for i, c in enumerate(chunks):
                arts[(c.doc_id, c.article_id)].append(i)
                docs[c.doc_id].append(i)
            title = {k: (chunks[v[0]].article_title or "").strip() for k, v in arts.items()}
            seen = collections.Counter(t.lower() for t in title.values())
            keys = [k for k in arts if len(title[k].split()) >= 4 and seen[title[k].lower()] < 3]
            random.Random(0).shuffle(keys)
            probs: dict[str, list[float]] = {"in": [], "masked": []}
            for k in keys[: a.n]:
                for mode in probs:
                    _HIDDEN = None
                    if mode == "masked":
                        _HIDDEN = np.zeros(len(chunks), bool)
                        _HIDDEN[docs[k[0]]] = True
                    p = answering.pipeline._prepare(title[k], retriever=r, history=None, as_of=None, chat_model=None,
                                           k=answering.RETRIEVE_K, choices=None)
                    pr = model.probability(p.features)
                    if pr is not None:
                        probs[mode].append(pr)
            _HIDDEN = None
            for mode, v in probs.items():
                q = np.quantile(np.array(v), [0.1, 0.25, 0.5, 0.75, 0.9]) if v else []
                print(f"{coll}\t{mode}\tn={len(v)}\tP quantiles 10/25/50/75/90: {np.round(q, 3).tolist()}")
            print(f"{coll}\trefuse_below fitted on labelled data: {model.refuse_below.get(coll, '–')}")
    finally:
        HybridRetriever._filter_mask = _ORIGINAL  # type: ignore[method-assign]


if __name__ == "__main__":
    main()
