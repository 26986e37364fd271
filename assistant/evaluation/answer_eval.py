"""Answer evaluation: citations, refusals, decided labels, groundedness and latency of ``answering.answer``.

``run_answer_eval`` asks every question of a question file (ALQAC format; multiple-choice questions
are pasted with their "A. … B. …" lines, as an official would) plus the out-of-scope set
(``eval/data/out_of_scope.jsonl``) through ``assistant.answering.answer(question, collection=…)`` and
writes ``metrics.json``, ``answers.jsonl`` (one row per question) and ``report.md`` / ``report.html``.

Definitions (flat keys of metrics.json):
- ``citation_recall``: mean over in-scope questions of |cited ∩ gold| / |gold| articles; a refusal or an
  error cites nothing (0). ``citation_precision``: mean over in-scope questions that were answered of
  |cited ∩ gold| / |cited|; an answer with no citation scores 0. Articles are (law_id, article_id) of the
  citations (parsed from ``chunk_id`` "doc#article[/k…]" when the citation leaves them empty).
- ``false_refusal_rate``: in-scope questions refused (or failed with an error) / in-scope questions.
- ``false_answer_rate``: out-of-scope questions answered (or failed with an error) / out-of-scope
  questions (the out-of-scope file plus in-file questions with empty ``relevant_articles``).
- ``answer_accuracy``: over questions with a gold label (Đúng/Sai; Trắc nghiệm letter): the label the
  answer decided (``Answer.verdict.value``; for an answer without a verdict — LLM mode, an injected
  ``answer_fn`` — ``label_fn``, by default ``answering.answer_label``, which reads "Đúng." / "Sai." /
  "Đáp án: X." at the start of the text) equals the gold; no decided label or a refusal counts as wrong.
  "n/a" when no answer has a verdict and there is no label reader, or when none decides a label.
  ``answer_label_coverage`` = share with a decided label; ``answer_accuracy_decided`` = accuracy among
  those. Free-text (Tự luận) answers are not scored for correctness.
- ``groundedness``: over answered questions, the mean share of answer sentences whose content syllables
  (stop words, citation markers removed) are ≥ ``GROUNDED_MIN_COVERAGE`` covered by one cited passage
  (full chunk text + citation string); sentences without content syllables are not counted.
- ``latency_p50_ms`` / ``latency_p95_ms``: wall time of each ``answer`` call.
Errors never disappear: they are counted as failures and listed in ``errors``.

Tests inject ``answer_fn(question_text) -> Answer`` (and optionally ``label_fn``, ``passage_fn``).
"""

from __future__ import annotations

import json
import re
import sys
import time
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

from assistant.evaluation.datasets import (
    OUT_OF_SCOPE_FILE,
    ArticleKey,
    Question,
    check_articles,
    load_out_of_scope,
    load_questions,
    select_split,
    without_marks,
)
from assistant.evaluation.metrics import latency_stats
from assistant.evaluation.provenance import code_provenance
from assistant.records import Answer

GROUNDED_MIN_COVERAGE = 0.8
_WORD = re.compile(r"\w+", re.UNICODE)
_MARK = re.compile(r"\[\d{1,3}\]")
_SENT = re.compile(r"(?<=[.!?…])[\s”\"]+")
_STOP = set(
    """và của là các những được có cho theo tại trong với về từ này đó khi thì nếu mà để do bởi hoặc hay
    như một số việc ra vào lên đến trên dưới sau trước cũng đã đang sẽ phải nào gì ai sao bao nhiêu
    không chưa đúng sai rồi đâu ngoài ra quy định đáp án""".split()
)


def _log(msg: str, progress: bool) -> None:
    if progress:
        print(msg, file=sys.stderr, flush=True)


def content_syllables(text: str) -> list[str]:
    text = _MARK.sub(" ", unicodedata.normalize("NFC", text).lower())
    return [w for w in _WORD.findall(text) if (w not in _STOP and not w.isdigit()) or (w.isdigit() and len(w) > 1)]


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text) if s and s.strip()]


