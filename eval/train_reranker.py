"""Train the feature reranker (assistant/rerank.py) on the ALQAC **dev** split (optionally plus the Pháp điển
training questions), with cross-validation.

    python eval/train_reranker.py [--collection alqac] [--depth 30] [--write]
    python eval/train_reranker.py --pd-questions eval/data/phapdien_train.json [--pd-collection phapdien] ...

With ``--pd-questions`` the Pháp điển questions are retrieved from their own collection (``--pd-collection``,
question text only: they have no options) and added to the training set; the grouped CV is reported per source
(``alqac`` / ``phapdien``) as well as pooled. Only training files go in: never phapdien_dev.json or ALQAC test.

For every dev question (both query modes: question + options, question only) the retriever's fused
top-``depth`` articles are featurised (reranker off); label = gold article. 5-fold CV grouped by
question compares the fused order with the reranked order (MRR@10, R@1, R@10); ``--write`` fits on the
whole dev split and writes ``assistant/rerank_weights.json``. The shipped files were made with
``--pairwise --max-neg 50 --drop doc_share --C 0.1`` (exam-style weights) and, for the question weights,
``--pairwise --max-neg 50 --drop doc_share --C 0.1 0.3 --pd-questions eval/data/phapdien_train.json --write
--weights-out assistant/rerank_weights_questions.json`` (C chosen by the pooled CV). Query vectors are memoised on disk
(eval/out/qvec-<model>.npz) so re-runs don't re-embed. Report: eval/reports/rerank-dev.{json,md}.

The question weights also hold two stages fitted as corrections over these weights by other scripts (the value line,
``eval/rank16_study.py``; the cross-reference link boost, ``eval/xref_rank.py``). ``--write`` over such a file stops
with an error naming them, before any work: pass ``--drop-residual`` and refit them afterwards. The file is replaced in
one rename.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from assistant.files import written_atomically  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
TRAIN = ROOT.parent / "shared" / "data" / "alqac2025" / "train.json"
REPORTS = ROOT / "eval" / "reports"
OUT = ROOT / "eval" / "out"


class DiskMemoEmbedder:
    """Query vectors memoised in memory and in an .npz file keyed by model id."""

    def __init__(self, inner):
        self.inner, self.model_id, self.dim = inner, inner.model_id, inner.dim
        safe = hashlib.sha1(self.model_id.encode()).hexdigest()[:12]
        self.path = OUT / f"qvec-{safe}.npz"
        self.memo: dict[str, np.ndarray] = {}
        if self.path.exists():
            z = np.load(self.path, allow_pickle=True)
            self.memo = dict(zip(z["keys"].tolist(), z["vecs"]))
        self.dirty = False

    def embed_queries(self, texts):
        out = []
        for t in texts:
            if t not in self.memo:
                self.memo[t] = self.inner.embed_queries([t])[0]
                self.dirty = True
            out.append(self.memo[t])
        return np.stack(out)

    def prefetch(self, texts):
        """Embed the missing ones in one batched call (much faster than one by one)."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            for t, v in zip(todo, self.inner.embed_queries(todo)):
                self.memo[t] = v
            self.dirty = True

    def save(self):
        if self.dirty:
            OUT.mkdir(parents=True, exist_ok=True)
            keys = list(self.memo)
            np.savez(self.path, keys=np.array(keys, dtype=object), vecs=np.stack([self.memo[k] for k in keys]))


def open_retriever(collection: str, **kw):
    from assistant.retrieval import HybridRetriever

    base = HybridRetriever.open(collection, rerank=False, **kw)
    memo = DiskMemoEmbedder(base.embedder)
    r = base.model_copy(update={"embedder": memo, "rerank": False})
    r.model_post_init(None)
    return r, memo


