"""Check that every gold (law_id, article_id) of a question file names an article of a built index.

The data tests (tests/test_sample_corpus.py) check Pháp điển gold ids against the đề mục files themselves; this
script checks them against what the pipeline actually indexed (its article segmentation can differ from the tests'
regex, e.g. for glued or letter-suffixed article heads), without loading any model.

    ASSISTANT_INDEXES_DIR=/work/main/indexes python eval/check_question_ids.py --collection phapdien \\
        eval/data/phapdien_train2.json eval/data/phapdien_train.json eval/data/phapdien_dev.json

Exits with status 1 and the loader's error message (file, question, missing id) if one is missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.evaluation.datasets import DatasetError, check_articles, load_questions
from assistant.index import Index


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("files", nargs="+", type=Path, help="question files (ALQAC-format JSON/JSONL)")
    ap.add_argument("--collection", default="phapdien", help="index collection name (default: phapdien)")
    args = ap.parse_args()

    known = {(c.law_id, c.article_id) for c in Index.open(args.collection).chunks}
    failed = False
    for path in args.files:
        questions = load_questions(path)
        try:
            check_articles(questions, known, path)
        except DatasetError as err:
            print(err, file=sys.stderr)
            failed = True
            continue
        n_gold = sum(len(q.relevant) for q in questions)
        print(f"{path}: {len(questions)} questions, {n_gold} gold ids, all in '{args.collection}'")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
