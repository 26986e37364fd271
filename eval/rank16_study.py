"""Ranking study (helper h-rank16, issue 5): cache the fused top 30 of the Pháp điển *training* questions
(phapdien_train … phapdien_train8) and of the ALQAC dev split (both query modes) once, then re-featurise with the
current ``assistant/rerank.py`` and score the served order (shipped weights, cited first, leading frames demoted).

    PYTHONPATH=. python eval/rank16_study.py cache        # fused top 30 of every query → eval/out/rank16_cache.pkl
    PYTHONPATH=. python eval/rank16_study.py base         # served metrics per set + rank-1 misses by class
    PYTHONPATH=. python eval/rank16_study.py explore [f1,f2 …]   # prototype features (``NEW``): residual CV deltas
    R16_RESID=value_line PYTHONPATH=. python eval/rank16_study.py fit [write]  # CV of the rerank.py feature(s);
                                                          # write: add their coefficients to the question weights
Queries are embedded one at a time, as served (a batched int8 encoding gives slightly different vectors).
Report: eval/reports/rank16-value-line.md. Never phapdien_dev.json, never ALQAC test.
"""
from __future__ import annotations

import os
import pickle
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
import pd_rank_study as S  # noqa: E402
import train_reranker as T  # noqa: E402

PD_FILES = [ROOT / "eval" / "data" / f"phapdien_train{s}.json" for s in ("", "2", "3", "4", "5", "6", "7", "8")]
CACHE = T.OUT / "rank16_cache.pkl"


def cache():
    from assistant.evaluation.datasets import load_alqac_questions, select_split
    from assistant.rerank import exam_style
    out = []
    t0 = time.perf_counter()
    pd_qs = []
    for f in PD_FILES:
        pd_qs += [(f.stem, q) for q in load_alqac_questions(f) if q.relevant]
    r, memo = T.open_retriever("phapdien")
    # no memo.prefetch(…): batched int8 encoding differs from the served one-query encoding
    memo.save()
    for src, q in pd_qs:
        ranked = r.ranked(q.query("text"), S.DEPTH)
        out.append(S._compact(r, ranked, q, "phapdien", "text", exam_style(q.query("text"))) | {"file": src})
    print(f"phapdien {len(pd_qs)} in {time.perf_counter() - t0:.0f}s", flush=True)
    qs = [q for q in select_split(load_alqac_questions(T.TRAIN), "dev") if q.relevant]
    ra, memo_a = T.open_retriever("alqac")
    # no memo_a.prefetch(…): a batch of queries is embedded slightly differently from one at a time (as served)
    memo_a.save()
    for q in qs:
        for mode in ("choices", "text"):
            if mode == "choices" and not q.choices:
                continue
            text = q.query(mode)
            ranked = ra.ranked(text, S.DEPTH)
            out.append(S._compact(ra, ranked, q, "alqac", mode, exam_style(text)) | {"file": "alqac-dev"})
    with open(CACHE, "wb") as fh:
        pickle.dump(out, fh)
    print(f"cached {len(out)} queries in {time.perf_counter() - t0:.0f}s → {CACHE}", flush=True)




# ---------------------------------------------------------------- analysis
import numpy as np  # noqa: E402


def load_items():
    with open(CACHE, "rb") as fh:
        items = pickle.load(fh)
    return S.featurise(items)


def served_scores(items, extra=None):
    """Per item: the served reranker score of each candidate (shipped weights by query style) + ``extra[j]``,
    the frame demotion applied as the search path applies it. Returns (order, scores) per item."""
    from assistant import rerank as R
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker

    mq, me = load_reranker(str(QUESTION_WEIGHTS_PATH)), load_reranker()
    out = []
    for j, it in enumerate(items):
        r = S.retriever(it["source"])
        model = me if it["exam"] else mq
        rs = model.score(it["X"])
        if extra is not None and extra[j] is not None:
            rs = rs + extra[j]
        rows = it["rows"]
        cited = set(it["cited_rows"])
        order = sorted(range(len(rows)), key=lambda i: (rows[i] not in cited, -rs[i], i))
        if not it["exam"]:
            titles = [r.index.chunks[int(r._art_row[rows[i]])].article_title for i in order]
            order, new = R.demote_leading_frames(order, R.frame_articles(it["query"], titles),
                                                 [rows[i] in cited for i in order], rs[order])
            rs = rs.copy()
            rs[order] = new
        out.append((order, rs))
    return out


