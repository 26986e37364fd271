"""Draw the Pháp điển articles of ``eval/data/phapdien_train11.json`` (40 everyday-worded training questions).

Same method as ``eval/sample_fresh25.py`` (seeded uniform draw over askable articles, gold ids of the other
question files left out), with seed 20261201, cap 2 per đề mục file, and without reading the dev and fresh25 files
(their ids are not used: the chance of a shared article is negligible and those files stay unread). The questions
were written in the draw order after reading each article, before any system run; articles a citizen would not ask
about (an agency's internal duties, funding, technical procedures) were passed over, the first 40 kept.

    python eval/sample_train11.py --out /tmp/h-everyday/cand.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_fresh25  # noqa: E402

if __name__ == "__main__":
    sample_fresh25.QUESTION_FILES = [n for n in sample_fresh25.QUESTION_FILES
                                     if n not in ("phapdien_dev.json", "phapdien_fresh25.json", "phapdien_train11.json")]
    sys.argv[1:1] = ["--n", "70", "--cap", "2", "--seed", "20261201"]
    sample_fresh25.main()
