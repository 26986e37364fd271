"""Ingest: files → documents → chunks → keyword index (served at once) → dense index (resumable).

Entry: ``ingest(paths, collection)``. It orchestrates the stages (loaders, legal, chunking, embeddings,
index) and owns two caches keyed by content hash, so re-ingesting unchanged text redoes nothing:
keyword tokens (``.cache/tokens.sqlite``) and passage vectors (``.cache/vectors-<model>.sqlite``).

The keyword-only version is written (atomically) before dense embedding starts, so keyword search works
on a collection while its dense index is still being built; a killed dense build resumes from the cached
vectors on the next run. A failed ingest never replaces the version being served.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from assistant.config import Settings, get_settings
from assistant.index import diacritic_model_for, keyword_tokens, read_manifest, write_version
from assistant.records import Chunk, LegalDocument
from assistant.text import instruction_sentences, strip_instructions

ProgressFn = Callable[[str, int, int], None]  # (stage, done, total)


class IngestError(RuntimeError):
    pass


@dataclass
class IngestReport:
    collection: str
    loaded: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[str] = field(default_factory=list)
    n_documents: int = 0
    n_chunks: int = 0
    n_embedded: int = 0  # passages actually embedded this run (cache misses)
    n_tokens_embedded: int = 0
    dense_ready: bool = False
    reused: bool = False
    timings: dict[str, float] = field(default_factory=dict)


# Bump when parsing, chunking or the indexed passage text changes, so that ``ingest(reuse=True)`` rebuilds an index an
# older version built from unchanged files (cheap: keyword tokens and vectors are cached by passage text).
PIPELINE_VERSION = "2026-11-30b"  # b: .doc/.rtf/.odt/images loaded, scanned PDF pages OCR'd; c: forms, repeal markers,
# PDF-wrapped headings, văn bản hợp nhất links, công văn; d: signer after "… thông qua ngày …", điểm "a1)", handbook
# questions and parts, text-file headers and page furniture, appendix parts by item, khoản-level start/expiry;
# 29a: units kept only as a trace of their repeal marked ``Validity.repealed`` (Pháp điển "(Bị bãi bỏ)" stubs)
# 29b: Pháp điển khoản / điểm kept only as a repeal marker marked repealed (``Clause``/``Point.validity``), marker lines
# "***a) (Bị bãi bỏ);***" and "10." + "(được bãi bỏ)" read as units
# 29c: khoản / điểm lines opening with emphasis before their label ("*đ) …*", "**2.** …") read as that unit, marks removed
# 29d: a Pháp điển cross-reference note broken over lines stays a note (not the article's last lines)
# 29e: a heading glued after a Pháp điển note's closing parenthesis ("…)Chương V") starts the next chapter
# 30a: trích yếu stops at the authority line, wrapped dates in a Điều line, ministry / province names kept in titles,
# inserted điểm/khoản mark their khoản, wrapped expiry sentences, OCR specks before headings, login pages refused,
# errata noted on the provisions they correct
# 30b: PDF pages with a ruled table read row by row, cells joined by " | " as DOCX tables (loaders._tables_into)


def source_fingerprint(paths: list[Path]) -> str:
    """Cheap fingerprint of the inputs: every file's relative path, size and mtime, and ``PIPELINE_VERSION``."""
    h = hashlib.sha256(f"pipeline {PIPELINE_VERSION}\n".encode())
    for root in sorted(Path(p).resolve() for p in paths):
        files = [root] if root.is_file() else sorted(q for q in root.rglob("*") if q.is_file())
        for f in files:
            st = f.stat()
            h.update(f"{f}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


class TokenCache:
    """sha256(text) → keyword tokens, in sqlite."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path))
        self.db.execute("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v TEXT)")

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            q = f"SELECT k, v FROM t WHERE k IN ({','.join('?' * len(part))})"
            out.update((k, json.loads(v)) for k, v in self.db.execute(q, part))
        return out

    def put_many(self, items: dict[str, list[str]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO t VALUES (?, ?)", [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()]
        )
        self.db.commit()


# A token worker whose ingest was killed (SIGKILL, OOM killer: no clean-up runs) waited forever for its next batch,
# an orphan holding underthesea (≈ 150 MB each): it now looks every this many seconds whether its parent is there.
PARENT_CHECK_S = 1.0


def _exit_with_parent(parent: int) -> None:
    """Pool initializer: a daemon thread ends this worker process once ``parent`` (the ingest's pid) is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _tokens_batch(texts: list[str]) -> list[list[str]]:
    return [keyword_tokens(t) for t in texts]


def tokenize_passages(
    texts: list[str], cache: TokenCache, progress: ProgressFn | None = None, workers: int | None = None
) -> list[list[str]]:
    keys = [TokenCache.key(t) for t in texts]
    have = cache.get_many(list(dict.fromkeys(keys)))
    missing = [i for i, k in enumerate(keys) if k not in have]
    total = len(missing)
    if progress:
        progress("tokens", 0, total)
    if missing:
        workers = workers or min(2, os.cpu_count() or 1)
        batch = 256
        groups = [missing[i : i + batch] for i in range(0, len(missing), batch)]
        done = 0
        if workers > 1 and len(missing) > 2000:
            with ProcessPoolExecutor(workers, initializer=_exit_with_parent, initargs=(os.getpid(),)) as ex:
                results = ex.map(_tokens_batch, [[texts[i] for i in g] for g in groups])
                for g, toks in zip(groups, results):
                    new = {keys[i]: tk for i, tk in zip(g, toks)}
                    cache.put_many(new)
                    have.update(new)
                    done += len(g)
                    if progress:
                        progress("tokens", done, total)
        else:
            for g in groups:
                new = {keys[i]: tk for i, tk in zip(g, _tokens_batch([texts[i] for i in g]))}
                cache.put_many(new)
                have.update(new)
                done += len(g)
                if progress:
                    progress("tokens", done, total)
    return [have[k] for k in keys]


def _clip(s: str, n: int = 120) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n].rsplit(" ", 1)[0] + "…"


def build_documents(
    paths: list[Path], report: IngestReport, strict: bool = False, settings: Settings | None = None
) -> list[LegalDocument]:
    from assistant.legal import apply_relations, parse
    from assistant.loaders import LoadError, iter_documents

    docs: list[LegalDocument] = []
    first_with: dict[str, str] = {}  # text checksum → the file that brought it first
    for item in iter_documents([Path(p) for p in paths], settings=settings):
        if isinstance(item, LoadError):
            report.skipped.append((item.path, item.reason))
            if strict:
                raise IngestError(str(item))
            continue
        if item.checksum in first_with:  # the same text twice (a copy under another name): indexed once
            report.skipped.append((item.source_path, f"trùng nội dung với {first_with[item.checksum]} (bản sao, "
                                                     "không nạp lần nữa)"))
            continue
        first_with[item.checksum] = item.source_path
        try:
            doc = parse(item)
        except Exception as e:  # a parser bug on one file must not sink the batch
            reason = f"không phân tích được cấu trúc: {type(e).__name__}: {e}"
            report.skipped.append((item.source_path, reason))
            if strict:
                raise IngestError(f"{item.source_path}: {reason}") from e
            continue
        if not doc.articles:
            reason = "không tìm thấy nội dung (không có Điều/mục nào)"
            report.skipped.append((item.source_path, reason))
            if strict:
                raise IngestError(f"{item.source_path}: {reason}")
            continue
        report.loaded.append(item.source_path)
        report.warnings.extend(f"{item.source_path}: {w}" for w in item.warnings)
        injected = instruction_sentences(item.text)
        if injected:
            report.warnings.append(
                f"{item.source_path}: có câu dạng lệnh cho trợ lý/mô hình AI, không phải nội dung văn bản (có thể bị "
                f"chèn lệnh): “{_clip(injected[0])}”" + (f" và {len(injected) - 1} câu khác" if len(injected) > 1 else "")
                + " — câu này không được lập chỉ mục và không được trích dẫn; nên kiểm tra lại tệp gốc")
        docs.append(doc)
    dups = {i for i, n in Counter(d.doc_id for d in docs).items() if n > 1}
    if dups:
        raise IngestError(f"Trùng mã văn bản trong lô nạp: {sorted(dups)}")
    return apply_relations(docs)


def ingest(
    paths: list[Path],
    collection: str,
    *,
    strict: bool = False,
    dense: bool = True,
    reuse: bool = True,
    add: bool = False,
    progress: ProgressFn | None = None,
    settings: Settings | None = None,
    model: str | None = None,
) -> IngestReport:
    """Build (or reuse) the index of ``collection`` from ``paths``.

    ``add=True`` keeps the collection's previous sources and ingests them together with ``paths``.
    ``reuse=True`` returns at once when the sources are unchanged (same fingerprint) and the index is complete.
    """
    from assistant.chunking import chunk

    settings = settings or get_settings()
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise IngestError(f"{p}: không tồn tại")
    report = IngestReport(collection=collection)
    try:
        prev = read_manifest(collection, settings)
    except ValueError as e:  # a damaged manifest.json: the collection is rebuilt from ``paths`` (not with --add)
        if add:
            raise IngestError(f"manifest.json của bộ sưu tập '{collection}' bị hỏng ({e}), nên không biết các nguồn "
                              "đã nạp trước để thêm vào; hãy nạp lại toàn bộ nguồn (bỏ --add).") from e
        prev = None
        report.warnings.append(f"manifest.json của bộ sưu tập '{collection}' bị hỏng ({e}); chỉ mục được dựng lại "
                               "từ các nguồn lần này")
    if add and prev:
        known = [Path(s) for s in prev.get("sources", [])]
        paths = list(dict.fromkeys([*(s for s in known if s.exists()), *(p.resolve() for p in paths)]))
    fp = source_fingerprint(paths)
    model_id = _model_id(model or settings.model, settings)
    if (
        reuse
        and prev
        and prev.get("source_fingerprint") == fp
        and (prev.get("dense_ready") or not dense)
        and (not dense or prev.get("model_id") == model_id)
    ):
        report.reused = True
        report.n_chunks = prev.get("n_chunks", 0)
        report.n_documents = prev.get("n_documents", 0)
        report.dense_ready = bool(prev.get("dense_ready"))
        return report

    t0 = time.perf_counter()
    docs = build_documents(paths, report, strict=strict, settings=settings)
    report.timings["load_parse_s"] = time.perf_counter() - t0
    if not docs:
        from assistant.loaders import SUPPORTED_SUFFIXES

        why = ("; ".join(f"{p}: {r}" for p, r in report.skipped[:5]) if report.skipped else
               "không có tệp văn bản nào trong " + ", ".join(str(p) for p in paths)
               + f" (định dạng hỗ trợ: {' '.join(sorted(SUPPORTED_SUFFIXES))})")
        raise IngestError("Không nạp được văn bản nào; chỉ mục cũ (nếu có) vẫn được giữ nguyên. " + why)
    t0 = time.perf_counter()
    chunks: list[Chunk] = [c for d in docs for c in chunk(d, collection=collection)]
    report.timings["chunk_s"] = time.perf_counter() - t0
    report.n_documents, report.n_chunks = len(docs), len(chunks)

    t0 = time.perf_counter()
    passages = [strip_instructions(c.passage()) for c in chunks]  # documents are data: injected orders not indexed
    tokens = tokenize_passages(passages, TokenCache(settings.cache_dir / "tokens.sqlite"), progress)
    report.timings["keyword_tokens_s"] = time.perf_counter() - t0
    extra = {
        "source_fingerprint": fp,
        "sources": [str(p.resolve()) for p in paths],
        "skipped": report.skipped,
        "doc_checksums": {d.doc_id: d.checksum for d in docs},
        "embed_subchunks": settings.embed_subchunks,
        "ingest_timings_s": report.timings,  # the same dict: the dense write records embedding time too
    }
    t0 = time.perf_counter()
    marks = diacritic_model_for(chunks)  # syllable counts for questions typed without marks: once for both versions
    listed = [x for d in docs for x in d.listed_only]  # Pháp điển articles listed by title, no text held
    write_version(collection, chunks, tokens, vectors=None, model_id=None, extra=extra, settings=settings,
                  diacritics=marks, listed=listed)
    report.timings["keyword_write_s"] = time.perf_counter() - t0
    if not dense:
        return report

    from assistant.embeddings import VectorCache, embed_passages_cached, get_embedder

    t0 = time.perf_counter()
    embedder = get_embedder(
        model or settings.model, backend=settings.embed_backend, max_seq_length=settings.embed_max_seq_length
    )
    report.timings["model_load_s"] = time.perf_counter() - t0
    cache = VectorCache(settings.cache_dir / f"vectors-{_safe(embedder.model_id)}.sqlite")
    t0 = time.perf_counter()
    counter = _CountingProgress(progress)
    if settings.embed_subchunks:
        vectors = embed_passages_cached(embedder, passages, cache, progress=counter)
    else:
        vectors = _embed_articles_only(chunks, passages, embedder, cache, counter)
    report.timings["embed_s"] = time.perf_counter() - t0
    report.n_embedded = counter.total_missing
    t0 = time.perf_counter()
    write_version(
        collection, chunks, tokens, vectors=vectors, model_id=embedder.model_id, extra=extra, settings=settings,
        diacritics=marks, listed=listed,
    )
    report.timings["dense_write_s"] = time.perf_counter() - t0
    report.dense_ready = True
    return report


def _embed_articles_only(chunks, passages, embedder, cache, progress):
    """Embed article-level chunks only; each Khoản sub-chunk shares its article's vector."""
    from assistant.embeddings import embed_passages_cached

    own = [i for i, c in enumerate(chunks) if c.clause is None]
    vecs = embed_passages_cached(embedder, [passages[i] for i in own], cache, progress=progress)
    row = {chunks[i].id: r for r, i in enumerate(own)}
    out = np.empty((len(chunks), vecs.shape[1]), dtype=np.float32)
    for i, c in enumerate(chunks):
        r = row.get(c.id) if c.clause is None else row.get(c.id.rsplit("/k", 1)[0])
        out[i] = vecs[r] if r is not None else vecs.mean(axis=0)
    return out


class _CountingProgress:
    """Relays embedding progress; remembers how many passages had to be embedded (cache misses)."""

    def __init__(self, progress: ProgressFn | None):
        self.progress = progress
        self.first_done: int | None = None
        self.total_missing = 0

    def __call__(self, done: int, total: int) -> None:
        if self.first_done is None:
            self.first_done = done  # the first call reports cache hits as already done
        self.total_missing = total - self.first_done
        if self.progress:
            self.progress("embed", done, total)


def _model_id(model: str | None, settings: Settings) -> str | None:
    from assistant.embeddings import resolve_model_id

    return resolve_model_id(model, backend=settings.embed_backend, settings=settings)


def _safe(s: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in s)[-80:]
