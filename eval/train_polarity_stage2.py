"""Train the conflict checker's learned second stage (``assistant/conflicts/polarity.py``) and measure it honestly.

The stage decides the candidates of ``polarity.detect_polarity`` — opposite norms on one act told in other words,
at e5 cosine ≥ POLARITY_FLOOR (0.80) — that the fixed rule rejects: cosine below POLARITY_SEMANTIC_MIN (0.92), or a
guard fired (which guard groups fired are features). It is a logistic regression (scikit-learn, standardised features, lbfgs: deterministic) over
``polarity.FEATURE_NAMES``.

1. Collect: ``check_pair`` on every pair of the given files with the stage off; every candidate the polarity check
   reaches at cosine ≥ the floor (guards fired or not: they are features) is recorded with its pair's gold label.
2. Leave one file out: fit on the other files' candidates; choose the threshold on those files (the lowest that keeps
   their pooled precision, rules plus the stage, ≥ --pmin, simulated from the recorded candidates); then run the real
   ``check_pair`` on the held-out file with that fold's weights. The sum over folds is the honest figure.
3. Fit on all files, choose the threshold the same way, write ``assistant/conflicts/polarity_weights.json`` and the
   report (``--report`` .md and .json).

Usage: ``PYTHONPATH=. python eval/train_polarity_stage2.py eval/data/conflicts/dev.jsonl … --report eval/reports/x``.
Never reads held-out files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.conflicts import pair, polarity
from assistant.evaluation.conflicts_eval import load_pairs

WEIGHTS = Path(polarity.__file__).with_name("polarity_weights.json")


def collect(rows_by_file: dict) -> list[dict]:
    polarity.set_stage2({"threshold": float("inf")})
    out = []
    for f, rows in rows_by_file.items():
        for r in rows:
            polarity._RECORD = []
            lab = pair.check_pair(r["a"], r["b"]).label
            feats = polarity._RECORD
            polarity._RECORD = None
            out.append({"file": f, "id": r["id"], "gold": r["label"] == "conflict", "kind": r["kind"], "rule": lab,
                        "cands": feats})
    polarity.set_stage2(None)
    return out


def fit(data: list[dict], c: float) -> dict:
    X = np.array([x for d in data for x in d["cands"]], dtype=float)
    y = np.array([d["gold"] for d in data for _ in d["cands"]], dtype=int)
    mean, scale = X.mean(0), X.std(0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000).fit((X - mean) / scale, y)
    return {"names": list(polarity.FEATURE_NAMES), "mean": mean.tolist(), "scale": scale.tolist(),
            "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0]), "C": c,
            "n_candidates": int(len(y)), "n_positive": int(y.sum())}


def prob(w: dict, feats: list[float]) -> float:
    polarity.set_stage2({**w, "threshold": 0.0})
    p = polarity.stage2_probability(feats)
    polarity.set_stage2(None)
    return p


def simulate(data: list[dict], w: dict, t: float) -> tuple[int, int, int]:
    """Pooled TP/FP/FN of rules + stage at threshold t, from the recorded candidates."""
    tp = fp = fn = 0
    for d in data:
        hit = d["rule"] == "conflict"
        if not hit and d["rule"] == "no_conflict":
            band = [x for x in d["cands"] if x[0] < polarity.POLARITY_SEMANTIC_MIN]
            hit = any(prob(w, x) >= t for x in band)
        tp += d["gold"] and hit
        fp += (not d["gold"]) and hit
        fn += d["gold"] and not hit
    return tp, fp, fn


def prf(t):
    tp, fp, fn = t
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


GRID = [round(x, 3) for x in np.arange(0.30, 0.951, 0.025)]


def choose(data: list[dict], w: dict, pmin: float) -> float:
    ok = [t for t in GRID if prf(simulate(data, w, t))[0] >= pmin]
    return min(ok) if ok else float("inf")


def real_run(rows: list[dict], w: dict | None) -> tuple[int, int, int, dict]:
    polarity.set_stage2(w if w is not None else {"threshold": float("inf")})
    tp = fp = fn = 0
    kinds: dict = {}
    for r in rows:
        lab = pair.check_pair(r["a"], r["b"]).label
        g = r["label"] == "conflict"
        tp += g and lab == "conflict"
        fp += (not g) and lab == "conflict"
        fn += g and lab != "conflict"
        if g:
            k = kinds.setdefault(r["kind"], [0, 0])
            k[0] += lab == "conflict"
            k[1] += 1
    polarity.set_stage2(None)
    return tp, fp, fn, kinds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--report", required=True)
    ap.add_argument("--pmin", type=float, default=0.94)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    if any("heldout" in f for f in args.files):
        sys.exit("held-out files are not read")
    rows_by_file = {Path(f).stem: load_pairs(Path(f)) for f in args.files}
    data = collect(rows_by_file)
    n_c = sum(len(d["cands"]) for d in data)
    print(f"candidates {n_c} in {sum(1 for d in data if d['cands'])} pairs", flush=True)
    folds = {}
    for f in rows_by_file:
        train = [d for d in data if d["file"] != f]
        w = fit(train, args.C)
        t = choose(train, w, args.pmin)
        w["threshold"] = t
        res = real_run(rows_by_file[f], w)
        base = real_run(rows_by_file[f], None)
        folds[f] = {"threshold": t, "stage": res[:3], "base": base[:3], "kinds": res[3], "base_kinds": base[3]}
        print(f"{f:6s} t={t} stage {res[:3]} base {base[:3]}", flush=True)
    agg = tuple(sum(v["stage"][i] for v in folds.values()) for i in range(3))
    base = tuple(sum(v["base"][i] for v in folds.values()) for i in range(3))
    kinds, bkinds = {}, {}
    for v in folds.values():
        for src, dst in ((v["kinds"], kinds), (v["base_kinds"], bkinds)):
            for k, (h, n) in src.items():
                dst.setdefault(k, [0, 0])
                dst[k][0] += h
                dst[k][1] += n
    print("LOFO stage", agg, "P %.4f R %.4f" % prf(agg), "| base", base, "P %.4f R %.4f" % prf(base))
    w = fit(data, args.C)
    w["threshold"] = choose(data, w, args.pmin)
    w["pmin"] = args.pmin
    w["trained_on"] = list(rows_by_file)
    print("final threshold", w["threshold"], "coef", dict(zip(w["names"], np.round(w["coef"], 3))))
    if not args.no_write:
        WEIGHTS.write_text(json.dumps(w, indent=1) + "\n", encoding="utf-8")
    rep = {"pmin": args.pmin, "C": args.C, "floor": polarity.POLARITY_FLOOR, "fixed": polarity.POLARITY_SEMANTIC_MIN,
           "candidates": n_c, "folds": folds, "lofo_stage": agg, "lofo_base": base,
           "lofo_stage_PR": prf(agg), "lofo_base_PR": prf(base), "kind_recall_stage": kinds,
           "kind_recall_base": bkinds, "final": w}
    Path(args.report + ".json").write_text(json.dumps(rep, indent=1, ensure_ascii=False), encoding="utf-8")
    lines = ["# Learned second stage of the polarity check (h-modlearn)", "",
             f"Candidates: {n_c} (opposite norms at cosine ≥ {polarity.POLARITY_FLOOR}, with or without a guard fired — the guards are features) over {len(rows_by_file)} "
             f"files; logistic regression C={args.C}; threshold per fold = lowest keeping the training files' pooled "
             f"precision ≥ {args.pmin} (simulated from the candidates).", "",
             "| held-out file | threshold | base TP/FP/FN | with stage TP/FP/FN |", "|---|---|---|---|"]
    for f, v in folds.items():
        lines.append(f"| {f} | {v['threshold']} | {tuple(v['base'])} | {tuple(v['stage'])} |")
    lines += ["", f"**Leave one file out, pooled**: base P {prf(base)[0]:.4f} / R {prf(base)[1]:.4f} {base} → "
              f"with stage P {prf(agg)[0]:.4f} / R {prf(agg)[1]:.4f} {agg}.", "",
              "Recall by gold kind (base → stage): " + ", ".join(
                  f"{k} {bkinds[k][0]}/{bkinds[k][1]} → {kinds[k][0]}/{kinds[k][1]}" for k in sorted(kinds)), "",
              f"Final model (all files): threshold {w['threshold']}, coefficients (standardised features): " +
              ", ".join(f"{n} {c:+.3f}" for n, c in zip(w["names"], w["coef"])) + f", intercept {w['intercept']:+.3f}.",
              ""]
    Path(args.report + ".md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
