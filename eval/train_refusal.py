"""Fit the refusal model (``assistant/refusal_weights.json``) from feature dumps of calibration questions.

Inputs are files written by ``eval/dump_refusal_features.py``: in-scope question sets (ALQAC **dev**, the Pháp điển
**training** questions) and out-of-scope sets, of which only the calibration half is used (odd-numbered ids; the
even-numbered half is held out for the report). Never pass ALQAC test, ``phapdien_dev.json`` or a held-out half.

What is fitted: a logistic regression (scikit-learn, features standardised, each input file given the same total
weight) on the questions asked in one's own words (``rerank.exam_style`` false) that no scope rule refuses — the
only ones the model decides (``answering.confident``); exam-style questions keep the coverage/dense thresholds.
Two kinds of threshold on P(in scope), chosen on the same data by rules fixed before looking at the results:

* ``answer_above`` (all collections): the lowest value (grid step 0.005) at which answering every such question with
  P ≥ it, the thresholds deciding the rest, raises no file's false-answer rate above the old rule's;
* ``refuse_below[collection]`` (only collections given with an out-of-scope file): the value below ``answer_above``
  that minimises the worse of the collection's false-refusal and false-answer rates, then their sum, then the
  lowest value (fewest refusals). Collections without labelled out-of-scope questions get no such veto.

Every question of a file is counted, with the scope rules and exam-style thresholds applied as in ``answering``.

    python eval/train_refusal.py --in-scope alqac=/tmp/h-refuse/alqac-dev.jsonl phapdien=/tmp/h-refuse/pd-train.jsonl \
        --out-of-scope alqac=/tmp/h-refuse/alqac-oos.jsonl phapdien=/tmp/h-refuse/pd-oos.jsonl \
        --weights assistant/refusal_weights.json --report eval/reports/refusal-calibration
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

FEATURES = ("dense", "coverage", "rerank", "doc_share", "title_in_query")


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def calibration_half(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Odd-numbered ids ("oos_001", "oos_pd_003" …): the calibration half of an out-of-scope set."""
    return [r for r in rows if int(str(r["id"]).rsplit("_", 1)[1]) % 2 == 1]


def features(r: dict[str, Any]) -> dict[str, float]:
    """The confidence features ``answering.confidence_features`` gives for this question (dumps made before the
    retriever recorded the reranker's features carry them per hit)."""
    f = dict(r["features"])
    if r["hits"]:
        top = r["hits"][0]
        if "rerank" not in f and "rerank" in top["scores"]:
            f["rerank"] = top["scores"]["rerank"]
        for name in ("doc_share", "title_in_query"):
            if name not in f and name in top.get("rr_features", {}):
                f[name] = top["rr_features"][name]
    return f


def decided_by_model(r: dict[str, Any]) -> bool:
    return bool(r["hits"]) and not r["scope_reason"] and not r["names_held"] and not r["exam_style"]


def rates(sets: dict[str, list[dict[str, Any]]], answer: Any) -> dict[str, dict[str, float]]:
    """Per file: false-refusal rate (in-scope) or false-answer rate (out-of-scope), and citation P/R of the
    answered in-scope questions (articles the extractive answer cites, ``forced_cited``)."""
    out: dict[str, dict[str, float]] = {}
    for name, rows in sets.items():
        ans = [bool(r["hits"]) and not r["scope_reason"] and answer(r) for r in rows]
        if rows and not rows[0]["in_scope"]:
            out[name] = {"false_answer_rate": float(np.mean(ans)), "n": len(rows)}
            continue
        prec, rec = [], []
        for r, a in zip(rows, ans):
            gold = {tuple(g) for g in r["gold"]}
            cited = [tuple(c) for c in r["forced_cited"]]
            hit = len(gold & set(cited))
            rec.append(hit / len(gold) if a and gold else 0.0)
            if a:
                prec.append(hit / len(cited) if cited else 0.0)
        out[name] = {"false_refusal_rate": 1 - float(np.mean(ans)), "citation_precision": float(np.mean(prec)),
                     "citation_recall": float(np.mean(rec)), "n": len(rows)}
    return out


