"""FastAPI application: question answering (JSON and SSE), search, document list, feedback, widget.

Endpoints
---------
``GET  /health``                 status, collections found under ``Settings().indexes_dir`` with manifest counts
``POST /api/ask``                ``{question, collection?, conversation_id?, as_of?, llm?}`` → ``Answer`` JSON + ``conversation_id``
``GET|POST /api/ask/stream``     same input (query string for GET) → ``text/event-stream`` relaying
                                 ``assistant.answering.astream`` events (``conversation`` first, ``error`` on failure)
``GET  /api/search``             ``?q=&collection=&k=&as_of=`` → hits
``GET  /api/documents``          ``?collection=`` → documents of a collection (grouped from the chunk store)
``POST /api/feedback``           ``{conversation_id, question, answer_text, rating: 1|-1, comment?}`` → appended to
                                 ``Settings().cache_dir / "feedback.jsonl"``
``GET  /widget.js``, ``GET /demo``  the embeddable widget and a demo host page

What it does not do: no authentication and no rate limiting (put it behind the ministry's reverse proxy);
conversation history is kept in process memory only (lost on restart, not shared between workers).

The pipeline is reached through a :class:`Backend` object stored on ``app.state.backend`` so tests (and other
deployments) can swap in a fake; :class:`AssistantBackend` is the real one and imports the pipeline lazily, so
importing this module is cheap and does not load indexes or models.

CORS: allowed origins come from the env var ``ASSISTANT_CORS_ORIGINS`` (comma separated, default ``*``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Literal, Protocol

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sse_starlette import EventSourceResponse

from assistant.config import Settings
from assistant.records import Answer, Chunk, Hit

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_QUESTION_CHARS = 2000
MAX_COMMENT_CHARS = 2000
MAX_ANSWER_TEXT_CHARS = 20000
MAX_HISTORY_TURNS = 6
MAX_CONVERSATIONS = 2000
CONVERSATION_TTL_S = 4 * 3600
COLLECTION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
CONVERSATION_ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


# --------------------------------------------------------------------------- backend


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
        """Open the retriever (index, embedding model) ahead of the first question."""
        if collection in self.collections():
            self.retriever(collection)

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


# --------------------------------------------------------------------------- conversations


class ConversationStore:
    """In-memory, bounded (LRU + TTL) map conversation_id → last turns (question, answer_text)."""

    def __init__(self, max_conversations: int = MAX_CONVERSATIONS, ttl_s: float = CONVERSATION_TTL_S,
                 max_turns: int = MAX_HISTORY_TURNS) -> None:
        self._data: OrderedDict[str, tuple[float, list[tuple[str, str]]]] = OrderedDict()
        self._lock = threading.Lock()
        self.max_conversations = max_conversations
        self.ttl_s = ttl_s
        self.max_turns = max_turns

    def history(self, conversation_id: str) -> list[tuple[str, str]]:
        with self._lock:
            item = self._data.get(conversation_id)
            if item is None or time.monotonic() - item[0] > self.ttl_s:
                self._data.pop(conversation_id, None)
                return []
            return list(item[1])

    def add(self, conversation_id: str, question: str, answer_text: str) -> None:
        with self._lock:
            _, turns = self._data.pop(conversation_id, (0.0, []))
            turns = (turns + [(question, answer_text)])[-self.max_turns:]
            self._data[conversation_id] = (time.monotonic(), turns)
            while len(self._data) > self.max_conversations:
                self._data.popitem(last=False)


# --------------------------------------------------------------------------- request models


def _clean_question(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("Câu hỏi không được để trống.")
    if len(value) > MAX_QUESTION_CHARS:
        raise ValueError(f"Câu hỏi quá dài (tối đa {MAX_QUESTION_CHARS} ký tự).")
    return value


def _check_conversation_id(v: str | None) -> str | None:
    if v is not None and v != "" and not CONVERSATION_ID_RE.match(v):
        raise ValueError("Mã hội thoại không hợp lệ.")
    return v or None


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    collection: str | None = None
    conversation_id: str | None = None
    as_of: date | None = None
    llm: bool = False

    @field_validator("question")
    @classmethod
    def _question(cls, v: str) -> str:
        return _clean_question(v)

    _conv = field_validator("conversation_id")(classmethod(lambda cls, v: _check_conversation_id(v)))


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_id: str | None = None
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    answer_text: str = Field(default="", max_length=MAX_ANSWER_TEXT_CHARS)
    rating: Literal[1, -1]
    comment: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)
    collection: str | None = None

    _conv = field_validator("conversation_id")(classmethod(lambda cls, v: _check_conversation_id(v)))

    @field_validator("question")
    @classmethod
    def _question(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("Câu hỏi không được để trống.")
        return v.strip()


# --------------------------------------------------------------------------- helpers


def _cors_origins() -> list[str]:
    raw = os.environ.get("ASSISTANT_CORS_ORIGINS", "*")
    origins = [o.strip().rstrip("/") for o in raw.split(",") if o.strip()]
    return origins or ["*"]


def get_backend(request: Request) -> Backend:
    return request.app.state.backend


def _resolve_collection(request: Request, collection: str | None) -> str:
    return _resolve_collection_info(request, collection)[0]


def _resolve_collection_info(request: Request, collection: str | None) -> tuple[str, dict[str, Any]]:
    name = (collection or "").strip() or request.app.state.default_collection
    if not COLLECTION_RE.match(name):
        raise HTTPException(404, detail=f"Không tìm thấy bộ văn bản “{name}”.")
    available = request.app.state.backend.collections()
    if name not in available:
        listing = ", ".join(sorted(available)) or "(chưa có bộ văn bản nào được lập chỉ mục)"
        raise HTTPException(404, detail=f"Không tìm thấy bộ văn bản “{name}”. Các bộ văn bản hiện có: {listing}.")
    return name, available[name]


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return jsonable_encoder(value)


def _append_jsonl(path: Path, record: dict[str, Any], lock: threading.Lock) -> None:
    """Append one JSON line with a single O_APPEND write (atomic for a line this size), flock'd across processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    with lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            try:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - non-POSIX
                pass
            written = os.write(fd, line)
            if written != len(line):  # pragma: no cover - disk full etc.
                raise OSError("ghi phản hồi không trọn vẹn")
            os.fsync(fd)
        finally:
            os.close(fd)


