"""Candidate generation study (helper h-cand17, issue 5): why do some Pháp điển training golds never reach the
feature reranker (not among the fused top ``depth`` articles), and does a change of candidate generation bring them in?

    PYTHONPATH=. python eval/cand17_study.py ranks [OUT.jsonl]   # per question: gold's BM25 / dense / fused article
                                                                 # rank, best-khoản BM25 rank, served first rank
    PYTHONPATH=. python eval/cand17_study.py show OUT.jsonl      # the questions whose gold is beyond fused rank 30
    PYTHONPATH=. python eval/cand17_study.py variants 0,0 30,30  # side candidates (needs assistant/retrieval.py of
                                                                 # commit 8920e85: SIDE_KEYWORD / SIDE_DENSE, reverted)
    PYTHONPATH=. python eval/cand17_study.py truncation OUT.jsonl  # best line's cosine vs the article vector's
    PYTHONPATH=. python eval/cand17_study.py titles OUT.jsonl    # gold's rank by title match alone

Pooled training questions only (phapdien_train … phapdien_train8). Never phapdien_dev.json, never ALQAC test.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
PD_FILES = [ROOT / "eval" / "data" / f"phapdien_train{s}.json" for s in ("", "2", "3", "4", "5", "6", "7", "8")]


def _art_rank(scores: np.ndarray, art_of: np.ndarray, n_art: int, gold: set[int]) -> tuple[int | None, float]:
    """Rank (1-based) of the best gold article when articles are ranked by their best chunk's score."""
    best = np.full(n_art, -np.inf)
    np.maximum.at(best, art_of, scores)
    g = max((best[a] for a in gold), default=-np.inf)
    if not np.isfinite(g):
        return None, g
    return int((best > g).sum()) + 1, float(g)


def ranks(out_path: str = "/tmp/cand17/ranks.jsonl") -> None:
    from assistant.records import article_key
    from assistant.retrieval import HybridRetriever, prepare_query
    from assistant.index import keyword_tokens

    r = HybridRetriever.open("phapdien")
    chunks = r.index.chunks
    keys = [article_key(c) for c in chunks]
    uniq = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    art_of = np.array([uniq[k] for k in keys], np.int64)
    by_gold: dict[tuple[str, str], set[int]] = {}
    for i, c in enumerate(chunks):
        by_gold.setdefault((c.law_id, c.article_id), set()).add(int(art_of[i]))
    is_clause = np.array([c.clause is not None for c in chunks])
    out = []
    for f in PD_FILES:
        for q in json.load(open(f)):
            text = q["text"]
            gold = set()
            for g in q["relevant_articles"]:
                gold |= by_gold.get((g["law_id"], g["article_id"]), set())
            qq = prepare_query(r.restore_marks(text))
            toks = keyword_tokens(qq)
            kw = r.index.keyword_scores(toks)
            qv = r.embedder.embed_queries([qq])[0]
            dense = r._vectors @ qv
            bm_rank, _ = _art_rank(kw, art_of, len(uniq), gold)
            de_rank, _ = _art_rank(dense, art_of, len(uniq), gold)
            # BM25 over khoản chunks only / over article-level chunks only
            kk = np.where(is_clause, kw, -np.inf)
            bmk_rank, _ = _art_rank(kk, art_of, len(uniq), gold)
            ka = np.where(~is_clause, kw, -np.inf)
            bma_rank, _ = _art_rank(ka, art_of, len(uniq), gold)
            ranked = r.ranked(text, 300)
            fused_rank = next((j + 1 for j, i in enumerate(ranked["rows"]) if art_of[i] in gold), None)
            hits = r.search(text, 10)
            first = next((h.rank for h in hits if (h.chunk.law_id, h.chunk.article_id) in
                          {(g["law_id"], g["article_id"]) for g in q["relevant_articles"]}), None)
            ga = next(iter(gold)) if gold else None
            art_row = next((i for i in range(len(chunks)) if art_of[i] == ga and not is_clause[i]), None) \
                if ga is not None else None
            out.append({"id": q["question_id"], "file": f.stem, "question": text, "gold_n": len(gold),
                        "bm25_rank": bm_rank, "dense_rank": de_rank, "bm25_khoan_rank": bmk_rank,
                        "bm25_article_rank": bma_rank, "fused_rank": fused_rank, "first": first,
                        "gold_title": chunks[art_row].article_title if art_row is not None else None,
                        "gold_len": len(chunks[art_row].text) if art_row is not None else None,
                        "gold_n_chunks": int((art_of == ga).sum()) if ga is not None else 0,
                        "top1_title": hits[0].chunk.article_title if hits else None})
            print(json.dumps(out[-1], ensure_ascii=False)[:300], flush=True)
    with open(out_path, "w") as fh:
        for o in out:
            fh.write(json.dumps(o, ensure_ascii=False) + "\n")