def main(argv: list[str] | None = None) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--in-scope", nargs="+", required=True, help="collection=dump.jsonl …")
    ap.add_argument("--out-of-scope", nargs="+", required=True, help="collection=dump.jsonl … (odd ids used)")
    ap.add_argument("--weights", type=Path, required=True)
    ap.add_argument("--report", type=Path, required=True, help="report path without extension (.json and .md)")
    ap.add_argument("--C", type=float, default=1.0)
    a = ap.parse_args(argv)

    def pairs(items: list[str]) -> list[tuple[str, Path]]:
        out = []
        for it in items:
            coll, sep, path = it.partition("=")
            if not sep:
                raise SystemExit(f"expected collection=path, got {it!r}")
            out.append((coll, Path(path)))
        return out

    sets: dict[str, list[dict[str, Any]]] = {}
    coll_of: dict[str, str] = {}
    for coll, p in pairs(a.in_scope):
        sets[p.stem] = load(p)
        coll_of[p.stem] = coll
    for coll, p in pairs(a.out_of_scope):
        name = f"{p.stem} (calibration half)"
        sets[name] = calibration_half(load(p))
        coll_of[name] = coll
    for rows in sets.values():
        for r in rows:
            r["_f"] = features(r)
    train = [(name, r) for name, rows in sets.items() for r in rows if decided_by_model(r)]
    missing = [r["id"] for _, r in train if any(f not in r["_f"] for f in FEATURES)]
    if missing:
        raise SystemExit(f"{len(missing)} questions lack a feature (index without dense vectors / reranker?): "
                         f"{missing[:5]}")
    X = np.array([[r["_f"][f] for f in FEATURES] for _, r in train])
    y = np.array([1 if r["in_scope"] else 0 for _, r in train])
    counts = {name: sum(1 for n, _ in train if n == name) for name in sets}
    w = np.array([1.0 / counts[n] for n, _ in train])
    w *= len(w) / w.sum()
    sc = StandardScaler().fit(X)
    m = LogisticRegression(C=a.C, max_iter=1000).fit(sc.transform(X), y, sample_weight=w)
    for name, rows in sets.items():
        for r in rows:
            r["_p"] = None
            if decided_by_model(r):
                x = np.array([[r["_f"][f] for f in FEATURES]])
                r["_p"] = float(m.predict_proba(sc.transform(x))[0, 1])
            r["_coll"] = coll_of[name]

    def rule(above: float, below: dict[str, float]) -> Any:
        def answer(r: dict[str, Any]) -> bool:
            if r["_p"] is None:
                return not r["refused"]
            if r["_p"] >= above:
                return True
            if r["_p"] < below.get(r["_coll"], 0.0):
                return False
            return not r["refused"]
        return answer

    def rate(d: dict[str, float]) -> float:
        return d.get("false_refusal_rate", d.get("false_answer_rate", 0.0))

    old = rates(sets, lambda r: not r["refused"])
    grid = [round(t, 3) for t in np.arange(0.0, 1.0001, 0.005)]
    answer_above = 1.0
    for t in grid:
        res = rates(sets, rule(t, {}))
        if all(rate(res[k]) <= rate(old[k]) + 1e-9 for k in sets if "false_answer_rate" in old[k]):
            answer_above = float(t)
            break
    refuse_below: dict[str, float] = {}
    for coll in sorted({c for n, c in coll_of.items() if "false_answer_rate" in old[n]}):
        mine = {n: rows for n, rows in sets.items() if coll_of[n] == coll}
        best = None
        for t in [g for g in grid if g < answer_above]:
            res = rates(mine, rule(answer_above, {coll: t}))
            key = (max(rate(v) for v in res.values()), sum(rate(v) for v in res.values()), t)
            if best is None or key < best:
                best = key
        if best is not None and best[2] > 0:
            refuse_below[coll] = float(best[2])
    new = rates(sets, rule(answer_above, refuse_below))
    rescue_only = rates(sets, rule(answer_above, {}))

    weights = {
        "features": list(FEATURES), "mean": sc.mean_.tolist(), "scale": sc.scale_.tolist(),
        "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]),
        "answer_above": answer_above, "refuse_below": refuse_below,
        "trained_on": a.in_scope + [f"{x} (odd ids)" for x in a.out_of_scope],
        "n_train": counts, "C": a.C,
        "note": "fitted by eval/train_refusal.py; decides questions asked in one's own words only (rerank.exam_style "
                "false); refuse_below only for collections calibrated with their own out-of-scope questions",
    }
    a.weights.write_text(json.dumps(weights, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    coef = dict(zip(FEATURES, m.coef_[0].round(4).tolist()))
    report = {"created_at": datetime.now(timezone.utc).isoformat(), "answer_above": answer_above,
              "refuse_below": refuse_below, "features": list(FEATURES), "coef": coef,
              "old": old, "rescue_only": rescue_only, "new": new}
    a.report.parent.mkdir(parents=True, exist_ok=True)
    a.report.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    lines = [
        "# Refusal model — calibration (tuning sets only)", "",
        f"`eval/train_refusal.py`, {report['created_at'][:16]} UTC. Features: {', '.join(FEATURES)}; "
        f"standardised coefficients {coef}. answer_above = **{answer_above}**, refuse_below = **{refuse_below}**.",
        "Exam-style queries (``rerank.exam_style`` of the query sent to the retriever: a statement to judge; the "
        "answer pipeline appends multiple-choice options without their letters, so those count as own words) keep "
        "the coverage/dense thresholds; scope decisions are those recorded in the dumps. In-sample figures: the "
        "model and its thresholds were fitted on these same questions.", "",
        "| set | n | old: false refusals / answers | answer_above only | + refuse_below | old citation P / R "
        "| new citation P / R |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in sets:
        o, ro, n = old[name], rescue_only[name], new[name]
        pr = (f"{o['citation_precision']:.3f} / {o['citation_recall']:.3f} | "
              f"{n['citation_precision']:.3f} / {n['citation_recall']:.3f}") if "citation_precision" in o else "– | –"
        lines.append(f"| {name} | {o['n']} | {rate(o):.1%} | {rate(ro):.1%} | {rate(n):.1%} | {pr} |")
    a.report.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
