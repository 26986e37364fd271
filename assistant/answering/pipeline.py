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
  "Đáp án: B.") when the lexical evidence decides it; ``answer_label`` reads it back.
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
- ``astream``: async events for SSE; ``build_chain``: the same pipeline as a langchain Runnable.

What it doesn't do: build indexes, rank documents (retrieval does), detect conflicts across the whole
collection (assistant.conflicts), persist conversations, or follow instructions found inside documents.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import threading
import unicodedata
import uuid
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterable

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.chunking import display_citation, named_source
from assistant.conflicts import KIND_SHORT_VI, RULE_NOTE, pd_topic
from assistant.doc_relations import DocumentRelations, SupersededHint, provenance
from assistant.records import Answer, Chunk, Citation, Conflict, ConflictSide, Hit
from assistant.rerank import exam_style
from assistant.text import INSTRUCTION_RE, looks_like_instruction  # noqa: F401 - re-exported for callers

# ---------------------------------------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------------------------------------

OCR_NOTE = "nội dung được nhận dạng từ bản quét (OCR), có thể sai lệch; cần đối chiếu với bản gốc trước khi sử dụng."
REFUSAL_TEXT = "Không tìm thấy căn cứ pháp lý phù hợp trong cơ sở dữ liệu cho câu hỏi này."
RETRIEVE_K = 8
MAX_CITATIONS = 3
MAX_QUOTE_CHARS = 700

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
REFUSAL_WEIGHTS_PATH = Path(__file__).with_name("refusal_weights.json")

# Extractive selection: a further provision is cited only if it was retrieved nearly as strongly as the
# first one (fused score ≥ SECONDARY_REL_FUSED × top) and its best passage covers the question nearly as
# well (coverage ≥ SECONDARY_MIN_COVERAGE and ≥ SECONDARY_REL_COVERAGE × the first one's).
# Tuned on ALQAC dev (citation precision 0.899 / recall 0.906, 1.08 citations per answer).
SECONDARY_MIN_COVERAGE = 0.5
SECONDARY_REL_COVERAGE = 0.95
SECONDARY_REL_FUSED = 0.8
# … and only if the retriever's reranker scores it within this margin of the first one (rerank score units):
# further citations the reranker ranks far below the first were almost never gold. Tuning sets (P / R), none →
# 3.0 → 2.0 → 1.5: ALQAC dev 0.906/0.926 → 0.920/0.926 → 0.920/0.917 → 0.920/0.912; Pháp điển training
# questions 0.697/0.739 → 0.723/0.739 → 0.753/0.739 → 0.772/0.739. 2.0: most of the precision, little recall lost.
SECONDARY_MAX_RERANK_MARGIN = 2.0
# A provision of another document that states a different value of the kind asked (deadline, fee, age, penalty)
# is cited (and the clash flagged) when its passage covers the question at least this much (the refusal
# threshold, MIN_COVERAGE): the clash check itself requires the two passages to be about the same matter.
CLASH_MIN_COVERAGE = 0.40

# The provision cited first is the retriever's first in-force hit. (Until 27/11 the answer layer re-sorted the
# first 3 hits by fused score + lexical coverage of the question; since retrieval has its own feature reranker that
# only cost accuracy: ALQAC dev P / R 0.905 / 0.920 → 0.906 / 0.926, Pháp điển training questions 0.693 / 0.713 →
# 0.697 / 0.739 without it.)

# When the top hit is guidance (handbook, FAQ, hướng dẫn: not a legal normative document), a binding
# provision retrieved with fused score ≥ BINDING_MIN_REL_FUSED × top is cited before it when its passage
# covers the question at least BINDING_REL_SCORE × as well (coverage + cue bonus) as the guidance passage.
BINDING_MIN_REL_FUSED = 0.7
BINDING_REL_SCORE = 0.6
BINDING_BAND = 0.85  # among binding candidates scoring ≥ BINDING_BAND × the best, the highest legal force wins
VALUE_CUES = frozenset({"time", "fee", "age", "penalty"})
# Near tie in retrieval: a further provision whose fused score is ≥ TIE_REL_FUSED × top's is cited when its
# passage covers the question ≥ SECONDARY_REL_COVERAGE × as well, even below SECONDARY_MIN_COVERAGE.
TIE_REL_FUSED = 0.95
# Document types that are guidance, not legal normative documents (văn bản quy phạm pháp luật).
GUIDANCE_TYPES = ("cẩm nang", "hướng dẫn", "văn bản", "hỏi đáp", "tài liệu", "sổ tay", "công văn")

_STOP = set(
    """
    và của là các những được có cho theo tại trong với về từ này đó khi thì nếu mà để do bởi hoặc
    hay như một số việc người ra vào lên đến trên dưới sau trước cũng đã đang sẽ phải nào gì ai sao
    bao nhiêu lâu thế vậy không chứ nhỉ ạ à hả đúng sai hỏi còn rồi các những mọi điều khoản luật
    quy định pháp thì đâu nhé xin cho biết tôi em anh chị
    """.split()
)
# Syllables that are question scaffolding, not subject matter (removed when carrying a subject).
_QWORDS = set("gì nào ai sao bao nhiêu lâu thế vậy không đúng sai hỏi còn thì đâu mấy".split())

_NEG_RE = re.compile(r"\b(không|chưa|cấm|nghiêm cấm|chẳng)\b")
# "mà pháp luật không cấm", "không bị cấm": a double negation is a permission, not a negative statement
_NOT_BANNED_RE = re.compile(r"\bkhông\s+(?:bị\s+)?(?:nghiêm\s+)?cấm\b")
# a bound, not a negation: "không quá 30 ngày" is "at most 30 days" (a statement "là 30 ngày" has the same polarity)
_BOUND_RE = re.compile(r"\bkhông\s+(?:được\s+)?(?:quá|vượt quá|dưới|ít hơn|nhiều hơn|thấp hơn|cao hơn|muộn hơn|sớm hơn|"
                       r"chậm hơn)\b")


# "không" that negates nothing: nouns ("không gian mạng" (cyberspace), "hàng không", "không khí" …) and the
# alternative of an indirect question ("hỏi … có rút đơn kiện hay không")
_KHONG_NOUN_RE = re.compile(r"\b(?:không\s+(?:gian|khí|quân|phận|lưu|trung|ảnh)|(?:hàng|hay|hoặc)\s+không)\b")


def _not_negations(text: str) -> str:
    """``text`` without the "không" that do not negate: "không cấm" (a permission), "không quá 30 ngày" (a bound),
    "không gian mạng" (a noun)."""
    return _BOUND_RE.sub(" ", _NOT_BANNED_RE.sub(" ", _KHONG_NOUN_RE.sub(" ", text)))

_NUM_RE = re.compile(r"\d+(?:[.,]\d+)*")
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_CITE_RE = re.compile(r"\[(\d{1,3})\]")
_QUOTE_RE = re.compile(r"“([^”]{8,})”|\"([^\"]{8,})\"")

_CUES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    # cue: (pattern in question, pattern rewarded in a passage)
    "time": (
        # everyday wording too: "mấy năm", "bao nhiêu tháng", "từ ngày nào", "lúc nào", "bao giờ", "hạn chót", "chậm nhất"
        # ("không được nghỉ ngày nào" is no time asked: only "từ / vào / trước / đến / là ngày nào")
        re.compile(r"thời hạn|bao lâu|bao nhiêu ngày|mấy ngày|khi nào|thời gian|trong vòng|thời hiệu|"
                   r"(?:mấy|bao nhiêu) (?:tháng|năm|tuần|giờ)|(?:từ|vào|trước|đến|là) ngày nào|lúc nào|bao giờ|"
                   r"hạn chót|chậm nhất"),
        re.compile(r"\d+\s*(ngày|tháng|năm|giờ)|(ngày|tháng|năm)\s+làm việc|thời hạn|thời hiệu"),
    ),
    "who": (
        re.compile(r"\bai\b|cơ quan nào|thẩm quyền|người nào|cấp nào|đơn vị nào|chủ thể nào"),
        re.compile(r"thẩm quyền|cơ quan|ủy ban|chủ tịch|bộ trưởng|tòa án|công chức|thủ trưởng|chính phủ"),
    ),
    "dossier": (
        re.compile(r"hồ sơ|giấy tờ|thủ tục|cần những gì|cần gì|nộp gì"),
        re.compile(r"hồ sơ|giấy tờ|tờ khai|bản sao|nộp|xuất trình|gồm"),
    ),
    "condition": (
        re.compile(r"điều kiện|trường hợp nào|khi nào được|tiêu chuẩn|yêu cầu"),
        re.compile(r"điều kiện|phải|có đủ|tiêu chuẩn|trường hợp"),
    ),
    "fee": (
        re.compile(r"\bphí\b|lệ phí|bao nhiêu tiền|miễn|chi phí"),
        re.compile(r"\bphí\b|lệ phí|miễn|đồng\b"),
    ),
    "penalty": (
        re.compile(r"xử phạt|mức phạt|bị phạt|chế tài|xử lý"),
        re.compile(r"phạt|đồng\b|xử lý|kỷ luật"),
    ),
    "age": (
        re.compile(r"\d+\s*tuổi|độ tuổi|bao nhiêu tuổi|mấy tuổi"),
        re.compile(r"\d+\s*tuổi"),
    ),
    "definition": (
        re.compile(r"là gì|được hiểu|khái niệm|định nghĩa"),
        re.compile(r"\blà\b|được hiểu"),
    ),
}

# a clause handing the matter to another text ("4. Chính phủ quy định bổ sung giấy tờ trong hồ sơ đăng ký kết hôn …",
# "Bộ trưởng Bộ Tư pháp quy định chi tiết …"): the answer to "who rules on it", not to what the rule is
_DELEGATION_RE = re.compile(r"^\s*(?:\d+[.)]\s*)?(?:Chính phủ|Thủ tướng Chính phủ|Bộ trưởng[^.;:]{0,60}?|Ủy ban Thường vụ Quốc "
                            r"hội|Hội đồng nhân dân cấp tỉnh)\s+(?:quy định|hướng dẫn)\b")
DELEGATION_PENALTY = 0.5
_BODY_Q_RE = re.compile(r"\b(?:chính phủ|thủ tướng|bộ trưởng|bộ (?!luật)\w+|ủy ban|hội đồng nhân dân)\b")
VALUE_UNIT_REL_COVERAGE = 0.5
# an amount of money asked ("lệ phí … bao nhiêu?", "mức phí …", "bị phạt thế nào?"): the cue "amount"; "kinh phí …
# lấy từ nguồn nào?" (a budget) and "số dư xử lý thế nào?" have the fee / penalty cue but ask for no amount
_AMOUNT_Q_RE = re.compile(r"bao nhiêu|mức|lệ phí|(?<!kinh )\bphí\b|tiền|phạt")
_MONEY_RE = re.compile(r"\d[\d.,]*\s*(?:đồng|%)")
# a value of the asked kind written as a number (stronger evidence than the cue words "thời hạn", "lệ phí" alone)
_NUMERIC_VALUE_RES = {
    "age": re.compile(r"\d+\s*tuổi"),
    "time": re.compile(r"\d+\s*(?:\(\w+(?:\s\w+)*\)\s*)?(?:ngày|tháng|năm|giờ|tuần|phút)\b"),
    "fee": _MONEY_RE,
    "penalty": _MONEY_RE,
}

# a question asking for the steps of a procedure ("cầm tay chỉ việc"), and the article titles that give them: the
# answer quotes the whole article (its khoản are the steps), not its one best sentence
# ("thủ tục" alone is a noun in "nộp lệ phí khi làm thủ tục": only "thủ tục … như thế nào / gồm những gì" asks for steps;
# a yes/no question never does)
_STEPS_Q_RE = re.compile(r"trình tự|các bước|những bước|quy trình|làm (?:thế|như thế|sao) nào để|cách thức|"
                         r"(?:phải|cần) làm (?:gì|những gì)|thủ tục\b.*\b(?:như thế nào|thế nào|ra sao|gồm những|gồm các)")
_STEPS_TITLE_RE = re.compile(r"^(?:trình tự|thủ tục|quy trình|các bước|cách thức)\b", re.I)
STEPS_MAX_CHARS = 1500

_FOLLOWUP_START = re.compile(
    r"^(còn|thế còn|vậy còn|thế|vậy|thì|trường hợp (đó|này|trên)|nếu vậy|như vậy|và|với)\b", re.I
)
_FOLLOWUP_ANY = re.compile(r"thì sao|thế nào\s*\??$|ra sao|trường hợp (đó|này|trên)|như vậy|khi đó", re.I)
_FOLLOWUP_TRAIL = re.compile(r"\s*(thì sao|thế nào|ra sao|như thế nào|thì thế nào|nhỉ|vậy)\s*\??\s*$", re.I)

_TF_TAIL = re.compile(
    r"[\s,.;:–-]*(\(?\s*(đúng hay sai|đúng hoặc sai|đúng không|có đúng không|phải không|đúng\s*/\s*sai)\s*\)?)\s*[?.]*\s*$",
    re.I,
)
_CHOICE_RE = re.compile(r"(?:^|\n|\s)([A-D])[.)]\s+(.+?)(?=(?:\n|\s)[A-D][.)]\s+|\Z)", re.S)
_META_ALL = re.compile(r"tất cả|cả (ba|3|bốn|4)|đều đúng", re.I)
_META_NONE = re.compile(r"đều sai|không có (đáp án|phương án) nào|không đáp án nào", re.I)
_NEG_STEM = re.compile(
    r"không phải|không đúng|không thuộc|không bao gồm|không nằm|ngoại trừ|\btrừ\b|không được xem|không là", re.I
)
_LETTERS = re.compile(r"\b([A-D])\b")


# ---------------------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------------------


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _syllables(text: str) -> list[str]:
    return [w for w in _WORD_RE.findall(_nfc(text).lower()) if w != "_"]


def _terms(text: str) -> tuple[set[str], set[str]]:
    """Content syllables and contiguous syllable bigrams (bigrams give word-level matches cheaply)."""
    syl = _syllables(text)
    uni = {s for s in syl if s not in _STOP}
    bi = {f"{a}_{b}" for a, b in zip(syl, syl[1:]) if not (a in _STOP and b in _STOP)}
    return uni, bi


def _coverage(q: tuple[set[str], set[str]], p: tuple[set[str], set[str]]) -> float:
    """Weighted share of query terms present in passage (unigrams weight 1, bigrams weight 1)."""
    qu, qb = q
    pu, pb = p
    total = len(qu) + len(qb)
    if total == 0:
        return 0.0
    return (len(qu & pu) + len(qb & pb)) / total


def _uni_coverage(q: set[str], p: set[str]) -> float:
    return len(q & p) / len(q) if q else 0.0


def _fmt_date(d: date) -> str:
    return f"{d:%d/%m/%Y}"


# ---------------------------------------------------------------------------------------------------------
# Question analysis
# ---------------------------------------------------------------------------------------------------------


@dataclass
class QuestionInfo:
    text: str
    kind: str  # "yesno" | "choice" | "open"
    stem: str  # the statement (yes/no) or the question without choices
    cues: list[str] = field(default_factory=list)
    choices: dict[str, str] = field(default_factory=dict)
    negative_stem: bool = False


def analyze_question(question: str, choices: dict[str, str] | None = None) -> QuestionInfo:
    q = _nfc(question).strip()
    found: dict[str, str] = dict(choices or {})
    stem = q
    if not found:
        matches = list(_CHOICE_RE.finditer(q))
        letters = [m.group(1) for m in matches]
        if len(matches) >= 2 and letters == sorted(letters) and letters[0] == "A":
            found = {m.group(1): m.group(2).strip() for m in matches}
            stem = q[: matches[0].start()].strip()
    if found:
        kind = "choice"
    elif _TF_TAIL.search(q):
        kind = "yesno"
        stem = _TF_TAIL.sub("", q).strip()
    else:
        kind = "open"
    low = stem.lower()
    cues = [name for name, (qpat, _) in _CUES.items() if qpat.search(low)]
    if kind == "open" and _STEPS_Q_RE.search(low) and not re.search(r"\bkhông\s*\??\s*$", low):
        cues.append("steps")
    if ("fee" in cues or "penalty" in cues) and _AMOUNT_Q_RE.search(low):
        cues.append("amount")
    if kind != "open" or _BODY_Q_RE.search(low):
        # a statement to judge, options to choose, or a body named ("Bộ Giáo dục và Đào tạo … quy định việc liên thông
        # …"): often about who rules on the matter, which a delegation clause answers
        cues.append("exam")
    return QuestionInfo(
        text=q, kind=kind, stem=stem, cues=cues, choices=found,
        negative_stem=bool(kind == "choice" and _NEG_STEM.search(low)),
    )


# ---------------------------------------------------------------------------------------------------------
# Follow-up rewriting
# ---------------------------------------------------------------------------------------------------------


def _history_pairs(history: Iterable[Any] | None) -> list[tuple[str, str]]:
    """Accept [(question, answer)] or [(role, text)] / [{"role", "content"}]; return [(question, answer)]."""
    if not history:
        return []
    items = list(history)
    roles = {"user", "human", "assistant", "ai", "bot"}
    if items and isinstance(items[0], dict):
        items = [(str(x.get("role", "")), str(x.get("content", ""))) for x in items]
    if items and all(isinstance(x, (tuple, list)) and len(x) == 2 and str(x[0]).lower() in roles for x in items):
        pairs: list[tuple[str, str]] = []
        for role, text in items:
            if str(role).lower() in {"user", "human"}:
                pairs.append((str(text), ""))
            elif pairs:
                pairs[-1] = (pairs[-1][0], str(text))
        return pairs
    return [(str(a), str(b)) for a, b in items]


# a question word: with a conversation under way, "phí bao nhiêu?" / "nộp ở đâu?" / "ai ký?" ask about its subject
_ASKS_RE = re.compile(r"\b(gì|nào|ai|bao nhiêu|bao lâu|đâu|mấy|không)\b")
SHORT_FOLLOWUP_SYLLABLES = 5
# syllables of acts every procedure has ("giải quyết", "trả kết quả", "nộp", "cấp lại"): a question made only of them
# and question words names no matter of its own
_GENERIC_ACT_SYLLABLES = frozenset("giải quyết thực hiện xử lý mất kết quả trả gồm nộp ở nhận cấp lại làm bao".split())