def featurise(r, questions, depth: int, modes=("choices", "text"), source: str = "alqac", rewrite=None):
    """Fused top-``depth`` candidates of every question × query mode, featurised with the reranker off.

    Each item carries its ``source`` (which question set / collection it came from) for per-source reports, the
    routing flag ``exam`` (``rerank.exam_style`` of the original query) and the candidate ``rows``. With
    ``rewrite``, the rewritten query string is what is searched."""
    from assistant.rerank import exam_style

    data = []
    for q in questions:
        gold = set(q.relevant)
        for mode in modes:
            if mode == "choices" and not q.choices:
                continue
            text = q.query(mode)
            ranked = r.ranked(rewrite(text) if rewrite else text, depth)
            rows = ranked["rows"]
            X = r.rerank_features(ranked, rows)
            y = np.array([(r.chunks[i].law_id, r.chunks[i].article_id) in gold for i in rows], dtype=bool)
            cited = np.array([i in ranked["cited"] for i in rows], dtype=bool)
            data.append({"qid": q.question_id, "mode": mode, "X": X, "y": y, "cited": cited, "n_gold": len(gold),
                         "source": source, "exam": exam_style(text), "rows": list(rows), "query": ranked["query"]})
    return data


RESIDUAL_KEYS = ("residual_features", "link_boost")  # stages fitted over the base weights by other scripts


def residual_stages(path: Path) -> list[str]:
    """The residual stages a weights file holds (``RESIDUAL_KEYS``): they were fitted as corrections over its base
    weights, so new base weights would make them stale and this script does not write them."""
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise SystemExit(f"{path}: unreadable weights file ({e}); not overwritten") from None
    return [k for k in RESIDUAL_KEYS if data.get(k)]


def metrics(items, scores=None, k: int = 10):
    rr, r1, r10 = [], [], []
    for j, it in enumerate(items):
        m = len(it["y"])
        if scores is None:
            order = list(range(m))
        else:
            s = scores[j]
            order = sorted(range(m), key=lambda i: (not it["cited"][i], -s[i], i))
        y = it["y"][order][:k]
        first = int(np.argmax(y)) + 1 if y.any() else None
        rr.append(1.0 / first if first else 0.0)
        r1.append(1.0 if first == 1 else 0.0)
        r10.append(y.sum() / it["n_gold"])
    return {"mrr@10": float(np.mean(rr)), "recall@1": float(np.mean(r1)), "recall@10": float(np.mean(r10)), "n": len(items)}


PAIRWISE = False
MAX_NEG = 20  # negatives per gold article in the pairwise loss (--max-neg)


