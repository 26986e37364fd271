"""Ranking study (helper h-rank18, issue 5): how much of the question the article title covers.

Training data only: phapdien_train … phapdien_train9 and the ALQAC dev split (both query modes). Never
phapdien_dev.json, never ALQAC test. Report: eval/reports/rank18-title-coverage.md.

    PYTHONPATH=. python eval/rank18_study.py cache          # fused top 30 of every query → eval/out/rank18_cache.pkl
    PYTHONPATH=. python eval/rank18_study.py base           # served metrics per set (link boost included)
    PYTHONPATH=. python eval/rank18_study.py misses         # rank-1 misses of the training sets, with titles
    PYTHONPATH=. python eval/rank18_study.py explore [f1,f2 …]   # prototype columns (``NEW``): residual CV deltas
    PYTHONPATH=. python eval/rank18_study.py flips f        # questions whose first rank a prototype's CV fit changes
    PYTHONPATH=. python eval/rank18_study.py case [f …]     # the khiếu nại lần đầu case: what each prototype would add
    R18_RESID=<feature> PYTHONPATH=. python eval/rank18_study.py fit [write]  # for a feature moved into rerank.py:
                                                            # CV, then write its residual coefficient (not used: none kept)

The served order is replayed exactly as ``HybridRetriever`` serves it: weights by query style, the question weights'
cross-reference ``link_boost`` on the linear score (``rank16_study.served_scores`` predates it), cited articles first,
leading frame articles demoted. A new column is fitted as a residual over the shipped linear score (pairwise logistic,
C 0.1, folds by question id, ``rank16_study.resid_cv``); the link boost is then recomputed on the new linear score.
"""
from __future__ import annotations

import os
import pickle
import re
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
import train_reranker as T  # noqa: E402

R16.PD_FILES = [ROOT / "eval" / "data" / f"phapdien_train{s}.json"
                for s in ("", "2", "3", "4", "5", "6", "7", "8", "9")]
CACHE = T.OUT / "rank18_cache.pkl"
R16.CACHE = CACHE
EVERYDAY = ("phapdien_train3", "phapdien_train4")
# replay ``HybridRetriever.definers_first`` (definition questions) as served; R18_DEFINERS=0 replays the order before it
DEFINERS = os.environ.get("R18_DEFINERS", "1") != "0"


def cache():
    R16.cache()


def load_items():
    with open(CACHE, "rb") as fh:
        items = pickle.load(fh)
    return S.featurise(items)


_MODELS: list = []


def _models():
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker
    if not _MODELS:
        _MODELS.extend([load_reranker(str(QUESTION_WEIGHTS_PATH)), load_reranker()])
    return _MODELS


def served_scores(items, extra=None):
    """(order, scores) per item as served: linear score (+ ``extra[j]``), link boost for the question weights, cited
    first, leading frame articles demoted."""
    from assistant import rerank as R

    mq, me = _models()
    out = []
    for j, it in enumerate(items):
        r = S.retriever(it["source"])
        model = me if it["exam"] else mq
        rows = it["rows"]
        arts = [int(a) for a in r._art_row[np.asarray(rows, dtype=np.int64)]]
        s = ((it["X"] - model.mean) / model.scale) @ model.coef + model.intercept
        if extra is not None and extra[j] is not None:
            s = s + extra[j]
        if model.link_coef:
            s = s + model.link_coef * R.linked_to_top(s, arts, r.crossref_links(), model.link_top)
        cited = set(it["cited_rows"])
        order = sorted(range(len(rows)), key=lambda i: (rows[i] not in cited, -s[i], i))
        rs = s
        if not it["exam"]:
            titles = [r.index.chunks[arts[i]].article_title for i in order]
            order, new = R.demote_leading_frames(order, R.frame_articles(it["query"], titles),
                                                 [rows[i] in cited for i in order], s[order])
            rs = s.copy()
            rs[order] = new
        if DEFINERS:  # definition questions: the defining articles first (only those in the cached top 30 can show)
            fz = np.zeros(len(r.index.chunks), np.float32)
            fz[np.asarray(rows, dtype=np.int64)] = it["fused"]
            from assistant.records import article_key
            at = {article_key(r.index.chunks[row]): i for i, row in enumerate(rows)}  # a definer's khoản row → its article
            moved = r.definers_first(it["query"], {"query": it["query"], "fused": fz, "cited": cited},
                                     [rows[i] for i in order])
            order = [at[k] for k in (article_key(r.index.chunks[row]) for row in moved) if k in at]
        out.append((order, rs))
    return out


