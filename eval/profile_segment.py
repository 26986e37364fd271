"""Where word segmentation time goes, stage by stage, in underthesea's ``word_tokenize`` and in the fast tokenizer
(assistant/wordseg.py), on the pieces ``segment`` hands to the word tokenizer for every ALQAC question with its
choices. Thread CPU time, summed per stage, in ms per question; 3 rounds, the best one per stage.

    python -m eval.profile_segment        # → eval/reports/segment-profile.{json,md}
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this worktree's assistant package, also when run as a file

from eval.segment_identity import pieces_of, question_texts  # noqa: E402


def main() -> None:
    import underthesea
    import underthesea.pipeline.word_tokenize as wt
    from underthesea.pipeline.text_normalize import token_normalize
    from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text
    from underthesea.pipeline.word_tokenize.regex_tokenize import extract_match, patterns

    from assistant import text as T

    texts = question_texts()
    pieces = [p for t in texts for p in pieces_of(t)]
    fast = T._tokenizer()
    model = wt.word_tokenize_model
    clock = time.thread_time
    best: dict[str, dict[str, float]] = {"old": {}, "new": {}}
    for _ in range(3):
        acc = {"old": dict.fromkeys(["character normalize", "regex scan", "extract_match", "token_normalize",
                                     "featurizer (Rust, 43 features/token)", "tagger (all 43 features)"], 0.0),
               "new": dict.fromkeys(["character normalize", "regex tokens (letter chunks skip the regex)",
                                     "token lookups (cached)", "features (Python, cached n-grams)",
                                     "tagger (known features only)"], 0.0)}
        fast.clear_caches()
        for p in pieces:
            o = acc["old"]
            c0 = clock(); x = normalize_characters_in_text(p)  # noqa: E702
            c1 = clock(); ms = list(patterns.finditer(x))  # noqa: E702
            c2 = clock(); toks = [extract_match(m)[0] for m in ms]  # noqa: E702
            c3 = clock(); toks = [token_normalize(t) for t in toks]  # noqa: E702
            c4 = clock(); feats = model.featurizer.process([[[t] for t in toks]])[0]  # noqa: E702
            c5 = clock(); model.estimator.tag(feats)  # noqa: E702
            c6 = clock()
            for k, v in zip(o, (c1 - c0, c2 - c1, c3 - c2, c4 - c3, c5 - c4, c6 - c5)):
                o[k] += v
            n = acc["new"]
            c0 = clock(); x = fast._normalize_text(p)  # noqa: E702
            c1 = clock(); raws = fast.raw_tokens(x)  # noqa: E702
            c2 = clock(); infos = fast._lookup(raws)  # noqa: E702
            c3 = clock(); rows = fast._features(infos)  # noqa: E702
            c4 = clock(); fast._tag(rows)  # noqa: E702
            c5 = clock()
            for k, v in zip(n, (c1 - c0, c2 - c1, c3 - c2, c4 - c3, c5 - c4)):
                n[k] += v
            assert len(raws) == len(infos)
        for side in acc:
            for k, v in acc[side].items():
                best[side][k] = min(best[side].get(k, float("inf")), v * 1000 / len(texts))
    res = {"questions": len(texts), "pieces": len(pieces), "underthesea": underthesea.__version__,
           "ms_per_question": best, "total_ms": {s: sum(v.values()) for s, v in best.items()}}
    print(json.dumps(res, indent=1))
    out = ROOT / "eval" / "reports" / "segment-profile"
    out.with_suffix(".json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    lines = ["# Word segmentation profile: underthesea's word_tokenize vs assistant/wordseg.py", "",
             f"`python -m eval.profile_segment` — the {len(pieces)} pieces `segment` hands to the word tokenizer "
             f"for the {len(texts)} ALQAC questions with their choices; thread CPU ms per question, best of 3 "
             f"rounds per stage (the fast tokenizer's caches emptied at the start of each round). "
             f"underthesea {underthesea.__version__}, underthesea_core CRFFeaturizer/CRFTagger (Rust).", ""]
    for side, title in (("old", "underthesea.word_tokenize"), ("new", "FastWordTokenizer")):
        lines += [f"## {title}: {res['total_ms'][side]:.2f} ms per question", "", "| stage | ms/question | share |",
                  "|---|---:|---:|"]
        tot = res["total_ms"][side]
        lines += [f"| {k} | {v:.3f} | {100 * v / tot:.0f} % |" for k, v in best[side].items()]
        lines.append("")
    out.with_suffix(".md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
