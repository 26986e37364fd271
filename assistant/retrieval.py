"""Hybrid retrieval: keyword (bm25s over underthesea words + syllables) + dense (e5, FAISS), fused.

Entry: ``HybridRetriever.open(collection).search(query, k, as_of=…, doc_types=…) -> list[Hit]``.
``HybridRetriever`` is a langchain ``BaseRetriever``, so it also slots into any langchain chain
(``invoke(query)`` returns ``Document``s whose metadata carries the chunk and scores).

Steps: legal-aware query normalisation → direct citation lookup ("Điều 12 Luật Viên chức" returns that
article first) → keyword and dense candidates → score fusion (weighted min-max by default, RRF optional)
→ filters (document type, in force on a date) → one hit per article (its best chunk).
Does not generate text and does not decide whether to answer (see answering).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from assistant.config import Settings, get_settings
from assistant.index import Index, keyword_tokens
from assistant.records import Chunk, Hit, article_key

# Fusion defaults; tuned on the ALQAC dev split only (see eval/README.md).
DENSE_WEIGHT = 0.4
N_CANDIDATES = 100
RRF_K = 60
CITATION_BOOST = 10.0
DENSE_FLOOR = -1.0  # cosine given to chunks the dense side did not score (below any real cosine)

# the Pháp điển code alternative comes first: "\d+[a-zđ]?" would otherwise stop at "15" in "15.3.NĐ.1.1"
_ARTICLE_RE = re.compile(r"\bđiều\s+(\d+\.\d+\.[a-zđ]+\.[\d.]*\d|\d+[a-zđ]?)\b", re.IGNORECASE)
# a Pháp điển article's source: "Điều 20 Bộ luật số 45/2019/QH14" (the article's number in that document)
_SOURCE_ARTICLE_RE = re.compile(r"^Điều\s+(\d+[a-zđ]?)\s", re.IGNORECASE)
_NUMBER_RE = re.compile(r"\b(\d+/\d{4}/[A-ZĐa-zđ0-9-]+|\d+/[A-ZĐ][A-ZĐ0-9-]+)\b")


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).lower()


TOP_SAMPLE_STEP = 64  # _top_rows: every 64th score estimates the threshold


def _top_rows(x: np.ndarray, m: int) -> np.ndarray:
    """Rows of the ``m`` largest values of ``x``: the same rows as ``np.argpartition(-x, m - 1)[:m]``, in
    another order, ~15x faster at 100k chunks. A threshold taken from a sample of ``x`` leaves a few hundred
    rows to partition. When the ``m``-th and ``(m+1)``-th largest values are equal the top set is ambiguous:
    then (and when the sample's threshold keeps too few rows) it is that very ``argpartition`` call."""
    n = len(x)
    k = -(-4 * m // TOP_SAMPLE_STEP)  # the sample's k-th largest: ~4m rows of x at or above it
    if n <= 4 * m or k >= n // TOP_SAMPLE_STEP:
        return np.argpartition(-x, m - 1)[:m]
    sample = x[::TOP_SAMPLE_STEP]
    sub = np.flatnonzero(x >= np.partition(sample, len(sample) - k)[len(sample) - k])
    if len(sub) > m:
        vals = x[sub]
        part = np.argpartition(-vals, m)
        if vals[part[m]] < vals[part[:m]].min():
            return sub[part[:m]]
    return np.argpartition(-x, m - 1)[:m]


# The query encoder (ONNX Runtime / torch: native code that releases the GIL) runs in a worker thread while this
# thread segments the question and scores BM25; the dense side then waits for its vector. Same results either way.
# 100k chunks, 200 ALQAC dev questions with choices, A/B interleaved in one process (helpers paused), two runs:
# p50 −0.6 / −1.0 ms, p95 −4.1 / −5.3 ms.
OVERLAP_ENCODER = True
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _encoder_pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="query-encoder")
        return _POOL


def prepare_query(query: str) -> str:
    """Normalise a question (a question told as a story without its placeholders: names, places, dates,
    :func:`assistant.story.neutral_query`), add the legal term after everyday phrases ("sổ đỏ (giấy chứng nhận quyền sử dụng
    đất)", :func:`assistant.text.expand_everyday_terms`) and expand legal abbreviations (NĐ-CP, BLDS, UBND…).
    Keyword and dense search both see the result."""
    from assistant import story, text

    return text.expand_abbreviations(text.expand_everyday_terms(text.normalize(story.neutral_query(query))))


def _mostly_unmarked(query: str) -> bool:
    """Cheap pre-check before the model's own test: at least half of the words are plain ASCII."""
    words = query.split()
    return bool(words) and sum(w.isascii() for w in words) >= 0.5 * len(words)


# a document number in a question ("22/2015/TT-NHNN", "108/2016/QH13")
_DOC_NUMBER_RE = re.compile(r"\b\d+/\d{4}/[A-ZĐa-zđ0-9-]+")

class HybridRetriever(BaseRetriever):
    """Keyword + dense retriever over one collection's index."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any
    embedder: Any | None = None
    k: int = 10
    fusion: str = "weighted"  # "weighted" | "rrf" | "keyword" | "dense"
    dense_weight: float = DENSE_WEIGHT
    n_candidates: int = N_CANDIDATES
    as_of: date | None = None
    # feature reranker over the top fused articles (assistant.rerank); None → Settings().rerank
    rerank: bool | None = None
    # cross-encoder model dir rescoring the reranked top n (assistant.cross_encoder); None → Settings().cross_encoder,
    # "" → off
    cross_encoder: str | None = None

    _vectors: np.ndarray | None = PrivateAttr(default=None)
    # folded article id → doc_id → chunk indices (direct citation lookup)
    _by_article: dict[str, dict[str, list[int]]] = PrivateAttr(default_factory=dict)
    _eff_from: np.ndarray | None = PrivateAttr(default=None)
    _eff_to: np.ndarray | None = PrivateAttr(default=None)
    _types: np.ndarray | None = PrivateAttr(default=None)
    _art_row: np.ndarray | None = PrivateAttr(default=None)  # chunk → row of its article-level chunk
    _reranker: Any = PrivateAttr(default=None)  # exam-style queries (options pasted, "… đúng hay sai?")
    _reranker_q: Any = PrivateAttr(default=None)  # questions in one's own words
    _kstats: Any = PrivateAttr(default=None)
    _ce: Any = PrivateAttr(default=None)  # assistant.cross_encoder.CrossEncoderRescorer when on
    _doc_titles: dict[str, tuple[str, str, str | None]] = PrivateAttr(default_factory=dict)  # doc_id → (doc_id, folded title, number)
    _links: dict[int, frozenset[int]] | None = PrivateAttr(default=None)  # article row → rows its cross-references link
    _links_lock: Any = PrivateAttr(default_factory=threading.Lock)
    _definitions: dict[str, list[int]] | None = PrivateAttr(default=None)  # folded term → defining chunk rows
    # (folded article number in its source document, folded document number) → chunk rows: a Pháp điển article ("Điều
    # 20.2.LQ.20") is also "Điều 20 Bộ luật số 45/2019/QH14" (its ``source_citation``)
    _by_source: dict[tuple[str, str], list[int]] = PrivateAttr(default_factory=dict)

    @classmethod
    def open(
        cls, collection: str, *, settings: Settings | None = None, dense: bool = True, **kwargs: Any
    ) -> "HybridRetriever":
        settings = settings or get_settings()
        index = Index.open(collection, settings)
        embedder = None
        if dense and index.dense_ready():
            from assistant.embeddings import get_embedder

            embedder = get_embedder(settings.model, backend=settings.embed_backend)
            want = index.manifest.get("model_id")
            if want and embedder.model_id != want and settings.model is None:
                # built with another backend/precision of the bundled model: reproduce that one
                from assistant.embeddings import embedder_for_model_id

                embedder = embedder_for_model_id(want, settings=settings) or embedder
            elif want and embedder.model_id != want:
                # the same user model, index built with another max_seq_length/precision: reproduce those
                parts = want.split(":")
                if len(parts) == 4 and parts[0] == "st" and parts[1] == getattr(embedder, "weights_id", None) \
                        and parts[2].startswith("msl") and parts[2][3:].isdigit():
                    embedder = get_embedder(settings.model, backend=settings.embed_backend,
                                            max_seq_length=int(parts[2][3:]), precision=parts[3])
            if want and embedder.model_id != want:
                raise ValueError(
                    f"Chỉ mục '{collection}' được tạo bằng mô hình {want}, nhưng mô hình đang dùng là "
                    f"{embedder.model_id}. Hãy nạp lại bộ sưu tập hoặc đặt ASSISTANT_MODEL."
                )
        kwargs.setdefault("rerank", settings.rerank)
        return cls(index=index, embedder=embedder, **kwargs)

    def model_post_init(self, __context: Any) -> None:
        if self.embedder is not None:
            # a read-only view of the FAISS index's storage, not a second copy (100k chunks: 150 MB)
            try:
                self._vectors = self.index.vectors(copy=False)
            except TypeError:  # an index-like object without the copy option
                self._vectors = self.index.vectors()
        by_art: dict[str, dict[str, list[int]]] = {}
        titles: dict[str, tuple[str, str, str | None]] = {}
        for i, c in enumerate(self.index.chunks):
            by_art.setdefault(_fold(c.article_id), {}).setdefault(c.doc_id, []).append(i)
            titles.setdefault(c.doc_id, (c.doc_id, _fold(c.doc_title), c.doc_number))
        self._by_article = by_art
        self._doc_titles = titles
        by_src: dict[tuple[str, str], list[int]] = {}
        for i, c in enumerate(self.index.chunks):
            if c.doc_number and "." in c.article_id and (m := _SOURCE_ARTICLE_RE.match(c.source_citation or "")):
                by_src.setdefault((_fold(m.group(1)), _fold(c.doc_number)), []).append(i)
        self._by_source = by_src
        chunks = self.index.chunks
        lo, hi = date.min.toordinal(), date.max.toordinal()
        self._eff_from = np.array(
            [c.validity.effective_from.toordinal() if c.validity.effective_from else lo for c in chunks], np.int64
        )
        # a unit repealed on a date the text does not give (``Validity.repealed``) is in force on no date
        self._eff_to = np.array(
            [c.validity.effective_to.toordinal() if c.validity.effective_to else (lo - 1 if c.validity.repealed else hi)
             for c in chunks], np.int64
        )
        self._types = np.array([_fold(c.doc_type) for c in chunks], dtype=object)
        art: dict[str, int] = {}
        for i, c in enumerate(chunks):
            if c.clause is None:
                art.setdefault(article_key(c), i)
        self._art_row = np.array([art.get(article_key(c), i) for i, c in enumerate(chunks)], np.int64)
        use = self.rerank if self.rerank is not None else getattr(get_settings(), "rerank", True)
        self._reranker = self._reranker_q = None
        if use:
            from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker

            self._reranker = load_reranker()
            self._reranker_q = load_reranker(str(QUESTION_WEIGHTS_PATH)) or self._reranker
        settings = get_settings()
        ce_dir = self.cross_encoder if self.cross_encoder is not None else getattr(settings, "cross_encoder", None)
        self._ce = None
        if ce_dir:
            from assistant.cross_encoder import load_cross_encoder

            self._ce = load_cross_encoder(str(ce_dir), getattr(settings, "cross_encoder_top", None),
                                          getattr(settings, "cross_encoder_weight", None))

    # ------------------------------------------------------------ public
    @property
    def chunks(self) -> list[Chunk]:
        return self.index.chunks

    def restore_marks(self, query: str) -> str:
        """``query`` with Vietnamese marks restored when it was typed without them ("thoi han nop ho so" →
        "thời hạn nộp hồ sơ"), from this collection's own text (assistant.diacritics); otherwise unchanged."""
        if not getattr(get_settings(), "restore_marks", True):
            return query
        if _mostly_unmarked(query):
            try:
                return self.index.diacritic_model().restore(query)
            except AttributeError:  # an index-like object without syllable counts
                return query
        return query

    def search(
        self,
        query: str,
        k: int | None = None,
        *,
        as_of: date | None = None,
        doc_types: list[str] | None = None,
    ) -> list[Hit]:
        k = k or self.k
        as_of = as_of or self.as_of
        ranked = self.ranked(query, max(k, self._rerank_depth()), as_of=as_of, doc_types=doc_types)
        if ranked is None:
            return []
        rows = ranked["rows"]
        if self._reranker is not None and ranked["dense"] is not None and self.fusion in ("weighted", "rrf") \
                and len(rows) > 1:
            from assistant import rerank as R
            from assistant.rerank import COL, CONFIDENCE_FEATURES, exam_style

            exam = exam_style(query)
            model = self._reranker if exam else self._reranker_q
            depth = model.depth
            head = rows[:depth]
            X = self.rerank_features(ranked, head, skip=R.OPTIONAL - model.uses)
            rs = model.score(X, [int(a) for a in self._art_row[head]], self.crossref_links())
            cited = ranked["cited"]
            # named articles stay first; the rest of the head goes by the reranker's score
            order = sorted(range(len(head)), key=lambda j: (head[j] not in cited, -rs[j], j))
            if not exam:  # a question in one's own words: leading scope / definitions / … articles that don't answer it
                titles = [self.index.chunks[int(self._art_row[head[j]])].article_title for j in order]
                order, new = R.demote_leading_frames(order, R.frame_articles(ranked["query"], titles),
                                                     [head[j] in cited for j in order], rs[order])
                rs = rs.copy()
                rs[order] = new
            ranked["rerank"] = {int(head[j]): float(rs[j]) for j in range(len(head))}
            # a few of the candidate's features, passed on for the answer layer's confidence (refusal) decision
            cols = [(f"rerank_{name}", COL[name]) for name in CONFIDENCE_FEATURES]
            ranked["signals"] = {int(head[j]): {k: float(X[j, c]) for k, c in cols} for j in range(len(head))}
            rows = [head[j] for j in order] + list(rows[depth:])
        rows = self.definers_first(query, ranked, rows, as_of, doc_types)
        ce_scores: dict[int, float] = {}
        if self._ce is not None and len(rows) > 1:
            from assistant.cross_encoder import reorder

            head = rows[: self._ce.top]
            rr0 = ranked.get("rerank", {})
            ce = self._ce.score(ranked["query"], [self.article_passage(i) for i in head])
            order = reorder([rr0.get(i, 0.0) for i in head], ce, len(head), self._ce.weight,
                            cited=[i in ranked["cited"] for i in head])
            ce_scores = {int(i): float(s) for i, s in zip(head, ce)}
            rows = [head[j] for j in order] + list(rows[len(head):])
        kw, dense, fused, cited = ranked["kw"], ranked["dense"], ranked["fused"], ranked["cited"]
        rr = ranked.get("rerank", {})
        signals = ranked.get("signals", {})
        on = as_of or date.today()
        hits: list[Hit] = []
        for i in rows[:k]:
            c = self.index.chunks[i]
            scores = {"fused": float(fused[i]), "bm25": float(kw[i])}
            if dense is not None:
                scores["dense"] = float(dense[i])
            if i in cited:
                scores["citation"] = 1.0
            if i in rr:
                scores["rerank"] = rr[i]
                scores.update(signals.get(i, {}))
            if i in ce_scores:
                scores["cross_encoder"] = ce_scores[i]
            hits.append(
                Hit(chunk=c, score=float(fused[i]), rank=len(hits) + 1, scores=scores, in_force=c.validity.in_force(on))
            )
        return hits

    def _rerank_depth(self) -> int:
        return max(self._reranker.depth, self._reranker_q.depth) if self._reranker is not None else 0

    def ranked(
        self, query: str, depth: int, *, as_of: date | None = None, doc_types: list[str] | None = None
    ) -> dict[str, Any] | None:
        """Fused ranking before reranking: best chunk of each of the first ``depth`` articles, plus the
        score arrays (``kw``, ``dense``, ``fused``), the cited chunk set, the prepared query and tokens."""
        q = prepare_query(self.restore_marks(query))
        n = len(self.index.chunks)
        if n == 0 or not q.strip():
            return None
        mask = self._filter_mask(as_of, doc_types)
        encode = self.embedder is not None and self._vectors is not None and self.fusion != "keyword"
        pending = _encoder_pool().submit(self.embedder.embed_queries, [q]) if encode and OVERLAP_ENCODER else None
        tokens = keyword_tokens(q)
        kw = self.index.keyword_scores(tokens) if self.fusion != "dense" else np.zeros(n, np.float32)
        dense, top = None, None
        if encode:
            qv = (pending.result() if pending is not None else self.embedder.embed_queries([q]))[0]
            dense, top = self._dense_scores(qv, kw, mask)
        fused = self._fuse(kw, dense, mask, top=top)
        cited = self._direct_citations(q, mask)
        for i in cited:
            fused[i] += CITATION_BOOST
        cand = np.flatnonzero(fused > 0)
        order = cand[np.argsort(-fused[cand], kind="stable")]
        rows: list[int] = []
        seen: set[str] = set()
        for i in order:
            if fused[i] <= 0 or not mask[i]:
                break
            c = self.index.chunks[i]
            key = article_key(c)
            if key in seen:
                continue
            seen.add(key)
            rows.append(int(i))
            if len(rows) >= depth:
                break
        return {"query": q, "tokens": tokens, "kw": kw, "dense": dense, "fused": fused,
                "cited": set(int(i) for i in cited), "rows": rows}

    def crossref_links(self) -> dict[int, frozenset[int]]:
        """Article row → the article rows it is linked to by a cross-reference note ("(Điều này có nội dung liên quan
        đến Điều 28.6.NĐ.1.5. …)", Pháp điển codes), in either direction; built on first use (~8k notes in the Pháp
        điển subset). Empty for a collection without such notes."""
        if self._links is None:
            with self._links_lock:
                if self._links is None:
                    from assistant.legal.phapdien import crossref_items

                    chunks = self.index.chunks
                    by_code: dict[str, int] = {}
                    for i, c in enumerate(chunks):
                        if c.clause is None and "." in c.article_id:
                            by_code.setdefault(c.article_id, i)
                    links: dict[int, set[int]] = {}
                    for i, c in enumerate(chunks):
                        if c.clause is not None or int(self._art_row[i]) != i:
                            continue
                        for note in c.validity.notes:
                            for code, _ in crossref_items(note):
                                j = by_code.get(code) if code else None
                                if j is not None and j != i:
                                    links.setdefault(i, set()).add(j)
                                    links.setdefault(j, set()).add(i)
                    self._links = {k: frozenset(v) for k, v in links.items()}
        return self._links

    def definitions(self) -> dict[str, list[int]]:
        """Folded term → rows of the chunks that define it ("1. *An ninh mạng* là …", ``definitions.defined_terms``);
        built on first use (under a second for 43k chunks)."""
        if self._definitions is None:
            with self._links_lock:
                if self._definitions is None:
                    from assistant.definitions import defined_terms

                    self._definitions = defined_terms(self.index.chunks)
        return self._definitions

    def definers_first(self, query: str, ranked: dict[str, Any], rows: list[int], as_of: date | None = None,
                       doc_types: list[str] | None = None) -> list[int]:
        """``rows`` with the articles defining the term a definition question asks about ("Thế nào là khiếu nại?")
        first, after the articles the question names (``definitions.definers_first``); unchanged for any other
        question or a term this collection does not define."""
        from assistant.definitions import (
            asked_term, definer_precedence, defining_rows, definers_first, scope_match, scope_words,
        )

        term = asked_term(query) or asked_term(ranked["query"])
        if term is None:
            return rows
        found = defining_rows(query, self.definitions()) or defining_rows(ranked["query"], self.definitions())
        if not found:
            return rows
        mask = self._filter_mask(as_of, doc_types)
        chunks = self.index.chunks
        fused = ranked["fused"]
        definers = [(int(i), article_key(chunks[i]), float(fused[i])) for i in found if mask[i]]
        # a question naming a document ("Theo Thông tư số 22/2015/TT-NHNN, người ký phát là gì?"): its definition only,
        # when it has one
        named = {n.upper() for n in _DOC_NUMBER_RE.findall(query)}
        if named:
            own = [d for d in definers if (chunks[d[0]].doc_number or "").upper() in named]
            definers = own or definers
        # several texts define it: the one the question names, then its scope, definitions article, legal force, newer
        # in force (``definitions.definer_precedence``)
        words = scope_words(query, term)
        on = as_of or date.today()
        precedence = {d[0]: definer_precedence(
            chunks[d[0]], scope_match(words, " ".join([chunks[d[0]].doc_title, *chunks[d[0]].heading_path])),
            (chunks[d[0]].doc_number or "").upper() in named, on) for d in definers}
        keys = [article_key(chunks[i]) for i in rows]
        new = definers_first(list(rows), keys, ranked["cited"], definers, precedence=precedence)
        # a definer's khoản row in place of its article's row in the list: it carries that row's reranker score and
        # signals (the answer layer's refusal and citation margins read them)
        old = dict(zip(keys, rows))
        for key in ("rerank", "signals"):
            d = ranked.get(key)
            if d:
                for i in new[:len(definers)]:
                    j = old.get(article_key(chunks[i]))
                    if j is not None and j != i and j in d:
                        d[i] = d[j]
        return new

    def article_passage(self, row: int) -> str:
        """The passage (heading path + text, ``Chunk.passage``) of the whole article that chunk ``row`` belongs to."""
        return self.index.chunks[int(self._art_row[row])].passage()

    def rerank_features(self, ranked: dict[str, Any], rows: list[int], skip: frozenset[str] = frozenset()) -> np.ndarray:
        from assistant.rerank import KeywordStats, candidate_features

        if self._kstats is None:
            self._kstats = KeywordStats(self.index)
        cand = np.asarray(rows, dtype=np.int64)
        vecs = self._vectors[cand] if self._vectors is not None and ranked["dense"] is not None else None
        return candidate_features(
            stats=self._kstats, chunks=self.index.chunks, cand=cand, art_rows=self._art_row[cand],
            fused=ranked["fused"], kw=ranked["kw"], dense=ranked["dense"], query=ranked["query"],
            query_tokens=ranked["tokens"], tokenize=keyword_tokens,
            vectors=vecs, doc_titles=self._doc_titles, skip=skip,
        )

    # ------------------------------------------------------------ langchain
    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        as_of: date | None = None,
        doc_types: list[str] | None = None,
    ) -> list[Document]:
        """langchain entry: ``invoke(q, as_of=…, doc_types=…, k=…)`` or ``.bind(as_of=…)`` in a chain, per call and
        without copying the retriever (``configurable_fields`` would rebuild it for every call)."""
        return [
            Document(
                page_content=h.chunk.text,
                metadata={
                    "chunk_id": h.chunk.id,
                    "citation": h.chunk.citation,
                    "law_id": h.chunk.law_id,
                    "article_id": h.chunk.article_id,
                    "doc_type": h.chunk.doc_type,
                    "doc_number": h.chunk.doc_number,
                    "score": h.score,
                    "in_force": h.in_force,
                    "hit": h,
                },
            )
            for h in self.search(query, k, as_of=as_of, doc_types=doc_types)
        ]

    # ------------------------------------------------------------ internals
    def _filter_mask(self, as_of: date | None, doc_types: list[str] | None) -> np.ndarray:
        mask = np.ones(len(self.index.chunks), dtype=bool)
        if as_of is not None:
            d = as_of.toordinal()
            mask &= (self._eff_from <= d) & (d <= self._eff_to)
        if doc_types:
            mask &= np.isin(self._types, [_fold(t) for t in doc_types])
        return mask

    def _dense_scores(self, qv: np.ndarray, kw: np.ndarray,
                      mask: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
        """Exact cosine of the query to every chunk that can enter fusion. Without an ANN graph (or under a
        filter) that is every chunk (one scan); with one, only the graph's ``n_candidates`` proposals and
        the keyword top ``n_candidates`` are scored exactly, the rest get ``DENSE_FLOOR`` (they cannot be
        fusion candidates). Also returns, on the graph path, the keyword and dense top-``n_candidates``
        rows (what ``_fuse`` would otherwise find again with two partitions of the whole collection)."""
        n = len(kw)
        m = min(self.n_candidates, n)
        ids = self.index.dense_candidates(qv, m) if bool(mask.all()) else None
        if ids is None or len(ids) < m:
            return self._vectors @ qv, None
        top_kw = _top_rows(kw, m)
        rows = np.union1d(ids, top_kw)
        dense = np.full(n, DENSE_FLOOR, dtype=np.float32)
        scored = self._vectors[rows] @ qv
        dense[rows] = scored
        top_de = rows[np.argpartition(-scored, m - 1)[:m]]
        return dense, (top_kw, top_de)

    def _fuse(self, kw: np.ndarray, dense: np.ndarray | None, mask: np.ndarray,
              top: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """``top``: the keyword and dense top-``n_candidates`` rows when already known (no filter)."""
        n = len(kw)
        if top is None:  # a top list comes only from _dense_scores with no filter on
            kw = np.where(mask, kw, 0.0)
        if dense is None:
            best = kw.max(initial=0.0)
            return kw / best if best > 0 else kw.astype(np.float32)
        m = min(self.n_candidates, n)
        if top is not None:
            cand_kw, cand_de = top
        else:
            dense = np.where(mask, dense, DENSE_FLOOR)
            cand_kw = _top_rows(kw, m)
            cand_de = _top_rows(dense, m)
        cand = np.union1d(cand_kw, cand_de)
        cand = cand[mask[cand]]
        fused = np.zeros(n, dtype=np.float32)
        if len(cand) == 0:
            return fused
        if self.fusion == "rrf":
            for arr, sel in ((kw, cand_kw), (dense, cand_de)):
                sel = sel[np.argsort(-arr[sel])]
                for r, i in enumerate(sel):
                    if mask[i] and (arr is dense or arr[i] > 0):
                        fused[i] += 1.0 / (RRF_K + r + 1)
            return fused
        k_top = kw[cand].max()
        kn = kw[cand] / k_top if k_top > 0 else np.zeros(len(cand))
        d = dense[cand]
        lo = np.partition(dense[cand_de], 0)[0] if len(cand_de) else d.min()
        hi = d.max()
        dn = np.clip((d - lo) / (hi - lo), 0.0, 1.0) if hi > lo else np.ones(len(cand))
        w = self.dense_weight if self.fusion == "weighted" else (1.0 if self.fusion == "dense" else 0.0)
        fused[cand] = (1 - w) * kn + w * dn + 1e-6
        return fused

    def _direct_citations(self, q: str, mask: np.ndarray) -> list[int]:
        """Chunks of an article the question names explicitly (article number + its document)."""
        arts = [m.group(1) for m in _ARTICLE_RE.finditer(q)]
        if not arts:
            return []
        ql = _fold(q)
        numbers = {_fold(m.group(1)) for m in _NUMBER_RE.finditer(q)}
        docs = []
        for doc_id, title, number in self._doc_titles.values():
            if number and _fold(number) in numbers:
                docs.append(doc_id)
            elif title and len(title) > 6 and title in ql:
                docs.append(doc_id)
        out: list[int] = []
        for a in arts:
            by_doc = self._by_article.get(_fold(a), {})
            # without a named document, only a Pháp điển code (unique on its own) identifies an article
            targets = docs if docs else (list(by_doc) if "." in a else [])
            for doc_id in targets:
                out.extend(i for i in by_doc.get(doc_id, []) if mask[i])
            # "Điều 20 Bộ luật lao động số 45/2019/QH14" in a collection that codes its articles (Pháp điển): the article
            # whose source is that article of that document
            for num in numbers:
                out.extend(i for i in self._by_source.get((_fold(a), num), []) if mask[i])
        return list(dict.fromkeys(out))
