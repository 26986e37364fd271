"""Issue 5, Recall@10: where the gold articles that miss the top 10 sit, and what a general method could recover.
Tuning data only: the ALQAC **dev** split and the Pháp điển **training** questions (never ALQAC test or
``phapdien_dev.json``).

    python eval/recall_study.py [--depths 30 45 60 100] [--title-cos] [--int8] [--report recall-dev]

Every figure is a 5-fold cross-validation grouped by question that reproduces the shipped routing
(``rerank.exam_style``): the exam-style weights are fitted on the ALQAC dev items of the training folds, the
question weights on ALQAC dev + Pháp điển training items of the same folds, each query is scored by the weights
its form picks. Query vectors come from ``train_reranker``'s memo (the vectors the shipped weights were trained
on); ``--int8`` re-embeds every query with the serving encoder and also compares training on those vectors.

Experiments (each is one row of the report):

* **pool**: where each gold article sits — reranked top 10, reranked 11–30, fused 31–``max(depths)``, or outside;
  for the misses also its BM25-only and dense-only article rank over the whole collection;
* **deeper rerank**: the reranker over the fused top ``D`` instead of 30 (weights fitted at that depth);
* **head + tail**: the first ``keep`` positions of the depth-30 reranking, the rest ordered by another view —
  the depth-``D`` reranker, the dense / keyword / fused score, or the bigram / coverage feature
  (``merge_head_tail``): only ranks ≥ ``keep`` + 1 move, so R@1 cannot change and MRR@10 barely;
* **title cosine** (``--title-cos``, ≈ 6 min of passage embedding on 2 cores): e5 cosine between the query and the
  candidate's article title as an extra feature (raw, min-max in the list, reciprocal rank);
* **Đúng/Sai suffix**: the trailing "…, đúng hay sai?" removed from the query (with ``--int8``: it needs fresh vectors).

Writes ``eval/reports/<report>.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

import train_reranker as T  # noqa: E402

C = 0.1  # the shipped weights' regularisation (both files)
FOLDS = 5
PD_TRAIN = ROOT / "eval" / "data" / "phapdien_train.json"
_DS_SUFFIX = re.compile(r"[\s,.;:–-]*(?:đúng|sai)\s+hay\s+(?:sai|đúng)\s*\??\s*$", re.IGNORECASE)


def fold_of(qid: str, folds: int = FOLDS) -> int:
    return int(hashlib.sha1(qid.encode()).hexdigest(), 16) % folds


def routed_cv(items: list[dict], train_items: list[dict] | None = None, folds: int = FOLDS) -> list[np.ndarray]:
    """Out-of-fold reranker scores for ``items`` under the shipped routing: exam-style items (``it["exam"]``)
    are scored by weights fitted on the ALQAC items of the other folds, the rest by weights fitted on all items
    of the other folds. ``train_items`` (same questions, e.g. featurised with other query vectors) are what the
    weights are fitted on; default ``items``."""
    train_items = items if train_items is None else train_items
    scores: list[np.ndarray | None] = [None] * len(items)
    for f in range(folds):
        tr = [it for it in train_items if fold_of(it["qid"], folds) != f]
        w_exam = T.fit([it for it in tr if it["source"] == "alqac"], C)
        w_q = T.fit(tr, C)
        for j, it in enumerate(items):
            if fold_of(it["qid"], folds) == f:
                scores[j] = T.apply(w_exam if it["exam"] else w_q, it["X"])
    return scores  # type: ignore[return-value]


def order_by(it: dict, s: np.ndarray) -> list[int]:
    """Candidate order the retriever would return: cited articles first, then by score, ties by fused rank."""
    return sorted(range(len(it["y"])), key=lambda i: (not it["cited"][i], -s[i], i))


def merge_head_tail(head_order: list[int], tail_score: np.ndarray, keep: int) -> list[int]:
    """The first ``keep`` positions of ``head_order``; every other candidate (also those beyond the head
    order's list, when ``tail_score`` is longer) follows by ``tail_score``, highest first (ties: lower index)."""
    head = list(head_order[:keep])
    taken = set(head)
    rest = sorted((i for i in range(len(tail_score)) if i not in taken), key=lambda i: (-tail_score[i], i))
    return head + rest


def evaluate(items: list[dict], orders: list[list[int]], k: int = 10) -> dict[str, float]:
    rr, r1, r10 = [], [], []
    for it, o in zip(items, orders):
        y = it["y"][o][:k]
        first = int(np.argmax(y)) + 1 if y.any() else None
        rr.append(1.0 / first if first else 0.0)
        r1.append(1.0 if first == 1 else 0.0)
        r10.append(float(y.sum()) / it["n_gold"])
    return {"mrr@10": float(np.mean(rr)), "recall@1": float(np.mean(r1)), "recall@10": float(np.mean(r10)), "n": len(items)}


def groups(items: list[dict]) -> dict[str, list[int]]:
    """headline = ALQAC dev as the test report's headline (question + options when it has options); all = both
    ALQAC query modes; pd = Pháp điển training questions."""
    with_choices = {it["qid"] for it in items if it["mode"] == "choices"}
    return {
        "headline": [j for j, it in enumerate(items)
                     if it["source"] == "alqac" and (it["mode"] == "choices" or it["qid"] not in with_choices)],
        "all": [j for j, it in enumerate(items) if it["source"] == "alqac"],
        "pd": [j for j, it in enumerate(items) if it["source"] == "phapdien"],
    }


def row(name: str, items: list[dict], orders: list[list[int]]) -> dict:
    out = {"name": name}
    for g, sel in groups(items).items():
        out[g] = evaluate([items[j] for j in sel], [orders[j] for j in sel])
    print(json.dumps(out), flush=True)
    return out


def featurise(r, questions, depth: int, modes, source: str, rewrite=None) -> list[dict]:
    """``train_reranker.featurise`` with ``doc_share`` zeroed as in the shipped weights, and the retriever kept
    on each item (``r``)."""
    from assistant.rerank import FEATURES

    data = T.featurise(r, questions, depth, modes, source, rewrite)
    for it in data:
        it["X"][:, FEATURES.index("doc_share")] = 0.0
        it["r"] = r
    return data


def strip_ds_suffix(text: str) -> str:
    """"…, đúng hay sai?" at the end of a statement to judge → removed (only the query string changes)."""
    return _DS_SUFFIX.sub("", text)


def article_ranks(r, scores: np.ndarray) -> dict[tuple[str, str], int]:
    """Rank of every article by its best chunk's score (1 = first)."""
    ranks: dict[tuple[str, str], int] = {}
    for i in np.argsort(-scores, kind="stable"):
        c = r.chunks[i]
        ranks.setdefault((c.law_id, c.article_id), len(ranks) + 1)
    return ranks


def pool_analysis(items: list[dict], orders: list[list[int]], deep: list[dict], depth: int) -> dict:
    """Where each gold article of each group sits after the depth-30 reranking (``orders``), using the fused
    top-``max depth`` list (``deep``, same order as ``items``) for the ones below 30; misses listed with their
    BM25-only and dense-only article ranks (dev / training questions only)."""
    out: dict = {}
    for g, sel in groups(items).items():
        c: Counter = Counter()
        misses = []
        for j in sel:
            it, o, dp = items[j], orders[j], deep[j]
            r = it["r"]
            pos = {(r.chunks[it["rows"][i]].law_id, r.chunks[it["rows"][i]].article_id): p + 1 for p, i in enumerate(o)}
            fused_pos = {(r.chunks[i].law_id, r.chunks[i].article_id): p + 1 for p, i in enumerate(dp["rows"])}
            golds = [(r.chunks[i].law_id, r.chunks[i].article_id) for i in np.asarray(dp["rows"])[dp["y"]]]
            n_missing = it["n_gold"] - len(golds)
            for gkey in golds:
                p = pos.get(gkey)
                if p is not None and p <= 10:
                    c["top 10"] += 1
                    continue
                bucket = "reranked 11-30" if p is not None else f"fused 31-{depth}"
                c[bucket] += 1
                misses.append({"qid": it["qid"], "mode": it["mode"], "gold": list(gkey), "where": bucket,
                               "reranked": p, "fused": fused_pos[gkey]})
            if n_missing:
                # not among the fused top ``depth`` (some lists are shorter: fewer candidates have a fused score)
                c[f"beyond fused {depth}"] += n_missing
                misses.append({"qid": it["qid"], "mode": it["mode"], "where": f"beyond fused {depth}",
                               "n": n_missing})
        out[g] = {"buckets": dict(c), "misses": misses}
    return out


def main() -> None:
    from assistant.evaluation.datasets import load_alqac_questions, select_split

    ap = argparse.ArgumentParser()
    ap.add_argument("--collection", default="alqac")
    ap.add_argument("--pd-collection", default="phapdien")
    ap.add_argument("--depths", type=int, nargs="+", default=[30, 45, 60, 100])
    ap.add_argument("--title-cos", action="store_true")
    ap.add_argument("--int8", action="store_true", help="also: fresh serving-encoder query vectors, suffix strip")
    ap.add_argument("--report", default="recall-dev")
    args = ap.parse_args()
    T.PAIRWISE, T.MAX_NEG = True, 50  # as the shipped weights
    depths = sorted(set(args.depths) | {30})
    qs = [q for q in select_split(load_alqac_questions(T.TRAIN), "dev") if q.relevant]
    pd = [q for q in load_alqac_questions(PD_TRAIN) if q.relevant]
    t0 = time.perf_counter()
    r, memo = T.open_retriever(args.collection)
    pr, pmemo = T.open_retriever(args.pd_collection)

    def feat(depth, ra=r, pa=pr, rewrite=None):
        return (featurise(ra, qs, depth, ("choices", "text"), "alqac", rewrite)
                + featurise(pa, pd, depth, ("text",), "phapdien", rewrite))

    by_depth = {d: feat(d) for d in depths}
    memo.save()
    pmemo.save()
    rows: list[dict] = []
    base = by_depth[30]
    s30 = routed_cv(base)
    o30 = [order_by(it, s) for it, s in zip(base, s30)]
    rows.append(row("fused order (no reranker)", base, [list(range(len(it["y"]))) for it in base]))
    rows.append(row("reranker, depth 30 (as shipped)", base, o30))
    deepest = by_depth[max(depths)]
    pool = pool_analysis(base, o30, deepest, max(depths))
    for g, v in pool.items():
        print(g, v["buckets"], flush=True)
    # BM25-only / dense-only article ranks of the misses (whole collection)
    for g, v in pool.items():
        for m in v["misses"]:
            it = next(x for x in base if x["qid"] == m["qid"] and x["mode"] == m["mode"])
            ra = it["r"]
            ranked = ra.ranked(it["query"], 1)
            kw_r = article_ranks(ra, ranked["kw"])
            de_r = article_ranks(ra, ra._vectors @ ra.embedder.embed_queries([it["query"]])[0])
            q = next(x for x in (qs if it["source"] == "alqac" else pd) if x.question_id == m["qid"])
            m["bm25_rank"] = [kw_r.get(gk) for gk in q.relevant]
            m["dense_rank"] = [de_r.get(gk) for gk in q.relevant]

    for d in depths:
        if d == 30:
            continue
        deep = by_depth[d]
        sd = routed_cv(deep)
        od = [order_by(it, s) for it, s in zip(deep, sd)]
        rows.append(row(f"reranker, depth {d}", deep, od))
        for keep in (6, 8, 9):
            rows.append(row(f"  first {keep} of depth 30 + rest by the depth-{d} reranker", deep,
                            [merge_head_tail(o, s, keep) for o, s in zip(o30, sd)]))
    from assistant.rerank import FEATURES

    for feat_name, col in (("dense_norm", "dense_norm"), ("kw_norm", "kw_norm"), ("fused", "fused"),
                           ("bigram_coverage", "bigram_coverage"), ("coverage", "coverage")):
        j = FEATURES.index(col)
        for keep in (8, 9):
            rows.append(row(f"  first {keep} of depth 30 + rest by {feat_name}", base,
                            [merge_head_tail(o, it["X"][:, j], keep) for o, it in zip(o30, base)]))

    if args.title_cos:
        from assistant.embeddings import get_embedder

        emb = get_embedder(None)
        keys: dict[tuple[int, int], str] = {}
        for it in base:
            ra = it["r"]
            for a in ra._art_row[np.asarray(it["rows"])]:
                c = ra.chunks[int(a)]
                keys.setdefault((id(ra), int(a)), (c.article_title or "").strip() or c.text[:200])
        t1 = time.perf_counter()
        kl = list(keys)
        tv = dict(zip(kl, emb.embed_passages([keys[k] for k in kl])))
        print(f"embedded {len(kl)} titles in {time.perf_counter() - t1:.0f}s", flush=True)
        for it in base:
            ra = it["r"]
            qv = ra.embedder.embed_queries([it["query"]])[0]
            t = np.array([tv[(id(ra), int(a))] @ qv for a in ra._art_row[np.asarray(it["rows"])]])
            rk = np.empty(len(t))
            rk[np.argsort(-t, kind="stable")] = np.arange(len(t))
            it["title"] = {"raw": t, "norm": (t - t.min()) / (t.max() - t.min()) if t.max() > t.min() else np.ones_like(t),
                           "rank": 1.0 / (1.0 + rk)}
        for kinds in (["raw"], ["norm"], ["rank"], ["raw", "norm", "rank"]):
            aug = [dict(it, X=np.column_stack([it["X"], *[it["title"][k] for k in kinds]])) for it in base]
            rows.append(row("+ title cosine feature (" + "+".join(kinds) + ")", aug,
                            [order_by(it, s) for it, s in zip(aug, routed_cv(aug))]))

    if args.int8:
        from assistant.retrieval import HybridRetriever

        class Fresh:  # the serving query encoder, memoised in memory only
            def __init__(self, inner):
                self.inner, self.model_id, self.dim, self.memo = inner, inner.model_id, inner.dim, {}

            def embed_queries(self, texts):
                for t in texts:
                    if t not in self.memo:
                        self.memo[t] = self.inner.embed_queries([t])[0]
                return np.stack([self.memo[t] for t in texts])

        def fresh(coll):
            b = HybridRetriever.open(coll, rerank=False)
            x = b.model_copy(update={"embedder": Fresh(b.embedder), "rerank": False})
            x.model_post_init(None)
            return x

        fr, fpr = fresh(args.collection), fresh(args.pd_collection)
        i8 = feat(30, fr, fpr)
        rows.append(row("serving (int8) query vectors: fused order", i8, [list(range(len(it["y"]))) for it in i8]))
        rows.append(row("serving vectors, weights fitted on memo vectors (as shipped)", i8,
                        [order_by(it, s) for it, s in zip(i8, routed_cv(i8, base))]))
        rows.append(row("serving vectors, weights fitted on serving vectors", i8,
                        [order_by(it, s) for it, s in zip(i8, routed_cv(i8))]))
        st = feat(30, fr, fpr, rewrite=strip_ds_suffix)
        rows.append(row("serving vectors, '…đúng hay sai?' stripped from the query", st,
                        [order_by(it, s) for it, s in zip(st, routed_cv(st))]))

    seconds = round(time.perf_counter() - t0)
    for g in pool.values():
        for m in g["misses"]:
            m.pop("r", None)
    info = {"questions": {"alqac_dev": len(qs), "phapdien_train": len(pd)}, "C": C, "folds": FOLDS,
            "query_vectors": "train_reranker memo (the vectors the shipped weights were fitted on)",
            "seconds": seconds, "rows": rows, "pool": pool}
    T.REPORTS.mkdir(parents=True, exist_ok=True)
    (T.REPORTS / f"{args.report}.json").write_text(json.dumps(info, ensure_ascii=False, indent=1))
    lines = [f"# Recall@10 study (issue 5): ALQAC dev ({len(qs)} questions) + Pháp điển training ({len(pd)} questions)",
             "", "5-fold CV grouped by question with the shipped routing (exam-style weights fitted on ALQAC dev folds, "
             "question weights on ALQAC dev + Pháp điển training folds). Cells: MRR@10 / R@1 / R@10. "
             f"Produced by `eval/recall_study.py` in {seconds} s.", "",
             "| configuration | ALQAC dev headline | ALQAC dev both modes | Pháp điển train |", "|---|---|---|---|"]
    for x in rows:
        cells = [f"{x[g]['mrr@10']:.4f} / {x[g]['recall@1']:.4f} / {x[g]['recall@10']:.4f}" for g in ("headline", "all", "pd")]
        lines.append(f"| {x['name']} | " + " | ".join(cells) + " |")
    lines += ["", "## Where the gold articles missing from the top 10 sit (depth-30 reranker, CV)", ""]
    for g, v in pool.items():
        lines.append(f"- **{g}**: {json.dumps(v['buckets'], ensure_ascii=False)}")
        for m in v["misses"]:
            lines.append(f"  - `{m['qid']}` ({m['mode']}): {m['where']}"
                         + (f", reranked {m['reranked']}, fused {m['fused']}" if "fused" in m else "")
                         + f"; BM25-only article rank {m.get('bm25_rank')}, dense-only {m.get('dense_rank')}")
    (T.REPORTS / f"{args.report}.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
