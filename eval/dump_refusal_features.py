"""Dump, once per question set, what the refusal decision can use — so thresholds/models are searched offline.

For every question (an ALQAC-format question file, optionally one split, and/or an out-of-scope JSONL file) over a
collection, writes one JSON line to ``--out``: the current decision (``answering.pipeline._prepare``: refused, reason, whether
a scope rule fired), ``answering.confidence_features``, the reranker's features of the first hits (the same numbers
``HybridRetriever.search`` computes, by name), their rerank scores, and the articles the extractive answer would cite
if it were not refused (scope and confidence checks switched off) together with the gold articles. ``eval/
train_refusal.py`` reads these files; no threshold is fitted here.

    python eval/dump_refusal_features.py --collection alqac --questions ../shared/data/alqac2025/train.json \
        --split dev --out /tmp/h-refuse/alqac-dev.jsonl
    python eval/dump_refusal_features.py --collection phapdien --out-of-scope eval/data/out_of_scope_phapdien.jsonl \
        --out /tmp/h-refuse/pd-oos.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant import answering
from assistant.answering import pipeline  # where _prepare reads confident / scope_check (patched below)
from assistant.evaluation.answer_eval import cited_articles
from assistant.evaluation.datasets import load_out_of_scope, load_questions, select_split
from assistant.rerank import FEATURES, exam_style


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--collection", required=True)
    ap.add_argument("--questions", type=Path)
    ap.add_argument("--split")
    ap.add_argument("--out-of-scope", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    qs = select_split(load_questions(a.questions), a.split) if a.questions else []
    qs += load_out_of_scope(a.out_of_scope) if a.out_of_scope else []
    r = answering.pipeline._open_retriever(a.collection)
    row_of = {c.id: i for i, c in enumerate(r.chunks)}
    conf, scope = pipeline.confident, pipeline.scope_check
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for n, q in enumerate(qs, 1):
            text = q.query("choices")
            p = answering.pipeline._prepare(text, retriever=r, history=None, as_of=None, chat_model=None,
                                   k=answering.RETRIEVE_K, choices=None)
            docs = answering.scope._known_docs(r, p.hits) if p.hits else []
            scope_reason = answering.scope_check(p.standalone, docs) if p.hits else None
            query = p.info.stem + " " + " ".join(p.info.choices.values()) if p.info.kind == "choice" else p.standalone
            hits = []
            ranked = r.ranked(query, r._rerank_depth(), as_of=r.as_of) if p.hits else None
            feats_by_row: dict[int, list[float]] = {}
            if ranked is not None and ranked["dense"] is not None:
                head = ranked["rows"][: r._rerank_depth()]
                X = r.rerank_features(ranked, head)
                feats_by_row = {int(i): [float(v) for v in X[j]] for j, i in enumerate(head)}
            for h in p.hits[:5]:
                row = row_of.get(h.chunk.id)
                hits.append({
                    "chunk_id": h.chunk.id, "article": [h.chunk.law_id, h.chunk.article_id],
                    "scores": h.scores, "rr_features": dict(zip(FEATURES, feats_by_row.get(row, []))),
                })
            try:  # what would be cited if nothing refused it
                pipeline.confident = lambda feats, exam=True, collection=None: (True, "")
                pipeline.scope_check = lambda question, docs: None
                forced = answering.answer(text, collection=a.collection)
            finally:
                pipeline.confident, pipeline.scope_check = conf, scope
            rec = {
                "id": q.question_id, "type": q.question_type, "category": q.category, "text": text,
                "in_scope": not q.out_of_scope, "gold": [list(g) for g in q.relevant],
                "exam_style": exam_style(query), "refused": p.refused, "reason": p.refusal_reason,
                "scope_reason": scope_reason, "names_held": bool(p.hits) and answering.names_held_document(p.standalone, docs),
                "features": p.features, "hits": hits,
                "forced_cited": [list(c) for c in cited_articles(forced)], "forced_refused": forced.refused,
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if n % 50 == 0:
                print(f"[dump] {n}/{len(qs)}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
