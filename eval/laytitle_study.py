"""Ranking study (helper h-laytitle, issue 5): h-titlevec's dense title cosine applied only to questions in everyday
wording (``rerank.lay_register`` over ``rerank.LAY_GATE``), as a reranker column and as candidate generation.

Training data only: phapdien_train … phapdien_train11, colloquial_questions.json, scenario_phapdien.json and the ALQAC
dev split (both query modes), through ``eval/rank18_study.py``'s replay and ``eval/titlevec_study.py``'s title vectors.
Never phapdien_dev.json, fresh25, ALQAC test. Report: eval/reports/laytitle-study.md.

    PYTHONPATH=. python eval/laytitle_study.py cache          # fused top 30 of every query → eval/out/laytitle_cache.pkl
    PYTHONPATH=. python eval/laytitle_study.py embed          # "passage: " + title of every Pháp điển article, the cached
                                                              # ALQAC candidates' → eval/out/titlevec-<source>-tp.npz
    PYTHONPATH=. python eval/laytitle_study.py qvec           # each cached query's vector as served
    PYTHONPATH=. python eval/laytitle_study.py base           # served metrics per group, how often the gate fires
    PYTHONPATH=. R18_SPLITS=8 python eval/laytitle_study.py explore [f1,f2 …]   # residual CV of gated columns
    PYTHONPATH=. python eval/laytitle_study.py flips f        # questions whose first rank the CV fit changes
    PYTHONPATH=. python eval/laytitle_study.py scan f [c …]   # in-sample deltas for hand-set weights (no fit)
    PYTHONPATH=. python eval/laytitle_study.py recall [k …]   # candidate generation: golds outside the pool of 30
                                                              # that the title top k holds, by gate
LT_BYFILE=1: per-file figures too; LT_NOLAYLAW=1: replay with ``lay_law``'s column zeroed (the order before it).
Columns (``NEW``): cos / z / gap / rr of the title cosine; ``*_lay`` × the gate (``gate()``: ``lay_law``'s condition),
``*_lay2`` × the gate without the intent test, ``*_off`` × its complement, ``*_layreg`` × ``lay_register`` itself,
``*_oracle`` × "the question's file is an everyday set" (an upper bound no query-time gate can reach).
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
import titlevec_study as TV  # noqa: E402
import train_reranker as T  # noqa: E402

TV.VARIANTS = ("tp",)  # the best of h-titlevec's four ("passage: " + the article title); its columns come first

DATA = ROOT / "eval" / "data"
R16.PD_FILES = [DATA / f"phapdien_train{s}.json" for s in ("", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")] + [
    DATA / "colloquial_questions.json", DATA / "scenario_phapdien.json"]
CACHE = T.OUT / "laytitle_cache.pkl"
R16.CACHE = R18.CACHE = CACHE
# everyday wording by construction (h-everyday's list): train3, train4, train11, colloquial; scenario stories apart
R18.EVERYDAY = ("phapdien_train3", "phapdien_train4", "phapdien_train11", "colloquial_questions")
SCEN = "scenario_phapdien"
R18.GROUPS = (
    ("pd", lambda it: it["source"] == "phapdien"),
    ("pd-official", lambda it: it["source"] == "phapdien" and it["file"] not in R18.EVERYDAY and it["file"] != SCEN),
    ("pd-everyday", lambda it: it["file"] in R18.EVERYDAY),
    ("scen", lambda it: it["file"] == SCEN),
    ("pd-lay", lambda it: it["source"] == "phapdien" and it.get("lay", 0) > 0),
    ("alqac-text", lambda it: it["source"] == "alqac" and it["mode"] == "text"),
)


def cache():
    R16.cache()


def embed():
    """Pháp điển: every article's title (candidate generation needs them all); ALQAC: the cached candidates' only."""
    import pickle
    with open(CACHE, "rb") as fh:
        cached = pickle.load(fh)
    for source in TV.SOURCES:
        r = S.retriever(source)
        rows = np.unique(r._art_row)
        if source != "phapdien":
            rows = np.unique(r._art_row[np.array(sorted({x for it in cached if it["source"] == source
                                                         for x in it["rows"]}), dtype=np.int64)])
        texts = [TV.title_text(r.chunks[int(i)], "tp") for i in rows]
        t0 = time.perf_counter()
        vecs = TV.encode_titles(r.embedder, texts, "passage: ")
        dt = time.perf_counter() - t0
        np.savez(TV._vec_path(source, "tp"), rows=rows, vecs=vecs.astype(np.float32))
        print(f"{source}: {len(texts)} titles in {dt:.1f}s ({len(texts) / dt:.0f}/s)", flush=True)


def qvec():
    TV.qvec()


def gate(it, asked_too=True) -> float:
    """1.0 when the question is in everyday wording as ``lay_law`` reads it: ``lay_register`` of the stem over
    ``LAY_GATE`` (``asked_too``: and no ``INTENTS`` cue, as ``lay_law`` requires)."""
    from assistant.rerank import _INTENT_RES, LAY_GATE, _fold, lay_register, split_options
    r = S.retriever(it["source"])
    stem, _ = split_options(it["query"])
    if r._kstats is None:
        from assistant.rerank import KeywordStats
        r._kstats = KeywordStats(r.index)
    lay = lay_register(stem, r._kstats.title_bigrams(r.index.chunks))
    if lay <= LAY_GATE:
        return 0.0
    if asked_too and any(q_re.search(_fold(stem)) for q_re, _ in _INTENT_RES):
        return 0.0
    return 1.0


NEW = ("cos", "z", "gap", "rr", "cos_lay", "z_lay", "gap_lay", "rr_lay", "cos_lay2", "z_lay2", "gap_lay2",
       "cos_off", "z_off", "cos_layreg", "z_layreg", "cos_oracle", "z_oracle")


def _items():
    from assistant.rerank import LAY_GATE, lay_register, split_options
    t0 = time.perf_counter()
    items = R18.load_items()
    if os.environ.get("LT_NOLAYLAW") == "1":  # replay the order before ``lay_law`` (its column zeroed)
        from assistant.rerank import FEATURES
        for it in items:
            it["X"] = it["X"].copy()
            it["X"][:, FEATURES.index("lay_law")] = 0.0
    z = np.load(TV.QVEC, allow_pickle=True)
    qv = dict(zip(z["keys"].tolist(), z["vecs"]))
    for it in items:
        f = TV.new_features(it, qv[f"{it['source']}\t{it['query']}"])
        k = TV.NEW.index
        cos, zz, gap, rr = f[:, k("tp_cos")], f[:, k("tp_z")], f[:, k("tp_gap")], f[:, k("tp_rr")]
        g1 = gate(it, True)
        g2 = gate(it, False)
        it["lay"] = g1
        it["lay2"] = g2
        r = S.retriever(it["source"])
        ev = float(it["file"] in R18.EVERYDAY)  # an oracle gate: the set is everyday by construction (upper bound)
        reg = lay_register(split_options(it["query"])[0], r._kstats.title_bigrams(r.index.chunks))
        it["F"] = np.c_[cos, zz, gap, rr, cos * g1, zz * g1, gap * g1, rr * g1, cos * g2, zz * g2, gap * g2,
                        cos * (1 - g1), zz * (1 - g1), cos * reg, zz * reg, cos * ev, zz * ev]
    print(f"features {time.perf_counter() - t0:.0f}s", flush=True)
    return items


def base():
    items = _items()
    served = R18.served_scores(items)
    for k, v in R18.summary(items, served, by_file=True).items():
        n = sum(1 for it in items if dict(R18.GROUPS).get(k, lambda it: it["file"] == k)(it))
        print(f"{k:22s} n {n:4d} MRR@10 {v[0]:.4f} R@1 {v[1]:.4f} R@10 {v[2]:.4f}")
    print("ALQAC dev headline MRR/R@1/R@10 %.4f/%.4f/%.4f" % R16.alqac_headline(items, served))
    files = sorted({it["file"] for it in items})
    for f in files:
        a = [it for it in items if it["file"] == f and not it["exam"]]
        b = [it for it in items if it["file"] == f and it["exam"]]
        print(f"{f:22s} question-style {len(a):4d} lay gate {sum(it['lay'] for it in a):4.0f} "
              f"(without intent test {sum(it['lay2'] for it in a):4.0f})  exam-style {len(b)}")


BY_FILE = os.environ.get("LT_BYFILE") == "1"


def explore(*feat_sets):
    items = _items()
    b = R18.summary(items, R18.served_scores(items), by_file=BY_FILE)
    print("base", R18._fmt(b))
    print("ALQAC dev headline base %.4f/%.4f/%.4f" % R16.alqac_headline(items, R18.served_scores(items)))
    sets = [s.split(",") for s in feat_sets] if feat_sets else [[f] for f in NEW]
    for fs in sets:
        cols = [NEW.index(f) for f in fs]
        R18.cv_report(items, [it["F"][:, cols] for it in items], ",".join(fs), b, by_file=BY_FILE)
        extra, _ = R18.resid_cv(items, [it["F"][:, cols] for it in items], folds=5)
        print("    ALQAC dev headline (5-fold, salt 0) %.4f/%.4f/%.4f" % R16.alqac_headline(
            items, R18.served_scores(items, extra)), flush=True)


def flips(feat, folds="5"):
    R18.print_flips(_items(), [NEW.index(f) for f in feat.split(",")], int(folds))


def scan(feat, *coefs):
    """In-sample deltas when ``coef * column`` is added to every question-style item's served linear score (no fit)."""
    items = _items()
    b = R18.summary(items, R18.served_scores(items), by_file=BY_FILE)
    cols = [NEW.index(f) for f in feat.split(",")]
    for c in coefs or ("1", "2", "3", "5", "8", "13"):
        w = np.array([float(x) for x in c.split(",")])
        extra = [None if it["exam"] else it["F"][:, cols] @ w for it in items]
        sc = R18.served_scores(items, extra)
        print(f"{feat} × {c}:", R18._fmt(R18.summary(items, sc, by_file=BY_FILE), b),
              "ALQAC dev headline %.4f/%.4f/%.4f" % R16.alqac_headline(items, sc), flush=True)


