"""Pháp điển article ranking study (issue 5): cache the fused candidates of the *training* questions once, then
re-featurise them with the current ``assistant/rerank.py`` in seconds, list the top-1 misses, and compare feature
sets by 5-fold CV exactly as ``eval/train_reranker.py`` does (pairwise logistic, grouped by question).

    python eval/pd_rank_study.py cache            # retrieval once (reranker off) → eval/out/pd_rank_cache.pkl
    python eval/pd_rank_study.py misses [--out f] # top-1 misses of the shipped question weights, with classes
    python eval/pd_rank_study.py cv [--drop f …] [--C 0.1]

Only training data goes in: ALQAC dev split (both query modes, as the question weights are fitted) and
``phapdien_train.json``, ``phapdien_train2.json``, ``phapdien_train3.json``. Never ``phapdien_dev.json`` or ALQAC test.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
import train_reranker as T  # noqa: E402

PD_FILES = [ROOT / "eval" / "data" / f"phapdien_train{s}.json" for s in ("", "2", "3")]
CACHE = T.OUT / "pd_rank_cache.pkl"
if not T.TRAIN.exists():  # a git worktree under /work/wt: the shared data sit at /work/shared
    T.TRAIN = Path("/work/shared/data/alqac2025/train.json")
DEPTH = 30


def _compact(r, ranked, q, source, mode, exam):
    rows = ranked["rows"]
    gold = set(q.relevant)
    y = np.array([(r.chunks[i].law_id, r.chunks[i].article_id) in gold for i in rows], dtype=bool)
    cited = np.array([i in ranked["cited"] for i in rows], dtype=bool)
    return {"qid": q.question_id, "mode": mode, "source": source, "exam": exam, "rows": list(rows),
            "query": ranked["query"], "tokens": ranked["tokens"], "text": q.query(mode),
            "kw": ranked["kw"][rows].copy(), "fused": ranked["fused"][rows].copy(),
            "dense": None if ranked["dense"] is None else ranked["dense"][rows].copy(),
            "cited_rows": sorted(ranked["cited"]), "y": y, "cited": cited, "n_gold": len(gold),
            "gold": sorted(gold)}


def cmd_cache(args):
    from assistant.evaluation.datasets import load_alqac_questions, select_split
    from assistant.rerank import exam_style
    from assistant.retrieval import prepare_query

    out = []
    if CACHE.exists():  # keep the other source's items
        with open(CACHE, "rb") as fh:
            out = [it for it in pickle.load(fh) if it["source"] not in args.sources]
    t0 = time.perf_counter()
    if "phapdien" in args.sources:
        pd_qs = []
        for f in PD_FILES:
            pd_qs += [(f.stem, q) for q in load_alqac_questions(f) if q.relevant]
        r, memo = T.open_retriever("phapdien")
        memo.prefetch([prepare_query(q.query("text")) for _, q in pd_qs])
        memo.save()
        for src, q in pd_qs:
            ranked = r.ranked(q.query("text"), DEPTH)
            out.append(_compact(r, ranked, q, "phapdien", "text", exam_style(q.query("text"))) | {"file": src})
        print(f"phapdien {len(pd_qs)} in {time.perf_counter() - t0:.0f}s", flush=True)
    if "alqac" in args.sources:
        qs = [q for q in select_split(load_alqac_questions(T.TRAIN), "dev") if q.relevant]
        ra, memo_a = T.open_retriever("alqac")
        memo_a.prefetch([prepare_query(q.query(m)) for q in qs for m in ("choices", "text")])
        memo_a.save()
        for q in qs:
            for mode in ("choices", "text"):
                if mode == "choices" and not q.choices:
                    continue
                text = q.query(mode)
                ranked = ra.ranked(text, DEPTH)
                out.append(_compact(ra, ranked, q, "alqac", mode, exam_style(text)) | {"file": "alqac-dev"})
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with open(CACHE, "wb") as fh:
        pickle.dump(out, fh)
    print(f"cached {len(out)} queries in {time.perf_counter() - t0:.0f}s → {CACHE}", flush=True)


_RETRIEVERS: dict = {}


def retriever(source: str):
    from assistant.retrieval import HybridRetriever

    name = "phapdien" if source == "phapdien" else "alqac"
    if name not in _RETRIEVERS:
        _RETRIEVERS[name] = HybridRetriever.open(name, rerank=False)
    return _RETRIEVERS[name]


def featurise(items):
    """X of every cached item with the current feature code (the retriever's arrays rebuilt at the candidate rows)."""
    for it in items:
        r = retriever(it["source"])
        n = len(r.chunks)
        rows = np.asarray(it["rows"], dtype=np.int64)
        full = {}
        for k in ("kw", "fused", "dense"):
            if it[k] is None:
                full[k] = None
                continue
            a = np.zeros(n, np.float32)
            a[rows] = it[k]
            full[k] = a
        ranked = {"query": it["query"], "tokens": it["tokens"], "cited": set(it["cited_rows"]), "rows": list(rows), **full}
        it["X"] = r.rerank_features(ranked, list(rows))
    return items


def load(sources=("phapdien", "alqac")):
    with open(CACHE, "rb") as fh:
        items = [it for it in pickle.load(fh) if it["source"] in sources]
    return featurise(items)


def cmd_cv(args):
    from assistant.rerank import FEATURES, QUESTION_WEIGHTS_PATH, load_reranker

    T.PAIRWISE, T.MAX_NEG = True, 50
    t0 = time.perf_counter()
    items = load()
    print(f"featurised {len(items)} in {time.perf_counter() - t0:.0f}s", flush=True)
    drop = set(args.drop) | {"doc_share"}
    for it in items:
        for j in [FEATURES.index(f) for f in drop if f in FEATURES]:
            it["X"][:, j] = 0.0
    shipped = load_reranker(str(QUESTION_WEIGHTS_PATH))
    groups = {"pd-all": lambda it: it["source"] == "phapdien",
              **{f"pd-{f.stem.removeprefix('phapdien_')}": (lambda it, s=f.stem: it.get("file") == s) for f in PD_FILES},
              "alqac-dev-all": lambda it: it["source"] == "alqac",
              "alqac-dev-question-routed": lambda it: it["source"] == "alqac" and not it["exam"]}
    res = {}
    def cv(items, C, folds=5):
        import hashlib

        fold_of = {q: int(hashlib.sha1(q.encode()).hexdigest(), 16) % folds for q in {it["qid"] for it in items}}
        scores = [None] * len(items)
        for f in range(folds):
            tr = [it for it in items if fold_of[it["qid"]] != f]
            tr += [it for it in tr if it["source"] == "phapdien"] * (args.pd_weight - 1)
            w = T.fit(tr, C)
            for j, it in enumerate(items):
                if fold_of[it["qid"]] == f:
                    scores[j] = T.apply(w, it["X"])
        return scores

    for C in args.C:
        scores = cv(items, C)
        for g, pred in groups.items():
            sel = [j for j, it in enumerate(items) if pred(it)]
            if not sel:
                continue
            fused = T.metrics([items[j] for j in sel])
            rer = T.metrics([items[j] for j in sel], [scores[j] for j in sel])
            res[(C, g)] = rer
            print(f"C={C} {g:26s} n={fused['n']:4d} fused {fused['mrr@10']:.4f}  CV MRR@10 {rer['mrr@10']:.4f} "
                  f"R@1 {rer['recall@1']:.4f} R@10 {rer['recall@10']:.4f}", flush=True)
    if args.dump:  # per-question reciprocal rank of the last C, for paired comparisons
        rr = {}
        for j, it in enumerate(items):
            if it["source"] != "phapdien" and not args.dump_all:
                continue
            o = sorted(range(len(it["y"])), key=lambda i: (not it["cited"][i], -scores[j][i], i))[:10]
            y = it["y"][o]
            rr[f'{it["qid"]}|{it["mode"]}'] = 1.0 / (int(np.argmax(y)) + 1) if y.any() else 0.0
        Path(args.dump).write_text(json.dumps(rr))
    if args.shipped:
        sc = [shipped.score(it["X"]) for it in items]
        for g, pred in groups.items():
            sel = [j for j, it in enumerate(items) if pred(it)]
            if not sel:
                continue
            m = T.metrics([items[j] for j in sel], [sc[j] for j in sel])
            print(f"shipped {g:26s} MRR@10 {m['mrr@10']:.4f} R@1 {m['recall@1']:.4f} R@10 {m['recall@10']:.4f}")
    if args.write:
        C = args.C[0]
        w = T.fit(items + [it for it in items if it["source"] == "phapdien"] * (args.pd_weight - 1), C)
        out = dict(w, features=list(FEATURES), dropped_features=sorted(drop), depth=DEPTH, C=C, pairwise=True, max_neg=50,
                   trained_on="ALQAC train dev split (both query modes) + phapdien_train.json + phapdien_train2.json + "
                              "phapdien_train3.json (collection phapdien); eval/pd_rank_study.py cv --write",
                   model_id=retriever("phapdien").embedder.model_id)
        Path(args.write).write_text(json.dumps(out, indent=1))
        print("wrote", args.write)
        print(", ".join(f"{f} {c:+.2f}" for f, c in zip(FEATURES, w["coef"])))


def _title(c):
    return (c.article_title or "").strip()


def _kind(article_id: str) -> str:
    m = re.match(r"\d+\.\d+\.([A-ZĐ]+)\.", article_id)
    return m.group(1) if m else "?"


def cmd_misses(args):
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker

    items = load(("phapdien",))
    model = load_reranker(str(QUESTION_WEIGHTS_PATH))
    r = retriever("phapdien")
    by_doc_rows: dict[str, list[int]] = {}
    for i, c in enumerate(r.chunks):
        if c.clause is None:
            by_doc_rows.setdefault(c.doc_id, []).append(i)
    pos = {row: k for rows in by_doc_rows.values() for k, row in enumerate(rows)}
    out, counts = [], {}
    for it in items:
        s = model.score(it["X"])
        order = sorted(range(len(it["rows"])), key=lambda i: (not it["cited"][i], -s[i], i))
        top = it["rows"][order[0]]
        if it["y"][order[0]]:
            continue
        gold_rank = next((k + 1 for k, i in enumerate(order) if it["y"][i]), None)
        gold_row = it["rows"][order[gold_rank - 1]] if gold_rank else None
        tc = r.chunks[top]
        gc = r.chunks[gold_row] if gold_row is not None else None
        art = int(r._art_row[top])
        rec = {"qid": it["qid"], "file": it["file"], "q": it["text"], "gold": it["gold"], "gold_rank": gold_rank,
               "top": [tc.law_id, tc.article_id, _title(tc)], "top_kind": _kind(tc.article_id)}
        if gc is not None:
            same = gc.doc_id == tc.doc_id
            rec.update(gold_title=_title(gc), gold_kind=_kind(gc.article_id), same_file=same,
                       distance=abs(pos[int(r._art_row[gold_row])] - pos[art]) if same else None)
        else:
            gl, ga = it["gold"][0]
            rec.update(same_file=tc.law_id == gl, gold_title=None, gold_kind=_kind(ga))
        # coarse automatic class; the report's classes were read by hand from this list
        if gc is None:
            cls = "gold not in top 30"
        elif not rec["same_file"]:
            cls = "other file"
        elif _title(gc).lower() == _title(tc).lower() or _title(gc).lower() in _title(tc).lower() \
                or _title(tc).lower() in _title(gc).lower():
            cls = "same file: same/contained title (law vs decree/circular)"
        elif rec["gold_kind"] != rec["top_kind"]:
            cls = "same file: other source type"
        elif rec["distance"] is not None and rec["distance"] <= 2:
            cls = "same file: neighbour (≤ 2 articles away), same type"
        else:
            cls = "same file: same type, further away"
        rec["class"] = cls
        counts[cls] = counts.get(cls, 0) + 1
        out.append(rec)
    n = len(items)
    print(f"{len(out)} top-1 misses of {n} Pháp điển training questions")
    for k, v in sorted(counts.items(), key=lambda x: -x[1]):
        print(f"  {v:3d}  {k}")
    if args.out:
        Path(args.out).write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in out) + "\n")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cache")
    c.add_argument("--sources", nargs="+", default=["phapdien", "alqac"])
    m = sub.add_parser("misses")
    m.add_argument("--out", default=None)
    v = sub.add_parser("cv")
    v.add_argument("--drop", nargs="*", default=[])
    v.add_argument("--C", type=float, nargs="+", default=[0.1])
    v.add_argument("--shipped", action="store_true")
    v.add_argument("--dump", default=None, help="write per-question CV reciprocal ranks (JSON) here")
    v.add_argument("--dump-all", action="store_true", help="--dump ALQAC items too")
    v.add_argument("--pd-weight", type=int, default=1, help="repeat the Pháp điển items this many times in each fit")
    v.add_argument("--write", default=None, help="fit on everything with the first C and write the weights here")
    args = ap.parse_args()
    {"cache": cmd_cache, "misses": cmd_misses, "cv": cmd_cv}[args.cmd](args)


if __name__ == "__main__":
    main()
