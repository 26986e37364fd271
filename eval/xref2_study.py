"""Cross-reference and title follow-up (helper h-xref2, issue 5): on the cached fused top 30 of the Pháp điển training
questions and ALQAC dev (``eval/rank16_study.py cache``), prototype (a) linked articles as extra candidates (ceiling),
(b) the related articles' titles as separate features, link direction / document level, and (c) title-versus-body and
same-document (sibling) contrasts, scored by a residual cross-validation like ``rank16_study``'s but with the link
term of the shipped question weights in the base score (``rank16_study.served_scores`` leaves it out): the base
reproduces the served pooled MRR@10 0.7955.

    PYTHONPATH=. python eval/rank16_study.py cache               # once (~30 s)
    PYTHONPATH=. python eval/xref2_study.py ceiling               # (a): golds outside the top 30 linked to the served top L
    PYTHONPATH=. python eval/xref2_study.py explore [f1,f2 …]     # residual CV deltas (5 folds × 3 splits), ``NEW`` names
    PYTHONPATH=. python eval/xref2_study.py stability f1[,f2]     # 5 splits × (5 folds, 2 folds)
    PYTHONPATH=. python eval/xref2_study.py per_file f1[,f2] [folds]   # CV delta per training file

Never phapdien_dev.json, never ALQAC test. Report: eval/reports/pd-rank19.md.
"""
from __future__ import annotations

import hashlib
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pd_rank_study as S  # noqa: E402
import rank16_study as R16  # noqa: E402

NEW = ("lt_q", "lt_gain", "lt_max_tiq", "lt_out_q", "lt_in_q", "lt_bigram", "lt_any_full",
       "t_body_gap", "t_cov_rank", "sib_title_rel", "sib_cov_rel", "sib_bigram_rel", "sib_dense_rel",
       "t_bigram_q", "q_bigram_t", "sib_tbigram_rel", "dir_out3", "dir_in3", "up3", "down3", "same3", "t_full_phrase",
       "t_full_long", "q_bigram_t_sq", "q_bigram_t_rel", "intent2",
       "intent2_miss")
_SYL = re.compile(r"\w+")
_TITLES: dict = {}


def _fold(s):
    import unicodedata
    return unicodedata.normalize("NFC", s).lower()


def related_titles(r):
    """article row → (out titles: what its own notes list, any article incl. outside the subset;
    in titles: the titles of indexed articles whose notes list it)."""
    if "t" in _TITLES:
        return _TITLES["t"]
    from assistant.legal.phapdien import crossref_items
    chunks = r.index.chunks
    by_code = {}
    for i, c in enumerate(chunks):
        if c.clause is None and "." in c.article_id:
            by_code.setdefault(c.article_id, i)
    out, inn, lout = {}, {}, {}
    for i, c in enumerate(chunks):
        if c.clause is not None or int(r._art_row[i]) != i:
            continue
        for note in c.validity.notes:
            for code, title in crossref_items(note):
                if title:
                    out.setdefault(i, []).append(_fold(title))
                j = by_code.get(code) if code else None
                if j is not None and j != i:
                    inn.setdefault(j, []).append(_fold(c.article_title or ""))
                    lout.setdefault(i, set()).add(j)
    _TITLES["t"] = (out, inn)
    _TITLES["out"] = lout
    return out, inn


