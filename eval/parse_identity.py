"""Check that a parser change left the chunks of real collections unchanged: load + parse + relations + chunk
(the ingest code: ``ingest.build_documents`` then ``chunking.chunk``) for each collection, and write one line per
chunk ``<id>\\t<sha256 of the chunk record and its indexed passage>``.

    PYTHONPATH=/work/main python eval/parse_identity.py --out /tmp/parse-base          # base code
    python eval/parse_identity.py --out /tmp/parse-new --compare /tmp/parse-base        # this checkout

Collections (defaults): ALQAC 2025 corpus, the Pháp điển subset, ``corpus/sample``. ``--compare DIR`` prints the
chunk ids added, removed and changed per collection (with the first changed fields) and exits 1 on any difference.
Nothing is embedded or indexed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
if not DATA.exists():  # a worktree under /work/wt/<name>
    DATA = Path("/work/shared/data")
DEFAULTS = {
    "alqac": DATA / "alqac2025" / "corpus.json",
    "phapdien": DATA / "phapdien",
    "sample": ROOT / "corpus" / "sample",
}


def chunk_records(path: Path, collection: str) -> dict[str, dict]:
    """{chunk id: chunk as JSON-able dict + its passage} for one collection, built as ingest builds them."""
    from assistant.chunking import chunk
    from assistant.ingest import IngestReport, build_documents
    from assistant.text import strip_instructions

    report = IngestReport(collection=collection)
    docs = build_documents([path], report)
    out: dict[str, dict] = {}
    for d in docs:
        for c in chunk(d, collection=collection):
            rec = json.loads(c.model_dump_json(exclude_defaults=True))  # fields added later with defaults: same hash
            rec.pop("source_path", None)  # the same file read from another checkout
            rec["_passage"] = strip_instructions(c.passage())
            out[c.id] = rec
    return out


def digest(rec: dict) -> str:
    return hashlib.sha256(json.dumps(rec, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True, help="directory for <collection>.tsv (+ .jsonl records)")
    ap.add_argument("--compare", type=Path, help="a previous --out directory to compare with")
    ap.add_argument("--only", nargs="*", help="collections to run (default: all)")
    a = ap.parse_args()
    import assistant

    print(f"assistant from {Path(assistant.__file__).parent}", file=sys.stderr)
    a.out.mkdir(parents=True, exist_ok=True)
    bad = 0
    for name, path in DEFAULTS.items():
        if a.only and name not in a.only:
            continue
        recs = chunk_records(path, name)
        with open(a.out / f"{name}.tsv", "w", encoding="utf-8") as f:
            for cid, rec in recs.items():
                f.write(f"{cid}\t{digest(rec)}\n")
        with open(a.out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for cid, rec in recs.items():
                f.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{name}: {len(recs)} chunks", file=sys.stderr)
        if not a.compare:
            continue
        base_tsv = a.compare / f"{name}.tsv"
        base = dict(ln.rstrip("\n").split("\t") for ln in open(base_tsv, encoding="utf-8"))
        new = {cid: digest(rec) for cid, rec in recs.items()}
        added = [c for c in new if c not in base]
        removed = [c for c in base if c not in new]
        changed = [c for c in new if c in base and base[c] != new[c]]
        print(f"{name}: base {len(base)}, new {len(new)}; added {len(added)}, removed {len(removed)}, changed {len(changed)}")
        if changed:
            old = {}
            for ln in open(a.compare / f"{name}.jsonl", encoding="utf-8"):
                r = json.loads(ln)
                old[r["id"]] = r
            for cid in changed[:20]:
                diff = sorted(k for k in set(old[cid]) | set(recs[cid]) if old[cid].get(k) != recs[cid].get(k))
                print(f"  changed {cid}: {diff}")
        for cid in added[:20]:
            print(f"  added {cid}")
        for cid in removed[:20]:
            print(f"  removed {cid}")
        bad += len(added) + len(removed) + len(changed)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