def is_followup(question: str) -> bool:
    """Does ``question`` lean on the previous one ("còn thời hạn thì sao?", "trường hợp đó …", or a question too
    short to name its own subject: "phí bao nhiêu?", "nộp ở đâu?")? Only asked when there is a history."""
    q = _nfc(question).strip().lower()
    n = len(_syllables(q))
    if n == 0:
        return False
    if _FOLLOWUP_START.search(q) and n <= 10:
        return True
    if n <= SHORT_FOLLOWUP_SYLLABLES and _ASKS_RE.search(q):
        return True
    if n <= 10 and _ASKS_RE.search(q) and set(_syllables(_subject(q))) <= _GENERIC_ACT_SYLLABLES:
        # "thời hạn giải quyết là bao lâu?", "cơ quan nào có thẩm quyền giải quyết?": what is asked, not about what
        return True
    return bool(_FOLLOWUP_ANY.search(q)) and n <= 8


# words that only link the subject to what was asked, left at its end once the ask is removed
_TRAILING_LINKS = frozenset("gồm thuộc của do cho tại ở về với theo phải thì bởi".split())


def _subject(question: str) -> str:
    """The previous question's subject: its syllables minus question scaffolding and cue phrases."""
    low = _nfc(question).lower()
    for _, (qpat, _p) in _CUES.items():
        low = qpat.sub(" ", low)
    low = re.sub(r"cần những|cần có|những gì|như thế nào|là gì|được không|có phải|hay không", " ", low)
    low = re.sub(r"\bbản sao\b", "bản_sao", low)  # "sao" is a question word, "bản sao" a legal term
    words = [w for w in _syllables(low) if w not in _QWORDS and w not in {"cần", "những", "các", "có", "được", "là"}]
    while words and words[-1] in _TRAILING_LINKS:  # "… khai sinh gồm (những giấy tờ gì)", "… thuộc (cơ quan nào)"
        words.pop()
    return " ".join(words).replace("_", " ")


def _swap_contrast(prev: str, focus: str) -> str | None:
    """"còn lần hai thì sao?" after "Thời hạn giải quyết khiếu nại lần đầu là bao nhiêu ngày?": the follow-up names
    another kind of the same thing (same first syllable: "lần đầu" → "lần hai", "cấp xã" → "cấp huyện", "thời hạn" →
    "thời hiệu", "đăng ký kết hôn" → "đăng ký khai tử"), so it takes that phrase's place in the previous question, which
    keeps what was asked (the deadline). None unless exactly one phrase of the previous question of the focus's length
    starts like it and differs from it."""
    f = [w.lower() for w in _WORD_RE.findall(_nfc(focus))]
    if not 2 <= len(f) <= 4 or _ASKS_RE.search(" ".join(f)):
        return None  # a phrase, not a question of its own ("phí bao nhiêu?" asks about the previous subject)
    p = _nfc(prev).strip()
    toks = list(_WORD_RE.finditer(p))
    low = [t.group(0).lower() for t in toks]
    if " ".join(f) in " ".join(low):
        return None
    spots = [i for i in range(len(low) - len(f) + 1) if low[i] == f[0] and low[i:i + len(f)] != f]
    if len(spots) != 1:
        return None
    i = spots[0]
    a, b = toks[i].start(), toks[i + len(f) - 1].end()
    new = _nfc(focus).strip()
    if p[a:a + 1].isupper():
        new = new[:1].upper() + new[1:]
    return p[:a] + new + p[b:]


# what a question asks, at its end: "là bao lâu?", "gồm những giấy tờ gì?", "mấy ngày?", "… không?"
_ASK_TAIL_RE = re.compile(r"(?:\s+(?:là|gồm|có|được|phải|cần|mất|thì|trong))*\s+(?:(?:bao nhiêu|mấy|những)(?:\s+\w+){0,3}?"
                          r"(?:\s+gì)?|bao lâu|gì|như thế nào|thế nào|ra sao|ở đâu|đâu|khi nào|không)\s*\?*\s*$", re.I)
_CONNECTOR_RE = re.compile(r"^(?:ở|tại|khi|nếu|với|đối với|trong|cho|của|do|bằng|qua)\b", re.I)


def _add_condition(prev: str, focus: str) -> str | None:
    """"còn vùng sâu vùng xa thì sao?" after "Thời hạn giải quyết khiếu nại lần đầu là bao lâu?": the follow-up adds a
    case to the same ask, so it goes into the previous question before what that asks — "Thời hạn giải quyết khiếu nại
    lần đầu đối với vùng sâu vùng xa là bao lâu?" — which keeps the deadline asked. None when the follow-up asks
    something of its own (a question word) or names another aspect ("còn thời hạn / hồ sơ / lệ phí thì sao?")."""
    f = _nfc(focus).strip(" ,?.")
    words = _WORD_RE.findall(f)
    low = f.lower()
    if not 1 <= len(words) <= 6 or _ASKS_RE.search(low) or any(qp.search(low) for qp, _ in _CUES.values()):
        return None
    p = _nfc(prev).strip()
    if low in p.lower():
        return None
    phrase = f if _CONNECTOR_RE.match(f) else f"đối với {f}"
    m = _ASK_TAIL_RE.search(p)
    if m is None or m.start() == 0:
        return f"{p.rstrip(' ?.')} {phrase}?"
    return f"{p[:m.start()]} {phrase}{p[m.start():]}"


def rewrite_followup(question: str, history: Iterable[Any] | None) -> str:
    """Rule-based: "còn thời hạn thì sao?" after "Hồ sơ đăng ký khai sinh gồm gì?" → "thời hạn đăng ký khai sinh"."""
    pairs = _history_pairs(history)
    q = _nfc(question).strip()
    if not pairs or not is_followup(q):
        return q
    prev = pairs[-1][0]
    subj = _subject(prev)
    if not subj:
        return q
    focus = _FOLLOWUP_TRAIL.sub("", q)
    focus = _FOLLOWUP_START.sub("", focus.strip()).strip(" ,?.")
    focus = re.sub(r"^(còn|thế còn|vậy còn)\s+", "", focus, flags=re.I)
    focus = re.sub(r"trường hợp (đó|này|trên)|khi đó|như vậy", "", focus, flags=re.I).strip(" ,?.")
    if not focus:
        return f"{prev.strip()}"
    swapped = _swap_contrast(prev, focus)
    if swapped is not None:
        return swapped
    narrowed = _add_condition(prev, focus)
    if narrowed is not None:
        return narrowed
    # Don't repeat the subject: "thời hạn đăng ký" + "đăng ký khai sinh" → "thời hạn đăng ký khai sinh" (the focus
    # ending where the subject starts); a subject already said whole is not added. Other shared syllables stay
    # ("… có kết quả" + "đăng ký kết hôn" keeps "kết").
    fwords, swords = _syllables(focus), subj.split()
    if " ".join(swords) in " ".join(fwords):
        return focus + "?"
    overlap = max((k for k in range(1, min(len(fwords), len(swords)) + 1) if fwords[-k:] == swords[:k]), default=0)
    return f"{focus} {' '.join(swords[overlap:])}".strip() + "?"


def rewrite_with_llm(question: str, history: Iterable[Any] | None, chat_model: Any) -> str:
    from assistant.prompts import build_rewrite_messages

    pairs = _history_pairs(history)
    if not pairs:
        return question
    try:
        out = chat_model.invoke(build_rewrite_messages(question, pairs))
        text = _nfc(str(getattr(out, "content", out))).strip().splitlines()[0].strip(" \"“”")
        return text or rewrite_followup(question, pairs)
    except Exception:  # noqa: BLE001 - the LLM is optional; fall back to rules
        return rewrite_followup(question, pairs)


# ---------------------------------------------------------------------------------------------------------
# Conversations
# ---------------------------------------------------------------------------------------------------------


class Conversations:
    """Bounded in-memory store: conversation id → [(standalone question, answer text)].

    Stores the *standalone* query so chained follow-ups keep their subject. Least-recently used
    conversations are evicted beyond ``max_conversations``; each keeps its last ``max_turns`` turns.
    """

    def __init__(self, max_conversations: int = 1000, max_turns: int = 10) -> None:
        self.max_conversations = max_conversations
        self.max_turns = max_turns
        self._data: OrderedDict[str, list[tuple[str, str]]] = OrderedDict()
        self._lock = threading.Lock()

    def new(self) -> str:
        cid = uuid.uuid4().hex[:16]
        with self._lock:
            self._data[cid] = []
            self._evict()
        return cid

    def get(self, cid: str) -> list[tuple[str, str]]:
        with self._lock:
            if cid not in self._data:
                return []
            self._data.move_to_end(cid)
            return list(self._data[cid])

    def append(self, cid: str, question: str, answer_text: str) -> None:
        with self._lock:
            turns = self._data.setdefault(cid, [])
            turns.append((question, answer_text))
            del turns[: -self.max_turns]
            self._data.move_to_end(cid)
            self._evict()

    def __contains__(self, cid: object) -> bool:
        return cid in self._data

    def __len__(self) -> int:
        return len(self._data)

    def _evict(self) -> None:
        while len(self._data) > self.max_conversations:
            self._data.popitem(last=False)

    def ask(self, cid: str | None, question: str, **kwargs: Any) -> tuple[str, Answer]:
        """Answer within a conversation (creates one when ``cid`` is None/unknown); returns (id, answer)."""
        if not cid or cid not in self:
            cid = self.new() if not cid else cid
        ans = answer(question, history=self.get(cid), **kwargs)
        self.append(cid, ans.standalone_query or question, ans.text)
        return cid, ans


# ---------------------------------------------------------------------------------------------------------
# Retrieval, confidence, validity
# ---------------------------------------------------------------------------------------------------------

_RETRIEVERS: dict[str, Any] = {}
_RETRIEVER_LOCK = threading.Lock()


def _open_retriever(collection: str) -> Any:
    with _RETRIEVER_LOCK:
        if collection not in _RETRIEVERS:
            from assistant.retrieval import HybridRetriever

            _RETRIEVERS[collection] = HybridRetriever.open(collection)
        return _RETRIEVERS[collection]


def _search(retriever: Any, query: str, k: int) -> list[Hit]:
    # No as_of filter on purpose: HybridRetriever drops provisions not in force on as_of, but the answer
    # must be able to fall back to (and flag) expired provisions when nothing in force matches; in-force
    # preference is applied here (see _prepare).
    return list(retriever.search(query, k=k))


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


def confident(feats: dict[str, float], exam: bool = True, collection: str | None = None) -> tuple[bool, str]:
    """(answer?, reason for refusing). Exam-style questions (``rerank.exam_style``) are decided by the coverage and
    dense thresholds; a question asked in one's own words first by the refusal model (when the retriever gave all its
    features): answered at P ≥ ``answer_above`` (the collection's own when it has one), refused at P < the
    collection's ``refuse_below``, else the thresholds decide."""
    model = load_refusal_model() if not exam else None
    p = model.probability(feats) if model is not None else None
    if model is not None and p is not None:
        if p >= model.answer_threshold(collection):
            return True, ""
        floor = model.refuse_below.get(collection or "")
        if floor is not None and p < floor:
            return False, f"độ tin cậy của kết quả tìm kiếm thấp ({p:.2f} < {floor:.2f})"
    if feats.get("coverage", 0.0) < MIN_COVERAGE:
        return False, f"độ phủ thuật ngữ câu hỏi thấp ({feats.get('coverage', 0.0):.2f} < {MIN_COVERAGE})"
    if ("dense" in feats and feats["dense"] < MIN_DENSE and feats.get("coverage", 0.0) < DENSE_OVERRIDE_COVERAGE
            and feats.get("coverage_uni", 0.0) < DENSE_OVERRIDE_UNI):
        return False, f"độ tương đồng ngữ nghĩa thấp ({feats['dense']:.3f} < {MIN_DENSE})"
    if "bm25_norm" in feats and feats["bm25_norm"] < MIN_BM25_NORM:
        return False, f"điểm BM25 thấp ({feats['bm25_norm']:.2f} < {MIN_BM25_NORM})"
    return True, ""


_DOC_TYPE_RE = re.compile(r"\b(Bộ luật|Luật|Pháp lệnh|Nghị định|Thông tư|Nghị quyết)\s+")
_DOC_TYPE_WORDS = re.compile(r"^\s*(bộ luật|luật|pháp lệnh|nghị định|thông tư|nghị quyết|văn bản hợp nhất)\s+", re.I)
_DOCNUM_RE = re.compile(r"^(?:số\s+)?(\d+/\d{4}/[\wĐđ-]+)")
_FOREIGN_RE = re.compile(
    r"(?i:luật|pháp luật|hiến pháp|quy định|bộ luật)\s+(?i:của\s+)?(?i:nước\s+|bang\s+)?(Hoa Kỳ|Mỹ|Pháp|Đức|Anh|Nhật Bản|Nhật|"
    r"Hàn Quốc|Trung Quốc|Singapore|Úc|Nga|Thái Lan|Lào|Campuchia|Canada|Ấn Độ|Liên minh châu Âu|EU|California)\b(?!\s+(?i:điển|luật|lệnh|lý|chế|nhân|hùng))"
    # "Luật lao động Hàn Quốc", "luật hình sự của Trung Quốc": a branch of law named before the country (not "luật sư")
    r"|(?i:bộ luật|luật)\s+(?!(?i:sư)\b)(?:[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+\s+){1,3}"
    r"(?i:của\s+)?(?i:nước\s+)?(Hoa Kỳ|Mỹ|Nhật Bản|Hàn Quốc|Trung Quốc|Đài Loan|Singapore|Thái Lan|Malaysia|Úc|Canada|"
    r"Ấn Độ)\b(?!\s+(?i:thuật|điển|luật|lệnh|lý|chế|nhân|hùng))"
    r"|\b(?i:ở|tại)\s+(Hoa Kỳ|Mỹ|Pháp|Đức|Nhật Bản|Hàn Quốc|Trung Quốc|Singapore|Úc|Canada|châu Âu)\b"
    r"|\b(Hoa Kỳ|Liên minh châu Âu|GDPR)\b",
)


@dataclass(frozen=True)
class _DocRef:
    name: tuple[str, ...]  # title syllables without the type word
    number: str
    year: int | None
    years: frozenset[int] = frozenset()  # plausible years of the version held (passed … in force)


# "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2017": the version held was passed up to two years
# before it took effect (Bộ luật Dân sự 2015 → 01/01/2017), so "Bộ luật Dân sự năm 2005" names another version.
_EFFECTIVE_RE = re.compile(
    r"(?:bộ luật|luật|hiến pháp|pháp lệnh|nghị định|thông tư) này có hiệu lực(?: thi hành)?(?: kể)? từ ngày "
    r"\d{1,2} tháng \d{1,2} năm ((?:19|20)\d\d)", re.I)


def _version_years(chunks: Iterable[Chunk]) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for c in chunks:
        if "hiệu lực" not in c.text:
            continue
        for m in _EFFECTIVE_RE.finditer(_nfc(c.text)):
            found.setdefault(c.doc_id, set()).add(int(m.group(1)))
    return {d: set(range(min(ys) - 2, max(ys) + 1)) for d, ys in found.items()}


_TITLE_CACHE: dict[int, tuple[Any, list[Chunk], list[_DocRef]]] = {}


def _doc_year(chunk: Chunk) -> int | None:
    m = re.search(r"/(\d{4})/", chunk.doc_number or "")
    if m:
        return int(m.group(1))
    return chunk.issued_on.year if chunk.issued_on else None


def _doc_refs(chunks: Iterable[Chunk]) -> list[_DocRef]:
    chunks = list(chunks)
    versions = _version_years(chunks)
    seen: dict[str, _DocRef] = {}
    done: set[str] = set()
    for c in chunks:
        if c.doc_id in done:
            continue
        done.add(c.doc_id)
        names = {re.sub(r"\s*(số\s+)?\d+/\d{4}/\S+|\s+năm\s+\d{4}", "", _DOC_TYPE_WORDS.sub("", t)).strip()
                 for t in (c.doc_title, c.law_id) if t}
        year = _doc_year(c)
        years = frozenset(versions.get(c.doc_id, set()) | ({year} if year else set()))
        for i, nm in enumerate(sorted(names)):
            seen[c.doc_id if i == 0 else f"{c.doc_id}\x00{i}"] = _DocRef(
                tuple(_syllables(nm)), (c.doc_number or "").lower(), year, years)
    # a file may hold provisions of several documents (a Pháp điển đề mục: the Law, its decrees and circulars, each
    # provision with its own number): every number held counts for "Nghị định 123/2015/NĐ-CP …", not only the first
    numbers = {d.number for d in seen.values()}
    for c in chunks:
        num = (c.doc_number or "").lower()
        if num and num not in numbers:
            numbers.add(num)
            seen[f"\x00{num}"] = _DocRef((), num, _doc_year(c))
    return list(seen.values())


def _collection_table(retriever: Any, cache: dict[int, Any], build: Callable[[list[Chunk]], Any]) -> Any | None:
    """``build(all chunks of the retriever's collection)``, computed once per retriever and chunk list and kept in
    ``cache``; None when the retriever does not expose its chunks (a stand-in in tests, an LLM-only path).

    One entry per live retriever: it is rebuilt when the retriever's chunk list is replaced (an index reloaded
    after an upload) and dropped when the retriever is garbage-collected, so a new collection never reads the
    table of an old one whose objects happened to get the same ``id``."""
    chunks = getattr(retriever, "chunks", None)
    if not (isinstance(chunks, list) and chunks and isinstance(chunks[0], Chunk)):
        return None
    key = id(retriever)
    entry = cache.get(key)
    if entry is None or entry[0]() is not retriever or entry[1] is not chunks:
        try:
            ref = weakref.ref(retriever, lambda _r, key=key: cache.pop(key, None))
        except TypeError:  # not weak-referenceable: cache nothing rather than risk a stale table
            return build(chunks)
        entry = cache[key] = (ref, chunks, build(chunks))
    return entry[2]