def _group_documents(chunks: Iterable[Chunk], today: date) -> list[dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for ch in chunks:
        d = docs.get(ch.doc_id)
        if d is None:
            d = docs[ch.doc_id] = {
                "doc_id": ch.doc_id,
                "title": ch.doc_title,
                "doc_type": ch.doc_type,
                "number": ch.doc_number,
                "issuer": ch.issuer,
                "issued_on": ch.issued_on.isoformat() if ch.issued_on else None,
                "source_path": ch.source_path,
                "_articles": set(),
                "chunks": 0,
                "_from": [],
                "_to": [],
                "_in_force": [],
                "_notes": [],
            }
        d["chunks"] += 1
        d["_articles"].add(ch.article_id)
        v = ch.validity
        if v.effective_from:
            d["_from"].append(v.effective_from)
        if v.effective_to:
            d["_to"].append(v.effective_to)
        d["_in_force"].append(v.in_force(today))
        for note in v.notes:
            if note not in d["_notes"] and len(d["_notes"]) < 5:
                d["_notes"].append(note)
    out = []
    for d in docs.values():
        in_force = d.pop("_in_force")
        froms, tos = d.pop("_from"), d.pop("_to")
        d["articles"] = len(d.pop("_articles"))
        d["validity"] = {
            "effective_from": min(froms).isoformat() if froms else None,
            # the document is over only when every provision has an end date
            "effective_to": max(tos).isoformat() if tos and len(tos) == d["chunks"] else None,
            "in_force": any(in_force),
            "provisions_in_force": sum(in_force),
            "status": "Còn hiệu lực" if any(in_force) else "Hết hiệu lực",
            "notes": d.pop("_notes"),
        }
        out.append(d)
    out.sort(key=lambda d: (d["doc_type"] or "", d["title"] or "", d["doc_id"]))
    return out


_VALIDATION_MESSAGES = {
    "question": "Câu hỏi không hợp lệ",
    "q": "Câu hỏi tìm kiếm không hợp lệ",
    "rating": "Đánh giá phải là 1 (hữu ích) hoặc -1 (chưa hữu ích)",
    "as_of": "Ngày áp dụng không hợp lệ (định dạng YYYY-MM-DD)",
    "k": "Số kết quả không hợp lệ (từ 1 đến 50)",
    "conversation_id": "Mã hội thoại không hợp lệ",
}


# --------------------------------------------------------------------------- app factory


def create_app(
    collection: str | None = None,
    *,
    backend: Backend | None = None,
    settings: Settings | None = None,
    cors_origins: list[str] | None = None,
    warm_up: bool = False,
) -> FastAPI:
    """Build the app. ``collection`` is the default collection (else ``Settings().default_collection``).

    ``backend``: the pipeline (default :class:`AssistantBackend`); ``cors_origins``: overrides
    ``ASSISTANT_CORS_ORIGINS``; ``warm_up``: at server start, open the default collection's retriever in a
    background thread so the first question is not slowed by loading the index and the embedding model.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warm = getattr(app.state.backend, "warm_up", None)
        if warm_up and callable(warm):
            def _run() -> None:
                try:
                    warm(app.state.default_collection)
                except Exception as exc:  # the app still serves; /health shows what is missing
                    log.warning("warm-up of %s failed: %s", app.state.default_collection, exc)

            threading.Thread(target=_run, name="assistant-warm-up", daemon=True).start()
        yield

    app = FastAPI(
        title="Trợ lý pháp luật — API",
        description="Hỏi đáp có trích dẫn trên văn bản quy phạm pháp luật; tìm kiếm; danh mục văn bản; phản hồi.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.backend = backend if backend is not None else AssistantBackend(settings)
    app.state.default_collection = collection or settings.default_collection
    app.state.conversations = ConversationStore()
    app.state.feedback_path = Path(settings.cache_dir) / "feedback.jsonl"
    app.state.feedback_lock = threading.Lock()
    app.state.documents_cache = {}

    origins = cors_origins if cors_origins is not None else _cors_origins()
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_credentials=False,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Accept", "Last-Event-ID"],
        max_age=600,
    )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = jsonable_encoder(exc.errors(), custom_encoder={Exception: str})
        message = "Yêu cầu không hợp lệ."
        for err in exc.errors():
            loc = [str(x) for x in err.get("loc", ())]
            field = loc[-1] if loc else ""
            msg = str(err.get("msg", ""))
            if msg.startswith("Value error, "):
                message = msg.removeprefix("Value error, ")
                break
            if field == "question" and err.get("type") in ("missing", "string_too_short"):
                message = "Câu hỏi không được để trống."
                break
            if field in _VALIDATION_MESSAGES:
                message = _VALIDATION_MESSAGES[field] + "."
                break
        return JSONResponse(status_code=422, content={"detail": errors, "message": message})

    # ---------------------------------------------------------------- health

    @app.get("/health")
    def health(backend: Backend = Depends(get_backend)) -> dict[str, Any]:
        try:
            cols = backend.collections()
        except Exception as exc:
            log.exception("health: listing collections failed")
            return {"status": "error", "message": f"Không đọc được thư mục chỉ mục: {exc}", "collections": {}}
        default = app.state.default_collection
        status = "ok" if default in cols and not cols[default].get("error") else "degraded"
        return {
            "status": status,
            "default_collection": default,
            "collections": cols,
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }

    # ---------------------------------------------------------------- ask

    def _prepare(request: Request, req: AskRequest) -> tuple[str, str, list[tuple[str, str]]]:
        name = _resolve_collection(request, req.collection)
        conv_id = req.conversation_id or uuid.uuid4().hex
        history = app.state.conversations.history(conv_id)
        return name, conv_id, history

    @app.post("/api/ask")
    def ask(req: AskRequest, request: Request, backend: Backend = Depends(get_backend)) -> JSONResponse:
        name, conv_id, history = _prepare(request, req)
        try:
            ans = backend.answer(req.question, collection=name, history=history or None, as_of=req.as_of, llm=req.llm)
        except Exception:
            log.exception("answer failed")
            raise HTTPException(503, detail="Hệ thống tạm thời không trả lời được câu hỏi. Vui lòng thử lại sau.")
        app.state.conversations.add(conv_id, req.question, ans.text)
        body = ans.model_dump(mode="json")
        body["conversation_id"] = conv_id
        body["collection"] = name
        return JSONResponse(body)

    async def _events(req: AskRequest, name: str, conv_id: str, history: list[tuple[str, str]],
                      backend: Backend) -> AsyncIterator[dict[str, Any]]:
        yield {"event": "conversation", "data": json.dumps({"conversation_id": conv_id, "collection": name})}
        parts: list[str] = []
        final_text: str | None = None
        try:
            async for ev in backend.astream(req.question, collection=name, history=history or None,
                                            as_of=req.as_of, llm=req.llm):
                kind = str(ev.get("event") or "message")
                data = _dump(ev.get("data"))
                if kind in ("token", "sentence"):
                    parts.append(data if isinstance(data, str) else str((data or {}).get("text", "")))
                if kind == "done":
                    if isinstance(data, dict):
                        final_text = data.get("text") if isinstance(data.get("text"), str) else final_text
                        data = {**data, "conversation_id": conv_id}
                    elif data is None:
                        data = {"conversation_id": conv_id}
                yield {"event": kind, "data": json.dumps(data, ensure_ascii=False)}
        except Exception:
            log.exception("astream failed")
            yield {"event": "error", "data": json.dumps(
                {"message": "Hệ thống tạm thời không trả lời được câu hỏi. Vui lòng thử lại sau."},
                ensure_ascii=False)}
            return
        app.state.conversations.add(conv_id, req.question, final_text if final_text is not None else "".join(parts))

    def _stream(request: Request, req: AskRequest, backend: Backend) -> EventSourceResponse:
        name, conv_id, history = _prepare(request, req)
        return EventSourceResponse(
            _events(req, name, conv_id, history, backend),
            ping=15,
            sep="\n",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @app.post("/api/ask/stream")
    def ask_stream_post(req: AskRequest, request: Request, backend: Backend = Depends(get_backend)) -> EventSourceResponse:
        return _stream(request, req, backend)

    @app.get("/api/ask/stream")
    def ask_stream_get(
        request: Request,
        question: str = Query(...),
        collection: str | None = None,
        conversation_id: str | None = None,
        as_of: date | None = None,
        llm: bool = False,
        backend: Backend = Depends(get_backend),
    ) -> EventSourceResponse:
        try:
            req = AskRequest(question=question, collection=collection, conversation_id=conversation_id,
                             as_of=as_of, llm=llm)
        except Exception as exc:  # pydantic ValidationError → same 422 shape as the POST route
            from pydantic import ValidationError

            if isinstance(exc, ValidationError):
                raise RequestValidationError(
                    [{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]
                ) from exc
            raise
        return _stream(request, req, backend)

    # ---------------------------------------------------------------- search / documents

    @app.get("/api/search")
    def search(
        request: Request,
        q: str = Query(..., max_length=MAX_QUESTION_CHARS),
        collection: str | None = None,
        k: int = Query(10, ge=1, le=50),
        as_of: date | None = None,
        backend: Backend = Depends(get_backend),
    ) -> dict[str, Any]:
        query = q.strip()
        if not query:
            raise RequestValidationError([{"loc": ("query", "q"), "msg": "Value error, Câu hỏi tìm kiếm không được để trống.",
                                           "type": "value_error", "input": q}])
        name = _resolve_collection(request, collection)
        try:
            hits = backend.search(query, collection=name, k=k, as_of=as_of)
        except Exception:
            log.exception("search failed")
            raise HTTPException(503, detail="Hệ thống tìm kiếm tạm thời không hoạt động. Vui lòng thử lại sau.")
        return {
            "query": query,
            "collection": name,
            "as_of": as_of.isoformat() if as_of else None,
            "hits": [h.model_dump(mode="json") for h in hits],
        }

    @app.get("/api/documents")
    def documents(request: Request, collection: str | None = None,
                  backend: Backend = Depends(get_backend)) -> dict[str, Any]:
        name, info = _resolve_collection_info(request, collection)
        today = date.today()
        cache = app.state.documents_cache
        key = (name, today, info.get("version"))
        if key not in cache:
            try:
                cache[key] = _group_documents(backend.chunks(name), today)
            except Exception:
                log.exception("documents failed")
                raise HTTPException(503, detail="Không đọc được danh mục văn bản. Vui lòng thử lại sau.")
            for old_key in [k for k in cache if k[0] == name and k != key]:
                del cache[old_key]
        docs = cache[key]
        return {"collection": name, "count": len(docs), "documents": docs}

    # ---------------------------------------------------------------- feedback

    @app.post("/api/feedback", status_code=201)
    def feedback(fb: FeedbackRequest, request: Request) -> dict[str, Any]:
        record = {
            "id": uuid.uuid4().hex,
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            **fb.model_dump(),
            "user_agent": request.headers.get("user-agent", "")[:300],
            "origin": request.headers.get("origin", "")[:300],
        }
        try:
            _append_jsonl(app.state.feedback_path, record, app.state.feedback_lock)
        except OSError:
            log.exception("feedback write failed")
            raise HTTPException(503, detail="Không lưu được phản hồi. Vui lòng thử lại sau.")
        return {"ok": True, "id": record["id"], "message": "Cảm ơn anh/chị đã góp ý."}

    # ---------------------------------------------------------------- static

    @app.get("/widget.js", include_in_schema=False)
    def widget_js() -> FileResponse:
        return FileResponse(STATIC_DIR / "widget.js", media_type="text/javascript; charset=utf-8",
                            headers={"Cache-Control": "public, max-age=300",
                                     "Cross-Origin-Resource-Policy": "cross-origin"})

    @app.get("/demo", include_in_schema=False)
    def demo() -> FileResponse:
        return FileResponse(
            STATIC_DIR / "demo.html", media_type="text/html; charset=utf-8",
            headers={
                # The widget needs no inline script; it styles its Shadow DOM with a <style> element.
                "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                           "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                                           "base-uri 'none'; frame-ancestors 'self'",
                "X-Content-Type-Options": "nosniff",
            },
        )

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/demo")

    return app


app = create_app(warm_up=True)