def rr_of(it, order, k=10):
    y = it["y"][order][:k]
    first = int(np.argmax(y)) + 1 if y.any() else None
    return (1.0 / first if first else 0.0), first, y.sum() / it["n_gold"]


def report(items, served, label=""):
    groups = {}
    for it, (order, _) in zip(items, served):
        rr, first, r10 = rr_of(it, order)
        for g in (it["file"], "pd-all" if it["source"] == "phapdien" else f"alqac-dev-{it['mode']}",
                  *(["alqac-dev-all"] if it["source"] == "alqac" else [])):
            groups.setdefault(g, []).append((rr, first == 1, r10))
    for g in sorted(groups):
        a = np.array(groups[g], dtype=float)
        print(f"{label}{g:22s} n={len(a):4d} MRR@10 {a[:, 0].mean():.4f} R@1 {a[:, 1].mean():.4f} R@10 {a[:, 2].mean():.4f}")


def _syl(s):
    import re
    return set(re.findall(r"\w+", (s or "").lower()))


def classify(items, served, out_path=None):
    import json
    from collections import Counter
    from assistant.rerank import frame_articles

    cnt, lost, recs = Counter(), Counter(), []
    for it, (order, rs) in zip(items, served):
        if it["source"] != "phapdien":
            continue
        rr, first, _ = rr_of(it, order)
        if first == 1:
            continue
        r = S.retriever("phapdien")
        ch = r.index.chunks
        top = ch[int(r._art_row[it["rows"][order[0]]])]
        if first is None:
            gi = next((k for k, i in enumerate(order) if it["y"][i]), None)
            cls = "gold not in top 30" if gi is None else "gold reranked 11-30"
            gold = ch[int(r._art_row[it["rows"][order[gi]]])] if gi is not None else None
        else:
            gold = ch[int(r._art_row[it["rows"][order[first - 1]]])]
            tt, gt = _syl(top.article_title), _syl(gold.article_title)
            jac = len(tt & gt) / max(1, len(tt | gt))
            if frame_articles("", [top.article_title]).any() or "giải thích từ ngữ" in top.article_title.lower() \
                    or "phạm vi điều chỉnh" in top.article_title.lower():
                cls = "frame/definition/scope article first"
            elif top.doc_number and top.doc_number == gold.doc_number:
                same_ch = len(top.heading_path) > 2 and top.heading_path[:-1] == gold.heading_path[:-1]
                cls = "sibling, same document" + (", same chương" if same_ch else ", other chương")
            elif top.law_id == gold.law_id:
                cls = "same đề mục, other document, " + ("similar title" if jac >= 0.5 else "other title")
            else:
                cls = "other đề mục, " + ("similar title" if jac >= 0.5 else "other topic")
        cnt[cls] += 1
        lost[cls] += 1 - rr
        recs.append({"qid": it["qid"], "file": it["file"], "q": it["text"], "class": cls, "gold_rank": first,
                     "top": [top.doc_type, top.article_id, top.article_title],
                     "gold": None if gold is None else [gold.doc_type, gold.article_id, gold.article_title]})
    n = sum(1 for it in items if it["source"] == "phapdien")
    print(f"{len(recs)} rank-1 misses of {n}")
    for c, v in cnt.most_common():
        print(f"  {v:4d}  lost {lost[c]:6.1f}  {c}")
    if out_path:
        Path(out_path).write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in recs) + "\n")
    return recs


def base():
    t0 = time.perf_counter()
    items = load_items()
    print(f"featurised {len(items)} in {time.perf_counter() - t0:.0f}s", flush=True)
    served = served_scores(items)
    report(items, served, "base ")
    classify(items, served, T.OUT / "rank16_misses.jsonl")



def compare(per_query):
    """Per-question first rank of the CLI run (``per_query.jsonl``) against the simulated served order."""
    import json
    items = [it for it in load_items() if it["source"] == "phapdien"]
    served = served_scores(items)
    sim = {it["qid"]: rr_of(it, o)[1] for it, (o, _) in zip(items, served)}
    for line in open(per_query):
        d = json.loads(line)
        fr = d["ours/text"]["first_rank"]
        fr = fr if fr and fr <= 10 else None
        if d["question_id"] in sim and sim[d["question_id"]] != fr:
            it = next(i for i in items if i["qid"] == d["question_id"])
            print(d["question_id"], "cli", fr, "sim", sim[d["question_id"]], d["text"][:80], it["query"][:80])