def _known_docs(retriever: Any, hits: list[Hit]) -> list[_DocRef]:
    docs = _collection_table(retriever, _TITLE_CACHE, _doc_refs)
    return docs if docs is not None else _doc_refs(h.chunk for h in hits)


def scope_check(question: str, docs: list[_DocRef]) -> str | None:
    """Reason to refuse regardless of scores: foreign law, or a named document (by name, number or year)
    that the collection does not hold."""
    q = _nfc(question)
    if _FOREIGN_RE.search(q):
        return "câu hỏi về pháp luật nước ngoài, ngoài phạm vi cơ sở dữ liệu"
    for m in _DOC_TYPE_RE.finditer(q):
        rest = q[m.end():]
        label = m.group(1)
        num = _DOCNUM_RE.match(rest)
        if num:
            if not any(d.number and d.number == num.group(1).lower() for d in docs):
                return f"không có {label} {num.group(1)} trong cơ sở dữ liệu"
            continue
        if not rest[:1].isupper():
            continue  # "Luật này", "luật năm 2009": not a name
        tail = _syllables(rest)[:14]
        matched = [d for d in docs if d.name and tuple(tail[: len(d.name)]) == d.name]
        if not matched:
            name = re.split(r"\s+(?:là|quy định|thì|có|về|đối với|gồm|cần|phải|được|năm|hiện nay|hiện hành|mỗi)\b|[?;:]",
                            rest)[0]
            name = " ".join(name.split()[:8]).rstrip(",.")
            return f"không có {label} {name} trong cơ sở dữ liệu"
        best = max(len(d.name) for d in matched)
        after = tail[best:]
        year = None
        if after[:1] and re.fullmatch(r"(19|20)\d\d", after[0]):
            year = int(after[0])
        else:  # "Luật Hôn nhân và gia đình năm 2000", "Luật Căn cước công dân năm 2014"
            for a, b in zip(after[:5], after[1:6]):
                if a == "năm" and re.fullmatch(r"(19|20)\d\d", b):
                    year = int(b)
                    break
        years = {y for d in matched if len(d.name) == best for y in (d.years or ({d.year} if d.year else set()))}
        if year and years and year not in years:
            held = [d.year for d in matched if len(d.name) == best and d.year]
            what = f"năm {', '.join(map(str, sorted(set(held))))}" if held else "phiên bản hiện hành"
            return (f"cơ sở dữ liệu chỉ có {label} {' '.join(rest.split()[:best])} {what}, "
                    f"không có văn bản năm {year}")
    return None


def names_held_document(question: str, docs: list[_DocRef]) -> bool:
    """The question names a document of the collection by its number ("Thông tư 05/2019/TT-VPCP")."""
    nums = {m.group(1).lower() for m in re.finditer(r"(\d+/\d{4}/[\wĐđ-]+)", _nfc(question))}
    return bool(nums) and any(d.number and d.number in nums for d in docs)


def _in_force(hit: Hit, as_of: date) -> bool | None:
    v = hit.chunk.validity
    if v.effective_from or v.effective_to:
        return v.in_force(as_of)
    if hit.in_force is not None:
        return hit.in_force
    return None


def _status(chunk: Chunk, as_of: date, in_force: bool | None, hint: SupersededHint | None = None) -> str:
    v = chunk.validity
    if v.effective_to and as_of > v.effective_to:
        return f"Hết hiệu lực từ {_fmt_date(v.effective_to + timedelta(days=1))}"
    if v.effective_from and as_of < v.effective_from:
        return f"Chưa có hiệu lực (có hiệu lực từ {_fmt_date(v.effective_from)})"
    if in_force is False:
        return "Không còn hiệu lực"
    if hint is not None:
        return SUPERSEDED_STATUS
    if is_guidance(chunk) and not v.effective_from:
        return GUIDANCE_STATUS
    if v.effective_from or in_force:
        return "Đang có hiệu lực"
    return ""


SUPERSEDED_STATUS = "Có thể đã hết hiệu lực (cần kiểm tra)"
GUIDANCE_STATUS = "Tài liệu hướng dẫn, không phải văn bản quy phạm pháp luật"
_RELATIONS_CACHE: dict[int, tuple[Any, list[Chunk], DocumentRelations]] = {}


def warm_up(retriever: Any) -> None:
    """Build what the first question to a collection would otherwise wait for (≈ 1.5 s on Pháp điển's 42,847
    chunks): the tables over its chunks (document names and years for the scope rule, provisions by number,
    document relations, step sections, procedure sections) and one search (query encoder, keyword index)."""
    if _collection_table(retriever, _TITLE_CACHE, _doc_refs) is None:
        return
    _provisions(retriever)
    _collection_table(retriever, _RELATIONS_CACHE, DocumentRelations.from_chunks)
    _collection_table(retriever, _STEPS_CACHE, _step_sections)
    _collection_table(retriever, _OUTLINE_CACHE, _sections)
    _search(retriever, "thời hạn giải quyết hồ sơ", RETRIEVE_K)


def superseded_hint(retriever: Any, chunk: Chunk, as_of: date) -> SupersededHint | None:
    """Why ``chunk``'s document is probably no longer in force on ``as_of`` although its own notes do not say so:
    the collection names a later law of the same name as that document, or as the law it details
    (``DocumentRelations.superseded_hint``). None when the retriever does not expose its collection, or when the
    provision's own dates already decide (it has an end date)."""
    if chunk.validity.effective_to or chunk.validity.replaced_by or chunk.validity.repealed_by:
        return None
    rel = _collection_table(retriever, _RELATIONS_CACHE, DocumentRelations.from_chunks)
    src = provenance(chunk)
    if rel is None or src is None:
        return None
    return rel.superseded_hint(src[0], as_of)


def source_law_name(retriever: Any, chunk: Chunk) -> str | None:
    """"Luật Hòa giải ở cơ sở số 35/2013/QH13": the name of a Pháp điển provision's source law, code or ordinance
    (its provenance line names only "Luật số 35/2013/QH13"; the collection's first article of that law gives the
    title), for citations an official recognises. None for other documents and outside Pháp điển."""
    if not chunk.source_citation:
        return None
    rel = _collection_table(retriever, _RELATIONS_CACHE, DocumentRelations.from_chunks)
    src = provenance(chunk)
    return rel.law_name(src[0]) if rel is not None and src is not None else None


# "(Điều này có nội dung liên quan đến Điều … ; Điều …)": Pháp điển's cross-references (often a dozen provisions).
# They say where else to read, not whether the provision applies, so they are not validity notes.
_RELATED_NOTE_RE = re.compile(r"^\(?\s*(?:Điều|Chương|Mục|Phần|Tiểu mục|Khoản|Điểm) này có nội dung liên quan đến")


def _source_notes(chunk: Chunk) -> list[str]:
    """The provision's own notes that bear on its validity (source, effective date, amendments), without the
    wrapping parentheses of Pháp điển's provenance lines; cross-references left out."""
    out: list[str] = []
    for n in chunk.validity.notes:
        n = _nfc(n).strip()
        if _RELATED_NOTE_RE.match(n):
            continue
        while n.startswith("(") and n.endswith(")") and n.count("(") == n.count(")"):
            n = n[1:-1].strip()
        if n and n not in out:
            out.append(n)
    return out


# a source note that says more than where the provision comes from and since when
_CHANGE_NOTE_RE = re.compile(r"sửa đổi|bổ sung|bãi bỏ|thay thế|hết hiệu lực|đình chỉ|ngưng hiệu lực|đính chính|hủy bỏ",
                             re.I)
_NOTE_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _mere_provenance(note: str, as_of: date) -> bool:
    """A Pháp điển provenance line that only names the source and a start date already passed on ``as_of``
    ("Điều 2 Luật số 24/2018/QH14, có hiệu lực thi hành kể từ ngày 01/01/2019"): nothing to warn about, and the
    citation already names the source."""
    if _CHANGE_NOTE_RE.search(note):
        return False
    for d, m, y in _NOTE_DATE_RE.findall(note):
        try:
            if date(int(y), int(m), int(d)) > as_of:
                return False
        except ValueError:
            return False
    return True


def validity_notes(chunk: Chunk, as_of: date, number: int | None = None,
                   hint: SupersededHint | None = None, source_name: str | None = None) -> list[str]:
    """Vietnamese notes on whether ``chunk`` applies on ``as_of``: amended / replaced / repealed / expired / not
    yet in force, then the provision's own source notes (at most three; a bare provenance line whose start date
    has passed is not a note). A structured amendment note is left out when a source note already names every
    amending provision (it also gives their dates). ``hint``: a later law of the same name the collection names
    (``superseded_hint``), said after the provision's own replacement notes. ``source_name``: see
    :func:`source_law_name`."""
    v = chunk.validity
    cit = display_citation(chunk, source_name=source_name)
    ref = f"[{number}] {cit}" if number else cit
    notes: list[str] = []
    own = [n for n in _source_notes(chunk) if not _mere_provenance(n, as_of)][:3]
    if v.amended_by and not any(all(a in n for a in v.amended_by) for n in own):
        notes.append(f"{ref}: điều này đã được sửa đổi, bổ sung bởi {'; '.join(v.amended_by)}.")
    # a replacement / repeal whose date has not come yet on as_of: "sẽ …, từ ngày …", not "đã …"
    upcoming = f" từ ngày {_fmt_date(v.effective_to + timedelta(days=1))}" if (
        v.effective_to and as_of <= v.effective_to) else ""
    if v.replaced_by:
        verb = "sẽ được thay thế" if upcoming else "đã được thay thế"
        notes.append(f"{ref}: {verb} bởi {'; '.join(v.replaced_by)}{upcoming}.")
    if v.repealed_by:
        verb = "sẽ bị bãi bỏ" if upcoming else "đã bị bãi bỏ"
        notes.append(f"{ref}: {verb} bởi {'; '.join(v.repealed_by)}{upcoming}.")
    if v.effective_to and as_of > v.effective_to:
        notes.append(f"{ref}: văn bản hết hiệu lực từ {_fmt_date(v.effective_to + timedelta(days=1))}.")
    elif v.effective_to:
        notes.append(f"{ref}: có hiệu lực đến hết ngày {_fmt_date(v.effective_to)}.")
    if v.effective_from and as_of < v.effective_from:
        notes.append(f"{ref}: chưa có hiệu lực vào ngày {_fmt_date(as_of)} (có hiệu lực từ {_fmt_date(v.effective_from)}).")
    if hint is not None:
        notes.append(f"{ref}: {hint.note()}")
    for n in own:
        notes.append(f"{ref}: {n.rstrip('.')}.")
    if chunk.from_ocr:
        notes.append(f"{ref}: {OCR_NOTE}")
    return notes


# ---------------------------------------------------------------------------------------------------------
# Passage (clause / sentence) selection
# ---------------------------------------------------------------------------------------------------------

_SENT_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÌÓÒÚÙÝ0-9])")
_ITEM_RE = re.compile(r"^\s*([a-zđ]\)|[-–•+]\s|\d+[.)]\s|\d+\.\d+)", re.I)
_LIST_START_RE = re.compile(r"^\s*(?:a\)|1[.)]\s|[-–•+]\s)", re.I)  # the first item of a list


def _item_kind(unit: str) -> str:
    """"num" (1. / 1)), "letter" (a) / a1)), "sub" (1.1), or "bullet" (- • +) for a list item."""
    u = unit.lstrip()
    if re.match(r"\d+\.\d+", u):
        return "sub"
    if re.match(r"\d+[.)]\s", u):
        return "num"
    if re.match(r"[a-zđ]\d?\)", u, re.I):
        return "letter"
    return "bullet"


def _unmarked_lead(quote: str, following: list[tuple[str, int]]) -> bool:
    """A list lead whose colon the source lost ("2. Thể thức văn bản hành chính bao gồm các thành phần chính", then
    "a) Quốc hiệu và Tiêu ngữ." …): no closing punctuation and the next unit an item of another kind than the lead
    (a khoản "1. …" followed by "2. …" is not a lead), and that item the first of a list ("a)", "1.", a bullet): a
    sentence the source left unpunctuated before "3. …" is not one."""
    q = quote.rstrip()
    if not q or q[-1] in ".;:!?…”\")" or not following:
        return False
    nxt = following[0][0]
    return bool(_LIST_START_RE.match(nxt)) and (not _ITEM_RE.match(q) or _item_kind(nxt) != _item_kind(q))


_SIGNING_RE = re.compile(r"hiệu lực(?: thi hành)? (?:kể )?từ ngày (?:ký|ban hành)\b", re.I)
_BARE_ENUMERATOR_RE = re.compile(r"^(?:\d+[a-zđ]?[.)]|[a-zđ]\d?\))$", re.I)


# a chapter / section heading the source glued to the end of an article ("… 02 ngày làm việc).Chương V", then the
# chapter title in capitals on the next line: "TRÁCH NHIỆM QUẢN LÝ CƯ TRÚ"), or on a line of its own
_GLUED_HEADING_RE = re.compile(r"(?<=[.;:!?)…”\"])\s*(?:Chương|CHƯƠNG|Mục|MỤC|Phần thứ|PHẦN THỨ)\s+[IVXLC\d]+[.:]?\s*$")
_HEADING_LINE_RE = re.compile(r"^\s*(?:Chương|CHƯƠNG|Mục|MỤC|Phần thứ|PHẦN THỨ)\s+[IVXLC\d]+[.:]?\s*$")


def _is_caps_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _provision_lines(chunk: Chunk) -> list[str]:
    """The lines of ``chunk.text`` without a chapter / section heading that follows the provision (glued to its last
    sentence or on a line of its own) and the capitalised chapter title under it: they belong to the next article,
    and a quote ending "….Chương V" or made of "TRÁCH NHIỆM QUẢN LÝ CƯ TRÚ" answers nothing."""
    out: list[str] = []
    heading = False
    for line in _nfc(chunk.text).splitlines():
        if heading and (not line.strip() or _is_caps_line(line)):
            out.append("")  # kept as an empty line: line numbers stay those of the text
            continue
        heading = False
        if _HEADING_LINE_RE.match(line):
            out.append("")
            heading = True
            continue
        cut = _GLUED_HEADING_RE.sub("", line)
        if cut != line:
            heading = True
        out.append(cut)
    return out


def _units(chunk: Chunk) -> list[str]:
    """Lines of the provision, long lines split into sentences; the bare title line is dropped."""
    return [u for u, _ in _units_with_lines(chunk)]


def _is_title_line(chunk: Chunk, line: str) -> bool:
    """The bare article title ("Thủ tục đăng ký khai sinh" or "Điều 16. Thủ tục …") repeated as a line of the text."""
    title = _nfc(chunk.article_title).strip().lower()
    return bool(title) and line.lower().strip(" .") in {title, f"điều {chunk.article_id}. {title}".lower()}


def _units_with_lines(chunk: Chunk) -> list[tuple[str, int]]:
    """``_units`` with the index of the line each unit comes from (a list item's later sentences share its line).
    A sentence split never leaves an item number alone ("5." then "Giấy khám sức khỏe …"): it stays with its text."""
    out: list[tuple[str, int]] = []
    table: list[str] = []

    def flush(at: int) -> None:
        # A table (rows "a | b") is one unit: a header row alone answers nothing.
        if table:
            out.extend((u, at) for u in _table_units(table))
            table.clear()

    for n, line in enumerate(_provision_lines(chunk)):
        line = line.strip()
        if not line:
            continue
        if _is_title_line(chunk, line):
            continue
        if " | " in line and not INSTRUCTION_RE.search(line):
            table.append(line)
            continue
        flush(n - 1)
        parts = [p.strip() for p in (_SENT_SPLIT.split(line) if len(line) > 120 else [line]) if p.strip()]
        merged: list[str] = []
        for p in parts:
            if merged and _BARE_ENUMERATOR_RE.match(merged[-1]):
                merged[-1] = f"{merged[-1]} {p}"
            else:
                merged.append(p)
        out.extend((p, n) for p in merged if not INSTRUCTION_RE.search(p))
    flush(-1)
    return out or [(_nfc(chunk.text).strip(), 0)]


_GROUP_CELL_RE = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\.?$")


def _table_units(rows: list[str]) -> list[str]:
    """Quotable units of a table (rows "a | b | c"). A table short enough to quote whole is one unit. A longer
    one (a fee schedule in a Phụ lục) gives one unit per row, read with the header row and the group row it falls
    under ("STT | Nội dung | Mức thu (đồng); II | … cấp bộ; 1 | Bản sao … | 10.000"), so the quote can be the row
    that answers instead of the first ``MAX_QUOTE_CHARS`` characters of the table."""
    whole = "; ".join(rows)
    if len(whole) <= MAX_QUOTE_CHARS or len(rows) < 3:
        return [whole]
    head, ncols = rows[0], rows[0].count(" | ")
    out: list[str] = []
    group: str | None = None
    for row in rows[1:]:
        cells = [c for c in row.split(" | ") if c.strip()]
        if cells and len(cells) <= min(2, ncols) and _GROUP_CELL_RE.match(cells[0]):  # "II | … cấp bộ": group row
            group = row
            continue
        out.append("; ".join(x for x in (head, group, row) if x))
    return out or [whole]


# a list lead longer than this ("… theo quy định tại …" over several lines) is not put before a quoted item
LEAD_MAX_CHARS = 300


def _list_lead(lines: list[tuple[str, int]], i: int) -> int | None:
    """Index of the lead of the list whose item is unit ``i`` ("2. Trong các trường hợp sau đây thì việc xác định mức
    độ khuyết tật do Hội đồng giám định y khoa thực hiện:" for "b) Người khuyết tật … không đồng ý với kết luận …"),
    looking back over the earlier items of the same kind and their later sentences; None when unit ``i`` is no item,
    the list has no lead (khoản "1.", "2." of an article) or the lead is longer than ``LEAD_MAX_CHARS``."""
    u = lines[i][0]
    if not _ITEM_RE.match(u):
        return None
    kind = _item_kind(u)
    j = i - 1
    while j >= 0:
        v = lines[j][0]
        sibling = bool(_ITEM_RE.match(v)) and _item_kind(v) == kind  # "c) Loại T16 (16+): …:" heads its own list
        if not sibling and (v.rstrip().endswith(":") or _unmarked_lead(v, lines[j + 1 : j + 2])):
            return j if len(v) <= LEAD_MAX_CHARS else None
        if sibling:
            j -= 1
            continue
        if j > 0 and lines[j - 1][1] == lines[j][1] and not _ITEM_RE.match(v):
            j -= 1  # a later sentence of an earlier item
            continue
        return None
    return None


