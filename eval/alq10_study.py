"""ALQAC R@10 study (helper h-alq10, issue 5): where the dev golds outside the top 10 stand, and general fixes.

ALQAC **dev** split only (`--split dev`, 363 questions, both query modes); never the test questions.
Report: eval/reports/alqac-r10-study.md.

    PYTHONPATH=. python eval/alq10_study.py cache     # fused top 100 of every dev query + served order → eval/out/alq10_cache.pkl
    PYTHONPATH=. python eval/alq10_study.py misses    # every query with a gold outside the served top 10: ranks per stage
    PYTHONPATH=. python eval/alq10_study.py variants  # reranker pool 30/40/50 × safety net (fused top p kept in the top 10)
    PYTHONPATH=. python eval/alq10_study.py weights   # dense fusion weight 0.2–0.6 per query mode, reranker refitted out of fold
    PYTHONPATH=. python eval/alq10_study.py sides     # pool ∪ the keyword-alone / cosine-alone top m articles
    PYTHONPATH=. python eval/alq10_study.py options   # multiple choice: pool ∪ keyword top m of each "stem + option" query
    PYTHONPATH=. python eval/alq10_study.py optnet    # multiple choice: each option's keyword top-1 article kept in the top 10

Ranks of a gold article: ``fused`` = its place in the fused article list before reranking (depth 100), ``bm25`` /
``dense`` = its place among all articles by the keyword / cosine score alone (the article's best chunk), ``served`` =
its place in ``HybridRetriever.search`` (the reranker on, shipped weights), ``cv`` = the served order replayed with
exam weights fitted without the question's fold.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
import numpy as np  # noqa: E402
import train_reranker as T  # noqa: E402

if not T.TRAIN.exists():  # a git worktree under /work/wt-…: the shared data sit at /work/shared
    T.TRAIN = Path("/work/shared/data/alqac2025/train.json")
CACHE = T.OUT / "alq10_cache.pkl"
DEEP = 100
RERANK_DEPTH = 30
_R = {}


def retriever():
    from assistant.retrieval import HybridRetriever

    if "r" not in _R:
        _R["r"] = HybridRetriever.open("alqac")
    return _R["r"]


def dev_questions():
    from assistant.evaluation.datasets import load_alqac_questions, select_split

    return [q for q in select_split(load_alqac_questions(T.TRAIN), "dev") if q.relevant]


def _article_ranks(r, score: np.ndarray, gold: set) -> list[int]:
    """Rank of each gold article among all articles by ``score`` (the article's best chunk)."""
    best: dict = {}
    for i, c in enumerate(r.chunks):
        k = (c.law_id, c.article_id)
        s = float(score[i])
        if s > best.get(k, -1e9):
            best[k] = s
    vals = np.array(sorted(best.values(), reverse=True))
    out = []
    for g in sorted(gold):
        if g not in best:
            out.append(10**6)
            continue
        out.append(int((vals > best[g]).sum()) + 1)
    return out


def compact(r, ranked, q, mode, text):
    from assistant.rerank import exam_style

    rows = ranked["rows"]
    gold = set(q.relevant)
    y = np.array([(r.chunks[i].law_id, r.chunks[i].article_id) in gold for i in rows], dtype=bool)
    return {"qid": q.question_id, "mode": mode, "exam": exam_style(text), "text": text, "rows": list(rows),
            "query": ranked["query"], "tokens": ranked["tokens"],
            "kw": ranked["kw"][rows].copy(), "fused": ranked["fused"][rows].copy(),
            "dense": None if ranked["dense"] is None else ranked["dense"][rows].copy(),
            "cited_rows": sorted(ranked["cited"]), "y": y, "n_gold": len(gold), "gold": sorted(gold),
            "qtype": q.question_type}


def cache():
    r = retriever()
    out = []
    t0 = time.perf_counter()
    for q in dev_questions():
        for mode in ("choices", "text"):
            if mode == "choices" and not q.choices:
                continue
            text = q.query(mode)
            ranked = r.ranked(text, DEEP)
            it = compact(r, ranked, q, mode, text)
            gold = set(q.relevant)
            it["bm25_ranks"] = _article_ranks(r, ranked["kw"], gold)
            de = ranked["dense"] if ranked["dense"] is not None else np.zeros(len(r.chunks))
            if de is not None and (de <= -1.0).any():  # graph path: score every chunk for the dense-alone rank
                de = r._vectors @ r.embedder.embed_queries([ranked["query"]])[0]
            it["dense_ranks"] = _article_ranks(r, de, gold)
            it["kw_all"] = ranked["kw"].astype(np.float32)  # whole-collection arrays: re-fusion with other weights
            it["dense_all"] = np.asarray(de, dtype=np.float32)
            hits = r.search(text, k=DEEP)
            served = [(h.chunk.law_id, h.chunk.article_id) for h in hits]
            it["served_ranks"] = [served.index(g) + 1 if g in served else None for g in sorted(gold)]
            it["served_top"] = served[:3]
            out.append(it)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with open(CACHE, "wb") as fh:
        pickle.dump(out, fh)
    print(f"cached {len(out)} queries in {time.perf_counter() - t0:.0f}s → {CACHE}", flush=True)


def load(depth: int = RERANK_DEPTH):
    """Cached items with X for the fused top ``depth`` (as the reranker sees them)."""
    with open(CACHE, "rb") as fh:
        items = pickle.load(fh)
    featurise(items, depth)
    return items


def featurise(items, depth: int):
    r = retriever()
    n = len(r.chunks)
    for it in items:
        d = min(depth, len(it["rows"]))
        rows = np.asarray(it["rows"][:d], dtype=np.int64)
        full = {}
        for k in ("kw", "fused", "dense"):
            a = np.zeros(n, np.float32)
            a[rows] = it[k][:d]
            full[k] = a
        ranked = {"query": it["query"], "tokens": it["tokens"], "cited": set(it["cited_rows"]), "rows": list(rows),
                  **full}
        it["X"] = r.rerank_features(ranked, list(rows))
        it["d"] = d
    return items


def replay(it, rs):
    """Served order of the item's fused list given reranker scores ``rs`` over its first ``it['d']`` rows (cited first,
    frame demotion for non-exam queries), followed by the rest of the fused list. Returns positions in ``it['rows']``."""
    from assistant import rerank as R

    r = retriever()
    d = it["d"]
    rows = it["rows"][:d]
    cited = set(it["cited_rows"])
    order = sorted(range(d), key=lambda i: (rows[i] not in cited, -rs[i], i))
    if not it["exam"]:
        titles = [r.index.chunks[int(r._art_row[rows[i]])].article_title for i in order]
        order, _ = R.demote_leading_frames(order, R.frame_articles(it["query"], titles),
                                           [rows[i] in cited for i in order], np.asarray(rs)[order])
    return list(order) + list(range(d, len(it["rows"])))


def shipped_scores(items):
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker

    mq, me = load_reranker(str(QUESTION_WEIGHTS_PATH)), load_reranker()
    r = retriever()
    out = []
    for it in items:
        m = me if it["exam"] else mq
        rows = it["rows"][: it["d"]]
        out.append(m.score(it["X"], [int(a) for a in r._art_row[rows]], r.crossref_links()))
    return out


def ranks_of(it, order):
    y = it["y"][order]
    return [k + 1 for k in np.flatnonzero(y)]


def summary(items, orders, mode):
    rr, r1, r10 = [], [], []
    for it, o in zip(items, orders):
        if mode == "headline":
            if it["mode"] == "text" and any(j["qid"] == it["qid"] and j["mode"] == "choices" for j in items):
                continue
        elif it["mode"] != mode:
            continue
        rk = ranks_of(it, o)
        first = rk[0] if rk else None
        rr.append(1 / first if first and first <= 10 else 0.0)
        r1.append(first == 1)
        r10.append(sum(1 for k in rk if k <= 10) / it["n_gold"])
    return np.mean(rr), np.mean(r1), np.mean(r10), len(rr), int(round(len(rr) - sum(r10)))


def fmt(s):
    return f"MRR@10 {s[0]:.4f} R@1 {s[1]:.4f} R@10 {s[2]:.4f} (n {s[3]}, gold-articles missed ≈ {s[4]})"


def cv_scores(items, folds=5, salt="", C=0.1, max_neg=50):
    """Out-of-fold exam weights (the shipped recipe: pairwise logistic, C 0.1, 50 negatives, both modes of every dev
    question) for exam-style items; question-style items keep the shipped question weights (fitted on ALQAC dev +
    Pháp điển training questions: in-sample here)."""
    from assistant.rerank import FEATURES, QUESTION_WEIGHTS_PATH, FeatureReranker, load_reranker
    import json

    T.PAIRWISE, T.MAX_NEG = True, max_neg
    shipped = json.loads(Path(T.ROOT / "assistant" / "rerank_weights.json").read_text())
    use = [FEATURES.index(f) for f in shipped["features"] if f not in shipped.get("dropped_features", [])]
    qids = sorted({it["qid"] for it in items})
    fold_of = {q: int(hashlib.sha1((salt + q).encode()).hexdigest(), 16) % folds for q in qids}
    mq = load_reranker(str(QUESTION_WEIGHTS_PATH))
    r = retriever()
    out = [None] * len(items)
    for f in range(folds):
        tr = [{**it, "X": it["X"][:, use]} for it in items if fold_of[it["qid"]] != f and it["y"][: it["d"]].any()]
        tr = [{**t, "y": t["y"][: t["d"]]} for t in tr]
        w = T.fit(tr, C)
        for j, it in enumerate(items):
            if fold_of[it["qid"]] != f:
                continue
            if it["exam"]:
                out[j] = T.apply(w, it["X"][:, use])
            else:
                rows = it["rows"][: it["d"]]
                out[j] = mq.score(it["X"], [int(a) for a in r._art_row[rows]], r.crossref_links())
    return out


def misses():
    items = load()
    ship = shipped_scores(items)
    orders = [replay(it, s) for it, s in zip(items, ship)]
    agree = sum(1 for it, o in zip(items, orders)
                if [k for k in ranks_of(it, o) if k <= 10] == [k for k in it["served_ranks"] if k and k <= 10])
    print(f"replay agrees with the served search on the gold ranks ≤ 10 for {agree}/{len(items)} queries")
    for m in ("headline", "choices", "text"):
        print(m, fmt(summary(items, orders, m)))
    cvo = [replay(it, s) for it, s in zip(items, cv_scores(items))]
    for m in ("headline", "choices", "text"):
        print("cv", m, fmt(summary(items, cvo, m)))
    r = retriever()
    print("\nqueries with a gold outside the top 10 (served or 5-fold CV weights):")
    for it, o, c in zip(items, orders, cvo):
        sr, cr = ranks_of(it, o), ranks_of(it, c)
        ok_s = sum(1 for k in sr if k <= 10) == it["n_gold"]
        ok_c = sum(1 for k in cr if k <= 10) == it["n_gold"]
        if ok_s and ok_c:
            continue
        fr = [k + 1 for k in np.flatnonzero(it["y"])]
        print(f"{it['qid']} {it['mode']:7s} {it['qtype']} exam={it['exam']} golds {it['n_gold']}: fused {fr or '>100'} "
              f"bm25 {it['bm25_ranks']} dense {it['dense_ranks']} served {sr} (search {it['served_ranks']}) cv {cr}")
        for g in it["gold"]:
            c = next(ch for ch in r.chunks if (ch.law_id, ch.article_id) == tuple(g) and ch.clause is None)
            print(f"     gold {g[0]} Điều {g[1]}: {c.article_title[:90]}")
        top = r.chunks[int(r._art_row[it["rows"][o[0]]])]
        print(f"     top1 {top.law_id} Điều {top.article_id}: {top.article_title[:90]}")
        print("     Q:", it["text"].replace("\n", " | ")[:300])


# ---------------------------------------------------------------- variants (re-fusion, pool depth, safety net)
_KEYS = {}


def _art_keys():
    if "k" not in _KEYS:
        from assistant.records import article_key

        _KEYS["k"] = [article_key(c) for c in retriever().chunks]
    return _KEYS["k"]


def refuse(it, w: float, depth: int = DEEP, m: int = 100):
    """The item re-fused from its whole-collection keyword / cosine arrays with dense weight ``w`` (as
    ``HybridRetriever._fuse``, weighted min-max, citation boost), cut to the first ``depth`` articles."""
    r = retriever()
    kw, de = it["kw_all"], it["dense_all"]
    n = len(kw)
    cand_kw = np.argpartition(-kw, m - 1)[:m]
    cand_de = np.argpartition(-de, m - 1)[:m]
    cand = np.union1d(cand_kw, cand_de)
    k_top = kw[cand].max()
    kn = kw[cand] / k_top if k_top > 0 else np.zeros(len(cand))
    d = de[cand]
    lo, hi = de[cand_de].min(), d.max()
    dn = np.clip((d - lo) / (hi - lo), 0.0, 1.0) if hi > lo else np.ones(len(cand))
    fused = np.zeros(n, np.float32)
    fused[cand] = (1 - w) * kn + w * dn + 1e-6
    for i in it["cited_rows"]:
        fused[i] += 10.0
    nz = np.flatnonzero(fused > 0)
    order = nz[np.argsort(-fused[nz], kind="stable")]
    keys = _art_keys()
    rows, seen = [], set()
    for i in order:
        k = keys[i]
        if k in seen:
            continue
        seen.add(k)
        rows.append(int(i))
        if len(rows) >= depth:
            break
    gold = {tuple(g) for g in it["gold"]}
    y = np.array([(r.chunks[i].law_id, r.chunks[i].article_id) in gold for i in rows], dtype=bool)
    return {**it, "rows": rows, "kw": kw[rows].copy(), "fused": fused[rows].copy(), "dense": de[rows].copy(), "y": y,
            "fused_all": fused}


def protect(order, p: int, k: int = 10):
    """Safety net: the fused list's first ``p`` articles (positions 0..p-1) stay in the top ``k``; a missing one takes
    the last place(s) of the top ``k`` (in fused order), the displaced ones follow."""
    top = list(order[:k])
    miss = [i for i in range(p) if i not in top]
    if not miss:
        return list(order)
    keep = top[: k - len(miss)]
    rest = [i for i in order if i not in keep and i not in miss]
    return keep + miss + rest


def _hl(items):
    """Indices of the headline queries (choices when the question has them, else text)."""
    mc = {it["qid"] for it in items if it["mode"] == "choices"}
    return [j for j, it in enumerate(items) if it["mode"] == "choices" or it["qid"] not in mc]


def evaluate(items, orders):
    return {m: summary(items, orders, m) for m in ("headline", "choices", "text")}


def line(label, ev):
    return f"{label:38s} " + "  ".join(f"{m} {v[0]:.4f}/{v[1]:.4f}/{v[2]:.4f} ({v[4]})" for m, v in ev.items())


def variants():
    """Pool depth × safety net, shipped weights (in-sample) and 5-fold CV exam weights (3 fold splits)."""
    base = load()
    print("MRR@10/R@1/R@10 (gold articles missed)")
    for depth in (30, 40, 50):
        items = base if depth == 30 else featurise(load_raw(), depth)
        ship = [replay(it, s) for it, s in zip(items, shipped_scores(items))] if depth == 30 else None
        cvs = [[replay(it, s) for it, s in zip(items, cv_scores(items, salt=salt))] for salt in ("", "a", "b")]
        for p in (0, 1, 2, 3, 5):
            if ship is not None:
                print(line(f"depth {depth} protect {p} shipped", evaluate(items, [protect(o, p) for o in ship])))
            evs = [evaluate(items, [protect(o, p) for o in c]) for c in cvs]
            avg = {m: tuple(np.mean([e[m][i] for e in evs]) for i in range(5)) for m in evs[0]}
            print(line(f"depth {depth} protect {p} cv×3", avg), flush=True)


def load_raw():
    with open(CACHE, "rb") as fh:
        return pickle.load(fh)


def weights():
    """Dense fusion weight per query mode (choices / text), reranker refitted out of fold: 5-fold CV over the weight."""
    raw = load_raw()
    print("re-fusion reproduces the cached fused list:",
          sum(refuse(it, 0.4)["rows"][:30] == it["rows"][:30] for it in raw), "/", len(raw), flush=True)
    for w in (0.2, 0.3, 0.4, 0.5, 0.6):
        items = featurise([refuse(it, w) for it in raw], RERANK_DEPTH)
        fused_o = [list(range(len(it["rows"]))) for it in items]
        cvo = [replay(it, s) for it, s in zip(items, cv_scores(items))]
        print(line(f"w {w} fused order", evaluate(items, fused_o)))
        print(line(f"w {w} reranked cv", evaluate(items, cvo)), flush=True)


def _kw_articles(r, query: str, m: int) -> list[int]:
    from assistant.index import keyword_tokens
    from assistant.retrieval import prepare_query

    kw = r.index.keyword_scores(keyword_tokens(prepare_query(query)))
    keys = _art_keys()
    out, seen = [], set()
    for i in np.argsort(-kw, kind="stable")[: 50 * m]:
        if kw[i] <= 0:
            break
        if keys[i] in seen:
            continue
        seen.add(keys[i])
        out.append(int(i))
        if len(out) >= m:
            break
    return out


def _top_articles(score: np.ndarray, m: int) -> list[int]:
    keys = _art_keys()
    out, seen = [], set()
    for i in np.argsort(-score, kind="stable"):
        if keys[i] in seen:
            continue
        seen.add(keys[i])
        out.append(int(i))
        if len(out) >= m:
            break
    return out


def _pool_eval(raw, extra_of, label):
    """Pool = fused top 30 ∪ ``extra_of(it, base)`` rows (appended in fused order); CV exam weights, 3 fold splits."""
    r = retriever()
    keys = _art_keys()
    items, n_add, n_gold_add = [], 0, 0
    for it in raw:
        base = refuse(it, 0.4)
        d = RERANK_DEPTH
        rows = base["rows"][:d]
        have = {keys[i] for i in rows}
        extra = []
        for i in extra_of(it, base):
            if keys[i] not in have:
                have.add(keys[i])
                extra.append(i)
        extra.sort(key=lambda i: -float(base["fused_all"][i]))
        rows = rows + extra
        n_add += len(extra)
        gold = {tuple(g) for g in it["gold"]}
        rest = [i for i in base["rows"][d:] if keys[i] not in have]
        allrows = rows + rest
        y = np.array([(r.chunks[i].law_id, r.chunks[i].article_id) in gold for i in allrows], dtype=bool)
        n_gold_add += int(y[d:len(rows)].sum())
        fa = base["fused_all"]
        items.append({**it, "rows": allrows, "y": y, "kw": it["kw_all"][allrows], "dense": it["dense_all"][allrows],
                      "fused": fa[allrows], "pool": len(rows)})
    for x in items:
        featurise([x], x["pool"])
    cvs = [[replay(x, s) for x, s in zip(items, cv_scores(items, salt=salt))] for salt in ("", "a", "b")]
    evs = [evaluate(items, c) for c in cvs]
    avg = {k: tuple(np.mean([e[k][i] for e in evs]) for i in range(5)) for k in evs[0]}
    print(line(f"{label}: +{n_add} rows, {n_gold_add} golds", avg), flush=True)


def sides():
    """Pool = fused top 30 ∪ the keyword-alone and cosine-alone top m articles."""
    raw = load_raw()
    for m in (10, 15, 20, 30):
        _pool_eval(raw, lambda it, b: _top_articles(it["kw_all"], m) + _top_articles(it["dense_all"], m), f"sides top {m}")
        _pool_eval(raw, lambda it, b: _top_articles(it["kw_all"], m), f"bm25 top {m}")


def _net(keys_order, extra, k=10):
    """``extra`` article keys each take a place in the top ``k`` (the last places, in their order) when missing."""
    top = keys_order[:k]
    miss = [e for e in dict.fromkeys(extra) if e not in top]
    if not miss:
        return keys_order
    miss = miss[:k]
    keep = top[: k - len(miss)]
    return keep + miss + [x for x in keys_order if x not in keep and x not in miss]


def _metrics_keys(items, finals, mode):
    rr, r1, r10 = [], [], []
    hl = set(_hl(items))
    for j, (it, fin) in enumerate(zip(items, finals)):
        if (mode == "headline" and j not in hl) or (mode != "headline" and it["mode"] != mode):
            continue
        gold = {tuple(g) for g in it["gold"]}
        rk = [p + 1 for p, x in enumerate(fin) if x in gold]
        first = rk[0] if rk else None
        rr.append(1 / first if first and first <= 10 else 0.0)
        r1.append(first == 1)
        r10.append(sum(1 for x in rk if x <= 10) / it["n_gold"])
    return np.mean(rr), np.mean(r1), np.mean(r10), len(rr), int(round(len(rr) - sum(r10)))


def optnet():
    """Multiple-choice queries: each option's best article by keyword score alone (the option's own words, or the stem
    + the option) keeps a place in the top 10 (the last places). Shipped weights and 3 × 5-fold CV exam weights."""
    from assistant.rerank import split_options

    r = retriever()
    items = load()
    ak = lambda i: (r.chunks[i].law_id, r.chunks[i].article_id)  # noqa: E731
    per = []
    for it in items:
        if it["mode"] != "choices":
            per.append({"opt": [], "stem": []})
            continue
        stem, opts = split_options(it["text"])
        per.append({"opt": [ak(_kw_articles(r, o, 1)[0]) for o in opts if _kw_articles(r, o, 1)],
                    "stem": [ak(_kw_articles(r, stem + "\n" + o, 1)[0]) for o in opts if _kw_articles(r, stem + "\n" + o, 1)]})
    orders = {"shipped": [[replay(it, s) for it, s in zip(items, shipped_scores(items))]]}
    orders["cv×3"] = [[replay(it, s) for it, s in zip(items, cv_scores(items, salt=salt))] for salt in ("", "a", "b")]
    for name, runs in orders.items():
        for variant in ("none", "opt", "stem"):
            evs = []
            for run in runs:
                finals = []
                for it, o, p in zip(items, run, per):
                    fin = [ak(it["rows"][i]) for i in o]
                    if variant != "none":
                        fin = _net(fin, p[variant])
                    finals.append(fin)
                evs.append({m: _metrics_keys(items, finals, m) for m in ("headline", "choices")})
            avg = {m: tuple(np.mean([e[m][i] for e in evs]) for i in range(5)) for m in evs[0]}
            print(line(f"{name} option net {variant}", avg), flush=True)


def options():
    """Multiple-choice queries: the reranker's pool = fused top 30 ∪ the keyword top m of each "stem + option" query
    (articles not already in the pool, appended in fused order); exam weights refitted out of fold (3 fold splits)."""
    from assistant.rerank import split_options

    r = retriever()
    raw = load_raw()
    keys = _art_keys()
    for m in (0, 1, 2, 3, 5):
        items = []
        n_add = n_gold_add = 0
        for it in raw:
            base = refuse(it, 0.4)
            d = RERANK_DEPTH
            rows = base["rows"][:d]
            if m and it["mode"] == "choices":
                stem, opts = split_options(it["text"])
                have = {keys[i] for i in rows}
                extra = []
                for o in opts:
                    for i in _kw_articles(r, stem + "\n" + o, m):
                        if keys[i] not in have:
                            have.add(keys[i])
                            extra.append(i)
                # the article's best chunk for the extra: the keyword row found
                extra.sort(key=lambda i: -float(base["fused_all"][i]))
                rows = rows + extra
                n_add += len(extra)
            gold = {tuple(g) for g in it["gold"]}
            y = np.array([(r.chunks[i].law_id, r.chunks[i].article_id) in gold for i in rows], dtype=bool)
            n_gold_add += int(y[d:].sum())
            # the rest of the fused list after the pool (minus the extras), so ranks beyond the pool stay comparable
            rest = [i for i in base["rows"][d:] if keys[i] not in {keys[j] for j in rows}]
            allrows = rows + rest
            y_all = np.array([(r.chunks[i].law_id, r.chunks[i].article_id) in gold for i in allrows], dtype=bool)
            fa = base["fused_all"]
            items.append({**it, "rows": allrows, "y": y_all, "kw": it["kw_all"][allrows], "dense": it["dense_all"][allrows],
                          "fused": fa[allrows], "pool": len(rows)})
        for x in items:  # featurise each item's own pool
            featurise([x], x["pool"])
        cvs = [[replay(x, s) for x, s in zip(items, cv_scores(items, salt=salt))] for salt in ("", "a", "b")]
        evs = [evaluate(items, c) for c in cvs]
        avg = {k: tuple(np.mean([e[k][i] for e in evs]) for i in range(5)) for k in evs[0]}
        print(line(f"option top {m}: +{n_add} rows, {n_gold_add} golds", avg), flush=True)
        if m == 0:
            ship = [replay(x, s) for x, s in zip(items, shipped_scores(items))]
            print(line("option top 0 shipped", evaluate(items, ship)), flush=True)


if __name__ == "__main__":
    {"cache": cache, "misses": misses, "variants": variants, "weights": weights, "options": options, "sides": sides, "optnet": optnet}[sys.argv[1]]()
