"""Does a "the question's subject is in the collection / in the top hits" feature separate in-scope from out-of-scope
questions the refusal model decides? Offline, on refusal feature dumps (``eval/dump_refusal_features.py``) of
TRAINING sets only; nothing in ``assistant/`` changes.

Candidates (computed from the keyword index's own statistics, ``rerank.KeywordStats``; subject terms = the question's
keyword-index terms, underthesea words and their syllables, without digits and terms made only of stop / question
syllables):

- ``subj_cov1`` / ``subj_cov3``: idf-weighted share of the subject terms present in the first hit / any of the
  first three (its chunk or its article-level chunk, by the index postings);
- ``subj_miss1`` / ``subj_miss3``: the largest idf of a subject word (≥ 2 syllables) the collection holds but the
  first hit / first three lack; ``oov_words``: subject words the collection never uses (df = 0);
- ``head_cov1``: idf-weighted share of the subject terms found in the first hit's heading path + article title
  (is the subject what the article is *about*, not just mentioned);
- ``dense_gap``: best dense cosine of the first three minus the mean of hits 2–5;
- ``dense_cz`` / ``rerank_cz`` / ``coverage_cz``: z-scores against the collection's own in-scope training
  distribution (the per-collection normalisation of a cosine whose scale differs between ALQAC and Pháp điển);
- with ``--background``: ``dense_bgz`` / ``dense_bgdiff`` / ``dense_p99``: the dense score against the query's
  cosines to 4,000 random chunks of the collection (a label-free per-query normalisation; needs the embedder).

Prints (1) each feature's ROC AUC alone (in-scope vs out-of-scope per collection, and the ``--everyday`` file vs
the collection's out-of-scope questions), (2) 5-fold CV (folds by question-id hash) ROC AUC of the logistic model
over the current five features plus each candidate, pooled and Pháp điển-only, with false refusals at fixed
numbers of false answers; writes augmented dumps (candidates added to ``features``) to ``--out-dir`` for
``eval/train_refusal.py --features …``.

    python eval/refusal_subject_study.py --dump alqac=/tmp/d/alqac-dev-in.jsonl phapdien=/tmp/d/pd-train.jsonl … \
        --half alqac=/tmp/d/alqac-oos.jsonl phapdien=/tmp/d/pd-oos.jsonl --everyday pd-train3 --out-dir /tmp/d/aug
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answering.followup import _QWORDS
from assistant.answering.terms import _STOP, _nfc
from assistant.index import Index, keyword_tokens
from assistant.records import article_key
from assistant.rerank import KeywordStats

BASE = ("dense", "coverage", "rerank", "doc_share", "title_in_query")
CANDIDATES = ("subj_cov1", "subj_cov3", "subj_miss1", "subj_miss3", "oov_words", "head_cov1", "dense_gap",
              "question_len")


def auc(pos: Any, neg: Any) -> float:
    """P(a random in-scope score > a random out-of-scope one), ties half."""
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    p = np.asarray(pos, dtype=float)[:, None]
    n = np.asarray(neg, dtype=float)[None, :]
    return float(((p > n).sum() + 0.5 * (p == n).sum()) / (p.size * n.size))


def subject_terms(question: str) -> list[str]:
    out = []
    for t in dict.fromkeys(keyword_tokens(_nfc(question))):
        syl = [s for s in t.split("_") if s]
        if syl and not all(s in _STOP or s in _QWORDS or s.isdigit() for s in syl):
            out.append(t)
    return out


def subject_features(question: str, hit_rows: list[list[int]], heads: list[str], st: KeywordStats) -> dict[str, float]:
    terms = subject_terms(question)
    known = [t for t in terms if t in st.vocab]
    f = {"oov_words": float(sum(1 for t in terms if "_" in t and t not in st.vocab))}
    if not known or not hit_rows:
        return {**f, "subj_cov1": 0.0, "subj_cov3": 0.0, "subj_miss1": 0.0, "subj_miss3": 0.0, "head_cov1": 0.0}
    ids = np.array([st.vocab[t] for t in known], dtype=np.int64)
    w = st.idf[ids]
    word = np.array(["_" in t for t in known])
    per_hit = [st.presence(ids, np.array(rows, dtype=np.int64)).any(axis=0) for rows in hit_rows[:3]]
    in1, in3 = per_hit[0], np.any(per_hit, axis=0)
    head = " " + " ".join(re.findall(r"\w+", heads[0].lower())) + " "
    in_head = np.array([f" {t.replace('_', ' ')} " in head for t in known])
    total = float(w.sum()) or 1.0
    f.update(subj_cov1=float(w[in1].sum() / total), subj_cov3=float(w[in3].sum() / total),
             subj_miss1=float(w[word & ~in1].max()) if (word & ~in1).any() else 0.0,
             subj_miss3=float(w[word & ~in3].max()) if (word & ~in3).any() else 0.0,
             head_cov1=float(w[in_head].sum() / total))
    return f


def decided(r: dict[str, Any]) -> bool:
    """Questions the refusal model decides (``train_refusal.decided_by_model``) and that have a dense score."""
    return bool(r["hits"]) and not r["scope_reason"] and not r["names_held"] and not r["exam_style"] \
        and "dense" in r["features"]


def fold_of(qid: str, k: int = 5) -> int:
    return int(hashlib.sha1(qid.encode("utf-8")).hexdigest(), 16) % k


def cv_probabilities(R: list[dict[str, Any]], feats: tuple[str, ...], fit_rows: np.ndarray) -> np.ndarray:
    """5-fold CV P(in scope) of a logistic model (standardised, each file the same total weight), fitted on the
    ``fit_rows`` of the other folds; NaN where not predicted."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    X = np.array([[r["features"][f] for f in feats] for r in R])
    y = np.array([bool(r["in_scope"]) for r in R])
    cnt: dict[str, int] = {}
    for r in R:
        cnt[r["_file"]] = cnt.get(r["_file"], 0) + 1
    w = np.array([1.0 / cnt[r["_file"]] for r in R])
    w *= len(w) / w.sum()
    folds = np.array([fold_of(str(r["id"])) for r in R])
    p = np.full(len(R), np.nan)
    for k in range(5):
        tr, te = (folds != k) & fit_rows, (folds == k) & fit_rows
        sc = StandardScaler().fit(X[tr])
        m = LogisticRegression(C=1.0, max_iter=1000).fit(sc.transform(X[tr]), y[tr], sample_weight=w[tr])
        p[te] = m.predict_proba(sc.transform(X[te]))[:, 1]
    return p


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dump", nargs="+", required=True, help="collection=dump.jsonl … (every question used)")
    ap.add_argument("--half", nargs="*", default=[], help="collection=dump.jsonl … (odd ids only: calibration half)")
    ap.add_argument("--everyday", default="pd-train3", help="file stem of the everyday-wording in-scope set")
    ap.add_argument("--background", action="store_true", help="also the dense background features (embeds)")
    ap.add_argument("--out-dir", type=Path, required=True)
    a = ap.parse_args(argv)
    a.out_dir.mkdir(parents=True, exist_ok=True)
    files = [(x, False) for x in a.dump] + [(x, True) for x in a.half]
    by_coll: dict[str, list[tuple[Path, bool]]] = {}
    for item, half in files:
        coll, _, path = item.partition("=")
        by_coll.setdefault(coll, []).append((Path(path), half))
    R: list[dict[str, Any]] = []
    for coll, paths in by_coll.items():
        idx = Index.open(coll)
        st = KeywordStats(idx)
        row_of = {c.id: i for i, c in enumerate(idx.chunks)}
        art: dict[str, int] = {}
        for i, c in enumerate(idx.chunks):
            if c.clause is None:
                art.setdefault(article_key(c), i)
        retr, sample = None, None
        if a.background:
            from assistant.retrieval import HybridRetriever

            retr = HybridRetriever.open(coll)
            vecs = np.asarray(retr._vectors, dtype=np.float32)
            sample = vecs[np.random.default_rng(0).choice(len(vecs), min(len(vecs), 4000), replace=False)]
        rows_of: dict[Path, list[dict[str, Any]]] = {}
        for path, half in paths:
            rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
            if half:
                rows = [r for r in rows if int(str(r["id"]).rsplit("_", 1)[1]) % 2 == 1]
            for r in rows:
                r["_file"], r["_coll"] = path.stem, coll
                f = r["features"]
                f.setdefault("question_len", float(np.log(max(1, len(str(r["text"]).split())))))
                if not r["hits"]:
                    continue
                f.setdefault("doc_share", r["hits"][0]["rr_features"].get("doc_share", 0.0))
                f.setdefault("title_in_query", r["hits"][0]["rr_features"].get("title_in_query", 0.0))
                f.setdefault("rerank", r["hits"][0]["scores"].get("rerank", 0.0))
                chunks = [idx.chunks[row_of[h["chunk_id"]]] for h in r["hits"] if h["chunk_id"] in row_of]
                hit_rows = [sorted({row_of[c.id], art.get(article_key(c), row_of[c.id])}) for c in chunks]
                heads = [" ".join(c.heading_path) + " " + (c.article_title or "") for c in chunks]
                f.update(subject_features(str(r["text"]), hit_rows, heads, st))
                d = [h["scores"]["dense"] for h in r["hits"] if "dense" in h["scores"]]
                if len(d) >= 2:
                    f["dense_gap"] = max(d[:3]) - float(np.mean(d[1:5]))
                if retr is not None and "dense" in f:
                    from assistant.retrieval import prepare_query

                    qv = retr.embedder.embed_queries([prepare_query(retr.restore_marks(str(r["text"])))])[0]
                    s = sample @ np.asarray(qv, dtype=np.float32)
                    f["dense_bgz"] = (f["dense"] - float(s.mean())) / float(s.std())
                    f["dense_bgdiff"] = f["dense"] - float(s.mean())
                    f["dense_p99"] = f["dense"] - float(np.percentile(s, 99))
            rows_of[path] = rows
        ins = [r for rows in rows_of.values() for r in rows if r["in_scope"] and decided(r)]
        for k in ("dense", "rerank", "coverage"):
            v = np.array([r["features"][k] for r in ins])
            for rows in rows_of.values():
                for r in rows:
                    if k in r["features"]:
                        r["features"][f"{k}_cz"] = (r["features"][k] - v.mean()) / v.std()
        for path, rows in rows_of.items():
            (a.out_dir / path.name).write_text(
                "".join(json.dumps({k: v for k, v in r.items() if not k.startswith("_")}, ensure_ascii=False) + "\n"
                        for r in rows), encoding="utf-8")
            R.extend(r for r in rows if decided(r))

    colls = sorted({r["_coll"] for r in R})
    y = np.array([bool(r["in_scope"]) for r in R])
    coll = np.array([r["_coll"] for r in R])
    every = np.array([r["_file"] == a.everyday for r in R])
    names = [*BASE, "coverage_uni", "bm25_norm", *CANDIDATES] + (
        ["dense_bgz", "dense_bgdiff", "dense_p99"] if a.background else [])
    print("## Each feature alone: ROC AUC, in-scope vs out-of-scope (questions the refusal model decides)\n")
    print("| feature | " + " | ".join(f"{c} ({int((y & (coll == c)).sum())} in / {int((~y & (coll == c)).sum())} "
                                       "out)" for c in colls) + f" | {a.everyday} vs out-of-scope |")
    print("|---|" + "---|" * (len(colls) + 1))
    for f in names:
        v = np.array([r["features"].get(f, np.nan) for r in R])
        cells = [f"{auc(v[y & (coll == c)], v[~y & (coll == c)]):.3f}" for c in colls]
        pdc = coll == "phapdien"
        cells.append(f"{auc(v[every], v[~y & pdc]):.3f}" if every.any() else "–")
        print(f"| {f} | " + " | ".join(cells) + " |")

    pdc = coll == "phapdien"
    sets = [("current 5", BASE)] + [(f"+ {c}", BASE + (c,)) for c in CANDIDATES] + [
        ("+ subj_cov1, subj_miss1, oov_words, head_cov1", BASE + ("subj_cov1", "subj_miss1", "oov_words", "head_cov1")),
        ("coverage → subj_cov1", ("dense", "subj_cov1", "rerank", "doc_share", "title_in_query")),
        ("dense → dense_cz", ("dense_cz", "coverage", "rerank", "doc_share", "title_in_query")),
        ("all → _cz", ("dense_cz", "coverage_cz", "rerank_cz", "doc_share", "title_in_query")),
    ] + ([("+ dense_bgz", BASE + ("dense_bgz",))] if a.background else [])
    neg_n = int((~y & pdc).sum())
    for title, rows_mask in (("pooled model (all collections)", np.ones(len(R), bool)),
                             ("Pháp điển-only model", pdc)):
        print(f"\n## 5-fold CV, {title}: ROC AUC of P(in scope); Pháp điển false refusals (of "
              f"{int((y & pdc).sum())}) when at most N of its {neg_n} out-of-scope questions are answered\n")
        print("| features | Pháp điển AUC | everyday vs OOS AUC | ALQAC AUC | FR @ FA 8 | FR @ FA 12 | FR @ FA 17 |")
        print("|---|---|---|---|---|---|---|")
        for name, feats in sets:
            p = cv_probabilities(R, feats, rows_mask)
            al = coll == "alqac"
            neg = np.sort(p[~y & pdc])[::-1]
            fr = [int((p[y & pdc] <= neg[n]).sum()) for n in (8, 12, 17)]
            alc = f"{auc(p[y & al], p[~y & al]):.3f}" if rows_mask[al].any() else "–"
            print(f"| {name} | {auc(p[y & pdc], p[~y & pdc]):.3f} | {auc(p[every], p[~y & pdc]):.3f} | {alc} | "
                  + " | ".join(map(str, fr)) + " |")


if __name__ == "__main__":
    main()