def new_features(it):
    from assistant.rerank import FEATURES
    r = S.retriever(it["source"])
    st = r._kstats
    out_t, in_t = related_titles(r)
    arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
    m = len(arts)
    F = np.zeros((m, len(NEW)))
    q_syl = _SYL.findall(_fold(it["query"]))
    q_idf = {s: st.syllable_idf(s) for s in q_syl}
    q_w = sum(q_idf.values()) or 1.0
    qpairs = {(a, b): st.syllable_idf(a) + st.syllable_idf(b) for a, b in zip(q_syl, q_syl[1:])}
    qp_w = sum(qpairs.values()) or 1.0
    X = it["X"]
    qit = FEATURES.index("query_in_title")
    for i, a in enumerate(arts):
        own = set(_SYL.findall(_fold(r.chunks[a].article_title or "")))
        o, n = out_t.get(a, []), in_t.get(a, [])
        if not (o or n):
            continue
        def cov(titles):
            s = set().union(*[set(_SYL.findall(t)) for t in titles]) if titles else set()
            return sum(v for k, v in q_idf.items() if k in s) / q_w, s
        c_all, s_all = cov(o + n)
        F[i, 0] = c_all
        F[i, 1] = sum(v for k, v in q_idf.items() if k in (s_all | own)) / q_w - X[i, qit]
        best = 0.0
        for t in o + n:
            ts = set(_SYL.findall(t))
            tw = sum(st.syllable_idf(x) for x in ts) or 1.0
            best = max(best, sum(q_idf.get(x, 0.0) for x in ts) / tw)
        F[i, 2] = best
        F[i, 3] = cov(o)[0]
        F[i, 4] = cov(n)[0]
        pairs = set()
        for t in o + n:
            ws = _SYL.findall(t)
            pairs |= set(zip(ws, ws[1:]))
        F[i, 5] = sum(v for k, v in qpairs.items() if k in pairs) / qp_w
        F[i, 6] = float(best >= 0.999)
    # title vs body: question coverage by the title minus coverage by the article; rank of title coverage in the list
    cov = X[:, FEATURES.index("coverage")]
    F[:, 7] = X[:, qit] - cov
    F[:, 8] = 1.0 / (1.0 + R16_rank(-X[:, qit]))
    # title phrases: idf share of the question's syllable bigrams found in the title, and of the title's in the question
    qset = set(qpairs)
    for i, a in enumerate(arts):
        ws = _SYL.findall(_fold(r.chunks[a].article_title or ""))
        tp = {(x, y): st.syllable_idf(x) + st.syllable_idf(y) for x, y in zip(ws, ws[1:])}
        F[i, 13] = sum(v for k, v in qpairs.items() if k in tp) / qp_w
        F[i, 14] = sum(v for k, v in tp.items() if k in qset) / (sum(tp.values()) or 1.0)
    for i, a in enumerate(arts):
        nsyl = len(_SYL.findall(_fold(r.chunks[a].article_title or "")))
        F[i, 21] = float(F[i, 14] >= 0.999 and nsyl >= 2)
        F[i, 22] = F[i, 21] * min(nsyl, 8) / 8
    F[:, 23] = F[:, 14] ** 2
    F[:, 24] = F[:, 14] - F[:, 14].max()
    # more kinds of ask → title words (beyond rerank.INTENTS): responsibility, cases, procedure, principles, rights /
    # duties, prohibitions, regime, contents; intent2_miss: the question asks one and the title states none of them
    q = _fold(it["query"])
    asked = [t for qq, t in _INTENT2 if qq.search(q)]
    if asked:
        for i, a in enumerate(arts):
            tt = _fold(r.chunks[a].article_title or "")
            hit = any(t.search(tt) for t in asked)
            F[i, 25] = float(hit)
            F[i, 26] = float(not hit)
    # direction / level of the link to the three best other candidates by the linear score (before the link term)
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker
    lout = _TITLES["out"]
    s0 = load_reranker(str(QUESTION_WEIGHTS_PATH)).score(X)
    lead = [int(j) for j in np.argsort(-s0, kind="stable")[:3]]
    lv = [_level(r.chunks[a].article_id) for a in arts]
    for i, a in enumerate(arts):
        for j in lead:
            if j == i:
                continue
            b = arts[j]
            if b in lout.get(a, ()):
                F[i, 16] = 1.0
            if a in lout.get(b, ()):
                F[i, 17] = 1.0
            if b in lout.get(a, ()) or a in lout.get(b, ()):
                F[i, 18 if lv[i] > lv[j] else 19 if lv[i] < lv[j] else 20] = 1.0
    # against the other candidates of the same document (the sibling confusion): x − the best sibling's x
    docs = [r.chunks[int(x)].doc_id for x in it["rows"]]
    for col, src in ((9, X[:, qit]), (10, cov), (11, X[:, FEATURES.index("bigram_coverage")]),
                     (12, X[:, FEATURES.index("dense_norm")]), (15, F[:, 13])):
        for i in range(m):
            sib = [src[j] for j in range(m) if j != i and docs[j] == docs[i]]
            F[i, col] = src[i] - max(sib) if sib else 0.0
    return F


