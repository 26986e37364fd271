"""Keep a refitted reranker's score on the scale the refusal model was fitted on.

The refusal model (assistant/refusal_weights.json) reads the reranker's raw score of the top hit
(``Hit.scores["rerank"]``). A refit of the question weights changes that score's scale even where the order is the
same, so questions the old scores refused can be answered. This script fits ``old_top ≈ s · new_top + c`` (least
squares) over the top hits of **training** questions only — in-scope and out-of-scope, Pháp điển train/train2 (+ their
out-of-scope files train2/train3) and the ALQAC dev split's own-words questions — and writes the new weights with
``coef · s`` and ``intercept · s + c``: the same order of candidates (s > 0), scores comparable with the old ones.

    python eval/rescale_rerank_scores.py --old OLD.json --new NEW.json --out OUT.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.rerank import FeatureReranker, exam_style
from assistant.retrieval import HybridRetriever

ROOT = Path(__file__).resolve().parents[1]
ALQAC = Path("/work/shared/data/alqac2025/train.json")
if not ALQAC.exists():
    ALQAC = ROOT.parent / "shared" / "data" / "alqac2025" / "train.json"


def training_queries() -> dict[str, list[str]]:
    from assistant.evaluation.datasets import load_alqac_questions, select_split

    d = ROOT / "eval" / "data"
    pd = [q["text"] for f in ("phapdien_train.json", "phapdien_train2.json")
          for q in json.loads((d / f).read_text(encoding="utf-8"))]
    pd += [json.loads(l)["text"] for f in ("out_of_scope_phapdien_train2.jsonl", "out_of_scope_phapdien_train3.jsonl")
           for l in (d / f).read_text(encoding="utf-8").splitlines() if l.strip()]
    alq = [q.query("text") for q in select_split(load_alqac_questions(ALQAC), "dev")]
    return {"phapdien": pd, "alqac": [q for q in alq if not exam_style(q)]}


def top_scores(r: HybridRetriever, queries: list[str]) -> np.ndarray:
    out = []
    for q in queries:
        hits = r.search(q, 1)
        out.append(hits[0].scores.get("rerank", np.nan) if hits else np.nan)
    return np.array(out, dtype=np.float64)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", type=Path, required=True)
    ap.add_argument("--new", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    old_w = json.loads(args.old.read_text(encoding="utf-8"))
    new_w = json.loads(args.new.read_text(encoding="utf-8"))
    xs, ys = [], []
    for coll, queries in training_queries().items():
        base = HybridRetriever.open(coll)
        for w, acc in ((old_w, ys), (new_w, xs)):
            r = base.model_copy()
            r.model_post_init(None)
            r._reranker_q = FeatureReranker(w)
            acc.append(top_scores(r, queries))
        print(f"{coll}: {len(queries)} queries", flush=True)
    x, y = np.concatenate(xs), np.concatenate(ys)
    ok = ~(np.isnan(x) | np.isnan(y))
    s, c = np.polyfit(x[ok], y[ok], 1)
    if s <= 0:
        raise SystemExit(f"slope {s:.3f} ≤ 0: the scores do not correspond")
    out = dict(new_w)
    out["coef"] = [float(v) * s for v in new_w["coef"]]
    out["intercept"] = float(new_w.get("intercept", 0.0)) * s + c
    out["score_rescaled"] = {"slope": round(float(s), 4), "offset": round(float(c), 4), "n": int(ok.sum()),
                             "to": "the previous weights' top-hit scores on training questions (eval/rescale_rerank_scores.py)"}
    args.out.write_text(json.dumps(out, indent=1))
    r2 = np.corrcoef(x[ok], y[ok])[0, 1] ** 2
    print(f"slope {s:.4f} offset {c:.4f} over {ok.sum()} top hits (r² {r2:.3f}); "
          f"old mean/std {y[ok].mean():.3f}/{y[ok].std():.3f}, new {x[ok].mean():.3f}/{x[ok].std():.3f}")


if __name__ == "__main__":
    main()
