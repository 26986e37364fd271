"""FastAPI application: the web API under ``/api/v1`` and the embeddable widget.

Routes (OpenAPI at ``/docs`` and ``/openapi.json``)
--------------------------------------------------
``GET  /api/v1/health``                    status; collections the caller may see (``/health`` is an alias)
``GET  /api/v1/collections``               collections the caller's key may see, with counts
``POST /api/v1/ask``                       ``{question, collection?, conversation_id?, as_of?, llm?}`` → ``Answer``
                                           JSON + ``conversation_id`` + ``collection`` (``verdict``: the decided
                                           Đúng/Sai or option letter, else null)
``GET|POST /api/v1/ask/stream``            same input (query string for GET) → ``text/event-stream``: ``conversation``,
                                           ``token``/``sentence``…, ``refusal``, ``citation``…, ``conflict``…, ``done``
                                           (or ``error``); every ``data`` is JSON
``GET  /api/v1/provisions/{chunk_id}``     ``?collection=&as_of=`` → full text, heading path, source, validity badge
``GET  /api/v1/search``                    ``?q=&collection=&k=&as_of=`` → ranked hits
``GET  /api/v1/documents``                 ``?collection=`` → the collection's documents with validity summaries
``POST /api/v1/feedback``                  thumbs up/down + comment + citations → SQLite (``api.feedback``)
``POST /api/v1/documents``                 admin: multipart ``collection`` + ``files`` → 202 background ingest job
``GET  /api/v1/documents/jobs/{job_id}``   admin: the job's status
``GET  /metrics``                          Prometheus text
``GET  /widget.js``, ``GET /``             the widget and the demo page (``/demo`` redirects to ``/``)

Access (``api.access``): with ``ASSISTANT_API_KEYS_FILE`` set, every ``/api/v1`` route except health needs a key
(``X-API-Key`` or ``Authorization: Bearer``); a key sees only its collections on every route that returns
chunks, and needs the route's scope (``ask``, ``feedback``, ``admin``). Without a keys file the API runs in
open mode (a warning is logged at startup): anonymous callers may ask and give feedback on every collection,
admin routes answer 403. ``/metrics`` is public in open mode and needs a key with the ``metrics`` or ``admin``
scope otherwise (Prometheus: ``authorization: {credentials: <key>}`` in the scrape config).

Limits: JSON bodies ``Settings().max_body_bytes`` (64 KB), uploads ``max_upload_bytes`` → 413; questions 2000
characters → 422; per-key token bucket (``rate_per_minute``; anonymous callers per client IP) → 429 with
``Retry-After``. Errors are JSON ``{"message": "<Vietnamese>", "detail": …}`` (``api.errors``); an unexpected
exception gives 500 without a stack trace.

State shared by worker processes: conversations, rate-limit buckets and upload-job status live in one SQLite
file (``Settings().state_db``, :mod:`api.state`), so ``uvicorn api.app:app --workers N`` (or ``assistant serve
--workers N``) behaves like one process. If that file cannot be used, questions are answered without history
and requests are not rate-limited (logged) rather than refused. Prometheus counters stay per process (each
scrape sees one worker).

What it does not do: share that state between machines, or trust ``X-Forwarded-For`` (behind a proxy every
anonymous caller shares the proxy's bucket).

The pipeline is reached through a :class:`~api.backend.Backend` on ``app.state.backend``, so tests swap in a
fake; :class:`~api.backend.AssistantBackend` imports the pipeline lazily (importing this module is cheap).
"""

from __future__ import annotations

import html
import json
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, Security, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from pydantic import BaseModel, ValidationError
from sse_starlette import EventSourceResponse

from assistant.index import IndexNotFound
from assistant.llm_errors import LLMUnavailable
from api.access import AuthError, Forbidden, KeyStore, Principal, RateLimited, RateLimiter
from api.backend import COLLECTION_RE, AssistantBackend, Backend
from api.catalog import collection_info, group_documents
from api.conversations import ConversationStore
from api.docs_page import render_docs
from api.errors import BodyLimitMiddleware, install_error_handlers
from api.feedback import FeedbackRow, FeedbackStore, now_iso
from api.jobs import IngestJobs, IngestFn, UploadRejected, ValidateFn, allowed_suffixes, safe_filename
from api.metrics import Metrics, MetricsMiddleware
from api.provisions import provision_view
from api.schemas import (
    MAX_QUESTION_CHARS,
    AskRequest,
    AskResponse,
    CollectionsResponse,
    DocumentsResponse,
    ErrorResponse,
    FeedbackRequest,
    FeedbackResponse,
    HealthResponse,
    JobAccepted,
    JobResponse,
    ProvisionResponse,
    SearchResponse,
)
from api.state import StateDB, state_db_path
from assistant.config import Settings

