"""Score two-part questions (issue #7): for each part of a question, is its answer span in the answer text, and
is its article cited?

Reads a question file with ``parts`` (``eval/data/twopart_*.json``) and the ``answers.jsonl`` written by
``python -m assistant.cli eval answers`` for the same file; writes ``twopart.json`` and ``twopart.md`` to ``--out``.

    python eval/twopart.py --questions eval/data/twopart_phapdien.json --collection phapdien --out /tmp/tp_main
    python eval/twopart.py --questions Q.json --answers DIR/answers.jsonl --out DIR   # an existing run

Matching: NFC, lower case, whitespace collapsed; the span must appear verbatim in the answer text (so an answer
quoting a longer passage can cover a part by accident: the report also gives the answer length).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import unicodedata
from pathlib import Path
from typing import Any


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip().lower()


def score(questions: list[dict[str, Any]], answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for q in questions:
        a = answers.get(q["question_id"])
        if a is None:
            raise SystemExit(f"no answer for {q['question_id']}")
        text = norm(a.get("answer") or "")
        cited = {(norm(law), norm(art)) for law, art in a.get("cited") or []}
        parts = []
        for p in q["parts"]:
            parts.append({
                "ask": p["ask"], "article_id": p["article_id"],
                "span": not a["refused"] and norm(p["answer"]) in text,
                "cited": not a["refused"] and (norm(p["law_id"]), norm(p["article_id"])) in cited,
            })
        rows.append({
            "question_id": q["question_id"], "question": q["text"], "refused": a["refused"],
            "answer_chars": len(a.get("answer") or ""), "n_citations": len(cited), "parts": parts,
            "all_spans": all(p["span"] for p in parts), "all_cited": all(p["cited"] for p in parts),
            "latency_ms": a.get("latency_ms"),
        })
    n_parts = sum(len(r["parts"]) for r in rows)
    lat = sorted(r["latency_ms"] for r in rows if r["latency_ms"] is not None)
    metrics = {
        "questions": len(rows), "parts": n_parts,
        "part_span_rate": sum(p["span"] for r in rows for p in r["parts"]) / n_parts,
        "part_cited_rate": sum(p["cited"] for r in rows for p in r["parts"]) / n_parts,
        "second_part_span_rate": sum(r["parts"][1]["span"] for r in rows) / len(rows),
        "second_part_cited_rate": sum(r["parts"][1]["cited"] for r in rows) / len(rows),
        "all_spans_rate": sum(r["all_spans"] for r in rows) / len(rows),
        "all_cited_rate": sum(r["all_cited"] for r in rows) / len(rows),
        "refused": sum(r["refused"] for r in rows),
        "answer_chars_median": statistics.median(r["answer_chars"] for r in rows),
        "citations_mean": statistics.mean(r["n_citations"] for r in rows),
        "latency_p95_ms": lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))] if lat else None,
    }
    return {"metrics": metrics, "rows": rows}


def markdown(result: dict[str, Any], title: str) -> str:
    m = result["metrics"]
    out = [f"# Câu hỏi hai ý – {title}", "",
           f"{m['questions']} câu, {m['parts']} ý; từ chối {m['refused']}; độ dài trả lời (trung vị) "
           f"{m['answer_chars_median']:.0f} ký tự; trung bình {m['citations_mean']:.2f} trích dẫn; "
           f"p95 {m['latency_p95_ms'] or 0:.0f} ms.", "",
           "| chỉ số | giá trị |", "|---|---|"]
    for k in ("part_span_rate", "part_cited_rate", "second_part_span_rate", "second_part_cited_rate",
              "all_spans_rate", "all_cited_rate"):
        out.append(f"| {k} | {m[k]:.1%} |")
    out += ["", "| câu | ý (đoạn/trích dẫn) | từ chối |", "|---|---|---|"]
    for r in result["rows"]:
        ps = "; ".join(f"{p['ask']}: {'✓' if p['span'] else '✗'}/{'✓' if p['cited'] else '✗'}" for p in r["parts"])
        out.append(f"| {r['question_id']} | {ps} | {'có' if r['refused'] else ''} |")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--answers", type=Path, help="answers.jsonl of `eval answers` on --questions")
    ap.add_argument("--collection", help="without --answers: run the answers eval on this collection first "
                                         "(no out-of-scope set), writing answers.jsonl to --out")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.answers is None:
        if not args.collection:
            ap.error("--answers or --collection")
        from assistant.evaluation.answer_eval import run_answer_eval

        run_answer_eval(args.questions, None, args.collection, args.out, out_of_scope=None, progress=False)
        args.answers = args.out / "answers.jsonl"
    qs = json.loads(args.questions.read_text(encoding="utf-8"))
    answers = {}
    for line in args.answers.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            answers[row["question_id"]] = row
    result = score(qs, answers)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "twopart.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (args.out / "twopart.md").write_text(markdown(result, args.questions.name), encoding="utf-8")
    print(json.dumps(result["metrics"], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
