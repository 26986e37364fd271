"""Write the dev / test halves of the everyday-language question sets (odd question numbers = dev, even = test).

    python eval/colloquial_split.py OUT_DIR

writes ``OUT_DIR/colloquial_{dev,test}.json`` from ``eval/data/colloquial_questions.json`` and
``OUT_DIR/out_of_scope_colloquial_{dev,test}.jsonl`` from ``eval/data/out_of_scope_colloquial.jsonl``; feed them to
``assistant eval retrieval|answers --questions … [--out-of-scope …]``. Tune on dev only, report test once.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def half(qid: str) -> str:
    return "dev" if int(qid.rsplit("_", 1)[1]) % 2 == 1 else "test"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    qs = json.loads((DATA / "colloquial_questions.json").read_text(encoding="utf-8"))
    oos = [json.loads(line) for line in (DATA / "out_of_scope_colloquial.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()]
    for name in ("dev", "test"):
        part = [q for q in qs if half(q["question_id"]) == name]
        (out / f"colloquial_{name}.json").write_text(json.dumps(part, ensure_ascii=False, indent=1), encoding="utf-8")
        lines = [json.dumps(q, ensure_ascii=False) for q in oos if half(q["id"]) == name]
        (out / f"out_of_scope_colloquial_{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(part)} questions, {len(lines)} out of scope → {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):  # "--help" is not an output folder
        sys.exit("cách dùng: python eval/colloquial_split.py THƯ_MỤC_RA")
    main(Path(sys.argv[1]))