# ---------------------------------------------------------------- candidate new features (prototypes)
NEW = ("doc_share", "tdist_in_q", "tdist_missing", "clause_cov", "chapter_cov", "is_luat", "is_nd", "is_tt",
       "art_pos", "dense_vs_doc", "fused_vs_doc", "doc_best_rank", "title_body_gap", "line_cov", "value_line",
       "line_cov_rel")
_CLAUSES: dict = {}


def _clauses(r):
    key = id(r)
    if key not in _CLAUSES:
        m = {}
        for i, c in enumerate(r.index.chunks):
            if c.clause is not None:
                m.setdefault(int(r._art_row[i]), []).append(i)
        pos, order = {}, {}
        for i, c in enumerate(r.index.chunks):
            if c.clause is None:
                order.setdefault(c.doc_id, []).append(i)
        for d, rows in order.items():
            for k, row in enumerate(rows):
                pos[row] = k / max(1, len(rows) - 1)
        _CLAUSES[key] = (m, pos)
    return _CLAUSES[key]


import re as _re  # noqa: E402
_LINE_SPLIT = _re.compile(r"\n+|(?<=[.;:])\s+")
_VALUE_Q = _re.compile(r"(?<!\w)(?:bao lâu|bao nhiêu|mấy|thời hạn|chậm nhất|tối đa|tối thiểu|ít nhất|mức|hạn chót|trong vòng)(?!\w)")
_VALUE_LINE = _re.compile(r"(?:\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười lăm|hai mươi|ba mươi)\s*(?:ngày|tháng|năm|giờ|tuần|%|phần trăm|đồng|tuổi|lần)(?!\w)")


def new_features(it):
    import re
    from assistant.rerank import FEATURES, _fold
    from assistant.retrieval import keyword_tokens  # noqa: F401

    r = S.retriever(it["source"])
    st = r._kstats
    ch = r.index.chunks
    rows = np.asarray(it["rows"], dtype=np.int64)
    arts = r._art_row[rows]
    m = len(rows)
    F = np.zeros((m, len(NEW)))
    X = it["X"]
    F[:, 0] = X[:, FEATURES.index("doc_share")]
    docs = [ch[a].doc_number or ch[a].doc_id for a in arts]
    qsyl = {s: st.syllable_idf(s) for s in re.findall(r"\w+", _fold(it["query"]))}
    tsyl = [set(re.findall(r"\w+", _fold(ch[a].article_title or ""))) for a in arts]
    by_doc: dict = {}
    for i, d in enumerate(docs):
        by_doc.setdefault(d, []).append(i)
    for d, idx in by_doc.items():
        common = set.intersection(*[tsyl[i] for i in idx]) if len(idx) > 1 else set()
        for i in idx:
            dist = tsyl[i] - common
            w = sum(st.syllable_idf(s) for s in dist) or 1.0
            F[i, 1] = sum(st.syllable_idf(s) for s in dist if s in qsyl) / w
            F[i, 2] = sum(st.syllable_idf(s) for s in dist if s not in qsyl) / (sum(qsyl.values()) or 1.0)
        dn = X[idx, FEATURES.index("dense_norm")]
        fu = X[idx, FEATURES.index("fused")]
        for k, i in enumerate(idx):
            F[i, 9] = dn[k] - dn.max()
            F[i, 10] = fu[k] - fu.max()
            F[i, 11] = 1.0 / (1 + sorted(idx).index(i))  # rank among its document's candidates (fused order)
    clauses, pos = _clauses(r)
    tids = st.ids(it["tokens"])
    if len(tids):
        w = st.idf[tids]
        for i, a in enumerate(arts):
            cl = clauses.get(int(a))
            if cl:
                pres = st.presence(tids, np.asarray(cl))
                F[i, 3] = (pres @ w / w.sum()).max()
            else:
                F[i, 3] = X[i, FEATURES.index("coverage")]
    qw = sum(qsyl.values()) or 1.0
    for i, a in enumerate(arts):
        c = ch[a]
        hp = c.heading_path[1:-1] if len(c.heading_path) > 2 else []
        hs = set(re.findall(r"\w+", _fold(" ".join(hp)))) - tsyl[i]
        F[i, 4] = sum(v for s, v in qsyl.items() if s in hs) / qw
        dt = _fold(c.doc_type or "")
        F[i, 5] = float(dt in ("luật", "bộ luật", "hiến pháp", "pháp lệnh"))
        F[i, 6] = float(dt == "nghị định")
        F[i, 7] = float(dt in ("thông tư", "thông tư liên tịch"))
        F[i, 8] = pos.get(int(a), 0.5)
        F[i, 12] = X[i, FEATURES.index("title_in_query")] - X[i, FEATURES.index("coverage")]
    # best single line (khoản / điểm / sentence) of the article: idf share of the question's syllables it holds
    asks_value = bool(_VALUE_Q.search(_fold(it["query"])))
    for i, a in enumerate(arts):
        best = bestv = 0.0
        for line in _LINE_SPLIT.split(_fold(ch[a].text)):
            ls = set(re.findall(r"\w+", line))
            if not ls:
                continue
            cov = sum(v for s_, v in qsyl.items() if s_ in ls) / qw
            best = max(best, cov)
            if asks_value and _VALUE_LINE.search(line):
                bestv = max(bestv, cov)
        F[i, 13] = best
        F[i, 14] = bestv
    F[:, 15] = F[:, 13] - F[:, 13].max()
    return F


