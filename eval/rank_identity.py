"""Check that a latency change left the rankings unchanged: the top-10 chunk ids and scores of the current
code vs a base checkout, on the same index and ALQAC questions (dev split, as the benchmark asks them).

    git archive b48ed69 | tar -x -C /tmp/base
    python eval/rank_identity.py --workdir /tmp/perf/scale2 --base /tmp/base --queries 200

Runs the base code in a subprocess (its own ``assistant`` package on PYTHONPATH), then the current code, and
exits 1 if any question's top-10 ids differ or a score differs by more than ``--tol``. Does not time anything.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "alqac2025" / "train.json"


def dump(workdir: Path, n: int, out: Path) -> None:
    """Write [[chunk id, fused score, {score name: value}] × 10] per question to ``out``."""
    from assistant.config import Settings, get_settings
    from assistant.evaluation.datasets import load_alqac_questions, select_split
    from assistant.retrieval import HybridRetriever

    qs = [q for q in select_split(load_alqac_questions(TRAIN), "dev") if q.relevant][:n]
    s2 = Settings(indexes_dir=workdir / "indexes", cache_dir=get_settings().cache_dir)
    r = HybridRetriever.open("scale", settings=s2)
    res = [[[h.chunk.id, h.score, h.scores] for h in r.search(q.query("choices"), 10)] for q in qs]
    out.write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")


def compare(base: list, new: list, tol: float) -> list[str]:
    """Human-readable differences (empty when identical within ``tol``)."""
    errs = []
    for qi, (a, b) in enumerate(zip(base, new, strict=True)):
        if [h[0] for h in a] != [h[0] for h in b]:
            errs.append(f"q{qi}: ids {[h[0] for h in a]} != {[h[0] for h in b]}")
            continue
        for ha, hb in zip(a, b):
            for key in set(ha[2]) | set(hb[2]):
                va, vb = ha[2].get(key), hb[2].get(key)
                if va is None or vb is None or abs(va - vb) > tol:
                    errs.append(f"q{qi} {ha[0]} {key}: {va} vs {vb}")
    return errs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", type=Path, required=True, help="bench_scale.py's --workdir (holds indexes/scale)")
    ap.add_argument("--base", type=Path, help="a checkout of the base commit")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--tol", type=float, default=1e-5)
    ap.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.dump:
        dump(a.workdir, a.queries, a.dump)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        outs = {}
        for name, code in (("base", a.base), ("new", ROOT)):
            outs[name] = Path(tmp) / f"{name}.json"
            env = dict(os.environ, PYTHONPATH=str(code))
            subprocess.run([sys.executable, str(Path(__file__).resolve()), "--workdir", str(a.workdir),
                            "--queries", str(a.queries), "--dump", str(outs[name])], env=env, check=True)
        base = json.loads(outs["base"].read_text(encoding="utf-8"))
        new = json.loads(outs["new"].read_text(encoding="utf-8"))
    errs = compare(base, new, a.tol)
    print(f"{len(new)} questions, {sum(len(x) for x in new)} hits: "
          + ("identical" if not errs else f"{len(errs)} differences"))
    for e in errs[:20]:
        print(" ", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