# the decided label of a multiple-choice answer ("Đáp án: B."): a verdict, not a claim taken from a passage (its letter
# was its only content word, found in a passage only when a list item happened to be "a)" or "d)")
_CHOICE_LABEL = re.compile(r"^đáp án\s*:?\s*[a-z]\s*[.)]?$", re.IGNORECASE)


def groundedness(text: str, passages: Sequence[str], min_coverage: float = GROUNDED_MIN_COVERAGE) -> float | None:
    """Share of sentences (with content words) covered ≥ ``min_coverage`` by a single passage; None if none. The
    decided label ("Đúng.", "Sai.", "Đáp án: B.") is not a sentence to ground."""
    psets = [set(content_syllables(p)) for p in passages if p]
    scored = 0
    ok = 0
    for s in split_sentences(text):
        if _CHOICE_LABEL.match(unicodedata.normalize("NFC", s).strip()):
            continue
        words = content_syllables(s)
        if not words:
            continue
        scored += 1
        for ps in psets:
            if sum(1 for w in words if w in ps) / len(words) >= min_coverage:
                ok += 1
                break
    return ok / scored if scored else None


def cited_articles(ans: Answer) -> list[ArticleKey]:
    out: list[ArticleKey] = []
    for c in ans.citations:
        law, art = c.law_id, c.article_id
        if not (law and art) and c.chunk_id:
            doc, _, rest = c.chunk_id.partition("#")
            law, art = law or doc, art or rest.split("/", 1)[0]
        key = (unicodedata.normalize("NFC", law), unicodedata.normalize("NFC", art))
        if key not in out:
            out.append(key)
    return out


def gold_label(q: Question) -> str | None:
    """The gold decided label: "Đúng"/"Sai" for true/false, the letter for multiple choice, else None."""
    if not q.answer:
        return None
    a = q.answer.strip()
    if q.choices:
        m = re.fullmatch(r"([A-Da-d])[.)]?", a)
        return m.group(1).upper() if m else None
    low = a.lower().rstrip(".")
    if low in ("đúng", "sai"):
        return "Đúng" if low == "đúng" else "Sai"
    return None


