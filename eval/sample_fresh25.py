"""Draw the Pháp điển articles of the blind check set ``eval/data/phapdien_fresh25.json``.

The questions are written by hand after reading each drawn article; this script only fixes *which* articles are
read and in which order, so that the choice follows neither the author's taste nor the retriever (it reads the
corpus files only: no index, no model, no ranker).

Method (seed ``--seed``, default 20261130):
- the pool is every article of every đề mục file in ``phapdien/INDEX.tsv`` with a body in the ``## VĂN BẢN`` part,
  as split by ``eval/sample_phapdien_articles.py`` (``articles``/``askable``: body ≥ 80 characters, no repealed
  stub, no scope/subject/definition/effect/transition/implementation title);
- also left out: every gold article of the existing Pháp điển question files (``eval/data/phapdien_*.json``,
  colloquial, scenario and two-part sets; compared by id only, the questions are not read), articles whose
  provenance line says the article was repealed or expired ("bãi bỏ", "hết hiệu lực"), articles titled only
  "mục đích"/"nguyên tắc"/"giải thích"/"áp dụng" and articles whose body is over 70 % list of cross-references;
- the draw is uniform over articles (each article the same chance, so large codes such as dân sự, hình sự,
  lao động get their natural share), in a fixed random order, with at most ``--cap`` draws per đề mục file
  (further draws of a full file are passed over).

Writes one JSON object per line (rank, law_id, article_id, title, provenance, body) to ``--out``.

    python eval/sample_fresh25.py --n 140 --out /tmp/h-blind25/candidates.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_phapdien_articles import articles, askable  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXTRA_NOT_ASKED = re.compile(r"^(mục đích|nguyên tắc|giải thích|áp dụng)\b[^,;]{0,40}$", re.IGNORECASE)
REPEALED = re.compile(r"bãi bỏ|hết hiệu lực", re.IGNORECASE)
QUESTION_FILES = sorted(p.name for p in (ROOT / "eval" / "data").glob("phapdien_*.json")
                        if p.name not in {"phapdien_status.json", "phapdien_fresh25.json"}) + [
    "colloquial_questions.json", "scenario_phapdien.json", "twopart_phapdien.json"]


def used_gold() -> set[tuple[str, str]]:
    """(law_id, article_id) of every gold article in the existing question files (ids only)."""
    keys: set[tuple[str, str]] = set()
    for name in QUESTION_FILES:
        for q in json.loads((ROOT / "eval" / "data" / name).read_text(encoding="utf-8")):
            for a in q.get("relevant_articles", []) + q.get("parts", []):
                keys.add((a["law_id"], a["article_id"]))
    return keys


def split_provenance(body: str) -> tuple[str, str]:
    """The leading ``(Điều … có hiệu lực …)`` provenance paragraph and the rest of the body."""
    m = re.match(r"\s*(\([^\n]*\))\s*\n", body)
    return (m.group(1), body[m.end():].strip()) if m else ("", body.strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "phapdien")
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("--n", type=int, default=140, help="articles to draw (more than needed: some are skipped)")
    ap.add_argument("--cap", type=int, default=4, help="at most this many draws per đề mục file")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if not args.data.is_dir():
        args.data = Path("/work/shared/data/phapdien")

    with open(args.data / "INDEX.tsv", encoding="utf-8") as f:
        files = sorted(row["path"] for row in csv.DictReader(f, delimiter="\t"))
    excluded = used_gold()
    pool: list[tuple[str, str, str, str, str]] = []
    for name in files:
        for code, (title, body) in sorted(articles(args.data / name).items()):
            if (name, code) in excluded or not askable(title, body) or EXTRA_NOT_ASKED.search(title):
                continue
            prov, text = split_provenance(body)
            if REPEALED.search(prov) or len(text) < 80:
                continue
            if len(re.findall(r"Điều này có nội dung liên quan", text)) and \
                    len(re.sub(r"\(Điều này có nội dung liên quan[^)]*\)", "", text)) < 0.3 * len(text):
                continue
            pool.append((name, code, title, prov, text))
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    taken: Counter[str] = Counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rank = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for name, code, title, prov, text in pool:
            if rank >= args.n:
                break
            if taken[name] >= args.cap:
                continue
            taken[name] += 1
            rank += 1
            out.write(json.dumps({"rank": rank, "law_id": name, "article_id": code, "title": title,
                                  "provenance": prov, "body": text}, ensure_ascii=False) + "\n")
    print(f"pool {len(pool)} articles in {len({p[0] for p in pool})} files; drew {rank} from {len(taken)} files "
          f"-> {args.out}")


if __name__ == "__main__":
    main()
