"""Everyday-worded Pháp điển questions (helper h-everyday, issue 5): where the gold is lost, and variants of the
served search path (fusion → feature reranker) measured on training sets only.

    PYTHONPATH=. python eval/everyday_study.py where                       # gold rank per signal, everyday sets
    PYTHONPATH=. python eval/everyday_study.py run base dwq=0.6 pool=5 …   # served metrics per set, per variant

Sets: official wording (phapdien_train, train2, train5–train10), everyday wording (train3, train4, colloquial,
and train11, the blind set written for this study), ALQAC dev split (both query modes). Never phapdien_dev,
fresh25 or ALQAC test. Query vectors are memoised in ``eval/out/qvec-everyday.npz``.

A variant is ``name=value``; they patch a copy of the retriever (served code untouched):
- ``dwq=w``: fusion dense weight ``w`` for questions in one's own words (``rerank.exam_style`` false);
- ``pool=m``: the best ``m`` dense-only articles (not in the fused top 30) replace the last ``m`` of the reranker's
  pool, for questions in one's own words;
- ``prf=b``: dense pseudo-relevance feedback, the query vector plus ``b`` × the mean of the top-3 dense articles'
  vectors (Rocchio), for questions in one's own words.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
DATA = ROOT / "eval" / "data"
OFFICIAL = ["phapdien_train", "phapdien_train2"] + [f"phapdien_train{i}" for i in range(5, 11)]
EVERYDAY = ["phapdien_train3", "phapdien_train4", "colloquial_questions"]
HELDOUT = ["phapdien_train11"]
MEMO = ROOT / "eval" / "out" / "qvec-everyday.npz"


class Memo:
    def __init__(self, inner):
        self.inner, self.model_id, self.dim = inner, inner.model_id, inner.dim
        self.memo: dict[str, np.ndarray] = {}
        if MEMO.exists():
            z = np.load(MEMO, allow_pickle=True)
            self.memo = dict(zip(z["keys"].tolist(), z["vecs"]))
        self.dirty = False

    def embed_queries(self, texts):
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            for t, v in zip(todo, self.inner.embed_queries(todo)):
                self.memo[t] = v
            self.dirty = True
        return np.stack([self.memo[t] for t in texts])

    def save(self):
        if self.dirty:
            MEMO.parent.mkdir(parents=True, exist_ok=True)
            keys = list(self.memo)
            np.savez(MEMO, keys=np.array(keys, dtype=object), vecs=np.stack([self.memo[k] for k in keys]))
            self.dirty = False


_R: dict = {}


def retriever(name: str):
    from assistant.retrieval import HybridRetriever

    if name not in _R:
        base = HybridRetriever.open(name)
        memo = Memo(base.embedder)
        r = base.model_copy(update={"embedder": memo})
        r.model_post_init(None)
        _R[name] = r
    return _R[name]


def pd_sets(names):
    from assistant.evaluation.datasets import load_alqac_questions

    return {n: [q for q in load_alqac_questions(DATA / f"{n}.json") if q.relevant] for n in names}


def alqac_dev():
    from assistant.evaluation.datasets import load_alqac_questions, select_split

    qs = [q for q in select_split(load_alqac_questions(Path("/work/shared/data/alqac2025/train.json")), "dev")
          if q.relevant]
    return {"alqac-choices": [(q, "choices") for q in qs if q.choices],
            "alqac-text": [(q, "text") for q in qs]}


def apply_variant(r, spec: dict):
    """Patch ``r`` (instance attributes) for a variant; returns a restore function."""
    from assistant.rerank import exam_style
    from assistant.retrieval import HybridRetriever

    dwq = spec.get("dwq")
    pool = int(spec.get("pool", 0))
    prf = spec.get("prf")
    state = {"exam": True}
    orig_ranked = HybridRetriever.ranked
    orig_dense = HybridRetriever._dense_scores

    def ranked(query, depth, *, as_of=None, doc_types=None):
        exam = exam_style(query)
        state["exam"] = exam
        object.__setattr__(r, "dense_weight", float(dwq) if (dwq is not None and not exam) else 0.4)
        out = orig_ranked(r, query, depth, as_of=as_of, doc_types=doc_types)
        if out is None or exam or not pool or out["dense"] is None:
            return out
        rows = out["rows"]
        from assistant.records import article_key

        seen = {article_key(r.index.chunks[i]) for i in rows}
        dense = out["dense"]
        extra = []
        for i in np.argsort(-dense)[:400]:
            k = article_key(r.index.chunks[i])
            if k in seen:
                continue
            seen.add(k)
            extra.append(int(i))
            if len(extra) >= pool:
                break
        keep = max(0, min(len(rows), depth) - len(extra))
        out["rows"] = rows[:keep] + extra + rows[keep:depth]
        return out

    def dense_scores(qv, kw, mask):
        if prf is None or state["exam"]:
            return orig_dense(r, qv, kw, mask)
        d0 = r._vectors @ qv
        top = np.argsort(-d0)[:3]
        q2 = qv + float(prf) * r._vectors[top].mean(axis=0)
        q2 = q2 / np.linalg.norm(q2)
        return (r._vectors @ q2).astype(np.float32), None

    object.__setattr__(r, "ranked", ranked)
    object.__setattr__(r, "_dense_scores", dense_scores)

    def restore():
        for a in ("ranked", "_dense_scores"):
            r.__dict__.pop(a, None)
        object.__setattr__(r, "dense_weight", 0.4)

    return restore


def gold_rank(r, q, hits) -> int:
    gold = set(q.relevant)
    for j, h in enumerate(hits):
        if (h.chunk.law_id, h.chunk.article_id) in gold:
            return j + 1
    return 99


def score(ranks):
    a = np.array(ranks)
    return (float(np.mean(np.where(a <= 10, 1.0 / a, 0.0))), float(np.mean(a == 1)), float(np.mean(a <= 10)))


def run_variant(spec, sets, alq):
    out = {}
    per_q = {}
    r = retriever("phapdien")
    restore = apply_variant(r, spec)
    try:
        for name, qs in sets.items():
            ranks = [gold_rank(r, q, r.search(q.query("text"), 10)) for q in qs]
            per_q[name] = ranks
            out[name] = score(ranks)
    finally:
        restore()
        r.embedder.save()
    if alq:
        ra = retriever("alqac")
        restore = apply_variant(ra, spec)
        try:
            for name, pairs in alq.items():
                ranks = [gold_rank(ra, q, ra.search(q.query(m), 10)) for q, m in pairs]
                per_q[name] = ranks
                out[name] = score(ranks)
        finally:
            restore()
            ra.embedder.save()
    return out, per_q


def parse(v: str) -> dict:
    if v == "base":
        return {}
    return {k: float(x) for k, x in (p.split("=") for p in v.split(","))}


def cmd_run(variants, with_alqac=True, only=None):
    names = only or (OFFICIAL + EVERYDAY + HELDOUT)
    sets = pd_sets(names)
    alq = alqac_dev() if with_alqac else {}
    groups = {"official": [n for n in names if n in OFFICIAL], "everyday": [n for n in names if n in EVERYDAY]}
    base_per = None
    for v in variants:
        t0 = time.perf_counter()
        res, per = run_variant(parse(v), sets, alq)
        agg = {}
        for g, ns in groups.items():
            if ns:
                agg[g] = score([x for n in ns for x in per[n]])
        line = "  ".join(f"{k} {m[0]:.4f}/{m[1]:.3f}/{m[2]:.3f}" for k, m in {**agg, **res}.items())
        print(f"[{v}] {time.perf_counter() - t0:.0f}s  {line}", flush=True)
        if base_per is None:
            base_per = per
        else:
            for n in per:
                up = sum(a < b for a, b in zip(per[n], base_per[n]))
                down = sum(a > b for a, b in zip(per[n], base_per[n]))
                if up or down:
                    print(f"    {n}: better {up} worse {down}")
        with open(ROOT / "eval" / "out" / f"everyday-{v}.json", "w") as fh:
            json.dump(per, fh)


def cmd_where():
    """Gold article rank in keyword, dense, fused, and served order, for the everyday sets."""
    from assistant.records import article_key

    r = retriever("phapdien")
    chunks = r.index.chunks
    keys = np.array([article_key(c) for c in chunks], dtype=object)
    ids = {(c.law_id, c.article_id): article_key(c) for c in chunks}

    def art_rank(arr, gk):
        order = np.argsort(-np.asarray(arr, dtype=np.float64), kind="stable")[:6000]
        seen = {}
        for i in order:
            k = keys[i]
            if k not in seen:
                seen[k] = len(seen) + 1
                if k in gk:
                    return seen[k]
        return 9999

    for name, qs in pd_sets(EVERYDAY + HELDOUT).items():
        buckets = {"1": 0, "2-10": 0, "pool>10": 0, "kw/de top100 not pool": 0, "lost": 0}
        for q in qs:
            gk = {ids[g] for g in q.relevant if g in ids}
            ranked = r.ranked(q.query("text"), 30)
            hits = r.search(q.query("text"), 10)
            rr = gold_rank(r, q, hits)
            kw, de = art_rank(ranked["kw"], gk), art_rank(ranked["dense"], gk)
            in_pool = any(keys[i] in gk for i in ranked["rows"])
            b = "1" if rr == 1 else "2-10" if rr <= 10 else "pool>10" if in_pool else \
                "kw/de top100 not pool" if min(kw, de) <= 100 else "lost"
            buckets[b] += 1
            print(f"{q.question_id}\tkw={kw}\tde={de}\tpool={in_pool}\trr={rr}\t{q.query('text')[:80]}")
        print(f"## {name} n={len(qs)} {buckets}", flush=True)
    r.embedder.save()


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "where":
        cmd_where()
    elif cmd == "run":
        args = sys.argv[2:]
        only = None
        if "--only" in args:
            i = args.index("--only")
            only = args[i + 1].split(",")
            args = args[:i] + args[i + 2:]
        noalq = "--no-alqac" in args
        cmd_run([a for a in args if a != "--no-alqac"], with_alqac=not noalq, only=only)
