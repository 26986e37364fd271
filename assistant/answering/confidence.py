"""Refusal decision from retrieval confidence: the features of a question's hits
(``confidence_features``), the logistic refusal model (``RefusalModel``, weights in ``assistant/refusal_weights.json``)
and ``confident``, which applies it and the coverage / dense / BM25 thresholds.

Does not apply scope rules (``scope``) or regime checks (``regimes``), and does not word the refusal (``refusal``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answering.terms import _coverage, _terms, _uni_coverage
from assistant.records import Hit

# Refusal thresholds (retrieval confidence); see eval/data/refusal_calibration.md. Refuse when
# - a scope rule fires (named document / version not held, foreign law), or
# - coverage < MIN_COVERAGE: share of the question's content syllables + bigrams found in the best of the
#   top-3 chunks (retriever-independent, computed here), or
# - dense < MIN_DENSE (max cosine of the top-3 hits, Hit.scores["dense"]; skipped when the retriever gives
#   none) unless coverage ≥ DENSE_OVERRIDE_COVERAGE (the question's words are nearly all in a provision), or
# - bm25_norm < MIN_BM25_NORM (top BM25 / number of query content syllables; 0 = off: it added nothing on dev).
# Calibrated with the real HybridRetriever (index `alqac`, multilingual-e5-small q4 embeddings) on the ALQAC
# dev split (363 questions) vs the odd-numbered out-of-scope questions (38): 1.7 % false refusals, 2.6 %
# false answers on those; held-out even-numbered out-of-scope: 5.3 %. MIN_DENSE is specific to the
# embedding model: recalibrate when the model changes.
MIN_COVERAGE = 0.40
MIN_DENSE = 0.88
DENSE_OVERRIDE_COVERAGE = 0.80
# … or when the question's content words are nearly all in the provision (e5's cosines are compressed for long,
# wordy questions): on the training dumps this rescues 1 ALQAC dev and 3 Pháp điển train2 questions refused on
# the dense score and answers no out-of-scope question (ALQAC and Pháp điển calibration sets)
DENSE_OVERRIDE_UNI = 0.85
MIN_BM25_NORM = 0.0
# Questions asked in one's own words (the query sent to the retriever is not exam-style, ``rerank.exam_style``, the
# split that also picks the reranker's weights: pasted multiple-choice options — sent as "A. …" lines — and a
# statement to judge "… đúng hay sai?" are exam-style) are decided by a small logistic model first, when
# the retriever gives every feature it needs: the dense cosine and coverage above, the top hit's rerank score, the
# share of the candidate list's fused mass in the top hit's document and how much of its article title the question
# contains. Officials' paraphrases share fewer words with the article than exam questions do, so coverage/dense
# thresholds calibrated on exam wording refused them (Pháp điển: 10 % of dev questions) while answering out-of-scope
# questions about matters next to the collection's own (20 % of those written for Pháp điển). The model answers what it is confident about (one threshold for all collections) and,
# for a collection calibrated with out-of-scope questions written for it, refuses what it finds unlikely; otherwise
# the thresholds above decide (``confident``). Weights and thresholds: ``refusal_weights.json``, fitted by
# ``eval/train_refusal.py`` on ALQAC dev + the Pháp điển training questions vs the calibration halves of both
# out-of-scope sets (eval/data/refusal_calibration.md). Exam-style questions keep the thresholds above.
# (assistant/refusal_weights.json: beside the answering package, where eval/train_refusal.py writes it)
REFUSAL_WEIGHTS_PATH = Path(__file__).parent.with_name("refusal_weights.json")
# The model's veto (``refuse_below``) is not applied when the reranker is itself sure of its first article: its score
# for the top hit ≥ the collection's VETO_EXEMPT_RERANK; the coverage / dense thresholds then decide. The model's
# strongest weight is the dense cosine, which is low for questions in everyday words even when the reranker puts the
# right article first ("Hội cổ động viên … phải báo trước cho Ban tổ chức giải chậm nhất mấy ngày?": rerank 12.4,
# coverage 0.71, dense 0.862 → P 0.14). Fitted on the Pháp điển training files only (phapdien_train…train11 vs
# out_of_scope_phapdien_train2…8, 10; eval/refusal_causes.py): the veto refused 137 of their 752 in-scope questions
# (70 with the gold article first); from 8.0, 9 of them are answered, each citing its gold article first, and none of
# the 136 out-of-scope ones it refused (7.5 is the lowest such value; 5-fold CV of that choice: +10 in-scope, +1
# out-of-scope held out). Not for one ask of a two-part question ("Thẻ căn cước bị mất thì làm lại ở đâu và lệ phí
# bao nhiêu?", ``whole``): such a question is answered when either ask is, and a short ask's few words are all in some
# provision (asks lifted 3 out-of-scope and 3 in-scope questions, none citing its gold article). No value for ALQAC:
# not fitted there.
VETO_EXEMPT_RERANK: dict[str, float] = {"phapdien": 8.0}


def confidence_features(question: str, hits: list[Hit]) -> dict[str, float]:
    """Features used for refusal; only those the retriever provides are present (coverage always)."""
    if not hits:
        return {"coverage": 0.0}
    top = hits[0]
    qt = _terms(question)
    qu = qt[0]
    pts = [_terms(h.chunk.passage()) for h in hits[:3]]
    feats = {
        "coverage": max(_coverage(qt, pt) for pt in pts),  # syllables + bigrams, best of top 3
        "coverage_uni": _uni_coverage(qu, pts[0][0]),
        "top_score": float(top.score),
        # log of the number of words: short everyday questions share fewer words with any article, so coverage means
        # less for them (a feature of the refusal model)
        "question_len": math.log(max(1, len(question.split()))),
    }
    if "dense" in top.scores:
        feats["dense"] = max(float(h.scores.get("dense", 0.0)) for h in hits[:3])
    if "bm25" in top.scores:
        feats["bm25_norm"] = max(float(h.scores.get("bm25", 0.0)) for h in hits[:3]) / max(1, len(qu))
    # the retriever's reranker: its score for the top hit and two of its features (rerank.CONFIDENCE_FEATURES)
    for key, name in (("rerank", "rerank"), ("rerank_doc_share", "doc_share"),
                      ("rerank_title_in_query", "title_in_query")):
        if key in top.scores:
            feats[name] = float(top.scores[key])
    return feats


@dataclass(frozen=True)
class RefusalModel:
    """Logistic model over confidence features: P(in scope) = σ(((x − mean) / scale) · coef + intercept).

    ``answer_above``: a question asked in one's own words is answered when P ≥ this, whatever the coverage/dense
    thresholds say (one value for every collection, unless ``answer_above_by_collection`` gives a calibrated
    collection its own). ``refuse_below``: per collection that has a calibration (labelled out-of-scope questions
    written for it), refuse when P < this even if the thresholds would answer; collections without one never get
    this veto."""
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    answer_above: float
    refuse_below: dict[str, float] = field(default_factory=dict)
    # a calibrated collection's own ``answer_above`` (chosen with its ``refuse_below`` on its labelled questions)
    answer_above_by_collection: dict[str, float] = field(default_factory=dict)

    def answer_threshold(self, collection: str | None) -> float:
        return self.answer_above_by_collection.get(collection or "", self.answer_above)

    def probability(self, feats: dict[str, float]) -> float | None:
        """None when a feature is missing (retriever without dense vectors or reranker)."""
        if any(f not in feats for f in self.features):
            return None
        z = self.intercept + sum((feats[f] - m) / s * c
                                 for f, m, s, c in zip(self.features, self.mean, self.scale, self.coef))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


_REFUSAL_MODEL: dict[str, RefusalModel | None] = {}


def load_refusal_model(path: Path | None = None) -> RefusalModel | None:
    """The model in ``path`` (default ``refusal_weights.json``); None if the file does not exist."""
    p = Path(path or REFUSAL_WEIGHTS_PATH)
    key = str(p)
    if key not in _REFUSAL_MODEL:
        model = None
        if p.exists():
            try:
                w = json.loads(p.read_text(encoding="utf-8"))
                model = RefusalModel(
                    features=tuple(w["features"]), mean=tuple(map(float, w["mean"])),
                    scale=tuple(map(float, w["scale"])), coef=tuple(map(float, w["coef"])),
                    intercept=float(w["intercept"]), answer_above=float(w["answer_above"]),
                    refuse_below={str(k): float(v) for k, v in (w.get("refuse_below") or {}).items()},
                    answer_above_by_collection={str(k): float(v)
                                                for k, v in (w.get("answer_above_by_collection") or {}).items()})
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                raise ValueError(f"Tệp trọng số từ chối {p} không hợp lệ: {e}") from e
            if not len(model.features) == len(model.mean) == len(model.scale) == len(model.coef):
                raise ValueError(f"Tệp trọng số từ chối {p} không hợp lệ: số đặc trưng và số trọng số khác nhau")
        _REFUSAL_MODEL[key] = model
    return _REFUSAL_MODEL[key]


def confident(feats: dict[str, float], exam: bool = True, collection: str | None = None,
              whole: bool = True) -> tuple[bool, str]:
    """(answer?, reason for refusing). Exam-style questions (``rerank.exam_style``) are decided by the coverage and
    dense thresholds; a question asked in one's own words first by the refusal model (when the retriever gave all its
    features): answered at P ≥ ``answer_above`` (the collection's own when it has one), refused at P < the
    collection's ``refuse_below`` unless the reranker's top score reaches the collection's ``VETO_EXEMPT_RERANK`` and
    ``whole`` (the question as asked, not one ask of a two-part question: see VETO_EXEMPT_RERANK), else the thresholds
    decide."""
    model = load_refusal_model() if not exam else None
    p = model.probability(feats) if model is not None else None
    if model is not None and p is not None:
        if p >= model.answer_threshold(collection):
            return True, ""
        floor = model.refuse_below.get(collection or "")
        exempt = VETO_EXEMPT_RERANK.get(collection or "")
        sure = whole and exempt is not None and feats.get("rerank", float("-inf")) >= exempt
        if floor is not None and p < floor and not sure:
            return False, f"độ tin cậy của kết quả tìm kiếm thấp ({p:.2f} < {floor:.2f})"
    if feats.get("coverage", 0.0) < MIN_COVERAGE:
        return False, f"độ phủ thuật ngữ câu hỏi thấp ({feats.get('coverage', 0.0):.2f} < {MIN_COVERAGE})"
    if ("dense" in feats and feats["dense"] < MIN_DENSE and feats.get("coverage", 0.0) < DENSE_OVERRIDE_COVERAGE
            and feats.get("coverage_uni", 0.0) < DENSE_OVERRIDE_UNI):
        return False, f"độ tương đồng ngữ nghĩa thấp ({feats['dense']:.3f} < {MIN_DENSE})"
    if "bm25_norm" in feats and feats["bm25_norm"] < MIN_BM25_NORM:
        return False, f"điểm BM25 thấp ({feats['bm25_norm']:.2f} < {MIN_BM25_NORM})"
    return True, ""
