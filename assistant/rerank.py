"""Feature reranker over the top fused candidates (pure numpy at query time).

The hybrid retriever fuses BM25 and dense scores with one global weight. This stage re-orders the best
``depth`` articles with a small linear model over per-candidate features that the fusion can't see:

* the fusion inputs, rescaled within the candidate list (fused, keyword, dense, rank in each list);
* idf-weighted coverage of the query's keyword tokens (words and syllables) by the candidate's article
  (read from the BM25 postings, so it uses exactly the index's tokenisation);
* article-title overlap with the query (both directions, syllables, idf-weighted);
* for pasted multiple-choice questions ("A. … B. …" lines): the best option's coverage by the article;
* the question names the candidate's document (its title or number, e.g. "Theo Luật Trồng trọt, …");
* coverage of the question stem alone (without pasted options);
* phrase matches: idf-weighted share of the question's syllable bigrams that occur in the article;
* pseudo-relevance feedback (Rocchio on the candidate list): the candidate's vector against the centroid of
  the first ``PRF_TOP`` fused candidates' vectors (no extra pass over the collection);
* how much of the candidate list's fused mass sits in the candidate's document (same-law neighbours) —
  computed but weighted 0 in the shipped weights: it let one handbook's many sections crowd out provisions;
* the article's title names what the question asks for (``INTENTS``: "bao lâu?" → "Thời hạn …");
* for a question asking a duration, deadline, amount, age or count (``asked_units``): the best single line
  (khoản / điểm / sentence) of the article that states a value in those units — its idf share of the question;
* how much of the question's content (its syllables without ``QUESTION_FUNCTION_SYLLABLES``, by idf) the title of the
  candidate's legal document holds (``doc_title_cover``; on Pháp điển the đề mục, "Khiếu nại" vs "Tố tụng hành
  chính") — a soft ``doc_in_query`` for a question that names the matter of a text without naming the text. Only
  legal documents count (``LEGAL_DOC_TYPES``): a guide's or handbook's descriptive title restates questions;
* the question names a case or qualifier ("vụ án dân sự", "biên giới biển", "lần đầu", "thường trú", "cấp cao") and
  the candidate's headings name only a sibling one ("Tố tụng hành chính", "đất liền", "lần hai", "tạm trú", "cấp
  huyện"): ``qualifier_mismatch`` (``QUALIFIER_GROUPS``), the same rule for a neighbouring case.

After the linear score, for a question in one's own words (not exam-style), a *frame article* — scope, definitions,
entry into force, transitional provisions, list of forms (``FRAME_TITLES``) — that the question does not ask about
loses ``FRAME_PENALTY`` when it leads the list (``frame_articles``, ``demote_leading_frames``): its text repeats the
subject words of the whole text, so it otherwise ranks above the article that answers. A list that does not start
with such an article is unchanged.

Before that, for a question in one's own words, a candidate linked by a cross-reference note (Pháp điển "(Điều này có
nội dung liên quan đến …)", either direction, ``HybridRetriever.crossref_links``) to one of the three best-scored other
candidates gains the question weights' ``link_boost`` (``linked_to_top``); a collection without such notes is unchanged.

Two weight files live next to this file, both fitted by ``eval/train_reranker.py`` (standardisation + pairwise
logistic regression): ``rerank_weights.json`` (ALQAC **dev** split only) for exam-style queries — pasted
multiple-choice options or a statement to judge "… đúng hay sai?" — and ``rerank_weights_questions.json`` (ALQAC dev
+ the Pháp điển training questions ``eval/data/phapdien_train.json``) for questions asked in one's own words
(``exam_style`` decides); the question weights' ``value_line`` coefficient was added later as a residual over the
others (the other weights unchanged), fitted on ``phapdien_train.json`` … ``phapdien_train8.json`` + ALQAC dev by
``eval/rank16_study.py fit write``, ``link_boost`` the same way by ``eval/xref_rank.py``, and ``doc_title_cover`` by
``eval/rank18_study.py fit write`` (over phapdien_train … phapdien_train9, link term included), then
``qualifier_mismatch`` the same way over those. None was fitted on
ALQAC test or ``phapdien_dev.json``. The reranker never changes ``Hit.score`` (the fused score answering relies on); it
only changes the order, and records its own score as ``Hit.scores["rerank"]`` (and two of its features, ``CONFIDENCE_FEATURES``, as ``Hit.scores["rerank_<name>"]``
for the answer layer's refusal decision). Disable with ``ASSISTANT_RERANK=false``.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from assistant.questions import validity_ask

WEIGHTS_PATH = Path(__file__).with_name("rerank_weights.json")
# weights for practical questions as officials ask them ("… nộp ở đâu?", "… bao lâu?"): used for every query that is
# not exam-style (pasted multiple-choice options, a statement to judge "… đúng hay sai?")
QUESTION_WEIGHTS_PATH = Path(__file__).with_name("rerank_weights_questions.json")
_EXAM_STATEMENT_RE = re.compile(r"(?<!\w)(?:đúng|sai)\s+hay\s+(?:sai|đúng)\s*\??\s*$")
FEATURES = (
    "fused",
    "kw_norm",
    "dense_norm",
    "kw_rrank",
    "dense_rrank",
    "fused_rrank",
    "coverage",
    "word_coverage",
    "title_in_query",
    "query_in_title",
    "option_coverage",
    "doc_share",
    "log_len",
    "prf_dense",
    "doc_in_query",
    "stem_coverage",
    "bigram_coverage",
    "intent_title",
    "value_line",
    "doc_title_cover",
    "qualifier_mismatch",
    "lay_law",
)
# column of each feature in the matrix ``candidate_features`` builds (and in a model's mean / scale / coef): every write
# and read of a column goes through the feature's name, so a feature added to ``FEATURES`` cannot land in another's column
COL: dict[str, int] = {name: i for i, name in enumerate(FEATURES)}
# Candidate features that ``HybridRetriever.search`` also records in ``Hit.scores`` (as "rerank_<name>") for the answer
# layer's refusal decision (``answering.confident``): how much of the candidate list's fused mass sits in the
# candidate's document (an in-scope question's list concentrates on one document; an out-of-scope one scatters), and
# how much of the article's title the question contains.
CONFIDENCE_FEATURES = ("doc_share", "title_in_query")
# What a practical question asks for, and the article titles that state it ("… bao nhiêu ngày?" → "Thời hạn …",
# "… nộp ở đâu?" → "Thẩm quyền …"): the kinds of question officials ask (deadline, competent body, documents, fee,
# who may, how, conditions, sanctions, age). A question may ask several things; a title may state several.
INTENTS = (
    (r"bao lâu|bao nhiêu (?:ngày|tháng|năm|giờ)|mấy (?:ngày|tháng|năm|giờ)|thời hạn|chậm nhất|khi nào|kéo dài|hạn chót",
     r"thời hạn|thời hiệu|thời gian|thủ tục|trình tự"),
    (r"ở đâu|cơ quan nào|đơn vị nào|nơi nào|(?:xã|huyện|tỉnh|cấp) nào|ai (?:có thẩm quyền|giải quyết|cấp|quyết định|"
     r"xử lý|tiếp nhận)|thẩm quyền|gửi (?:cho|đến) (?:ai|đâu)",
     r"thẩm quyền|cơ quan|nơi"),
    (r"hồ sơ gồm|giấy tờ (?:gì|nào)|mấy bộ|những giấy tờ|thành phần hồ sơ|hồ sơ (?:cần|phải) (?:có|nộp)",
     r"hồ sơ|giấy tờ|thủ tục|trình tự"),
    (r"lệ phí|phí|bao nhiêu tiền|mức thu|giá vé|miễn phí", r"lệ phí|phí|giá|mức thu|miễn|giảm"),
    (r"những ai|gồm những ai|ai (?:được|có quyền|phải)|đối tượng nào|người nào", r"người|đối tượng|chủ thể|quyền"),
    (r"bằng cách nào|hình thức nào|bằng hình thức|cách thức|phương thức|qua (?:đâu|kênh nào)", r"hình thức|cách thức|phương thức"),
    (r"điều kiện|tiêu chuẩn|cần đáp ứng", r"điều kiện|tiêu chuẩn|yêu cầu"),
    (r"bị phạt|mức phạt|xử phạt|kỷ luật|xử lý vi phạm|bị xử lý", r"phạt|xử lý|kỷ luật|vi phạm"),
    (r"bao nhiêu tuổi|mấy tuổi|độ tuổi|đủ tuổi", r"tuổi"),
)
_INTENT_RES = [(re.compile(rf"(?<!\w)(?:{q})(?!\w)"), re.compile(rf"(?<!\w)(?:{t})(?!\w)")) for q, t in INTENTS]
# Articles that frame a text rather than state a rule: its scope, its definitions, its entry into force, its
# transitional provisions, the list of its forms. ("Tổ chức thực hiện" / "Trách nhiệm thi hành" are not here: they often
# assign the tasks an official asks about.) Their text repeats the text's subject words (the scope article names
# the whole matter, the definitions article every key term), so an official's practical question ("có được … không?",
# "xin cấp lại ở đâu?") often ranks one of them first, above the article that answers. Each pair: the (whole) title,
# and what a question asks when that article *is* the answer ("… là gì?" → "Giải thích từ ngữ"). "Đối tượng áp dụng"
# is not here: "… có thuộc diện / có được hưởng … không?" is answered by it.
FRAME_TITLES = (
    (r"phạm vi điều chỉnh",
     r"phạm vi|điều chỉnh|(?:nội dung|vấn đề|lĩnh vực|việc) (?:gì|nào)|(?:quy định|hướng dẫn) (?:về )?(?:những )?(?:gì|nào)"),
    (r"giải thích từ ngữ|giải thích thuật ngữ",
     r"là gì|là những (?:gì|ai)|được hiểu|hiểu (?:là|thế nào|như thế nào)|thế nào là|khái niệm|nghĩa là|định nghĩa|"
     r"bao gồm những|gồm những|là\s*:?\s*$"),
    (r"(?:hiệu lực|điều khoản) thi hành", r"hiệu lực|thi hành|áp dụng từ|từ (?:ngày|khi) nào|bãi bỏ|thay thế"),
    (r"(?:điều khoản|quy định) chuyển tiếp",
     r"chuyển tiếp|trước ngày|(?:quy định|luật|nghị định|thông tư|văn bản) cũ|đã (?:được )?cấp trước|"
     r"đang (?:được )?(?:thực hiện|giải quyết|xem xét)"),
    (r"(?:các |danh mục )?(?:biểu )?mẫu\b.*ban hành kèm theo.*", r"mẫu|biểu mẫu"),
)
_FRAME_RES = [(re.compile(rf"(?:{t})\s*\.?"), re.compile(rf"(?<!\w)(?:{q})(?!\w)")) for t, q in FRAME_TITLES]
# subtracted from the reranker score of the frame articles that lead the list (``demote_leading_frames``). On ALQAC dev
# three definitions articles that answer lead by more than 4; the Pháp điển training frame articles that lead and do
# not answer lead by less.
FRAME_PENALTY = 4.0
# a question that asks for a value — a duration or deadline, an age, an amount of money, a count — and the units a line
# must state it in: "mất bao lâu?" → a line with "15 ngày" / "ba tháng"; "mấy tuổi?" → "18 tuổi"; "bao nhiêu người?" →
# "05 người". ``value_line`` is the best such line's idf share of the question (an article saying "từ đủ 14 tuổi" does not
# answer "mất bao lâu?")
TIME_UNITS = frozenset({"ngày", "tháng", "năm", "giờ", "tuần", "phút"})
MONEY_UNITS = frozenset({"đồng", "%", "phần", "triệu", "nghìn", "tỷ"})
_ASK_TIME_RE = re.compile(r"(?<!\w)(?:bao lâu|thời hạn|chậm nhất|hạn chót|trong vòng|kéo dài bao)(?!\w)")
_ASK_MONEY_RE = re.compile(r"(?<!\w)(?:bao nhiêu tiền|mức phạt|mức (?:thu )?(?:lệ )?phí|mức (?:lương|hỗ trợ|trợ cấp)|"
                           r"(?:lệ phí|phí|giá|mức)(?:\s+\w+)*?\s+(?:là\s+)?bao nhiêu\s*\??\s*$)(?!\w)")
_ASK_AGE_RE = re.compile(r"(?<!\w)(?:độ tuổi|đủ tuổi)(?!\w)")
_ASK_HOW_MANY_RE = re.compile(r"(?<!\w)(?:mấy|bao nhiêu)\s+(\w+)")
_NUMBER = r"(?:\d+(?:[.,]\d+)*|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười lăm|hai mươi|ba mươi)"
_VALUE_RE = re.compile(rf"(?<!\w){_NUMBER}\s*(%|\w+)")


def asked_units(query: str) -> frozenset[str]:
    """The units a value that answers ``query`` is stated in (empty: the question asks no value)."""
    q = _fold(query)
    units: set[str] = set()
    if _ASK_TIME_RE.search(q):
        units |= TIME_UNITS
    if _ASK_MONEY_RE.search(q):
        units |= MONEY_UNITS
    if _ASK_AGE_RE.search(q):
        units.add("tuổi")
    for m in _ASK_HOW_MANY_RE.finditer(q):
        w = m.group(1)
        units |= TIME_UNITS if w == "lâu" else MONEY_UNITS if w in ("tiền", "phần") else {w}
    return frozenset(units)


# syllables that say how a question is asked, not what about (question words, copulas, modal verbs, particles, common
# prepositions): ``doc_title_cover`` reads the question's other syllables
QUESTION_FUNCTION_SYLLABLES = frozenset("""là gì bao lâu nhiêu mấy nào ai đâu không có được thì như thế sao nếu khi phải
cần của và với cho các những một này đó theo về trong tại ở bị do hay hoặc mà ra vào lên đến từ rồi đã sẽ đang nhé ạ
vậy bằng cách việc người chưa""".split())
# the kinds of document whose title names the matter its rules govern (``doc_title_cover``; a Pháp điển đề mục counts as
# one). A guide, a handbook or a Q&A page is not among them: its long descriptive title often restates a citizen's
# question ("Hướng dẫn nộp hồ sơ đề nghị cấp bản sao điện tử từ sổ gốc …") without stating the rule
LEGAL_DOC_TYPES = frozenset({"hiến pháp", "bộ luật", "luật", "pháp lệnh", "nghị quyết", "nghị định", "quyết định",
                             "thông tư", "thông tư liên tịch", "văn bản hợp nhất", "pháp điển"})


# Sibling qualifiers: a question that names one ("vụ án dân sự", "biên giới biển", "khiếu nại lần đầu", "cấp cao") and a
# candidate whose headings name only another of the same group ("Tố tụng hành chính", "biên giới đất liền", "… lần
# hai", "… cấp huyện"): the same rule for a neighbouring case, often in the same words (``qualifier_mismatch``). Each
# group: the pattern (its capture is the value) and whether the document title / Pháp điển đề mục is read too (the
# kind of court case is named there; a document title naming levels of government, "… tại … Bộ phận Một cửa cấp xã",
# is not a level the whole text is limited to).
_CASE_KIND = r"(?:tố tụng|vụ án|bản án|vụ việc|thi hành án|phiên tòa|xét xử|bộ luật) (dân sự|hình sự|hành chính)"
QUALIFIER_GROUPS = (
    (_CASE_KIND, rf"{_CASE_KIND}|^(dân sự|hình sự|hành chính)$", True),
    (r"biên giới (?:quốc gia )?(?:trên )?(biển|đất liền)", None, True),
    (r"lần (đầu|hai|thứ hai)", None, False),
    (r"(thường trú|tạm trú)", None, False),
    (r"cấp (xã|huyện|tỉnh|cao|trung ương)", None, False),
)
_QUALIFIER_RES = [(re.compile(rf"(?<!\w)(?:{q})(?!\w)"), re.compile(rf"(?<!\w)(?:{h or q})(?!\w)"), doc)
                  for q, h, doc in QUALIFIER_GROUPS]
_QUALIFIER_SAME = {"thứ hai": "hai"}


def _qualifiers(rx: re.Pattern, text: str) -> set[str]:
    out = set()
    for m in rx.finditer(text):
        v = next((g for g in m.groups() if g), None)
        if v:
            out.add(_QUALIFIER_SAME.get(v, v))
    return out


def qualifier_mismatch(query: str, heading_paths: list[list[str]]) -> np.ndarray:
    """1.0 per candidate (its ``heading_path``: document title or đề mục › chương › mục › article title) whose headings
    name, for some group of ``QUALIFIER_GROUPS``, only values other than the ones the question names; else 0.0."""
    q = _fold(query)
    out = np.zeros(len(heading_paths))
    for q_re, h_re, with_doc in _QUALIFIER_RES:
        asked = _qualifiers(q_re, q)
        if not asked:
            continue
        for i, path in enumerate(heading_paths):
            named: set[str] = set()
            for head in (path if with_doc else path[1:]):
                named |= _qualifiers(h_re, _fold(head).strip(" ."))
            if named and not named & asked:
                out[i] = 1.0
    return out


@lru_cache(maxsize=4096)
def _title_syllables(title: str) -> frozenset[str]:
    return frozenset(_SYL_RE.findall(title))


# lines of an article: its khoản / điểm (one per text line) and sentences
_LINE_SPLIT_RE = re.compile(r"\n+|(?<=[.;:])\s+")
# features whose cost is worth skipping when the model in use does not weigh them (``candidate_features(skip=…)``)
OPTIONAL = frozenset({"value_line"})
NORM_TEXT_CACHE = 4096  # articles whose word-pair hashes and title syllables are kept between questions
PRF_TOP = 3  # pseudo-relevance feedback: centroid of the first fused candidates' vectors
_OPTION_RE = re.compile(r"^\s*([A-Da-d])[.)]\s+(.+)$")
_SYL_RE = re.compile(r"\w+", re.UNICODE)


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).lower()


def split_options(query: str) -> tuple[str, list[str]]:
    """(question stem, option texts) of a pasted multiple-choice question; no options → (query, [])."""
    stem, opts = [], []
    for line in query.splitlines():
        m = _OPTION_RE.match(line)
        if m:
            opts.append(m.group(2))
        elif not opts:
            stem.append(line)
        else:
            opts[-1] += " " + line
    return ("\n".join(stem), opts) if len(opts) >= 2 else (query, [])


# Question and function words left out of ``lay_register``'s bigrams (they say what is asked, not about what): those of
# ``QUESTION_FUNCTION_SYLLABLES`` but six that ``doc_title_cover`` drops and this feature was fitted with ("bằng cách",
# "người", "việc", "chưa", "lên"), and the asker ("tôi").
LAY_STOP = (QUESTION_FUNCTION_SYLLABLES - frozenset("bằng cách việc người chưa lên".split())) | frozenset({"tôi"})
LAY_GATE = 0.5  # ``lay_law``: a question is in everyday wording when under half of its content bigrams are title phrases
_BRACKET_RE = re.compile(r"\s*\([^)]*\)")


def lay_register(query: str, title_bigrams: frozenset[str]) -> float:
    """Share of the question's content syllable bigrams (no question / function word of ``LAY_STOP``) that are NOT a
    phrase of any article title of the collection: low for officials' wording ("thời hạn giải quyết khiếu nại"), high
    for everyday wording ("công ty trả lương chậm"). Bracketed text (``prepare_query``'s legal terms after everyday
    phrases) is not the asker's wording and is left out; a question without content bigrams gets 0."""
    syl = _SYL_RE.findall(_fold(_BRACKET_RE.sub("", query)))
    pairs = [f"{a} {b}" for a, b in zip(syl, syl[1:]) if a not in LAY_STOP and b not in LAY_STOP]
    return 1.0 - sum(p in title_bigrams for p in pairs) / len(pairs) if pairs else 0.0