def show(path: str) -> None:
    rows = [json.loads(x) for x in open(path)]
    miss = [o for o in rows if o["fused_rank"] is None or o["fused_rank"] > 30]
    print(len(rows), "questions;", len(miss), "gold beyond fused rank 30")
    for o in miss:
        print(f"{o['id']:14s} fused {o['fused_rank']} bm25 {o['bm25_rank']} (khoản {o['bm25_khoan_rank']}, "
              f"art {o['bm25_article_rank']}) dense {o['dense_rank']} len {o['gold_len']} ch {o['gold_n_chunks']}"
              f"\n   Q: {o['question']}\n   G: {o['gold_title']}\n   1: {o['top1_title']}")


def variants(*specs: str) -> None:
    """``specs``: "KW,DENSE" pairs for ``retrieval.SIDE_KEYWORD`` / ``SIDE_DENSE``; per spec the pooled MRR@10, R@1,
    R@10 (first gold rank, as the CLI counts it), golds among the reranker's candidates, and the per-question changes."""
    import time

    from assistant import retrieval as RT
    from assistant.retrieval import HybridRetriever

    r = HybridRetriever.open("phapdien")
    qs = []
    for f in PD_FILES:
        qs += json.load(open(f))
    base_first = None
    for spec in specs:
        RT.SIDE_KEYWORD, RT.SIDE_DENSE = (int(x) for x in spec.split(","))
        firsts, in_head, lat, sizes = [], 0, [], []
        for q in qs:
            gold = {(g["law_id"], g["article_id"]) for g in q["relevant_articles"]}
            t0 = time.perf_counter()
            hits = r.search(q["text"], 10)
            lat.append(time.perf_counter() - t0)
            firsts.append(next((h.rank for h in hits if (h.chunk.law_id, h.chunk.article_id) in gold), None))
            ranked = r.ranked(q["text"], 30)
            head = ranked["rows"][:30] + [i for i in ranked["extra"] if i not in ranked["rows"][:30]]
            sizes.append(len(head))
            in_head += any((r.index.chunks[i].law_id, r.index.chunks[i].article_id) in gold for i in head)
        rr = np.array([1 / f if f else 0.0 for f in firsts])
        print(f"side {spec}: MRR@10 {rr.mean():.4f} R@1 {np.mean([f == 1 for f in firsts]):.4f} "
              f"R@10 {np.mean([f is not None for f in firsts]):.4f} golds among candidates {in_head}/{len(qs)} "
              f"mean candidates {np.mean(sizes):.1f}; search p50 {np.percentile(lat, 50) * 1e3:.1f} ms "
              f"p95 {np.percentile(lat, 95) * 1e3:.1f} ms", flush=True)
        if base_first is None:
            base_first = firsts
        else:
            for q, a, b in zip(qs, base_first, firsts):
                if a != b:
                    print(f"   {q['question_id']}: {a} → {b}")