def resid_cv(items, feats, C=0.1, folds=int(os.environ.get("R16_FOLDS", "5")), seed_salt=""):
    """Residual pairwise fit: columns [shipped score, new features]; the new score = shipped + (v / a) · new.
    Fitted on question-style items only (the question weights' domain); folds by question id."""
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker

    mq = load_reranker(str(QUESTION_WEIGHTS_PATH))
    cols = [NEW.index(f) for f in feats]
    Fs = [it["F"][:, cols] for it in items]
    return residual_fit(items, [np.c_[mq.score(it["X"]), F] for it, F in zip(items, Fs)], Fs, C, folds, seed_salt)


def residual_fit(items, Zs, Fs, C=0.1, folds=5, seed_salt=""):
    """The fold loop of ``resid_cv`` (also ``rank18_study.resid_cv``): ``Zs[j]`` = item j's columns [shipped score,
    new features], ``Fs[j]`` its new features alone. In each fold a pairwise logistic regression (gold against the
    first 50 others, question-style items outside the fold) gives the new columns' weights v relative to the shipped
    score's; returns each held-out item's added score ``Fs[j] @ v`` (None for exam-style items) and the folds' v."""
    import hashlib
    from sklearn.linear_model import LogisticRegression

    qids = sorted({it["qid"] for it in items})
    fold_of = {q: int(hashlib.sha1((seed_salt + q).encode()).hexdigest(), 16) % folds for q in qids}
    extra = [None] * len(items)
    coefs = []
    for f in range(folds):
        tr = [j for j, it in enumerate(items) if (folds == 1 or fold_of[it["qid"]] != f) and not it["exam"]]
        Z = np.concatenate([Zs[j] for j in tr])
        mean, sd = Z.mean(0), Z.std(0)
        sd[sd < 1e-9] = 1.0
        diffs = []
        for j in tr:
            it = items[j]
            Zn = (Zs[j] - mean) / sd
            pos, neg = Zn[it["y"]], Zn[~it["y"]][:50]
            for p in pos:
                diffs.append(p - neg)
        D = np.concatenate(diffs)
        lr = LogisticRegression(C=C, max_iter=2000, fit_intercept=False).fit(np.r_[D, -D], np.r_[np.ones(len(D)), np.zeros(len(D))])
        c = lr.coef_[0] / sd
        v = c[1:] / c[0]
        coefs.append(v)
        for j, it in enumerate(items):
            if fold_of[it["qid"]] == f and not it["exam"]:
                extra[j] = Fs[j] @ v
    return extra, np.array(coefs)


def summary(items, served):
    out = {}
    for key, pred in (("pd", lambda it: it["source"] == "phapdien"),
                      ("pd-official", lambda it: it["source"] == "phapdien" and it["file"] not in ("phapdien_train3", "phapdien_train4")),
                      ("pd-everyday", lambda it: it["file"] in ("phapdien_train3", "phapdien_train4")),
                      ("alqac-text", lambda it: it["source"] == "alqac" and it["mode"] == "text")):
        a = np.array([rr_of(it, o)[:2] for it, (o, _) in zip(items, served) if pred(it)], dtype=object)
        rr = np.array([x[0] for x in a], float)
        r1 = np.array([x[1] == 1 for x in a], float)
        out[key] = (rr.mean(), r1.mean())
    return out