@dataclass
class Passage:
    hit: Hit
    quote: str
    score: float  # coverage + cue bonus
    coverage: float
    cues: frozenset[str] = frozenset()  # question cues (time, fee, age…) the quote satisfies


def best_passage(chunk_hit: Hit, qterms: tuple[set[str], set[str]], cues: list[str],
                 at: int | None = None) -> Passage:
    """The unit (line or sentence, :func:`_units`) of the provision that best answers the question: lexical
    coverage of the question's terms plus a bonus per question cue (deadline, fee, age …) it states. With
    ``at`` (a character offset in ``chunk.text``), the unit containing that offset instead, e.g. where a
    clash was found."""
    lines = _units_with_lines(chunk_hit.chunk)  # computed once: the list and value passes below read it too
    units = [u for u, _ in lines]
    best_i, best_s, best_c = 0, -1.0, 0.0
    wanted = None
    if at is not None:
        text = _nfc(chunk_hit.chunk.text)
        wanted = next((i for i, u in enumerate(units) if 0 <= (j := text.find(u)) <= at < j + len(u)), None)
    for i, u in enumerate(units):
        if wanted is not None and i != wanted:
            continue
        c = _coverage(qterms, _terms(u))
        low = u.lower()
        bonus = sum(0.15 for cue in cues if cue in _CUES and _CUES[cue][1].search(low))
        if "dossier" in cues or "condition" in cues:
            if u.rstrip().endswith(":"):
                bonus += 0.1
        if u.rstrip().endswith("?"):
            bonus -= 0.5  # a question (FAQ heading, self-test item) is not an answer
        if "who" not in cues and "exam" not in cues and _DELEGATION_RE.match(u):
            # "Chính phủ quy định bổ sung giấy tờ …" says where the rule is, not the rule (open questions only: an exam
            # statement is often about who rules on the matter — "Bộ Giáo dục … quy định việc liên thông …")
            bonus -= DELEGATION_PENALTY
        s = c + bonus
        if s > best_s + 1e-9:
            best_i, best_s, best_c = i, s, c
    quote = units[best_i]
    # an item quoted alone loses what its list is about, often the value asked ("do Hội đồng giám định y khoa thực
    # hiện:", "không được bổ nhiệm …:", "có các nghĩa vụ sau đây:"): its lead goes before it
    lead_i = _list_lead(lines, best_i) if at is None else None
    hit_cues = frozenset(cue for cue in cues if cue in _CUES and _CUES[cue][1].search(quote.lower()))
    if "steps" in cues and at is None and len(units) > 1 and _STEPS_TITLE_RE.match(_nfc(chunk_hit.chunk.article_title)):
        # "Thủ tục đăng ký khai sinh như thế nào?" and the article "Thủ tục đăng ký khai sinh": its khoản in order,
        # one line each (the provision's own lines, not sentence units: "1." would stand alone)
        text_lines = [ln.strip() for ln in _provision_lines(chunk_hit.chunk)
                      if ln.strip() and not INSTRUCTION_RE.search(ln) and not _is_title_line(chunk_hit.chunk, ln.strip())]
        steps: list[str] = []
        for u in text_lines:
            if steps and len(" ".join(steps)) + len(u) > STEPS_MAX_CHARS:
                steps.append("…")
                break
            steps.append(u)
        return Passage(hit=chunk_hit, quote="\n".join(steps), score=best_s, coverage=best_c, cues=hit_cues)
    # A numbered heading ("3. Thủ tục cấp bản sao trích lục hộ tịch") matches the question's words, but when a value is
    # asked (fee, deadline, age, penalty) the answer is the line under it that states one ("b) Phí: 8.000 đồng/bản
    # sao"): quote both, "…" between, looking no further than the next heading of the same kind.
    asked_values = [c for c in cues if c in VALUE_CUES]
    head = units[best_i].rstrip()
    if (asked_values and not (hit_cues & VALUE_CUES) and at is None and len(head) <= 150
            and head[-1:] not in ".;:!?" and _item_kind(head) in ("num", "sub") and _ITEM_RE.match(head)):
        for u, _ln in lines[best_i + 1 :]:
            if _ITEM_RE.match(u) and _item_kind(u) == _item_kind(head):
                break
            if any(_CUES[c][1].search(u.lower()) for c in asked_values):
                quote = f"{head} … {u}"
                hit_cues = frozenset(c for c in cues if c in _CUES and _CUES[c][1].search(quote.lower()))
                break
    # A value asked (age, deadline, fee, penalty) and the best unit states none as a number: the unit of the same
    # provision that does and matches the question at least half as well is quoted too, in the provision's order
    # ("Người cao tuổi từ bao nhiêu tuổi được hưởng trợ cấp xã hội?": khoản 1 shares more words, khoản 2 says "từ đủ
    # 80 tuổi"). The best unit stays: choosing the value unit instead changed as many answers for the worse.
    numeric = [_NUMERIC_VALUE_RES[c] for c in asked_values if c in _NUMERIC_VALUE_RES
               and (c not in ("fee", "penalty") or "amount" in cues)]
    if (numeric and at is None and quote == units[best_i] and not any(r.search(quote.lower()) for r in numeric)
            and not quote.rstrip().endswith(":") and not _unmarked_lead(quote, lines[best_i + 1 : best_i + 2])):
        # (a list lead brings its items below, where the value usually is: "… phải có đủ các điều kiện sau đây:")
        scored = [(_coverage(qterms, _terms(u)), j) for j, u in enumerate(units)
                  if j != best_i and any(r.search(u.lower()) for r in numeric)]
        cov_j, j = max(scored, default=(0.0, -1))
        if j >= 0 and cov_j >= VALUE_UNIT_REL_COVERAGE * best_c:
            quote = f"{quote} … {units[j]}" if j > best_i else f"{units[j]} … {quote}"
            hit_cues = frozenset(c for c in cues if c in _CUES and _CUES[c][1].search(quote.lower()))
    # A list lead ("… gồm:") is useless without its items: all of them (a dossier list cut short reads as complete),
    # an item's later sentences too, up to STEPS_MAX_CHARS, then "…".
    limit = MAX_QUOTE_CHARS
    if quote.rstrip().endswith(":") or _unmarked_lead(quote, lines[best_i + 1 : best_i + 2]):
        items: list[str] = []
        last_line = None
        more = False
        kind = None  # the first item's kind: the list ends where another kind starts ("a) … g)", then khoản "2.")
        for u, ln in lines[best_i + 1 :]:
            cont = last_line is not None and ln == last_line
            if not (_ITEM_RE.match(u) or " | " in u or cont):
                break
            if not cont and " | " not in u:
                k = _item_kind(u)
                if kind is None:
                    kind = k
                elif k != kind:
                    break
            if items and len(" ".join(items)) + len(u) > STEPS_MAX_CHARS:
                more = True
                break
            items.append(u)
            last_line = ln
            if " | " in u:
                break
        if items:
            quote = quote + " " + " ".join(items) + (" …" if more else "")
            limit = STEPS_MAX_CHARS + len(units[best_i]) + 2
    elif lead_i is not None:
        lead = units[lead_i].rstrip()
        quote = f"{lead} {quote}" if lead_i == best_i - 1 and quote.startswith(units[best_i]) else f"{lead} … {quote}"
        limit += len(lead) + 3
        hit_cues = frozenset(c for c in cues if c in _CUES and _CUES[c][1].search(quote.lower()))
    if len(quote) > limit:
        cut = quote[:limit]
        quote = cut[: cut.rfind(" ")] + " …"
    return Passage(hit=chunk_hit, quote=quote, score=best_s, coverage=best_c, cues=hit_cues)


# ---------------------------------------------------------------------------------------------------------
# Yes/no and multiple-choice decisions (lexical, honest: abstain when undecided)
# ---------------------------------------------------------------------------------------------------------


# words that restrict, make absolute or change the modality of a statement (see decide_yesno); "mới" only as "only
# then" ("… mới được"), not as "new" ("cấp mới")
_STRONGER = ("chỉ", "tất cả", "mọi", "toàn bộ", "bất kỳ", "bất cứ", "nào cũng", "luôn", "duy nhất", "có thể",
             "không thể", "tự mình", "hoàn toàn", "đều")
# words that say the same thing: "tất cả mọi người" retells "mọi người"; "gọi vào số nào cũng được" is "bất kỳ số nào"
_SAME_STRENGTH = (("tất cả", "mọi", "toàn bộ"), ("bất kỳ", "bất cứ", "nào cũng"))


def _word_re(w: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(w)}(?!\w)")


# (a stronger word, the words whose presence in the provision makes it no stronger)
_STRONGER_RES = [(_word_re(w), [_word_re(o) for o in next((g for g in _SAME_STRENGTH if w in g), (w,))])
                 for w in _STRONGER] + [(re.compile(r"(?<!\w)mới\s+(?:được|có|phải|bị)(?!\w)"),
                                         [re.compile(r"(?<!\w)mới\s+(?:được|có|phải|bị)(?!\w)")])]


@dataclass(frozen=True)
class Verdict:
    """A yes/no statement judged against the cited provisions: ``label`` "Đúng" / "Sai" / None (undecided) and, when
    the contradiction checker found what the statement changes, ``reason`` (Vietnamese, one sentence) naming it and
    ``passage`` the index in ``passages`` of the provision it contradicts."""
    label: str | None
    reason: str = ""
    passage: int | None = None


def _statement_clash(statement: str, unit: str) -> Conflict | None:
    """The contradiction checker (``conflicts.check_pair``) run on a statement and the provision text it matched:
    a changed value, authority or permission ("… cấp huyện …" where the law says "cấp xã") is a conflict."""
    from assistant.conflicts import check_pair

    # both sides as legal text: the lexical comparison (≈ 1 ms), not the meaning fallback with the embedder that a
    # plain retelling gets (tens of ms, and no more statements decided on ALQAC dev)
    try:
        res = check_pair(ConflictSide(text=statement, citation="Nhận định", doc_type="Luật"),
                         ConflictSide(text=unit, citation="Quy định", doc_type="Luật"))
    except Exception:  # noqa: BLE001 - a checker failure must not break the answer; the lexical rules still decide
        return None
    return res if res.label == "conflict" else None


def _clash_reason(c: Conflict, number: int) -> str:
    """"Nhận định nêu «30 ngày», còn quy định [1] nêu «15 ngày»." (or, for a permission turned around, that it says
    the opposite)."""
    sa = [c.a.text[s:e] for s, e in c.spans_a if e > s]
    sb = [c.b.text[s:e] for s, e in c.spans_b if e > s]
    if sa and sb and sa[0].strip().lower() != sb[0].strip().lower():
        out = f"Nhận định nêu «{sa[0].strip()}», còn quy định [{number}] nêu «{sb[0].strip()}»"
        # the statement's value is in the provision too, for another case ("… lần đầu là 45 ngày": 30 ngày, and 45 ngày
        # only "đối với vụ việc phức tạp"): say for which
        at = c.b.text.lower().find(sa[0].strip().lower())
        if at >= 0:
            clauses = [(m.start(), m.group(0)) for m in re.finditer(r"[^;:.]+", c.b.text)]
            clause = next((t.strip() for st, t in clauses if st <= at < st + len(t)), "")
            if clause and sb[0].strip().lower() not in clause.lower():
                out += f"; «{sa[0].strip()}» chỉ áp dụng khi: «{clause}»"
        return out + "."
    return f"Nhận định nói ngược với quy định [{number}]."


def judge_statement(statement: str, passages: list[Passage]) -> Verdict:
    """"Đúng"/"Sai" from the best-matching passage of the top provisions; None when evidence is weak.

    Sai when the statement's negation polarity differs from the matched passage's, it states a number absent from the
    provision or something stronger than the law (``_lexical_verdict``), or else when the contradiction checker finds
    it changes the matched provision (a value, the competent body, a permission: ``_statement_clash``, which also
    says what changed); Đúng when it is well covered with the same polarity and numbers.
    """
    if not passages:
        return Verdict(None)
    st = _nfc(statement).lower()
    st_terms = _terms(st)
    best: tuple[float, str, Chunk, int] | None = None
    for i, p in enumerate(passages[:2]):
        for u in _judged_units(p.hit.chunk):
            c = _coverage(st_terms, _terms(u))
            if best is None or c > best[0]:
                best = (c, u, p.hit.chunk, i)
    if best is None or best[0] < 0.35:
        return Verdict(None)
    cov, unit, chunk, idx = best
    lexical, why = _lexical_verdict(st, st_terms, cov, unit, chunk)
    # the contradiction checker finds a changed value, body or permission the word rules miss, and says what changed
    clash = _statement_clash(_nfc(statement), unit)
    if clash is not None:
        return Verdict("Sai", _clash_reason(clash, idx + 1), idx)
    if lexical == "Sai":
        swap = _substitution(st, unit.lower())
        if swap is not None:
            return Verdict("Sai", f"Nhận định nêu «{_as_written(swap[0], statement)}», còn quy định [{idx + 1}] nêu "
                                  f"«{_as_written(swap[1], unit)}».", idx)
    case = _value_of_another_case(st, st_terms, unit)
    if case is not None:
        value, clause = case
        return Verdict("Sai", f"Nhận định nêu «{value}» như quy định chung, còn quy định [{idx + 1}] chỉ nêu «{value}» "
                              f"cho trường hợp riêng: «{clause}».", idx)
    return Verdict(lexical, why.format(n=idx + 1), idx if why else None)


_LEAD_ITEM_RE = re.compile(r"^(?:[a-zđ]\d?\)|\d+[.)]|[-•+])\s*", re.I)


def _judged_units(chunk: Chunk) -> list[str]:
    """``_units`` and, for each list item, the item read with its lead ("Nghiêm cấm hoạt động điện ảnh có nội dung sau
    đây" + "g) Tiết lộ bí mật …" → "Nghiêm cấm hoạt động điện ảnh có nội dung sau đây, tiết lộ bí mật …"): a statement
    retells both, and the lead carries its polarity ("nghiêm cấm"), its subject and its modality ("có thể yêu cầu").
    The lead is the nearest earlier unit ending in ":" of another list kind; joined with a comma so that the clause
    split of ``_lexical_verdict`` keeps them together."""
    units = _units(chunk)
    out = list(units)
    for i, u in enumerate(units):
        if not _LEAD_ITEM_RE.match(u):
            continue
        for lead in reversed(units[:i]):
            if lead.rstrip().endswith(":"):
                if not _LEAD_ITEM_RE.match(lead) or _item_kind(lead) != _item_kind(u):
                    body = _LEAD_ITEM_RE.sub("", u, count=1)
                    out.append(f"{lead.rstrip().rstrip(':').rstrip()}, {body[:1].lower()}{body[1:]}")
                break
    return out


_CASE_RE = re.compile(r"\b(?:đối với|trường hợp|nếu|khi)\b")


def _value_of_another_case(st: str, st_terms: tuple[set[str], set[str]], unit: str) -> tuple[str, str] | None:
    """A value the statement gives to the general rule that the provision gives only to a special case ("Thời hạn giải
    quyết khiếu nại lần đầu là 45 ngày": "… không quá 30 ngày …; đối với vụ việc phức tạp … không quá 45 ngày"): the
    number is not in the clause the statement matches best but in another that opens a case ("đối với", "trường hợp",
    "nếu", "khi") the statement does not name. (value as written in the statement, that clause) or None."""
    subs = [x.strip() for x in re.split(r"[;:]", _nfc(unit)) if x.strip()]
    if len(subs) < 2 or _CASE_RE.search(st):
        return None
    best = max(subs, key=lambda x: _coverage(st_terms, _terms(x)))
    in_best = set(_NUM_RE.findall(best.lower()))
    for m in re.finditer(r"(\d+(?:[.,]\d+)*)\s*(ngày|tháng|năm|giờ|tuổi|đồng|%)?", st):
        n = m.group(1)
        if n in in_best:
            continue
        other = next((x for x in subs if x is not best and n in _NUM_RE.findall(x.lower())
                      and _CASE_RE.search(x.lower())), None)
        if other is not None:
            return m.group(0).strip(), other.rstrip(" .;,")
    return None


_LAW_YEAR_RE = re.compile(r"\b((?:bộ )?luật|hiến pháp)((?:\s+[^\W\d]+){0,8}?)\s+năm\s+\d{4}\b")


def _lexical_verdict(st: str, st_terms: tuple[set[str], set[str]], cov: float, unit: str,
                     chunk: Chunk) -> tuple[str | None, str]:
    """The word rules of ``judge_statement`` on the lower-cased statement and its best-matching unit: (label, why) —
    ``why`` is a sentence on a Sai with "{n}" where the provision's number goes ("" when the rule says no more)."""
    # Compare polarity on the matched sub-clause only ("…; trường hợp … không thể …" must not flip it).
    subs = [x for x in re.split(r"[;:]|,\s+(?=trường hợp|nếu|trừ)", unit) if x.strip()] or [unit]
    ul = max(subs, key=lambda x: _coverage(st_terms, _terms(x))).lower()
    # the year that names a law ("… của luật tố tụng hành chính năm 2015") is not a value the provision states
    nums_s = set(_NUM_RE.findall(_LAW_YEAR_RE.sub(" ", st)))
    nums_c = set(_NUM_RE.findall(_nfc(chunk.text).lower()))
    if nums_s and not nums_s <= nums_c:
        return "Sai", ""  # (often a date or a year the statement adds: naming it explains little)
    if bool(_NEG_RE.search(_not_negations(st))) != bool(_NEG_RE.search(_not_negations(ul))):
        return "Sai", "Nhận định nói ngược với quy định [{n}]."
    if cov < 0.5:
        return None, ""
    # the statement says more than the provision: a restriction, an absolute or a modality the matched passage does
    # not have ("chỉ … mới", "tất cả", "bất kỳ", "có thể", "tự mình" …) makes it stronger than the law
    unit_l = unit.lower()
    stronger = next((found.group(0) for m, group in _STRONGER_RES
                     if (found := m.search(st)) and not any(o.search(unit_l) for o in group)), None)
    if stronger is not None:
        return "Sai", f"Nhận định nêu «{stronger}», quy định [{{n}}] không nói như vậy."
    # a definition given to another term ("Lưu trú là …" where the law says "Cư trú là …")
    ts, tu = _defined_term(st), _defined_term(unit_l)
    # … unless it is the same definition read backwards ("Người được cấp thẻ … là hướng dẫn viên du lịch")
    if ts and tu and ts != tu and not re.search(rf"\blà\s+{re.escape(tu)}\s*$", " ".join(_syllables(_TF_TAIL.sub("", st)))):
        return "Sai", f"Quy định [{{n}}] nói về «{tu}», không phải «{ts}»."
    # one phrase put in another's place (who acts, which law, "kể cả" for "trừ"): the words are all there but it is Sai
    # (judge_statement names the two phrases)
    if _substitution(st, unit_l):
        return "Sai", ""
    return "Đúng", ""


