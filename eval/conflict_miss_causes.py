"""Why does ``check_pair`` reject the gold conflicts it misses? Count misses by the gate or guard that said no.

Runs ``check_pair`` on labelled pair files with a line tracer on the decision functions (``pair.check_pair``,
``modality.detect_modality``, ``numeric.detect_numeric``, ``scope.detect_scope`` and the meaning-pass detectors): every
``continue`` / ``return None`` they execute is attributed to the ``if`` that led to it (file:line and its text). A
pair's causes are the guards hit for it; the "stage" is how far it got:

* ``no_alignment`` — no clause pair aligned (lexical Jaccard, or a value clash for retold pairs);
* ``no_candidate`` — clauses aligned but the parsers found no clashing marker pair / disagreeing comparable values;
* ``guarded`` — a candidate clash existed and a guard rejected it (counted per guard);
* ``dropped`` — a finding was made and then dropped (exception, transitional rule, list lead-in, band, superseded).

Usage: ``PYTHONPATH=. python eval/conflict_miss_causes.py FILE… [--out REPORT.json] [--kinds modality,numeric]``.
Never reads held-out files. Diagnostic only: it changes nothing.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from assistant.conflicts import meaning, modality, numeric, pair, polarity, scope
from assistant.evaluation.conflicts_eval import load_pairs

FUNCS = [pair.check_pair, modality.detect_modality, numeric.detect_numeric, scope.detect_scope]
for mod in (meaning, polarity):
    for name, fn in inspect.getmembers(mod, inspect.isfunction):
        if fn.__module__ == mod.__name__ and name.startswith("detect_"):
            FUNCS.append(fn)
CODES = {f.__code__: f for f in FUNCS}


def _guard_line(src: list[str], first: int, lineno: int) -> tuple[int, str]:
    """The ``if``/``elif`` that leads to the ``continue``/``return`` at ``lineno`` (1-based in the file)."""
    i = lineno - 1 - first
    ind = len(src[i]) - len(src[i].lstrip())
    j = i
    while j > 0:
        j -= 1
        s = src[j].strip()
        if not s or s.startswith("#"):
            continue
        jind = len(src[j]) - len(src[j].lstrip())
        if jind < ind and (s.startswith("if ") or s.startswith("elif ") or s.startswith("for ")):
            if s.startswith("for "):
                return first + j + 1, "(end of loop) " + s[:80]
            return first + j + 1, s[:110]
    return lineno, src[i].strip()[:110]


_SRC: dict = {}


def _src(code):
    if code not in _SRC:
        lines, first = inspect.getsourcelines(CODES[code])
        _SRC[code] = (lines, first)
    return _SRC[code]


def trace_pair(a, b, details: list | None = None) -> tuple[str, list[str]]:
    hits: list[str] = []

    def local(frame, event, arg):
        if event == "line":
            lines, first = _src(frame.f_code)
            s = lines[frame.f_lineno - first].strip()
            if s.startswith("continue") or s.startswith("return None") or s == "return" or s.startswith("num = None") \
                    or s.startswith("local = []"):
                ln, cond = _guard_line(lines, first, frame.f_lineno)
                hits.append(f"{frame.f_code.co_name}:{ln} {cond}")
                if details is not None:
                    details.append((hits[-1], {k: v for k, v in frame.f_locals.items()
                                               if isinstance(v, (float, bool)) or (isinstance(v, int) and abs(v) < 1000)}))
        return local

    def glob(frame, event, arg):
        if event == "call" and frame.f_code in CODES:
            return local
        return None

    sys.settrace(glob)
    try:
        c = pair.check_pair(a, b)
    finally:
        sys.settrace(None)
    return c.label, hits


# loop-filter lines that only skip non-candidates (kinds that cannot clash, values that agree): not guards
_NON_GUARD = ("if not an_a.authorities or not an_b.authorities", "frozenset({ma.kind, mb.kind}) not in _CLASH", "not wa or not wb", "not sa or not sb",
              "not comps or any(_agree", "if not local:", "(end of loop)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--out")
    ap.add_argument("--kinds", default="modality,numeric,scope")
    args = ap.parse_args()
    if any("heldout" in f for f in args.files):
        sys.exit("held-out files are not read")
    kinds = set(args.kinds.split(","))
    per_kind_guard: dict[str, Counter] = defaultdict(Counter)
    per_kind_sole: dict[str, Counter] = defaultdict(Counter)
    per_kind_stage: dict[str, Counter] = defaultdict(Counter)
    rows = []
    for f in args.files:
        for r in load_pairs(Path(f)):
            if r["label"] != "conflict" or r["kind"] not in kinds:
                continue
            label, hits = trace_pair(r["a"], r["b"])
            if label == "conflict":
                continue
            guards = sorted({h for h in hits if not any(n in h for n in _NON_GUARD)})
            dropped = [g for g in guards if g.startswith("check_pair:")]
            det = [g for g in guards if not g.startswith("check_pair:")]
            if label == "superseded":
                stage = "dropped: superseded"
            elif dropped:
                stage = "dropped: " + dropped[0].split(" ", 1)[1][:60]
            elif det:
                stage = "guarded"
            elif any("not comps" in h or "not in _CLASH" in h for h in hits):
                stage = "no_candidate"
            else:
                stage = "no_alignment/no_candidate"
            k = r["kind"]
            per_kind_stage[k][stage] += 1
            for g in det:
                per_kind_guard[k][g] += 1
            if len(det) == 1:
                per_kind_sole[k][det[0]] += 1
            rows.append({"id": r["id"], "kind": k, "stage": stage, "guards": det, "dropped": dropped})
    out = {k: {"stages": dict(per_kind_stage[k].most_common()), "guards": dict(per_kind_guard[k].most_common()),
               "sole_guard": dict(per_kind_sole[k].most_common())} for k in sorted(per_kind_stage)}
    out["pairs"] = rows
    if args.out:
        Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    for k in sorted(per_kind_stage):
        print(f"== {k}: {sum(per_kind_stage[k].values())} misses")
        for s, n in per_kind_stage[k].most_common():
            print(f"  stage {n:4d}  {s}")
        print("  guards (pairs hitting each; sole = the only guard for that pair):")
        for g, n in per_kind_guard[k].most_common(25):
            print(f"   {n:4d} sole {per_kind_sole[k][g]:3d}  {g}")


if __name__ == "__main__":
    main()
