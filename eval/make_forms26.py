"""Build ``eval/data/phapdien_forms26_{dev,test}.json`` (80 blind Pháp điển questions in eight question forms).

The articles come from ``eval/sample_forms26.py`` (seeded draw, see there); the questions were written by hand in
draw order, one per article, each labelled with its form (field ``form``):

    a_passive   "X bị V … khi nào / trong trường hợp nào?"
    b_who       "Ai có thẩm quyền …?" / "Cơ quan nào …?"
    c_may_must  "Có bắt buộc phải … không?" / "Có được … không?"
    d_deadline  "Mất bao lâu …?" / "Trong bao nhiêu ngày …?" / "Hạn chót …?"
    e_papers    "Cần giấy tờ gì / hồ sơ gồm những gì …?"
    f_if_then   "Nếu … thì sao / thì bị xử lý thế nào?"
    g_situation a short situation (1–2 sentences about a person), then the question
    h_everyday  everyday wording with no legal term from the article's title

The draft (rank, form, text, verbatim answer, law_id, article_id per question) is kept outside the repository; this
script numbers the questions ``pd_forms26_001``…``080`` in draw order, checks every answer part is quoted from the gold
article, and splits them with a seeded draw stratified by form (seed 26113030: within each form, in id order, shuffle
and put the first half in dev), 40 dev / 40 test. The test file is sealed: fix problems using the dev file only.

    python eval/make_forms26.py --draft /work/scratch/h-blind26/draft.json   # writes both files
    python eval/make_forms26.py --check                                      # re-derives the split from the files
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_phapdien_articles import articles  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "eval" / "data"
DEV, TEST = DATA / "phapdien_forms26_dev.json", DATA / "phapdien_forms26_test.json"
SPLIT_SEED = 26113030
FORMS = {"a": "a_passive", "b": "b_who", "c": "c_may_must", "d": "d_deadline", "e": "e_papers",
         "f": "f_if_then", "g": "g_situation", "h": "h_everyday"}


def _ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def split(questions: list[dict]) -> tuple[list[dict], list[dict]]:
    """Stratified seeded split: per form (sorted), shuffle the ids in id order, first half to dev."""
    rng = random.Random(SPLIT_SEED)
    by_form: dict[str, list[dict]] = defaultdict(list)
    for q in sorted(questions, key=lambda q: q["question_id"]):
        by_form[q["form"]].append(q)
    dev_ids: set[str] = set()
    for form in sorted(by_form):
        ids = [q["question_id"] for q in by_form[form]]
        rng.shuffle(ids)
        dev_ids |= set(ids[: len(ids) // 2])
    ordered = sorted(questions, key=lambda q: q["question_id"])
    return [q for q in ordered if q["question_id"] in dev_ids], [q for q in ordered if q["question_id"] not in dev_ids]


def build(draft: Path, data: Path) -> list[dict]:
    items = json.loads(draft.read_text(encoding="utf-8"))["questions"]
    cache: dict[str, dict] = {}
    out = []
    for i, it in enumerate(sorted(items, key=lambda x: x["rank"]), 1):
        arts = cache.setdefault(it["law_id"], articles(data / it["law_id"]))
        body = _ws(arts[it["article_id"]][1])
        for part in it["answer"].split(" … "):
            assert _ws(part) in body, (it["rank"], part)
        out.append({"question_id": f"pd_forms26_{i:03d}", "question_type": "Tự luận", "form": FORMS[it["form"]],
                    "text": it["text"], "relevant_articles": [{"law_id": it["law_id"], "article_id": it["article_id"]}],
                    "answer": it["answer"]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--draft", type=Path)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "phapdien")
    ap.add_argument("--check", action="store_true", help="re-derive the split from the two committed files")
    args = ap.parse_args()
    if not args.data.is_dir():
        args.data = Path("/work/shared/data/phapdien")
    if args.check:
        dev, test = (json.loads(p.read_text(encoding="utf-8")) for p in (DEV, TEST))
        d2, t2 = split(dev + test)
        assert [q["question_id"] for q in d2] == [q["question_id"] for q in dev]
        assert [q["question_id"] for q in t2] == [q["question_id"] for q in test]
        print(f"split ok: {len(dev)} dev, {len(test)} test (seed {SPLIT_SEED})")
        return
    questions = build(args.draft, args.data)
    dev, test = split(questions)
    for path, qs in ((DEV, dev), (TEST, test)):
        path.write_text(json.dumps(qs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(questions)} questions -> {len(dev)} dev ({DEV.name}), {len(test)} test ({TEST.name}); seed {SPLIT_SEED}")


if __name__ == "__main__":
    main()
