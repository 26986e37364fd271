"""Ranking study (helper h-rank17, issue 5): what is left to gain in the reranker, on training data only.

Training data only: phapdien_train … phapdien_train8 (592 questions) and the ALQAC dev split (both query modes).
Never phapdien_dev.json, never ALQAC test. Report: eval/reports/rank17-ranking.md.

    PYTHONPATH=. python eval/rank17_study.py cache       # fused top 60 of every query → eval/out/rank17_cache.pkl (≈ 30 s)
    PYTHONPATH=. python eval/rank17_study.py alqac       # ALQAC dev queries with a gold outside the served top 10
    PYTHONPATH=. python eval/rank17_study.py siblings    # Pháp điển golds at served rank 2–5 and what beat them
    PYTHONPATH=. python eval/rank17_study.py transforms  # squares / list-relative / products of existing features
    PYTHONPATH=. python eval/rank17_study.py gates       # features × (1 − the list's best bigram coverage)
    PYTHONPATH=. python eval/rank17_study.py doctype     # a law-level document (Luật, Bộ luật, Hiến pháp, Pháp lệnh)
    PYTHONPATH=. python eval/rank17_study.py objective   # listwise (softmax) vs pairwise fit, question and exam weights

The served order is replayed as ``eval/rank16_study.py`` does (weights by query style, cited first, leading frame
articles demoted; the reranker reads the fused top 30, the rest follows in fused order). New columns are scored as a
residual over the shipped score (``rank16_study.resid_cv``: pairwise logistic, C 0.1, folds by question id).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
import numpy as np  # noqa: E402
import pd_rank_study as S  # noqa: E402
import rank16_study as R16  # noqa: E402
import train_reranker as T  # noqa: E402

DEPTH = int(os.environ.get("R17_DEPTH", "60"))
RERANK_DEPTH = 30
CACHE = T.OUT / "rank17_cache.pkl"
SALTS = [str(i) for i in range(int(os.environ.get("R17_SPLITS", "5")))]


def cache():
    S.DEPTH = DEPTH
    R16.CACHE = CACHE
    R16.cache()


def _cut(it, d):
    it = dict(it)
    it["rows"] = it["rows"][:d]
    for k in ("kw", "fused", "dense", "y", "cited"):
        if it[k] is not None:
            it[k] = it[k][:d]
    return it


def load(deep: bool = False):
    """Cached items cut to the reranker's depth and featurised (``deep``: also the uncut items, same order)."""
    with open(CACHE, "rb") as fh:
        full = pickle.load(fh)
    items = S.featurise([_cut(it, RERANK_DEPTH) for it in full])
    return (items, full) if deep else items


def _fmt(d, base=None):
    if base is None:
        return "  ".join(f"{k} {v[0]:.4f}/{v[1]:.3f}" for k, v in d.items())
    return "  ".join(f"{k} {v[0] - base[k][0]:+.4f}/{v[1] - base[k][1]:+.3f}" for k, v in d.items())


# ---------------------------------------------------------------- ALQAC dev: golds outside the top 10
def alqac():
    items, full = load(deep=True)
    served = R16.served_scores(items)
    r = S.retriever("alqac")
    ch = r.index.chunks
    print("headline MRR@10 / R@1 / R@10: %.4f / %.4f / %.4f" % R16.alqac_headline(items, served))
    for it30, it, (order, _) in zip(items, full, served):
        if it["source"] != "alqac":
            continue
        y = list(it30["y"][order]) + list(it["y"][RERANK_DEPTH:])
        ranks = [k + 1 for k, v in enumerate(y) if v]
        if sum(1 for k in ranks if k <= 10) == it["n_gold"]:
            continue
        fused = [k + 1 for k in np.flatnonzero(it["y"])]
        top = ch[int(r._art_row[it["rows"][0]])]
        print(f"{it['qid']} {it['mode']:7s} exam={it['exam']!s:5s} golds {it['n_gold']} fused ranks {fused or '>' + str(DEPTH)}"
              f" served ranks {ranks or '>' + str(DEPTH)}; gold {it['gold']}; fused top-1 {top.law_id} {top.article_id}"
              f" {top.article_title[:60]}")
        print("    ", it["text"].split("\n")[0][:160])
        # where the gold's chunks stand on each side alone, over the whole collection (no memoised vector: as served)
        whole = r.ranked(it["text"], 1)
        kw, de = whole["kw"], whole["dense"]
        for i, c in enumerate(ch):
            if (c.law_id, c.article_id) in {tuple(g) for g in it["gold"]}:
                print(f"     gold chunk {i} ({c.law_id} {c.article_id}, khoản {c.clause}): keyword rank "
                      f"{int((kw > kw[i]).sum()) + 1}, cosine rank {int((de > de[i]).sum()) + 1}")
    n = {}
    for it, (order, _) in zip(items, served):
        if it["source"] == "alqac" and it["mode"] == "choices":
            n[it["n_gold"]] = n.get(it["n_gold"], 0) + 1
            ranks = [k + 1 for k, v in enumerate(it["y"][order]) if v]
            if it["n_gold"] > 1 or (ranks and max(ranks) > 5):
                print(f"choices {it['qid']}: {it['n_gold']} gold, served ranks {ranks}")
    print("choices-mode questions by number of gold articles:", n)


