"""Why questions are refused: the refusal decision of each question (``answering.pipeline._prepare``, as the answer
takes it), its signal and the gold article's rank among the retrieved articles, then a count of causes.

``dump`` writes one JSON line per question to ``DIR/NAME.jsonl`` for each ``NAME:q:questions.json[:split]`` or
``NAME:oos:out_of_scope.jsonl`` given; ``report`` counts, over the dumps of one or two directories (before / after):
per file the in-scope questions refused (false refusals) and the out-of-scope ones answered (false answers), the
in-scope refusals of the files named ``pd-train*`` by signal × gold rank, and the questions whose decision changed.

    python eval/refusal_causes.py dump --collection phapdien --out /tmp/rc/after \
        forms26-dev:q:eval/data/phapdien_forms26_dev.json pd-train2:q:eval/data/phapdien_train2.json \
        pd-oos-train2:oos:eval/data/out_of_scope_phapdien_train2.jsonl
    python eval/refusal_causes.py report /tmp/rc/after --before /tmp/rc/before
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path


def signal(reason: str | None) -> str:
    """The refusal signal named by ``Prepared.refusal_reason``."""
    why = reason or ""
    for head, name in (("độ tin cậy", "model veto (P < refuse_below)"), ("độ phủ", "coverage < MIN_COVERAGE"),
                       ("độ tương đồng", "dense < MIN_DENSE"), ("không có kết quả", "no hits"),
                       ("cơ sở dữ liệu không có nghị định quy định xử phạt", "sanction gap")):
        if why.startswith(head):
            return name
    return "other: " + why[:60]


def dump(collection: str, out: Path, jobs: list[str]) -> None:
    from assistant import answering
    from assistant.answering import pipeline
    from assistant.answering.confidence import load_refusal_model
    from assistant.evaluation.datasets import load_out_of_scope, load_questions, select_split

    r = pipeline._open_retriever(collection)
    model = load_refusal_model()
    out.mkdir(parents=True, exist_ok=True)
    for job in jobs:
        name, kind, path, *split = job.split(":")
        t = time.time()
        qs = (load_out_of_scope(Path(path)) if kind == "oos"
              else select_split(load_questions(Path(path)), split[0] if split else None))
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for q in qs:
                text = q.query("choices")
                p = pipeline._prepare(text, retriever=r, history=None, as_of=None, chat_model=None,
                                      k=answering.RETRIEVE_K, choices=None)
                arts: list[list[str]] = []
                for h in p.hits:
                    a = [h.chunk.law_id, h.chunk.article_id]
                    if a not in arts:
                        arts.append(a)
                gold = [list(g) for g in q.relevant]
                rank = next((i + 1 for i, a in enumerate(arts) if a in gold), None)
                f.write(json.dumps({
                    "id": q.question_id, "text": text, "in_scope": not q.out_of_scope, "gold": gold,
                    "refused": p.refused, "reason": p.refusal_reason, "features": p.features,
                    "P": model.probability(p.features) if model else None, "two_part": bool(p.parts),
                    "gold_rank": rank, "top": arts[:5]}, ensure_ascii=False) + "\n")
        print(name, len(qs), f"{time.time() - t:.0f} s", file=sys.stderr, flush=True)


def _load(d: Path) -> dict[str, list[dict]]:
    return {f.stem: [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
            for f in sorted(d.glob("*.jsonl"))}


def report(after: Path, before: Path | None) -> None:
    a = _load(after)
    b = _load(before) if before else {}
    print("file | n | false refusals (in scope) / false answers (out of scope)" + (" before → after" if b else ""))
    for name, rows in a.items():
        wrong = sum(r["refused"] if r["in_scope"] else not r["refused"] for r in rows)
        was = sum(r["refused"] if r["in_scope"] else not r["refused"] for r in b.get(name, []))
        kind = "FR" if rows and rows[0]["in_scope"] else "FA"
        print(f"{name} | {len(rows)} | {kind} " + (f"{was} → " if name in b else "") + str(wrong))
    causes: collections.Counter = collections.Counter()
    for name, rows in a.items():
        if name.startswith("pd-train"):
            for r in rows:
                if r["in_scope"] and r["refused"]:
                    k = r["gold_rank"]
                    causes[(signal(r["reason"]), "gold 1st" if k == 1 else "gold 2nd–5th" if k and k <= 5
                            else "gold not in top 5")] += 1
    print("\nin-scope refusals of pd-train* by signal × gold rank:")
    for (sig, rank), n in sorted(causes.items(), key=lambda x: -x[1]):
        print(f"{n:4d}  {sig} | {rank}")
    if b:
        print("\nchanged decisions:")
        for name, rows in a.items():
            old = {r["id"]: r for r in b.get(name, [])}
            for r in rows:
                o = old.get(r["id"])
                if o is not None and o["refused"] != r["refused"]:
                    print(f"{name} {r['id']} {'in scope' if r['in_scope'] else 'OUT OF SCOPE'} "
                          f"{'refused' if r['refused'] else 'answered'} (gold rank {r['gold_rank']}): {r['text'][:90]}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--collection", required=True)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("jobs", nargs="+")
    r = sub.add_parser("report")
    r.add_argument("dir", type=Path)
    r.add_argument("--before", type=Path)
    a = ap.parse_args(argv)
    if a.cmd == "dump":
        dump(a.collection, a.out, a.jobs)
    else:
        report(a.dir, a.before)


if __name__ == "__main__":
    main()