_FUNCTION_SYLLABLES = set("của và hoặc các những là được bị do cho với về trong theo thì mà này đó có một".split())
_REFERS_BACK_RE = re.compile(r"\b(?:này|đó|trên)\b")
# a phrase that retells a modality, a condition or the act itself, not who or what: "có thể" for "có quyền", "khi
# thực hiện" for "rà soát"
_SLOT_SKIP_RE = re.compile(r"\b(?:khi|nếu|trường hợp|có thể|phải|cần|có quyền|bao gồm|quy định|thực hiện|được|không)\b")


def _fold(text: str) -> str:
    """Lower case without diacritics ("khẩn cáp" = "khẩn cấp": a typo, not another word)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(ch) != "Mn")


@lru_cache(maxsize=64)
def _substitution(st: str, unit: str) -> tuple[str, str] | None:
    """A statement that retells the provision word for word except one short phrase put in another's place ("Cung cấp
    thông tin bao gồm việc công dân công khai thông tin …" where the law says "… việc cơ quan nhà nước công khai thông
    tin …"; "… được quy định tại Bộ luật hình sự" for "… Bộ luật dân sự"): (statement's phrase, provision's phrase) or
    None. Both phrases at most 6 syllables with no content syllable in common (nor equal without diacritics: a typo),
    the provision's not a reference back ("Luật này"), and the rest of the statement (≥ 70 % of it) in the same order
    as in the provision. Cached: ``judge_statement`` asks again for the phrases when the word rules said Sai."""
    core = _TF_TAIL.sub("", st)
    core = re.sub(r"^theo [^,]{3,80},\s*", "", core)
    a, b = _syllables(core), _syllables(unit)
    if len(a) < 6:
        return None
    sm = SequenceMatcher(None, a, b, autojunk=False)
    ops = sm.get_opcodes()
    first = next((i for i, op in enumerate(ops) if op[0] == "equal"), None)
    last = max((i for i, op in enumerate(ops) if op[0] == "equal"), default=None)
    if first is None or last is None:
        return None
    equal = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    if equal < 0.7 * len(a):
        return None
    # inside the retold part, or at the end of both ("… theo yêu cầu của cơ quan nhà nước" for "… của công dân")
    for tag, i1, i2, j1, j2 in ops[first:last + 2]:
        if tag != "replace" or i2 - i1 > 6 or j2 - j1 > 6 or (i1 >= ops[last][2] and (i2, j2) != (len(a), len(b))):
            continue
        sa, sb = a[i1:i2], b[j1:j2]
        ca, cb = set(sa) - _FUNCTION_SYLLABLES, set(sb) - _FUNCTION_SYLLABLES
        if not ca or not cb or ca & cb or _fold(" ".join(sa)) == _fold(" ".join(sb)):
            continue
        if _REFERS_BACK_RE.search(" ".join(sb)) or any(_SLOT_SKIP_RE.search(" ".join(x)) for x in (sa, sb)):
            continue
        if len(sa) == 1 and len(sb) == 1:  # one syllable says little alone: "hình" / "dân" → "luật hình sự" / "luật dân sự"
            lo, hi = max(i1 - 1, 0), min(i2 + 1, len(a))
            sa, sb = a[lo:i2] + a[i2:hi], b[max(j1 - (i1 - lo), 0):j2] + b[j2:j2 + (hi - i2)]
        return " ".join(sa), " ".join(sb)
    return None


def _as_written(phrase: str, text: str) -> str:
    """``phrase`` (lower-case syllables) as ``text`` writes it ("bộ luật dân sự" → "Bộ luật dân sự")."""
    m = re.search(r"\W+".join(map(re.escape, phrase.split())), _nfc(text), re.I)
    return m.group(0) if m else phrase


def decide_yesno(statement: str, passages: list[Passage]) -> str | None:
    """The label of ``judge_statement``."""
    return judge_statement(statement, passages).label


_DEF_RE = re.compile(r"^(?:theo [^,]{3,80},\s*)?(?:\d+[a-zđ]?[.)]\s*|[a-zđ]\)\s*)?([^,;:()]{2,60}?)\s+là\s+(?!gì)")


def _defined_term(text: str) -> str | None:
    """"cư trú" in "Cư trú là việc …" (a definition's term, lower-case, without a list number or "Theo Luật …,")."""
    m = _DEF_RE.match(text.strip())
    if not m:
        return None
    term = re.sub(r"(?:\s+(?:không phải|không|cũng|chính|đều|chỉ))+$", "", m.group(1).strip())
    return " ".join(_syllables(term)) or None


_OPTION_NUM_RE = re.compile(r"\d+")
NUMERIC_CHOICE_MARGIN = 0.05


def _strip_zeros(text: str) -> str:
    return re.sub(r"(?<!\d)0+(?=\d)", "", text)


def _value_re(option: str) -> re.Pattern[str]:
    """The option's value as written in a provision: leading zeros ignored ("05 ngày" = "5 ngày"), whole words, and
    "N ngày" is not "N ngày làm việc"."""
    v = _strip_zeros(_nfc(option).lower().strip(" .;"))
    tail = r"(?!\s+làm việc)" if v.endswith("ngày") else ""
    return re.compile(rf"(?<![\w/]){re.escape(v)}(?![\w/]){tail}")


def _numeric_choice(info: QuestionInfo, units: list[str]) -> str | None:
    """Options that are values ("06 tháng", "02 tháng" …) often all occur in one provision, each in its own clause
    ("Trước 06 tháng … phải thông báo …; trước 03 tháng … ban hành quyết định …"): the option whose value sits in the
    clause that best matches the question stem. None unless every option is a short value and one clause wins by
    ``NUMERIC_CHOICE_MARGIN``."""
    opts = info.choices
    if len(opts) < 2 or not all(_OPTION_NUM_RE.search(v) and len(v.split()) <= 6 for v in opts.values()):
        return None
    stem = _terms(info.stem)
    # each clause as values are searched in it (lower case, no leading zeros) and its match with the stem
    clauses = [(_strip_zeros(c.lower()), _coverage(stem, _terms(c)))
               for u in units for c in re.split(r"[;:]|(?<=\.)\s", u) if c.strip()]
    best: dict[str, float] = {}
    for letter, text in opts.items():
        value = _value_re(text)
        for searched, cov in clauses:
            if value.search(searched):
                best[letter] = max(best.get(letter, 0.0), cov)
    if not best:
        return None
    ranked = sorted(best.values(), reverse=True)
    top = max(best, key=best.get)
    if len(ranked) > 1 and ranked[0] - ranked[1] < NUMERIC_CHOICE_MARGIN:
        return None
    return top


def decide_choice(info: QuestionInfo, passages: list[Passage]) -> str | None:
    """Letter of the choice with the highest lexical support in the top provisions (None if undecided)."""
    if not info.choices or not passages:
        return None
    units = [u for p in passages[:2] for u in _units(p.hit.chunk)]
    if not info.negative_stem:
        by_value = _numeric_choice(info, units)
        if by_value:
            return by_value
    full = " ".join(units)
    full_terms = _terms(full)
    stem_u, _ = _terms(info.stem)
    support: dict[str, float] = {}
    meta: dict[str, set[str]] = {}
    none_letter: str | None = None
    letters = sorted(info.choices)
    for letter, text in info.choices.items():
        low = _nfc(text).lower()
        if _META_NONE.search(low):
            none_letter = letter
            continue
        if _META_ALL.search(low) or re.search(r"\b[A-D]\b\s*(và|,)\s*\b[A-D]\b", text):
            refs = set(_LETTERS.findall(text)) or (set(letters) - {letter})
            if _META_ALL.search(low) and not re.search(r"\b[A-D]\b\s*(và|,)", text):
                refs = set(letters) - {letter}
            meta[letter] = refs - {letter}
            continue
        cu, cb = _terms(low)
        cu_only = cu - stem_u or cu  # terms the choice adds beyond the stem
        best_u = max((_coverage((cu_only, cb), _terms(u)) for u in units), default=0.0)
        whole = _uni_coverage(cu_only, full_terms[0])
        nums = set(_NUM_RE.findall(low))
        num_ok = 1.0 if not nums or nums <= set(_NUM_RE.findall(full.lower())) else 0.0
        support[letter] = (0.6 * best_u + 0.4 * whole) * (0.5 + 0.5 * num_ok)
    if not support:
        return None
    ranked = sorted(support.items(), key=lambda kv: kv[1], reverse=True)
    strong = {k for k, v in support.items() if v >= 0.6}
    if info.negative_stem:
        lo_letter, lo = min(support.items(), key=lambda kv: kv[1])
        others = [v for k, v in support.items() if k != lo_letter]
        if others and min(others) - lo >= 0.1:
            return lo_letter
        return None
    for letter, refs in sorted(meta.items(), key=lambda kv: -len(kv[1])):
        if refs and refs <= set(support) and refs <= strong:
            return letter
    if none_letter and ranked[0][1] < 0.3:
        return none_letter
    if ranked[0][1] < 0.3:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 0.02:
        return None
    return ranked[0][0]


def answer_label(ans: Answer) -> str | None:
    """The decided label written at the start of an answer ("Đúng", "Sai", "A"…"D"), else None."""
    m = re.match(r"^(Đúng|Sai)\.", ans.text) or re.match(r"^Đáp án: ([A-D])\.", ans.text)
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------------------------------------


_QTY_RE = re.compile(
    r"(\w+\s+\w+)\s+(\d+(?:[.,]\d+)*)\s*(tuổi|đồng|ngày làm việc|ngày|giờ làm việc|giờ|tháng|năm|%)(?!\w)"
)
GUIDANCE_RULE = (
    "Tài liệu hướng dẫn, cẩm nang, hỏi đáp không phải là văn bản quy phạm pháp luật; khi khác với văn bản quy "
    "phạm pháp luật thì áp dụng văn bản quy phạm pháp luật."
)


def _quantities(text: str) -> dict[tuple[str, str], list[tuple[str, tuple[int, int]]]]:
    """(two preceding syllables, unit) → [(value, span)] for "từ đủ 14 tuổi", "mức 5.000 đồng" …"""
    out: dict[tuple[str, str], list[tuple[str, tuple[int, int]]]] = {}
    for m in _QTY_RE.finditer(_nfc(text).lower()):
        out.setdefault((m.group(1), m.group(3)), []).append((m.group(2), m.span(2)))
    return out


def _quantity_conflict(a: Any, b: Any, as_of: date | None) -> Conflict | None:
    """Same wording before a number of the same unit, different values ("từ đủ 14 tuổi" / "từ đủ 16 tuổi").

    A backstop for pairs the clause-level checker does not align: a guidance bullet vs a legal clause (only those;
    two legal clauses are left to ``check_pair``, whose scope guards this backstop lacks).
    """
    from assistant.conflicts import decide_prevails

    qa, qb = _quantities(a.text), _quantities(b.text)
    for key in qa.keys() & qb.keys():
        va, vb = {v for v, _ in qa[key]}, {v for v, _ in qb[key]}
        if va & vb:
            continue
        unit = key[1]
        x, y = qa[key][0], qb[key][0]
        prevails, rule, _notes = decide_prevails(a, b)
        return Conflict(
            a=a, b=b, label="conflict", kind="numeric", spans_a=[x[1]], spans_b=[y[1]], confidence=0.6,
            severity="trung bình", prevails=prevails, rule=rule,
            explanation=f"Cùng một nội dung nhưng số liệu khác nhau: \"{x[0]} {unit}\" và \"{y[0]} {unit}\".",
        )
    return None


def _locate(quote: str, text: str) -> tuple[int, int] | None:
    head = _nfc(quote).strip()[:40]
    i = _nfc(text).find(head)
    return None if i < 0 or not head else (i, i + len(quote) + 40)


def _touches(spans: list[tuple[int, int]], region: tuple[int, int] | None) -> bool:
    if region is None or not spans:
        return True
    return any(s < region[1] and e > region[0] for s, e in spans)


def _guidance_prevails(c: Conflict, a: Chunk, b: Chunk) -> Conflict:
    ga, gb = is_guidance(a), is_guidance(b)
    if c.label == "conflict" and ga != gb:
        win = "b" if ga else "a"
        expl = c.explanation.replace(" Không xác định được loại/thẩm quyền ban hành của ít nhất một văn bản.", "")
        return c.model_copy(update={"prevails": win, "rule": GUIDANCE_RULE, "explanation": expl})
    return c


def is_consolidated(chunk: Chunk) -> bool:
    """A provision of a văn bản hợp nhất (its ``source_citation`` names the consolidated document: "Điều 7 Nghị
    định số 42/2024/NĐ-CP"): a legal text, not guidance."""
    return _nfc(chunk.doc_type).strip().lower().startswith("văn bản hợp nhất")



# People the law governs under different regimes, and procedures with laws of their own: a rule for viên chức does
# not answer a question about công chức (Luật Cán bộ, công chức vs Luật Viên chức vs Bộ luật Lao động vs the laws on
# the armed forces), nor one on khiếu nại a question on tố cáo.
# ("cán bộ" is left out: "cán bộ cảnh vệ", "cán bộ tư pháp" are everyday words for an official of any regime.)
REGIME_GROUPS: dict[str, re.Pattern[str]] = {
    "công chức": re.compile(r"(?<!viên )\bcông chức\b", re.I),
    "viên chức": re.compile(r"\bviên chức\b", re.I),
    "người lao động": re.compile(r"\bngười lao động\b", re.I),
    "quân nhân": re.compile(r"\b(?:quân nhân|sĩ quan|hạ sĩ quan|binh sĩ)\b", re.I),
    # two procedures with their own laws, deadlines and competences (Luật Khiếu nại / Luật Tố cáo)
    "khiếu nại": re.compile(r"\bkhiếu nại\b", re.I),
    "tố cáo": re.compile(r"\btố cáo\b", re.I),
}


def _groups_named(chunk: Chunk, with_doc_title: bool = False) -> list[str]:
    """The ``REGIME_GROUPS`` a provision names in its text and title (and, when asked, its document title) — not its
    chapter headings: a chapter "Khiếu nại, tố cáo trong tố tụng hành chính" above an article on khiếu nại deadlines
    does not make it a rule on tố cáo."""
    parts = [chunk.text, chunk.article_title or ""] + ([chunk.doc_title or ""] if with_doc_title else [])
    where = " ".join(_nfc(x) for x in parts)
    return [g for g, rx in REGIME_GROUPS.items() if rx.search(where)]


def subject_mismatch(question: str, chunk: Chunk) -> tuple[list[str], list[str]] | None:
    """(groups asked, groups the provision names) when the question is about people of one regime (công chức) or one
    procedure (tố cáo) and the provision — its text and title — names none of them but another (viên chức, khiếu
    nại); else None. Says nothing when the question names no group or the provision names none."""
    q = _nfc(question)
    asked = [g for g, rx in REGIME_GROUPS.items() if rx.search(q)]
    if not asked:
        return None
    named = _groups_named(chunk)
    if not named or any(g in named for g in asked):
        return None
    return asked, named


REGIME_CHECK_K = 5  # retrieved provisions searched for the group a question asks about


def regime_gap(question: str, hits: list[Hit]) -> str | None:
    """Refusal reason when the question is about one regime (công chức, tố cáo) and the best provision is for another
    (viên chức, khiếu nại) while none of the first ``REGIME_CHECK_K`` provisions names the regime asked — in its text,
    title or document title (refusing needs more than reordering does): the collection has no legal basis for it
    (Luật Viên chức does not answer for công chức)."""
    if not hits:
        return None
    gap = subject_mismatch(question, hits[0].chunk)
    if gap is None:
        return None
    asked = gap[0]
    for h in hits[1:REGIME_CHECK_K]:
        if set(asked) & set(_groups_named(h.chunk, with_doc_title=True)):
            return None
    return (f"không tìm thấy quy định cho {', '.join(asked)}; các quy định gần nhất áp dụng cho "
            f"{', '.join(gap[1])}")


def _amends(x: Chunk, y: Chunk) -> bool:
    """Is ``x`` the provision recorded as having amended ``y``?"""
    return _provision_key(x) in _amender_keys(y)


_CLAUSE_LINE_RE = re.compile(r"(?m)^\s*(\d+)\.\s")
_AMENDED_CLAUSES_RE = re.compile(
    r"^\s*((?:khoản|các khoản)\s+\d+[a-zđ]?(?:\s*(?:,|và)\s*\d+[a-zđ]?)*\s+)Điều\b", re.I)


def _amended_clauses(chunk: Chunk) -> set[str] | None:
    """Khoản numbers of ``chunk`` that its validity notes say were amended ("Khoản 2 Điều 7 được sửa đổi …");
    None when a note does not name the khoản (then the whole provision counts as amended)."""
    out: set[str] = set()
    for note in chunk.validity.notes:
        if "sửa đổi" not in note.lower():
            continue
        m = _AMENDED_CLAUSES_RE.match(_nfc(note))
        if not m:
            return None
        out |= set(re.findall(r"\d+[a-zđ]?", m.group(1).lower()))  # "1a": a khoản inserted by an amendment
    return out or None


def _clause_at(chunk: Chunk, pos: int) -> str | None:
    """The khoản of ``chunk.text`` that character ``pos`` lies in (its own clause for a khoản chunk)."""
    if chunk.clause:
        return chunk.clause
    last = None
    for m in _CLAUSE_LINE_RE.finditer(chunk.text):
        if m.start() > pos:
            break
        last = m.group(1)
    return last


def _states_amended_text(chunk: Chunk, spans: list[tuple[int, int]], quote: str | None) -> bool:
    """Does a clash span of ``chunk`` (relative to ``quote`` when given, else to the provision) lie in a khoản
    that was amended? Then the clash is with wording no longer in force."""
    clauses = _amended_clauses(chunk)
    if clauses is None:
        return True
    base = 0
    if quote is not None:
        loc = _locate(quote, chunk.text)
        if loc is None:
            return False
        base = loc[0]
    return any(_clause_at(chunk, base + s) in clauses for s, _ in spans)


def find_cited_conflicts(chunks: list[Chunk], as_of: date | None, quotes: list[str] | None = None) -> list[Conflict]:
    """Conflicts among cited provisions of different documents.

    With ``quotes`` (the passages the answer quotes, aligned with ``chunks``): the quoted passages are
    compared first, so the note names the values that actually clash in what the answer says; a clash
    found elsewhere in the two provisions is reported only if it touches both quoted passages. A
    "superseded" relation between the whole provisions is always reported. Guidance (handbook, FAQ) never
    prevails over a legal normative document. A clash in the old wording of a khoản whose amending provision
    is cited too is not reported: the amending provision's text is what is compared.
    """
    from assistant.conflicts import check_pair, document_key, side_from_chunk

    amended = {i for i, x in enumerate(chunks) if any(_amends(y, x) for y in chunks if y is not x)}
    out: list[Conflict] = []
    for i in range(len(chunks)):
        for j in range(i + 1, len(chunks)):
            a, b = chunks[i], chunks[j]
            if a.doc_id == b.doc_id or _amends(a, b) or _amends(b, a):
                continue  # an amendment is reported as a validity note, not as a conflict
            if (is_consolidated(a) or is_consolidated(b)) and document_key(a).lower() == document_key(b).lower():
                continue  # a văn bản hợp nhất and the document it consolidates: one text in two versions
            found: Conflict | None = None
            in_quotes = False  # found between the quoted passages (spans relative to the quotes)
            try:
                sa, sb = side_from_chunk(a), side_from_chunk(b)
                if quotes:
                    qa = sa.model_copy(update={"text": quotes[i]})
                    qb = sb.model_copy(update={"text": quotes[j]})
                    c = check_pair(qa, qb, as_of=as_of)
                    if c.label == "conflict":
                        found = c
                    elif c.label == "no_conflict" and c.kind != "exception" and (is_guidance(a) or is_guidance(b)):
                        # the backstop is for a guidance bullet the clause-level checker does not align with a
                        # Law clause; between two legal texts it took "Thanh niên … từ đủ 16 tuổi" and "Công dân …
                        # từ đủ 14 tuổi … cấp thẻ căn cước" for one rule told twice
                        found = _quantity_conflict(qa, qb, as_of)
                    in_quotes = found is not None
                if found is None:
                    c = check_pair(sa, sb, as_of=as_of)
                    if c.label == "superseded":
                        found = c
                    elif c.label == "conflict" and (not quotes or (
                            _touches(c.spans_a, _locate(quotes[i], sa.text))
                            and _touches(c.spans_b, _locate(quotes[j], sb.text)))):
                        found = c
            except Exception:  # noqa: BLE001 - a checker failure must not break answering
                continue
            if found is not None and found.label == "conflict" and any(
                    k in amended and _states_amended_text(
                        chunks[k], spans, quotes[k] if in_quotes and quotes else None)
                    for k, spans in ((i, found.spans_a), (j, found.spans_b))):
                continue
            if found is not None:
                out.append(_guidance_prevails(found, a, b))
    return _drop_moot(out)


def _as_cited(conflicts: list[Conflict], cits: list[Citation]) -> list[Conflict]:
    """The conflicts with each side named as the answer's citation names it ("Khoản 1 Điều 2 Thông tư số …
    (Pháp điển: …)"), not by the checker's own label for the provision."""
    shown = {c.chunk_id: c.citation for c in cits}

    def side(x: ConflictSide) -> ConflictSide:
        return x.model_copy(update={"citation": shown[x.chunk_id]}) if x.chunk_id in shown else x

    return [c.model_copy(update={"a": side(c.a), "b": side(c.b)}) for c in conflicts]


def _drop_moot(conflicts: list[Conflict]) -> list[Conflict]:
    """Drop a conflict whose prevailing provision loses another conflict of the same answer: "the provincial
    decision prevails over the guide" is moot (and reads as a contradiction) when a Nghị định cited in the same
    answer prevails over that decision. The guide is still compared with the Nghị định on its own."""
    def side(c: Conflict, winner: bool) -> str | None:
        if not c.prevails:
            return None
        return (c.a if (c.prevails == "a") == winner else c.b).chunk_id

    losers = {side(c, winner=False) for c in conflicts if c.label == "conflict"} - {None}
    return [c for c in conflicts if c.label != "conflict" or side(c, winner=True) not in losers]


def _conflict_sentence(c: Conflict, numbers: dict[str, int], titles: dict[str, str] | None = None) -> str:
    """The answer's note on a conflict among its citations (``titles``: chunk id → document title, for a finding across
    two Pháp điển đề mục, named by their titles)."""
    na = numbers.get(c.a.chunk_id or "", 0)
    nb = numbers.get(c.b.chunk_id or "", 0)
    ra = f"[{na}] {c.a.citation}" if na else c.a.citation
    rb = f"[{nb}] {c.b.citation}" if nb else c.b.citation
    ta, tb = pd_topic(c.a), pd_topic(c.b)
    if c.label == "conflict" and ta and tb and ta != tb:
        # two đề mục of Pháp điển: usually two regimes ("Thời hạn giải quyết tố cáo" in Luật Tố cáo and in Bộ luật Tố
        # tụng hình sự), so a difference to choose between, not a clash one document wins by the rank of its issuer
        about = KIND_SHORT_VI.get(c.kind) or "nội dung"
        sa = "; ".join(c.a.text[x:y].strip() for x, y in c.spans_a[:1] if y > x)
        sb = "; ".join(c.b.text[x:y].strip() for x, y in c.spans_b[:1] if y > x)
        vals = f" («{sa}» và «{sb}»)" if sa and sb and sa.lower() != sb.lower() else ""
        na_, nb_ = ((titles or {}).get(x.chunk_id or "", "") for x in (c.a, c.b))
        where = f"«{na_}» và «{nb_}»" if na_ and nb_ and na_ != nb_ else f"{ta} và {tb}"
        return (f"Lưu ý: {ra} và {rb} quy định {about} khác nhau{vals} nhưng thuộc hai đề mục Pháp điển khác nhau "
                f"({where}), thường là hai chế độ, thủ tục khác nhau: cần xác định quy định nào áp dụng cho "
                "trường hợp cụ thể.")
    if c.label == "conflict":
        about = KIND_SHORT_VI.get(c.kind)
        what = f"mâu thuẫn về {about}" if about else "mâu thuẫn"
    else:
        what = "quan hệ thay thế (một quy định đã bị thay thế)"
    s = f"Lưu ý: {ra} và {rb} có dấu hiệu {what}."
    if c.prevails:
        win = ra if c.prevails == "a" else rb
        s += f" Áp dụng {win}"
        # the note on the replaced Law on Promulgation is in the conflict's own rule (shown beside the answer)
        rule = c.rule.replace(RULE_NOTE, "").strip().rstrip(". ") if c.rule else ""
        s += f" theo nguyên tắc: {rule}." if rule else "."
    if c.explanation:
        s += f" {c.explanation}"
    return s


# ---------------------------------------------------------------------------------------------------------
# Core pipeline
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Prepared:
    question: str
    standalone: str
    as_of: date
    info: QuestionInfo
    hits: list[Hit]
    features: dict[str, float]
    refused: bool
    refusal_reason: str | None
    ordered: list[tuple[Hit, bool | None]]  # in-force preferred order
    only_expired: bool
    # chunk id of a retrieved, amended provision → its amending provision, found anywhere in the collection
    # when retrieval did not return it (cited next to it so the answer states the text in force)
    amenders: dict[str, Hit] = field(default_factory=dict)
    # chunk id of a retrieved guidance section → the provisions it names as its basis ("khoản 2 Điều 7 Nghị
    # định số 42/2024/NĐ-CP"), keyed (document number, article), when held in the collection and in force
    basis: dict[str, dict[tuple[str, str], Hit]] = field(default_factory=dict)
    # chunk id → why its document is probably no longer in force though its own notes do not say so
    superseded: dict[str, SupersededHint] = field(default_factory=dict)
    # a question asking for steps, answered by a guide written as "Bước 1", "Bước 2" …: every step, in order
    steps: list[Hit] = field(default_factory=list)
    # a question asking for steps whose best provision sits in a section named for a procedure ("Mục 2. TRÌNH TỰ,
    # THỦ TỤC GIẢI QUYẾT KHIẾU NẠI LẦN ĐẦU"): (the section's name, its articles of that document, in order)
    outline: tuple[str, list[Chunk]] | None = None
    # chunk id → the name of its source law ("Luật Hòa giải ở cơ sở số 35/2013/QH13"), for a Pháp điển provision
    names: dict[str, str] = field(default_factory=dict)
    # a refused question: the retrieved articles worth suggesting (:func:`suggestion_hits`)
    suggested: list[Hit] = field(default_factory=list)

    def hint(self, chunk: Chunk) -> SupersededHint | None:
        return self.superseded.get(chunk.id)


_STEP_TITLE_RE = re.compile(r"^Bước\s*(\d{1,2})\b", re.I)
_STEPS_CACHE: dict[int, tuple[Any, list[Chunk], dict[str, list[Chunk]]]] = {}
STEPS_FROM_TOP = 3  # a step section among the first hits makes the answer the whole procedure


def _step_sections(chunks: list[Chunk]) -> dict[str, list[Chunk]]:
    """Document id → its sections titled "Bước 1", "Bước 2" … in step order (documents with at least two)."""
    by_doc: dict[str, dict[int, Chunk]] = {}
    for c in chunks:
        m = _STEP_TITLE_RE.match(_nfc(c.article_title or "").strip())
        if m and not c.clause:
            by_doc.setdefault(c.doc_id, {}).setdefault(int(m.group(1)), c)
    return {d: [steps[k] for k in sorted(steps)] for d, steps in by_doc.items() if len(steps) >= 2}


_PROCEDURE_HEADING_RE = re.compile(r"trình tự|thủ tục|quy trình", re.I)
_SECTION_NUMBER_RE = re.compile(r"^(?:Chương|Mục|Tiểu mục|Phần)\s+[\wĐđ]+[.:]?\s*", re.I)
_OUTLINE_CACHE: dict[int, tuple[Any, list[Chunk], dict[tuple[str, ...], list[Chunk]]]] = {}
OUTLINE_MIN_ARTICLES, OUTLINE_MAX_ARTICLES = 3, 15


def _sections(chunks: list[Chunk]) -> dict[tuple[str, ...], list[Chunk]]:
    """(document id, document number, heading path above the article …) → the articles under it, in order."""
    out: dict[tuple[str, ...], list[Chunk]] = {}
    for c in chunks:
        if not c.clause and len(c.heading_path) >= 3:
            out.setdefault((c.doc_id, (c.doc_number or "").lower(), *c.heading_path[:-1]), []).append(c)
    return out


def procedure_outline(retriever: Any, chunk: Chunk) -> tuple[str, list[Chunk]] | None:
    """When ``chunk`` sits in a section named for a procedure ("Mục 2. TRÌNH TỰ, THỦ TỤC GIẢI QUYẾT KHIẾU NẠI LẦN
    ĐẦU"): the section's name in sentence case and its articles of the same document in order (3–15 of them); the
    law's own structure is the step-by-step outline. None otherwise, or when the collection is not exposed."""
    heading = chunk.heading_path[-2] if len(chunk.heading_path) >= 3 else ""
    if not _PROCEDURE_HEADING_RE.search(heading):
        return None
    table = _collection_table(retriever, _OUTLINE_CACHE, _sections)
    arts = (table or {}).get((chunk.doc_id, (chunk.doc_number or "").lower(), *chunk.heading_path[:-1]))
    if not arts or not OUTLINE_MIN_ARTICLES <= len(arts) <= OUTLINE_MAX_ARTICLES:
        return None
    name = _SECTION_NUMBER_RE.sub("", _nfc(heading)).strip(" .")
    if name.isupper():
        name = name[:1] + name[1:].lower()
    return name, arts


def _outline_sentence(outline: tuple[str, list[Chunk]]) -> str:
    """"Trình tự, thủ tục giải quyết khiếu nại lần đầu (Luật số 02/2011/QH13) gồm các điều theo thứ tự:" then one
    line per article ("- Điều 27 «Thụ lý giải quyết khiếu nại»;" …)."""
    name, arts = outline

    def ref(c: Chunk) -> tuple[str, str]:
        cit = _nfc(c.source_citation or c.citation)
        m = re.match(r"(Điều\s+\S+)\s+(.*)$", cit)
        return (m.group(1), m.group(2)) if m else (cit, "")

    doc = ref(arts[0])[1]
    items = ";\n".join(f"- {ref(c)[0]} «{_nfc(c.article_title).strip()}»" if c.article_title else f"- {ref(c)[0]}"
                        for c in arts)
    return f"{name}{f' ({doc})' if doc else ''} gồm các điều theo thứ tự:\n{items}."


def _guide_steps(retriever: Any, hits: list[Hit]) -> list[Hit]:
    """All steps of the procedure whose step section is among the first ``STEPS_FROM_TOP`` hits, in order (retrieved
    hits kept, the other steps looked up in the collection); empty when there is none."""
    table = _collection_table(retriever, _STEPS_CACHE, _step_sections)
    if table is None:
        table = _step_sections([h.chunk for h in hits])
    for h in hits[:STEPS_FROM_TOP]:
        steps = table.get(h.chunk.doc_id)
        if steps and any(c.id == h.chunk.id for c in steps):
            got = {x.chunk.id: x for x in hits}
            return [got.get(c.id) or Hit(chunk=c, score=0.0, rank=len(hits) + 1 + i) for i, c in enumerate(steps)]
    return []


def _collection_name(retriever: Any) -> str | None:
    try:
        return str(retriever.index.collection)
    except (AttributeError, KeyError, TypeError):
        return None


def _prepare(
    question: str, *, retriever: Any, history: Any, as_of: date | None, chat_model: Any | None,
    k: int, choices: dict[str, str] | None,
) -> Prepared:
    as_of = as_of or date.today()
    question = _nfc(question).strip()
    # typed without Vietnamese marks ("thoi han nop ho so")? restored from the collection's own text first, so
    # that every later step (follow-ups, kinds of question, clause choice, refusal) reads real words
    restore = getattr(retriever, "restore_marks", None)
    asked = restore(question) if restore is not None and question else question
    if history and chat_model is not None and is_followup(asked):
        standalone = rewrite_with_llm(asked, history, chat_model)
    else:
        standalone = rewrite_followup(asked, history)
    info = analyze_question(standalone, choices)
    query = standalone
    if info.kind == "choice":  # the options as pasted lines ("A. …"), so the retriever sees an exam question
        query = info.stem + "\n" + "\n".join(f"{k}. {v}" for k, v in sorted(info.choices.items()))
    hits = _search(retriever, query, k) if standalone else []
    feats = confidence_features(info.stem or standalone, hits)
    docs = _known_docs(retriever, hits) if hits else []
    scope = scope_check(standalone, docs) if hits else None
    if scope:  # the more specific reason first
        ok, why = False, scope
    elif not hits:
        ok, why = False, "không có kết quả tìm kiếm"
    elif names_held_document(standalone, docs):
        # "Thông tư 05/2019/TT-VPCP còn áp dụng không?": in scope by construction; only lexical coverage counts.
        ok, why = confident({k: v for k, v in feats.items() if k == "coverage"})
    else:
        ok, why = confident(feats, exam=exam_style(query), collection=_collection_name(retriever))
    if ok and not scope:
        gap = regime_gap(info.stem or standalone, hits)
        if gap:
            ok, why = False, gap
    if ok and "steps" in info.cues:
        hits = _whole_procedure_articles(retriever, hits)
    # Multiple-choice/yes-no questions from an exam are in scope by construction of their wording only if
    # retrieval agrees; same threshold for all kinds.
    flags = [(h, _in_force(h, as_of)) for h in hits]
    in_force = [x for x in flags if x[1] is not False]
    expired = [x for x in flags if x[1] is False]
    ordered = in_force + expired if in_force else expired
    amenders = _collection_amenders(retriever, hits[:RETRIEVE_K], as_of) if ok else {}
    basis = _guidance_basis(retriever, hits[:RETRIEVE_K], as_of) if ok else {}
    superseded: dict[str, SupersededHint] = {}
    names: dict[str, str] = {}
    if ok:
        extra = [h.chunk for h in amenders.values()] + [h.chunk for b in basis.values() for h in b.values()]
        for ch in [h.chunk for h in hits[:RETRIEVE_K]] + extra:
            hint = superseded_hint(retriever, ch, as_of)
            if hint is not None:
                superseded[ch.id] = hint
            name = source_law_name(retriever, ch)
            if name:
                names[ch.id] = name
    suggested = suggestion_hits(info.stem or standalone, hits, feats) if not ok else []
    for h in suggested:  # named as answers name them ("Điều 13 Luật Viên chức số 58/2010/QH12")
        name = source_law_name(retriever, h.chunk)
        if name:
            names[h.chunk.id] = name
    steps = _guide_steps(retriever, [h for h, inf in ordered if inf is not False]) if (
        ok and "steps" in info.cues) else []
    live_top = next((h for h, inf in ordered if inf is not False), None)
    outline = procedure_outline(retriever, live_top.chunk) if (
        ok and "steps" in info.cues and not steps and live_top is not None) else None
    return Prepared(
        question=question, standalone=standalone, as_of=as_of, info=info, hits=hits, features=feats,
        refused=not ok, refusal_reason=why or None, ordered=ordered, only_expired=bool(hits) and not in_force,
        amenders=amenders, basis=basis, superseded=superseded, steps=steps, outline=outline, names=names,
        suggested=suggested,
    )


def _whole_procedure_articles(retriever: Any, hits: list[Hit]) -> list[Hit]:
    """A steps question ("Thủ tục chứng thực chữ ký như thế nào?") whose hit is one khoản of a procedure article
    ("Khoản 4 Điều 24 …", the article "Thủ tục chứng thực chữ ký"): the whole article instead, so that its khoản are
    quoted in order as the steps (the retriever returns an article's best chunk, which may be its last khoản)."""
    table: dict[tuple[str, str], Chunk] | None = None
    out: list[Hit] = []
    for h in hits:
        ch = h.chunk
        if ch.clause and _STEPS_TITLE_RE.match(_nfc(ch.article_title)):
            table = table if table is not None else _provisions(retriever)
            whole = table.get(_provision_key(ch))
            if whole is not None and whole.clause is None and whole.law_id == ch.law_id and (
                    whole.article_id == ch.article_id):
                h = h.model_copy(update={"chunk": whole})
        out.append(h)
    return out


_PROVISION_CACHE: dict[int, tuple[Any, list[Chunk], dict[tuple[str, str], Chunk]]] = {}
# "Điều 7 Nghị định số 42/2024/NĐ-CP", "Điều 1 của Luật số 71/2023/QH15": an article and its document number
# within one clause (no sentence or bracket boundary between them)
_PROVISION_REF_RE = re.compile(r"Điều\s+(\d+[a-zđ]?)\b[^.;()\n]{0,60}?(\d+/\d{4}/[\wĐđ-]+)", re.I)


def provision_refs(text: str) -> list[tuple[str, str]]:
    """(document number, article id), lower-cased, of every provision ``text`` names, in order."""
    return [(m.group(2).lower(), m.group(1).lower()) for m in _PROVISION_REF_RE.finditer(_nfc(text))]


def _provisions(retriever: Any) -> dict[tuple[str, str], Chunk]:
    """(document number, article id) → the article's first chunk, over the retriever's whole collection."""
    def build(chunks: list[Chunk]) -> dict[tuple[str, str], Chunk]:
        table: dict[tuple[str, str], Chunk] = {}
        for c in chunks:
            if c.doc_number:
                table.setdefault(_provision_key(c), c)
        # a văn bản hợp nhất also answers for the document it consolidates ("Điều 5 Nghị định số 42/2024/NĐ-CP" when
        # the collection holds 08/VBHN-BNV): after the original, which wins when both are held
        for c in chunks:
            if c.source_citation and is_consolidated(c):
                m = _PROVISION_REF_RE.match(_nfc(c.source_citation))
                if m:
                    table.setdefault((m.group(2).lower(), m.group(1).lower()), c)
        return table

    return _collection_table(retriever, _PROVISION_CACHE, build) or {}


def _guidance_basis(retriever: Any, hits: list[Hit], as_of: date) -> dict[str, dict[tuple[str, str], Hit]]:
    """The legal provisions each retrieved guidance section names (:func:`provision_refs`), looked up in the
    collection; only those held and in force on ``as_of``."""
    out: dict[str, dict[tuple[str, str], Hit]] = {}
    for h in hits:
        if not is_guidance(h.chunk):
            continue
        for key in provision_refs(h.chunk.text):
            c = _provisions(retriever).get(key)
            if c is not None and not is_guidance(c) and c.validity.in_force(as_of):
                out.setdefault(h.chunk.id, {}).setdefault(key, Hit(chunk=c, score=0.0, rank=len(hits) + 1))
    return out


def _collection_amenders(retriever: Any, hits: list[Hit], as_of: date) -> dict[str, Hit]:
    """For each retrieved provision recorded as amended ("… được sửa đổi, bổ sung bởi Điều 1 Nghị định số
    87/2025/NĐ-CP") whose amending provision retrieval did not return: that provision, looked up by document
    number and article in the collection, if it is held and in force on ``as_of``. Without it the answer would
    quote only the old wording."""
    retrieved = {_provision_key(h.chunk) for h in hits}
    out: dict[str, Hit] = {}
    for h in hits:
        for key in _amender_keys(h.chunk):
            if key in retrieved:
                continue
            c = _provisions(retriever).get(key)
            if c is not None and c.validity.in_force(as_of):
                out[h.chunk.id] = Hit(chunk=c, score=0.0, rank=len(hits) + 1 + len(out))
                break
    return out


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
    sugg = _suggestions(p)
    reason = plain_reason(p.refusal_reason)
    text = REFUSAL_TEXT
    if reason and reason == p.refusal_reason:  # a scope reason, said in plain words already: the user sees why
        text += f" Lý do: {reason}."
    if sugg:
        text += " " + SUGGEST_LEAD + "".join(f"\n- {s}" for s in sugg)
    else:
        text += " " + REPHRASE_TEXT
    return Answer(
        question=p.question, text=text, refused=True, refusal_reason=reason, suggestions=sugg,
        standalone_query=p.standalone, mode=mode,  # type: ignore[arg-type]
    )


def is_guidance(chunk: Chunk) -> bool:
    """Handbook / FAQ / hướng dẫn sections: useful, but not legal normative documents."""
    if is_consolidated(chunk):  # "văn bản …" below would otherwise take it for guidance
        return False
    t = _nfc(chunk.doc_type).strip().lower()
    return any(t.startswith(g) for g in GUIDANCE_TYPES)


def binding_rank(chunk: Chunk) -> int:
    """Order of citation: 0 Hiến pháp, 1 Luật … 7 local documents (``conflicts.legal_rank``), 8 legal
    documents of unknown rank, 9 guidance."""
    if is_guidance(chunk):
        return 9
    try:
        from assistant.conflicts import legal_rank, side_from_chunk

        r = legal_rank(side_from_chunk(chunk))
    except Exception:  # noqa: BLE001 - ranking is a preference, never a failure
        r = None
    return 8 if r is None else r


_AMENDER_RE = re.compile(r"Điều\s+(\d+[a-zđ]?)\b.*?(\d+/\d{4}/[\wĐđ-]+)", re.I)


def _provision_key(c: Chunk) -> tuple[str, str]:
    """(document number, article id), lower-cased: how a provision is named in references ("Điều 1 Nghị định
    số 87/2025/NĐ-CP"), in :func:`provision_refs` and in ``validity.amended_by``."""
    return (c.doc_number or "").lower(), c.article_id.lower()


def _amender_keys(chunk: Chunk) -> list[tuple[str, str]]:
    """:func:`_provision_key` of each provision recorded as having amended ``chunk``."""
    return [(m.group(2).lower(), m.group(1).lower())
            for ref in chunk.validity.amended_by if (m := _AMENDER_RE.search(_nfc(ref)))]


def _amending_hit(chunk: Chunk, hits: list[tuple[Hit, bool | None]], amenders: dict[str, Hit]) -> Hit | None:
    """The in-force provision that amended ``chunk`` ("Điều 1 Nghị định số 87/2025/NĐ-CP"): a retrieved one,
    else the one :func:`_collection_amenders` found in the collection."""
    for key in _amender_keys(chunk):
        for h, inf in hits:
            if inf is not False and _provision_key(h.chunk) == key:
                return h
    return amenders.get(chunk.id)


def _question_terms(p: Prepared) -> tuple[set[str], set[str]]:
    """Terms passages are matched against: the question stem, plus the options of a multiple-choice question."""
    return _terms(p.info.stem if p.info.kind != "choice" else p.info.stem + " " + " ".join(p.info.choices.values()))


def _far_below(h: Hit, top: Hit) -> bool:
    """Does the retriever's reranker score ``h`` more than ``SECONDARY_MAX_RERANK_MARGIN`` below ``top``?"""
    a, b = top.scores.get("rerank"), h.scores.get("rerank")
    return a is not None and b is not None and a - b > SECONDARY_MAX_RERANK_MARGIN


# articles on a text's scope or its terms: they say what the text covers or what a word means, not a rule. Cited as a
# further provision only when the question asks that (scope: "phạm vi", "áp dụng", "đối tượng"; a definition: "là gì")
_SCOPE_TITLE_RE = re.compile(r"phạm vi điều chỉnh|đối tượng áp dụng|đối tượng điều chỉnh", re.I)
_DEFINITIONS_TITLE_RE = re.compile(r"giải thích từ ngữ|giải thích thuật ngữ", re.I)
_SCOPE_Q_RE = re.compile(r"phạm vi|áp dụng|đối tượng|điều chỉnh")


def _framing_article(chunk: Chunk, question: str, cues: list[str]) -> bool:
    """Is ``chunk`` a scope or definitions article that the question does not ask about?"""
    title = _nfc(chunk.article_title or "")
    if _SCOPE_TITLE_RE.search(title):
        return not _SCOPE_Q_RE.search(question.lower())
    if _DEFINITIONS_TITLE_RE.search(title):
        return "definition" not in cues
    return False


def _select(p: Prepared) -> list[Passage]:
    """Provisions to cite, in citation order.

    1. The retriever's top in-force hit; if it is guidance, the best binding provision among the next hits goes first
       when retrieved nearly as strongly (``BINDING_MIN_REL_FUSED``) and its passage scores
       ≥ ``BINDING_REL_SCORE`` × the guidance passage (and states the same kind of value: deadline, fee…) —
       unless the guidance quote names its legal basis and the collection holds it in force: that goes first.
    2. Further provisions only when retrieved nearly as strongly, covering the question nearly as well and
       not reranked far below the first (``SECONDARY_*``), at most ``MAX_CITATIONS``.
    3. A cited provision amended by a retrieved provision brings the amending provision right after it.
    4. Binding provisions first (Luật > Nghị định > Thông tư > local documents > guidance), retrieval order
       within a rank. An expired provision is never preferred: it is cited last (and flagged) only when it
       was the strongest hit, e.g. the question names the expired document.
    """
    qterms = _question_terms(p)
    if p.steps:
        return _select_steps(p, qterms)
    live = [x for x in p.ordered if x[1] is not False] or p.ordered
    cands = [best_passage(h, qterms, p.info.cues) for h, _ in live[:RETRIEVE_K]]
    # Only questions (FAQ headings, self-test lists): nothing to quote.
    cands = [c for c in cands if not c.quote.rstrip().endswith("?")] or cands
    if not cands:
        return []
    top = cands[0]
    q_text = p.info.stem or p.standalone
    if p.info.kind == "open" and _framing_article(top.hit.chunk, q_text, p.info.cues):
        # the strongest hit says what the text covers ("Đối tượng áp dụng", "Giải thích từ ngữ"), which was not asked:
        # a rule retrieved nearly as strongly (``BINDING_MIN_REL_FUSED``, not reranked far below) answers instead
        # (open questions only: a statement to judge often restates a definition)
        rule = next((c for c in cands[1:REGIME_CHECK_K] if not _framing_article(c.hit.chunk, q_text, p.info.cues)
                     and float(c.hit.score) >= BINDING_MIN_REL_FUSED * max(float(top.hit.score), 1e-9)
                     and not _far_below(c.hit, top.hit)), None)
        if rule is not None:
            cands = [rule] + [c for c in cands if c is not rule]
            top = rule
    gap = subject_mismatch(p.info.stem or p.standalone, top.hit.chunk)
    if gap is not None:
        # the best provision is for another regime ("viên chức", "khiếu nại") while a close one names the one asked
        asked = gap[0]
        match = next((c for c in cands[1:REGIME_CHECK_K] if set(asked) & set(_groups_named(c.hit.chunk))
                      and float(c.hit.score) >= SECONDARY_REL_FUSED * max(float(top.hit.score), 1e-9)), None)
        if match is not None:
            cands = [match] + [c for c in cands if c is not match]
            top = match
    keys = {(top.hit.chunk.law_id, top.hit.chunk.article_id)}
    q_stem = p.info.stem or p.standalone
    top_fits = subject_mismatch(q_stem, top.hit.chunk) is None
    top_score = max(float(top.hit.score), 1e-9)
    binding: Passage | None = None
    if is_guidance(top.hit.chunk):
        # the guidance quote names its legal basis: cite that provision first
        # (only a provision retrieval also returned: a guide's intro names the fee article, which does not make it
        # the answer to "các bước …")
        named = p.basis.get(top.hit.chunk.id, {})
        retrieved = {_provision_key(h.chunk) for h, _ in live}
        basis = next((named[k] for k in provision_refs(top.quote) if k in named and k in retrieved), None)
        if basis is not None:
            binding = best_passage(basis, qterms, p.info.cues)
        need = top.cues & VALUE_CUES  # the guidance quote states a deadline / fee / age: so must the provision
        ok = [c for c in cands[1:] if not is_guidance(c.hit.chunk)
              and float(c.hit.score) >= BINDING_MIN_REL_FUSED * top_score
              and c.score >= BINDING_REL_SCORE * top.score and need <= c.cues]
        if ok and binding is None:
            best = max(c.score for c in ok)
            band = [c for c in ok if c.score >= BINDING_BAND * best]  # about as relevant: higher legal force wins
            binding = min(band, key=lambda c: (binding_rank(c.hit.chunk), -c.score))
    chosen = [binding, top] if binding else [top]
    if binding:
        keys.add((binding.hit.chunk.law_id, binding.hit.chunk.article_id))
        if top.coverage < SECONDARY_REL_COVERAGE * binding.coverage:
            chosen = [binding]  # the guidance top answers the question less well than the provision: not cited
    # the margin is measured from the best-scored provision actually cited (a guidance top not cited does not count)
    lead = max(chosen, key=lambda c: c.hit.scores.get("rerank", float("-inf"))).hit
    # a value asked alone ("… thì bao lâu được cấp?"); not when the question also asks another thing ("xin cấp lại ở
    # đâu và bao lâu thì có?": a provision saying where is an answer too)
    asked_values = {cue for cue in p.info.cues if cue in VALUE_CUES} if (
        p.info.kind == "open" and len(_ASKS_RE.findall(q_stem.lower())) <= 1) else set()
    for c in cands[1:5]:
        if len(chosen) >= MAX_CITATIONS:
            break
        key = (c.hit.chunk.law_id, c.hit.chunk.article_id)
        if key in keys or _far_below(c.hit, lead):
            continue
        if top_fits and subject_mismatch(q_stem, c.hit.chunk) is not None:
            continue  # the first provision is for the regime asked; one for another regime adds nothing
        if _framing_article(c.hit.chunk, q_stem, p.info.cues):
            continue  # "Phạm vi điều chỉnh", "Giải thích từ ngữ" after the rule: not asked, adds nothing
        if asked_values and top.cues & asked_values and not c.cues & asked_values:
            continue  # a value is asked (deadline, fee, age, penalty) and the first quote states one: this one does not
        rel = float(c.hit.score) / top_score
        rel_cov = c.coverage >= SECONDARY_REL_COVERAGE * top.coverage
        if (rel >= SECONDARY_REL_FUSED and c.coverage >= SECONDARY_MIN_COVERAGE and rel_cov) or (
                rel >= TIE_REL_FUSED and rel_cov):
            chosen.append(c)
            keys.add(key)
    # Citation order: the binding provision preferred over a guidance top first; binding before guidance;
    # provisions in a near tie with the top by legal force (Luật > Nghị định > Thông tư > local), the rest
    # in retrieval order; an amending provision right after the amended one.
    def sort_key(c: Passage) -> tuple[int, ...]:
        tie = float(c.hit.score) >= TIE_REL_FUSED * top_score
        return (int(c is not binding), int(is_guidance(c.hit.chunk)), 0 if tie else 1,
                binding_rank(c.hit.chunk) if tie else 0, int(c is not top), c.hit.rank or 0)

    order: list[tuple[tuple[float, ...], Passage]] = [(tuple(map(float, sort_key(c))), c) for c in chosen]
    for k_, c in list(order):
        am = _amending_hit(c.hit.chunk, live, p.amenders)
        if am is not None and (am.chunk.law_id, am.chunk.article_id) not in keys:
            order.append(((*k_[:-1], k_[-1] + 0.5), best_passage(am, qterms, p.info.cues)))
            keys.add((am.chunk.law_id, am.chunk.article_id))
    order.sort(key=lambda t: t[0])
    out = [c for _, c in order]
    if p.only_expired:
        return out
    # Expired provisions: never first; cited last (flagged) when the strongest hit overall, or when they
    # pass the same secondary thresholds as in-force ones.
    for h, inf in p.ordered[:8]:
        if inf is not False or len(out) >= MAX_CITATIONS + 1 or (h.chunk.law_id, h.chunk.article_id) in keys:
            continue
        c = best_passage(h, qterms, p.info.cues)
        strongest = h is (p.hits[0] if p.hits else None)
        if strongest or (h.rank or 99) <= 5 and float(h.score) >= SECONDARY_REL_FUSED * top_score and (
                not _far_below(h, top.hit)) and (
                c.coverage >= SECONDARY_MIN_COVERAGE and c.coverage >= SECONDARY_REL_COVERAGE * top.coverage):
            out.append(c)
            keys.add((h.chunk.law_id, h.chunk.article_id))
    return out


def _select_steps(p: Prepared, qterms: tuple[set[str], set[str]]) -> list[Passage]:
    """"Các bước …?" answered by a guide written step by step: every step in order, each quoted whole (cut at
    ``MAX_QUOTE_CHARS``), then the best legal provision retrieved nearly as strongly as the top, as the legal basis."""
    out = []
    for h in p.steps:
        text = " ".join(_units(h.chunk))
        if len(text) > MAX_QUOTE_CHARS:
            text = text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
        out.append(Passage(hit=h, quote=text, score=0.0, coverage=_coverage(qterms, _terms(text))))
    ids = {h.chunk.id for h in p.steps}
    live = [h for h, inf in p.ordered if inf is not False]
    top_score = max((float(h.score) for h in live[:1]), default=0.0)
    basis = next((h for h in live[:RETRIEVE_K] if h.chunk.id not in ids and not is_guidance(h.chunk)
                  and float(h.score) >= BINDING_MIN_REL_FUSED * top_score), None)
    if basis is not None:
        out.append(best_passage(basis, qterms, p.info.cues))
    return out


def _add_clashing(passages: list[Passage], p: Prepared) -> list[Passage]:
    """Cite one more retrieved provision when it clashes with a cited one on the value the question asks for.

    An official asking for a deadline, fee, age or penalty must be warned when another in-force legal document
    among the retrieved provisions (``RETRIEVE_K``) states a different value, even if it ranked lower than the
    cited ones. Only for value questions, only in-force non-guidance provisions of a document not cited yet,
    whose best passage states a value of the kind asked and covers the question at least
    ``CLASH_MIN_COVERAGE``; the clash must be found between the quoted passages
    (:func:`find_cited_conflicts`). At most one provision is added, cited last — except when the answer leads
    with a guidance passage (handbook, FAQ) that the provision clashes with, and the provision was retrieved
    nearly as strongly (``BINDING_MIN_REL_FUSED``): then it is cited first, quoting the clause of the clash,
    whatever its coverage.
    """
    asked = set(p.info.cues) & VALUE_CUES
    if not passages or not asked or p.only_expired:
        return passages
    qterms = _question_terms(p)
    cited_docs = {ps.hit.chunk.doc_id for ps in passages}
    top_score = max(float(passages[0].hit.score), 1e-9)
    for h, inf in p.ordered[:RETRIEVE_K]:
        ch = h.chunk
        if inf is False or ch.doc_id in cited_docs or is_guidance(ch):
            continue
        guide = _guidance_clash(passages[0], ch, p) if (
            is_guidance(passages[0].hit.chunk) and float(h.score) >= BINDING_MIN_REL_FUSED * top_score) else None
        if guide is not None:
            # a handbook / FAQ the answer quotes states another value than a legal document: the legal
            # provision is cited first, quoting the clause where they clash
            c = best_passage(h, qterms, p.info.cues, at=guide)
            if asked & c.cues:
                return [c, *passages]
        c = best_passage(h, qterms, p.info.cues)
        if not (asked & c.cues) or c.coverage < CLASH_MIN_COVERAGE or c.quote.rstrip().endswith("?"):
            continue
        for ps in passages:
            if is_guidance(ps.hit.chunk):
                continue
            found = find_cited_conflicts([ps.hit.chunk, ch], p.as_of, quotes=[ps.quote, c.quote])
            if any(f.label == "conflict" for f in found):
                return [*passages, c]
    return passages


def _guidance_clash(guide: Passage, ch: Chunk, p: Prepared) -> int | None:
    """Where (offset in ``ch.text``) the legal provision ``ch`` clashes with the quoted guidance passage
    ``guide``, as :func:`find_cited_conflicts` sees them (the whole provision against the quote); None if not."""
    found = find_cited_conflicts([ch, guide.hit.chunk], p.as_of, quotes=[_nfc(ch.text), guide.quote])
    spans = next((f.spans_a for f in found if f.label == "conflict" and f.spans_a), None)
    return spans[0][0] if spans else None


def _citations(passages: list[Passage], p: Prepared) -> list[Citation]:
    out = []
    for i, ps in enumerate(passages, 1):
        ch = ps.hit.chunk
        inf, hint = _in_force(ps.hit, p.as_of), p.hint(ch)
        out.append(
            Citation(
                number=i, chunk_id=ch.id, citation=display_citation(ch, ps.quote, p.names.get(ch.id)), quote=ps.quote,
                in_force=None if hint is not None and inf else inf,
                status=_status(ch, p.as_of, inf, hint), law_id=ch.law_id, article_id=ch.article_id,
            )
        )
    return out


def _extractive(p: Prepared) -> Answer:
    if p.refused:
        return _refusal(p)
    passages = _add_clashing(_select(p), p)
    cits = _citations(passages, p)
    chunks = [ps.hit.chunk for ps in passages]
    conflicts = _as_cited(find_cited_conflicts(chunks, p.as_of, quotes=[ps.quote for ps in passages]), cits)
    numbers = {c.chunk_id: c.number for c in cits}
    notes = [n for i, ch in enumerate(chunks, 1) for n in validity_notes(ch, p.as_of, i, p.hint(ch), p.names.get(ch.id))]

    parts: list[str] = []
    if p.info.kind == "yesno":
        verdict = judge_statement(p.info.stem, passages)
        if verdict.label:
            parts.append(f"{verdict.label}.")
        if verdict.reason:
            parts.append(verdict.reason)
    elif p.info.kind == "choice":
        lab = decide_choice(p.info, passages)
        if lab:
            parts.append(f"Đáp án: {lab}.")
    if p.outline is not None:
        parts.append(_outline_sentence(p.outline) + "\n")
    if p.only_expired:
        parts.append(
            f"Không tìm thấy quy định đang có hiệu lực vào ngày {_fmt_date(p.as_of)}; "
            "các quy định dưới đây đã hết hiệu lực, chỉ dùng để tham khảo."
        )
    step_ids = {h.chunk.id for h in p.steps}
    for c, ch in zip(cits, chunks):
        verb = "cũng nêu" if is_guidance(ch) else "cũng quy định"
        lead = f"Theo {c.citation} [{c.number}]" if c.number == 1 else f"Ngoài ra, {c.citation} [{c.number}] {verb}"
        if ch.id in step_ids:  # "Các bước theo <guide>:" then one line per step: "Bước 1 [1]: “…”"
            head = f"Các bước theo {ch.doc_title or ch.citation}:\n" if c.number == 1 else "\n"
            lead = f"{head}{ch.article_title} [{c.number}]"
        elif step_ids:
            lead = f"\nCăn cứ pháp lý: {c.citation} [{c.number}] quy định"
        amended = [cc.number for cc, x in zip(cits, chunks) if x is not ch and _amends(ch, x)]
        if amended and c.number != 1:
            lead = f"Nội dung sửa đổi của [{amended[0]}] tại {c.citation} [{c.number}]"
        q = c.quote.rstrip()
        end = "" if q[-1:] in ".;:!?…" else "."
        parts.append(f"{lead}: “{q}”{end}")
        if c.in_force is False:
            parts.append(f"(Quy định [{c.number}] {c.status[:1].lower() + c.status[1:]}, không áp dụng.)")
        elif ch.validity.amended_by:
            detail = next((n for n in _source_notes(ch) if "sửa đổi" in n.lower()), "")
            amended = detail.rstrip(".") if detail else (
                f"Điều này đã được sửa đổi, bổ sung bởi {'; '.join(ch.validity.amended_by)}")
            parts.append(f"(Lưu ý: {amended}; áp dụng nội dung đã sửa đổi.)")
        if _SIGNING_RE.search(q) and ch.validity.effective_from and not is_guidance(ch):
            # "có hiệu lực kể từ ngày ký": the date is in the header, not in the quote
            parts.append(f"(Ngày ký, cũng là ngày có hiệu lực: {_fmt_date(ch.validity.effective_from)}.)")
        other = subject_mismatch(p.info.stem or p.standalone, ch)
        if other is not None:
            parts.append(f"(Lưu ý: quy định [{c.number}] áp dụng cho {', '.join(other[1])}, không nói về "
                         f"{', '.join(other[0])} như câu hỏi; cần đối chiếu văn bản riêng cho {', '.join(other[0])}.)")
    titles = {ch.id: ch.doc_title for ch in chunks if ch.doc_title}
    for cf in conflicts:
        parts.append(_conflict_sentence(cf, numbers, titles))
    return Answer(
        question=p.question, text=re.sub(r" ?\n ?", "\n", " ".join(parts)), citations=cits, conflicts=conflicts,
        validity_notes=notes,
        standalone_query=p.standalone, mode="extractive",
    )


# ---------------------------------------------------------------------------------------------------------
# LLM mode
# ---------------------------------------------------------------------------------------------------------


def get_chat_model(settings: Any | None = None, *, streaming: bool = False) -> Any:
    """ChatOpenAI for the configured OpenAI-compatible endpoint; raises RuntimeError when not configured."""
    from assistant.config import get_settings

    s = settings or get_settings()
    if not s.llm_base_url or not s.llm_model:
        raise RuntimeError("Chưa cấu hình LLM: đặt ASSISTANT_LLM_BASE_URL và ASSISTANT_LLM_MODEL.")
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=s.llm_base_url, model=s.llm_model, api_key=s.llm_api_key or "not-needed",
        timeout=s.llm_timeout_s, temperature=0, max_retries=1, streaming=streaming,
    )


