"""Compare refusal suggestions of two runs of ``eval/refusal_suggestions_dump.py`` (before / after a change).

For each pair of dumps (same questions): whether the refused flags are identical, on falsely refused in-scope
questions how often a gold article is among the suggestions, and on refused out-of-scope questions how many carry
suggestions (all, and off_topic / nonsense only). The "before" dump of a version without
``answering.suggestion_hits`` is matched back to articles through the citations its suggestions contain.
``python eval/refusal_suggestions_report.py NAME=BEFORE.jsonl:AFTER.jsonl …`` prints a Markdown table.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _load(path: str) -> dict[str, dict]:
    return {r["question_id"]: r for r in map(json.loads, Path(path).read_text(encoding="utf-8").splitlines())}


def _suggested(r: dict) -> list[list[str]]:
    if r.get("suggested") is not None:
        return r["suggested"]
    out: list[list[str]] = []
    for s in r.get("suggestions") or []:
        for h in r["hits"]:
            if h["citation"] in s:
                key = [h["law_id"], h["article_id"]]
                if key not in out:
                    out.append(key)
                break
    return out


def row(before: dict[str, dict], after: dict[str, dict]) -> dict[str, object]:
    same = before.keys() == after.keys() and all(before[q]["refused"] == after[q]["refused"] for q in before)
    fr = [q for q in before if before[q]["in_scope"] and before[q]["refused"]]
    oos = [q for q in before if not before[q]["in_scope"] and before[q]["refused"]]
    off = [q for q in oos if before[q]["category"] in ("off_topic", "nonsense")]

    def gold(d: dict[str, dict]) -> int:
        return sum(any(g in _suggested(d[q]) for g in d[q]["gold"]) for q in fr)

    def with_sugg(d: dict[str, dict], qs: list[str]) -> int:
        return sum(bool(d[q]["suggestions"]) for q in qs)

    return {"same": same, "fr": len(fr), "gold": (gold(before), gold(after)),
            "fr_with": (with_sugg(before, fr), with_sugg(after, fr)), "oos": len(oos),
            "oos_with": (with_sugg(before, oos), with_sugg(after, oos)), "off": len(off),
            "off_with": (with_sugg(before, off), with_sugg(after, off))}


def main(argv: list[str]) -> None:
    print("| set | refused flags identical | false refusals | gold among suggestions | false refusals with "
          "suggestions | out-of-scope refused | … with suggestions | off_topic/nonsense refused | … with suggestions |")
    print("|---|---|---|---|---|---|---|---|---|")
    for arg in argv:
        name, pair = arg.split("=", 1)
        b, a = pair.split(":", 1)
        r = row(_load(b), _load(a))
        arrow = lambda x: f"{x[0]} → {x[1]}"  # noqa: E731
        print(f"| {name} | {r['same']} | {r['fr']} | {arrow(r['gold'])} | {arrow(r['fr_with'])} | {r['oos']} | "
              f"{arrow(r['oos_with'])} | {r['off']} | {arrow(r['off_with'])} |")


if __name__ == "__main__":
    main(sys.argv[1:])
