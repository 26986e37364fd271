"""Refit the question weights of the feature reranker on ALQAC dev + every Pháp điển training set, choose C by
cross-validation across sets, and re-derive the operating points of everything that reads raw rerank scores.

    python eval/refit2_study.py featurise            # fused top 30 of every training query, featurised → runs/refit2/items.pkl
    python eval/refit2_study.py cv [--C 0.03 0.1 0.3 1]  # per-set MRR: fused, shipped, 5-fold CV, leave-one-set-out
    python eval/refit2_study.py write --C 0.1 [--out assistant/rerank_weights_questions.json]
    python eval/refit2_study.py calibrate --new W.json    # operating points of the old vs new scores (training only)

Training data only: ALQAC train.json ``dev`` split (both query modes, as ``eval/train_reranker.py``) and
``phapdien_train.json`` … ``phapdien_train6.json``. Never ``phapdien_dev.json``, never the ALQAC test split.

Cross-validation across sets: every Pháp điển set is scored by weights fitted on ALQAC dev + the *other* Pháp điển
sets (leave-one-set-out, LOSO); ALQAC dev by 5-fold CV grouped by question over the pooled data. C is chosen by the
mean of (ALQAC dev CV MRR@10, macro mean of the Pháp điển LOSO MRR@10s).

``calibrate``: the new weights are fitted by a pairwise loss, so their score scale is arbitrary. Everything in the
answer stage that reads raw rerank scores — ``selection.SECONDARY_MAX_RERANK_MARGIN`` (a difference to the first
hit), ``refusal.SUGGEST_MIN_RERANK`` (an absolute floor) and the refusal model's ``rerank`` input (the top hit's
score, standardised with the old distribution) — was derived on the old scale. Instead of re-tuning each, the new
scores are mapped affinely (a·s + b, stored in the weight file as coef × a and intercept b; the order is unchanged)
so that on the training queries (1) the share of gold articles ranked 2–5 kept by the 2.0 margin is the same as with
the old weights (fixes a) and (2) the top hit's mean score is the same (fixes b). The report then checks the other
operating points (share of non-gold 2–5 kept, share of top-5 hits ≥ 0, the top-score spread).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
import train_reranker as TR  # noqa: E402

RUNS = ROOT / "runs" / "refit2"
SHIPPED = ROOT / "assistant" / "rerank_weights_questions.json"  # the question weights served now
ITEMS = RUNS / "items.pkl"
PD_SETS = [f"phapdien_train{s}.json" for s in ("", "2", "3", "4", "5", "6")]
DROP = ["doc_share"]
MARGIN = 2.0  # selection.SECONDARY_MAX_RERANK_MARGIN on the old scale
TOPK = 5


def featurise() -> None:
    from assistant.evaluation.datasets import load_alqac_questions, select_split
    from assistant.rerank import FEATURES
    from assistant.retrieval import prepare_query

    qs = [q for q in select_split(load_alqac_questions(Path("/work/shared/data/alqac2025/train.json")), "dev") if q.relevant]
    t0 = time.perf_counter()
    r, memo = TR.open_retriever("alqac")
    memo.prefetch([prepare_query(q.query(m)) for q in qs for m in ("choices", "text")])
    memo.save()
    items = TR.featurise(r, qs, 30)
    print(f"alqac: {len(items)} queries {time.perf_counter() - t0:.0f}s", flush=True)
    pd_r, pd_memo = TR.open_retriever("phapdien")
    for name in PD_SETS:
        pq = [q for q in load_alqac_questions(ROOT / "eval" / "data" / name) if q.relevant]
        pd_memo.prefetch([prepare_query(q.query("text")) for q in pq])
        pd_memo.save()
        its = TR.featurise(pd_r, pq, 30, modes=("text",), source=name.removesuffix(".json"))
        items += its
        print(f"{name}: {len(its)} queries {time.perf_counter() - t0:.0f}s", flush=True)
    for j in [FEATURES.index(f) for f in DROP]:
        for it in items:
            it["X"][:, j] = 0.0
    RUNS.mkdir(parents=True, exist_ok=True)
    ITEMS.write_bytes(pickle.dumps(items))


def load_items():
    return pickle.loads(ITEMS.read_bytes())


def sets_of(items):
    return sorted({it["source"] for it in items} - {"alqac"}, key=lambda s: (len(s), s))


def alqac_all(items, j):
    return items[j]["source"] == "alqac"


def per_set(items, scores):
    """MRR@10 / R@1 / R@10 per set (ALQAC: all dev queries of both modes, and text mode alone)."""
    out = {}
    groups = {"alqac_all": [j for j, it in enumerate(items) if it["source"] == "alqac"],
              "alqac_text": [j for j, it in enumerate(items) if it["source"] == "alqac" and it["mode"] == "text"]}
    for s in sets_of(items):
        groups[s] = [j for j, it in enumerate(items) if it["source"] == s]
    groups["phapdien_pooled"] = [j for j, it in enumerate(items) if it["source"] != "alqac"]
    for g, sel in groups.items():
        out[g] = TR.metrics([items[j] for j in sel], None if scores is None else [scores[j] for j in sel])
    return out


def loso(items, C):
    """Each Pháp điển set scored by weights fitted on everything else (ALQAC dev + the other Pháp điển sets)."""
    scores = [None] * len(items)
    for s in sets_of(items):
        w = TR.fit([it for it in items if it["source"] != s], C)
        for j, it in enumerate(items):
            if it["source"] == s:
                scores[j] = TR.apply(w, it["X"])
    # ALQAC items are not left out by this scheme (they are scored by the 5-fold CV): fused order here, not reported
    return [np.zeros(len(it["y"])) if s is None else s for it, s in zip(items, scores)]


def cmd_cv(args) -> None:
    from assistant.rerank import load_reranker

    TR.PAIRWISE, TR.MAX_NEG = True, 50
    items = load_items()
    shipped = load_reranker(str(SHIPPED))
    table = {"fused": per_set(items, None), "shipped": per_set(items, [shipped.score(it["X"]) for it in items])}
    # the shipped recipe (ALQAC dev + train + train2) re-fitted on today's features, LOSO-scored on train3…train6
    sets = sets_of(items)
    rows = {}
    for C in args.C:
        t0 = time.perf_counter()
        cvs = per_set(items, TR.cv(items, C))
        lo = per_set(items, loso(items, C))
        pd_macro = float(np.mean([lo[s]["mrr@10"] for s in sets]))
        sel = float(np.mean([cvs["alqac_all"]["mrr@10"], pd_macro]))
        rows[str(C)] = {"cv5": cvs, "loso": lo, "pd_loso_macro": pd_macro, "select": sel,
                        "seconds": round(time.perf_counter() - t0, 1)}
        print(json.dumps({"C": C, "select": sel, "pd_loso_macro": pd_macro,
                          "alqac_cv": cvs["alqac_all"]["mrr@10"]}), flush=True)
    # the old recipe's data (ALQAC dev + train + train2) on today's features, for the sets it never saw
    old_items = [it for it in items if it["source"] in ("alqac", "phapdien_train", "phapdien_train2")]
    w_old = TR.fit(old_items, 0.1)
    refit_old = per_set(items, [TR.apply(w_old, it["X"]) for it in items])
    best = max(rows, key=lambda c: rows[c]["select"])
    out = {"fused_and_shipped": table, "rows": rows, "best_C": float(best),
           "refit_old_data_C0.1_in_sample_for_alqac_train_train2": refit_old}
    RUNS.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(out, indent=1))
    groups = ["alqac_all", "alqac_text"] + sets + ["phapdien_pooled"]
    lines = ["| set | n | fused | shipped (no CV) | refit train+train2 C 0.1 | " +
             " | ".join(f"C {c} CV5 | C {c} LOSO" for c in rows) + " |",
             "|---|---|---|---|---|" + "---|---|" * len(rows)]
    for g in groups:
        cells = [g, str(table["fused"][g]["n"]), f"{table['fused'][g]['mrr@10']:.4f}",
                 f"{table['shipped'][g]['mrr@10']:.4f}", f"{refit_old[g]['mrr@10']:.4f}"]
        for c in rows:
            cells += [f"{rows[c]['cv5'][g]['mrr@10']:.4f}",
                      "–" if g.startswith("alqac") else f"{rows[c]['loso'][g]['mrr@10']:.4f}"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Selection score (mean of ALQAC CV5 and the Pháp điển LOSO macro MRR@10): " +
              ", ".join(f"C {c}: {rows[c]['select']:.4f}" for c in rows) + f" → C {best}"]
    Path(args.md).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def cmd_write(args) -> None:
    from assistant.rerank import FEATURES

    TR.PAIRWISE, TR.MAX_NEG = True, 50
    items = load_items()
    w = TR.fit(items, args.C)
    n_alqac = len({it["qid"] for it in items if it["source"] == "alqac"})
    n_pd = len({it["qid"] for it in items if it["source"] != "alqac"})
    out = dict(w, features=list(FEATURES), dropped_features=DROP, depth=30, C=args.C, pairwise=True, max_neg=50,
               trained_on=f"ALQAC train dev split ({n_alqac} questions, both query modes) + "
                          f"{' + '.join(PD_SETS)} ({n_pd} questions, collection phapdien, x1)",
               model_id=args.model_id or json.loads(SHIPPED.read_text(encoding="utf-8"))["model_id"])
    Path(args.out).write_text(json.dumps(out, indent=1))
    print(f"wrote {args.out}")


def _stats(items, score_fn):
    """Operating points of one scorer over the training queries (reranked order, as served)."""
    gold_m, neg_m, top, top5 = [], [], [], []
    for it in items:
        s = score_fn(it["X"])
        order = sorted(range(len(s)), key=lambda i: (not it["cited"][i], -s[i], i))
        t = s[order[0]]
        top.append(t)
        for i in order[:TOPK]:
            top5.append(s[i])
        for i in order[1:TOPK]:
            (gold_m if it["y"][i] else neg_m).append(t - s[i])
    return {"gold_margins": np.array(gold_m), "neg_margins": np.array(neg_m), "top": np.array(top),
            "top5": np.array(top5)}


def cmd_calibrate(args) -> None:
    from assistant.rerank import FeatureReranker

    items = [it for it in load_items() if not it["exam"]]  # the question weights only serve non-exam queries
    old = FeatureReranker(json.loads((ROOT / args.old).read_text()))
    raw = json.loads(Path(args.new).read_text())
    raw.pop("intercept", None)
    new = FeatureReranker(dict(raw, intercept=0.0))
    so, sn = _stats(items, old.score), _stats(items, new.score)
    share_gold = float(np.mean(so["gold_margins"] <= MARGIN))
    # a: the new margin that keeps the same share of gold 2–5 articles, over 2.0
    m_new = float(np.quantile(sn["gold_margins"], share_gold))
    a = m_new / MARGIN
    b = float(np.mean(so["top"]) - np.mean(sn["top"]) / a)
    cal = lambda X: new.score(X) / a + b  # noqa: E731
    sc = _stats(items, cal)
    rep = {
        "queries": len(items), "gold_2to5": int(len(so["gold_margins"])), "neg_2to5": int(len(so["neg_margins"])),
        "old": {"gold_kept": share_gold, "neg_kept": float(np.mean(so["neg_margins"] <= MARGIN)),
                "top_mean": float(so["top"].mean()), "top_std": float(so["top"].std()),
                "top5_nonneg": float(np.mean(so["top5"] >= 0))},
        "new_raw": {"gold_kept": float(np.mean(sn["gold_margins"] <= MARGIN)),
                    "neg_kept": float(np.mean(sn["neg_margins"] <= MARGIN)),
                    "top_mean": float(sn["top"].mean()), "top_std": float(sn["top"].std()),
                    "top5_nonneg": float(np.mean(sn["top5"] >= 0)), "margin_same_gold_share": m_new},
        "new_calibrated": {"gold_kept": float(np.mean(sc["gold_margins"] <= MARGIN)),
                           "neg_kept": float(np.mean(sc["neg_margins"] <= MARGIN)),
                           "top_mean": float(sc["top"].mean()), "top_std": float(sc["top"].std()),
                           "top5_nonneg": float(np.mean(sc["top5"] >= 0))},
        "a": a, "b": b,
    }
    print(json.dumps(rep, indent=1))
    if args.write:
        w = json.loads(Path(args.new).read_text())
        w["coef"] = [c / a for c in w["coef"]]
        w["intercept"] = b
        w["score_calibration"] = {"divide_by": a, "intercept": b, "rule": (
            "new scores / a + b: a keeps the share of gold articles ranked 2-5 within the 2.0 selection margin of the "
            "old weights, b keeps the old mean top-hit score (training queries, non-exam)")}
        Path(args.write).write_text(json.dumps(w, indent=1))
        print(f"wrote {args.write}")
    if args.json:
        Path(args.json).write_text(json.dumps(rep, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("featurise")
    p = sub.add_parser("cv")
    p.add_argument("--C", type=float, nargs="+", default=[0.03, 0.1, 0.3, 1.0])
    p.add_argument("--json", default=str(RUNS / "cv.json"))
    p.add_argument("--md", default=str(RUNS / "cv.md"))
    p = sub.add_parser("write")
    p.add_argument("--C", type=float, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--model_id", default=None,
                   help="label of the embedder the features came from, written into the JSON (nothing is loaded); "
                        "default: the shipped question weights' own label")
    p = sub.add_parser("calibrate")
    p.add_argument("--old", default="assistant/rerank_weights_questions.json")
    p.add_argument("--new", required=True)
    p.add_argument("--write", default=None)
    p.add_argument("--json", default=None)
    args = ap.parse_args()
    {"featurise": lambda a: featurise(), "cv": cmd_cv, "write": cmd_write, "calibrate": cmd_calibrate}[args.cmd](args)


if __name__ == "__main__":
    main()