def fit(items, C: float = 1.0):
    from sklearn.linear_model import LogisticRegression

    X = np.concatenate([it["X"] for it in items])
    y = np.concatenate([it["y"] for it in items])
    mean, scale = X.mean(0), X.std(0)
    scale[scale < 1e-9] = 1.0
    if PAIRWISE:
        # RankNet-style: logistic regression on (gold - other) feature differences within a query
        diffs = []
        for it in items:
            Z = (it["X"] - mean) / scale
            pos, neg = Z[it["y"]], Z[~it["y"]][:MAX_NEG]
            for p in pos:
                diffs.append(p - neg)
        D = np.concatenate(diffs)
        Xp = np.concatenate([D, -D])
        yp = np.r_[np.ones(len(D)), np.zeros(len(D))]
        lr = LogisticRegression(C=C, max_iter=2000, fit_intercept=False)
        lr.fit(Xp, yp)
        return {"mean": mean.tolist(), "scale": scale.tolist(), "coef": lr.coef_[0].tolist(), "intercept": 0.0}
    lr = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    lr.fit((X - mean) / scale, y)
    return {"mean": mean.tolist(), "scale": scale.tolist(), "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0])}


def apply(w, X):
    return ((X - np.asarray(w["mean"])) / np.asarray(w["scale"])) @ np.asarray(w["coef"]) + w["intercept"]


def cv(items, C: float, folds: int = 5):
    qids = sorted({it["qid"] for it in items})
    fold_of = {q: int(hashlib.sha1(q.encode()).hexdigest(), 16) % folds for q in qids}
    scores = [None] * len(items)
    for f in range(folds):
        tr = [it for it in items if fold_of[it["qid"]] != f]
        w = fit(tr, C)
        for j, it in enumerate(items):
            if fold_of[it["qid"]] == f:
                scores[j] = apply(w, it["X"])
    return scores


def main() -> None:
    from assistant.evaluation.datasets import load_alqac_questions, select_split
    from assistant.rerank import FEATURES, load_reranker

    ap = argparse.ArgumentParser()
    ap.add_argument("--collection", default="alqac")
    ap.add_argument("--questions", type=Path, default=TRAIN)
    ap.add_argument("--depth", type=int, nargs="+", default=[30])
    ap.add_argument("--C", type=float, nargs="+", default=[1.0])
    ap.add_argument("--dense-weight", type=float, default=None)
    ap.add_argument("--holdout-only", action="store_true", help="only the fine-tuning hold-out quarter of dev")
    ap.add_argument("--write", action="store_true", help="fit on all dev and write assistant/rerank_weights.json")
    ap.add_argument("--report", default="rerank-dev")
    ap.add_argument("--pairwise", action="store_true", help="pairwise (gold vs other) logistic loss")
    ap.add_argument("--max-neg", type=int, default=20, help="pairwise: negatives per gold article (fused order)")
    ap.add_argument("--drop", nargs="*", default=[], help="features to leave out (their column is zeroed: weight 0)")
    ap.add_argument("--pd-questions", type=Path, nargs="+", default=None,
                    help="also train on these Pháp điển questions (training files only, e.g. eval/data/phapdien_train.json "
                         "eval/data/phapdien_train2.json)")
    ap.add_argument("--pd-collection", default="phapdien", help="collection the Pháp điển questions are retrieved from")
    ap.add_argument("--pd-weight", type=float, default=1.0,
                    help="repeat factor of the Pháp điển items in the fit (1 = each query counts once)")
    ap.add_argument("--weights-out", type=Path, default=None,
                    help="with --write: write the weights here instead of assistant/rerank_weights.json")
    ap.add_argument("--drop-residual", action="store_true",
                    help="with --write: allow overwriting a weights file whose residual stages (value line, cross-reference "
                         "link boost) were fitted over the current weights; they are dropped and must be refitted")
    args = ap.parse_args()
    unknown = set(args.drop) - set(FEATURES)
    if unknown:
        ap.error(f"unknown features: {sorted(unknown)}")
    if args.write:
        dest = args.weights_out or ROOT / "assistant" / "rerank_weights.json"
        residual = residual_stages(dest)
        if residual and not args.drop_residual:
            ap.error(f"{dest} holds residual stages fitted over its current weights ({', '.join(residual)}); writing new "
                     "base weights would drop them silently. Refit those residually after this run "
                     "(eval/rank16_study.py fit write, eval/xref_rank.py) and pass --drop-residual to go on.")
    global PAIRWISE, MAX_NEG
    PAIRWISE, MAX_NEG = args.pairwise, args.max_neg
    qs = [q for q in select_split(load_alqac_questions(args.questions), "dev") if q.relevant]
    if args.holdout_only:
        from finetune_embedder import is_holdout

        qs = [q for q in qs if is_holdout(q.question_id)]
    pd_qs = []
    if args.pd_questions:
        for f in args.pd_questions:
            if "dev" in f.name or "test" in f.name:
                ap.error(f"--pd-questions must be training files (not a dev/test set): {f}")
            pd_qs += [q for q in load_alqac_questions(f) if q.relevant]
    kw = {"dense_weight": args.dense_weight} if args.dense_weight is not None else {}
    r, memo = open_retriever(args.collection, **kw)
    t0 = time.perf_counter()
    from assistant.retrieval import prepare_query

    memo.prefetch([prepare_query(q.query(m)) for q in qs for m in ("choices", "text")])
    memo.save()
    pd_r = pd_memo = None
    if pd_qs:
        pd_r, pd_memo = open_retriever(args.pd_collection)
        pd_memo.prefetch([prepare_query(q.query("text")) for q in pd_qs])
        pd_memo.save()
    print(f"query vectors ready in {time.perf_counter() - t0:.0f}s", flush=True)
    # features are normalised within the candidate list, so each depth is featurised on its own
    by_depth = {}
    for depth in args.depth:
        items_d = featurise(r, qs, depth)
        if pd_qs:
            items_d += featurise(pd_r, pd_qs, depth, modes=("text",), source="phapdien")
        for j in [FEATURES.index(f) for f in args.drop]:
            for it in items_d:
                it["X"][:, j] = 0.0
        by_depth[depth] = items_d
    memo.save()
    if pd_memo is not None:
        pd_memo.save()
    t_feat = time.perf_counter() - t0
    print(f"featurised {len(by_depth[args.depth[0]])} queries x {len(args.depth)} depths in "
          f"{time.perf_counter() - t0:.0f}s", flush=True)
    # failure analysis: where the first gold article sits in the fused list
    items_all = by_depth[max(args.depth)]
    buckets = {}
    for mode in ("choices", "text", "pd_text"):
        pos = [int(np.argmax(it["y"])) + 1 if it["y"].any() else 0 for it in items_all
               if (it["source"] == "phapdien") == (mode == "pd_text") and it["mode"] == mode.removeprefix("pd_")]
        if not pos:
            continue
        b = {"1": 0, "2-3": 0, "4-10": 0, f"11-{max(args.depth)}": 0, "missing": 0}
        for p_ in pos:
            key = "missing" if p_ == 0 else "1" if p_ == 1 else "2-3" if p_ <= 3 else "4-10" if p_ <= 10 else f"11-{max(args.depth)}"
            b[key] += 1
        buckets[mode] = b
    print("gold rank in fused list:", json.dumps(buckets), flush=True)
    with_choices = {it["qid"] for it in items_all if it["mode"] == "choices"}
    sources = sorted({it["source"] for it in items_all})
    modes = ["choices", "text", "headline", "all"] + (["phapdien", "pooled"] if "phapdien" in sources else [])

    def in_mode(it, mode):
        # ALQAC rows ("choices", "text", "headline", "all") count ALQAC items only; "phapdien" = the Pháp điển
        # items; "pooled" = everything. headline = what the test report's headline uses: question + options
        # when there are options.
        if mode == "pooled":
            return True
        if mode == "phapdien":
            return it["source"] == "phapdien"
        if it["source"] != "alqac":
            return False
        if mode == "headline":
            return it["mode"] == "choices" or it["qid"] not in with_choices
        return mode == "all" or it["mode"] == mode

    rows = []
    best = None
    # the shipped weights as they are now (None if absent), for a no-CV comparison row: in-sample for the data they
    # were fitted on (ALQAC dev), out-of-sample for Pháp điển
    shipped = load_reranker()
    for depth in args.depth:
        if shipped is not None:  # the shipped weights (fitted before, on other data) on the same items, no CV
            items = by_depth[depth]
            sc = [shipped.score(it["X"]) for it in items]
            for mode in modes:
                sel = [j for j, it in enumerate(items) if in_mode(it, mode)]
                row = {"depth": depth, "C": "shipped", "mode": mode, "fused": metrics([items[j] for j in sel]),
                       "reranked_cv": metrics([items[j] for j in sel], [sc[j] for j in sel])}
                rows.append(row)
                print(json.dumps(row), flush=True)
        items = by_depth[depth]
        for C in args.C:
            t1 = time.perf_counter()
            scores = cv(items, C)
            t_cv = time.perf_counter() - t1
            per_source = {}
            for mode in modes:
                sel = [j for j, it in enumerate(items) if in_mode(it, mode)]
                base = metrics([items[j] for j in sel])
                rer = metrics([items[j] for j in sel], [scores[j] for j in sel])
                row = {"depth": depth, "C": C, "mode": mode, "fused": base, "reranked_cv": rer}
                row["cv_seconds"] = round(t_cv, 1)
                rows.append(row)
                print(json.dumps(row), flush=True)
                if mode in ("all", "phapdien"):
                    per_source[mode] = rer["mrr@10"]
            # selection: mean of the per-source CV MRR@10 (ALQAC "all" and, if present, Pháp điển)
            sel_score = float(np.mean(list(per_source.values())))
            if best is None or sel_score > best[0]:
                best = (sel_score, depth, C)
    _, depth, C = best
    items = by_depth[depth]
    t1 = time.perf_counter()
    fit_items = items + [it for it in items if it["source"] == "phapdien"] * max(0, round(args.pd_weight) - 1)
    w = fit(fit_items, C)
    t_fit = time.perf_counter() - t1
    trained_on = f"ALQAC train dev split ({len(qs)} questions, both query modes)"
    if pd_qs:
        trained_on += f" + {' + '.join(f.name for f in args.pd_questions)} ({len(pd_qs)} questions, collection {args.pd_collection}, x{args.pd_weight:g})"
    info = {
        "trained_on": trained_on, "seconds": {"featurise": round(t_feat, 1), "final_fit": round(t_fit, 1)},
        "collection": args.collection, "n_questions": len(qs), "holdout_only": args.holdout_only,
        "pairwise": args.pairwise, "max_neg": args.max_neg, "dropped_features": args.drop, "model_id": r.embedder.model_id, "dense_weight": r.dense_weight, "gold_rank_buckets": buckets, "best": {"depth": depth, "C": C}, "rows": rows,
        "weights": dict(w, features=list(FEATURES)),
    }
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{args.report}.json").write_text(json.dumps(info, ensure_ascii=False, indent=2))
    lines = [f"# Feature reranker, 5-fold CV grouped by question: {trained_on}", "",
             f"Featurising took {t_feat:.0f}s, the final fit {t_fit:.1f}s (CV time per row below, `cv_seconds` in the JSON). "
             "Rows `choices`/`text`/`headline`/`all` are ALQAC dev items only; `phapdien` = Pháp điển training items; "
             "`pooled` = both. C = `shipped`: the weights in assistant/rerank_weights.json at run time, no CV "
             "(in-sample on ALQAC dev if they were fitted there).", "",
             "| depth | C | query | fused MRR@10 | R@1 | R@10 | reranked MRR@10 | R@1 | R@10 |", "|---|---|---|---|---|---|---|---|---|"]
    for x in rows:
        a, b = x["fused"], x["reranked_cv"]
        lines.append(f"| {x['depth']} | {x['C']} | {x['mode']} | {a['mrr@10']:.4f} | {a['recall@1']:.4f} | {a['recall@10']:.4f} "
                     f"| {b['mrr@10']:.4f} | {b['recall@1']:.4f} | {b['recall@10']:.4f} |")
    lines += ["", "Gold rank in the fused list (first gold article): " + json.dumps(buckets)]
    lines += ["", "Weights (standardised features): " + ", ".join(f"{f} {c:+.2f}" for f, c in zip(FEATURES, w["coef"]))]
    (REPORTS / f"{args.report}.md").write_text("\n".join(lines) + "\n")
    if args.write:
        out = dict(w, features=list(FEATURES), dropped_features=args.drop, depth=depth, C=C, pairwise=args.pairwise,
                   max_neg=args.max_neg, trained_on=trained_on, model_id=r.embedder.model_id)
        dest.parent.mkdir(parents=True, exist_ok=True)
        with written_atomically(dest) as tmp:
            Path(tmp).write_text(json.dumps(out, indent=1))
        print(f"wrote {dest}", flush=True)


if __name__ == "__main__":
    main()