__all__ = ["create_app", "app", "ConversationStore", "Backend", "AssistantBackend"]

log = logging.getLogger(__name__)

API_VERSION = "1.0.0"
PREFIX = "/api/v1"
WIDGET_DIR = Path(__file__).resolve().parent / "widget"
DEMO_KEY_PLACEHOLDER = "__DEMO_API_KEY__"
UNAVAILABLE = "Hệ thống tạm thời không trả lời được câu hỏi. Vui lòng thử lại sau."


def index_damaged(name: str) -> str:
    """What a client is told when a collection's index cannot be opened: retrying will not help, an administrator
    must ingest it again (the path and the cause go to the server log only)."""
    return (f"Chỉ mục của bộ văn bản “{name}” bị hỏng hoặc chưa nạp xong nên chưa tra cứu được. Vui lòng báo quản trị "
            f"viên nạp lại bộ văn bản này (assistant ingest … --collection {name}).")
DEMO_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'")

SSE_EVENTS = ["conversation", "token", "sentence", "refusal", "citation", "conflict", "done", "error"]
SSE_EVENT_SCHEMA: dict[str, Any] = {  # one event of the stream (OpenAPI 3.2 ``itemSchema``)
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "enum": SSE_EVENTS},
        "data": {"type": "string", "contentMediaType": "application/json",
                 "description": "JSON: chuỗi (token/sentence) hoặc đối tượng (các sự kiện khác)"},
        "id": {"type": "string"},
        "retry": {"type": "integer"},
    },
}

_ERROR_TEXT = {
    400: "Yêu cầu không hợp lệ",
    401: "Thiếu hoặc sai khóa API",
    403: "Khóa API không có quyền (phạm vi hoặc bộ văn bản)",
    404: "Không tìm thấy",
    413: "Dữ liệu gửi lên quá lớn",
    422: "Dữ liệu không hợp lệ (thông báo tiếng Việt trong `message`)",
    429: "Quá nhiều yêu cầu (xem tiêu đề Retry-After)",
    500: "Lỗi hệ thống",
    503: "Hệ thống tạm thời không phục vụ được",
}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorResponse, "description": _ERROR_TEXT[c]} for c in codes}


def _cors_origins(settings: Settings) -> list[str]:
    origins = [o.strip().rstrip("/") for o in settings.cors_origins.split(",") if o.strip()]
    return origins or ["*"]


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# --------------------------------------------------------------------------- app factory


