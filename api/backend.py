"""The pipeline as the web API sees it: the :class:`Backend` protocol and the real :class:`AssistantBackend`.

What it does: lists collections from their manifests (cheap), opens one ``HybridRetriever`` per collection on
first use (reopened when ``indexes/<collection>`` points to a new version), and answers, streams, searches and
looks provisions up through it. What it does not: HTTP, access control, or ingest (see ``api.jobs``).
Tests swap in a fake object with the same methods.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from assistant.config import Settings
from assistant.records import Answer, Chunk, Hit

COLLECTION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class Backend(Protocol):
    """What the API needs from the pipeline. Tests provide a fake with the same methods."""

    def collections(self) -> dict[str, dict[str, Any]]:
        """name → {"manifest": {...scalar counts...}, "dense_ready": bool, ...}. Must be cheap-ish."""

    def answer(
        self, question: str, *, collection: str, history: list[tuple[str, str]] | None,
        as_of: date | None, llm: bool,
    ) -> Answer: ...

    def astream(
        self, question: str, *, collection: str, history: list[tuple[str, str]] | None,
        as_of: date | None, llm: bool,
    ) -> AsyncIterator[dict[str, Any]]: ...

    def search(self, query: str, *, collection: str, k: int, as_of: date | None) -> list[Hit]: ...

    def chunks(self, collection: str) -> list[Chunk]: ...

    def provision(self, collection: str, chunk_id: str) -> Chunk | None:
        """The chunk ``chunk_id`` of ``collection`` (dict lookup), or None."""

    def superseded_note(self, collection: str, chunk: Chunk, on: date) -> str | None:
        """Why ``chunk``'s document is probably no longer in force on ``on`` (a later law of the same name that the
        collection names), in Vietnamese, or None."""


def _scalar_items(d: dict[str, Any]) -> dict[str, Any]:
    """The summary part of a manifest: scalar entries and small scalar dicts (no checksums/fingerprints)."""
    out: dict[str, Any] = {}
    for key, value in d.items():
        if "checksum" in key or "fingerprint" in key:
            continue
        if isinstance(value, (int, float, str, bool)) or value is None:
            out[key] = value
        elif isinstance(value, dict) and len(value) <= 20 and all(
            isinstance(v, (int, float, str, bool)) or v is None for v in value.values()
        ):
            out[key] = value
    return out


class AssistantBackend:
    """The real pipeline: ``assistant.retrieval`` + ``assistant.answering`` over ``indexes/<collection>``.

    ``collections()`` reads only ``manifest.json`` files (cheap; no index is loaded for /health). One
    ``HybridRetriever`` per collection is opened on first use, shared by answering, search and the document list,
    and reopened when ``indexes/<collection>`` points to a new version (re-ingest swaps the symlink).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._retrievers: dict[str, tuple[Path, Any]] = {}
        self._by_id: dict[str, tuple[Any, dict[str, Chunk]]] = {}  # collection → (retriever, chunk id → chunk)

    def collections(self) -> dict[str, dict[str, Any]]:
        root = Path(self.settings.indexes_dir)
        found: dict[str, dict[str, Any]] = {}
        if not root.is_dir():
            return found
        for sub in sorted(root.iterdir()):
            if not COLLECTION_RE.match(sub.name) or not (sub / "manifest.json").is_file():
                continue
            info: dict[str, Any] = {"manifest": {}, "dense_ready": False}
            try:
                manifest = json.loads((sub / "manifest.json").read_text("utf-8"))
                info["manifest"] = _scalar_items(manifest)
                info["dense_ready"] = bool(manifest.get("dense_ready")) and (sub / "dense.faiss").is_file()
                info["version"] = sub.resolve().name
            except (OSError, ValueError) as exc:
                info["error"] = f"manifest.json không đọc được: {exc}"
            found[sub.name] = info
        return found

    def retriever(self, collection: str) -> Any:
        target = (Path(self.settings.indexes_dir) / collection).resolve()
        with self._lock:
            cached = self._retrievers.get(collection)
            if cached is None or cached[0] != target:
                from assistant.retrieval import HybridRetriever

                self._retrievers[collection] = (target, HybridRetriever.open(collection, settings=self.settings))
            return self._retrievers[collection][1]

    def warm_up(self, collection: str) -> None:
        """Open the retriever (index, embedding model, syllable counts for questions typed without marks) and build
        the answer pipeline's tables over the collection (``answering.warm_up``) ahead of the first question."""
        if collection in self.collections():
            from assistant import answering

            retriever = self.retriever(collection)
            index = getattr(retriever, "index", None)
            if hasattr(index, "diacritic_model"):
                index.diacritic_model()
            answering.warm_up(retriever)

    def answer(self, question, *, collection, history, as_of, llm):  # type: ignore[no-untyped-def]
        from assistant import answering

        return answering.answer(question, collection=collection, history=history, as_of=as_of, llm=llm,
                                retriever=self.retriever(collection))

    async def astream(self, question, *, collection, history, as_of, llm):  # type: ignore[no-untyped-def]
        import asyncio

        from assistant import answering

        retriever = await asyncio.to_thread(self.retriever, collection)
        async for event in answering.astream(question, collection=collection, history=history, as_of=as_of,
                                             llm=llm, retriever=retriever):
            yield event

    def search(self, query, *, collection, k, as_of):  # type: ignore[no-untyped-def]
        return self.retriever(collection).search(query, k=k, as_of=as_of)

    def chunks(self, collection):  # type: ignore[no-untyped-def]
        return list(self.retriever(collection).chunks)

    def provision(self, collection: str, chunk_id: str) -> Chunk | None:
        retriever = self.retriever(collection)
        with self._lock:
            cached = self._by_id.get(collection)
            if cached is None or cached[0] is not retriever:
                cached = self._by_id[collection] = (retriever, {c.id: c for c in retriever.chunks})
        return cached[1].get(chunk_id)

    def superseded_note(self, collection: str, chunk: Chunk, on: date) -> str | None:
        from assistant import answering

        hint = answering.superseded_hint(self.retriever(collection), chunk, on)
        return hint.note() if hint is not None else None

    def refresh(self, collection: str) -> None:
        """Forget the open retriever of ``collection`` (after an ingest); the next request reopens it."""
        with self._lock:
            self._retrievers.pop(collection, None)
            self._by_id.pop(collection, None)
