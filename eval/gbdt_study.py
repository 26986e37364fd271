"""Ranking study (helper h-gbdt, issue 5): does a non-linear learner over the reranker's existing features beat the
shipped linear reranker under cross-validation grouped by question?

Training data only: phapdien_train … phapdien_train9 and the ALQAC dev split (both query modes), through
``eval/rank18_study.py``'s cache of the fused top 30 (``eval/out/rank18_cache.pkl``). Never phapdien_dev.json,
never ALQAC test. Report: eval/reports/gbdt-study.md.

    PYTHONPATH=. python eval/gbdt_study.py prep            # featurise the cache once → eval/out/gbdt_items.pkl
    PYTHONPATH=. python eval/gbdt_study.py check           # replayed served order = rank18_study base
    PYTHONPATH=.:/tmp/h-gbdt-pylib python eval/gbdt_study.py cv [model …]   # CV table (``MODELS``)
    PYTHONPATH=. python eval/gbdt_study.py table eval/out/gbdt_cv_*.json     # markdown tables of cv runs
    PYTHONPATH=. python eval/gbdt_study.py refit   # not shipped: ``lin_q`` on all training items →
                                                   # eval/out/rerank_weights_questions.refit.json (shipped format)

lightgbm is only needed by the ``lgb_*`` models (``pip install --target /tmp/h-gbdt-pylib lightgbm==4.5.0``; not a
project dependency). Env: ``GBDT_SPLITS`` (fold seeds), ``GBDT_BASE=cv`` (residuals over the out-of-fold linear refit
instead of the shipped score), ``GBDT_REL=1`` (tree columns + each feature's gap to the list's best). Set
``OMP_NUM_THREADS=1`` on a shared machine (sklearn's gradient boosting otherwise took 15× longer here).
Outcome: no non-linear model kept (eval/reports/gbdt-study.md).

Every model is scored through the served pipeline (``served``): its score per candidate, the question weights'
cross-reference link boost on that score, cited articles first, leading frame articles demoted (question-style
queries). Folds are by question id (an ALQAC question's two query modes share a fold); ``GBDT_SPLITS`` seeds
(default 5) × 5 folds. Baselines: the shipped weights as served (partly in-sample: the question weights were fitted
on phapdien_train, phapdien_train2 and ALQAC dev, their residual terms on train … train9), and the same linear
pipeline refitted out of fold (``lin``).
"""
from __future__ import annotations

import hashlib
import json
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

PREP = T.OUT / "gbdt_items.pkl"
EVERYDAY = ("phapdien_train3", "phapdien_train4")


# ---------------------------------------------------------------- data
def prep():
    import pd_rank_study as S
    import rank18_study as R18
    from assistant import rerank as R

    t0 = time.perf_counter()
    items = R18.load_items()
    print(f"featurised {len(items)} in {time.perf_counter() - t0:.0f}s", flush=True)
    out = []
    for it in items:
        r = S.retriever(it["source"])
        rows = it["rows"]
        arts = [int(a) for a in r._art_row[np.asarray(rows, dtype=np.int64)]]
        links = r.crossref_links()
        # lk[i]: the candidates (indices) other than i whose article is linked to i's by a cross-reference note
        lk = []
        for i, a in enumerate(arts):
            ln = links.get(a) if links else None
            lk.append(frozenset(j for j in range(len(arts)) if j != i and ln and arts[j] in ln))
        titles = [r.index.chunks[a].article_title for a in arts]
        cited = np.array([row in set(it["cited_rows"]) for row in rows], dtype=bool)
        out.append({k: it[k] for k in ("qid", "mode", "source", "file", "exam", "y", "n_gold", "X", "query", "text")}
                   | {"lk": lk, "frame": R.frame_articles(it["query"], titles), "cited": cited,
                      "fam": [r.index.chunks[a].doc_number or r.index.chunks[a].doc_id for a in arts]})
    with open(PREP, "wb") as fh:
        pickle.dump(out, fh)
    print(f"wrote {PREP} in {time.perf_counter() - t0:.0f}s")


