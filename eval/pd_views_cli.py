"""Run the CLI (e.g. ``eval answers``) with the Pháp điển retriever's dense score blended with the article-title
view (eval/pd_views_exp.py; experiment only, side vector cache under runs/).

    python eval/pd_views_cli.py --view title --mode mean --alpha 0.15 -- eval answers --questions … --collection phapdien …
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pd_views_exp as X  # noqa: E402
from assistant.retrieval import HybridRetriever  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--view", default="title")
    ap.add_argument("--mode", default="mean")
    ap.add_argument("--alpha", type=float, default=0.15)
    ap.add_argument("--article-cosine-in-hits", action="store_true",
                    help="Hit.scores['dense'] stays the article cosine (the refusal model's input)")
    args, rest = ap.parse_known_args()
    if rest and rest[0] == "--":
        rest = rest[1:]
    orig = HybridRetriever.open.__func__
    memo = {}

    def open_(cls, collection, **kw):
        r = orig(cls, collection, **kw)
        if collection == "phapdien" and r.embedder is not None:
            if "vb" not in memo:
                memo["vb"] = X.view_vectors(r, args.view)
            X.patch(r, memo["vb"], args.mode, args.alpha, args.article_cosine_in_hits)
        return r

    HybridRetriever.open = classmethod(open_)
    from assistant.cli import app

    sys.argv = ["assistant", *rest]
    app()


if __name__ == "__main__":
    main()
