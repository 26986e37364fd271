"""Dump, for every question of a set, the refusal decision and the retrieved provisions it would suggest.

Used to measure and tune the suggestions shown with a refusal (``answering.refusal._suggestions``) without re-running
retrieval: one JSON line per question with ``refused``, the technical reason, the confidence features and the top
hits (law_id, article_id, titles, scores). ``python eval/refusal_suggestions_dump.py --collection phapdien
--questions eval/data/phapdien_dev.json [--split dev] [--out-of-scope F.jsonl] --out dump.jsonl``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant import answering
from assistant.evaluation.datasets import load_out_of_scope, load_questions, select_split


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--collection", required=True)
    ap.add_argument("--questions", type=Path)
    ap.add_argument("--split", default=None)
    ap.add_argument("--out-of-scope", type=Path, action="append", default=[])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--top", type=int, default=10)
    a = ap.parse_args(argv)
    qs = select_split(load_questions(a.questions), a.split) if a.questions else []
    for f in a.out_of_scope:
        qs += load_out_of_scope(f)
    retriever = answering.pipeline._open_retriever(a.collection)
    pick = getattr(answering, "suggestion_hits", None)
    with a.out.open("w", encoding="utf-8") as out:
        for i, q in enumerate(qs, 1):
            text = q.query("choices")
            p = answering.pipeline._prepare(text, retriever=retriever, history=None, as_of=None, chat_model=None,
                                   k=answering.RETRIEVE_K, choices=None)
            ans = answering.extractive._extractive(p) if p.refused else None
            row = {
                "question_id": q.question_id, "question": text, "in_scope": not q.out_of_scope,
                "category": q.category, "gold": [list(g) for g in q.relevant], "refused": p.refused,
                "reason": p.refusal_reason, "features": p.features, "standalone": p.standalone,
                "answer_text": ans.text if ans else None, "suggestions": ans.suggestions if ans else None,
                "answer_reason": ans.refusal_reason if ans else None,
                # the articles suggested (law_id, article_id), when this version of answering names them
                "suggested": [[h.chunk.law_id, h.chunk.article_id] for h in pick(
                    p.info.stem or p.standalone, p.hits, p.features)] if ans and pick else None,
                "hits": [{"law_id": h.chunk.law_id, "article_id": h.chunk.article_id, "score": h.score,
                          "scores": h.scores, "article_title": h.chunk.article_title, "doc_title": h.chunk.doc_title,
                          "citation": h.chunk.citation, "heading_path": h.chunk.heading_path,
                          "doc_type": h.chunk.doc_type, "doc_number": h.chunk.doc_number}
                         for h in p.hits[:a.top]],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            if i % 25 == 0:
                print(f"{i}/{len(qs)}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