# ---------------------------------------------------------------- Pháp điển: golds at served rank 2–5
def siblings():
    items = load()
    served = R16.served_scores(items)
    r = S.retriever("phapdien")
    ch = r.index.chunks
    n = same = 0
    for it, (order, rs) in zip(items, served):
        if it["source"] != "phapdien":
            continue
        yo = it["y"][order]
        if not yo.any() or yo[0] or int(np.argmax(yo)) > 4:
            continue
        g = int(np.argmax(yo))
        top, gold = (ch[int(r._art_row[it["rows"][order[k]]])] for k in (0, g))
        n += 1
        same += top.doc_number == gold.doc_number
        print(f"{it['qid']} gold@{g + 1} same document {top.doc_number == gold.doc_number}: {it['text'][:120]}")
        print(f"    top  {top.doc_type} {top.article_id} {top.article_title[:90]}")
        print(f"    gold {gold.doc_type} {gold.article_id} {gold.article_title[:90]}")
    print(f"{n} golds at served rank 2–5, {same} behind an article of the same document")


# ---------------------------------------------------------------- candidate columns (residual CV)
def _resid(items, names, cols_of):
    for it in items:
        c = cols_of(it)
        it["F"] = np.c_[tuple(c[n] for n in names)]
    R16.NEW = tuple(names)


def _resid_report(items, sets, folds_list=(5, 2)):
    b = R16.summary(items, R16.served_scores(items))
    print("served", _fmt(b), flush=True)
    for fs in sets:
        for folds in folds_list:
            res = []
            for salt in SALTS:
                extra, coefs = R16.resid_cv(items, fs, folds=folds, seed_salt=salt)
                res.append(R16.summary(items, R16.served_scores(items, extra)))
            avg = {k: (np.mean([x[k][0] for x in res]), np.mean([x[k][1] for x in res])) for k in b}
            print(f"{','.join(fs)} [{folds}-fold × {len(SALTS)}]", _fmt(avg, b), flush=True)


def transforms():
    from assistant.rerank import FEATURES
    fi = {f: i for i, f in enumerate(FEATURES)}
    base = ("coverage", "word_coverage", "bigram_coverage", "title_in_query", "dense_norm", "kw_norm", "value_line",
            "prf_dense", "query_in_title")

    def cols(it):
        X, c = it["X"], {}
        for f in base:
            c["rel_" + f] = X[:, fi[f]] - X[:, fi[f]].max()
            c["sq_" + f] = X[:, fi[f]] ** 2
        c["coverage*title_in_query"] = X[:, fi["coverage"]] * X[:, fi["title_in_query"]]
        c["bigram_coverage*dense_norm"] = X[:, fi["bigram_coverage"]] * X[:, fi["dense_norm"]]
        c["log_len*coverage"] = X[:, fi["log_len"]] * X[:, fi["coverage"]]
        return c

    items = load()
    names = list(cols(items[0]))
    _resid(items, names, cols)
    _resid_report(items, [[n] for n in names], folds_list=(5,))