LAW_CODES = frozenset({"LQ", "HP"})  # Pháp điển code types of a Luật / Bộ luật and of the Hiến pháp
LAW_DOC_TYPES = frozenset({"luật", "bộ luật", "hiến pháp"})


def from_law(chunk: Any) -> float:
    """1.0 for a unit of a Luật / Bộ luật / Hiến pháp: the Pháp điển code's type ("20.2.LQ.111") when the article id
    is one, else the document type."""
    parts = chunk.article_id.split(".")
    if len(parts) >= 4:
        return float(parts[2] in LAW_CODES)
    return float(_fold(chunk.doc_type or "") in LAW_DOC_TYPES)


class KeywordStats:
    """idf and postings of the BM25 index (token → sorted chunk indices)."""

    def __init__(self, index: Any) -> None:
        bm = index._bm25
        self.vocab: dict[str, int] = bm.vocab_dict
        s = bm.scores
        self.indptr = np.asarray(s["indptr"])
        self.indices = np.asarray(s["indices"])
        n = int(s.get("num_docs") or len(index.chunks))
        df = np.diff(self.indptr).astype(np.float64)
        self.idf = np.log1p((n - df + 0.5) / (df + 0.5))
        self._tokens: list[str] | None = None
        self._articles: OrderedDict[int, _Article] = OrderedDict()  # row → _Article, bounded LRU
        self._articles_lock = threading.Lock()  # the API searches from several threads at once
        self._values: OrderedDict[int, tuple] = OrderedDict()  # row → _value_lines of its text, read for value questions
        self._title_bigrams: frozenset[str] | None = None  # title_bigrams, built on first use

    def _memo(self, cache: OrderedDict, row: int, make):  # noqa: ANN001, ANN202
        """``cache[row]``, made by ``make()`` on a miss; a bounded LRU (``NORM_TEXT_CACHE``) shared by threads."""
        with self._articles_lock:
            v = cache.get(row)
            if v is not None:
                cache.move_to_end(row)
                return v
        v = make()
        with self._articles_lock:
            cache[row] = v
            if len(cache) > NORM_TEXT_CACHE:
                cache.popitem(last=False)
        return v

    def article(self, chunks: list, row: int) -> "_Article":
        """What the features read from article chunk ``row`` (normalised text, folded title, the title's
        syllables and their idf mass), memoised: candidates recur across questions."""
        def make() -> _Article:
            c = chunks[row]
            title = _fold(getattr(c, "article_title", "") or "")
            syl = tuple(sorted(set(_SYL_RE.findall(title))))  # sorted: sums in one order, the same in every process
            return _Article(_bigram_keys(_norm_words(c)), title, syl, sum(self.syllable_idf(x) for x in syl) or 1.0)

        return self._memo(self._articles, row, make)

    def value_lines(self, chunks: list, row: int) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
        """``_value_lines`` of article chunk ``row``'s text, memoised (bounded LRU); only value questions read them."""
        return self._memo(self._values, row, lambda: _value_lines(chunks[row].text))

    def tokens(self, tids: np.ndarray) -> list[str]:
        if self._tokens is None:
            inv = [""] * (max(self.vocab.values()) + 1 if self.vocab else 0)
            for t, i in self.vocab.items():
                inv[i] = t
            self._tokens = inv
        return [self._tokens[i] for i in tids]

    def ids(self, tokens: list[str]) -> np.ndarray:
        return np.array(sorted({self.vocab[t] for t in tokens if t in self.vocab}), dtype=np.int64)

    def presence(self, token_ids: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Boolean (len(rows), len(token_ids)): does chunk ``rows[i]`` contain token ``token_ids[j]``."""
        out = np.zeros((len(rows), len(token_ids)), dtype=bool)
        # in the postings' dtype: searchsorted would otherwise convert (copy) a whole posting list per token
        rows = np.asarray(rows).astype(self.indices.dtype, copy=False)
        for j, t in enumerate(token_ids):
            post = self.indices[self.indptr[t] : self.indptr[t + 1]]
            if len(post) == 0:
                continue
            pos = np.searchsorted(post, rows)
            pos = np.minimum(pos, len(post) - 1)
            out[:, j] = post[pos] == rows
        return out

    def syllable_idf(self, syl: str) -> float:
        t = self.vocab.get(syl)
        return float(self.idf[t]) if t is not None else 0.0

    def title_bigrams(self, chunks: list) -> frozenset[str]:
        """Every syllable bigram ("a b") of the collection's article titles, built on first use (~26k in the Pháp
        điển subset): the phrases officials' wording shares with the statutes (``lay_register``)."""
        if self._title_bigrams is None:
            pairs: set[str] = set()
            for c in chunks:
                if getattr(c, "clause", None) is not None:  # a khoản sub-chunk carries its article's title
                    continue
                syl = _SYL_RE.findall(_fold(getattr(c, "article_title", "") or ""))
                pairs.update(f"{a} {b}" for a, b in zip(syl, syl[1:]))
            self._title_bigrams = frozenset(pairs)
        return self._title_bigrams


