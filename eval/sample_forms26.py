"""Draw the Pháp điển articles of the blind question-form set ``eval/data/phapdien_forms26_{dev,test}.json``.

The questions are written by hand after reading each drawn article; this script only fixes *which* articles are
read and in which order (it reads the corpus files only: no index, no model, no ranker, no eval report).

Same pool and method as ``eval/sample_fresh25.py`` (askable articles with a body in ``## VĂN BẢN``; repealed,
scope/subject/definition/effect/transition/implementation, "mục đích/nguyên tắc/giải thích/áp dụng" and
cross-reference-only articles left out; uniform over articles in a seeded random order, at most ``--cap`` per
đề mục file), with seed 2026113026, cap 2, and with the gold articles of **every** existing Pháp điển question file
left out, ``phapdien_fresh25.json`` included (ids only: the files are read by this script, never printed, so that
the new set shares no gold article with any other set).

Writing order (see ``eval/data/README.md``): the articles are taken in draw order; each gets one question in one of
eight forms (a passive "bị … khi nào", b "ai/cơ quan nào có thẩm quyền", c "có bắt buộc/có được … không",
d time limit, e dossier/papers, f consequence "nếu … thì sao", g short situation, h everyday wording), the form
being the one with the fewest questions so far among those the article can answer; an article that has no real
rule (pure definition, empty, repealed, only a reference) is redrawn (skipped), and an article that can only carry
forms already at their quota of 10 is passed over.

    python eval/sample_forms26.py --n 220 --out /work/scratch/h-blind26/candidates.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_fresh25  # noqa: E402

SEED = 2026113026

if __name__ == "__main__":
    sample_fresh25.QUESTION_FILES = sorted(set(sample_fresh25.QUESTION_FILES) | {"phapdien_fresh25.json"})
    sample_fresh25.QUESTION_FILES = [n for n in sample_fresh25.QUESTION_FILES
                                     if not n.startswith("phapdien_forms26")]
    print(f"seed {SEED}, cap 2")
    sys.argv[1:1] = ["--cap", "2", "--seed", str(SEED)]
    sample_fresh25.main()