def _llm_provisions(p: Prepared, n: int = 5) -> list[Hit]:
    return [h for h, _ in p.ordered[:n]]


def _llm_messages(p: Prepared, hits: list[Hit]) -> list[Any]:
    from assistant.prompts import build_messages

    provs = []
    notes: list[str] = []
    for i, h in enumerate(hits, 1):
        inf = _in_force(h, p.as_of)
        provs.append((i, display_citation(h.chunk, source_name=p.names.get(h.chunk.id)), h.chunk.text, _status(h.chunk, p.as_of, inf, p.hint(h.chunk))))
        notes.extend(validity_notes(h.chunk, p.as_of, i, p.hint(h.chunk), p.names.get(h.chunk.id)))
    return build_messages(p.standalone, provs, as_of=p.as_of, notes=notes)


def _norm_for_match(s: str) -> str:
    s = _nfc(s).lower()
    s = re.sub(r"[\s\u00a0]+", " ", s)
    return s.strip(" .,;:…")


def _quote_in(quote: str, text: str) -> bool:
    t = _norm_for_match(text)
    pos = 0
    for part in re.split(r"\.{3}|…", quote):
        part = _norm_for_match(part)
        if not part:
            continue
        i = t.find(part, pos)
        if i < 0:
            return False
        pos = i + len(part)
    return True


