"""Re-score a batch contradiction report (the ``--json`` of ``assistant conflicts``) with the current ranking code,
offline: each finding's two provisions are checked again with ``check_pair`` and weighed by the document relation
stored in the report (``relate_conflicts`` with the stored relation and lapse notes), then ranked like the batch.
Candidate selection is not re-run, so a finding the current code would newly find is not listed; a finding the
current code no longer labels ``conflict`` is reported as dropped.

With ``--labels`` (hand-label JSONL files with ``a``/``b`` citations and a ``verdict``), prints the ranks of the
labelled findings and precision@k among labelled findings (strict = real conflict, lenient = + probable).

    python eval/rescore_batch.py --json /tmp/h-conf9/pd.json --labels eval/reports/*labels.jsonl [--top 30]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from assistant.conflicts.batch import rank_conflicts, relate_conflicts
from assistant.conflicts.pair import check_pair
from assistant.records import ConflictSide

VERDICT = {"conflict": "real", "real": "real", "conflict (probable)": "probable", "probable": "probable",
           "uncertain": "uncertain", "false alarm": "false", "false": "false"}


class _Hint:
    def note(self) -> str:
        return "(ghi chú của báo cáo gốc)"


class _StoredRelations:
    """The relation and lapse notes the original report recorded for each finding."""

    def __init__(self, items: list[dict]):
        self.rel = {frozenset([c["a"]["citation"], c["b"]["citation"]]): c.get("relation") or "unknown" for c in items}
        self.lapsed = {x[k]["number"] for x in items for k in ("a", "b")
                       if x[k].get("number") and f"Lưu ý hiệu lực: {x[k]['citation']}" in x.get("explanation", "")}

    def relation(self, a: ConflictSide, b: ConflictSide) -> str:
        return self.rel.get(frozenset([a.citation, b.citation]), "unknown")

    def superseded_hint(self, number: str | None, on: date) -> _Hint | None:
        return _Hint() if number in self.lapsed else None


def load_labels(paths: list[str]) -> dict[frozenset, str]:
    out: dict[frozenset, str] = {}
    for p in paths:
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            if line.strip():
                x = json.loads(line)
                out.setdefault(frozenset([x["a"], x["b"]]), VERDICT.get(x["verdict"], "false"))
    return out


def rescore(report: dict) -> tuple[list, list]:
    items = report["conflicts"]
    as_of = date.fromisoformat(report["as_of"]) if report.get("as_of") else None
    found, dropped = [], []
    for c in items:
        a, b = ConflictSide.model_validate(c["a"]), ConflictSide.model_validate(c["b"])
        r = check_pair(a, b, as_of=as_of)
        (found if r.label == "conflict" else dropped).append(r)
    return rank_conflicts(relate_conflicts(found, _StoredRelations(items), as_of)), dropped


def metrics(order: list[str], ks=(10, 20, 50)) -> dict:
    lab = [v for v in order if v is not None]
    pos = [i + 1 for i, v in enumerate(lab) if v in ("real", "probable")]
    out = {f"p@{k}": (sum(v == "real" for v in lab[:k]), sum(v in ("real", "probable") for v in lab[:k])) for k in ks}
    out["positive_ranks"] = pos
    out["mean_rank"] = round(sum(pos) / len(pos), 2) if pos else None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", required=True)
    ap.add_argument("--labels", nargs="*", default=[])
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--out", help="write the re-scored ranking (citations, kind, confidence, label) as JSON")
    args = ap.parse_args(argv)
    report = json.loads(Path(args.json).read_text(encoding="utf-8"))
    labels = load_labels(args.labels)
    key = lambda c: frozenset([c.a.citation, c.b.citation])  # noqa: E731
    orig = {frozenset([c["a"]["citation"], c["b"]["citation"]]): (i + 1, c["confidence"]) for i, c in enumerate(report["conflicts"])}
    ranked, dropped = rescore(report)
    rows = []
    for i, c in enumerate(ranked, 1):
        o_rank, o_conf = orig.get(key(c), (None, None))
        rows.append({"rank": i, "was": o_rank, "conf": c.confidence, "was_conf": o_conf, "kind": c.kind,
                     "label": labels.get(key(c)), "a": c.a.citation, "b": c.b.citation})
        if i <= args.top:
            print(f"{i:3d} (was {o_rank}) {c.kind[:3]} {c.confidence:.3f} (was {o_conf}) {labels.get(key(c)) or '-':9s} "
                  f"{c.a.citation[:40]} || {c.b.citation[:40]}")
    print(f"findings {len(ranked)}, dropped {len(dropped)}: {[(d.a.citation, d.b.citation) for d in dropped]}")
    order = [r["label"] for r in rows]
    print("all labelled:", metrics(order))
    for half in (1, 0):
        sub = [r["label"] for r in rows if r["was"] is not None and r["was"] % 2 == half]
        print(f"half {'odd' if half else 'even'}:", metrics(sub))
    base = [labels.get(k) for k, _ in sorted(orig.items(), key=lambda kv: kv[1][0])]
    print("before (report order):", metrics(base))
    if args.out:
        Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
