"""Exam-style definition statements on ALQAC dev (helper h-define2): "Theo Luật X, Y là …, đúng hay sai?" and the
multiple-choice / essay stems "Y là …". Lists each dev question whose stem states "<term> là …" for a term the ALQAC
collection defines (``definitions.term_rows``: the term as stated, then its other forms), where the served order
(a retrieval run's ``per_query.jsonl``) ranks the gold, and where it ranks the article defining the term; then what the
definers-first move (``definitions.definers_first``'s effect: the defining article first) would do for MRR@10, for all
of them and gated by the share of the statement's predicate words found on the defining line. Dev split only.

    ASSISTANT_INDEXES_DIR=/work/main/indexes PYTHONPATH=. python eval/define_exam_study.py /tmp/…/rdev-…/per_query.jsonl
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from assistant.answering.question import analyze_question
from assistant.config import get_settings
from assistant.definitions import _line_head, defined_terms, fold_term, term_matches, term_rows
from assistant.index import Index

ROOT = Path(__file__).resolve().parent
STMT = re.compile(r"^(?:theo [^,]{3,80},\s*)?[\"“«']?(?P<t>[^,?\"”]{2,80}?)[\"”»']?\s+(?:là|được hiểu là)\s+"
                  r"(?!(?:gì|ai|đâu|sao|bao|mấy|đúng|sai|đã|sẽ|phải|không|có|được|những gì)\b)(?P<p>.+)$")


def _words(s: str) -> set[str]:
    return set(re.findall(r"\w+", s.lower()))


def main(per_query: str) -> None:
    dev = set(json.loads((ROOT / "data" / "alqac_split.json").read_text(encoding="utf-8"))["dev"])
    qs = [q for q in json.loads(Path("/work/shared/data/alqac2025/train.json").read_text(encoding="utf-8"))
          if q["question_id"] in dev]
    ch = Index.open("alqac", get_settings()).chunks
    d = defined_terms(ch)
    pq = {x["question_id"]: x for x in map(json.loads, open(per_query, encoding="utf-8"))}
    rows_out = []
    for q in qs:
        stem = (analyze_question(q["text"]).stem or q["text"]).lower()
        m = STMT.match(stem)
        if not m:
            continue
        t = fold_term(m.group("t"))
        rows = term_rows(t, d)
        if not rows:
            continue
        gold = {(g["law_id"], g["article_id"]) for g in q["relevant_articles"]}
        pred = _words(re.sub(r",?\s*(?:đúng hay sai|đúng hay không).*$", "", m.group("p")))
        best, share = None, -1.0
        for r in rows:
            for line in ch[r].text.split("\n"):
                h = _line_head(line)
                if h and (h[0] == t or term_matches(t, h[0], h[1])):
                    rest = _words(line.split(" là ", 1)[-1])
                    s = len(pred & rest) / max(1, len(pred))
                    if s > share:
                        best, share = (ch[r].law_id, ch[r].article_id), s
        x = pq.get(q["question_id"], {})
        for mode in ("ours/choices", "ours/text"):
            top = [tuple(a) for a in (x.get(mode) or {}).get("top", [])][:10]
            if not top:
                continue
            first = next((i + 1 for i, a in enumerate(top) if a in gold), None)
            new = [best] + [a for a in top if a != best] if best else top
            nfirst = next((i + 1 for i, a in enumerate(new[:10]) if a in gold), None)
            rows_out.append((q["question_id"], mode, t, share, best in gold, first, nfirst))
    for r in rows_out:
        print(*r, sep="\t")
    for gate in (0.0, 0.5, 0.7):
        for mode in ("ours/choices", "ours/text"):
            sel = [r for r in rows_out if r[1] == mode]
            a = sum(1 / r[5] if r[5] else 0 for r in sel)
            b = sum((1 / r[6] if r[6] else 0) if r[3] >= gate else (1 / r[5] if r[5] else 0) for r in sel)
            print(f"gate {gate} {mode}: n={len(sel)} sum RR {a:.2f} → {b:.2f}; over the {len(pq)} dev questions "
                  f"MRR@10 {(b - a) / len(pq):+.4f}")


if __name__ == "__main__":
    main(sys.argv[1])