def verify_llm_text(text: str, hits: list[Hit]) -> tuple[str, list[int], list[str], dict[int, str]]:
    """Check every [n] in an LLM answer against the provisions it was given.

    Returns (cleaned text, valid numbers in order, dropped descriptions, number → verified quote).
    A marker is dropped when n is not a given provision, or when its sentence quotes a span that does not
    occur in provision n.
    """
    valid: list[int] = []
    dropped: list[str] = []
    quotes: dict[int, str] = {}
    sentences = re.split(r"(?<=[.!?\n])\s+", text)
    out_sents = []
    for sent in sentences:
        nums = [int(x) for x in _CITE_RE.findall(sent)]
        sent_quotes = [a or b for a, b in _QUOTE_RE.findall(sent)]
        bad: set[int] = set()
        for n in nums:
            if not 1 <= n <= len(hits):
                bad.add(n)
                dropped.append(f"[{n}]: không có điều khoản số {n} trong kết quả tra cứu")
                continue
            chunk_text = hits[n - 1].chunk.text
            for qt in sent_quotes:
                if not _quote_in(qt, chunk_text) and not any(_quote_in(qt, hits[m - 1].chunk.text) for m in nums if m != n and 1 <= m <= len(hits)):
                    bad.add(n)
                    dropped.append(f"[{n}]: đoạn trích “{qt[:80]}” không có trong {hits[n - 1].chunk.citation}")
                    break
            else:
                if n not in bad:
                    if n not in valid:
                        valid.append(n)
                    for qt in sent_quotes:
                        if _quote_in(qt, chunk_text):
                            quotes.setdefault(n, qt)
        if bad:
            sent = _CITE_RE.sub(lambda m: "" if int(m.group(1)) in bad else m.group(0), sent)
            sent = re.sub(r"\s+([.,;:])", r"\1", sent)
        out_sents.append(sent)
    cleaned = " ".join(s for s in out_sents if s is not None).strip()
    # De-duplicate dropped descriptions, keep order
    seen: list[str] = []
    for d in dropped:
        if d not in seen:
            seen.append(d)
    return cleaned, valid, seen, quotes


