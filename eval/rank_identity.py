"""Check that a latency change left the rankings unchanged: the top-10 chunk ids and scores of the current
code vs a base checkout, on the same index and ALQAC questions (dev split, as the benchmark asks them).

    git archive b48ed69 | tar -x -C /tmp/base
    python eval/rank_identity.py --workdir /tmp/perf/scale2 --base /tmp/base --queries 200

Runs the base code in a subprocess (its own ``assistant`` package on PYTHONPATH), then the current code, and
exits 1 if any question's top-10 ids differ or a score differs by more than ``--tol``. Does not time anything.

Any built collection and question file (a JSON list of {"text": …}, e.g. the Pháp điển training questions):

    python eval/rank_identity.py --indexes /work/main/indexes --collection alqac --base /work/main --queries 200
    python eval/rank_identity.py --indexes /work/main/indexes --collection phapdien --base /work/main \
        --questions eval/data/phapdien_train.json
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


def dump(indexes: Path, collection: str, n: int, out: Path, questions: Path | None = None,
         mode: str = "choices") -> None:
    """Write [[chunk id, fused score, {score name: value}] × 10] per question to ``out``: the ALQAC dev split's
    questions (asked in ``mode``), or the first ``n`` of the ``questions`` file's "text"."""
    import assistant
    from assistant.config import Settings, get_settings
    from assistant.evaluation.datasets import load_alqac_questions, select_split
    from assistant.retrieval import HybridRetriever

    print(f"dump: assistant from {Path(assistant.__file__).parent}", file=sys.stderr)
    if questions:
        texts = [q["text"] for q in json.loads(questions.read_text(encoding="utf-8"))][:n]
    else:
        texts = [q.query(mode) for q in select_split(load_alqac_questions(TRAIN), "dev") if q.relevant][:n]
    s2 = Settings(indexes_dir=indexes, cache_dir=get_settings().cache_dir)
    r = HybridRetriever.open(collection, settings=s2)
    res = [[[h.chunk.id, h.score, h.scores] for h in r.search(t, 10)] for t in texts]
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
    ap.add_argument("--workdir", type=Path, help="bench_scale.py's --workdir (holds indexes/scale)")
    ap.add_argument("--indexes", type=Path, help="an indexes directory (instead of --workdir's indexes)")
    ap.add_argument("--collection", default="scale")
    ap.add_argument("--questions", type=Path, help='JSON list of {"text": …} (default: ALQAC dev split)')
    ap.add_argument("--mode", default="choices", choices=("choices", "text"), help="ALQAC query mode")
    ap.add_argument("--base", type=Path, help="a checkout of the base commit")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--tol", type=float, default=1e-5)
    ap.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if not (a.workdir or a.indexes):
        ap.error("--workdir or --indexes is required")
    indexes = (a.indexes or a.workdir / "indexes").resolve()
    questions = a.questions.resolve() if a.questions else None
    if a.dump:
        dump(indexes, a.collection, a.queries, a.dump, questions, a.mode)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        outs = {}
        for name, code in (("base", a.base), ("new", ROOT)):
            outs[name] = Path(tmp) / f"{name}.json"
            env = dict(os.environ, PYTHONPATH=str(code))
            cmd = [sys.executable, str(Path(__file__).resolve()), "--indexes", str(indexes), "--collection",
                   a.collection, "--mode", a.mode, "--queries", str(a.queries), "--dump", str(outs[name])]
            subprocess.run(cmd + (["--questions", str(questions)] if questions else []), env=env, check=True)
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
