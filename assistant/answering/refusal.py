"""Refusals: the refusal text, the reason in plain words (``plain_reason``) and the nearest articles
suggested with it (``suggestion_hits``, ``suggestion_label``), or a request to rephrase.

Does not decide whether to refuse (``confidence``, ``scope``, ``regimes``).
"""

from __future__ import annotations

import re

from assistant.answering.confidence import load_refusal_model
from assistant.answering.listed import listed_sentence
from assistant.answering.prepared import Prepared
from assistant.answering.terms import _STOP, _nfc, _syllables
from assistant.chunking import named_source
from assistant.questions import not_vietnamese
from assistant.records import Answer, Chunk, Hit

REFUSAL_TEXT = "Không tìm thấy căn cứ pháp lý phù hợp trong cơ sở dữ liệu cho câu hỏi này."


# Suggestions shown with a refusal: the nearest retrieved articles, only when they are plausibly about the question's
# legal matter. An everyday question outside the law ("Công thức tính diện tích hình thang là gì?") otherwise gets
# articles that merely share a word (agricultural land tax), which erodes trust; it gets a request to rephrase.
# Gate, tuned on ALQAC dev + Pháp điển dev/train/train2/train3 and their out-of-scope sets only
# (eval/refusal_suggestions_dump.py; figures in the branch notes): no suggestion at all when the refusal model gives
# the question P(in scope) < SUGGEST_MIN_P; otherwise each article whose reranker score is ≥ SUGGEST_MIN_RERANK (a
# retriever without reranker scores: an article whose title or document title shares a content word pair with the
# question), at most SUGGEST_MAX, one per article.
SUGGEST_MIN_P = 0.03
SUGGEST_MIN_RERANK = 0.0
SUGGEST_MAX = 3
SUGGEST_TITLE_CHARS = 120
# Said instead of suggestions when none passes the gate.
REPHRASE_TEXT = (
    "Câu hỏi có thể nằm ngoài phạm vi các văn bản pháp luật trong cơ sở dữ liệu. Vui lòng hỏi lại, nêu rõ vấn đề "
    "pháp lý cần tra cứu (thủ tục, thời hạn, thẩm quyền, điều kiện, mức phí, mức phạt…) hoặc tên văn bản (luật, "
    "nghị định, thông tư…)."
)
# Said instead when the question is in another language (``questions.not_vietnamese``): the collection is Vietnamese
# law, searched in Vietnamese; the English sentence is for the reader who could not read the rest.
FOREIGN_TEXT = ("Trợ lý chỉ tra cứu được câu hỏi viết bằng tiếng Việt (có dấu hoặc không dấu). Vui lòng đặt lại câu "
                "hỏi bằng tiếng Việt. (Please ask your question in Vietnamese.)")
FOREIGN_REASON = "câu hỏi không viết bằng tiếng Việt"
SUGGEST_LEAD = "Các điều khoản gần nhất tìm được (có thể chưa trả lời đúng câu hỏi), có thể tham khảo:"
# Refusal reasons from the confidence thresholds (``confident``) or an empty search: kept as they are in
# ``Prepared.refusal_reason`` (eval tools read the figures) but shown to users as LOW_RELEVANCE_REASON.
_TECHNICAL_REASON_RE = re.compile(
    r"^(?:độ tin cậy của kết quả tìm kiếm thấp|độ phủ thuật ngữ câu hỏi thấp|độ tương đồng ngữ nghĩa thấp"
    r"|điểm BM25 thấp|không có kết quả tìm kiếm)")
LOW_RELEVANCE_REASON = "các điều khoản tìm được không đủ liên quan đến câu hỏi để trả lời"
NO_RESULT_REASON = "không tìm được điều khoản nào liên quan đến câu hỏi"
LLM_REFUSAL_REASON = "không điều khoản nào tìm được trả lời được câu hỏi"
# "Khoản 2 Điều 5 …", "Điểm a khoản 2 Điều 5 …": the article's own citation is what follows
_SUB_ARTICLE_RE = re.compile(r"^(?:điểm\s+\S+\s+)?(?:khoản\s+\S+\s+)?(?=Điều\b)", re.I)


def plain_reason(why: str | None) -> str | None:
    """The refusal reason as a user reads it: scope reasons ("không có Luật Khiếu nại trong cơ sở dữ liệu") as they
    are; threshold reasons with figures ("độ tin cậy của kết quả tìm kiếm thấp (0.05 < 0.40)") in plain words."""
    if not why:
        return why
    if why.startswith("không có kết quả tìm kiếm"):
        return NO_RESULT_REASON
    if _TECHNICAL_REASON_RE.match(why):
        return LOW_RELEVANCE_REASON
    return why