GROUPS = (
    ("pd", lambda it: it["source"] == "phapdien"),
    ("pd-official", lambda it: it["source"] == "phapdien" and it["file"] not in EVERYDAY),
    ("pd-everyday", lambda it: it["file"] in EVERYDAY),
    ("alqac-text", lambda it: it["source"] == "alqac" and it["mode"] == "text"),
)


def summary(items, served, by_file=False):
    out = {}
    groups = list(GROUPS)
    if by_file:
        files = sorted({it["file"] for it in items if it["source"] == "phapdien"})
        groups += [(f, (lambda f: lambda it: it["file"] == f)(f)) for f in files]
    for key, pred in groups:
        a = [R16.rr_of(it, o) for it, (o, _) in zip(items, served) if pred(it)]
        out[key] = (np.mean([x[0] for x in a]), np.mean([x[1] == 1 for x in a]), np.mean([x[2] for x in a]))
    return out


def _fmt(d, base=None):
    if base is None:
        return "  ".join(f"{k} {v[0]:.4f}/{v[1]:.3f}/{v[2]:.3f}" for k, v in d.items())
    return "  ".join(f"{k} {v[0] - base[k][0]:+.4f}/{v[1] - base[k][1]:+.3f}" for k, v in d.items())


def base():
    items = load_items()
    served = served_scores(items)
    for k, v in summary(items, served, by_file=True).items():
        print(f"{k:18s} MRR@10 {v[0]:.4f} R@1 {v[1]:.4f} R@10 {v[2]:.4f}")
    print("ALQAC dev headline MRR/R@1/R@10 %.4f/%.4f/%.4f" % R16.alqac_headline(items, served))


