"""How well questions typed without marks come back (assistant/diacritics.py), per question set.

    python eval/restore_marks_check.py [--out eval/reports/restore-marks]

For every set: each question has its marks removed (``diacritics.strip_marks``), is restored with the model of its
collection (built from the index's chunks exactly as ingest builds it), and compared syllable by syllable with the
original (lower case, tone placement normalised). Reports the share of syllables right, the share of questions
restored word for word, the time per question, the most frequent confusions, and how many *marked* questions would
be touched at all (should be 0). Sets: ALQAC dev split (tuning), Pháp điển training files (tuning), the sample
questions; the ALQAC test split and Pháp điển dev are reported too, for reference. Needs the collections ``alqac``,
``phapdien`` and ``sample`` (``ASSISTANT_INDEXES_DIR``). Writes ``<out>.json`` and ``<out>.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.diacritics import strip_marks  # noqa: E402
from assistant.evaluation.datasets import load_questions, select_split  # noqa: E402
from assistant.index import Index, diacritic_model_for  # noqa: E402
from assistant.text import fix_tone_placement  # noqa: E402

ALQAC = ROOT.parent / "shared" / "data" / "alqac2025" / "train.json"
DATA = ROOT / "eval" / "data"
_WORDS = re.compile(r"[^\W\d_]+")


def _sets() -> list[tuple[str, str, list[str]]]:
    alqac = load_questions(ALQAC)
    sample = [json.loads(line)["question"] for line in (DATA / "sample_questions.jsonl").open(encoding="utf-8")]
    return [
        ("ALQAC dev split (tuning)", "alqac", [q.text for q in select_split(alqac, "dev")]),
        ("ALQAC test split", "alqac", [q.text for q in select_split(alqac, "test")]),
        ("Pháp điển train (tuning)", "phapdien", [q.text for q in load_questions(DATA / "phapdien_train.json")]),
        ("Pháp điển train2 (tuning)", "phapdien", [q.text for q in load_questions(DATA / "phapdien_train2.json")]),
        ("Pháp điển dev", "phapdien", [q.text for q in load_questions(DATA / "phapdien_dev.json")]),
        ("sample questions", "sample", sample),
    ]


def _words(text: str) -> list[str]:
    return [fix_tone_placement(w.lower()) for w in _WORDS.findall(text)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(ROOT / "eval" / "reports" / "restore-marks"))
    args = ap.parse_args()
    models: dict[str, object] = {}
    build_s: dict[str, float] = {}
    rows = []
    for name, coll, questions in _sets():
        if coll not in models:
            t = time.perf_counter()
            models[coll] = diacritic_model_for(Index.open(coll).chunks)
            build_s[coll] = round(time.perf_counter() - t, 2)
        model = models[coll]
        right = total = exact = touched = 0
        confusions: Counter[str] = Counter()
        t = time.perf_counter()
        for q in questions:
            want = _words(q)
            got = _words(model.restore(strip_marks(q)))  # type: ignore[attr-defined]
            ok = sum(a == b for a, b in zip(want, got))
            right, total, exact = right + ok, total + len(want), exact + (ok == len(want))
            confusions.update(f"{a} → {b}" for a, b in zip(want, got) if a != b)
        ms = (time.perf_counter() - t) * 1000 / max(1, len(questions))
        touched = sum(model.needs_restoring(q) for q in questions)  # type: ignore[attr-defined]
        rows.append({"set": name, "collection": coll, "questions": len(questions), "syllables": total,
                     "syllables_right": round(right / max(1, total), 4), "questions_exact": round(exact / max(1, len(questions)), 3),
                     "ms_per_question": round(ms, 2), "marked_questions_touched": touched,
                     "top_confusions": confusions.most_common(8)})
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {"build_seconds": build_s, "sets": rows}
    out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    lines = ["# Restoring marks in questions typed without them", "",
             "Each question with its marks removed, restored from its collection's counts (`assistant/diacritics.py`).",
             f"Counts built in: {', '.join(f'{k} {v} s' for k, v in build_s.items())} (shared machine).", "",
             "| set | questions | syllables right | questions word for word | ms / question | marked questions touched |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['set']} | {r['questions']} | {r['syllables_right']:.1%} | {r['questions_exact']:.1%} | "
                     f"{r['ms_per_question']} | {r['marked_questions_touched']} |")
    lines += ["", "Most frequent confusions (wanted → restored):", ""]
    lines += [f"- {r['set']}: " + ", ".join(f"{c} ×{n}" for c, n in r["top_confusions"]) for r in rows]
    out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