GATED = ("dense_norm", "dense_rrank", "prf_dense", "coverage", "bigram_coverage", "title_in_query", "kw_norm")


def gates():
    """Query-level gate: g = 1 − max bigram_coverage over the candidate list (high when no candidate shares the
    question's phrases, as with everyday wording); columns feature × g."""
    from assistant.rerank import FEATURES
    fi = {f: i for i, f in enumerate(FEATURES)}

    def cols(it):
        X = it["X"]
        g = 1.0 - X[:, fi["bigram_coverage"]].max()
        return {f"{f}*gate": X[:, fi[f]] * g for f in GATED}

    items = load()
    names = list(cols(items[0]))
    _resid(items, names, cols)
    _resid_report(items, [[n] for n in names], folds_list=(5,))
    _resid_report(items, [["title_in_query*gate"], ["title_in_query*gate", "dense_norm*gate"], names])


def doctype():
    """One column: the candidate is a law-level document (Luật, Bộ luật, Hiến pháp, Pháp lệnh), not a decree or
    circular. Pooled and per Pháp điển training file."""
    from assistant.rerank import _fold
    law_types = ["luật", "bộ luật", "hiến pháp", "pháp lệnh"]

    def cols(it):
        r = S.retriever(it["source"])
        arts = r._art_row[np.asarray(it["rows"])]
        return {"law": np.isin([_fold(r.index.chunks[a].doc_type or "") for a in arts], law_types).astype(float)}

    items = load()
    _resid(items, ["law"], cols)
    _resid_report(items, [["law"]])

    def per_file(extra):
        out = {}
        for it, (o, _) in zip(items, R16.served_scores(items, extra)):
            if it["source"] == "phapdien":
                out.setdefault(it["file"], []).append(R16.rr_of(it, o)[0])
        return {k: np.mean(v) for k, v in sorted(out.items())}

    b = per_file(None)
    for folds in (5, 2):
        pf = [per_file(R16.resid_cv(items, ["law"], folds=folds, seed_salt=s)[0]) for s in SALTS]
        print(f"per file, {folds}-fold × {len(SALTS)}:", "  ".join(f"{k} {np.mean([p[k] for p in pf]) - b[k]:+.4f}" for k in b))


# ---------------------------------------------------------------- training objective
def fit_pairwise(items, tr, use, C=0.1):
    """train_reranker's recipe: standardised features, gold − (first 50 negatives) differences, logistic, no bias."""
    from sklearn.linear_model import LogisticRegression
    Z = np.concatenate([items[j]["X"][:, use] for j in tr])
    mean, sd = Z.mean(0), Z.std(0)
    sd[sd < 1e-9] = 1.0
    diffs = []
    for j in tr:
        it = items[j]
        Zn = (it["X"][:, use] - mean) / sd
        for p in Zn[it["y"]]:
            diffs.append(p - Zn[~it["y"]][:50])
    D = np.concatenate(diffs)
    lr = LogisticRegression(C=C, max_iter=3000, fit_intercept=False).fit(
        np.r_[D, -D], np.r_[np.ones(len(D)), np.zeros(len(D))])
    return lr.coef_[0] / sd


def fit_listwise(items, tr, use, lam=0.01):
    """Softmax over each query's candidate list, −log of the probability mass on its gold articles (ListNet top-1),
    + lam·|w|² on standardised features; L-BFGS."""
    from scipy.optimize import minimize
    Z = np.concatenate([items[j]["X"][:, use] for j in tr])
    mean, sd = Z.mean(0), Z.std(0)
    sd[sd < 1e-9] = 1.0
    data = [((items[j]["X"][:, use] - mean) / sd, items[j]["y"]) for j in tr if items[j]["y"].any()]

    def f(w):
        loss, grad = lam * w @ w, 2 * lam * w
        for Xn, y in data:
            s = Xn @ w
            e = np.exp(s - s.max())
            p = e / e.sum()
            pg = p[y].sum()
            loss -= np.log(pg) / len(data)
            grad -= (np.where(y, p / pg, 0.0) - p) @ Xn / len(data)
        return loss, grad

    return minimize(f, np.zeros(len(use)), jac=True, method="L-BFGS-B").x / sd