_LEVEL = {"LQ": 0, "PL": 0, "NL": 0, "SL": 0, "NĐ": 1, "NQ": 1, "QĐ": 2, "TT": 3, "TL": 3, "CT": 3}


def _level(code):
    parts = code.split(".")
    return _LEVEL.get(parts[2], 2) if len(parts) > 3 else 2


_INTENT2 = [(re.compile(rf"(?<!\w)(?:{a})(?!\w)"), re.compile(rf"(?<!\w)(?:{b})(?!\w)")) for a, b in (
    (r"trách nhiệm|có nhiệm vụ|phải làm gì", r"trách nhiệm|nhiệm vụ"),
    (r"trường hợp nào|khi nào thì|những trường hợp", r"trường hợp"),
    (r"thủ tục|trình tự|các bước|quy trình|thực hiện như thế nào", r"thủ tục|trình tự|quy trình"),
    (r"nguyên tắc", r"nguyên tắc"),
    (r"có quyền|quyền gì|quyền lợi|nghĩa vụ", r"quyền|nghĩa vụ"),
    (r"có được|bị cấm|nghiêm cấm|không được", r"cấm|không được|nghiêm cấm"),
    (r"chế độ|được hưởng|hỗ trợ|trợ cấp", r"chế độ|hưởng|hỗ trợ|trợ cấp"),
    (r"nội dung (?:gì|nào)|gồm (?:những )?nội dung", r"nội dung"),
)]


def R16_rank(x):
    rr = np.empty(len(x))
    rr[np.argsort(x, kind="stable")] = np.arange(len(x))
    return rr


_MQ: list = []


def base_scores(it):
    """The shipped question / exam score including the link term, as ``HybridRetriever.search`` computes it."""
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker
    r = S.retriever(it["source"])
    model = load_reranker() if it["exam"] else load_reranker(str(QUESTION_WEIGHTS_PATH))
    arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
    return model.score(it["X"], arts, r.crossref_links())


def served(items, extra=None):
    from assistant import rerank as R
    out = []
    for j, it in enumerate(items):
        r = S.retriever(it["source"])
        rs = it["base"] + (extra[j] if extra is not None and extra[j] is not None else 0.0)
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


def resid_cv(items, feats, C=0.1, folds=5, salt=""):
    """Residual pairwise fit over [shipped score incl. link term, new columns] on question-style items; folds by qid."""
    from sklearn.linear_model import LogisticRegression
    cols = [NEW.index(f) for f in feats]
    Zs = [np.c_[it["base"], it["F"][:, cols]] for it in items]
    qids = sorted({it["qid"] for it in items})
    fold_of = {q: int(hashlib.sha1((salt + q).encode()).hexdigest(), 16) % folds for q in qids}
    extra, coefs = [None] * len(items), []
    for f in range(folds):
        tr = [j for j, it in enumerate(items) if (folds == 1 or fold_of[it["qid"]] != f) and not it["exam"]]
        Z = np.concatenate([Zs[j] for j in tr])
        mean, sd = Z.mean(0), Z.std(0)
        sd[sd < 1e-9] = 1.0
        D = []
        for j in tr:
            Zn = (Zs[j] - mean) / sd
            pos, neg = Zn[items[j]["y"]], Zn[~items[j]["y"]][:50]
            D += [p - neg for p in pos]
        D = np.concatenate(D)
        lr = LogisticRegression(C=C, max_iter=2000, fit_intercept=False).fit(
            np.r_[D, -D], np.r_[np.ones(len(D)), np.zeros(len(D))])
        c = lr.coef_[0] / sd
        v = c[1:] / c[0]
        coefs.append(v)
        for j, it in enumerate(items):
            if (folds == 1 or fold_of[it["qid"]] == f) and not it["exam"]:
                extra[j] = it["F"][:, cols] @ v
    return extra, np.array(coefs)


