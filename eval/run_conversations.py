"""Run multi-turn conversations through the answer pipeline and print each turn's standalone question, whether it was
answered (first citations) or refused (reason, suggestions), and the answer's start — the history keeps each turn's
standalone question, as ``Conversations`` does (h-conv13, 30/11).

    python eval/run_conversations.py eval/data/conversations_sample.json sample [NAME …]
    python eval/run_conversations.py eval/data/conversations_phapdien.json phapdien
    python eval/run_conversations.py eval/data/conversations_conv14.json auto

A turn is a question, or an object with the question ``q`` and what to check (h-conv14): ``has`` / ``lacks``
(substrings the standalone question must / must not hold), ``cite`` (a substring of the first citation), ``refused``
(true / false) and ``reason`` (a substring of the refusal reason). With the collection ``auto`` each conversation's
name starts with its collection ("phapdien/…"). The checks failed are printed per turn and counted at the end.
"""

from __future__ import annotations

import json
import sys
from datetime import date

from assistant import answering as A
from assistant.retrieval import HybridRetriever


def _failed(turn: dict, sq: str, ans) -> list[str]:  # noqa: ANN001
    out = [f"has {s!r}" for s in turn.get("has", []) if s not in sq]
    out += [f"lacks {s!r}" for s in turn.get("lacks", []) if s in sq]
    if "refused" in turn and bool(ans.refused) != bool(turn["refused"]):
        out.append(f"refused={turn['refused']}")
    if "reason" in turn and turn["reason"] not in (ans.refusal_reason or ""):
        out.append(f"reason {turn['reason']!r}")
    if "cite" in turn:
        first = ans.citations[0].citation if ans.citations and not ans.refused else ""
        if turn["cite"] not in first:
            out.append(f"cite {turn['cite']!r}")
    return out


def main(argv: list[str]) -> None:
    convs = json.load(open(argv[0], encoding="utf-8"))
    coll_arg, only = argv[1], set(argv[2:])
    rets: dict[str, HybridRetriever] = {}
    checks = fails = 0
    for name, turns in convs.items():
        if only and name not in only:
            continue
        coll = name.split("/", 1)[0] if coll_arg == "auto" else coll_arg
        ret = rets.get(coll) or rets.setdefault(coll, HybridRetriever.open(coll))
        hist: list[tuple[str, str]] = []
        print(f"===== {name}")
        for turn in turns:
            turn = turn if isinstance(turn, dict) else {"q": turn}
            q = turn["q"]
            ans = A.answer(q, collection=coll, retriever=ret, history=hist, as_of=date(2026, 11, 30))
            sq = ans.standalone_query or q
            hist.append((sq, ans.text))
            head = ans.text.replace("\n", " ⏎ ")[:420]
            state = f"REFUSED {ans.refusal_reason} | {' ; '.join(ans.suggestions)}" if ans.refused else (
                f"OK {[c.citation for c in ans.citations][:3]}")
            print(f"Q: {q}\n  → {sq}\n  {state}\n  A: {head}")
            n = sum(len(turn.get(k, [])) for k in ("has", "lacks")) + sum(k in turn for k in ("refused", "reason", "cite"))
            bad = _failed(turn, sq, ans)
            checks, fails = checks + n, fails + len(bad)
            if n:
                print(f"  CHECK {n - len(bad)}/{n}" + (f" FAILED: {'; '.join(bad)}" if bad else ""))
            print()
    if checks:
        print(f"checks passed: {checks - fails}/{checks}")


if __name__ == "__main__":
    main(sys.argv[1:])