def misses():
    import json
    items = load_items()
    served = served_scores(items)
    r = S.retriever("phapdien")
    ch = r.index.chunks
    recs = []
    for it, (order, rs) in zip(items, served):
        if it["source"] != "phapdien":
            continue
        rr, first, _ = R16.rr_of(it, order)
        if first == 1:
            continue
        arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
        top = ch[arts[order[0]]]
        gi = next((k for k, i in enumerate(order) if it["y"][i]), None)
        gold = ch[arts[order[gi]]] if gi is not None else None
        recs.append({"qid": it["qid"], "file": it["file"], "q": it["text"], "gold_rank": None if gi is None else gi + 1,
                     "top": [top.doc_type, top.law_id, top.article_id, top.article_title, top.heading_path[:-1]],
                     "gold": None if gold is None else [gold.doc_type, gold.law_id, gold.article_id,
                                                         gold.article_title, gold.heading_path[:-1]]})
    (T.OUT / "rank18_misses.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in recs) + "\n")
    print(len(recs), "misses →", T.OUT / "rank18_misses.jsonl")


# ---------------------------------------------------------------- prototype columns
NEW = ("tcov_syl", "tcov_content", "tcov_bigram", "tcov_content_rel", "tcov_bigram_rel", "path_content",
       "path_bigram", "tcov_content_x_tiq", "doctype_match", "title_bigram_in_q", "tcov_gate", "tcov_gate_rel",
       "most_specific", "title_superset", "tcov_gate_bigram", "bigram_stop_any", "bigram_stop_both", "cov_stop",
       "bigram_content", "value_line_stop", "demuc_cov", "demuc_qcov", "path_all_content", "chapter_cov", "doc_qcov_all",
       "doc_qcov")
# the syllables that say what is asked, not what about: question words, copulas, modal verbs, particles
QWORDS = frozenset("""là gì bao lâu nhiêu mấy nào ai đâu không có được thì như thế sao nếu khi phải cần của và
với cho các những một này đó theo về trong tại ở bị do hay hoặc thì mà ra vào lên đến từ rồi đã sẽ đang nhé ạ vậy
bằng cách việc người gì chưa""".split())
STOP = frozenset("""là gì bao lâu nhiêu mấy nào ai đâu không thì có được của và với cho các những một này đó theo
về trong tại ở bị do hay hoặc mà ra vào đến từ rồi đã sẽ đang nhé ạ vậy sao thế như phải cần nếu khi""".split())
_DOCTYPE_WORDS = (("luật", ("luật", "bộ luật")), ("nghị định", ("nghị định",)), ("thông tư", ("thông tư", "thông tư liên tịch")),
                  ("pháp lệnh", ("pháp lệnh",)), ("nghị quyết", ("nghị quyết",)), ("quyết định", ("quyết định",)))
NC = {name: i for i, name in enumerate(NEW)}  # column of each prototype in ``new_features``' matrix


def _content(stats, syls):
    return {s: stats.syllable_idf(s) for s in syls if s not in QWORDS and not s.isdigit()}


def new_features(it):
    from assistant.rerank import FEATURES, _fold
    r = S.retriever(it["source"])
    st = r._kstats
    ch = r.index.chunks
    arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
    m = len(arts)
    F = np.zeros((m, len(NEW)))
    q = _fold(it["query"])
    qsyl = re.findall(r"\w+", q)
    q_idf = {s: st.syllable_idf(s) for s in qsyl}
    qw = sum(q_idf.values()) or 1.0
    qc = _content(st, qsyl)
    qcw = sum(qc.values()) or 1.0
    qbig = [(a, b) for a, b in zip(qsyl, qsyl[1:])]
    qbig_c = [(a, b) for a, b in qbig if not (a in QWORDS and b in QWORDS)]
    bw = {p: st.syllable_idf(p[0]) + st.syllable_idf(p[1]) for p in qbig_c}
    bwt = sum(bw.values()) or 1.0
    X = it["X"]
    tiq = X[:, FEATURES.index("title_in_query")]
    for i, a in enumerate(arts):
        c = ch[a]
        tsyl = re.findall(r"\w+", _fold(c.article_title or ""))
        ts = set(tsyl)
        tb = set(zip(tsyl, tsyl[1:]))
        F[i, NC["tcov_syl"]] = sum(v for s, v in q_idf.items() if s in ts) / qw
        F[i, NC["tcov_content"]] = sum(v for s, v in qc.items() if s in ts) / qcw
        F[i, NC["tcov_bigram"]] = sum(v for p, v in bw.items() if p in tb) / bwt
        path = " ".join(list(c.heading_path[1:-1]) + [c.article_title or ""])
        psyl = re.findall(r"\w+", _fold(path))
        ps = set(psyl)
        pb = set(zip(psyl, psyl[1:]))
        F[i, NC["path_content"]] = sum(v for s, v in qc.items() if s in ps) / qcw
        F[i, NC["path_bigram"]] = sum(v for p, v in bw.items() if p in pb) / bwt
        # the title's own bigrams found in the question (title → question direction, phrases)
        tbw = {p: st.syllable_idf(p[0]) + st.syllable_idf(p[1]) for p in tb}
        qbs = set(qbig)
        F[i, NC["title_bigram_in_q"]] = (sum(v for p, v in tbw.items() if p in qbs) / (sum(tbw.values()) or 1.0)
                                         if tbw else 0.0)
        dt = _fold(c.doc_type or "")
        for word, types in _DOCTYPE_WORDS:
            if re.search(rf"(?<!\w){word}(?!\w)", q):
                prev = F[i, NC["doctype_match"]]
                F[i, NC["doctype_match"]] = 1.0 if dt in types else -1.0 if prev == 0 else prev
                if dt in types:
                    break
    F[:, NC["tcov_content_rel"]] = F[:, NC["tcov_content"]] - F[:, NC["tcov_content"]].max()
    F[:, NC["tcov_bigram_rel"]] = F[:, NC["tcov_bigram"]] - F[:, NC["tcov_bigram"]].max()
    F[:, NC["tcov_content_x_tiq"]] = F[:, NC["tcov_content"]] * tiq
    # the đề mục (Pháp điển topic; the document title elsewhere) and the chương / mục headings against the question:
    # a soft ``doc_in_query`` ("bản án dân sự" → đề mục "Tố tụng dân sự")
    qset = set(qsyl)
    for i, a in enumerate(arts):
        c = ch[a]
        hp = list(c.heading_path)
        dm = set(re.findall(r"\w+", _fold(hp[0] if hp else (c.doc_title or "")))) - STOP
        dw = sum(st.syllable_idf(x) for x in dm)
        F[i, NC["demuc_cov"]] = sum(st.syllable_idf(x) for x in dm if x in qset) / dw if dw else 0.0
        F[i, NC["demuc_qcov"]] = sum(v for s_, v in qc.items() if s_ in dm) / qcw
        allp = set(re.findall(r"\w+", _fold(" ".join(hp[:-1] + [c.article_title or ""]))))
        F[i, NC["path_all_content"]] = sum(v for s_, v in qc.items() if s_ in allp) / qcw
        chs = set(re.findall(r"\w+", _fold(" ".join(hp[1:-1])))) - STOP
        chw = sum(st.syllable_idf(x) for x in chs)
        F[i, NC["chapter_cov"]] = sum(st.syllable_idf(x) for x in chs if x in qset) / chw if chw else 0.0
    # the same from the retriever's document titles (``doc_titles``, as ``doc_in_query`` reads them): the share of the
    # question's syllables (all, as ``query_in_title``) / content syllables that the candidate's document title holds
    for i, row in enumerate(it["rows"]):
        _, dtitle, _ = r._doc_titles.get(ch[row].doc_id, ("", "", None))
        ds = set(re.findall(r"\w+", dtitle or ""))
        F[i, NC["doc_qcov_all"]] = sum(v for s_, v in q_idf.items() if s_ in ds) / qw
        F[i, NC["doc_qcov"]] = sum(v for s_, v in qc.items() if s_ in ds) / qcw
    # phrase matches that hold a function / question word ("đầu là", "thì phải"): the part of bigram_coverage
    # (same normaliser: the stem's syllable bigrams by idf) carried by such bigrams
    from assistant.rerank import _pair_keys, split_options
    stem, _ = split_options(it["query"])
    syl = re.findall(r"\w+", _fold(stem))
    if len(syl) >= 2:
        w = np.array([st.syllable_idf(a) + st.syllable_idf(b) for a, b in zip(syl, syl[1:])])
        tot = w.sum() or 1.0
        any_stop = np.array([(a in STOP) or (b in STOP) for a, b in zip(syl, syl[1:])])
        both_stop = np.array([(a in STOP) and (b in STOP) for a, b in zip(syl, syl[1:])])
        keys = _pair_keys(syl)
        for i, a in enumerate(arts):
            art = st.article(ch, a)
            if len(art.bigrams):
                pos = np.minimum(np.searchsorted(art.bigrams, keys), len(art.bigrams) - 1)
                hit = art.bigrams[pos] == keys
                F[i, NC["bigram_stop_any"]] = (hit & any_stop) @ w / tot
                F[i, NC["bigram_stop_both"]] = (hit & both_stop) @ w / tot
                F[i, NC["bigram_content"]] = hit[~any_stop] @ w[~any_stop] / (w[~any_stop].sum() or 1.0)
    # coverage carried by function-word tokens (same normaliser as coverage: the query tokens' idf)
    tids = st.ids(it["tokens"])
    if len(tids):
        toks = st.tokens(tids)
        stop = np.array([all(x in STOP for x in t.split("_")) for t in toks])
        if stop.any():
            w = st.idf[tids]
            pres = st.presence(tids, np.asarray(arts)) | st.presence(tids, np.asarray(it["rows"]))
            F[:, NC["cov_stop"]] = pres[:, stop] @ w[stop] / w.sum()
    # value_line without function words: the best value line's share of the question's content syllables
    from assistant.rerank import asked_units
    units = asked_units(stem)
    if units:
        qc2 = {s_: v for s_, v in q_idf.items() if s_ not in STOP}
        qw2 = sum(qc2.values()) or 1.0
        for i, a in enumerate(arts):
            F[i, NC["value_line_stop"]] = X[i, FEATURES.index("value_line")] - max(
                (sum(v for s_, v in qc2.items() if s_ in line) / qw2 for line, lu in st.value_lines(ch, a) if lu & units),
                default=0.0)
    # only candidates whose title is wholly in the question (title_in_query 1): how much of the question it covers
    full = tiq >= 0.999
    F[:, NC["tcov_gate"]] = np.where(full, F[:, NC["tcov_content"]], 0.0)
    F[:, NC["tcov_gate_bigram"]] = np.where(full, F[:, NC["tcov_bigram"]], 0.0)
    if full.sum() >= 2:
        best = F[full, NC["tcov_content"]].max()
        F[:, NC["tcov_gate_rel"]] = np.where(full, F[:, NC["tcov_content"]] - best, 0.0)
        if F[full, NC["tcov_content"]].min() < best - 1e-9:
            F[:, NC["most_specific"]] = (full & (F[:, NC["tcov_content"]] >= best - 1e-9)).astype(float)
        tsets = [set(re.findall(r"\w+", _fold(ch[a].article_title or ""))) for a in arts]
        for i in np.flatnonzero(full):
            F[i, NC["title_superset"]] = float(any(j != i and tsets[j] < tsets[i] for j in np.flatnonzero(full)))
    return F


def resid_cv(items, Fs, C=0.1, folds=5, seed_salt=""):
    """``rank16_study.resid_cv`` on arbitrary columns ``Fs[j]`` (per item)."""
    mq, _ = _models()
    Zs = [np.c_[((it["X"] - mq.mean) / mq.scale) @ mq.coef, F] for it, F in zip(items, Fs)]
    return R16.residual_fit(items, Zs, Fs, C, folds, seed_salt)


SALTS = [str(i) for i in range(int(os.environ.get("R18_SPLITS", "3")))]


def cv_report(items, Fs, label, b, by_file=False):
    for folds in (5, 2):
        res, cs = [], []
        for salt in SALTS:
            extra, coefs = resid_cv(items, Fs, folds=folds, seed_salt=salt)
            res.append(summary(items, served_scores(items, extra), by_file=by_file))
            cs.append(coefs.mean(0))
        avg = {k: tuple(np.mean([r_[k][i] for r_ in res]) for i in range(3)) for k in b}
        print(f"{label} {folds}-fold", _fmt(avg, b), "coef", np.round(np.mean(cs, 0), 3), flush=True)
        print(f"    per split: pd", " ".join(f"{r_['pd'][0] - b['pd'][0]:+.4f}" for r_ in res),
              "| official", " ".join(f"{r_['pd-official'][0] - b['pd-official'][0]:+.4f}" for r_ in res), flush=True)
    return avg


def explore(*feat_sets):
    t0 = time.perf_counter()
    items = load_items()
    for it in items:
        it["F"] = new_features(it)
    print(f"features {time.perf_counter() - t0:.0f}s", flush=True)
    explore_columns(items, NEW, feat_sets)


def explore_columns(items, names, feat_sets, by_file=True):
    """The ``explore`` command of this study and of those built on it: the served base, then each set of the columns
    ``names`` of every item's ``F`` (comma-separated names in ``feat_sets``; each column alone when none is given)
    cross-validated as one residual (``cv_report``)."""
    b = summary(items, served_scores(items), by_file=by_file)
    print("base", _fmt(b))
    sets = [s.split(",") for s in feat_sets] if feat_sets else [[f] for f in names]
    for fs in sets:
        cols = [names.index(f) for f in fs]
        cv_report(items, [it["F"][:, cols] for it in items], ",".join(fs), b, by_file=by_file)


RESID = tuple(f for f in os.environ.get("R18_RESID", "").split(",") if f)


def fit(write=None):
    """CV of the ``assistant/rerank.py`` feature(s) ``RESID`` as a residual over the shipped question weights (scored
    with those columns zeroed), then the all-data fit; ``write`` adds the coefficients (mean 0, scale 1)."""
    import json
    from assistant.rerank import FEATURES, QUESTION_WEIGHTS_PATH
    if not RESID:
        raise SystemExit("set R18_RESID to the rerank.py feature(s) to fit")
    items = load_items()
    cols = [FEATURES.index(f) for f in RESID]
    Fs = []
    for it in items:
        Fs.append(it["X"][:, cols].copy())
        it["X"] = it["X"].copy()
        it["X"][:, cols] = 0.0
    b = summary(items, served_scores(items), by_file=True)
    print("base", _fmt(b))
    print("ALQAC dev headline base %.4f/%.4f/%.4f" % R16.alqac_headline(items, served_scores(items)))
    cv_report(items, Fs, ",".join(RESID), b, by_file=True)
    extra, coefs = resid_cv(items, Fs, folds=1)
    v = coefs[0]
    print("all-data coef", dict(zip(RESID, np.round(v, 4))))
    ins = served_scores(items, extra)
    print("in-sample", _fmt(summary(items, ins, by_file=True), b))
    print("ALQAC dev headline in-sample %.4f/%.4f/%.4f" % R16.alqac_headline(items, ins))
    if write:
        w = json.loads(Path(QUESTION_WEIGHTS_PATH).read_text(encoding="utf-8"))
        for f, c in zip(RESID, v):
            if f in w["features"]:
                k = w["features"].index(f)
                w["mean"][k], w["scale"][k], w["coef"][k] = 0.0, 1.0, float(c)
            else:
                w["features"].append(f)
                w["mean"].append(0.0)
                w["scale"].append(1.0)
                w["coef"].append(float(c))
        rf = w.setdefault("residual_features", {})
        rf["features"] = sorted(set(rf.get("features", [])) | set(RESID), key=lambda f: FEATURES.index(f))
        rf.setdefault("by_feature", {})
        for f in RESID:
            rf["by_feature"][f] = ("eval/rank18_study.py fit: residual over the other weights (their score as one "
                                   "column, link boost as served) on phapdien_train … phapdien_train9 + ALQAC dev split "
                                   "question-style queries")
        tmp = Path(str(QUESTION_WEIGHTS_PATH) + ".tmp")
        tmp.write_text(json.dumps(w, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(QUESTION_WEIGHTS_PATH)
        print("wrote", QUESTION_WEIGHTS_PATH)


COMMANDS = {"cache": cache, "base": base, "misses": misses, "explore": explore, "fit": fit}



def flips(feat, folds="5"):
    """Questions whose first gold rank changes under the cross-validated residual fit of prototype ``feat``."""
    items = load_items()
    for it in items:
        it["F"] = new_features(it)
    print_flips(items, [NEW.index(f) for f in feat.split(",")], int(folds))


def print_flips(items, cols, folds=5):
    """Print each question whose first gold rank moves when the residual fit over columns ``cols`` of ``it["F"]`` is
    added (cross-validated, ``folds`` folds), with the first hit before and after (also used by ``rank19_study``)."""
    base_s = served_scores(items)
    extra, coefs = resid_cv(items, [it["F"][:, cols] for it in items], folds=folds)
    new_s = served_scores(items, extra)
    for it, (o0, _), (o1, _) in zip(items, base_s, new_s):
        a, b = R16.rr_of(it, o0)[1], R16.rr_of(it, o1)[1]
        if a == b:
            continue
        rr = S.retriever(it["source"])
        arts = [int(x) for x in rr._art_row[np.asarray(it["rows"], dtype=np.int64)]]
        t = lambda o: f"{rr.index.chunks[arts[o[0]]].article_id} {rr.index.chunks[arts[o[0]]].article_title[:50]}"
        print(f"{'+' if (b or 99) < (a or 99) else '-'} {it['file']:16s} {it['qid']:14s} {a}→{b} | {it['text'][:90]}")
        print(f"      top before {t(o0)} [{it['F'][o0[0], cols[0]]:.2f}] | after {t(o1)} [{it['F'][o1[0], cols[0]]:.2f}]")


COMMANDS["flips"] = flips




def case(*feats):
    """The khiếu nại lần đầu case on the phapdien index: served scores of Luật Khiếu nại Điều 28 and Luật Tố tụng hành
    chính Điều 333, and what each prototype's all-data residual coefficient would add to each."""
    q = "Thời hạn giải quyết khiếu nại lần đầu là bao lâu?"
    r = S.retriever("phapdien")
    rk = r.ranked(q, 30)
    rows = list(rk["rows"][:30])
    it = {"source": "phapdien", "rows": rows, "query": rk["query"], "tokens": rk["tokens"], "cited_rows": [],
          "exam": False, "X": r.rerank_features(rk, rows)}
    F = new_features(it)
    (order, s), = served_scores([it])
    arts = [int(a) for a in r._art_row[np.asarray(rows)]]
    ids = [r.index.chunks[a].article_id for a in arts]
    a, b = ids.index("18.1.LQ.28"), ids.index("37.6.LQ.333")
    print(f"served: Điều 28 {s[a]:.3f} (rank {order.index(a) + 1}), Điều 333 {s[b]:.3f} (rank {order.index(b) + 1})")
    items = load_items()
    for it2 in items:
        it2["F"] = new_features(it2)
    for f in feats or NEW:
        c = NEW.index(f)
        _, coefs = resid_cv(items, [x["F"][:, [c]] for x in items], folds=1)
        v = float(coefs[0][0])
        print(f"{f:18s} coef {v:+.3f}  Điều 28 {F[a, c]:.3f} Điều 333 {F[b, c]:.3f}  gap change {v * (F[a, c] - F[b, c]):+.3f}"
              f" (needs > {s[b] - s[a]:+.3f})")


COMMANDS["case"] = case


if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