def load():
    with open(PREP, "rb") as fh:
        return pickle.load(fh)


# ---------------------------------------------------------------- served pipeline
def link_flags(s, lk, top=3):
    lead = set(int(j) for j in np.argsort(-s, kind="stable")[:top])
    return np.array([float(bool(ln & (lead - {i}))) for i, ln in enumerate(lk)])


def served_order(it, s, link_coef=0.0, link_top=3):
    """The order ``HybridRetriever`` serves for score ``s``: link boost, cited first, leading frames demoted."""
    from assistant import rerank as R

    s = np.asarray(s, dtype=np.float64)
    if link_coef:
        s = s + link_coef * link_flags(s, it["lk"], link_top)
    cited = it["cited"]
    order = sorted(range(len(s)), key=lambda i: (not cited[i], -s[i], i))
    if not it["exam"]:
        order, _ = R.demote_leading_frames(order, it["frame"][order], [bool(cited[i]) for i in order], s[order])
    return order


def first_rank(it, order, k=10):
    y = it["y"][order][:k]
    return (int(np.argmax(y)) + 1 if y.any() else None), y.sum() / it["n_gold"]


_SHIPPED: list = []


def shipped():
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker
    if not _SHIPPED:
        _SHIPPED.extend([load_reranker(str(QUESTION_WEIGHTS_PATH)), load_reranker()])
    return _SHIPPED


def shipped_linear(it):
    mq, me = shipped()
    m = me if it["exam"] else mq
    return ((it["X"] - m.mean) / m.scale) @ m.coef + m.intercept, (0.0 if it["exam"] else mq.link_coef)


# ---------------------------------------------------------------- metrics
GROUPS = (
    ("pd", lambda it: it["source"] == "phapdien"),
    ("pd-official", lambda it: it["source"] == "phapdien" and it["file"] not in EVERYDAY),
    ("pd-everyday", lambda it: it["file"] in EVERYDAY),
    ("alqac-choices", lambda it: it["source"] == "alqac" and it["mode"] == "choices"),
    ("alqac-text", lambda it: it["source"] == "alqac" and it["mode"] == "text"),
    ("alqac-text-q", lambda it: it["source"] == "alqac" and it["mode"] == "text" and not it["exam"]),
)


def summary(items, orders, by_file=False):
    recs = [first_rank(it, o) for it, o in zip(items, orders)]
    out = {}
    groups = list(GROUPS)
    if by_file:
        files = sorted({it["file"] for it in items if it["source"] == "phapdien"})
        groups += [(f, (lambda f: lambda it: it["file"] == f)(f)) for f in files]
    for key, pred in groups:
        a = [rec for it, rec in zip(items, recs) if pred(it)]
        out[key] = (np.mean([1 / f if f else 0 for f, _ in a]), np.mean([f == 1 for f, _ in a]),
                    np.mean([r for _, r in a]), len(a))
    # ALQAC dev headline: the choices query when there are options, else the text query
    by = {}
    for it, rec in zip(items, recs):
        if it["source"] == "alqac":
            by.setdefault(it["qid"], {})[it["mode"]] = rec
    sel = [m.get("choices", m.get("text")) for m in by.values()]
    out["alqac-headline"] = (np.mean([1 / f if f else 0 for f, _ in sel]), np.mean([f == 1 for f, _ in sel]),
                             np.mean([r for _, r in sel]), len(sel))
    return out


def check():
    import rank18_study as R18
    items = load()
    orders = [served_order(it, *shipped_linear(it)) for it in items]
    s = summary(items, orders, by_file=True)
    for k, v in s.items():
        print(f"{k:18s} n={v[3]:4d} MRR@10 {v[0]:.4f} R@1 {v[1]:.4f} R@10 {v[2]:.4f}")
    del R18


# ---------------------------------------------------------------- folds and learners
def fold_of(items, salt, folds=5):
    return {q: int(hashlib.sha1((salt + q).encode()).hexdigest(), 16) % folds for q in {it["qid"] for it in items}}


