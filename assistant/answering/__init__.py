"""Answer pipeline: question (+ history, collection, as-of date) → cited, validity-aware ``Answer``.

What it does
- Retrieves provisions (``HybridRetriever`` or an injected retriever), decides whether retrieval is
  confident enough to answer (else refuses with suggestions of the nearest documents).
- Extractive mode (default, offline): prefers provisions in force on the as-of date, picks the clauses /
  sentences that answer the question (term overlap + question-type cues), and composes a short Vietnamese
  answer that quotes them with numbered citations [1], [2]. Every citation is a retrieved chunk. Cites a
  second/third provision only when it is nearly as strong as the first; binding legal provisions come before
  guidance (cẩm nang, hướng dẫn, hỏi đáp), higher legal force first among near ties; an amended provision is
  followed by its amending provision and an inline amendment note; an expired one is never cited first.
  For Đúng/Sai and multiple-choice questions it puts a decided label first ("Đúng." / "Sai." /
  "Đáp án: B.") when the lexical evidence decides it, and sets it as ``Answer.verdict`` (kind, value, reason);
  ``answer_label`` reads it.
- Validity notes (amended / replaced / repealed / expired / not yet in force) and conflicts among cited
  provisions from different documents (``assistant.conflicts.check_pair`` on the quoted passages first, so
  the note names the values that clash; a same-wording number check as a backstop; guidance never prevails
  over a legal normative document).
- LLM mode (optional): any OpenAI-compatible endpoint through ``langchain-openai``; provisions are passed
  as delimited data (``assistant.prompts``); afterwards every [n] is verified against the retrieved chunks
  and quoted spans must occur in the cited chunk — invalid ones are dropped into ``dropped_citations``.
- Follow-ups: rule-based rewrite of short follow-ups ("còn thời hạn thì sao?") into a standalone query by
  carrying the previous question's subject; LLM rewrite when a model is configured. ``Conversations`` is a
  bounded in-memory store id → history.
- Two things asked at once ("Hồ sơ … gồm những gì và nộp ở đâu?"): each ask retrieved and answered on its own
  (extractive mode), one numbered paragraph per ask, citations numbered across them; an ask with no answerable
  provision says so; when no ask is answerable on its own, the question is answered (or refused) as a whole;
  provisions cited for different asks are checked for conflicts too.
- A refusal whose best match is an article the Pháp điển lists by title with no text held names it ("Điều
  15.4.LQ.46 Thủ tục yêu cầu cấp Phiếu lý lịch tư pháp số 2 … — kho dữ liệu chưa có nội dung điều này").
- ``astream``: async events for SSE; ``build_chain``: the same pipeline as a langchain Runnable.

What it doesn't do: build indexes, rank documents (retrieval does), detect conflicts across the whole
collection (assistant.conflicts), persist conversations, or follow instructions found inside documents.

Package layout (one module per step; each module's docstring says what it does and does not do):
- ``terms``: text helpers (NFC, syllables, terms, coverage); ``question``: question kind and cues;
  ``followup``: follow-up detection and rewriting; ``conversations``: the in-memory conversation store;
  ``parts``: the two asks of a question that asks two things.
- ``confidence``: confidence features, the refusal model and thresholds; ``scope``: foreign law and documents not
  held; ``regimes``: công chức / viên chức …, khiếu nại / tố cáo; ``refusal``: refusal text, reason, suggestions;
  ``listed``: a Pháp điển article held by title only, named in a refusal.
- ``collection``: guidance vs legal documents, provision keys and lookups over the collection; ``validity``: status
  and validity notes; ``status``: a question about a named document's validity; ``procedures``: step-by-step
  questions.
- ``passages``: the passage quoted from one provision; ``selection``: which provisions are cited, in which order;
  ``verdict``: Đúng/Sai and multiple-choice labels; ``cited_conflicts``: conflicts among cited provisions;
  ``matters``: values of the kind asked that differ across documents with no conflict found (different procedures).
- ``prepared``: the state between the two steps; ``extractive`` / ``llm``: composing the answer;
  ``pipeline``: ``answer``, ``astream``, ``build_chain``, ``warm_up``.

This ``__init__`` only re-exports the public names of the steps (those of the former single module
``assistant/answering.py``) and imports every step module, so ``answering.<module>.<name>`` reaches a private
helper where it lives. A constant or function set on the package (``answering.MIN_COVERAGE =
…``) does not reach the modules that read it: patch it on each module that reads it (``answering.confidence.
MIN_COVERAGE``, ``answering.pipeline.confident`` …).
"""

