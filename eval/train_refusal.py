"""Fit the refusal model (``assistant/refusal_weights.json``) from feature dumps of calibration questions.

Inputs are files written by ``eval/dump_refusal_features.py``: in-scope question sets (ALQAC **dev**, the Pháp điển
**training** questions) and out-of-scope sets. Of an out-of-scope set that is also reported on (``--out-of-scope``:
``out_of_scope.jsonl``, ``out_of_scope_phapdien.jsonl``) only the calibration half is used (odd-numbered ids; the
even-numbered half is held out for the report); sets written only for training (``--out-of-scope-all``:
``out_of_scope_phapdien_train2.jsonl``, ``…_train3.jsonl``) are used whole. Never pass ALQAC test,
``phapdien_dev.json``, a held-out half or the everyday-language set's halves (``eval/colloquial_split.py``).

What is fitted: a logistic regression (scikit-learn, features standardised, each input file given the same total
weight) on the questions asked in one's own words (``rerank.exam_style`` false) that no scope rule refuses — the
only ones the model decides (``answering.confident``); exam-style questions keep the coverage/dense thresholds.
Two kinds of threshold on P(in scope), chosen on the same data by rules fixed before looking at the results:

* ``answer_above`` (all collections): the lowest value (grid step 0.005) at which answering every such question with
  P ≥ it, the thresholds deciding the rest, raises no file's false-answer rate above the thresholds' alone;
* ``refuse_below[collection]`` (only collections given with an out-of-scope file): the value below ``answer_above``
  that minimises the worse of the collection's false-refusal and false-answer rates, then their sum, then the
  lowest value (fewest refusals). Collections without labelled out-of-scope questions get no such veto.

Every question of a file is counted, with the scope rules and exam-style thresholds applied as in ``answering``
(the thresholds are re-applied to the dumped features, so dumps made with any refusal model give the same inputs).

``--cv K`` also reports K-fold cross-validation (folds by a hash of the question id, within every file): model and
thresholds fitted on K−1 folds, decisions taken on the K-th; the shipped decision (what the dumps recorded) is
reported on the same questions. That is the figure to choose candidates (features, C) by; ``--no-write`` leaves the
weights file alone.

    python eval/train_refusal.py --in-scope alqac=/tmp/d/alqac-dev.jsonl phapdien=/tmp/d/pd-train.jsonl \
        --out-of-scope alqac=/tmp/d/alqac-oos.jsonl phapdien=/tmp/d/pd-oos.jsonl \
        --out-of-scope-all phapdien=/tmp/d/pd-oos-train2.jsonl --cv 5 \
        --weights assistant/refusal_weights.json --report eval/reports/refusal-calibration
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

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
    if "question_len" not in f:  # dumps made before answering recorded it
        f["question_len"] = float(np.log(max(1, len(str(r["text"]).split()))))
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


def thresholds_answer(r: dict[str, Any]) -> bool:
    """The decision without the model: scope rules, then ``answering.confident``'s coverage/dense thresholds (only
    coverage for a question naming a held document)."""
    from assistant import answering

    if "_thr" not in r:
        f = r["features"]
        if not r["hits"] or r["scope_reason"]:
            r["_thr"] = False
        elif r["names_held"]:
            r["_thr"] = answering.confident({k: v for k, v in f.items() if k == "coverage"})[0]
        else:
            r["_thr"] = answering.confident(f, exam=True)[0]
    return bool(r["_thr"])


def rates(sets: dict[str, list[dict[str, Any]]], answer: Callable[[dict[str, Any]], bool]) -> dict[str, dict[str, float]]:
    """Per file: false-refusal rate (in-scope) or false-answer rate (out-of-scope), and citation P/R of the
    answered in-scope questions (articles the extractive answer cites, ``forced_cited``)."""
    out: dict[str, dict[str, float]] = {}
    for name, rows in sets.items():
        if not rows:
            continue
        ans = [bool(r["hits"]) and not r["scope_reason"] and answer(r) for r in rows]
        if not rows[0]["in_scope"]:
            out[name] = {"false_answer_rate": float(np.mean(ans)), "wrong": int(sum(ans)), "n": len(rows)}
            continue
        prec, rec = [], []
        for r, a in zip(rows, ans):
            gold = {tuple(g) for g in r["gold"]}
            cited = [tuple(c) for c in r["forced_cited"]]
            hit = len(gold & set(cited))
            rec.append(hit / len(gold) if a and gold else 0.0)
            if a:
                prec.append(hit / len(cited) if cited else 0.0)
        out[name] = {"false_refusal_rate": 1 - float(np.mean(ans)), "wrong": int(len(ans) - sum(ans)),
                     "citation_precision": float(np.mean(prec)) if prec else 0.0,
                     "citation_recall": float(np.mean(rec)), "n": len(rows)}
    return out


def rate(d: dict[str, float]) -> float:
    return d.get("false_refusal_rate", d.get("false_answer_rate", 0.0))


def fit(sets: dict[str, list[dict[str, Any]]], coll_of: dict[str, str], feats: tuple[str, ...], C: float,
        caps: dict[str, float] | None = None) -> dict[str, Any]:
    """Logistic model on the model-decided questions of ``sets`` (each file the same total weight) and its two
    thresholds, by the rules in the module docstring. Returns the weights-file fields."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    train = [(name, r) for name, rows in sets.items() for r in rows if decided_by_model(r)]
    missing = [r["id"] for _, r in train if any(f not in r["_f"] for f in feats)]
    if missing:
        raise SystemExit(f"{len(missing)} questions lack a feature (index without dense vectors / reranker?): "
                         f"{missing[:5]}")
    X = np.array([[r["_f"][f] for f in feats] for _, r in train])
    y = np.array([1 if r["in_scope"] else 0 for _, r in train])
    counts = {name: sum(1 for n, _ in train if n == name) for name in sets}
    w = np.array([1.0 / counts[n] for n, _ in train])
    w *= len(w) / w.sum()
    sc = StandardScaler().fit(X)
    m = LogisticRegression(C=C, max_iter=1000).fit(sc.transform(X), y, sample_weight=w)
    model = {"features": list(feats), "mean": sc.mean_.tolist(), "scale": sc.scale_.tolist(),
             "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]), "n_train": counts}
    for rows in sets.values():
        for r in rows:
            r["_p"] = probability(model, r)
    old = rates(sets, thresholds_answer)
    grid = [round(t, 3) for t in np.arange(0.0, 1.0001, 0.005)]
    answer_above = 1.0
    for t in grid:
        res = rates(sets, rule(t, {}, {}, coll_of_row=lambda r: r["_coll"]))
        if all(rate(res[k]) <= rate(old[k]) + 1e-9 for k in res if "false_answer_rate" in old[k]):
            answer_above = float(t)
            break
    refuse_below: dict[str, float] = {}
    above_by: dict[str, float] = {}
    for coll in sorted({coll_of[n] for n in old if "false_answer_rate" in old[n]}):
        mine = {n: rows for n, rows in sets.items() if coll_of[n] == coll}
        if caps and coll in caps:
            above_by[coll], refuse_below[coll] = capped_thresholds(mine, caps[coll])
            continue
        best = None
        for t in [g for g in grid if g < answer_above]:
            res = rates(mine, rule(answer_above, {}, {coll: t}, coll_of_row=lambda r: r["_coll"]))
            key = (max(rate(v) for v in res.values()), sum(rate(v) for v in res.values()), t)
            if best is None or key < best:
                best = key
        if best is not None and best[2] > 0:
            refuse_below[coll] = float(best[2])
    model.update(answer_above=answer_above, refuse_below=refuse_below, answer_above_by_collection=above_by)
    return model


def capped_thresholds(sets: dict[str, list[dict[str, Any]]], cap: float, step: float = 0.01) -> tuple[float, float]:
    """A calibrated collection's own (answer_above, refuse_below): the pair (refuse_below ≤ answer_above, grid
    ``step``; answer_above may be above 1: never rescue) with the fewest false refusals over the collection's in-scope
    files whose false-answer rate over its out-of-scope files (pooled) stays ≤ ``cap``; ties: fewer false answers,
    then the lowest values. When no pair meets the cap, the one with the fewest false answers."""
    rows = [r for rs in sets.values() for r in rs]
    base = np.array([bool(r["hits"]) and not r["scope_reason"] for r in rows])
    thr = np.array([thresholds_answer(r) for r in rows])
    p = np.array([np.nan if r["_p"] is None else r["_p"] for r in rows])
    decided = ~np.isnan(p)
    inside = np.array([bool(r["in_scope"]) for r in rows])
    n_out = max(1, int((~inside).sum()))
    grid = [round(float(t), 4) for t in np.arange(0.0, 1.0 + 1e-9, step)] + [1.01]
    best = None
    for above in grid:
        for below in (g for g in grid if g <= above):
            ans = base & np.where(decided, (p >= above) | ((p >= below) & thr), thr)
            fr = int((inside & ~ans).sum())
            fa = int((~inside & ans).sum())
            key = (fa / n_out > cap + 1e-9, fa if fa / n_out > cap + 1e-9 else 0, fr, fa, above, below)
            if best is None or key < best[0]:
                best = (key, above, below)
    return float(best[1]), float(best[2])


def probability(model: dict[str, Any], r: dict[str, Any]) -> float | None:
    """P(in scope) as ``answering.RefusalModel.probability`` computes it; None for questions the model does not
    decide."""
    if not decided_by_model(r) or any(f not in r["_f"] for f in model["features"]):
        return None
    z = model["intercept"] + sum((r["_f"][f] - m) / s * c for f, m, s, c in
                                 zip(model["features"], model["mean"], model["scale"], model["coef"]))
    return 1.0 / (1.0 + np.exp(-max(-60.0, min(60.0, z))))


def rule(above: float, above_by: dict[str, float], below: dict[str, float],
         coll_of_row: Callable[[dict[str, Any]], str], p_key: str = "_p") -> Callable[[dict[str, Any]], bool]:
    def answer(r: dict[str, Any]) -> bool:
        p = r.get(p_key)
        if p is None:
            return thresholds_answer(r)
        if p >= above_by.get(coll_of_row(r), above):
            return True
        if p < below.get(coll_of_row(r), 0.0):
            return False
        return thresholds_answer(r)
    return answer


def fold_of(qid: str, k: int) -> int:
    return int(hashlib.sha1(qid.encode("utf-8")).hexdigest(), 16) % k


def cross_validate(sets: dict[str, list[dict[str, Any]]], coll_of: dict[str, str], feats: tuple[str, ...], C: float,
                   k: int, caps: dict[str, float] | None = None) -> dict[str, dict[str, float]]:
    """K-fold CV: every question decided by the model fitted (weights and thresholds) without its fold."""
    for fold in range(k):
        train = {n: [r for r in rows if fold_of(r["id"], k) != fold] for n, rows in sets.items()}
        model = fit(train, coll_of, feats, C, caps)
        for rows in sets.values():
            for r in rows:
                if fold_of(r["id"], k) == fold:
                    r["_p_cv"] = probability(model, r)
                    r["_cv_answer"] = rule(model["answer_above"], model["answer_above_by_collection"],
                                           model["refuse_below"], coll_of_row=lambda x: x["_coll"], p_key="_p_cv")(r)
    return rates(sets, lambda r: r["_cv_answer"])


def pooled(res: dict[str, dict[str, float]], names: list[str]) -> tuple[int, int]:
    """(wrong, n) over the files ``names``."""
    return sum(int(res[n]["wrong"]) for n in names if n in res), sum(int(res[n]["n"]) for n in names if n in res)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--in-scope", nargs="+", required=True, help="collection=dump.jsonl …")
    ap.add_argument("--out-of-scope", nargs="+", required=True, help="collection=dump.jsonl … (odd ids used)")
    ap.add_argument("--out-of-scope-all", nargs="*", default=[],
                    help="collection=dump.jsonl … of sets written only for training (every id used)")
    ap.add_argument("--weights", type=Path, required=True)
    ap.add_argument("--report", type=Path, required=True, help="report path without extension (.json and .md)")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--features", nargs="+", default=list(FEATURES))
    ap.add_argument("--cv", type=int, default=0, help="also report K-fold cross-validation (0 = off)")
    ap.add_argument("--no-write", action="store_true", help="do not write the weights file")
    ap.add_argument("--max-false-answer", nargs="*", default=[],
                    help="collection=rate …: that calibrated collection gets its own answer_above and refuse_below, "
                         "the pair with the fewest false refusals whose pooled false-answer rate is ≤ rate "
                         "(otherwise: the global answer_above and the minimax refuse_below)")
    a = ap.parse_args(argv)
    feats = tuple(a.features)

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
    for coll, p in pairs(a.out_of_scope_all):
        sets[p.stem] = load(p)
        coll_of[p.stem] = coll
    for name, rows in sets.items():
        for r in rows:
            r["_f"] = features(r)
            r["_coll"] = coll_of[name]

    caps = {c: float(v) for c, _, v in (x.partition("=") for x in a.max_false_answer)}
    model = fit(sets, coll_of, feats, a.C, caps)
    answer_above, refuse_below = model["answer_above"], model["refuse_below"]
    above_by = model["answer_above_by_collection"]
    old = rates(sets, thresholds_answer)
    shipped = rates(sets, lambda r: not r["refused"])
    new = rates(sets, rule(answer_above, above_by, refuse_below, coll_of_row=lambda r: r["_coll"]))
    rescue_only = rates(sets, rule(answer_above, above_by, {}, coll_of_row=lambda r: r["_coll"]))
    cv = cross_validate(sets, coll_of, feats, a.C, a.cv, caps) if a.cv else None

    weights = {
        **{k: model[k] for k in ("features", "mean", "scale", "coef", "intercept", "answer_above", "refuse_below",
                                 "answer_above_by_collection")},
        "max_false_answer": caps,
        "trained_on": a.in_scope + [f"{x} (odd ids)" for x in a.out_of_scope] + [f"{x} (all ids)"
                                                                                   for x in a.out_of_scope_all],
        "n_train": model["n_train"], "C": a.C,
        "note": "fitted by eval/train_refusal.py; decides questions asked in one's own words only (rerank.exam_style "
                "false); refuse_below only for collections calibrated with their own out-of-scope questions",
    }
    if not a.no_write:
        a.weights.write_text(json.dumps(weights, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    coef = dict(zip(feats, np.round(model["coef"], 4).tolist()))
    report = {"created_at": datetime.now(timezone.utc).isoformat(), "answer_above": answer_above,
              "refuse_below": refuse_below, "answer_above_by_collection": above_by, "max_false_answer": caps, "features": list(feats), "C": a.C, "coef": coef,
              "thresholds_only": old, "shipped": shipped, "rescue_only": rescue_only, "new": new, "cv": cv,
              "cv_folds": a.cv}
    a.report.parent.mkdir(parents=True, exist_ok=True)
    a.report.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    lines = [
        "# Refusal model — calibration (training sets only)", "",
        f"`eval/train_refusal.py`, {report['created_at'][:16]} UTC. Features: {', '.join(feats)}; C = {a.C}; "
        f"standardised coefficients {coef}. answer_above = **{answer_above}** (own: **{above_by}**, false-answer "
        f"caps {caps}), refuse_below = **{refuse_below}**.",
        "Exam-style queries (``rerank.exam_style`` of the query sent to the retriever: a statement to judge, pasted "
        "multiple-choice options) keep the coverage/dense thresholds; scope decisions are those recorded in the "
        "dumps. \"shipped\" = the decisions the dumps recorded (the refusal model in use when they were made; "
        "in-sample for the files it was fitted on). \"new\" is in-sample"
        + (f"; \"CV\" is {a.cv}-fold cross-validation (model and thresholds fitted without the question's fold)."
           if cv else "."), "",
        "| set | n | thresholds only | shipped | new: answer_above only | new | " + ("CV | " if cv else "")
        + "shipped citation P / R | new citation P / R |",
        "|---|---|---|---|---|---|" + ("---|" if cv else "") + "---|---|",
    ]
    for name in (n for n in sets if n in old):  # an empty file (no out-of-scope half given) has no rates
        o, s, ro, n = old[name], shipped[name], rescue_only[name], new[name]
        pr = (f"{s['citation_precision']:.3f} / {s['citation_recall']:.3f} | "
              f"{n['citation_precision']:.3f} / {n['citation_recall']:.3f}") if "citation_precision" in o else "– | –"
        cvs = f"{rate(cv[name]):.1%} ({cv[name]['wrong']}) | " if cv else ""
        lines.append(f"| {name} | {o['n']} | {rate(o):.1%} | {rate(s):.1%} ({s['wrong']}) | {rate(ro):.1%} | "
                     f"{rate(n):.1%} ({n['wrong']}) | {cvs}{pr} |")
    if cv:
        lines += ["", "Pooled (wrong / n): shipped → CV"]
        for coll in sorted(set(coll_of.values())):
            for kind, key in (("false refusals", "false_refusal_rate"), ("false answers", "false_answer_rate")):
                names = [n for n in sets if coll_of[n] == coll and key in old.get(n, {})]
                if names:
                    sw, sn = pooled(shipped, names)
                    cw, cn = pooled(cv, names)
                    lines.append(f"- {coll} {kind}: {sw}/{sn} ({sw / sn:.1%}) → {cw}/{cn} ({cw / cn:.1%})")
    a.report.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