def pairwise_lr(Zs, ys, C=0.1, max_neg=50, fit_mean=True):
    """Pairwise (gold − other) logistic regression, no intercept, standardised columns; returns a scoring function's
    (mean, scale, coef)."""
    from sklearn.linear_model import LogisticRegression
    Z = np.concatenate(Zs)
    mean, sd = (Z.mean(0), Z.std(0)) if fit_mean else (np.zeros(Z.shape[1]), np.ones(Z.shape[1]))
    sd[sd < 1e-9] = 1.0
    diffs = []
    for Zj, y in zip(Zs, ys):
        Zn = (Zj - mean) / sd
        pos, neg = Zn[y], Zn[~y][:max_neg]
        for p in pos:
            diffs.append(p - neg)
    D = np.concatenate(diffs)
    lr = LogisticRegression(C=C, max_iter=3000, fit_intercept=False).fit(np.r_[D, -D], np.r_[np.ones(len(D)), np.zeros(len(D))])
    return mean, sd, lr.coef_[0]


EXAM_COLS = 17  # the exam-style weights know the first 17 features (as shipped)
DOC_SHARE = 11


def fit_linear(items, tr, C=0.1):
    """The shipped linear pipeline refitted on items ``tr``: question weights (all training items, doc_share off),
    the link boost as a residual over them (question-style items), exam weights (ALQAC items, first 17 features)."""
    def cols_q(X):
        Z = X.copy()
        Z[:, DOC_SHARE] = 0.0
        return Z
    def cols_e(X):
        Z = X[:, :EXAM_COLS].copy()
        Z[:, DOC_SHARE] = 0.0
        return Z
    mq = pairwise_lr([cols_q(items[j]["X"]) for j in tr], [items[j]["y"] for j in tr], C=C)
    me = pairwise_lr([cols_e(items[j]["X"]) for j in tr if items[j]["source"] == "alqac"],
                     [items[j]["y"] for j in tr if items[j]["source"] == "alqac"])
    sq = lambda it: ((cols_q(it["X"]) - mq[0]) / mq[1]) @ mq[2]
    se = lambda it: ((cols_e(it["X"]) - me[0]) / me[1]) @ me[2]
    qtr = [j for j in tr if not items[j]["exam"]]
    Zs = [np.c_[sq(items[j]), link_flags(sq(items[j]), items[j]["lk"])] for j in qtr]
    m2 = pairwise_lr(Zs, [items[j]["y"] for j in qtr])
    c = m2[2] / m2[1]
    link = c[1] / c[0]

    def score(it):
        return (se(it), 0.0) if it["exam"] else (sq(it), link)
    return score


REL = os.environ.get("GBDT_REL") == "1"  # also each feature's gap to the list's best value


def tree_features(it, base, link_coef):
    """Columns for the tree learners: the 21 features, the base linear score, the link flag on it, the frame flag,
    the fused rank, the exam flag, the candidate's document's best base score gap (same-document siblings)."""
    X = it["X"]
    lf = link_flags(base, it["lk"]) if link_coef else np.zeros(len(base))
    s = base + link_coef * lf
    gap = s - s.max()
    fam = it["fam"]
    best = {}
    for f, v in zip(fam, s):
        best[f] = max(best.get(f, -1e9), v)
    doc_gap = np.array([v - best[f] for f, v in zip(fam, s)])
    F = np.c_[X, s, lf, it["frame"].astype(float), np.arange(len(s)), np.full(len(s), float(it["exam"])), gap,
              doc_gap]
    if REL:
        F = np.c_[F, X - X.max(0)]
    return F


