"""Candidate pairs for the batch job: the side of a chunk (``side_from_chunk``), its source document
(``document_key``), and nearest neighbours from different documents that share subject terms (``candidate_pairs``:
dense FAISS kNN when vectors are given, TF-IDF sparse top-k via ``sparse_topk``).

Does not compare provisions (``pair``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from assistant.conflicts.analysis import _bigrams
from assistant.conflicts.words import _norm, _seq_content
from assistant.doc_relations import DOCNUM_RE
from assistant.records import Chunk, ConflictSide


def side_from_chunk(ch: Chunk) -> ConflictSide:
    num = ch.doc_number
    dtype = ch.doc_type or None
    if ch.source_citation:
        m = DOCNUM_RE.search(ch.source_citation)
        if m:
            num = m.group(0)
    src_type = getattr(ch, "source_doc_type", None)
    if ch.source_citation and not src_type:
        for t in ("Bộ luật", "Luật", "Nghị định", "Thông tư liên tịch", "Thông tư", "Nghị quyết", "Pháp lệnh", "Quyết định"):
            if t in ch.source_citation:
                dtype = t
                break
    cit = ch.citation
    if ch.source_citation and ch.source_citation not in cit:
        cit = f"{cit} ({ch.source_citation})"
    text = ch.text
    if ch.article_title and ch.article_title.strip() and ch.article_title.strip() not in text[:200]:
        text = f"{ch.article_title.strip()}\n{text}"
    return ConflictSide(
        text=text, citation=cit, doc_type=dtype, number=num, issuer=ch.issuer, issued_on=ch.issued_on,
        effective_from=ch.validity.effective_from, effective_to=ch.validity.effective_to, chunk_id=ch.id,
    )


def document_key(ch: Chunk) -> str:
    """The source document of a chunk (Pháp điển: the real source document, not the đề mục file)."""
    if ch.source_citation:
        m = DOCNUM_RE.search(ch.source_citation)
        if m:
            return m.group(0)
    return ch.doc_number or ch.doc_id


def _keyword_matrix(texts: Sequence[str], max_df: float = 1.0):
    from sklearn.feature_extraction.text import TfidfVectorizer

    def tok(t: str) -> list[str]:
        w = _seq_content(_norm(t).lower())
        return w + [f"{x}_{y}" for x, y in zip(w, w[1:])]

    vec = TfidfVectorizer(tokenizer=tok, lowercase=False, token_pattern=None, min_df=1, max_df=max_df,
                          sublinear_tf=True, norm="l2", dtype=np.float32)
    return vec.fit_transform(list(texts))


def sparse_topk(X, top: int, block: int = 2000) -> list[list[int]]:
    """Top-``top`` cosine neighbours of every row of an L2-normalised sparse matrix, best first.

    Sparse × sparse products in row blocks; only the non-zero similarities of each row are ranked, so the cost
    grows with the number of term co-occurrences, not with n² dense cells.
    """
    XT = X.T.tocsc()
    out: list[list[int]] = []
    for start in range(0, X.shape[0], block):
        sims = (X[start : start + block] @ XT).tocsr()
        for r in range(sims.shape[0]):
            lo, hi = sims.indptr[r], sims.indptr[r + 1]
            idx, val = sims.indices[lo:hi], sims.data[lo:hi]
            if len(val) > top:
                part = np.argpartition(-val, top - 1)[:top]
                idx, val = idx[part], val[part]
            order = np.lexsort((idx, -val))
            out.append([int(j) for j in idx[order]])
    return out


def candidate_pairs(chunks: Sequence[Chunk], vectors: np.ndarray | None = None, *, k: int = 10,
                    min_shared: int = 2, doc_keys: Sequence[str] | None = None,
                    keyword: bool = True) -> tuple[list[tuple[int, int]], str]:
    """Pairs (i < j) of chunks from different documents that are nearest neighbours and share subject terms.

    Union of dense FAISS inner-product kNN (when ``vectors`` are given) and TF-IDF (syllables + bigrams) sparse
    top-k (always, unless ``keyword=False`` and vectors exist): each finds pairs the other misses.
    Returns the sorted pairs and the method used. Never enumerates all pairs: terms in more than 20 % of a large
    collection are dropped from the keyword matrix, which keeps the sparse product small.
    """
    n = len(chunks)
    if n < 2:
        return [], "none"
    keys = list(doc_keys) if doc_keys is not None else [document_key(c) for c in chunks]
    if len(set(keys)) < 2:
        return [], "none"
    kk = min(k + 1, n)
    keyword = keyword or vectors is None
    lists: list[list[list[int]]] = []
    methods = []
    top = min(kk + 30, n)  # extra room: neighbours from the same document are skipped
    if vectors is not None and len(vectors) == n:
        import faiss

        x = np.ascontiguousarray(vectors, dtype=np.float32)
        index = faiss.IndexFlatIP(x.shape[1])
        index.add(x)
        _scores, ids = index.search(x, top)
        lists.append([[int(j) for j in r] for r in ids])
        methods.append("dense")
    if keyword:
        X = _keyword_matrix([c.text for c in chunks], max_df=0.2 if n >= 2000 else 1.0)
        methods.append("keyword")
        lists.append(sparse_topk(X, top))
    pairs: set[tuple[int, int]] = set()
    bigr = [_bigrams(c.text) for c in chunks]
    for neigh in lists:
        for i, row in enumerate(neigh):
            taken = 0
            for j in row:
                if j < 0 or j == i or keys[i] == keys[j]:
                    continue
                taken += 1
                if taken > k:
                    break
                if len(bigr[i] & bigr[j]) >= min_shared:
                    pairs.add((min(i, j), max(i, j)))
    return sorted(pairs), "+".join(methods)