def suggestion_label(c: Chunk, source_name: str | None = None) -> str:
    """An article named so that a reader can tell what it is about: its article-level citation (for Pháp điển the
    source provision, with the source law's name when ``source_name`` gives it, see :func:`source_law_name`), its
    title in «», and for Pháp điển the đề mục it sits in when neither already says it, e.g. "Điều 48 Luật Du lịch số
    09/2017/QH14 «Cơ sở lưu trú du lịch»", "Điều 2 Thông tư số 01/2020/TT-BTP «Giải quyết yêu cầu chứng thực» (đề mục
    Cấp bản sao từ sổ gốc, …)"."""
    src = _nfc(c.source_citation or "")
    cite = _nfc(c.citation)
    if src and src in cite:  # Pháp điển "Điều 41.5.LQ.48 (Điều 48 Luật số 09/2017/QH14)"
        head = named_source(src, _nfc(source_name) if source_name else None)
    else:
        head = _SUB_ARTICLE_RE.sub("", cite, count=1)
    title = _nfc(c.article_title or "").strip().rstrip(".")
    title = re.sub(r"^\d+[.)]\s*", "", title)  # "2. Sau khi nộp, …" (a numbered Q&A heading)
    if len(title) > SUGGEST_TITLE_CHARS:  # a title of three lines ("Tạm đình chỉ công tác, … của Quốc hội"): its start
        title = title[:SUGGEST_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;: ") + "…"
    label = head
    if title and title.lower() not in head.lower():
        label += f" «{title}»"
    doc_title = _nfc(c.doc_title or "").strip()
    if src and src in cite and doc_title and doc_title.lower() not in label.lower():
        label += f" (đề mục {doc_title})"
    return label


def _title_overlap(question: str, c: Chunk) -> bool:
    """The article's title or document title shares a pair of content syllables with the question."""
    def pairs(text: str) -> set[tuple[str, str]]:
        syl = _syllables(text)
        return {(a, b) for a, b in zip(syl, syl[1:]) if a not in _STOP and b not in _STOP}
    return bool(pairs(question) & pairs(f"{c.article_title} . {c.doc_title}"))


def suggestion_hits(question: str, hits: list[Hit], features: dict[str, float]) -> list[Hit]:
    """The retrieved articles worth suggesting with a refusal (see SUGGEST_MIN_P): none for a question the refusal
    model finds far from the collection, else those the reranker scores close to the question, one per article."""
    if not hits:
        return []
    model = load_refusal_model()
    prob = model.probability(features) if model is not None else None
    if prob is not None and prob < SUGGEST_MIN_P:
        return []
    out: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    for h in hits:
        c = h.chunk
        key = (c.law_id or c.doc_id, c.article_id)
        if key in seen:
            continue
        score = h.scores.get("rerank")
        if (score < SUGGEST_MIN_RERANK) if score is not None else not _title_overlap(question, c):
            continue
        seen.add(key)
        out.append(h)
        if len(out) >= SUGGEST_MAX:
            break
    return out


def _suggestions(p: Prepared) -> list[str]:
    labels: list[str] = []
    for h in p.suggested if p.refused else suggestion_hits(p.info.stem or p.standalone, p.hits, p.features):
        s = suggestion_label(h.chunk, p.names.get(h.chunk.id))
        if s not in labels:
            labels.append(s)
    return labels


def _refusal(p: Prepared, mode: str = "extractive") -> Answer:
    if not_vietnamese(p.question):  # nearest articles of an English question share words by chance: none suggested
        return Answer(question=p.question, text=f"{REFUSAL_TEXT} {FOREIGN_TEXT}", refused=True,
                      refusal_reason=FOREIGN_REASON, suggestions=[], standalone_query=p.standalone,
                      mode=mode)  # type: ignore[arg-type]
    sugg = _suggestions(p)
    reason = plain_reason(p.refusal_reason)
    text = REFUSAL_TEXT
    if reason and reason == p.refusal_reason and p.listed is None:  # a scope reason, in plain words: the user sees why
        # (an article held by title only is named below: that sentence says why)
        text += f" Lý do: {reason}."
    if p.listed is not None:  # the article that matches is known by title only: named, never quoted
        text += " " + listed_sentence(p.listed)
    if sugg:
        text += " " + SUGGEST_LEAD + "".join(f"\n- {s}" for s in sugg)
    elif p.listed is None:
        text += " " + REPHRASE_TEXT
    return Answer(
        question=p.question, text=text, refused=True, refusal_reason=reason, suggestions=sugg,
        standalone_query=p.standalone, mode=mode,  # type: ignore[arg-type]
    )
