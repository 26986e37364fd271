"""Per-form figures of the forms26 set (``eval/data/phapdien_forms26_{dev,test}.json``, field ``form``).

Reads the per-question outputs of ``assistant.cli eval retrieval`` (``per_query.jsonl``: first gold rank of every
system) and ``assistant.cli eval answers`` (``answers.jsonl``: cited articles, refusal) and prints, overall and per
form, MRR@10 / R@1 / R@10 of our retriever and of each baseline in the run, and citation precision (mean over answered
questions), citation recall (mean over all questions, refusals count 0) and false refusals – the same definitions as
``assistant/evaluation``. With ``--misses`` it also lists, for the given file, the questions whose gold article is not
ranked first, with the title of our top-1 article and of the gold (titles read from the đề mục files).

    python eval/forms26_breakdown.py --questions eval/data/phapdien_forms26_dev.json \\
        --retrieval eval/reports/forms26-retrieval-dev --answers eval/reports/forms26-answers-dev [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_phapdien_articles import articles  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def retrieval_rows(per_query: Path, forms: dict[str, str]) -> tuple[list[str], dict[str, dict[str, list]]]:
    """system -> form -> list of first ranks (None = not in top 10)."""
    ranks: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    systems: list[str] = []
    for line in per_query.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        for key in q:
            if "/" in key and key.endswith("/choices"):
                system = key.split("/")[0]
                if system not in systems:
                    systems.append(system)
                r = q[key]["first_rank"]
                r = r if r is not None and r <= 10 else None
                ranks[system][forms[q["question_id"]]].append(r)
                ranks[system]["all"].append(r)
    return systems, ranks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--retrieval", type=Path, help="output dir of eval retrieval")
    ap.add_argument("--answers", type=Path, help="output dir of eval answers")
    ap.add_argument("--misses", action="store_true", help="list questions whose gold is not our top-1")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "phapdien")
    args = ap.parse_args()
    if not args.data.is_dir():
        args.data = Path("/work/shared/data/phapdien")
    qs = json.loads(args.questions.read_text(encoding="utf-8"))
    forms = {q["question_id"]: q["form"] for q in qs}
    order = ["all"] + sorted(set(forms.values()))

    if args.retrieval:
        systems, ranks = retrieval_rows(args.retrieval / "per_query.jsonl", forms)
        print(f"## Retrieval ({args.retrieval})\n")
        print("| form | n | " + " | ".join(f"{s} MRR@10 | {s} R@1 | {s} R@10" for s in systems) + " |")
        print("|---|---|" + "---|---|---|" * len(systems))
        for f in order:
            cells = []
            for s in systems:
                rs = ranks[s][f]
                cells += [_fmt(_mean([1 / r if r else 0.0 for r in rs])), _fmt(_mean([1.0 if r == 1 else 0.0 for r in rs])),
                          _fmt(_mean([1.0 if r else 0.0 for r in rs]))]
            print(f"| {f} | {len(ranks[systems[0]][f])} | " + " | ".join(cells) + " |")
        print()

    if args.answers:
        rows = [json.loads(x) for x in (args.answers / "answers.jsonl").read_text(encoding="utf-8").splitlines()]
        rows = [r for r in rows if r["in_scope"] and r["question_id"] in forms]
        by: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            by[forms[r["question_id"]]].append(r)
            by["all"].append(r)
        print(f"## Answers ({args.answers})\n")
        print("| form | n | citation precision | citation recall | false refusals |")
        print("|---|---|---|---|---|")
        for f in order:
            sub = by[f]
            answered = [r for r in sub if not (r["refused"] or r["error"])]
            refused = len(sub) - len(answered)
            print(f"| {f} | {len(sub)} | {_fmt(_mean([r['citation_precision'] for r in answered]))} | "
                  f"{_fmt(_mean([r['citation_recall'] or 0.0 for r in sub]))} | {refused}/{len(sub)} |")
        print()

    if args.misses and args.retrieval:
        cache: dict[str, dict] = {}

        def title(law_id: str, code: str) -> str:
            arts = cache.setdefault(law_id, articles(args.data / law_id))
            return f"{law_id.split('/')[-1]} {code} «{arts.get(code, ('?', ''))[0]}»"

        answers = {}
        if args.answers:
            for x in (args.answers / "answers.jsonl").read_text(encoding="utf-8").splitlines():
                r = json.loads(x)
                answers[r["question_id"]] = r
        print("## Questions whose gold is not our top-1\n")
        for line in (args.retrieval / "per_query.jsonl").read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            ours = q["ours/choices"]
            if ours["first_rank"] == 1:
                continue
            gold = q["gold"][0]
            top = ours["top"][0] if ours["top"] else None
            a = answers.get(q["question_id"])
            ans = ("refused" if a["refused"] else "cited " + ", ".join(c[1] for c in a["cited"])) if a else "-"
            print(f"- {q['question_id']} [{forms[q['question_id']]}] rank {ours['first_rank']} – {q['text']}\n"
                  f"  - top-1: {title(*top) if top else '-'}\n  - gold: {title(*gold)}\n  - answer: {ans}")


if __name__ == "__main__":
    main()
