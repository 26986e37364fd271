"""What the lookup of defined terms (``definitions.defined_terms``) holds over a collection, and what the line filter
(``definitions.states_definition``) drops (helper h-define3).

For each collection: entries (term, defining article) with and without the filter; the dropped ones by reason
(conditional rule; outside definitions articles only: value predicate, function-word head, clause in the head);
suspicious entries that remain by general rules (the head opens with a function word; the line is outside a
definitions article; the term is defined by more than ``--many`` documents); each list with examples.

    ASSISTANT_INDEXES_DIR=/work/main/indexes PYTHONPATH=. python eval/define_lookup_study.py phapdien alqac [--many 5]
"""
from __future__ import annotations

import argparse
import collections
import re

import assistant.definitions as D
from assistant.config import get_settings
from assistant.index import Index


def _reason(line: str, term: str, in_defs: bool) -> str:
    line = line.replace("*", "")
    cut = line.find(" được hiểu là ")
    pred = line[cut + len(" được hiểu là "):] if cut >= 0 else line.split(" là ", 1)[-1]
    if D._CASE_HEAD.match(term) and re.search(r"\sthì\s", pred):
        return "conditional"
    if D._VALUE_PREDICATE.match(pred):
        return "value"
    if D._FUNCTION_HEAD.match(term):
        return "function-word head"
    return "clause in head"


def entries(chunks, keep=None):  # noqa: ANN001
    """(term, doc, article) → (row, line, in definitions article) for every entry of the lookup."""
    saved = D.states_definition
    if keep is not None:
        D.states_definition = keep
    try:
        d = D.defined_terms(chunks)
    finally:
        D.states_definition = saved
    out = {}
    for t, rows in d.items():
        for r in rows:
            c = chunks[r]
            line = next((ln for ln in c.text.replace("*", "").split("\n") if (h := D._line_head(ln)) and h[0] == t), "")
            out[(t, c.doc_id, c.article_id)] = (r, line, D.in_definitions_article(c))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("collections", nargs="+")
    ap.add_argument("--many", type=int, default=5)
    ap.add_argument("--examples", type=int, default=12)
    a = ap.parse_args()
    for col in a.collections:
        chunks = Index.open(col, get_settings()).chunks
        before = entries(chunks, keep=lambda *_: True)
        after = entries(chunks)
        dropped = {k: v for k, v in before.items() if k not in after}
        print(f"## {col}: {len(before)} entries ({len({k[0] for k in before})} terms) → {len(after)} "
              f"({len({k[0] for k in after})} terms); dropped {len(dropped)}")
        by = collections.defaultdict(list)
        for k, (r, line, ind) in dropped.items():
            by[_reason(line, k[0], ind)].append((k, line, ind))
        for reason, xs in sorted(by.items(), key=lambda kv: -len(kv[1])):
            print(f"\n### dropped, {reason}: {len(xs)} ({sum(1 for x in xs if x[2])} in definitions articles)")
            terms = collections.Counter(k[0] for k, _, _ in xs)
            print("  most frequent:", ", ".join(f"{t} ({n})" for t, n in terms.most_common(15)))
            for k, line, ind in xs[:: max(1, len(xs) // a.examples)][: a.examples]:
                print(f"  - {'[định nghĩa] ' if ind else ''}{k[0]!r}: {line[:110]}")
        for name, d in (("before", before), ("after", after)):
            docs = collections.defaultdict(set)
            for (t, doc, _), _v in d.items():
                docs[t].add(doc)
            func = sum(1 for k in d if D._FUNCTION_HEAD.match(k[0]))
            outside = sum(1 for v in d.values() if not v[2])
            many = sorted(((len(v), t) for t, v in docs.items() if len(v) > a.many), reverse=True)
            print(f"\n### {name}: function-word head {func}; outside definitions articles {outside} of {len(d)}; "
                  f"terms defined in more than {a.many} documents {len(many)}: "
                  + ", ".join(f"{t} ({n})" for n, t in many[:20]))
        print()


if __name__ == "__main__":
    main()
