"""Ranking study (helper h-titlevec, issue 5): dense title features — the cosine between the question's vector (the one
the dense side already computes) and an e5 vector of each candidate article's title.

Training data only: phapdien_train … phapdien_train9 and the ALQAC dev split (both query modes), through
``eval/rank18_study.py``'s cache and served-order replay. Never phapdien_dev.json, never ALQAC test.
Report: eval/reports/titlevec-study.md.

    PYTHONPATH=. python eval/rank18_study.py cache            # once: fused top 30 of every query
    PYTHONPATH=. python eval/titlevec_study.py embed [variant …]   # title vectors per collection → eval/out/titlevec-*.npz
    PYTHONPATH=. python eval/titlevec_study.py qvec           # each cached query's vector, one at a time as served
    PYTHONPATH=. R18_SPLITS=8 python eval/titlevec_study.py explore [f1,f2 …]   # residual CV of prototype columns
    PYTHONPATH=. python eval/titlevec_study.py flips f        # questions whose first rank the CV fit changes
    PYTHONPATH=. python eval/titlevec_study.py scan f [c …]   # in-sample deltas for hand-set weights (no fit)
    PYTHONPATH=. python eval/titlevec_study.py embed_clauses  # Khoản vectors of the cached candidates (``k_*`` columns;
                                                              # explore / flips with TV_KHOAN=1)

``embed`` encodes the cached candidates' articles only; TV_ALL=1 encodes every article of the collection.

Title text variants (``VARIANTS``): ``t`` the article title; ``p`` the short heading path, đề mục / document title ›
article title; each embedded with the "passage: " or the "query: " prefix (``tp``, ``tq``, ``pp``, ``pq``).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
import numpy as np  # noqa: E402
import pd_rank_study as S  # noqa: E402
import rank16_study as R16  # noqa: E402
import rank18_study as R18  # noqa: E402
import train_reranker as T  # noqa: E402

VARIANTS = ("tp", "tq", "pp", "pq")
SOURCES = ("phapdien", "alqac")


def _title(c) -> str:
    return (c.article_title or (c.heading_path[-1] if c.heading_path else "")).strip()


def title_text(c, variant: str) -> str:
    t = _title(c)
    if variant[0] == "p":
        head = (c.heading_path[0] if c.heading_path else c.doc_title or "").strip()
        if head and head != t:
            return f"{head} › {t}"
    return t


def _vec_path(source: str, variant: str) -> Path:
    return T.OUT / f"titlevec-{source}-{variant}.npz"


def encode_titles(embedder, texts: list[str], prefix: str, batch: int = 32) -> np.ndarray:
    """Vectors of short ``texts`` with ``prefix`` through the embedder's ONNX Runtime query encoder (the one that
    encodes the questions; no spinning threads on the shared cores), length-sorted batches of ``batch``; the torch
    path when there is no such session."""
    sess = embedder._query_session() if hasattr(embedder, "_query_session") else None
    if sess is None:
        from assistant.embeddings import Embedder
        return Embedder.embed_queries(embedder, texts) if prefix.startswith("query") else embedder.embed_passages(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.empty((len(texts), embedder.dim), np.float32)
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        out[idx] = embedder._ort_encode(sess, [prefix + texts[i].strip() for i in idx])
    return out


def embed(*variants):
    """One vector per article row of each collection (``HybridRetriever._art_row`` values) per variant."""
    import pickle
    only = os.environ.get("TV_ALL") != "1"  # the cached candidates' articles only (the study needs no other)
    if only:
        with open(R18.CACHE, "rb") as fh:
            cached = pickle.load(fh)
    for source in SOURCES:
        r = S.retriever(source)
        rows = np.unique(r._art_row)
        if only:
            rows = np.unique(r._art_row[np.array(sorted({x for it in cached if it["source"] == source
                                                         for x in it["rows"]}), dtype=np.int64)])
        for v in variants or VARIANTS:
            texts = [title_text(r.chunks[int(i)], v) for i in rows]
            t0 = time.perf_counter()
            vecs = encode_titles(r.embedder, texts, "passage: " if v[1] == "p" else "query: ")
            dt = time.perf_counter() - t0
            np.savez(_vec_path(source, v), rows=rows, vecs=vecs.astype(np.float32))
            print(f"{source} {v}: {len(texts)} titles in {dt:.1f}s ({len(texts) / dt:.0f}/s)", flush=True)


QVEC = T.OUT / "titlevec-qvec.npz"


def qvec():
    """Each cached item's prepared query embedded one at a time through the served query path; checked against the
    cached dense cosines of its candidates."""
    import pickle
    with open(R18.CACHE, "rb") as fh:
        items = pickle.load(fh)
    keys, vecs = [], []
    t0 = time.perf_counter()
    worst = 1.0
    for it in items:
        r = S.retriever(it["source"])
        k = f"{it['source']}\t{it['query']}"
        if k in keys:
            continue
        v = r.embedder.embed_queries([it["query"]])[0]
        keys.append(k)
        vecs.append(v)
        if it["dense"] is not None:
            d = r._vectors[np.asarray(it["rows"])] @ v
            worst = min(worst, float(np.corrcoef(d, it["dense"])[0, 1]))
    np.savez(QVEC, keys=np.array(keys, dtype=object), vecs=np.stack(vecs))
    print(f"{len(keys)} query vectors in {time.perf_counter() - t0:.0f}s; worst correlation with cached dense {worst:.5f}")


_TV: dict = {}


def title_vectors(source: str, variant: str):
    key = (source, variant)
    if key not in _TV:
        z = np.load(_vec_path(source, variant))
        r = S.retriever(source)
        pos = np.full(len(r.chunks), -1, np.int64)
        pos[z["rows"]] = np.arange(len(z["rows"]))
        _TV[key] = (pos, z["vecs"])
    return _TV[key]


# per variant: raw cosine, cosine minus the list's best, min-max within the list, reciprocal rank within the list,
# z-score within the list, title cosine minus the candidate's passage cosine (the dense column)
KINDS = ("cos", "gap", "mm", "rr", "z", "vs_dense")
NEW = tuple(f"{v}_{k}" for v in VARIANTS for k in KINDS)
# gated versions (variant tp): the dense title only where the lexical title features see little
GATED = ("g_1mtiq", "g_nolex", "g_nolex_gap", "g_1mqit", "g_lowqit_z", "g_1mtiq_z", "g_nolex_z", "g_everyday", "g_everyday_z")
NEW += tuple(f"tp_{g}" for g in GATED)
# the best Khoản of the candidate against the question (an article without Khoản chunks: its own cosine)
NEW += ("k_max", "k_gap", "k_z", "k_minus_dense")


def new_features(it, qv):
    r = S.retriever(it["source"])
    arts = r._art_row[np.asarray(it["rows"], dtype=np.int64)]
    m = len(arts)
    F = np.zeros((m, len(NEW)))
    for vi, v in enumerate(VARIANTS):
        pos, vecs = title_vectors(it["source"], v)
        p = pos[arts]
        cos = np.where(p >= 0, vecs[np.maximum(p, 0)] @ qv, 0.0).astype(np.float64)
        base = vi * len(KINDS)
        F[:, base + 0] = cos
        F[:, base + 1] = cos - cos.max()
        F[:, base + 2] = (cos - cos.min()) / (cos.max() - cos.min()) if cos.max() > cos.min() else 1.0
        rk = np.empty(m)
        rk[np.argsort(-cos, kind="stable")] = np.arange(m)
        F[:, base + 3] = 1.0 / (1.0 + rk)
        F[:, base + 4] = (cos - cos.mean()) / (cos.std() or 1.0)
        if it["dense"] is not None:
            F[:, base + 5] = cos - np.asarray(it["dense"], np.float64)
    from assistant.rerank import FEATURES
    X = it["X"]
    tiq, qit = X[:, FEATURES.index("title_in_query")], X[:, FEATURES.index("query_in_title")]
    cos, z = F[:, 0], F[:, 4]
    g = len(VARIANTS) * len(KINDS)
    nolex = float(tiq.max() < 0.5)
    F[:, g + 0] = cos * (1 - tiq)
    F[:, g + 1] = cos * nolex
    F[:, g + 2] = F[:, 1] * nolex
    F[:, g + 3] = cos * (1 - qit)
    F[:, g + 4] = z * float(qit.max() < 0.3)
    F[:, g + 5] = z * (1 - tiq)
    F[:, g + 6] = z * nolex
    # the question holds an everyday phrase that ``prepare_query`` glossed with its legal term ("sổ đỏ (giấy chứng …)")
    from assistant.text import expand_everyday_terms, normalize
    every = float(expand_everyday_terms(normalize(it["text"])) != normalize(it["text"]))
    F[:, g + 7] = cos * every
    F[:, g + 8] = z * every
    if os.environ.get("TV_KHOAN") == "1":
        kv = _khoan(it["source"])
        d = np.asarray(it["dense"], np.float64) if it["dense"] is not None else np.zeros(m)
        km = np.array([max([d[i]] + ([float((kv[int(a)] @ qv).max())] if int(a) in kv else [])) for i, a in enumerate(arts)])
        k0 = NEW.index("k_max")
        F[:, k0] = km
        F[:, k0 + 1] = km - km.max()
        F[:, k0 + 2] = (km - km.mean()) / (km.std() or 1.0)
        F[:, k0 + 3] = km - d
    return F


_KV: dict = {}


def _khoan(source: str) -> dict:
    """article row → its Khoản vectors (``embed_clauses``)."""
    if source not in _KV:
        z = np.load(_vec_path(source, "khoan"))
        out: dict = {}
        for a, v in zip(z["art"].tolist(), z["vecs"]):
            out.setdefault(a, []).append(v)
        _KV[source] = {a: np.stack(v) for a, v in out.items()}
    return _KV[source]


def _items():
    t0 = time.perf_counter()
    items = R18.load_items()
    z = np.load(QVEC, allow_pickle=True)
    qv = dict(zip(z["keys"].tolist(), z["vecs"]))
    for it in items:
        it["F"] = new_features(it, qv[f"{it['source']}\t{it['query']}"])
    print(f"features {time.perf_counter() - t0:.0f}s", flush=True)
    return items


def explore(*feat_sets):
    items = _items()
    b = R18.summary(items, R18.served_scores(items), by_file=False)
    print("base", R18._fmt(b))
    sets = [s.split(",") for s in feat_sets] if feat_sets else [[f] for f in NEW]
    for fs in sets:
        cols = [NEW.index(f) for f in fs]
        avg = R18.cv_report(items, [it["F"][:, cols] for it in items], ",".join(fs), b, by_file=False)
        extra, _ = R18.resid_cv(items, [it["F"][:, cols] for it in items], folds=5)
        print("    ALQAC dev headline (5-fold, salt 0) %.4f/%.4f/%.4f" % R16.alqac_headline(
            items, R18.served_scores(items, extra)), flush=True)


def flips(feat, folds="5"):
    R18.print_flips(_items(), [NEW.index(f) for f in feat.split(",")], int(folds))


COMMANDS = {"embed": embed, "qvec": qvec, "explore": explore, "flips": flips}


def scan(feat, *coefs):
    """In-sample deltas per set when ``coef * column`` is added to every question-style item's served linear score
    (no fit): how the gain depends on the weight."""
    items = _items()
    b = R18.summary(items, R18.served_scores(items), by_file=False)
    cols = [NEW.index(f) for f in feat.split(",")]
    for c in coefs or ("1", "2", "3", "5", "8", "13"):
        w = np.array([float(x) for x in c.split(",")])
        extra = [None if it["exam"] else it["F"][:, cols] @ w for it in items]
        print(f"{feat} × {c}:", R18._fmt(R18.summary(items, R18.served_scores(items, extra)), b), flush=True)


COMMANDS["scan"] = scan


def embed_clauses():
    """The Khoản sub-chunks of the cached candidates' articles ("passage: " + the Khoản text, cut at the query encoder's
    64 tokens): a cheap subset for the max-cosine-over-Khoản variant → eval/out/titlevec-<source>-khoan.npz."""
    import pickle
    with open(R18.CACHE, "rb") as fh:
        cached = pickle.load(fh)
    for source in SOURCES:
        r = S.retriever(source)
        arts = set(r._art_row[np.array(sorted({x for it in cached if it["source"] == source for x in it["rows"]}),
                                       dtype=np.int64)].tolist())
        rows = np.array([i for i, c in enumerate(r.chunks) if c.clause is not None and int(r._art_row[i]) in arts])
        t0 = time.perf_counter()
        vecs = encode_titles(r.embedder, [r.chunks[int(i)].text for i in rows], "passage: ")
        np.savez(_vec_path(source, "khoan"), rows=rows, art=r._art_row[rows], vecs=vecs)
        print(f"{source}: {len(rows)} Khoản in {time.perf_counter() - t0:.0f}s", flush=True)


COMMANDS["embed_clauses"] = embed_clauses

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
