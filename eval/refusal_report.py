"""Side-by-side refusal report from pairs of ``assistant eval answers`` output folders (old code vs new code).

For each pair: false refusals (in-scope questions refused), false answers on the out-of-scope questions split into
the calibration half (odd ids) and the held-out half (even ids) and overall, false answers by category, citation
precision/recall, and the questions whose decision changed. Writes ``<out>.json`` and ``<out>.md``.

    python eval/refusal_report.py --pair "Pháp điển dev" /tmp/old-pd eval/reports/answers-phapdien-dev-refusal \
        --pair "ALQAC test" /tmp/old-alqac eval/reports/answers-test-refusal --out eval/reports/refusal-heldout
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def _rows(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in (folder / "answers.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]


def _odd(r: dict[str, Any]) -> bool:
    return int(str(r["question_id"]).rsplit("_", 1)[1]) % 2 == 1


def summarise(folder: Path) -> dict[str, Any]:
    rows = _rows(folder)
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    ins = [r for r in rows if r["in_scope"]]
    oos = [r for r in rows if not r["in_scope"]]

    def fa(rs: list[dict[str, Any]]) -> dict[str, Any]:
        n = sum(1 for r in rs if r["verdict"] != "refused_ok")
        return {"answered": n, "n": len(rs), "rate": n / len(rs) if rs else None}

    cats = sorted({r["category"] or "" for r in oos})
    return {
        "folder": str(folder), "config": metrics.get("config"),
        "false_refusals": {"refused": sum(1 for r in ins if r["refused"] or r["error"]), "n": len(ins),
                           "rate": metrics["false_refusal_rate"]},
        "false_answers": {"calibration_half": fa([r for r in oos if _odd(r)]),
                          "held_out_half": fa([r for r in oos if not _odd(r)]), "all": fa(oos)},
        "false_answers_by_category": {c: fa([r for r in oos if (r["category"] or "") == c]) for c in cats},
        "citation_precision": metrics["citation_precision"], "citation_recall": metrics["citation_recall"],
    }


def changes(old: Path, new: Path) -> list[dict[str, Any]]:
    out = []
    for a, b in zip(_rows(old), _rows(new)):
        if a["question_id"] != b["question_id"]:
            raise SystemExit(f"{old} and {new} list different questions")
        if a["refused"] != b["refused"]:
            out.append({"id": a["question_id"], "in_scope": a["in_scope"], "category": a["category"],
                        "old": "refused" if a["refused"] else "answered", "new": "refused" if b["refused"] else "answered",
                        "new_citation_recall": b["citation_recall"], "question": " / ".join(a["question"].split("\n"))[:160]})
    return out


def _pct(d: dict[str, Any]) -> str:
    return f"{d['rate']:.1%} ({d.get('answered', d.get('refused'))}/{d['n']})" if d["n"] else "–"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pair", nargs=3, action="append", metavar=("NAME", "OLD_DIR", "NEW_DIR"), required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--title", default="Refusal decision: old vs new")
    a = ap.parse_args(argv)
    report: dict[str, Any] = {}
    lines = [f"# {a.title}", "",
             "| set | code | false refusals | false answers: calibration half | held-out half | all | "
             "citation P | citation R |", "|---|---|---|---|---|---|---|---|"]
    for name, old, new in a.pair:
        o, n = summarise(Path(old)), summarise(Path(new))
        report[name] = {"old": o, "new": n, "changed": changes(Path(old), Path(new))}
        for label, s in (("old", o), ("new", n)):
            f = s["false_answers"]
            lines.append(f"| {name} | {label} | {_pct(s['false_refusals'])} | {_pct(f['calibration_half'])} | "
                         f"{_pct(f['held_out_half'])} | {_pct(f['all'])} | {s['citation_precision']:.4f} | "
                         f"{s['citation_recall']:.4f} |")
    for name, r in report.items():
        lines += ["", f"## {name}: false answers by category (old → new)", ""]
        for c, d in r["old"]["false_answers_by_category"].items():
            lines.append(f"- {c or '–'}: {_pct(d)} → {_pct(r['new']['false_answers_by_category'][c])}")
        lines += ["", f"Decisions changed ({len(r['changed'])}):", ""]
        for c in r["changed"]:
            kind = "in scope" if c["in_scope"] else f"out of scope, {c['category']}"
            lines.append(f"- `{c['id']}` ({kind}): {c['old']} → {c['new']} — {c['question']}")
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    a.out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