def lgb_rank(items, tr, bases, params, residual=True):
    import lightgbm as lgb
    Xs = [tree_features(items[j], *bases[j]) for j in tr]
    X = np.concatenate(Xs)
    y = np.concatenate([items[j]["y"].astype(int) for j in tr])
    grp = [len(items[j]["y"]) for j in tr]
    init = np.concatenate([bases[j][0] + bases[j][1] * link_flags(bases[j][0], items[j]["lk"]) if bases[j][1]
                           else bases[j][0] for j in tr]) if residual else None
    p = dict(objective="lambdarank", learning_rate=0.05, num_leaves=7, min_data_in_leaf=50, feature_fraction=0.8,
             bagging_fraction=0.8, bagging_freq=1, lambda_l2=10.0, verbose=-1, lambdarank_truncation_level=10,
             num_threads=1, seed=1)
    n_est = params.pop("n_estimators", 100)
    p.update(params)
    ds = lgb.Dataset(X, y, group=grp, init_score=init, free_raw_data=False)
    bst = lgb.train(p, ds, num_boost_round=n_est)
    return bst


def hgb_point(items, tr, bases, params):
    from sklearn.ensemble import HistGradientBoostingClassifier
    X = np.concatenate([tree_features(items[j], *bases[j]) for j in tr])
    y = np.concatenate([items[j]["y"] for j in tr])
    p = dict(max_iter=150, learning_rate=0.05, max_leaf_nodes=7, min_samples_leaf=50, l2_regularization=10.0,
             random_state=1)
    p.update(params)
    return HistGradientBoostingClassifier(**p).fit(X, y)


def interactions(it, base, link_coef, buckets=True):
    """Pairwise-logistic residual columns: fused-rank buckets, fused_rrank × intent / value-line / title features,
    coverage × question kind."""
    from assistant.rerank import FEATURES
    X = it["X"]
    f = lambda n: X[:, FEATURES.index(n)]
    m = len(base)
    r = np.arange(m)
    has_intent = float(f("intent_title").max() > 0)
    has_value = float(f("value_line").max() > 0)
    fr = f("fused_rrank")
    return np.c_[(r == 0), (r == 1), (r >= 2) & (r < 5), fr * f("intent_title"), fr * f("value_line"),
                 fr * f("title_in_query"), f("coverage") * has_intent, f("bigram_coverage") * has_value,
                 f("title_in_query") * f("query_in_title"), f("dense_norm") * f("kw_norm"),
                 f("doc_title_cover") * f("title_in_query")].astype(float)[:, (0 if buckets else 3):]


RESID_COLS = ("value_line", "doc_title_cover", "qualifier_mismatch")
OLD_BASE_FILES = ("alqac-dev", "phapdien_train", "phapdien_train2")


def fit_linear_old(items, tr):
    """The shipped procedure refitted on items ``tr``: the question weights' base on ALQAC dev + phapdien_train +
    phapdien_train2 only (``RESID_COLS`` left out), then value_line, doc_title_cover, qualifier_mismatch and the link
    flag as one residual fit over that base on every question-style training item (the shipped file fitted them one
    after another); exam-style queries keep the shipped exam weights."""
    from assistant.rerank import FEATURES
    rc = [FEATURES.index(f) for f in RESID_COLS]

    def cols(X):
        Z = X.copy()
        Z[:, [DOC_SHARE, *rc]] = 0.0
        return Z
    btr = [j for j in tr if items[j]["file"] in OLD_BASE_FILES]
    mb = pairwise_lr([cols(items[j]["X"]) for j in btr], [items[j]["y"] for j in btr])
    sb = lambda it: ((cols(it["X"]) - mb[0]) / mb[1]) @ mb[2]
    qtr = [j for j in tr if not items[j]["exam"]]
    m2 = pairwise_lr([np.c_[sb(items[j]), items[j]["X"][:, rc], link_flags(sb(items[j]), items[j]["lk"])] for j in qtr],
                     [items[j]["y"] for j in qtr])
    c = m2[2] / m2[1]
    v = c[1:] / c[0]

    def score(it):
        if it["exam"]:
            return shipped_linear(it)
        return sb(it) + it["X"][:, rc] @ v[:-1], float(v[-1])
    return score


def asks_kind(it):
    """The question asks a value (``asked_units``) or a kind of thing (``INTENTS``): one of the query types that get
    their own linear weights in ``lin_split``."""
    from assistant import rerank as R
    stem, _ = R.split_options(it["query"])
    q = R._fold(stem)
    return bool(R.asked_units(stem)) or any(q_re.search(q) for q_re, _ in R._INTENT_RES)


