"""Sweep the conflict checker's meaning thresholds on the pooled dev sets, with leave-one-file-out selection.

Each configuration sets module constants of ``assistant.conflicts`` (the e5 cosine gates of the numeric fallback,
the modal and polarity checks, the fee check, the meaning pass's overlap gates), runs ``check_pair`` on every pair
of the given files once, and records TP/FP/FN per file. Reported: pooled P/R of each configuration, and the honest
leave-one-file-out figure: for each file, the configuration with the highest recall on the *other* files among those
keeping their pooled precision ≥ --pmin is scored on the held-out file (ties: fewer changes from the baseline).

Usage: ``PYTHONPATH=. python eval/conflict_gate_sweep.py FILE… --out REPORT.json``. Never reads held-out files.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from assistant.conflicts import fees, meaning, modality, numeric, pair, polarity, scope
from assistant.evaluation.conflicts_eval import load_pairs

# (module, constant): baseline values are read at import
KNOBS = {
    "RETOLD_SEMANTIC_MIN": [(numeric, "RETOLD_SEMANTIC_MIN")],
    "SEMANTIC_MIN": [(numeric, "SEMANTIC_MIN")],
    "MODAL_SEMANTIC_MIN": [(modality, "MODAL_SEMANTIC_MIN")],
    "POLARITY_SEMANTIC_MIN": [(polarity, "POLARITY_SEMANTIC_MIN")],
    "FEE_SEMANTIC_MIN": [(fees, "FEE_SEMANTIC_MIN")],
    "BOUND_FLIP_JACCARD": [(meaning, "BOUND_FLIP_JACCARD")],
    "ANTONYM_WINDOW_MIN": [(meaning, "ANTONYM_WINDOW_MIN")],
    "SCOPE_SEMANTIC_MIN": [(scope, "SCOPE_SEMANTIC_MIN")],
}
BASE = {k: getattr(m, n) for k, v in KNOBS.items() for m, n in v[:1]}
GRID = {
    "RETOLD_SEMANTIC_MIN": [0.78, 0.80, 0.82, 0.84],
    "SEMANTIC_MIN": [0.86, 0.88],
    "MODAL_SEMANTIC_MIN": [0.86, 0.88, 0.90, 0.92],
    "POLARITY_SEMANTIC_MIN": [0.86, 0.88, 0.90],
    "FEE_SEMANTIC_MIN": [0.80],
    "BOUND_FLIP_JACCARD": [0.2, 0.25],
    "ANTONYM_WINDOW_MIN": [2],
    "SCOPE_SEMANTIC_MIN": [0.88, 0.90],
}


def apply(cfg: dict) -> None:
    for k, v in {**BASE, **cfg}.items():
        for m, n in KNOBS[k]:
            setattr(m, n, v)


def score(rows_by_file: dict, cfg: dict) -> dict:
    apply(cfg)
    out = {}
    for f, rows in rows_by_file.items():
        tp = fp = fn = 0
        for r in rows:
            lab = pair.check_pair(r["a"], r["b"]).label
            g = r["label"] == "conflict"
            tp += g and lab == "conflict"
            fp += (not g) and lab == "conflict"
            fn += g and lab != "conflict"
        out[f] = (tp, fp, fn)
    apply({})
    return out


def prf(t):
    tp, fp, fn = t
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r


def total(res, files):
    return tuple(sum(res[f][i] for f in files) for i in range(3))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--pmin", type=float, default=0.93)
    ap.add_argument("--combos", default="", help="JSON list of extra configurations to score")
    args = ap.parse_args()
    if any("heldout" in f for f in args.files):
        sys.exit("held-out files are not read")
    rows_by_file = {Path(f).stem: load_pairs(Path(f)) for f in args.files}
    cfgs = [{}] + [{k: v} for k, vs in GRID.items() for v in vs]
    if args.combos:
        cfgs += json.loads(args.combos)
    results = []
    for cfg in cfgs:
        t0 = time.time()
        res = score(rows_by_file, cfg)
        p, r = prf(total(res, res))
        results.append({"cfg": cfg, "per_file": res, "P": round(p, 4), "R": round(r, 4)})
        print(f"{json.dumps(cfg):60s} P {p:.4f} R {r:.4f} {total(res, res)} ({time.time() - t0:.0f}s)", flush=True)
    files = list(rows_by_file)
    lofo = {}
    for f in files:
        others = [g for g in files if g != f]
        ok = [x for x in results if prf(total(x["per_file"], others))[0] >= args.pmin]
        best = max(ok, key=lambda x: (prf(total(x["per_file"], others))[1], -len(x["cfg"])))
        lofo[f] = {"cfg": best["cfg"], "tp_fp_fn": best["per_file"][f], "base": results[0]["per_file"][f]}
    agg = tuple(sum(v["tp_fp_fn"][i] for v in lofo.values()) for i in range(3))
    base = tuple(sum(v["base"][i] for v in lofo.values()) for i in range(3))
    print("LOFO selected:", agg, "P %.4f R %.4f" % prf(agg), "| baseline", base, "P %.4f R %.4f" % prf(base))
    for f, v in lofo.items():
        print(f"  {f:6s} {json.dumps(v['cfg']):50s} {v['tp_fp_fn']} base {v['base']}")
    Path(args.out).write_text(json.dumps({"base": BASE, "results": results, "lofo": lofo,
                                          "lofo_total": agg, "baseline_total": base}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
