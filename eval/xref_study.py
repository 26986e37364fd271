"""Cross-reference study (helper h-xref, issue 5): how many Pháp điển articles carry "(Điều này có nội dung liên quan
đến Điều … <title> …)" notes, how many *training* gold articles are linked to / from such notes, and — from a retrieval
eval's per_query.jsonl — whether a gold article that ranks below 1 is linked to a candidate ranked above it.

    python eval/xref_study.py INDEX_DIR/phapdien [RUN_DIR …]   # RUN_DIR: out dirs of `eval retrieval` on training sets

Never phapdien_dev.json. Report: eval/reports/xref-study.md.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from assistant.legal.phapdien import crossref_items

ROOT = Path(__file__).resolve().parents[1]
TRAIN = [ROOT / "eval" / "data" / f"phapdien_train{s}.json" for s in ("", "2", "3", "4", "5", "6", "7", "8")]


def load_graph(index_dir: Path):
    arts: dict[str, tuple[str, str]] = {}  # code → (doc_id, title)
    out: dict[str, list[tuple[str, str]]] = {}
    for line in open(index_dir / "chunks.jsonl", encoding="utf-8"):
        c = json.loads(line)
        if c["clause"] is not None or "/p" in c["id"].rpartition("#")[2]:
            continue
        arts.setdefault(c["article_id"], (c["doc_id"], c["article_title"]))
        items = [it for n in c["validity"]["notes"] for it in crossref_items(n)]
        if items:
            out.setdefault(c["article_id"], []).extend(items)
    inn: dict[str, set[str]] = {}
    for a, items in out.items():
        for code, _ in items:
            inn.setdefault(code, set()).add(a)
    return arts, out, inn


def main(index_dir: str, *runs: str) -> None:
    arts, out, inn = load_graph(Path(index_dir))
    n_items = sum(len(v) for v in out.values())
    targets = Counter(code in arts for v in out.values() for code, _ in v)
    titled = sum(1 for v in out.values() for _, t in v if t)
    print(f"indexed articles {len(arts)}; with a cross-reference note {len(out)}; note items {n_items} "
          f"(target indexed {targets[True]}, not indexed {targets[False]}; with a title {titled})")
    print(f"articles cited by some note: {len(inn)} (indexed {sum(1 for c in inn if c in arts)})")
    golds = []
    for f in TRAIN:
        for q in json.load(open(f, encoding="utf-8")):
            for g in q.get("relevant_articles", []):
                golds.append((f.stem, q["question_id"], g["article_id"]))
    has_out = sum(1 for *_, a in golds if a in out)
    has_in = sum(1 for *_, a in golds if a in inn)
    either = sum(1 for *_, a in golds if a in out or a in inn)
    print(f"training gold articles {len(golds)}: with out-links {has_out}, cited by others {has_in}, either {either}")
    if not runs:
        return
    linked = lambda a, b: any(c == b for c, _ in out.get(a, ())) or any(c == a for c, _ in out.get(b, ()))  # noqa: E731
    stats = Counter()
    for run in runs:
        for line in open(Path(run) / "per_query.jsonl", encoding="utf-8"):
            r = json.loads(line)
            top = [a for _, a in r["ours/text"]["top"]]
            gold = {a for _, a in r["gold"]}
            first = r["ours/text"]["first_rank"]
            stats["questions"] += 1
            if first == 1:
                stats["rank1"] += 1
                # a wrong article linked to the gold rank-1 and to others: what a link signal could disturb
                stats["rank1: gold linked to some other top-10"] += any(linked(top[0], b) for b in top[1:])
                continue
            if first is None:
                stats["miss@10"] += 1
                continue
            stats["rank2-10"] += 1
            g = top[first - 1]
            above = top[: first - 1]
            stats["rank2-10: gold linked to a candidate above it"] += any(linked(g, b) for b in above)
            stats["rank2-10: gold linked to rank 1"] += linked(g, top[0])
            stats["rank2-10: gold linked to any other top-10"] += any(linked(g, b) for b in top if b != g)
            stats["rank2-10: rank-1 linked to any other top-10"] += any(linked(top[0], b) for b in top[1:])
            stats["rank2-10: gold has links"] += g in out or g in inn
    for k, v in stats.items():
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main(*sys.argv[1:])