def _mean(xs: Sequence[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def score_rows(rows: list[dict[str, Any]], accuracy_available: bool) -> dict[str, Any]:
    """Aggregate per-question rows (see ``run_answer_eval``) into the flat metrics."""
    ins = [r for r in rows if r["in_scope"]]
    oos = [r for r in rows if not r["in_scope"]]
    answered = [r for r in ins if not r["refused"] and not r["error"]]
    m: dict[str, Any] = {
        "citation_precision": _mean([r["citation_precision"] for r in answered]),
        "citation_recall": _mean([r["citation_recall"] for r in ins]),
        "false_refusal_rate": _mean([1.0 if (r["refused"] or r["error"]) else 0.0 for r in ins]),
        "false_answer_rate": _mean([0.0 if (r["refused"] and not r["error"]) else 1.0 for r in oos]),
    }
    lab = [r for r in ins if r["gold_label"] is not None]
    decided = [r for r in lab if r["label"] is not None]
    if accuracy_available and decided:
        m["answer_accuracy"] = _mean([1.0 if r["label"] == r["gold_label"] else 0.0 for r in lab])
        m["answer_accuracy_decided"] = _mean([1.0 if r["label"] == r["gold_label"] else 0.0 for r in decided])
        m["answer_label_coverage"] = len(decided) / len(lab)
    else:
        m["answer_accuracy"] = "n/a"
        m["answer_accuracy_decided"] = "n/a"
        m["answer_label_coverage"] = (len(decided) / len(lab)) if lab else "n/a"
    g = [r["groundedness"] for r in rows if r["groundedness"] is not None]
    m["groundedness"] = _mean(g)
    lat = latency_stats([r["latency_ms"] for r in rows if r["latency_ms"] is not None])
    m["latency_p50_ms"], m["latency_p95_ms"] = lat["latency_p50_ms"], lat["latency_p95_ms"]
    m["n_in_scope"], m["n_out_of_scope"], m["n_answered"] = len(ins), len(oos), len(answered)
    m["n_with_gold_label"] = len(lab)
    m["n_errors"] = sum(1 for r in rows if r["error"])
    return m


def run_answer_eval(
    questions: Path,
    corpus: Path | None,
    collection: str | None,
    out_dir: Path,
    out_of_scope: Path | None = OUT_OF_SCOPE_FILE,
    split: str | None = None,
    limit: int | None = None,
    *,
    unmarked: bool = False,
    answer_fn: Callable[[str], Answer] | None = None,
    label_fn: Callable[[Answer], str | None] | None = None,
    passage_fn: Callable[[str], str | None] | None = None,
    llm: bool = False,
    min_coverage: float = GROUNDED_MIN_COVERAGE,
    progress: bool = True,
) -> dict[str, Any]:
    """Evaluate answers on ``questions`` (+ ``out_of_scope`` set); write outputs to ``out_dir``; return metrics.

    ``limit`` caps the in-file questions (after ``split``); the out-of-scope set is always used whole
    (pass ``out_of_scope=None`` to skip it). ``unmarked`` asks every question without Vietnamese marks.
    ``answer_fn`` replaces ``answering.answer`` (tests).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = datetime.now(timezone.utc)
    qs = select_split(load_questions(Path(questions)), split)
    if limit is not None:
        qs = qs[: max(0, limit)]
    oos_qs = load_out_of_scope(Path(out_of_scope)) if out_of_scope else []
    if unmarked:
        qs, oos_qs = without_marks(qs), without_marks(oos_qs)

    chunk_text: dict[str, str] = {}
    if answer_fn is None:
        from assistant import answering
        from assistant.evaluation.retrieval_eval import default_collection_name
        from assistant.index import Index

        if collection is None:
            if corpus is None:
                raise ValueError("cần --corpus hoặc --collection")
            collection = default_collection_name(corpus)
        if corpus is not None:
            from assistant.ingest import ingest

            ingest([Path(corpus)], collection, reuse=True)
        idx = Index.open(collection)
        chunk_text = {c.id: c.text for c in idx.chunks}
        check_articles(qs, {(c.law_id, c.article_id) for c in idx.chunks}, questions)
        coll = collection

        def answer_fn(text: str) -> Answer:
            return answering.answer(text, collection=coll, llm=llm)

        label_fn = label_fn or getattr(answering, "answer_label", None)
    accuracy_available = label_fn is not None  # or, below, as soon as an answer carries a verdict
    passage_fn = passage_fn or chunk_text.get

    rows: list[dict[str, Any]] = []
    everything = [*qs, *oos_qs]
    t_last = time.monotonic()
    for i, q in enumerate(everything, start=1):
        text = q.query("choices")
        t0 = time.perf_counter()
        ans: Answer | None = None
        err: str | None = None
        try:
            ans = answer_fn(text)
        except Exception as e:
            err = f"{type(e).__name__}: {e}"
        ms = (time.perf_counter() - t0) * 1000
        gold = list(q.relevant)
        row: dict[str, Any] = {
            "question_id": q.question_id,
            "type": q.question_type,
            "category": q.category,
            "question": text,
            "in_scope": not q.out_of_scope,
            "gold": [list(g) for g in gold],
            "latency_ms": ms,
            "error": err,
            "refused": bool(ans.refused) if ans else False,
            "answer": ans.text if ans else None,
            "cited": [],
            "citation_precision": None,
            "citation_recall": None,
            "gold_label": gold_label(q),
            "label": None,
            "groundedness": None,
        }
        if ans is not None:
            cited = cited_articles(ans)
            row["cited"] = [list(c) for c in cited]
            if not ans.refused:
                if ans.verdict is not None:  # the label the pipeline decided
                    row["label"] = ans.verdict.value
                    accuracy_available = True
                elif label_fn is not None:
                    try:
                        row["label"] = label_fn(ans)
                    except Exception:
                        row["label"] = None
                passages = [
                    f"{c.citation}\n{passage_fn(c.chunk_id) or c.quote}" for c in ans.citations
                ]
                row["groundedness"] = groundedness(ans.text, passages, min_coverage)
        if gold:
            hit = len(set(map(tuple, row["cited"])) & set(gold))
            row["citation_recall"] = hit / len(gold) if not row["refused"] else 0.0
            if ans is not None and not ans.refused:
                row["citation_precision"] = hit / len(row["cited"]) if row["cited"] else 0.0
            if err:
                row["citation_recall"] = 0.0
        if err:
            row["verdict"] = "error"
        elif gold:
            row["verdict"] = "false_refusal" if row["refused"] else "answered"
        else:
            row["verdict"] = "refused_ok" if row["refused"] else "false_answer"
        rows.append(row)
        if progress and (time.monotonic() - t_last > 15 or i == len(everything)):
            t_last = time.monotonic()
            _log(f"[answers] {i}/{len(everything)}", progress)

    metrics = score_rows(rows, accuracy_available)
    per_type: dict[str, Any] = {}
    for t in sorted({r["type"] for r in rows}):
        sub = score_rows([r for r in rows if r["type"] == t], accuracy_available)
        per_type[t] = {k: sub[k] for k in ("citation_precision", "citation_recall", "false_refusal_rate",
                                           "answer_accuracy", "groundedness", "latency_p50_ms")}
        per_type[t]["n"] = sum(1 for r in rows if r["type"] == t)
    oos_rows = [r for r in rows if not r["in_scope"]]
    metrics["per_type"] = per_type
    metrics["false_answer_by_category"] = {
        c: _mean([0.0 if (r["refused"] and not r["error"]) else 1.0 for r in oos_rows if (r["category"] or "") == c])
        for c in sorted({r["category"] or "" for r in oos_rows})
    }
    metrics["errors"] = [{"question_id": r["question_id"], "error": r["error"]} for r in rows if r["error"]]
    metrics["notes"] = [
        f"Câu hỏi: {questions} (phần: {split or 'all'}"
        + (f", giới hạn {limit}" if limit else "") + f"); tập ngoài phạm vi: {out_of_scope or '–'}; "
        f"bộ sưu tập: {collection or '–'}; chế độ: {'llm' if llm else 'extractive'}.",
        "Câu trắc nghiệm được gửi kèm các lựa chọn A–D như cán bộ dán nguyên câu hỏi.",
        f"Độ bám nguồn (groundedness): câu trả lời được tính là có căn cứ khi ≥ {min_coverage:.0%} âm tiết nội dung "
        "nằm trong một đoạn được trích dẫn.",
        "Độ chính xác đáp án: chỉ tính với câu Đúng/Sai và trắc nghiệm; câu không có nhãn quyết định hoặc bị từ "
        "chối tính là sai; 'n/a' khi hệ thống không đưa ra nhãn.",
    ]
    metrics["config"] = {
        "questions": str(questions), "out_of_scope": str(out_of_scope) if out_of_scope else None,
        "corpus": str(corpus) if corpus else None, "collection": collection, "split": split or "all", "unmarked": unmarked,
        "limit": limit, "llm": llm, "grounded_min_coverage": min_coverage,
        "started_at": started.isoformat(), "finished_at": datetime.now(timezone.utc).isoformat(),
        "code": code_provenance(),
    }
    with open(out_dir / "answers.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    from assistant.evaluation.report import write_answer_report

    write_answer_report(metrics, rows, out_dir)
    return metrics
