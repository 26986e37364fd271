"""Word segmentation identity: the fast word tokenizer (assistant/wordseg.py) against underthesea's own
``word_tokenize``, on real inputs.

    python -m eval.segment_identity                      # all ALQAC questions with choices + 3,000 + 3,000 sentences
    python -m eval.segment_identity --corpus-sentences 300 --pd-sentences 300 --questions 150   # a slice

Inputs: every question of ../shared/data/alqac2025/train.json with its choices appended (as the benchmarks ask
them), sentences sampled (seeded) from the ALQAC corpus articles and from the Pháp điển files (their body,
normalised as ingestion does). Each text is compared twice: ``word_tokenize`` on every piece ``segment`` hands
to it (raw words, before lower-casing), and ``segment`` itself. Writes eval/reports/segment-identity.{json,md}
(full run only, or with --out).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
if not SHARED.exists():
    SHARED = Path("/work/shared/data")
TRAIN = SHARED / "alqac2025" / "train.json"
CORPUS = SHARED / "alqac2025" / "corpus.json"
PD = SHARED / "phapdien"
sys.path.insert(0, str(ROOT))  # this worktree's assistant package, also when run as a file


def question_texts(limit: int | None = None) -> list[str]:
    from assistant.evaluation.datasets import load_alqac_questions

    qs = load_alqac_questions(TRAIN)
    return [q.query("choices") for q in qs][:limit]


def _sentences(text: str) -> list[str]:
    from assistant.text import _SENT_SPLIT_RE

    return [s.strip() for s in _SENT_SPLIT_RE.split(text) if len(s.strip()) > 1]


def corpus_sentences(n: int, seed: int = 0) -> list[str]:
    data = json.loads(CORPUS.read_text(encoding="utf-8"))
    sents = [s for law in data for art in law["articles"] for s in _sentences(art["text"])]
    return random.Random(seed).sample(sents, min(n, len(sents)))


def phapdien_sentences(n: int, seed: int = 0, every: int = 1) -> list[str]:
    """n sentences of the Pháp điển files (every ``every``-th file, in name order)."""
    from assistant.text import normalize

    sents: list[str] = []
    for f in sorted(PD.rglob("*.md"))[::every]:
        body = f.read_text(encoding="utf-8").split("## VĂN BẢN", 1)[-1]
        sents.extend(_sentences(normalize(re.sub(r"[#*|]+", " ", body))))
    return random.Random(seed).sample(sents, min(n, len(sents)))


def pieces_of(text: str) -> list[str]:
    """The pieces ``segment`` gives the word tokenizer (sentences, codes cut out)."""
    from assistant.text import _CODE_RE, _SENT_SPLIT_RE

    out = []
    for sent in _SENT_SPLIT_RE.split(unicodedata.normalize("NFC", text)):
        sent = sent.strip()
        pos = 0
        for m in _CODE_RE.finditer(sent):
            out.append(sent[pos : m.start()])
            pos = m.end()
        out.append(sent[pos:])
    return [p for p in out if p.strip()]


def compare(texts: list[str]) -> dict:
    """Counts of texts/pieces compared, the differences (at most 20 shown) and pieces on the slow path."""
    from assistant import text as T

    fast = T._tokenizer()
    slow = T.underthesea_word_tokenize()
    diffs: list[dict] = []
    n_pieces = n_slow = n_words = 0
    for t in texts:
        for p in pieces_of(t):
            n_pieces += 1
            a, b = slow(p), fast(p)
            n_words += len(a)
            if getattr(fast, "features", None) and fast.features(p) is None:
                n_slow += 1
            if a != b:
                diffs.append({"piece": p, "underthesea": a, "fast": b})
        if T.segment_with(t, slow) != T.segment_with(t, fast):
            diffs.append({"text": t, "kind": "segment"})
    return {"texts": len(texts), "pieces": n_pieces, "words": n_words, "slow_path_pieces": n_slow,
            "differences": len(diffs), "examples": diffs[:20]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=None, help="first N ALQAC questions (default: all)")
    ap.add_argument("--corpus-sentences", type=int, default=3000)
    ap.add_argument("--pd-sentences", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None, help="report stem (default eval/reports/segment-identity "
                    "for a full run)")
    a = ap.parse_args()
    full = a.questions is None and a.corpus_sentences >= 3000 and a.pd_sentences >= 3000
    out = a.out or (ROOT / "eval" / "reports" / "segment-identity" if full else None)
    t0 = time.time()
    sets = {
        "alqac_questions_with_choices": question_texts(a.questions),
        "alqac_corpus_sentences": corpus_sentences(a.corpus_sentences, a.seed),
        "phapdien_sentences": phapdien_sentences(a.pd_sentences, a.seed),
    }
    res = {name: compare(texts) for name, texts in sets.items()}
    total = {k: sum(r[k] for r in res.values()) for k in ("texts", "pieces", "words", "slow_path_pieces", "differences")}
    import underthesea

    report = {"underthesea": underthesea.__version__, "seed": a.seed, "sets": res, "total": total,
              "seconds": round(time.time() - t0, 1)}
    print(json.dumps({"total": total, "sets": {k: {x: v[x] for x in v if x != "examples"} for k, v in res.items()}},
                     ensure_ascii=False, indent=1))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        rows = "\n".join(f"| {k} | {v['texts']} | {v['pieces']} | {v['words']} | {v['slow_path_pieces']} | "
                         f"{v['differences']} |" for k, v in res.items())
        out.with_suffix(".md").write_text(
            "# Word segmentation identity: fast tokenizer vs underthesea.word_tokenize\n\n"
            f"`python -m eval.segment_identity` (underthesea {underthesea.__version__}, seed {a.seed}). Every piece "
            "`segment` hands to the word tokenizer is tokenized by both (raw words compared), and `segment` output "
            "is compared per text. *slow path*: pieces with a character outside the fast path's set, handed to "
            "underthesea's function itself.\n\n"
            "| set | texts | pieces | words | slow path | differences |\n|---|---:|---:|---:|---:|---:|\n"
            f"{rows}\n| **total** | {total['texts']} | {total['pieces']} | {total['words']} | "
            f"{total['slow_path_pieces']} | **{total['differences']}** |\n",
            encoding="utf-8")
    sys.exit(1 if total["differences"] else 0)


if __name__ == "__main__":
    main()