def truncation(path: str = "/tmp/cand17/ranks.jsonl") -> None:
    """For the golds beyond fused rank 30: would a vector of one of the gold's lines (heading path + one khoản /
    line, embedded here, not served) rank the gold higher on the dense side than its article vector (truncated)?"""
    from assistant.records import article_key
    from assistant.retrieval import HybridRetriever, prepare_query

    r = HybridRetriever.open("phapdien")
    chunks = r.index.chunks
    keys = [article_key(c) for c in chunks]
    uniq = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    art_of = np.array([uniq[k] for k in keys], np.int64)
    rows = {json.loads(x)["id"]: json.loads(x) for x in open(path)}
    qs = {q["question_id"]: q for f in PD_FILES for q in json.load(open(f))}
    for qid, o in rows.items():
        if o["fused_rank"] is not None and o["fused_rank"] <= 30:
            continue
        q = qs[qid]
        g = q["relevant_articles"][0]
        row = next(i for i, c in enumerate(chunks) if c.law_id == g["law_id"] and c.article_id == g["article_id"]
                   and c.clause is None)
        c = chunks[row]
        qv = r.embedder.embed_queries([prepare_query(r.restore_marks(q["text"]))])[0]
        dense = r._vectors @ qv
        best = np.full(len(uniq), -np.inf)
        np.maximum.at(best, art_of, dense)
        head = " › ".join(p for p in c.heading_path if p)
        lines = [ln for ln in c.text.split("\n") if len(ln.strip()) > 20]
        lv = r.embedder.embed_passages([f"{head}\n{ln}" for ln in lines]) if lines else np.zeros((0, len(qv)))
        cos = lv @ qv
        j = int(np.argmax(cos)) if len(cos) else None
        art_cos = float(dense[row])
        line_cos = float(cos[j]) if j is not None else float("nan")
        line_rank = int((best > line_cos).sum()) + 1 if j is not None else None
        print(f"{qid:14s} dense rank {o['dense_rank']:5d} article cos {art_cos:.3f} | best line cos {line_cos:.3f} "
              f"→ rank {line_rank} ({len(lines)} lines, {len(c.text)} chars) 30th article cos "
              f"{np.sort(best)[-30]:.3f}")



def titles(path: str = "/tmp/cand17/ranks.jsonl", *ns: str) -> None:
    """Would a title-match candidate source reach the golds beyond fused rank 30? Rank of each question's gold among
    all articles by ``title_in_query`` (idf share of the title's syllables found in the question, the reranker's
    feature), ties broken by ``query_in_title``."""
    from assistant.rerank import _SYL_RE, KeywordStats, _fold
    from assistant.retrieval import HybridRetriever, prepare_query

    r = HybridRetriever.open("phapdien")
    st = KeywordStats(r.index)
    chunks = r.index.chunks
    arts = [(i, c) for i, c in enumerate(chunks) if c.clause is None]
    tsyl = [set(_SYL_RE.findall(_fold(c.article_title or ""))) for _, c in arts]
    rows = {json.loads(x)["id"]: json.loads(x) for x in open(path)}
    qs = {q["question_id"]: q for f in PD_FILES for q in json.load(open(f))}
    hist = {1: 0, 5: 0, 10: 0, 30: 0}
    for qid, o in rows.items():
        if o["fused_rank"] is not None and o["fused_rank"] <= 30:
            continue
        q = qs[qid]
        g = {(x["law_id"], x["article_id"]) for x in q["relevant_articles"]}
        qsyl = {s: st.syllable_idf(s) for s in _SYL_RE.findall(_fold(prepare_query(q["text"])))}
        qw = sum(qsyl.values()) or 1.0
        sc = []
        for (i, c), ts in zip(arts, tsyl):
            tw = sum(st.syllable_idf(s) for s in ts) or 1.0
            cw = sum(qsyl[s] for s in ts if s in qsyl)
            sc.append((cw / tw, cw / qw))
        sc = np.array(sc)
        key = sc[:, 0] + 1e-3 * sc[:, 1]
        gi = [j for j, (i, c) in enumerate(arts) if (c.law_id, c.article_id) in g]
        gk = max(key[j] for j in gi)
        rank = int((key > gk).sum()) + 1
        for h in hist:
            hist[h] += rank <= h
        print(f"{qid:14s} title rank {rank:6d} title_in_query {sc[gi[0], 0]:.2f}  {o['gold_title']}")
    print("golds with title rank ≤ n:", hist)


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["ranks"]
    {"ranks": ranks, "show": show, "variants": variants, "truncation": truncation, "titles": titles}[cmd](*args)