def recall(*ks):
    """For each Pháp điển question (text mode): is a gold article outside the cached pool of 30 among the ``k`` articles
    whose title vectors are nearest the question? By gate."""
    import pickle
    from assistant.records import article_key
    with open(CACHE, "rb") as fh:
        cached = pickle.load(fh)
    cached = [it for it in cached if it["source"] == "phapdien"]
    r = S.retriever("phapdien")
    z = np.load(TV._vec_path("phapdien", "tp"))
    trows, tv = z["rows"], z["vecs"]
    qz = np.load(TV.QVEC, allow_pickle=True)
    qv = dict(zip(qz["keys"].tolist(), qz["vecs"]))
    ks = [int(k) for k in ks] or [5, 10, 20, 50]
    ch = r.index.chunks
    tkeys = [(ch[int(i)].law_id, ch[int(i)].article_id) for i in trows]
    stats: dict = {}
    for it in cached:
        g = gate(it)
        grp = ("lay" if g else "off") + ("/everyday" if it["file"] in R18.EVERYDAY else "/official")
        gold = {tuple(x) for x in it["gold"]}
        pool = {(ch[int(a)].law_id, ch[int(a)].article_id) for a in r._art_row[np.asarray(it["rows"])]}
        missing = gold - pool
        s = stats.setdefault(grp, {"n": 0, "miss": 0, **{k: 0 for k in ks}, **{f"new{k}": 0 for k in ks}})
        s["n"] += 1
        if missing:
            s["miss"] += 1
        cos = tv @ qv[f"phapdien\t{it['query']}"]
        order = np.argsort(-cos)[:max(ks)]
        for k in ks:
            top = {tkeys[i] for i in order[:k]}
            s[k] += bool(missing & top)
            s[f"new{k}"] += len(top - pool)
    for grp, s in sorted(stats.items()):
        print(grp, "questions", s["n"], "gold outside the pool", s["miss"],
              " ".join(f"title top {k}: {s[k]} (adds {s[f'new{k}'] / s['n']:.1f} articles)" for k in ks))


COMMANDS = {"cache": cache, "embed": embed, "qvec": qvec, "base": base, "explore": explore, "flips": flips,
            "recall": recall, "scan": scan}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