def load():
    t0 = time.perf_counter()
    items = R16.load_items()
    for it in items:
        it["F"] = new_features(it)
        it["base"] = base_scores(it)
    print(f"features {time.perf_counter() - t0:.0f}s", flush=True)
    return items


def explore(*feat_sets, splits=("", "a", "b"), folds=5):
    items = load()
    b = R16.summary(items, served(items))
    print("base", "  ".join(f"{k} {v[0]:.4f}/{v[1]:.3f}" for k, v in b.items()), flush=True)
    sets = [s.split(",") for s in feat_sets] if feat_sets else [[f] for f in NEW]
    for fs in sets:
        res, cs = [], []
        for salt in splits:
            extra, coefs = resid_cv(items, fs, folds=folds, salt=salt)
            res.append(R16.summary(items, served(items, extra)))
            cs.append(coefs.mean(0))
        avg = {k: (np.mean([x[k][0] for x in res]), np.mean([x[k][1] for x in res])) for k in b}
        spread = [res_[ "pd"][0] - b["pd"][0] for res_ in res]
        print(",".join(fs), "  ".join(f"{k} {v[0] - b[k][0]:+.4f}/{v[1] - b[k][1]:+.3f}" for k, v in avg.items()),
              "pd per split", np.round(spread, 4), "coef", np.round(np.mean(cs, 0), 3), flush=True)


def ceiling():
    """(a) How many golds outside the fused top 30 are linked to one of the served top L articles (candidates the
    link expansion would add)."""
    items = [it for it in R16.load_items() if it["source"] == "phapdien"]
    r = S.retriever("phapdien")
    links = r.crossref_links()
    by_key = {}
    for i, c in enumerate(r.chunks):
        if c.clause is None and int(r._art_row[i]) == i:
            by_key.setdefault((c.law_id, c.article_id), i)
    print("questions with no gold in the top 30:", sum(not it["y"].any() for it in items), "of", len(items))
    for L in (1, 3, 5, 10, 30):
        n_ext = hit = 0
        for it in items:
            arts = [int(a) for a in r._art_row[np.asarray(it["rows"])]]
            rs = base_scores(it)
            order = [arts[j] for j in np.argsort(-rs, kind="stable")]
            out = {by_key.get(tuple(g)) for g in it["gold"]} - set(arts) - {None}
            ext = set().union(*[set(links.get(a, ())) for a in order[:L]]) - set(arts)
            n_ext += len(ext)
            hit += bool(out & ext)
        print(f"expand the served top {L}: {n_ext / len(items):.1f} extra candidates per question, golds admitted {hit}")


def per_file(feats, splits=("", "a", "b", "c", "d"), folds=5):
    """CV delta MRR@10 per training file (mean over the splits) of the residual fit of ``feats``."""
    items = load()
    b = served(items)
    files = sorted({it["file"] for it in items})
    acc = {f: [] for f in files}
    for salt in splits:
        extra, _ = resid_cv(items, feats.split(","), folds=folds, salt=salt)
        s_ = served(items, extra)
        for f in files:
            d = [R16.rr_of(it, o1)[0] - R16.rr_of(it, o0)[0]
                 for it, (o0, _), (o1, _) in zip(items, b, s_) if it["file"] == f and not it["exam"]]
            acc[f].append(np.mean(d) if d else 0.0)
    for f in files:
        print(f"{f:18s} {np.mean(acc[f]):+.4f}  per split {np.round(acc[f], 4)}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "per_file":
        per_file(sys.argv[2], folds=int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    if cmd == "ceiling":
        ceiling()
    elif cmd == "explore":
        explore(*sys.argv[2:])
    elif cmd == "stability":
        explore(*sys.argv[2:], splits=("", "a", "b", "c", "d"))
        explore(*sys.argv[2:], splits=("", "a", "b", "c", "d"), folds=2)
