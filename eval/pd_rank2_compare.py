"""Compare two sets of runs of the h-pdrank2 study (training sets only): pooled retrieval MRR@10 / R@1 / R@10 over the
``trainN/per_query.jsonl`` of ``eval retrieval``, and pooled answers (citation P/R, false refusals, false answers) over
the ``ans-trainN/answers.jsonl`` of ``eval answers``; plus the questions whose answer changed.

    python eval/pd_rank2_compare.py runs/base runs/new
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

SETS = ["", "2", "3", "4", "5", "6", "7"]


def retrieval(d: Path) -> dict:
    out = {}
    for s in SETS:
        p = d / f"train{s}" / "per_query.jsonl"
        if p.exists():
            for line in p.open(encoding="utf-8"):
                r = json.loads(line)
                out[r["question_id"]] = r["ours/text"]["first_rank"]
    return out


def answers(d: Path, prefix: str = "ans-train", sets=SETS) -> dict:
    out = {}
    for s in sets:
        p = d / f"{prefix}{s}" / "answers.jsonl"
        if p.exists():
            for line in p.open(encoding="utf-8"):
                r = json.loads(line)
                out[r["question_id"]] = r
    return out


def summary_ret(fr: dict) -> str:
    n = len(fr)
    mrr = sum(1 / f for f in fr.values() if f and f <= 10) / n
    r1 = sum(f == 1 for f in fr.values()) / n
    r10 = sum(1 for f in fr.values() if f and f <= 10) / n
    return f"n={n} MRR@10={mrr:.4f} R@1={r1:.4f} R@10={r10:.4f}"


def summary_ans(rows: dict) -> str:
    ins = [r for r in rows.values() if r["in_scope"]]
    oos = [r for r in rows.values() if not r["in_scope"]]
    ans = [r for r in ins if not r["refused"] and not r["error"]]
    p = sum(r["citation_precision"] for r in ans) / max(len(ans), 1)
    rc = sum(r["citation_recall"] for r in ins) / max(len(ins), 1)
    fr = sum(1 for r in ins if r["refused"] or r["error"])
    fa = sum(1 for r in oos if not (r["refused"] and not r["error"]))
    return f"in={len(ins)} P={p:.4f} R={rc:.4f} FR={fr} FA={fa}/{len(oos)}"


def main() -> None:
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    ra, rb = retrieval(a), retrieval(b)
    if ra and rb:
        print("retrieval pooled:", summary_ret(ra), "->", summary_ret(rb))
        up = [q for q in ra if (ra[q] or 99) > (rb.get(q) or 99)]
        down = [q for q in ra if (ra[q] or 99) < (rb.get(q) or 99)]
        print(f"  gold rank better for {len(up)}, worse for {len(down)}: worse = {[(q, ra[q], rb[q]) for q in down]}")
    for label, pre, sets in (("Pháp điển training answers pooled", "ans-train", SETS), ("ALQAC dev answers", "ans-alqac-dev", [""])):
        xa, xb = answers(a, pre, sets), answers(b, pre, sets)
        if not (xa and xb):
            continue
        print(f"{label}:", summary_ans(xa), "->", summary_ans(xb))
        for q in xa:
            u, v = xa[q], xb.get(q)
            if v is None:
                continue
            if (u["refused"], u.get("cited")) != (v["refused"], v.get("cited")):
                print(f"  {q} in_scope={u['in_scope']} refused {u['refused']}->{v['refused']} "
                      f"P {u.get('citation_precision')}->{v.get('citation_precision')} "
                      f"R {u.get('citation_recall')}->{v.get('citation_recall')} cited {u.get('cited')} -> {v.get('cited')}")


if __name__ == "__main__":
    main()