def fit_linear_split(items, tr):
    """``fit_linear``'s question weights fitted twice: for questions that ask a value / a kind of thing
    (``asks_kind``) and for the others (each on the training items of its type; exam weights as ``fit_linear``)."""
    a = [j for j in tr if items[j]["kind"]]
    b = [j for j in tr if not items[j]["kind"]]
    fa, fb = fit_linear(items, a + [j for j in b if items[j]["exam"]]), fit_linear(items, b)
    return lambda it: fa(it) if (it["kind"] and not it["exam"]) else fb(it)


# model name → (kind, params, domain): domain "q" = question-style items only change; "all" = exam too
MODELS = {
    "lin": ("lin", {}, "all"),
    "lin_q": ("lin", {}, "q"),
    "lin_split": ("lin_split", {}, "q"),
    "lin_old": ("lin_old", {}, "q"),
    "lin_q_C0.03": ("lin", {"C": 0.03}, "q"),
    "lin_q_C0.3": ("lin", {"C": 0.3}, "q"),
    "lin_q_C1": ("lin", {"C": 1.0}, "q"),
    "lgb_res50": ("lgb", {"n_estimators": 50}, "q"),
    "lgb_res_reg": ("lgb", {"n_estimators": 150, "learning_rate": 0.03, "num_leaves": 4, "min_data_in_leaf": 100,
                            "lambda_l2": 30.0}, "q"),
    "lgb_res": ("lgb", {"n_estimators": 100}, "q"),
    "lgb_res300": ("lgb", {"n_estimators": 300, "learning_rate": 0.03}, "q"),
    "lgb_res_big": ("lgb", {"n_estimators": 200, "num_leaves": 15, "min_data_in_leaf": 30}, "q"),
    "lgb_res_all": ("lgb", {"n_estimators": 100}, "all"),
    "lgb_full": ("lgb_full", {"n_estimators": 300}, "q"),
    "hgb_point": ("hgb", {}, "q"),
    "lr_inter": ("inter", {}, "q"),
    "lr_inter_nob": ("inter", {"buckets": False}, "q"),
}
BASE = os.environ.get("GBDT_BASE", "shipped")  # residual base: "shipped" (project convention) or "cv" (refitted)


def run_model(items, name, salt, folds=5, fo=None):
    """Out-of-fold served orders of model ``name`` for every item (``fo``: question id → fold, default by hash)."""
    kind, params, domain = MODELS[name]
    fo = fo or fold_of(items, salt, folds)
    orders = [None] * len(items)
    for f in range(folds):
        tr = [j for j, it in enumerate(items) if fo[it["qid"]] != f]
        te = [j for j, it in enumerate(items) if fo[it["qid"]] == f]
        if kind == "lin" or BASE == "cv":
            lin = fit_linear(items, tr, **(params if kind == "lin" else {}))
        if kind == "lin_split":
            lin = fit_linear_split(items, tr)
        if kind == "lin_old":
            lin = fit_linear_old(items, tr)
        if kind in ("lin", "lin_split", "lin_old"):
            for j in te:
                keep = domain == "q" and items[j]["exam"]
                orders[j] = served_order(items[j], *(shipped_linear(items[j]) if keep else lin(items[j])))
            continue
        # with the refitted base, exam-style items keep the shipped exam weights (the models only change question-style
        # items; the exam weights' refit is the ``lin`` row)
        base_fn = shipped_linear if BASE == "shipped" else (lambda it: shipped_linear(it) if it["exam"] else lin(it))
        bases = {j: base_fn(items[j]) for j in range(len(items))}
        in_dom = (lambda it: not it["exam"]) if domain == "q" else (lambda it: True)
        trd = [j for j in tr if in_dom(items[j])]
        if kind in ("lgb", "lgb_full"):
            model = lgb_rank(items, trd, bases, dict(params), residual=kind == "lgb")
        elif kind == "hgb":
            model = hgb_point(items, trd, bases, dict(params))
        elif kind == "inter":
            Zs = [np.c_[bases[j][0] + bases[j][1] * link_flags(bases[j][0], items[j]["lk"]),
                        interactions(items[j], *bases[j], **params)] for j in trd]
            mean, sd, coef = pairwise_lr(Zs, [items[j]["y"] for j in trd])
            c = coef / sd
            v = c[1:] / c[0]
        for j in te:
            it = items[j]
            b, lc = bases[j]
            if not in_dom(it):
                orders[j] = served_order(it, b, lc)
                continue
            if kind == "inter":
                orders[j] = served_order(it, b + interactions(it, b, lc, **params) @ v, lc)
                continue
            F = tree_features(it, b, lc)
            if kind == "lgb":
                # the tree's raw output is added to the served score (base + link boost): the link boost is in it
                s = b + lc * link_flags(b, it["lk"]) + model.predict(F, raw_score=True)
                orders[j] = served_order(it, s, 0.0)
            elif kind == "lgb_full":
                orders[j] = served_order(it, model.predict(F, raw_score=True), 0.0)
            elif kind == "hgb":
                orders[j] = served_order(it, model.decision_function(F), 0.0)
    return orders