def explore(*feat_sets):
    t0 = time.perf_counter()
    items = load_items()
    for it in items:
        it["F"] = new_features(it)
    print(f"features {time.perf_counter() - t0:.0f}s", flush=True)
    b = summary(items, served_scores(items))
    print("base", "  ".join(f"{k} {v[0]:.4f}/{v[1]:.3f}" for k, v in b.items()))
    sets = [s.split(",") for s in feat_sets] if feat_sets else [[f] for f in NEW]
    for fs in sets:
        res = []
        for salt in ("", "a", "b"):
            extra, coefs = resid_cv(items, fs, seed_salt=salt)
            res.append(summary(items, served_scores(items, extra)))
        avg = {k: (np.mean([r[k][0] for r in res]), np.mean([r[k][1] for r in res])) for k in b}
        print(",".join(fs), "  ".join(f"{k} {v[0] - b[k][0]:+.4f}/{v[1] - b[k][1]:+.3f}" for k, v in avg.items()),
              "coef", np.round(coefs.mean(0), 3), flush=True)


COMMANDS = {"cache": cache, "base": base, "compare": compare, "explore": explore}



RESID = tuple(os.environ.get("R16_RESID", "value_line").split(","))


def fit_resid(write=None):
    """With the features now in ``assistant/rerank.py``: CV (5 folds × 3 splits, and 2 folds = halves) of the residual
    fit over the shipped question weights, then the fit on all question-style training items; ``write`` adds the
    three coefficients (mean 0, scale 1) to that weights file."""
    import json
    from assistant.rerank import FEATURES, QUESTION_WEIGHTS_PATH
    global NEW
    items = load_items()
    cols = [FEATURES.index(f) for f in RESID]
    allc = cols
    NEW = RESID
    for it in items:
        it["F"] = it["X"][:, cols]
        # the shipped weights do not know the new columns yet: score with them zeroed
        it["X"] = it["X"].copy()
        it["X"][:, allc] = 0.0
    b = summary(items, served_scores(items))
    print("base", "  ".join(f"{k} {v[0]:.4f}/{v[1]:.3f}" for k, v in b.items()))
    for folds in (5, 2):
        res = []
        for salt in ("", "a", "b"):
            extra, coefs = resid_cv(items, list(RESID), folds=folds, seed_salt=salt)
            res.append(summary(items, served_scores(items, extra)))
        for salt, r_ in zip(("", "a", "b"), res):
            print(f"  {folds}-fold split{salt or '0'}", "  ".join(f"{k} {v[0] - b[k][0]:+.4f}/{v[1] - b[k][1]:+.3f}" for k, v in r_.items()))
    extra, coefs = resid_cv(items, list(RESID), folds=1)  # one fold = fit on everything (and score in-sample)
    v = coefs[0]
    print("all-data coef", dict(zip(RESID, np.round(v, 4))))
    print("in-sample", "  ".join(f"{k} {x[0] - b[k][0]:+.4f}/{x[1] - b[k][1]:+.3f}" for k, x in summary(items, served_scores(items, extra)).items()))
    print("ALQAC dev headline MRR/R@1/R@10 base %.4f/%.4f/%.4f" % alqac_headline(items, served_scores(items)),
          "in-sample %.4f/%.4f/%.4f" % alqac_headline(items, served_scores(items, extra)))
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
        w["residual_features"] = {"features": list(RESID), "C": 0.1, "pairwise": True, "max_neg": 50,
                                  "fitted_on": "eval/rank16_study.py fit: residual over the other weights (their score "
                                               "as one column) on phapdien_train … phapdien_train8 + ALQAC dev split "
                                               "question-style queries"}
        Path(QUESTION_WEIGHTS_PATH).write_text(json.dumps(w, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", QUESTION_WEIGHTS_PATH)


COMMANDS["fit"] = fit_resid



def alqac_headline(items, served):
    """ALQAC dev as the CLI's headline reads it: the choices query for a question with options, else the text query."""
    by = {}
    for it, (o, _) in zip(items, served):
        if it["source"] == "alqac":
            by.setdefault(it["qid"], {})[it["mode"]] = rr_of(it, o)
    sel = [m.get("choices", m["text"]) for m in by.values()]
    return np.mean([x[0] for x in sel]), np.mean([x[1] == 1 for x in sel]), np.mean([x[2] for x in sel])

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