def create_app(
    collection: str | None = None,
    *,
    backend: Backend | None = None,
    settings: Settings | None = None,
    cors_origins: list[str] | None = None,
    warm_up: bool = False,
    keys: KeyStore | None = None,
    ingest_fn: IngestFn | None = None,
    validate_fn: ValidateFn | None = None,
) -> FastAPI:
    """Build the app. ``collection`` is the server's default collection (else ``Settings().default_collection``).

    ``backend``: the pipeline (default :class:`AssistantBackend`); ``cors_origins``: overrides
    ``Settings().cors_origins``; ``keys``: overrides the keys file (``Settings().api_keys_file``); ``ingest_fn`` /
    ``validate_fn``: replace the real ingest of uploads (tests); ``warm_up``: open the default collection's
    retriever in a background thread at startup.
    """
    settings = settings or Settings()
    if keys is None:
        kw = dict(default_rate=settings.default_rate_per_minute, anonymous_rate=settings.anonymous_rate_per_minute)
        keys = (KeyStore.load(settings.api_keys_file, **kw) if settings.api_keys_file
                else KeyStore(None, **kw))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not keys.configured:
            log.warning("API ĐANG CHẠY Ở CHẾ ĐỘ MỞ: chưa cấu hình ASSISTANT_API_KEYS_FILE — ai cũng hỏi được mọi bộ "
                        "văn bản; chức năng quản trị bị tắt. (Open mode: no API keys file configured.)")
        try:
            if app.state.jobs.recover():
                log.warning("upload jobs left unfinished by a stopped worker process were marked failed")
        except Exception:  # the state file is unreadable: requests that need it will fail and say so
            log.exception("could not check unfinished upload jobs in %s", state_db.path)
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
        description=(
            "Hỏi đáp có trích dẫn trên văn bản quy phạm pháp luật (JSON và SSE), tra cứu điều khoản, danh mục văn "
            "bản, phản hồi của cán bộ, nạp văn bản (quản trị).\n\nXác thực: tiêu đề `X-API-Key` hoặc "
            "`Authorization: Bearer <khóa>`. Mọi lỗi là JSON có trường `message` tiếng Việt."),
        version=API_VERSION,
        lifespan=lifespan,
        docs_url="/docs/swagger",  # /docs is our own page (api/docs_page.py): Swagger UI needs a CDN, offline it is blank
        openapi_tags=[
            {"name": "hỏi đáp", "description": "Câu hỏi, trả lời có trích dẫn, luồng SSE"},
            {"name": "tra cứu", "description": "Điều khoản, tìm kiếm, danh mục văn bản, bộ văn bản"},
            {"name": "phản hồi", "description": "Đánh giá câu trả lời của cán bộ"},
            {"name": "quản trị", "description": "Nạp văn bản (khóa có quyền admin)"},
            {"name": "hệ thống", "description": "Tình trạng và số liệu giám sát"},
        ],
    )
    metrics = Metrics()
    backend_obj: Backend = backend if backend is not None else AssistantBackend(settings)
    app.state.settings = settings
    app.state.backend = backend_obj
    app.state.default_collection = collection or settings.default_collection
    state_db = StateDB(state_db_path(settings))
    app.state.state_db = state_db
    app.state.conversations = ConversationStore(state_db)
    app.state.keys = keys
    app.state.limiter = RateLimiter(state_db)
    app.state.metrics = metrics
    app.state.feedback = FeedbackStore(settings.feedback_db or Path(settings.cache_dir) / "feedback.sqlite")
    app.state.documents_cache = {}

    def _refresh(name: str) -> None:
        refresh = getattr(app.state.backend, "refresh", None)
        if callable(refresh):
            refresh(name)
        for key in [k for k in app.state.documents_cache if k[0] == name]:
            app.state.documents_cache.pop(key, None)

    def _job_finished(status: str) -> None:
        metrics.ingest_jobs.labels(status=status).inc()
        metrics.ingest_running.dec()

    app.state.jobs = IngestJobs(settings, ingest_fn=ingest_fn, validate_fn=validate_fn, on_done=_refresh,
                                on_finish=_job_finished, db=state_db)

    upload_path = f"{PREFIX}/documents"
    app.add_middleware(BodyLimitMiddleware, limit_for=lambda path: (
        settings.max_upload_bytes if path.rstrip("/") == upload_path else settings.max_body_bytes))
    app.add_middleware(
        CORSMiddleware,
        allow_origins=cors_origins if cors_origins is not None else _cors_origins(settings),
        allow_credentials=False,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Accept", "Last-Event-ID", "X-API-Key", "Authorization"],
        expose_headers=["Retry-After"],
        max_age=600,
    )
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    if settings.debug_worker_header:  # which worker process answered (multi-worker tests and debugging only)
        pid = str(os.getpid())

        @app.middleware("http")
        async def worker_header(request: Request, call_next: Callable[[Request], Any]) -> Response:
            response = await call_next(request)
            response.headers["X-Worker-Pid"] = pid
            return response

    install_error_handlers(app)

    # ---------------------------------------------------------------- access

    key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKeyHeader",
                              description="Khóa API của đơn vị")
    bearer = HTTPBearer(auto_error=False, scheme_name="BearerKey", description="Khóa API dạng Bearer")

    def _presented_key(x_key: str | None, creds: HTTPAuthorizationCredentials | None) -> str | None:
        return x_key or (creds.credentials if creds else None)

    def _check_rate(bucket: str, rate_per_minute: int) -> None:
        """Take a token; if the state file cannot be used, let the request through (logged) rather than fail it."""
        try:
            app.state.limiter.check(bucket, rate_per_minute)
        except sqlite3.Error:
            log.exception("rate limiter unavailable (%s); request allowed", state_db.path)

    def _authorize(request: Request, key: str | None, scope: str, *, rate_limit: bool = True) -> Principal:
        try:
            principal = keys.authenticate(key)
        except AuthError:  # failed attempts count against the client IP's anonymous bucket (slows key guessing)
            try:
                _check_rate(f"ip:{_client_ip(request)}", keys.anonymous_rate)
            except RateLimited:
                metrics.rate_limited.labels(principal="unauthenticated").inc()
                raise
            raise
        if rate_limit:
            bucket = f"ip:{_client_ip(request)}" if principal.anonymous else f"key:{principal.name}"
            try:
                _check_rate(bucket, principal.rate_per_minute)
            except RateLimited:
                metrics.rate_limited.labels(principal=principal.name).inc()
                raise
        if not principal.has(scope):
            if scope == "admin" and not keys.configured:
                raise Forbidden("Chức năng quản trị cần khóa API có quyền admin, nhưng máy chủ chưa cấu hình tệp khóa "
                                "API (ASSISTANT_API_KEYS_FILE).")
            raise Forbidden(f"Khóa API “{principal.name}” không có quyền “{scope}”.")
        return principal

    def require(scope: str) -> Callable[..., Principal]:
        def dependency(request: Request, x_key: str | None = Security(key_header),
                       creds: HTTPAuthorizationCredentials | None = Security(bearer)) -> Principal:
            return _authorize(request, _presented_key(x_key, creds), scope)

        return dependency

    def metrics_access(request: Request, x_key: str | None = Security(key_header),
                       creds: HTTPAuthorizationCredentials | None = Security(bearer)) -> None:
        if not keys.configured:
            return
        principal = keys.authenticate(_presented_key(x_key, creds))
        if not (principal.has("metrics") or principal.has("admin")):
            raise Forbidden("Khóa API không có quyền xem số liệu giám sát (cần quyền “metrics” hoặc “admin”).")

    def optional_principal(request: Request, x_key: str | None = Security(key_header),
                           creds: HTTPAuthorizationCredentials | None = Security(bearer)) -> Principal | None:
        """Health: who is asking, if anyone valid (never 401)."""
        try:
            return keys.authenticate(_presented_key(x_key, creds))
        except Exception:
            return None

    def resolve(principal: Principal, requested: str | None) -> tuple[str, dict[str, Any]]:
        """The collection to use: access checked before existence (403 never reveals whether it exists)."""
        name = (requested or "").strip() or principal.default_collection(app.state.default_collection)
        if not COLLECTION_RE.match(name):
            raise HTTPException(404, detail=f"Không tìm thấy bộ văn bản “{name[:80]}”.")
        if not principal.can_see(name):
            raise Forbidden(f"Khóa API “{principal.name}” không được phép truy cập bộ văn bản “{name}”.")
        available = app.state.backend.collections()
        if name not in available:
            visible = sorted(n for n in available if principal.can_see(n))
            listing = ", ".join(visible) or "(chưa có bộ văn bản nào được lập chỉ mục)"
            raise HTTPException(404, detail=f"Không tìm thấy bộ văn bản “{name}”. Các bộ văn bản hiện có: {listing}.")
        if available[name].get("error"):  # manifest.json unreadable (/health says why)
            raise HTTPException(503, detail=index_damaged(name))
        return name, available[name]

    # ---------------------------------------------------------------- system

    def _health(principal: Principal | None) -> dict[str, Any]:
        base = {"time": datetime.now(timezone.utc).isoformat(timespec="seconds"), "version": API_VERSION,
                "auth": "keys" if keys.configured else "open"}
        try:
            cols = app.state.backend.collections()
        except Exception:
            log.exception("health: listing collections failed")
            return {**base, "status": "error", "message": "Không đọc được thư mục chỉ mục.", "collections": {}}
        default = app.state.default_collection
        status = "ok" if default in cols and not cols[default].get("error") else "degraded"
        visible = {n: info for n, info in cols.items() if principal is not None and principal.can_see(n)}
        return {**base, "status": status, "default_collection": default if principal is not None else None,
                "collections": jsonable_encoder(visible)}

    @app.get(f"{PREFIX}/health", tags=["hệ thống"], response_model=HealthResponse, summary="Tình trạng dịch vụ",
             description="Không cần khóa. `status`: ok | degraded (thiếu bộ văn bản mặc định) | error. Danh sách bộ "
                         "văn bản chỉ gồm các bộ mà khóa gửi kèm (nếu có) được xem.")
    def health(principal: Principal | None = Depends(optional_principal)) -> dict[str, Any]:
        return _health(principal)

    @app.get("/health", include_in_schema=False)
    def health_alias(principal: Principal | None = Depends(optional_principal)) -> dict[str, Any]:
        return _health(principal)

    @app.get("/metrics", tags=["hệ thống"], summary="Số liệu Prometheus",
             description="Định dạng văn bản Prometheus: số yêu cầu và độ trễ theo route/trạng thái, số câu trả lời "
                         "(từ chối hay không), số lần bị giới hạn tần suất, công việc nạp văn bản. Chế độ mở: công "
                         "khai; khi có tệp khóa: cần khóa có quyền `metrics` hoặc `admin`.",
             responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                              "description": "Prometheus exposition format"}, **_errors(401, 403)},
             response_class=Response)
    def prometheus(_: None = Depends(metrics_access)) -> Response:
        body, content_type = metrics.render()
        return Response(body, media_type=content_type)

    @app.get(f"{PREFIX}/collections", tags=["tra cứu"], response_model=CollectionsResponse,
             summary="Các bộ văn bản được phép xem",
             description="Chỉ gồm các bộ văn bản mà khóa API được phép truy cập, kèm số văn bản, số đoạn.",
             responses=_errors(401, 403, 429))
    def collections(principal: Principal = Depends(require("ask"))) -> dict[str, Any]:
        cols = app.state.backend.collections()
        default = principal.default_collection(app.state.default_collection)
        items = [collection_info(n, info, default) for n, info in sorted(cols.items()) if principal.can_see(n)]
        return {"collections": items, "default_collection": default if principal.can_see(default) else None}

    # ---------------------------------------------------------------- ask

    def _conv_key(principal: Principal, name: str, conv_id: str) -> str:
        return f"{principal.name}\x00{name}\x00{conv_id}"

    def _history(key: str) -> list[tuple[str, str]]:
        try:
            return app.state.conversations.history(key)
        except sqlite3.Error:  # answer without history rather than fail the question
            log.exception("conversation history unavailable (%s)", state_db.path)
            return []

    def _remember(key: str, question: str, answer_text: str) -> None:
        try:
            app.state.conversations.add(key, question, answer_text)
        except sqlite3.Error:
            log.exception("conversation history not saved (%s)", state_db.path)

    @app.post(f"{PREFIX}/ask", tags=["hỏi đáp"], response_model=AskResponse, summary="Hỏi và nhận câu trả lời",
              description="Trả về câu trả lời có trích dẫn (`Answer`), cùng `conversation_id` để hỏi tiếp nối. Với câu "
                          "nhận định Đúng/Sai hoặc câu trắc nghiệm, `verdict` là kết luận hệ thống rút ra "
                          "(`kind`: `yes_no` | `choice`, `value`: `Đúng` / `Sai` / chữ cái đáp án, `reason`: điểm "
                          "nhận định khác quy định); `null` khi không kết luận (câu hỏi khác, chưa đủ căn cứ, từ "
                          "chối, chế độ LLM). Văn bản trả lời vẫn mở đầu bằng kết luận đó.",
              responses=_errors(401, 403, 404, 413, 422, 429, 503))
    def ask(req: AskRequest, principal: Principal = Depends(require("ask"))) -> JSONResponse:
        name, _ = resolve(principal, req.collection)
        conv_id = req.conversation_id or uuid.uuid4().hex
        history = _history(_conv_key(principal, name, conv_id))
        try:
            ans = app.state.backend.answer(req.question, collection=name, history=history or None, as_of=req.as_of,
                                           llm=req.llm)
        except LLMUnavailable as e:  # LLM mode asked, endpoint not configured or down: say so (not "try later")
            log.warning("LLM unavailable: %s", e)
            raise HTTPException(503, detail=e.public)
        except IndexNotFound:
            log.exception("answer failed: index of %s not readable", name)
            raise HTTPException(503, detail=index_damaged(name))
        except Exception:
            log.exception("answer failed")
            raise HTTPException(503, detail=UNAVAILABLE)
        metrics.answered(name, ans.refused)
        # the standalone form ("còn lần hai thì sao?" → "Thời hạn giải quyết khiếu nại lần hai …", marks restored):
        # a later follow-up rewritten from the raw one would lose the subject
        _remember(_conv_key(principal, name, conv_id), ans.standalone_query or req.question, ans.text)
        body = ans.model_dump(mode="json")
        body["conversation_id"] = conv_id
        body["collection"] = name
        return JSONResponse(body)

    async def _events(req: AskRequest, principal: Principal, name: str, conv_id: str,
                      history: list[tuple[str, str]]) -> AsyncIterator[dict[str, Any]]:
        yield {"event": "conversation", "data": json.dumps({"conversation_id": conv_id, "collection": name})}
        parts: list[str] = []
        final_text: str | None = None
        standalone: str | None = None
        try:
            async for ev in app.state.backend.astream(req.question, collection=name, history=history or None,
                                                      as_of=req.as_of, llm=req.llm):
                kind = str(ev.get("event") or "message")
                data = ev.get("data")
                data = data.model_dump(mode="json") if isinstance(data, BaseModel) else jsonable_encoder(data)
                if kind in ("token", "sentence"):
                    parts.append(data if isinstance(data, str) else str((data or {}).get("text", "")))
                if kind == "done":
                    if isinstance(data, dict):
                        final_text = data.get("text") if isinstance(data.get("text"), str) else final_text
                        sq = data.get("standalone_query")
                        standalone = sq if isinstance(sq, str) and sq.strip() else None
                        metrics.answered(name, bool(data.get("refused")))
                        data = {**data, "conversation_id": conv_id, "collection": name}
                    elif data is None:
                        data = {"conversation_id": conv_id, "collection": name}
                yield {"event": kind, "data": json.dumps(data, ensure_ascii=False)}
        except LLMUnavailable as e:
            log.warning("LLM unavailable: %s", e)
            # the code lets a client that asked for LLM mode ask again without it (the widget does)
            yield {"event": "error", "data": json.dumps({"message": e.public, "code": "llm_unavailable"},
                                                        ensure_ascii=False)}
            return
        except IndexNotFound:
            log.exception("astream failed: index of %s not readable", name)
            yield {"event": "error", "data": json.dumps({"message": index_damaged(name)}, ensure_ascii=False)}
            return
        except Exception:
            log.exception("astream failed")
            yield {"event": "error", "data": json.dumps({"message": UNAVAILABLE}, ensure_ascii=False)}
            return
        await run_in_threadpool(_remember, _conv_key(principal, name, conv_id), standalone or req.question,
                                final_text if final_text is not None else "".join(parts))

    def _stream(req: AskRequest, principal: Principal) -> EventSourceResponse:
        name, _ = resolve(principal, req.collection)
        conv_id = req.conversation_id or uuid.uuid4().hex
        history = _history(_conv_key(principal, name, conv_id))
        return EventSourceResponse(_events(req, principal, name, conv_id, history), ping=15, sep="\n",
                                   headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    sse_doc = {
        200: {"description": "Luồng SSE. Sự kiện theo thứ tự: `conversation` ({conversation_id, collection}), "
                             "`token`/`sentence` (chuỗi JSON), `refusal`, `citation` (Citation), `conflict` (Conflict), "
                             "`done` (Answer + conversation_id, kể cả `verdict`) hoặc `error` ({message}; thêm `code` = `llm_unavailable` khi chế độ LLM không dùng được). Mọi `data` là JSON.",
              "content": {"text/event-stream": {"itemSchema": SSE_EVENT_SCHEMA}}},
        **_errors(401, 403, 404, 413, 422, 429),
    }

    @app.post(f"{PREFIX}/ask/stream", tags=["hỏi đáp"], summary="Hỏi, nhận câu trả lời dạng luồng (SSE)",
              description="Như `/ask` nhưng trả về `text/event-stream`.", responses=sse_doc,
              response_class=EventSourceResponse)
    def ask_stream_post(req: AskRequest, principal: Principal = Depends(require("ask"))) -> EventSourceResponse:
        return _stream(req, principal)

    @app.get(f"{PREFIX}/ask/stream", tags=["hỏi đáp"], summary="Hỏi qua GET, nhận luồng SSE (EventSource)",
             description="Tham số trong chuỗi truy vấn; dùng được với `EventSource` của trình duyệt.",
             responses=sse_doc, response_class=EventSourceResponse)
    def ask_stream_get(
        question: str = Query(..., description="Câu hỏi", max_length=4 * MAX_QUESTION_CHARS),
        collection: str | None = Query(None, max_length=64),
        conversation_id: str | None = Query(None, max_length=64),
        as_of: date | None = None,
        llm: bool = False,
        principal: Principal = Depends(require("ask")),
    ) -> EventSourceResponse:
        try:
            req = AskRequest(question=question, collection=collection, conversation_id=conversation_id, as_of=as_of,
                             llm=llm)
        except ValidationError as exc:  # same 422 shape as the POST route
            raise RequestValidationError([{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]) from exc
        return _stream(req, principal)

    # ---------------------------------------------------------------- lookup

    @app.get(f"{PREFIX}/provisions/{{chunk_id:path}}", tags=["tra cứu"], response_model=ProvisionResponse,
             summary="Toàn văn một điều khoản (xem trích dẫn)",
             description="`chunk_id` như trong trích dẫn (ví dụ `nd42#5/k1`, mã hóa bằng encodeURIComponent). Trạng "
                         "thái hiệu lực tính theo ngày hôm nay hoặc `as_of`.",
             responses=_errors(401, 403, 404, 422, 429))
    def provision(
        chunk_id: str,
        collection: str | None = Query(None, max_length=64),
        as_of: date | None = None,
        principal: Principal = Depends(require("ask")),
    ) -> dict[str, Any]:
        name, _ = resolve(principal, collection)
        try:
            chunk = app.state.backend.provision(name, chunk_id) if 0 < len(chunk_id) <= 1000 else None
        except IndexNotFound:
            log.exception("provision failed: index of %s not readable", name)
            raise HTTPException(503, detail=index_damaged(name))
        if chunk is None:
            raise HTTPException(404, detail=f"Không tìm thấy điều khoản “{chunk_id[:200]}” trong bộ văn bản “{name}”.")
        on = as_of or date.today()
        hint = getattr(app.state.backend, "superseded_note", None)  # test fakes may not have it
        return provision_view(chunk, name, on, superseded=hint(name, chunk, on) if hint else None)

    @app.get(f"{PREFIX}/search", tags=["tra cứu"], response_model=SearchResponse, summary="Tìm điều khoản liên quan",
             description="Xếp hạng lai (từ khóa + vector) trong một bộ văn bản.",
             responses=_errors(401, 403, 404, 422, 429, 503))
    def search(
        q: str = Query(..., max_length=MAX_QUESTION_CHARS, description="Câu truy vấn"),
        collection: str | None = Query(None, max_length=64),
        k: int = Query(10, ge=1, le=50),
        as_of: date | None = None,
        principal: Principal = Depends(require("ask")),
    ) -> dict[str, Any]:
        query = q.strip()
        if not query:
            raise RequestValidationError([{"loc": ("query", "q"), "type": "value_error", "input": q,
                                           "msg": "Value error, Câu hỏi tìm kiếm không được để trống."}])
        name, _ = resolve(principal, collection)
        try:
            hits = app.state.backend.search(query, collection=name, k=k, as_of=as_of)
        except IndexNotFound:
            log.exception("search failed: index of %s not readable", name)
            raise HTTPException(503, detail=index_damaged(name))
        except Exception:
            log.exception("search failed")
            raise HTTPException(503, detail="Hệ thống tìm kiếm tạm thời không hoạt động. Vui lòng thử lại sau.")
        return {"query": query, "collection": name, "as_of": as_of,
                "hits": [h.model_dump(mode="json") for h in hits]}

    @app.get(f"{PREFIX}/documents", tags=["tra cứu"], response_model=DocumentsResponse,
             summary="Danh mục văn bản của một bộ", description="Mỗi văn bản kèm tóm tắt hiệu lực (hôm nay).",
             responses=_errors(401, 403, 404, 422, 429, 503))
    def documents(collection: str | None = Query(None, max_length=64),
                  principal: Principal = Depends(require("ask"))) -> dict[str, Any]:
        name, info = resolve(principal, collection)
        today = date.today()
        cache = app.state.documents_cache
        key = (name, today, info.get("version"))
        if key not in cache:
            try:
                cache[key] = group_documents(app.state.backend.chunks(name), today)
            except IndexNotFound:
                log.exception("documents failed: index of %s not readable", name)
                raise HTTPException(503, detail=index_damaged(name))
            except Exception:
                log.exception("documents failed")
                raise HTTPException(503, detail="Không đọc được danh mục văn bản. Vui lòng thử lại sau.")
            for old_key in [k for k in cache if k[0] == name and k != key]:
                cache.pop(old_key, None)
        docs = cache[key]
        return {"collection": name, "count": len(docs), "documents": docs}

    # ---------------------------------------------------------------- feedback

    @app.post(f"{PREFIX}/feedback", status_code=201, tags=["phản hồi"], response_model=FeedbackResponse,
              summary="Gửi đánh giá câu trả lời",
              description="Thích (1) / không thích (-1), góp ý, và các trích dẫn của câu trả lời. Lưu vào SQLite; "
                          "xuất thành tệp câu hỏi đánh giá bằng `assistant feedback export`.",
              responses=_errors(401, 403, 404, 413, 422, 429, 503))
    def feedback(fb: FeedbackRequest, request: Request,
                 principal: Principal = Depends(require("feedback"))) -> dict[str, Any]:
        name, _ = resolve(principal, fb.collection)
        citations = []
        for c in fb.citations:
            item = c.model_dump()
            if not (item.get("law_id") and item.get("article_id")):
                try:  # fill the article ids the eval export needs from the chunk itself
                    chunk = app.state.backend.provision(name, c.chunk_id)
                except Exception:
                    chunk = None
                if chunk is not None:
                    item["law_id"], item["article_id"] = chunk.law_id, chunk.article_id
            citations.append(item)
        row = FeedbackRow(
            id=uuid.uuid4().hex, created_at=now_iso(), key_name=principal.name, department=principal.department,
            collection=name, conversation_id=fb.conversation_id, question=fb.question, answer_text=fb.answer_text,
            rating=fb.rating, comment=fb.comment, citations=citations,
            user_agent=request.headers.get("user-agent", "")[:300], origin=request.headers.get("origin", "")[:300])
        try:
            app.state.feedback.add(row)
        except Exception:
            log.exception("feedback write failed")
            raise HTTPException(503, detail="Không lưu được phản hồi. Vui lòng thử lại sau.")
        metrics.feedback.labels(rating=str(fb.rating)).inc()
        return {"ok": True, "id": row.id, "message": "Cảm ơn anh/chị đã góp ý."}

    # ---------------------------------------------------------------- admin: uploads

    @app.post(f"{PREFIX}/documents", status_code=202, tags=["quản trị"], response_model=JobAccepted,
              summary="Nạp văn bản mới (quản trị)",
              description="Multipart: `collection` và một hoặc nhiều `files` (định dạng: "
                          + ", ".join(sorted(allowed_suffixes())) + "). Nạp chạy nền, từng công việc một; chỉ mục "
                          "cũ vẫn phục vụ cho tới khi chỉ mục mới hoàn tất. Xem trạng thái tại "
                          "`/api/v1/documents/jobs/{job_id}`.",
              responses=_errors(401, 403, 413, 422, 429))
    async def upload(
        collection: str = Form(..., max_length=64, description="Bộ văn bản (tạo mới nếu chưa có)"),
        files: list[UploadFile] = File(..., description="Tệp văn bản"),
        principal: Principal = Depends(require("admin")),
    ) -> dict[str, Any]:
        name = collection.strip()
        if not COLLECTION_RE.match(name):
            raise RequestValidationError([{"loc": ("body", "collection"), "type": "value_error", "input": name,
                                           "msg": "Value error, Tên bộ văn bản không hợp lệ (chữ, số, . _ -)."}])
        if not principal.can_see(name):
            raise Forbidden(f"Khóa API “{principal.name}” không được phép nạp vào bộ văn bản “{name}”.")
        if not files:
            raise RequestValidationError([{"loc": ("body", "files"), "type": "missing", "input": None,
                                           "msg": "Value error, Cần ít nhất một tệp văn bản."}])
        if len(files) > settings.max_upload_files:
            raise RequestValidationError([{"loc": ("body", "files"), "type": "value_error", "input": None,
                                           "msg": f"Value error, Tối đa {settings.max_upload_files} tệp mỗi lần."}])
        jobs: IngestJobs = app.state.jobs
        allowed = allowed_suffixes()
        job_id, staging = jobs.stage_dir()
        names: list[str] = []
        try:
            for f in files:
                safe = safe_filename(f.filename, allowed)
                if safe in names:
                    raise UploadRejected(f"Tệp “{safe}” được gửi hai lần.")
                data = await f.read()
                if not data:
                    raise UploadRejected(f"Tệp “{safe}” rỗng.")
                await run_in_threadpool((staging / safe).write_bytes, data)
                names.append(safe)
        except UploadRejected as exc:
            jobs.discard(staging)
            raise RequestValidationError([{"loc": ("body", "files"), "type": "value_error", "input": None,
                                           "msg": f"Value error, {exc}"}]) from None
        except BaseException:
            jobs.discard(staging)
            raise
        metrics.ingest_running.inc()
        try:
            await run_in_threadpool(jobs.submit, job_id, name, names, staging)
        except sqlite3.Error:
            log.exception("could not record upload job %s", job_id)
            metrics.ingest_running.dec()
            jobs.discard(staging)
            raise HTTPException(503, detail="Không ghi được công việc nạp văn bản. Vui lòng thử lại sau.")
        return {"job_id": job_id, "status": "queued", "message": "Đã nhận tệp, đang chờ nạp.", "collection": name,
                "files": names}

    @app.get(f"{PREFIX}/documents/jobs/{{job_id}}", tags=["quản trị"], response_model=JobResponse,
             summary="Trạng thái công việc nạp văn bản", description="queued → running → done | failed.",
             responses=_errors(401, 403, 404, 429))
    def job_status(job_id: str, principal: Principal = Depends(require("admin"))) -> dict[str, Any]:
        job = app.state.jobs.get(job_id)
        if job is None or not principal.can_see(job.collection):
            raise HTTPException(404, detail="Không tìm thấy công việc nạp văn bản này.")
        return job.public()

    # ---------------------------------------------------------------- static

    @app.get("/widget.js", include_in_schema=False)
    def widget_js() -> FileResponse:
        path = WIDGET_DIR / "widget.js"
        if not path.is_file():
            raise HTTPException(404, detail="Chưa có tệp widget.js trên máy chủ.")
        return FileResponse(path, media_type="text/javascript; charset=utf-8",
                            headers={"Cache-Control": "public, max-age=300",
                                     "Cross-Origin-Resource-Policy": "cross-origin"})

    @app.get("/", include_in_schema=False)
    def demo_page() -> HTMLResponse:
        path = WIDGET_DIR / "demo.html"
        if not path.is_file():
            raise HTTPException(404, detail="Chưa có trang minh họa trên máy chủ.")
        page = path.read_text("utf-8").replace(DEMO_KEY_PLACEHOLDER, html.escape(settings.demo_api_key, quote=True))
        return HTMLResponse(page, headers={"Content-Security-Policy": DEMO_CSP, "X-Content-Type-Options": "nosniff",
                                           "Cache-Control": "no-store"})

    @app.get("/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()), headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'", "X-Content-Type-Options": "nosniff"})

    @app.get("/demo", include_in_schema=False)
    def demo_redirect() -> RedirectResponse:
        return RedirectResponse("/")

    return app


app = create_app(warm_up=True)