SPLITS = [str(i) for i in range(int(os.environ.get("GBDT_SPLITS", "5")))]
KEYS = ("pd", "pd-official", "pd-everyday", "alqac-headline", "alqac-choices", "alqac-text", "alqac-text-q")


def cv(*names):
    items = load()
    for it in items:
        it["kind"] = asks_kind(it)
    print("question-style items asking a value / kind:", sum(it["kind"] for it in items if not it["exam"]),
          "of", sum(not it["exam"] for it in items))
    t0 = time.perf_counter()
    base = summary(items, [served_order(it, *shipped_linear(it)) for it in items], by_file=True)
    res = {"shipped": {"all": base}}
    print("shipped  " + "  ".join(f"{k} {base[k][0]:.4f}/{base[k][1]:.3f}/{base[k][2]:.3f}" for k in KEYS), flush=True)
    for name in names or list(MODELS):
        t1 = time.perf_counter()
        per = []
        for salt in SPLITS:
            per.append(summary(items, run_model(items, name, salt), by_file=True))
        avg = {k: tuple(np.mean([p[k][i] for p in per]) for i in range(3)) for k in base}
        dt = time.perf_counter() - t1
        print(f"{name:10s}" + "  ".join(f"{k} {avg[k][0]:.4f}/{avg[k][1]:.3f}/{avg[k][2]:.3f}" for k in KEYS)
              + f"  ({dt:.0f}s)", flush=True)
        print("    Δpd MRR per split " + " ".join(f"{p['pd'][0] - base['pd'][0]:+.4f}" for p in per)
              + " | Δheadline " + " ".join(f"{p['alqac-headline'][0] - base['alqac-headline'][0]:+.4f}" for p in per)
              + " | Δheadline R@10 " + " ".join(f"{p['alqac-headline'][2] - base['alqac-headline'][2]:+.4f}" for p in per),
              flush=True)
        res[name] = {"avg": avg, "splits": per, "seconds": dt}
    out = T.OUT / f"gbdt_cv_{BASE}_{'rel_' if REL else ''}{int(time.time())}.json"
    out.write_text(json.dumps(res, default=float, indent=1))
    print(f"total {time.perf_counter() - t0:.0f}s → {out}")


