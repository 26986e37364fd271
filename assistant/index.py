"""On-disk index of one collection: chunk store + keyword index (bm25s) + dense index (FAISS) + manifest.

Layout: ``indexes/<collection>`` is a symlink to ``indexes/.versions/<collection>-<stamp>/`` holding::

    manifest.json   format version, model id/dim, counts, checksums, source fingerprint, dense_ready
    chunks.jsonl    one records.Chunk per line
    keyword/        bm25s index over keyword tokens (underthesea words + syllables)
    dense.faiss     inner-product FAISS index over L2-normalised passage vectors (absent until dense is built)
    dense.hnsw      an HNSW graph over 8-bit copies of those vectors, for collections of ≥ ANN_MIN_VECTORS
                    chunks: it proposes dense candidates in well under a millisecond, and the retriever rescores
                    them exactly against dense.faiss (a version written without it builds it in memory at open)
    diacritics.npz  syllable counts of the collection's articles, to restore questions typed without marks
                    (assistant.diacritics; a version written without it builds them in memory on first need)
    listed.jsonl    one records.ListedArticle per line: articles a Pháp điển đề mục lists by code and title with no
                    text held (not searched; read when a question is refused; absent = none known)

Writes are atomic: a version is written completely into a temporary directory, then the symlink is
swapped with ``os.replace``. Readers resolve the symlink once at open, so a failed or killed ingest never
touches the version being served. This module stores and looks up; it does not rank (see retrieval).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

try:  # y += A @ x for a CSC matrix, in place: one posting list added into the scores in C (scipy's own kernel)
    from scipy.sparse._sparsetools import csc_matvec as _csc_matvec
except ImportError:  # a scipy without it: the numpy path below gives the same scores, slower
    _csc_matvec = None

from assistant.config import Settings, get_settings
from assistant.records import Chunk, ListedArticle, article_key

FORMAT_VERSION = 1
KEYWORD_DIR = "keyword"
DENSE_FILE = "dense.faiss"
ANN_FILE = "dense.hnsw"
# Below this many vectors an exact scan is cheap (~1 ms on 2 cores) and no graph is kept. ALQAC dev split and
# the Pháp điển questions: identical quality with the graph forced on for every collection.
ANN_MIN_VECTORS = 20_000
ANN_M = 32  # graph degree
ANN_EF_CONSTRUCTION = 80
ANN_EF_SEARCH = 256  # at least; raised to 2k for a k-candidate search
# BM25 at query time: the postings of terms found in at least this share of the chunks (stop syllables such as
# "của", "các", "được": 90 of 51k terms at 100k chunks, ~70% of a question's postings) are also kept as dense
# score rows, added whole instead of scattering their postings, with the same sums (BM25 at 100k chunks: median
# 2.2 → 0.9 ms per question; 34 MB).
FREQUENT_TERM_SHARE = 0.25
MAX_FREQUENT_TERMS = 128  # the most frequent ones at most (at 100k chunks: 0.4 MB each)
CHUNKS_FILE = "chunks.jsonl"
DIACRITICS_FILE = "diacritics.npz"
LISTED_FILE = "listed.jsonl"
MANIFEST_FILE = "manifest.json"

log = logging.getLogger(__name__)


class IndexNotFound(FileNotFoundError):
    pass


class IndexDamaged(IndexNotFound):
    """The collection has a manifest but its index cannot be read (a file missing or damaged, an unknown format)."""


def keyword_tokens(text: str) -> list[str]:
    """Tokens for the keyword index: underthesea word segments plus the syllables of compound words.

    Words ("cán_bộ") reward phrase matches; syllables keep recall when segmentation differs between a
    question and a provision.
    """
    from assistant.text import segment

    words = segment(text)
    out = list(words)
    for w in words:
        if "_" in w:
            out.extend(s for s in w.split("_") if s)
    return out


def collection_path(collection: str, settings: Settings | None = None) -> Path:
    settings = settings or get_settings()
    if not collection or "/" in collection or collection.startswith("."):
        raise ValueError(f"Tên bộ sưu tập không hợp lệ: {collection!r}")
    return settings.indexes_dir / collection


def list_collections(settings: Settings | None = None) -> list[str]:
    settings = settings or get_settings()
    root = settings.indexes_dir
    if not root.exists():
        return []
    return sorted(p.name for p in root.iterdir() if not p.name.startswith(".") and (p / MANIFEST_FILE).exists())


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Index:
    path: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    _bm25: Any
    _faiss: Any | None
    _ann: Any | None = None  # AnnGraph
    # term id → row of ``_frequent_rows``: BM25 scores of every chunk for that term (0 where absent)
    _frequent: dict[int, int] = field(default_factory=dict, init=False, repr=False)
    _frequent_rows: np.ndarray | None = field(default=None, init=False, repr=False)
    _diacritics: Any = field(default=None, init=False, repr=False)
    _listed: list[ListedArticle] | None = field(default=None, init=False, repr=False)
    # the postings' offsets in the dtype of their chunk indices (what scipy's csc_matvec takes), or None
    _post_ptr: np.ndarray | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        s = getattr(self._bm25, "scores", None)
        n = len(self.chunks)
        if not s or not n:
            return
        indptr = np.asarray(s["indptr"])
        df = np.diff(indptr)
        terms = np.flatnonzero(df >= FREQUENT_TERM_SHARE * n)
        terms = terms[np.argsort(-df[terms], kind="stable")[:MAX_FREQUENT_TERMS]]
        rows = np.zeros((len(terms), n), dtype=np.float32)
        for j, t in enumerate(terms.tolist()):
            a, b = int(indptr[t]), int(indptr[t + 1])
            rows[j, s["indices"][a:b]] = s["data"][a:b]
        self._frequent = {t: j for j, t in enumerate(terms.tolist())}
        self._frequent_rows = rows
        idx_dtype = np.asarray(s["indices"]).dtype
        if _csc_matvec is not None and idx_dtype in (np.int32, np.int64) and np.asarray(s["data"]).dtype == np.float32 \
                and (idx_dtype == np.int64 or int(indptr[-1]) < 2**31):
            self._post_ptr = indptr.astype(idx_dtype)

    # ---------------------------------------------------------------- open
    @classmethod
    def open(cls, collection: str, settings: Settings | None = None) -> "Index":
        link = collection_path(collection, settings)
        if not (link / MANIFEST_FILE).exists():
            raise IndexNotFound(
                f"Chưa có chỉ mục cho bộ sưu tập '{collection}' ({link}). "
                f"Hãy chạy: assistant ingest <thư mục> --collection {collection}"
            )
        try:
            return cls.open_path(link.resolve())
        except Exception as e:  # noqa: BLE001 - whatever is wrong with the files, one message saying what to do
            raise IndexDamaged(
                f"Chỉ mục của bộ sưu tập '{collection}' ({link}) bị hỏng hoặc không đầy đủ "
                f"({type(e).__name__}: {e}). Hãy nạp lại: assistant ingest <thư mục> --collection {collection} --force"
            ) from e

    @classmethod
    def open_path(cls, path: Path) -> "Index":
        import bm25s

        manifest = json.loads((path / MANIFEST_FILE).read_text(encoding="utf-8"))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{path}: định dạng chỉ mục {manifest.get('format_version')} không được hỗ trợ")
        with open(path / CHUNKS_FILE, encoding="utf-8") as f:
            chunks = [Chunk.model_validate_json(line) for line in f if line.strip()]
        bm25 = bm25s.BM25.load(str(path / KEYWORD_DIR), load_vocab=True, show_progress=False, verbosity=0)
        fa = None
        if manifest.get("dense_ready") and (path / DENSE_FILE).exists():
            import faiss

            fa = faiss.read_index(str(path / DENSE_FILE))
        ann = None
        if fa is not None and fa.ntotal >= ANN_MIN_VECTORS:
            vecs = _flat_view(fa)
            ann = AnnGraph.load(path / ANN_FILE, vecs if vecs is not None else fa.reconstruct_n(0, fa.ntotal))
        return cls(path=path, manifest=manifest, chunks=chunks, _bm25=bm25, _faiss=fa, _ann=ann)

    # ---------------------------------------------------------------- lookup
    @property
    def collection(self) -> str:
        return self.manifest["collection"]

    def dense_ready(self) -> bool:
        return self._faiss is not None

    def vectors(self, *, copy: bool = True) -> np.ndarray | None:
        """The passage vectors, (n, dim) float32. ``copy=False`` returns a read-only view of the FAISS
        index's own storage (no second copy in memory; valid while this ``Index`` is alive)."""
        if self._faiss is None:
            return None
        if not copy:
            view = _flat_view(self._faiss)
            if view is not None:
                return view
        return self._faiss.reconstruct_n(0, self._faiss.ntotal)

    def listed_articles(self) -> list[ListedArticle]:
        """The articles the collection's sources list by title with no text held (``LISTED_FILE``), read once."""
        if self._listed is None:
            path = self.path / LISTED_FILE
            self._listed = []
            if path.exists():
                with open(path, encoding="utf-8") as f:
                    self._listed = [ListedArticle.model_validate_json(line) for line in f if line.strip()]
        return self._listed

    def diacritic_model(self, settings: Settings | None = None) -> Any:
        """The collection's :class:`assistant.diacritics.DiacriticModel`: read from the version directory; for a
        version written before it existed, built from the chunks once and kept in the cache directory (keyed by the
        version), so later processes read it (Pháp điển: ≈ 20 s to build)."""
        if self._diacritics is None:
            from assistant.diacritics import DiacriticModel

            path = self.path / DIACRITICS_FILE
            if not path.exists():
                path = (settings or get_settings()).cache_dir / "diacritics" / f"{self.path.name}.npz"
                if not path.exists():
                    self._diacritics = diacritic_model_for(self.chunks)
                    try:
                        path.parent.mkdir(parents=True, exist_ok=True)
                        self._diacritics.save(path)
                    except OSError as exc:  # a read-only cache: keep it in memory only
                        log.warning("could not cache syllable counts in %s: %s", path, exc)
                    return self._diacritics
            self._diacritics = DiacriticModel.load(path)
        return self._diacritics

    def keyword_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the query tokens (unknown tokens are ignored).

        Same scores as ``bm25s.BM25.get_scores`` (a repeated query token counts once per occurrence),
        computed from the index's precomputed postings: each distinct token adds its posting list once,
        weighted by its count (bm25s adds it once per occurrence). ~30% less CPU on long questions. A frequent
        term adds its dense row instead (``FREQUENT_TERM_SHARE``): the same float32 additions in the same
        token order, plus zeros for the chunks without it, so the same scores.
        """
        bm = self._bm25
        vocab = bm.vocab_dict
        n = len(self.chunks)
        ids = [vocab[t] for t in tokens if t in vocab]
        if not ids:
            return np.zeros(n, dtype=np.float32)
        tids, counts = np.unique(np.asarray(ids, dtype=np.int64), return_counts=True)
        s = bm.scores
        data, indices, indptr = s["data"], s["indices"], s["indptr"]
        scores = np.zeros(n, dtype=np.float32)
        ptr, one = self._post_ptr, np.ones(1, np.float32)
        for t, c in zip(tids.tolist(), counts.tolist()):
            j = self._frequent.get(t)
            if j is not None:
                row = self._frequent_rows[j]
                scores += row if c == 1 else row * np.float32(c)
                continue
            if ptr is not None:
                # scores[chunk] += weight * count for each chunk of t's postings, in C, in place (no gather/scatter
                # copies): the same float32 products added in the same order as below
                _csc_matvec(n, 1, ptr[t:t + 2], indices, data, one if c == 1 else np.array([c], np.float32), scores)
                continue
            a, b = int(indptr[t]), int(indptr[t + 1])
            if b > a:
                d = data[a:b]
                # a posting list names each chunk once, so a plain fancy-index add is the same sum as np.add.at
                # (which is several times slower)
                scores[indices[a:b]] += d if c == 1 else d * np.float32(c)
        nonocc = getattr(bm, "nonoccurrence_array", None)
        if nonocc is not None:  # BM25L / BM25+ variants: a constant for documents without the token
            scores += np.float32(np.asarray(nonocc)[np.asarray(ids, dtype=np.int64)].sum())
        return scores

    def keyword_search(self, tokens: list[str], k: int) -> list[tuple[int, float]]:
        scores = self.keyword_scores(tokens)
        return _top_k(scores, k)

    def dense_candidates(self, qvec: np.ndarray, k: int) -> np.ndarray | None:
        """Row ids of about the ``k`` passages nearest to ``qvec`` from the HNSW graph (approximate: 8-bit
        vectors, graph search), or None when this index keeps no graph — callers then scan exactly.
        Callers rescore the candidates against the exact vectors."""
        if self._ann is None:
            return None
        return self._ann.search(qvec, k)

    def dense_search(self, qvec: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self._faiss is None:
            return []
        q = np.asarray(qvec, dtype=np.float32).reshape(1, -1)
        scores, ids = self._faiss.search(q, min(k, self._faiss.ntotal))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


class AnnGraph:
    """HNSW graph (inner product) over 8-bit scalar-quantised copies of the *distinct* passage vectors
    (~1/4 of their memory; ~10 s to build at 100k × 384 on 2 cores). Chunks that share a vector (Khoản
    chunks that reuse their article's vector) are one graph node: duplicates would crowd each other out of
    the graph's neighbour lists. ``search`` returns the rows of every chunk holding a found vector."""

    def __init__(self, graph: Any, rows: np.ndarray, starts: np.ndarray) -> None:
        self.graph, self._rows, self._starts = graph, rows, starts

    @staticmethod
    def _groups(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(first row of each distinct vector in row order, rows grouped by distinct vector, group starts)."""
        keys = np.ascontiguousarray(vectors).view(np.dtype((np.void, vectors.shape[1] * vectors.itemsize))).ravel()
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        by_first = np.argsort(first, kind="stable")  # groups numbered in order of first appearance
        rank = np.empty_like(by_first)
        rank[by_first] = np.arange(len(by_first))
        gid = rank[inverse.ravel()]
        rows = np.argsort(gid, kind="stable").astype(np.int64)
        starts = np.searchsorted(gid[rows], np.arange(len(first) + 1)).astype(np.int64)
        return np.sort(first), rows, starts

    @classmethod
    def build(cls, vectors: np.ndarray) -> "AnnGraph":
        import faiss

        t0 = time.perf_counter()
        vecs = np.ascontiguousarray(vectors, dtype=np.float32)
        first, rows, starts = cls._groups(vecs)
        graph = faiss.IndexHNSWSQ(int(vecs.shape[1]), faiss.ScalarQuantizer.QT_8bit, ANN_M,
                                  faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = ANN_EF_CONSTRUCTION
        distinct = np.ascontiguousarray(vecs[first])
        graph.train(distinct)
        graph.add(distinct)
        log.info("index: HNSW graph over %d distinct vectors (%d chunks) built in %.1f s",
                 len(first), len(vecs), time.perf_counter() - t0)
        return cls(graph, rows, starts)

    @classmethod
    def load(cls, path: Path, vectors: np.ndarray) -> "AnnGraph":
        """The graph saved at ``path`` when it matches ``vectors``; otherwise one built now (in memory)."""
        if path.exists():
            import faiss

            first, rows, starts = cls._groups(np.asarray(vectors, dtype=np.float32))
            graph = faiss.read_index(str(path))
            if graph.ntotal == len(first):
                return cls(graph, rows, starts)
            log.warning("index: %s does not match the vectors; rebuilding it in memory", path)
        return cls.build(vectors)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.graph, str(path))

    def search(self, qvec: np.ndarray, k: int) -> np.ndarray:
        import faiss

        q = np.asarray(qvec, dtype=np.float32).reshape(1, -1)
        params = faiss.SearchParametersHNSW()
        params.efSearch = max(ANN_EF_SEARCH, 2 * k)
        _, ids = self.graph.search(q, min(k, self.graph.ntotal), params=params)
        ids = ids[0][ids[0] >= 0]
        if len(self._rows) == len(self._starts) - 1:  # all vectors distinct
            return self._rows[ids]
        return np.concatenate([self._rows[self._starts[g]:self._starts[g + 1]] for g in ids.tolist()])


def _flat_view(fa: Any) -> np.ndarray | None:
    """Zero-copy read-only (ntotal, d) float32 view of a flat FAISS index's vectors, or None."""
    import faiss

    if not isinstance(fa, faiss.IndexFlat) or fa.ntotal == 0:
        return None
    n, d = int(fa.ntotal), int(fa.d)
    arr = faiss.rev_swig_ptr(fa.get_xb(), n * d).reshape(n, d)
    arr.flags.writeable = False
    return arr


def _top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    if len(scores) == 0:
        return []
    k = min(k, len(scores))
    part = np.argpartition(-scores, k - 1)[:k]
    order = part[np.argsort(-scores[part], kind="stable")]
    return [(int(i), float(scores[i])) for i in order if scores[i] > 0]


# -------------------------------------------------------------------- write
def write_version(
    collection: str,
    chunks: list[Chunk],
    token_lists: list[list[str]],
    *,
    vectors: np.ndarray | None,
    model_id: str | None,
    extra: dict[str, Any] | None = None,
    settings: Settings | None = None,
    bm25_params: dict[str, float] | None = None,
    diacritics: Any | None = None,
    listed: list[ListedArticle] | None = None,
) -> Path:
    """Write a complete index version and atomically make it the served one. Returns its directory.
    ``diacritics``: the chunks' syllable counts (:func:`diacritic_model_for`) when the caller already has them (ingest
    writes a keyword-only and then a dense version of the same chunks); built here otherwise. ``listed``: articles
listed by title with no text held (``LISTED_FILE``, written only when there are some)."""
    import bm25s

    settings = settings or get_settings()
    if len(token_lists) != len(chunks):
        raise ValueError("token_lists and chunks differ in length")
    if vectors is not None and len(vectors) != len(chunks):
        raise ValueError("vectors and chunks differ in length")
    link = collection_path(collection, settings)
    versions = settings.indexes_dir / ".versions"
    versions.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    final = versions / f"{collection}-{stamp}"
    tmp = versions / f".tmp-{collection}-{stamp}-{os.getpid()}"
    tmp.mkdir()
    try:
        with open(tmp / CHUNKS_FILE, "w", encoding="utf-8") as f:
            for c in chunks:
                f.write(c.model_dump_json() + "\n")
        params = bm25_params or {"k1": 1.2, "b": 0.75}
        bm25 = bm25s.BM25(**params)
        # bm25s needs at least one token per document
        bm25.index([t if t else ["∅"] for t in token_lists], show_progress=False)
        bm25.save(str(tmp / KEYWORD_DIR), show_progress=False)
        (diacritics if diacritics is not None else diacritic_model_for(chunks)).save(tmp / DIACRITICS_FILE)
        if listed:
            with open(tmp / LISTED_FILE, "w", encoding="utf-8") as f:
                for item in listed:
                    f.write(item.model_dump_json() + "\n")
        dim = None
        if vectors is not None:
            import faiss

            vecs = np.ascontiguousarray(vectors, dtype=np.float32)
            dim = int(vecs.shape[1])
            fa = faiss.IndexFlatIP(dim)
            fa.add(vecs)
            faiss.write_index(fa, str(tmp / DENSE_FILE))
            if len(vecs) >= ANN_MIN_VECTORS:
                AnnGraph.build(vecs).save(tmp / ANN_FILE)
        manifest = {
            "format_version": FORMAT_VERSION,
            "collection": collection,
            "created_at": datetime.now(timezone.utc).isoformat(),
            "model_id": model_id,
            "dim": dim,
            "dense_ready": vectors is not None,
            "n_chunks": len(chunks),
            "n_listed_only": len(listed or []),
            "n_documents": len({c.doc_id for c in chunks}),
            "bm25": params,
            **(extra or {}),
        }
        manifest["checksums"] = {
            name: _sha256_file(tmp / name) for name in (CHUNKS_FILE, DENSE_FILE, ANN_FILE) if (tmp / name).exists()
        }
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_dir(tmp)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap_link(link, final)
    _prune_versions(versions, collection, keep=final)
    return final


def diacritic_model_for(chunks: list[Chunk]) -> Any:
    """Syllable counts over each article once (its article-level chunk, or its khoản when it has none)."""
    from assistant.diacritics import DiacriticModel

    whole = {article_key(c) for c in chunks if c.clause is None}
    return DiacriticModel.from_texts(c.passage() for c in chunks if c.clause is None or article_key(c) not in whole)


def _fsync_dir(path: Path) -> None:
    for p in path.rglob("*"):
        if p.is_file():
            with open(p, "rb") as f:
                os.fsync(f.fileno())


def _swap_link(link: Path, target: Path) -> None:
    if link.exists() and not link.is_symlink():
        raise FileExistsError(f"{link} tồn tại nhưng không phải chỉ mục do hệ thống quản lý")
    tmp_link = link.with_name(f".link-{link.name}-{os.getpid()}-{time.monotonic_ns()}")
    os.symlink(os.path.relpath(target, link.parent), tmp_link)
    os.replace(tmp_link, link)  # atomic on POSIX


def _prune_versions(versions: Path, collection: str, keep: Path) -> None:
    """Remove older versions of this collection (a reader that already opened one keeps its file handles)."""
    for p in versions.glob(f"{collection}-*"):
        if p != keep and p.name.rsplit("-", 1)[0] == collection:
            shutil.rmtree(p, ignore_errors=True)
    for p in versions.glob(f".tmp-{collection}-*"):
        # stale temp dirs from killed runs
        if time.time() - p.stat().st_mtime > 3600:
            shutil.rmtree(p, ignore_errors=True)


def read_manifest(collection: str, settings: Settings | None = None) -> dict[str, Any] | None:
    link = collection_path(collection, settings)
    try:
        return json.loads((link / MANIFEST_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None

