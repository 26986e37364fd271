"""Draw Pháp điển articles at random, each đề mục file weighted equally, to write training questions from.

Used to build ``eval/data/phapdien_train2.json`` (see ``eval/data/README.md``): the questions themselves are
written by hand after reading each drawn article; this script only fixes *which* articles are read, in which
order, so that the choice does not follow the author's (or the retriever's) taste.

Method (seed ``--seed``, default 20261127):
- every đề mục file listed in ``phapdien/INDEX.tsv`` is a stratum; its articles are the ``Điều <code>. <title>``
  heads of the ``## VĂN BẢN`` part with a body of ≥ 80 characters;
- excluded up front: gold articles of ``phapdien_dev.json`` and ``phapdien_train.json``, repealed stubs
  ("được bãi bỏ" / "hết hiệu lực" with a body under 200 characters) and articles whose title is only about
  scope, subjects, definitions, effect, transitional rules or who implements the text;
- draws go in rounds: each round visits all files in a fresh random order and takes one not-yet-drawn article
  of each file (uniformly), so every file gets the same share whatever its size.

Writes one JSON object per line (rank, law_id, article_id, title, body) to ``--out``. Reading the corpus only: it
does not use the index or the retriever.

    python eval/sample_phapdien_articles.py --data ../shared/data/phapdien --rounds 2 --out /tmp/h-pdq/candidates.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_RX = re.compile(r"Điều (\d+\.\d+\.[A-ZĐ]+\.[\d.]*\d)\. ")
NOT_ASKED = re.compile(
    r"phạm vi điều chỉnh|đối tượng áp dụng|giải thích từ ngữ|hiệu lực thi hành|^hiệu lực$|chuyển tiếp|trách nhiệm thi hành|"
    r"tổ chức thực hiện|điều khoản thi hành|áp dụng pháp luật|quy định chi tiết|^thi hành$",
    re.IGNORECASE,
)


def articles(path: Path) -> dict[str, tuple[str, str]]:
    """code -> (title, body) of the ``## VĂN BẢN`` part; the longest occurrence of a code wins."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    start = text.find("## VĂN BẢN")
    end = text.find("## Danh sách điều khoản")
    body = text[start : end if end > 0 else None]
    heads = list(ARTICLE_RX.finditer(body))
    out: dict[str, tuple[str, str]] = {}
    for i, m in enumerate(heads):
        seg = body[m.end() : heads[i + 1].start() if i + 1 < len(heads) else len(body)]
        title, _, rest = seg.partition("\n")
        if m.group(1) not in out or len(rest) > len(out[m.group(1)][1]):
            out[m.group(1)] = (title.strip(), rest.strip())
    return out


def gold(*names: str) -> set[tuple[str, str]]:
    keys = set()
    for name in names:
        for q in json.loads((ROOT / "eval" / "data" / name).read_text(encoding="utf-8")):
            keys |= {(a["law_id"], a["article_id"]) for a in q["relevant_articles"]}
    return keys


def askable(title: str, body: str) -> bool:
    if len(body) < 80 or NOT_ASKED.search(title):
        return False
    return not (re.search(r"được bãi bỏ|hết hiệu lực", body) and len(body) < 200)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "phapdien")
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()

    with open(args.data / "INDEX.tsv", encoding="utf-8") as f:
        files = sorted(row["path"] for row in csv.DictReader(f, delimiter="\t"))
    excluded = gold("phapdien_dev.json", "phapdien_train.json")
    pools: dict[str, list[tuple[str, str, str]]] = {}
    for name in files:
        arts = articles(args.data / name)
        pools[name] = [(code, t, b) for code, (t, b) in sorted(arts.items())
                       if (name, code) not in excluded and askable(t, b)]
    rng = random.Random(args.seed)
    rank = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        for _ in range(args.rounds):
            order = [n for n in files if pools[n]]
            rng.shuffle(order)
            for name in order:
                code, title, body = pools[name].pop(rng.randrange(len(pools[name])))
                rank += 1
                out.write(json.dumps({"rank": rank, "law_id": name, "article_id": code, "title": title,
                                      "body": body}, ensure_ascii=False) + "\n")
    print(f"{rank} articles from {len(files)} files -> {args.out}")


if __name__ == "__main__":
    main()