def refit(out=None):
    """Not shipped: ``lin_q``'s question weights fitted on every training item (a candidate for the lead to measure),
    written in the shipped file format to ``out`` (default eval/out/rerank_weights_questions.refit.json); prints the
    in-sample figures next to the shipped ones."""
    from assistant.files import written_atomically
    from assistant.rerank import FEATURES
    items = load()
    tr = list(range(len(items)))
    # the pieces of fit_linear, kept to write them out
    Zq = []
    for j in tr:
        Z = items[j]["X"].copy()
        Z[:, DOC_SHARE] = 0.0
        Zq.append(Z)
    mq = pairwise_lr(Zq, [items[j]["y"] for j in tr])
    sq = [((Z - mq[0]) / mq[1]) @ mq[2] for Z in Zq]
    qtr = [j for j in tr if not items[j]["exam"]]
    m2 = pairwise_lr([np.c_[sq[j], link_flags(sq[j], items[j]["lk"])] for j in qtr], [items[j]["y"] for j in qtr])
    c = m2[2] / m2[1]
    link = float(c[1] / c[0])
    orders = [served_order(it, *shipped_linear(it)) if it["exam"] else served_order(it, sq[j], link)
              for j, it in enumerate(items)]
    b = summary(items, [served_order(it, *shipped_linear(it)) for it in items])
    a = summary(items, orders)
    for k in KEYS:
        print(f"{k:15s} shipped {b[k][0]:.4f}/{b[k][1]:.4f}/{b[k][2]:.4f}  refit in-sample {a[k][0]:.4f}/{a[k][1]:.4f}/{a[k][2]:.4f}")
    mean, sd = mq[0].copy(), mq[1].copy()
    w = {"features": list(FEATURES), "mean": mean.tolist(), "scale": sd.tolist(), "coef": mq[2].tolist(),
         "intercept": 0.0, "depth": 30, "C": 0.1, "pairwise": True, "max_neg": 50, "dropped_features": ["doc_share"],
         "link_boost": {"coef": link, "top": 3},
         "trained_on": "eval/gbdt_study.py refit: phapdien_train … phapdien_train9 + ALQAC dev split (both query modes), "
                       "one pairwise fit of all features; link boost as a residual over it (question-style items)"}
    dest = Path(out) if out else T.OUT / "rerank_weights_questions.refit.json"
    with written_atomically(dest) as tmp:
        Path(tmp).write_text(json.dumps(w, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print("wrote", dest, "link", round(link, 3))


PD_FILES = tuple(f"phapdien_train{x}" for x in ("", "2", "3", "4", "5", "6", "7", "8", "9"))


def lofo(*names):
    """Leave one Pháp điển training file out: each file is one fold (a batch of questions written apart from the others,
    as phapdien_dev was); ALQAC dev questions are spread over the same 9 folds by hash. Per held-out file: MRR@10 of
    each model against the shipped order."""
    items = load()
    for it in items:
        it["kind"] = asks_kind(it)
    fa = fold_of([it for it in items if it["source"] == "alqac"], "lofo", len(PD_FILES))
    fo = {it["qid"]: PD_FILES.index(it["file"]) for it in items if it["source"] == "phapdien"} | fa
    base = summary(items, [served_order(it, *shipped_linear(it)) for it in items], by_file=True)
    n = {f: base[f][3] for f in PD_FILES}
    unseen = PD_FILES[2:]
    pool = lambda d, fs: sum(d[f][0] * n[f] for f in fs) / sum(n[f] for f in fs)
    print("model      " + " ".join(f"{f.removeprefix('phapdien_') or 'train':>7s}" for f in PD_FILES)
          + "  pooled  train3-9  ALQAC-headline MRR/R@10")
    rows = {"shipped": base}
    for name in ("shipped", *names):
        t1 = time.perf_counter()
        d = base if name == "shipped" else summary(items, run_model(items, name, "", len(PD_FILES), fo), by_file=True)
        rows[name] = d
        print(f"{name:10s} " + " ".join(f"{d[f][0]:7.4f}" for f in PD_FILES)
              + f"  {d['pd'][0]:.4f}  {pool(d, unseen):.4f}    {d['alqac-headline'][0]:.4f}/{d['alqac-headline'][2]:.4f}"
              + ("" if name == "shipped" else f"  ({time.perf_counter() - t1:.0f}s)"), flush=True)
    out = T.OUT / f"gbdt_lofo_{BASE}_{int(time.time())}.json"
    out.write_text(json.dumps(rows, default=float, indent=1))
    print("→", out)


def lofo_table(*paths):
    """Markdown table of ``lofo`` result files."""
    print("| model | " + " | ".join(f.removeprefix("phapdien_") or "train" for f in PD_FILES)
          + " | PĐ pooled | train3 … train9 | ALQAC headline MRR@10 | R@10 |")
    print("|---|" + "---|" * (len(PD_FILES) + 4))
    seen = set()
    for p in paths:
        rows = json.loads(Path(p).read_text())
        for name, d in rows.items():
            label = name if name == "shipped" or name.startswith("lin") else \
                f"{name} (base {'cv' if '_lofo_cv_' in p else 'shipped'})"
            if label in seen:
                continue
            seen.add(label)
            n = {f: d[f][3] for f in PD_FILES}
            un = PD_FILES[2:]
            pool = sum(d[f][0] * n[f] for f in un) / sum(n[f] for f in un)
            print(f"| {label} | " + " | ".join(f"{d[f][0]:.4f}" for f in PD_FILES)
                  + f" | {d['pd'][0]:.4f} | {pool:.4f} | {d['alqac-headline'][0]:.4f} | {d['alqac-headline'][2]:.4f} |")




def table(*paths):
    """Markdown tables from ``cv`` result files (``eval/out/gbdt_cv_*.json``): pooled / per set / per split."""
    rows, seen = [], set()
    for p in paths:
        d = json.loads(Path(p).read_text())
        base_name = "cv" if "_cv_cv_" in p else "shipped"
        for name, r in d.items():
            label = name if name == "shipped" or name.startswith("lin") else f"{name} (base {base_name})"
            if "_rel_" in p and name != "shipped":
                label += " + gap columns"
            if name == "shipped":
                if label in seen:
                    continue
                r = {"avg": r["all"], "splits": []}
            key = (label, len(r["splits"]))
            if key in seen:
                continue
            seen.add(key)
            seen.add(label)
            rows.append((label, r))
    files = [f"phapdien_train{s}" for s in ("", "2", "3", "4", "5", "6", "7", "8", "9")]
    base = rows[0][1]["avg"]
    print("| model | splits | PĐ pooled MRR@10 | R@1 | R@10 | PĐ official | PĐ everyday | ALQAC headline MRR@10 | R@1 | R@10 "
          "| ALQAC text (question-routed) MRR@10 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, r in rows:
        a = r["avg"]
        print(f"| {label} | {len(r['splits']) or '–'} | {a['pd'][0]:.4f} | {a['pd'][1]:.4f} | {a['pd'][2]:.4f} | "
              f"{a['pd-official'][0]:.4f} | {a['pd-everyday'][0]:.4f} | {a['alqac-headline'][0]:.4f} | "
              f"{a['alqac-headline'][1]:.4f} | {a['alqac-headline'][2]:.4f} | {a['alqac-text-q'][0]:.4f} |")
    print()
    print("| model | " + " | ".join(f.removeprefix("phapdien_") or "train" for f in files) + " |")
    print("|---|" + "---|" * len(files))
    for label, r in rows:
        print(f"| {label} | " + " | ".join(f"{r['avg'][f][0]:.4f}" for f in files) + " |")
    print()
    print("| model | Δ PĐ pooled MRR@10 per split (vs shipped) | splits > 0 | Δ ALQAC headline MRR@10 per split | Δ headline R@10 |")
    print("|---|---|---|---|---|")
    for label, r in rows[1:]:
        d = [s["pd"][0] - base["pd"][0] for s in r["splits"]]
        h = [s["alqac-headline"][0] - base["alqac-headline"][0] for s in r["splits"]]
        h10 = [s["alqac-headline"][2] - base["alqac-headline"][2] for s in r["splits"]]
        print(f"| {label} | " + " ".join(f"{x:+.4f}" for x in d) + f" | {sum(x > 0 for x in d)}/{len(d)} | "
              + " ".join(f"{x:+.4f}" for x in h) + " | " + " ".join(f"{x:+.4f}" for x in h10) + " |")


COMMANDS = {"prep": prep, "check": check, "cv": cv, "refit": refit, "lofo": lofo, "table": table, "lofo_table": lofo_table}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
