"""Experiment harness (training sets first, Pháp điển dev for acceptance): extra dense "views" of each Pháp điển article
and query reformulation, measured with the served search path (fusion → feature reranker).

    python eval/pd_views_exp.py --sets train train2 train3 train4 --variants base title:mean title:max ...

A view's vectors are computed once with the serving embedder and kept in a side vector cache under ``runs/`` (never the
shared one). Variants patch a fresh copy of the retriever's dense scoring (exact scan); the served code is untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

from assistant.embeddings import VectorCache, embed_passages_cached
from assistant.records import article_key
from assistant.retrieval import HybridRetriever

ROOT = Path(__file__).resolve().parents[1]
SETS = {s: ROOT / "eval" / "data" / f"phapdien_{s}.json" for s in ("dev", "train", "train2", "train3", "train4")}
_CODE_RE = re.compile(r"^Điều\s+[\w.]+\.\s*")


def view_text(c, view: str) -> str:
    head = [h for h in c.heading_path if h]
    title = c.article_title or (_CODE_RE.sub("", head[-1]) if head else "")
    if view == "title":
        return title
    if view == "path":  # đề mục › chapter / section headings › article title, without the Pháp điển code
        mid = [h for h in head[1:-1]]
        return " › ".join([c.doc_title, *mid, title])
    if view == "dtitle":
        return f"{c.doc_title}: {title}"
    if view == "body":  # the article text alone (no heading path): more of the body fits the 128 tokens
        return c.text
    raise ValueError(view)


def view_vectors(r: HybridRetriever, view: str) -> np.ndarray:
    """One vector per chunk: the view of its article (chunks of one article share it)."""
    chunks = r.index.chunks
    art = r._art_row
    rows = sorted(set(int(x) for x in art))
    texts = [view_text(chunks[i], view) for i in rows]
    # a side cache, never the shared one (PDQ_VIEW_CACHE: e.g. the helper's copy of the 23.5k title vectors)
    cache = VectorCache(os.environ.get("PDQ_VIEW_CACHE") or ROOT / "runs" / "view-vectors.sqlite")
    t0 = time.time()
    vecs = embed_passages_cached(r.embedder, texts, cache)
    print(f"[view {view}] {len(rows)} articles in {time.time() - t0:.0f} s", file=sys.stderr)
    pos = {row: j for j, row in enumerate(rows)}
    return vecs[[pos[int(a)] for a in art]]


def patch(r: HybridRetriever, vb: np.ndarray | None, mode: str, alpha: float, strip: bool) -> HybridRetriever:
    va = np.asarray(r._vectors, dtype=np.float32)
    orig = r._dense_scores

    def dense_scores(qv, kw, mask):
        if vb is None:
            return orig(qv, kw, mask)
        a, b = va @ qv, vb @ qv
        if mode == "mean":
            d = (1 - alpha) * a + alpha * b
        elif mode == "max":
            d = np.maximum(a, b)
        elif mode == "maxd":  # the title view counts only when it beats the article's cosine by more than alpha
            d = np.maximum(a, b - alpha)
        elif mode == "maxs":  # the larger of the two, the title view scaled by alpha
            d = np.maximum(a, alpha * b)
        else:
            raise ValueError(mode)
        return d.astype(np.float32), None

    object.__setattr__(r, "_dense_scores", dense_scores)
    if strip:  # the hits report the article cosine (what the refusal model was fitted on); fusion sees the blend
        last = {}
        inner = dense_scores

        def dense_scores2(qv, kw, mask):
            last["a"] = va @ qv
            return inner(qv, kw, mask)

        object.__setattr__(r, "_dense_scores", dense_scores2)
        row_of = {c.id: i for i, c in enumerate(r.index.chunks)}
        search = r.search

        def search2(query, k=None, **kw):
            hits = search(query, k, **kw)
            for h in hits:
                if "dense" in h.scores and "a" in last:
                    h.scores["dense"] = float(last["a"][row_of[h.chunk.id]])
            return hits

        object.__setattr__(r, "search", search2)
    return r


def evaluate(r: HybridRetriever, qs: list[dict]) -> dict:
    keys = {}
    rr, r10, r1, lat = [], [], [], []
    per = {}
    for q in qs:
        want = {(g["law_id"], g["article_id"]) for g in q["relevant_articles"]}
        t0 = time.perf_counter()
        hits = r.search(q["text"], 10)
        lat.append((time.perf_counter() - t0) * 1000)
        seen, rank = [], None
        for h in hits:
            k = (h.chunk.law_id, h.chunk.article_id)
            if k in seen:
                continue
            seen.append(k)
            if k in want and rank is None:
                rank = len(seen)
        rr.append(1.0 / rank if rank and rank <= 10 else 0.0)
        r10.append(len(want & set(seen[:10])) / len(want))
        r1.append(float(rank == 1))
        per[q["question_id"]] = rank
    return {"n": len(qs), "mrr10": float(np.mean(rr)), "r10": float(np.mean(r10)), "r1": float(np.mean(r1)),
            "p95": float(np.percentile(lat, 95)), "per": per}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", nargs="+", default=["train", "train2", "train3", "train4"])
    ap.add_argument("--variants", nargs="+", default=["base"])
    ap.add_argument("--out", default=str(ROOT / "runs" / "views-exp.jsonl"))
    args = ap.parse_args()
    base = HybridRetriever.open("phapdien")
    qsets = {s: json.load(open(SETS[s], encoding="utf-8")) for s in args.sets}
    vec_cache: dict[str, np.ndarray] = {}
    for var in args.variants:
        # "base" | "<view>:<mode>[:alpha]"
        r = base.model_copy()
        r.model_post_init(None)
        for part in ([] if var == "base" else var.split("+")):
            name, *rest = part.split(":")
            if name == "dw":  # global dense weight of the fusion
                r.dense_weight = float(rest[0])
                continue
            if name == "qw":  # question weights from another file
                from assistant.rerank import FeatureReranker

                r._reranker_q = FeatureReranker(json.loads(Path(rest[0]).read_text(encoding="utf-8")))
                continue
            if name == "nc":  # candidates from each side
                r.n_candidates = int(rest[0])
                continue
            view, mode = name, rest[0]
            alpha = float(rest[1]) if len(rest) > 1 else 0.5
            if view not in vec_cache:
                vec_cache[view] = view_vectors(r, view)
            patch(r, vec_cache[view], mode, alpha, False)
        res = {s: evaluate(r, qs) for s, qs in qsets.items()}
        line = " ".join(f"{s}={v['mrr10']:.4f}/{v['r10']:.3f}" for s, v in res.items())
        print(f"{var:24s} {line}  p95={max(v['p95'] for v in res.values()):.1f}", flush=True)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"variant": var, "res": res}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