from assistant.answering.cited_conflicts import GUIDANCE_RULE, find_cited_conflicts
from assistant.answering.collection import GUIDANCE_TYPES, binding_rank, is_consolidated, is_guidance, provision_refs
from assistant.answering.confidence import (
    DENSE_OVERRIDE_COVERAGE,
    DENSE_OVERRIDE_UNI,
    MIN_BM25_NORM,
    MIN_COVERAGE,
    MIN_DENSE,
    REFUSAL_WEIGHTS_PATH,
    RefusalModel,
    confidence_features,
    confident,
    load_refusal_model,
)
from assistant.answering.conversations import Conversations
from assistant.answering.followup import SHORT_FOLLOWUP_SYLLABLES, is_followup, rewrite_followup, rewrite_with_llm
from assistant.answering.llm import LLMUnavailable, get_chat_model, verify_llm_text
from assistant.answering.passages import (
    DELEGATION_PENALTY,
    LEAD_MAX_CHARS,
    MAX_QUOTE_CHARS,
    STEPS_MAX_CHARS,
    VALUE_CUES,
    VALUE_UNIT_REL_COVERAGE,
    Passage,
    best_passage,
)
from assistant.answering.parts import split_asks
from assistant.answering.pipeline import answer, astream, build_chain, warm_up
from assistant.answering.prepared import RETRIEVE_K, Prepared
from assistant.answering.procedures import OUTLINE_MAX_ARTICLES, OUTLINE_MIN_ARTICLES, STEPS_FROM_TOP, procedure_outline
from assistant.answering.question import QuestionInfo, analyze_question
from assistant.answering.refusal import (
    LLM_REFUSAL_REASON,
    LOW_RELEVANCE_REASON,
    NO_RESULT_REASON,
    REFUSAL_TEXT,
    REPHRASE_TEXT,
    SUGGEST_LEAD,
    SUGGEST_MAX,
    SUGGEST_MIN_P,
    SUGGEST_MIN_RERANK,
    SUGGEST_TITLE_CHARS,
    plain_reason,
    suggestion_hits,
    suggestion_label,
)
from assistant.answering.regimes import REGIME_CHECK_K, REGIME_GROUPS, regime_gap, subject_mismatch
from assistant.answering.scope import names_held_document, scope_check
from assistant.answering.selection import (
    BINDING_BAND,
    BINDING_MIN_REL_FUSED,
    BINDING_REL_SCORE,
    CLASH_MIN_COVERAGE,
    MAX_CITATIONS,
    SECONDARY_MAX_RERANK_MARGIN,
    SECONDARY_MIN_COVERAGE,
    SECONDARY_OTHER_DOC_MAX_RERANK_MARGIN,
    SECONDARY_REL_COVERAGE,
    SECONDARY_REL_FUSED,
    TIE_REL_FUSED,
)
from assistant.answering.status import named_document, own_effect_clause, status_sentence
from assistant.answering.validity import (
    GUIDANCE_STATUS,
    OCR_NOTE,
    SUPERSEDED_STATUS,
    source_law_name,
    superseded_hint,
    validity_notes,
    validity_state,
)
from assistant.answering.verdict import (
    NUMERIC_CHOICE_MARGIN,
    Verdict,
    answer_label,
    decide_choice,
    decide_yesno,
    judge_statement,
)

from assistant.answering import (  # noqa: E402,F401  (each step module)
    cited_conflicts, collection, confidence, conversations, extractive, followup, listed, llm, matters, parts,
    passages, pipeline, prepared, procedures, question, refusal, regimes, scope, selection, status, terms, validity,
    verdict,
)

__all__ = [
    "named_document",
    "own_effect_clause",
    "status_sentence",
    "GUIDANCE_RULE",
    "find_cited_conflicts",
    "GUIDANCE_TYPES",
    "binding_rank",
    "is_consolidated",
    "is_guidance",
    "provision_refs",
    "DENSE_OVERRIDE_COVERAGE",
    "DENSE_OVERRIDE_UNI",
    "MIN_BM25_NORM",
    "MIN_COVERAGE",
    "MIN_DENSE",
    "REFUSAL_WEIGHTS_PATH",
    "RefusalModel",
    "confidence_features",
    "confident",
    "load_refusal_model",
    "Conversations",
    "SHORT_FOLLOWUP_SYLLABLES",
    "is_followup",
    "rewrite_followup",
    "rewrite_with_llm",
    "get_chat_model",
    "LLMUnavailable",
    "verify_llm_text",
    "split_asks",
    "DELEGATION_PENALTY",
    "LEAD_MAX_CHARS",
    "MAX_QUOTE_CHARS",
    "STEPS_MAX_CHARS",
    "VALUE_CUES",
    "VALUE_UNIT_REL_COVERAGE",
    "Passage",
    "best_passage",
    "answer",
    "astream",
    "build_chain",
    "warm_up",
    "RETRIEVE_K",
    "Prepared",
    "OUTLINE_MAX_ARTICLES",
    "OUTLINE_MIN_ARTICLES",
    "STEPS_FROM_TOP",
    "procedure_outline",
    "QuestionInfo",
    "analyze_question",
    "LLM_REFUSAL_REASON",
    "LOW_RELEVANCE_REASON",
    "NO_RESULT_REASON",
    "REFUSAL_TEXT",
    "REPHRASE_TEXT",
    "SUGGEST_LEAD",
    "SUGGEST_MAX",
    "SUGGEST_MIN_P",
    "SUGGEST_MIN_RERANK",
    "SUGGEST_TITLE_CHARS",
    "plain_reason",
    "suggestion_hits",
    "suggestion_label",
    "REGIME_CHECK_K",
    "REGIME_GROUPS",
    "regime_gap",
    "subject_mismatch",
    "names_held_document",
    "scope_check",
    "BINDING_BAND",
    "BINDING_MIN_REL_FUSED",
    "BINDING_REL_SCORE",
    "CLASH_MIN_COVERAGE",
    "MAX_CITATIONS",
    "SECONDARY_MAX_RERANK_MARGIN",
    "SECONDARY_MIN_COVERAGE",
    "SECONDARY_OTHER_DOC_MAX_RERANK_MARGIN",
    "SECONDARY_REL_COVERAGE",
    "SECONDARY_REL_FUSED",
    "TIE_REL_FUSED",
    "GUIDANCE_STATUS",
    "OCR_NOTE",
    "SUPERSEDED_STATUS",
    "source_law_name",
    "superseded_hint",
    "validity_notes",
    "validity_state",
    "NUMERIC_CHOICE_MARGIN",
    "Verdict",
    "answer_label",
    "decide_choice",
    "decide_yesno",
    "judge_statement",
]