def _llm_finish(p: Prepared, hits: list[Hit], raw: str) -> Answer:
    raw = _nfc(raw).strip()
    cleaned, valid, dropped, quotes = verify_llm_text(raw, hits)
    qterms = _terms(p.standalone)
    cits: list[Citation] = []
    renum: dict[int, int] = {}
    for n in valid:
        h = hits[n - 1]
        inf, hint = _in_force(h, p.as_of), p.hint(h.chunk)
        quote = quotes.get(n) or best_passage(h, qterms, p.info.cues).quote
        renum[n] = n
        cits.append(
            Citation(
                number=n, chunk_id=h.chunk.id, citation=display_citation(h.chunk, quote, p.names.get(h.chunk.id)),
                quote=quote,
                in_force=None if hint is not None and inf else inf,
                status=_status(h.chunk, p.as_of, inf, hint), law_id=h.chunk.law_id, article_id=h.chunk.article_id,
            )
        )
    chunks = [hits[n - 1].chunk for n in valid]
    conflicts = _as_cited(find_cited_conflicts(chunks, p.as_of), cits)
    notes = [x for n in valid for x in validity_notes(hits[n - 1].chunk, p.as_of, n, p.hint(hits[n - 1].chunk),
                                                      p.names.get(hits[n - 1].chunk.id))]
    refused = cleaned.startswith(REFUSAL_TEXT[:40]) and not cits
    return Answer(
        question=p.question, text=cleaned, citations=cits, conflicts=conflicts, validity_notes=notes,
        refused=refused, refusal_reason=LLM_REFUSAL_REASON if refused else None,
        suggestions=_suggestions(p) if refused else [], standalone_query=p.standalone, mode="llm",
        dropped_citations=dropped,
    )


def _llm(p: Prepared, chat_model: Any) -> Answer:
    if p.refused:
        return _refusal(p, mode="llm")
    hits = _llm_provisions(p)
    out = chat_model.invoke(_llm_messages(p, hits))
    return _llm_finish(p, hits, str(getattr(out, "content", out)))


# ---------------------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------------------


def answer(
    question: str,
    *,
    collection: str,
    history: list[tuple[str, str]] | None = None,
    as_of: date | None = None,
    llm: bool = False,
    retriever: Any | None = None,
    chat_model: Any | None = None,
    k: int = RETRIEVE_K,
    choices: dict[str, str] | None = None,
) -> Answer:
    """Answer one question. ``history``: [(question, answer)] (or (role, text) pairs).

    ``retriever``: anything with ``search(query, k=, as_of=) -> list[Hit]`` (default: HybridRetriever of
    ``collection``). ``chat_model``: a langchain chat model for LLM mode (default: ChatOpenAI from settings).
    ``choices``: multiple-choice options when they are not written in the question text.
    """
    retriever = retriever if retriever is not None else _open_retriever(collection)
    if llm and chat_model is None:
        chat_model = get_chat_model()
    p = _prepare(question, retriever=retriever, history=history, as_of=as_of,
                 chat_model=chat_model if llm else None, k=k, choices=choices)
    return _llm(p, chat_model) if llm else _extractive(p)


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?”)])\s+(?=[A-ZĐÀ-Ỹ(\[“])", text)
    return [x for x in parts if x]


async def astream(
    question: str,
    *,
    collection: str,
    history: list[tuple[str, str]] | None = None,
    as_of: date | None = None,
    llm: bool = False,
    retriever: Any | None = None,
    chat_model: Any | None = None,
    k: int = RETRIEVE_K,
    choices: dict[str, str] | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Events for SSE: sentence* (extractive) | token* (LLM) | refusal, then citation*, conflict*, done.

    ``done.data`` is the full ``Answer`` as a JSON-able dict; in LLM mode its ``text`` is the verified text
    (fabricated citation markers removed), which clients should display in place of the streamed tokens.
    """
    retriever = retriever if retriever is not None else await asyncio.to_thread(_open_retriever, collection)
    if llm and chat_model is None:
        chat_model = get_chat_model(streaming=True)
    p = await asyncio.to_thread(
        _prepare, question, retriever=retriever, history=history, as_of=as_of,
        chat_model=chat_model if llm else None, k=k, choices=choices,
    )
    if p.refused:
        ans = _refusal(p, mode="llm" if llm else "extractive")
        yield {"event": "refusal", "data": {"text": ans.text, "reason": ans.refusal_reason, "suggestions": ans.suggestions}}
    elif llm:
        hits = _llm_provisions(p)
        buf: list[str] = []
        async for chunk in chat_model.astream(_llm_messages(p, hits)):
            tok = str(getattr(chunk, "content", chunk) or "")
            if tok:
                buf.append(tok)
                yield {"event": "token", "data": tok}
        ans = _llm_finish(p, hits, "".join(buf))
    else:
        ans = await asyncio.to_thread(_extractive, p)
        for s in _sentences(ans.text):
            yield {"event": "sentence", "data": s}
    for c in ans.citations:
        yield {"event": "citation", "data": c.model_dump(mode="json")}
    for cf in ans.conflicts:
        yield {"event": "conflict", "data": cf.model_dump(mode="json")}
    yield {"event": "done", "data": ans.model_dump(mode="json")}


def build_chain(
    retriever: Any,
    *,
    llm: bool = False,
    chat_model: Any | None = None,
    k: int = RETRIEVE_K,
    collection: str = "",
) -> Runnable:
    """A Runnable: {"question", "history"?, "as_of"?, "collection"?, "choices"?} (or a plain str) → Answer.

    Two steps: prepare (rewrite follow-up, retrieve, confidence, validity ordering) | compose (extractive
    or LLM with citation verification).
    """
    if llm and chat_model is None:
        chat_model = get_chat_model()

    def _prep(inp: Any) -> Prepared:
        if isinstance(inp, str):
            inp = {"question": inp}
        as_of = inp.get("as_of")
        if isinstance(as_of, str):
            as_of = date.fromisoformat(as_of)
        return _prepare(
            inp["question"], retriever=retriever, history=inp.get("history"), as_of=as_of,
            chat_model=chat_model if llm else None, k=k, choices=inp.get("choices"),
        )

    def _compose(p: Prepared) -> Answer:
        return _llm(p, chat_model) if llm else _extractive(p)

    return (RunnableLambda(_prep) | RunnableLambda(_compose)).with_config(run_name="legal_answer")
