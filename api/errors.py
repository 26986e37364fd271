"""JSON errors with Vietnamese messages, and the request body size limit.

What it does:
- :func:`install_error_handlers`: every error response is ``{"message": "<Vietnamese>", "detail": …}`` —
  validation (422, with a message naming the field; bad JSON included), HTTP errors raised by routes or by
  routing (404/405 with Vietnamese defaults), access errors (401/403/429 with ``Retry-After``), and any
  unhandled exception (500 ``Lỗi hệ thống…``, logged server side, no stack trace in the body);
- :class:`BodyLimitMiddleware`: refuses bodies over the limit with 413 — at once from ``Content-Length``, or
  while reading a chunked body.

What it does not: decide who may call what (``api.access``).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.access import AuthError, Forbidden, RateLimited

log = logging.getLogger(__name__)

INTERNAL_ERROR = "Lỗi hệ thống, vui lòng thử lại sau. Nếu lỗi lặp lại, hãy báo cho quản trị viên."
DEFAULT_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Thiếu hoặc sai khóa API (gửi trong tiêu đề X-API-Key).",
    403: "Khóa API không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy địa chỉ yêu cầu.",
    405: "Phương thức HTTP không được hỗ trợ cho địa chỉ này.",
    406: "Định dạng phản hồi yêu cầu không được hỗ trợ.",
    413: "Dữ liệu gửi lên quá lớn.",
    415: "Kiểu dữ liệu gửi lên không được hỗ trợ.",
    422: "Yêu cầu không hợp lệ.",
    429: "Quá nhiều yêu cầu, vui lòng thử lại sau.",
    500: INTERNAL_ERROR,
    503: "Hệ thống tạm thời không phục vụ được, vui lòng thử lại sau.",
}
VALIDATION_MESSAGES = {
    "question": "Câu hỏi không hợp lệ",
    "q": "Câu hỏi tìm kiếm không hợp lệ",
    "rating": "Đánh giá phải là 1 (hữu ích) hoặc -1 (chưa hữu ích)",
    "as_of": "Ngày áp dụng không hợp lệ (định dạng YYYY-MM-DD)",
    "k": "Số kết quả không hợp lệ (từ 1 đến 50)",
    "conversation_id": "Mã hội thoại không hợp lệ",
    "collection": "Tên bộ văn bản không hợp lệ",
    "comment": "Góp ý không hợp lệ (tối đa 2000 ký tự)",
    "citations": "Danh sách trích dẫn không hợp lệ",
    "files": "Cần ít nhất một tệp văn bản",
    "answer_text": "Nội dung câu trả lời không hợp lệ",
}


def error_body(status: int, message: str | None = None, detail: Any = None) -> dict[str, Any]:
    msg = message or DEFAULT_MESSAGES.get(status, "Yêu cầu không thực hiện được.")
    return {"message": msg, "detail": msg if detail is None else detail}


def _json_object(value: Any) -> bool:
    """Is ``value`` the text (or bytes) of a JSON object?"""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str) or not value.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(value), dict)
    except ValueError:
        return False


def validation_message(errors: list[dict[str, Any]]) -> str:
    for err in errors:
        loc = [str(x) for x in err.get("loc", ())]
        field = loc[-1] if loc else ""
        msg = str(err.get("msg", ""))
        kind = err.get("type")
        if kind == "json_invalid":
            return "Dữ liệu JSON không hợp lệ."
        if msg.startswith("Value error, "):
            return msg.removeprefix("Value error, ")
        if field == "question" and kind in ("missing", "string_too_short"):
            return "Câu hỏi không được để trống."
        if field == "body" or loc == ["body"]:
            if kind == "model_attributes_type" and _json_object(err.get("input")):
                # a JSON object sent without "Content-Type: application/json" (curl -d, a form post) arrives as text
                return ("Thiếu tiêu đề Content-Type: application/json — nội dung JSON gửi lên không được đọc như "
                        "JSON.")
            return "Nội dung yêu cầu phải là một đối tượng JSON hợp lệ."
        for part in reversed(loc):
            if part in VALIDATION_MESSAGES:
                return VALIDATION_MESSAGES[part] + "."
        if kind == "extra_forbidden":
            return f"Trường “{field}” không được hỗ trợ."
    return "Yêu cầu không hợp lệ."


def install_error_handlers(app: FastAPI, on_rate_limited: Callable[[str], None] | None = None) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = jsonable_encoder(exc.errors(), custom_encoder={Exception: str, bytes: lambda b: b.decode("utf-8", "replace")})
        for e in errors:  # do not echo large or binary inputs back
            if isinstance(e, dict) and isinstance(e.get("input"), (str, dict, list)) and len(json.dumps(e["input"], default=str)) > 300:
                e["input"] = "…"
        return JSONResponse(status_code=422, content={"message": validation_message(list(exc.errors())),
                                                      "detail": errors})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else None
        if exc.status_code == 400 and (detail is None or detail.isascii()):
            # the framework's (English) answer to an undecodable body: bytes that are not UTF-8, a broken
            # multipart form. The API's own 400s are Vietnamese; these become 422 like every other bad input.
            msg = "Dữ liệu gửi lên không đọc được (JSON hoặc biểu mẫu không hợp lệ)."
            return JSONResponse(status_code=422, content=error_body(422, msg))
        english = {"Not Found", "Method Not Allowed", "Bad Request", "Unauthorized", "Forbidden", "Not Acceptable",
                   "Unsupported Media Type", "Unprocessable Entity", "Internal Server Error", "Too Many Requests"}
        if detail is None or detail in english or not detail.strip():
            detail = DEFAULT_MESSAGES.get(exc.status_code, "Yêu cầu không thực hiện được.")
        return JSONResponse(status_code=exc.status_code, content=error_body(exc.status_code, detail),
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(AuthError)
    async def _auth(request: Request, exc: AuthError) -> JSONResponse:
        msg = ("Thiếu khóa API: gửi khóa trong tiêu đề X-API-Key (hoặc Authorization: Bearer)." if str(exc) == "missing"
               else "Khóa API không hợp lệ.")
        return JSONResponse(status_code=401, content=error_body(401, msg), headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> JSONResponse:
        return JSONResponse(status_code=403, content=error_body(403, str(exc) or None))

    @app.exception_handler(RateLimited)
    async def _limited(request: Request, exc: RateLimited) -> JSONResponse:
        return JSONResponse(status_code=429, headers={"Retry-After": str(exc.retry_after)}, content=error_body(
            429, f"Quá nhiều yêu cầu. Vui lòng thử lại sau {exc.retry_after} giây."))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(status_code=500, content=error_body(500))


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """413 JSON for bodies over ``limit_for(path)`` bytes (pure ASGI; streams are left alone)."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > limit
            except ValueError:
                too_big = False
            if too_big:
                await self._reject(send, limit)
                return
        state = {"read": 0, "over": False, "started": False}

        async def _receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["read"] += len(message.get("body", b""))
                if state["read"] > limit:
                    state["over"] = True
                    raise BodyTooLarge()
            return message

        async def _send(message: Message) -> None:
            if state["over"]:  # the app turned our exception into some error response: replace it
                if message["type"] == "http.response.start" and not state["started"]:
                    state["started"] = True
                    await self._reject(send, limit)
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, _receive, _send)
        except BodyTooLarge:
            if not state["started"]:
                state["started"] = True
                await self._reject(send, limit)

    @staticmethod
    async def _reject(send: Send, limit: int) -> None:
        kb = max(1, limit // 1024)
        body = json.dumps(error_body(413, f"Dữ liệu gửi lên quá lớn (tối đa {kb} KB)."), ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
