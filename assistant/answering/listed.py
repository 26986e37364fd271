"""Articles known by title only: a Pháp điển đề mục lists each of its articles by code and title ("Danh sách điều
khoản"), and some files hold the text of only a few of them (``records.ListedArticle``, written at ingest into the
index version, ``Index.listed_articles``). When a question is refused and its best match is such an article, the
refusal names it by its code and title and says the collection holds no text for it (``listed_match``,
``listed_sentence``).

Best match: the share of an article title's terms (content syllables and bigrams, weighted by how rare they are
among all article titles of the collection) that the question contains and the share of the question's terms the
title contains (``MIN_MATCH``); a title-only article is named only when no retrieved article's title matches the
question as well.

Does not: decide to refuse, search, quote or guess an article's text (there is none), or read the source files.
"""

from __future__ import annotations

import math
import weakref
from typing import Any

from assistant.answering.terms import _nfc, _terms
from assistant.records import Hit, ListedArticle

# a title-only article is named when the harmonic mean of two weighted shares reaches MIN_MATCH: the share of its
# title's terms the question holds, and the share of the question's terms (those any article title of the collection
# has: question words such as "muốn", "ra sao" weigh nothing) the title holds. Chosen on hand-written questions on
# title-only articles and the Pháp điển training out-of-scope sets (train2…train6): those reach ≤ 0.48 ("Tài chính",
# "Gia đình": a short title the question contains, with most of the question elsewhere); dev never used.
MIN_MATCH = 0.6
# the retrieved articles whose titles are compared with it
HELD_TITLES_K = 10
# the refusal reason when the best held article only frames its đề mục and a title-only article matches the question
LISTED_ONLY_REASON = "điều khoản phù hợp với câu hỏi chỉ có tên trong Pháp điển, kho dữ liệu chưa có nội dung"

_Table = tuple[list[ListedArticle], dict[str, float], float, list[set[str]], dict[str, list[int]]]
_TABLES: dict[int, tuple[Any, _Table]] = {}


def _title_terms(title: str) -> set[str]:
    uni, bi = _terms(title)
    return uni | bi


def _listed_of(retriever: Any) -> list[ListedArticle]:
    index = getattr(retriever, "index", None)
    read = getattr(index, "listed_articles", None)
    if read is None:
        return []
    try:
        out = read()
    except Exception:  # noqa: BLE001 - naming a title-only article is a courtesy, never a failure
        return []
    return out if isinstance(out, list) else []


def _table(retriever: Any) -> _Table | None:
    """(title-only articles, term → idf over every article title of the collection, idf of an unseen term, each
    title-only article's terms, term → the title-only articles holding it), built once per retriever."""
    listed = _listed_of(retriever)
    if not listed:
        return None
    key = id(retriever)
    entry = _TABLES.get(key)
    if entry is not None and entry[0]() is retriever and entry[1][0] is listed:
        return entry[1]
    titles: dict[tuple[str, str], str] = {}
    for c in getattr(retriever, "chunks", None) or []:
        titles.setdefault((c.law_id or c.doc_id, c.article_id), c.article_title or "")
    for x in listed:
        titles.setdefault((x.doc_id, x.number), x.title)
    df: dict[str, int] = {}
    for t in titles.values():
        for term in _title_terms(t):
            df[term] = df.get(term, 0) + 1
    n = max(len(titles), 1)
    idf = {t: math.log(1 + n / d) for t, d in df.items()}
    unseen = math.log(1 + n)
    terms = [_title_terms(x.title) for x in listed]
    postings: dict[str, list[int]] = {}
    for i, t in enumerate(terms):
        for term in t:
            postings.setdefault(term, []).append(i)
    table = (listed, idf, unseen, terms, postings)
    try:
        ref = weakref.ref(retriever, lambda _r, key=key: _TABLES.pop(key, None))
    except TypeError:
        return table
    _TABLES[key] = (ref, table)
    return table


def _match(q: set[str], t: set[str], idf: dict[str, float], unseen: float) -> float:
    """Harmonic mean of the weighted share of the title's terms in the question and of the question's terms (those
    known to some title) in the title."""
    both = sum(idf.get(x, unseen) for x in q & t)
    wt = sum(idf.get(x, unseen) for x in t)
    wq = sum(idf[x] for x in q if x in idf)
    if not both or not wt or not wq:
        return 0.0
    ts, qs = both / wt, both / wq
    return 2 * ts * qs / (ts + qs)


def listed_match(question: str, hits: list[Hit], retriever: Any) -> ListedArticle | None:
    """The title-only article that matches ``question`` best, when it passes both shares and no retrieved article's
    title matches as well; else None."""
    table = _table(retriever)
    if table is None:
        return None
    listed, idf, unseen, terms, postings = table
    q = _title_terms(_nfc(question))
    best, best_score = None, 0.0
    # only titles sharing enough of the question's weight can match: the harmonic mean is at most twice the smaller
    # share, so a title needs a shared weight ≥ MIN_MATCH / 2 of the question's (a title sharing none scores 0).
    # Candidates in list order, so ties go to the first as when every title was scored.
    shared: dict[int, float] = {}
    for term in q:
        w = idf.get(term, unseen)
        for i in postings.get(term, ()):
            shared[i] = shared.get(i, 0.0) + w
    wq = sum(idf[x] for x in q if x in idf)
    for i in sorted(i for i, w in shared.items() if w >= MIN_MATCH / 2 * wq - 1e-9):
        score = _match(q, terms[i], idf, unseen)
        if score >= MIN_MATCH and score > best_score:
            best, best_score = listed[i], score
    if best is None:
        return None
    for h in hits[:HELD_TITLES_K]:
        if _match(q, _title_terms(h.chunk.article_title or ""), idf, unseen) >= best_score:
            return None  # a held article's title matches as well: it is what the search found
    return best


def listed_sentence(x: ListedArticle) -> str:
    """"Điều khoản phù hợp nhất là Điều 15.4.LQ.46 Thủ tục yêu cầu cấp Phiếu lý lịch tư pháp số 2 (đề mục Lý lịch tư
    pháp) — kho dữ liệu chưa có nội dung điều này." """
    title = _nfc(x.title).strip().rstrip(".")
    where = f" (đề mục {_nfc(x.doc_title).strip()})" if x.doc_title else ""
    return (f"Pháp điển có điều khoản phù hợp với câu hỏi nhưng kho dữ liệu chỉ có tên điều: Điều {x.number} {title}"
            f"{where} — kho dữ liệu chưa có nội dung điều này.")
