"""Run multi-turn conversations through the answer pipeline and print each turn's standalone question, whether it was
answered (first citations) or refused (reason, suggestions), and the answer's start — the history keeps each turn's
standalone question, as ``Conversations`` does (h-conv13, 30/11).

    python eval/run_conversations.py eval/data/conversations_sample.json sample [NAME …]
    python eval/run_conversations.py eval/data/conversations_phapdien.json phapdien
"""

from __future__ import annotations

import json
import sys
from datetime import date

from assistant import answering as A
from assistant.retrieval import HybridRetriever


def main(argv: list[str]) -> None:
    convs = json.load(open(argv[0], encoding="utf-8"))
    coll, only = argv[1], set(argv[2:])
    ret = HybridRetriever.open(coll)
    for name, turns in convs.items():
        if only and name not in only:
            continue
        hist: list[tuple[str, str]] = []
        print(f"===== {name}")
        for q in turns:
            ans = A.answer(q, collection=coll, retriever=ret, history=hist, as_of=date(2026, 11, 30))
            sq = ans.standalone_query or q
            hist.append((sq, ans.text))
            head = ans.text.replace("\n", " ⏎ ")[:420]
            state = f"REFUSED {ans.refusal_reason} | {' ; '.join(ans.suggestions)}" if ans.refused else (
                f"OK {[c.citation for c in ans.citations][:3]}")
            print(f"Q: {q}\n  → {sq}\n  {state}\n  A: {head}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
