"""Why a gold article is not cited: per-question dump of the answer pipeline's candidates + a count by cause.

For every in-scope question of a question file (ALQAC format, optional ``--split``; never run on a test split to
make decisions), asks the question through ``answering.pipeline._prepare`` / ``answering.extractive._extractive`` with the collection's
real retriever and records the retrieved provisions (rank, fused score, rerank score, best passage's coverage and
score, gold or not) and the citations. Questions whose gold articles are not all cited are classed:

- ``refused``: refused although answerable (``refused_gold_top1`` / ``refused_gold_2to8`` / ``refused_gold_absent``);
- ``gold_not_retrieved``: no gold article among the ``RETRIEVE_K`` hits the answer layer sees;
- ``gold_rank_2to5`` / ``gold_rank_6to8``: retrieved, the answer cites only other articles;
- ``multi_gold_partial``: several gold articles, at least one cited, one missed;
- ``expired_or_other``: anything else.

Each is broken down by question type (Đúng/Sai, Trắc nghiệm, Tự luận). For the rank-2–5 class the script also says
which secondary-citation test the gold failed (fused share, coverage, relative coverage, rerank margin).

    python eval/answer_misses.py --questions /work/shared/data/alqac2025/train.json --split dev \\
        --collection alqac --out /tmp/misses-dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from assistant import answering as A
from assistant.evaluation.datasets import load_questions, select_split


def _key(ch) -> tuple[str, str]:  # noqa: ANN001
    return (ch.law_id, ch.article_id)


def analyse(q, retriever) -> dict:  # noqa: ANN001
    text = q.query("choices")
    p = A.pipeline._prepare(text, retriever=retriever, history=None, as_of=None, chat_model=None, k=A.RETRIEVE_K, choices=None)
    ans = A.extractive._extractive(p)
    gold = {tuple(g) for g in q.relevant}
    cited = []
    for c in ans.citations:
        k = (c.law_id, c.article_id)
        if k not in cited:
            cited.append(k)
    qterms = A.selection._question_terms(p)
    hits = []
    seen = set()
    for h, inf in p.ordered[: A.RETRIEVE_K]:
        k = _key(h.chunk)
        if k in seen:
            continue
        seen.add(k)
        ps = A.best_passage(h, qterms, p.info.cues)
        hits.append({
            "rank": h.rank, "key": list(k), "gold": k in gold, "in_force": inf, "score": float(h.score),
            "rerank": h.scores.get("rerank"), "coverage": round(ps.coverage, 3), "pscore": round(ps.score, 3),
            "quote": ps.quote[:300],
        })
    row = {
        "question_id": q.question_id, "type": q.question_type, "question": text, "gold": [list(g) for g in gold],
        "answer": q.answer, "refused": ans.refused, "reason": p.refusal_reason, "cited": [list(c) for c in cited],
        "kind": p.info.kind, "cues": p.info.cues, "hits": hits, "label": A.answer_label(ans),
    }
    missed = gold - set(cited)
    row["missed"] = [list(g) for g in missed]
    row["cause"] = cause(row, gold, set(cited), hits) if missed else None
    return row


def _secondary_fail(top: dict, g: dict) -> list[str]:
    why = []
    rel = g["score"] / max(top["score"], 1e-9)
    if rel < A.SECONDARY_REL_FUSED:
        why.append(f"fused {rel:.2f}<{A.SECONDARY_REL_FUSED}")
    if g["coverage"] < A.SECONDARY_MIN_COVERAGE:
        why.append(f"cov {g['coverage']:.2f}<{A.SECONDARY_MIN_COVERAGE}")
    if g["coverage"] < A.SECONDARY_REL_COVERAGE * top["coverage"]:
        why.append(f"relcov {g['coverage']:.2f}<{A.SECONDARY_REL_COVERAGE}×{top['coverage']:.2f}")
    if top.get("rerank") is not None and g.get("rerank") is not None and top["rerank"] - g["rerank"] > \
            A.SECONDARY_MAX_RERANK_MARGIN:
        why.append(f"margin {top['rerank'] - g['rerank']:.2f}")
    return why


def cause(row: dict, gold: set, cited: set, hits: list[dict]) -> str:
    pos = next((i for i, h in enumerate(hits) if h["gold"] and tuple(h["key"]) not in cited), None)
    if row["refused"]:
        if hits and hits[0]["gold"]:
            return "refused_gold_top1"
        return "refused_gold_2to8" if pos is not None else "refused_gold_absent"
    if len(gold) > 1 and gold & cited:
        return "multi_gold_partial"
    if pos is None:
        return "gold_not_retrieved"
    if pos == 0:
        return "expired_or_other"
    row["secondary_fail"] = _secondary_fail(hits[0], hits[pos])
    row["gold_pos"] = pos + 1
    return "gold_rank_2to5" if pos < 5 else "gold_rank_6to8"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--split", default=None)
    ap.add_argument("--collection", required=True)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    if a.split == "test":
        print("answer_misses: chỉ chạy trên tập dev/huấn luyện (không dùng tập test để quyết định).", file=sys.stderr)
        return 2
    qs = [q for q in select_split(load_questions(a.questions), a.split) if q.relevant]
    retriever = A.pipeline._open_retriever(a.collection)
    rows = [analyse(q, retriever) for q in qs]
    with open(a.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    n_gold = sum(len(r["gold"]) for r in rows)
    missed = [r for r in rows if r["missed"]]
    print(f"{len(rows)} questions, {n_gold} gold articles, {sum(len(r['missed']) for r in missed)} not cited "
          f"in {len(missed)} questions")
    by = Counter((r["cause"], r["type"]) for r in missed)
    for c in sorted({c for c, _ in by}):
        per = ", ".join(f"{t} {n}" for (cc, t), n in sorted(by.items()) if cc == c)
        print(f"  {c}: {sum(n for (cc, _), n in by.items() if cc == c)} ({per})")
    fails = Counter(w.split()[0] for r in missed for w in r.get("secondary_fail", []))
    if fails:
        print("  rank 2–5 gold, secondary tests failed:", dict(fails))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