def _cv_weights(items, sel, shipped, use, fitter, folds, salt, **kw):
    """``extra`` for served_scores: out-of-fold score of the refitted model minus the shipped score, on items ``sel``."""
    qids = sorted({items[j]["qid"] for j in sel})
    fold = {q: int(hashlib.sha1((salt + q).encode()).hexdigest(), 16) % folds for q in qids}
    extra = [None] * len(items)
    for f in range(folds):
        w = fitter(items, [j for j in sel if fold[items[j]["qid"]] != f], use, **kw)
        for j in sel:
            if fold[items[j]["qid"]] == f:
                extra[j] = items[j]["X"][:, use] @ w - shipped.score(items[j]["X"])
    return extra


def objective():
    import json
    from assistant.rerank import FEATURES, QUESTION_WEIGHTS_PATH, WEIGHTS_PATH, load_reranker
    items = load()
    mq, me = load_reranker(str(QUESTION_WEIGHTS_PATH)), load_reranker()
    # question weights: every feature but doc_share (weight 0 by design); exam weights: the shipped file's features
    use_q = [i for i, f in enumerate(FEATURES) if f != "doc_share"]
    use_e = [FEATURES.index(f) for f in json.loads(Path(WEIGHTS_PATH).read_text())["features"] if f != "doc_share"]
    q_sel = [j for j, it in enumerate(items) if not it["exam"]]
    e_sel = [j for j, it in enumerate(items) if it["exam"]]
    b = R16.summary(items, R16.served_scores(items))
    print("question weights, shipped (in-sample on ALQAC dev, train, train2):", _fmt(b), flush=True)
    for name, fitter, kw in (("pairwise C 0.03", fit_pairwise, {"C": 0.03}), ("pairwise C 0.1", fit_pairwise, {"C": 0.1}),
                             ("pairwise C 0.3", fit_pairwise, {"C": 0.3}), ("listwise lam 1e-4", fit_listwise, {"lam": 1e-4}),
                             ("listwise lam 1e-3", fit_listwise, {"lam": 1e-3}), ("listwise lam 1e-2", fit_listwise, {"lam": 1e-2})):
        for folds in (5, 2):
            res = [R16.summary(items, R16.served_scores(items, _cv_weights(items, q_sel, mq, use_q, fitter, folds, s, **kw)))
                   for s in SALTS]
            avg = {k: (np.mean([x[k][0] for x in res]), np.mean([x[k][1] for x in res])) for k in b}
            print(f"  {name} [{folds}-fold × {len(SALTS)}]", _fmt(avg), flush=True)
    print("exam weights, ALQAC dev headline MRR@10 / R@1 / R@10; shipped (in-sample): %.4f / %.4f / %.4f"
          % R16.alqac_headline(items, R16.served_scores(items)), flush=True)
    for name, fitter, kw in (("pairwise C 0.03", fit_pairwise, {"C": 0.03}), ("pairwise C 0.1", fit_pairwise, {"C": 0.1}),
                             ("listwise lam 1e-3", fit_listwise, {"lam": 1e-3}), ("listwise lam 1e-2", fit_listwise, {"lam": 1e-2}),
                             ("listwise lam 3e-2", fit_listwise, {"lam": 3e-2})):
        for folds in (5, 2):
            hs = np.array([R16.alqac_headline(items, R16.served_scores(
                items, _cv_weights(items, e_sel, me, use_e, fitter, folds, s, **kw))) for s in SALTS])
            print(f"  {name} [{folds}-fold × {len(SALTS)}] %.4f / %.4f / %.4f" % tuple(hs.mean(0)), flush=True)
        w = fitter(items, e_sel, use_e, **kw)
        extra = [None] * len(items)
        for j in e_sel:
            extra[j] = items[j]["X"][:, use_e] @ w - me.score(items[j]["X"])
        print(f"  {name} in-sample %.4f / %.4f / %.4f" % R16.alqac_headline(items, R16.served_scores(items, extra)),
              flush=True)


COMMANDS = {"cache": cache, "alqac": alqac, "siblings": siblings, "transforms": transforms, "gates": gates, "doctype": doctype, "objective": objective}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