class _Article(NamedTuple):
    bigrams: np.ndarray  # _bigram_keys of its _norm_words
    title: str  # folded article title
    title_syl: tuple[str, ...]  # its distinct \w+ syllables, sorted
    title_w: float  # their idf mass (1.0 when 0)


def _value_lines(text: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """(syllables, units) of each of the article's lines (khoản / điểm / sentences) that states a number with a unit
    after it ("15 ngày", "ba tháng", "18 tuổi", "50%"): the words right after its numbers are its units."""
    out = []
    for line in _LINE_SPLIT_RE.split(_fold(text)):
        units = frozenset(_VALUE_RE.findall(line))
        if units:
            out.append((frozenset(_SYL_RE.findall(line)), units))
    return tuple(out)


class FeatureReranker:
    def __init__(self, weights: dict[str, Any]) -> None:
        names = list(weights["features"])
        unknown = set(names) - set(FEATURES)
        if unknown:
            raise ValueError(f"rerank weights use features {sorted(unknown)} that this code does not compute")
        # weights may cover a subset of FEATURES (older files): the other features get weight 0
        col = [COL[f] for f in names]
        self.depth = int(weights.get("depth", 30))
        self.mean = np.zeros(len(FEATURES))
        self.scale = np.ones(len(FEATURES))
        self.coef = np.zeros(len(FEATURES))
        self.mean[col] = np.asarray(weights["mean"], dtype=np.float64)
        self.scale[col] = np.asarray(weights["scale"], dtype=np.float64)
        self.coef[col] = np.asarray(weights["coef"], dtype=np.float64)
        self.intercept = float(weights.get("intercept", 0.0))
        # the features this model weighs (an optional costly one it gives 0 need not be computed: ``OPTIONAL``)
        self.uses = frozenset(f for f, c in zip(names, weights["coef"]) if c)
        # score added to a candidate linked by a cross-reference note to a leading candidate (``linked_to_top``)
        boost = weights.get("link_boost") or {}
        self.link_coef = float(boost.get("coef", 0.0))
        self.link_top = int(boost.get("top", LINK_TOP))
        self.meta = {k: v for k, v in weights.items() if k not in ("mean", "scale", "coef")}

    def score(self, X: np.ndarray, art_rows: list[int] | None = None,
              links: dict[int, frozenset[int]] | None = None) -> np.ndarray:
        """Linear score of each candidate; with their article rows and the collection's cross-reference ``links``,
        plus ``link_coef`` for a candidate linked to one of the ``link_top`` best by that score."""
        s = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        if self.link_coef and links and art_rows is not None:
            s = s + self.link_coef * linked_to_top(s, art_rows, links, self.link_top)
        return s


def frame_articles(query: str, titles: list[str]) -> np.ndarray:
    """Boolean per candidate title: the candidate is a frame article (``FRAME_TITLES``: scope, definitions, entry into
    force, transitional provisions, list of forms) that does not answer ``query``, i.e. the question does not ask
    what that kind of article states. The whole title must be the frame title ("Phạm vi điều chỉnh", not "Phạm vi điều
    chỉnh và đối tượng áp dụng", which also says who is covered). None for a question whether a document is in force."""
    q = _fold(query)
    out = np.zeros(len(titles), dtype=bool)
    if validity_ask(q) == "in_force":
        # "Nghị định 32/2012 … còn hiệu lực không?" asks about a whole document: any of its articles, the scope article
        # first of all, names it, so no frame article is demoted for it (the status answer reads the document from the
        # first hits). Not for "… còn áp dụng không?": kept as before (frames demoted), its status answers' first
        # quotes were measured on that order (eval/data/phapdien_status.json)
        return out
    for i, t in enumerate(titles):
        tf = _fold(t).strip()
        for t_re, q_re in _FRAME_RES:
            if t_re.fullmatch(tf):
                out[i] = not q_re.search(q)
                break
    return out


def demote_leading_frames(order: list[int], frame: np.ndarray, cited: list[bool],
                          scores: np.ndarray) -> tuple[list[int], np.ndarray]:
    """(new order, new scores) when the reranked list (``order``; ``frame``, ``cited`` and ``scores`` aligned with it)
    starts with frame articles the question does not ask about (``frame_articles``) that it does not name
    (``cited``): each of those *leading* frame articles loses ``FRAME_PENALTY`` and the list is re-sorted. A frame
    article far ahead keeps the first place (a definitions article that leads by that much usually answers:
    "Trọng tài thương mại là phương thức …"). Frame articles after the first other candidate are left where they
    are, so a list that does not start with one is unchanged (the answer layer's refusal features and further
    citations read the hits after the first)."""
    scores = np.asarray(scores, dtype=np.float64).copy()
    k = 0
    while k < len(order) and frame[k] and not cited[k]:
        k += 1
    if k == 0 or k == len(order):
        return order, scores
    scores[:k] -= FRAME_PENALTY
    pos = sorted(range(len(order)), key=lambda i: (not cited[i], -scores[i], i))
    return [order[i] for i in pos], scores[pos]


# a candidate linked by a cross-reference note (Pháp điển "(Điều này có nội dung liên quan đến …)", either direction) to
# one of the first ``LINK_TOP`` candidates by the linear score (not itself) gains the question weights' ``link_top``
# coefficient (``weights["link_boost"]``): the Luật article and the Nghị định / Thông tư article detailing it are often
# both in the list, and the one linked to the leaders is more often the answer than an unlinked neighbour
LINK_TOP = 3


def linked_to_top(scores: np.ndarray, art_rows: list[int], links: dict[int, frozenset[int]],
                  top: int = LINK_TOP) -> np.ndarray:
    """1.0 per candidate whose article (``art_rows``) is linked (``links``: article row → linked article rows) to the
    article of one of the ``top`` best-scored candidates other than itself, else 0.0."""
    out = np.zeros(len(art_rows))
    if not links or len(art_rows) < 2:
        return out
    lead = [int(j) for j in np.argsort(-np.asarray(scores), kind="stable")[:top]]
    for i, a in enumerate(art_rows):
        ln = links.get(int(a))
        if ln and any(j != i and int(art_rows[j]) in ln for j in lead):
            out[i] = 1.0
    return out


def exam_style(query: str) -> bool:
    """A pasted multiple-choice question or a statement to judge true/false (quiz and exam material), as opposed
    to a question asked in one's own words."""
    stem, opts = split_options(query)
    return bool(opts) or bool(_EXAM_STATEMENT_RE.search(_fold(stem).strip()))


@lru_cache(maxsize=4)
def load_reranker(path: str | None = None) -> FeatureReranker | None:
    p = Path(path) if path else WEIGHTS_PATH
    if not p.exists():
        return None
    return FeatureReranker(json.loads(p.read_text(encoding="utf-8")))


def candidate_features(
    *,
    stats: KeywordStats,
    chunks: list,
    cand: np.ndarray,
    art_rows: np.ndarray,
    fused: np.ndarray,
    kw: np.ndarray,
    dense: np.ndarray | None,
    query: str,
    query_tokens: list[str],
    tokenize,
    vectors: np.ndarray | None = None,
    doc_titles: dict | None = None,
    skip: frozenset[str] = frozenset(),
) -> np.ndarray:
    """Feature matrix (len(cand), len(FEATURES)); the ``OPTIONAL`` features named in ``skip`` are left 0 (a model that
    does not weigh them: the exam-style weights have no ``value_line``).

    ``cand``: the candidates' best chunks (fused order); ``art_rows``: their article-level chunk rows
    (whose text is the whole article); ``kw``/``dense``/``fused``: the retriever's arrays over all chunks.
    """
    m = len(cand)
    X = np.zeros((m, len(FEATURES)), dtype=np.float64)
    f = fused[cand].astype(np.float64)
    k = kw[cand].astype(np.float64)
    X[:, COL["fused"]] = f / f.max() if f.max() > 0 else 0.0
    X[:, COL["kw_norm"]] = k / k.max() if k.max() > 0 else 0.0
    if dense is not None:
        d = dense[cand].astype(np.float64)
        X[:, COL["dense_norm"]] = (d - d.min()) / (d.max() - d.min()) if d.max() > d.min() else 1.0
        X[:, COL["dense_rrank"]] = 1.0 / (1.0 + _ranks(-d))
    X[:, COL["kw_rrank"]] = 1.0 / (1.0 + _ranks(-k))
    X[:, COL["fused_rrank"]] = 1.0 / (1.0 + np.arange(m))

    tids = stats.ids(query_tokens)
    stem, opts = split_options(query)
    opt_ids = [stats.ids(tokenize(o)) for o in opts]
    sids = stats.ids(tokenize(stem)) if opts and len(tids) else np.zeros(0, np.int64)
    # one pass over the postings of every token any feature asks about: "is token t in candidate i"
    # (its article-level chunk or its best chunk)
    every = np.unique(np.concatenate([tids, sids, *opt_ids]))
    both = stats.presence(every, np.concatenate([art_rows, cand])) if len(every) else np.zeros((2 * m, 0), bool)
    both = both[:m] | both[m:]

    def present(ids: np.ndarray) -> np.ndarray:
        return both[:, np.searchsorted(every, ids)]

    if len(tids):
        w = stats.idf[tids]
        pres = present(tids)
        X[:, COL["coverage"]] = pres @ w / w.sum()
        is_word = np.array([("_" in t) for t in stats.tokens(tids)], dtype=bool)
        if is_word.any():
            X[:, COL["word_coverage"]] = pres[:, is_word] @ w[is_word] / w[is_word].sum()

    arts = [stats.article(chunks, int(r)) for r in art_rows]
    q_idf = {s: stats.syllable_idf(s) for s in _SYL_RE.findall(_fold(query))}
    q_w = sum(q_idf.values()) or 1.0
    for i, a in enumerate(arts):
        if not a.title_syl:
            continue
        # in the title's own order: a title wholly in the question gets exactly title_w / title_w = 1
        c_w = sum(q_idf[s] for s in a.title_syl if s in q_idf)
        X[i, COL["title_in_query"]] = c_w / a.title_w
        X[i, COL["query_in_title"]] = c_w / q_w

    if opts:
        best = np.zeros(m)
        for oids in opt_ids:
            if not len(oids):
                continue
            ow = stats.idf[oids]
            cov = present(oids) @ ow / ow.sum()
            best = np.maximum(best, cov)
        X[:, COL["option_coverage"]] = best

    docs = [chunks[i].doc_id for i in cand]
    mass: dict[str, float] = {}
    for dname, v in zip(docs, X[:, COL["fused"]]):
        mass[dname] = mass.get(dname, 0.0) + v
    tot = sum(mass.values()) or 1.0
    X[:, COL["doc_share"]] = [mass[dname] / tot for dname in docs]
    X[:, COL["log_len"]] = [math.log1p(len(chunks[r].text)) for r in art_rows]

    # pseudo-relevance feedback (Rocchio on the candidates): similarity to the centroid of the top candidates
    if vectors is not None and m > 1:
        cen = vectors[: min(PRF_TOP, m)].astype(np.float64).mean(0)
        p = vectors.astype(np.float64) @ cen
        X[:, COL["prf_dense"]] = (p - p.min()) / (p.max() - p.min()) if p.max() > p.min() else 1.0
    # the question names the candidate's document (title or number)
    if doc_titles:
        ql = _fold(query)
        for i, r in enumerate(cand):
            _, title, number = doc_titles.get(chunks[r].doc_id, ("", "", None))
            if (title and len(title) > 6 and title in ql) or (number and _fold(number) in ql):
                X[i, COL["doc_in_query"]] = 1.0
        # the question's content syllables (numbers and ``QUESTION_FUNCTION_SYLLABLES`` aside) that the title of the
        # candidate's legal document (``LEGAL_DOC_TYPES``; on Pháp điển the đề mục) holds, by idf: "Thời hạn giải quyết
        # khiếu nại lần đầu …" → the đề mục "Khiếu nại", not "Tố tụng hành chính"
        q_content = {s: v for s, v in q_idf.items() if s not in QUESTION_FUNCTION_SYLLABLES and not s.isdigit()}
        qc_w = sum(q_content.values())
        if qc_w > 0:
            for i, r in enumerate(cand):
                c = chunks[r]
                _, title, _ = doc_titles.get(c.doc_id, ("", "", None))
                if title and (_fold(c.doc_type) in LEGAL_DOC_TYPES or getattr(c, "source_citation", None)):
                    ts = _title_syllables(title)
                    X[i, COL["doc_title_cover"]] = sum(v for s, v in q_content.items() if s in ts) / qc_w
    # the question names a case / qualifier, the candidate's headings only a sibling one
    X[:, COL["qualifier_mismatch"]] = qualifier_mismatch(
        stem, [list(chunks[int(r)].heading_path) or [chunks[int(r)].article_title] for r in art_rows])
    # coverage by the question stem alone (multiple-choice: without the options)
    if opts and len(tids):
        if len(sids):
            sw = stats.idf[sids]
            X[:, COL["stem_coverage"]] = present(sids) @ sw / sw.sum()
    else:
        X[:, COL["stem_coverage"]] = X[:, COL["coverage"]]
    # the article's title names what the question asks for (a deadline, the competent body, the fee …)
    asked = [t_re for q_re, t_re in _INTENT_RES if q_re.search(_fold(stem))]
    if asked:
        for i, a in enumerate(arts):
            X[i, COL["intent_title"]] = float(any(t_re.search(a.title) for t_re in asked))
    # a question asking a value: the best line of the article that states one in the asked units, by its idf share of
    # the question
    units = asked_units(stem) if "value_line" not in skip else frozenset()
    if units:
        for i, r in enumerate(art_rows):
            X[i, COL["value_line"]] = max((sum(v for s, v in q_idf.items() if s in line) / q_w
                                           for line, lu in stats.value_lines(chunks, int(r)) if lu & units),
                                          default=0.0)
    # a question in everyday wording (``lay_register`` over ``LAY_GATE``) that asks none of the practical things of
    # ``INTENTS`` (deadline, competent body, documents, fee …) but whether something is allowed, owed or punished is
    # answered by a law's (or the Constitution's) rule more often than by the decree or circular that sets its
    # procedure: 1 for such a question's candidates from a Luật / Bộ luật / Hiến pháp (``from_law``)
    if not asked and lay_register(stem, stats.title_bigrams(chunks)) > LAY_GATE:
        X[:, COL["lay_law"]] = [from_law(chunks[int(r)]) for r in art_rows]
    # phrase matches: idf-weighted share of the stem's syllable bigrams found in the article (title + text)
    syl = _SYL_RE.findall(_fold(stem))
    if len(syl) >= 2:
        bw = np.array([stats.syllable_idf(a) + stats.syllable_idf(b) for a, b in zip(syl, syl[1:])])
        keys = _pair_keys(syl)
        tot = bw.sum() or 1.0
        for i, a in enumerate(arts):
            if len(a.bigrams):
                pos = np.minimum(np.searchsorted(a.bigrams, keys), len(a.bigrams) - 1)
                X[i, COL["bigram_coverage"]] = (a.bigrams[pos] == keys) @ bw / tot
    return X


# the punctuation that occurs in legal text → space, then whitespace collapsed: a cheap stand-in for joining the
# ``\w+`` syllables (str.replace/split run in C, several times faster than a regex or a str.translate table
# over each candidate article; the index's texts are NFC already). Rarer symbols stay: a bigram next to one
# just does not match.
_PUNCT = (",", ".", ";", ":", "(", ")", "-", "/", "*", "“", "”", '"', "…", "%", "?", "!")


def _norm_words(chunk) -> list[str]:
    """The words of the article's title and text, lower-cased, the punctuation above taken for spaces."""
    text = f"{getattr(chunk, 'article_title', '')}\n{chunk.text}".lower()
    for ch in _PUNCT:
        if ch in text:
            text = text.replace(ch, " ")
    return text.split()


def _norm_text(chunk) -> str:
    """``_norm_words`` joined by single spaces, with a space at both ends (" a b " is in it when "a b" is a pair)."""
    return " " + " ".join(_norm_words(chunk)) + " "


_PAIR_MUL = np.int64(1_000_003)


def _pair_keys(words: list[str]) -> np.ndarray:
    """One 64-bit key per adjacent pair of ``words``: hash(a) * 1000003 + hash(b), wrapping around (numpy int64)."""
    h = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
    return h[:-1] * _PAIR_MUL + h[1:]


def _bigram_keys(words: list[str]) -> np.ndarray:
    """Sorted ``_pair_keys`` of an article's ``_norm_words``. " a b " occurs in its ``_norm_text`` exactly when "a b" is
    one of these pairs (the query's syllables hold no space), so a question's bigram is a binary search here instead of
    a substring scan of the whole article; a 64-bit key collision between two pairs is the only way the two could
    differ. Repeated pairs stay (sorting is cheaper than dropping them; a binary search finds one either way)."""
    return np.sort(_pair_keys(words))


def _ranks(x: np.ndarray) -> np.ndarray:
    r = np.empty(len(x), dtype=np.float64)
    r[np.argsort(x, kind="stable")] = np.arange(len(x))
    return r
