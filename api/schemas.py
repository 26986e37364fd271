"""Request and response models of the web API (they are also what the OpenAPI document describes).

What it does: validates input (question length, ids, ratings) with Vietnamese messages, and types every JSON
response. What it does not: hold route logic.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.records import Answer, Validity

MAX_QUESTION_CHARS = 2000
MAX_COMMENT_CHARS = 2000
MAX_ANSWER_TEXT_CHARS = 20000
MAX_CITATIONS = 50
CONVERSATION_ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
COLLECTION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


def clean_question(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("Câu hỏi không được để trống.")
    if len(value) > MAX_QUESTION_CHARS:
        raise ValueError(f"Câu hỏi quá dài (tối đa {MAX_QUESTION_CHARS} ký tự).")
    return value


def check_conversation_id(v: str | None) -> str | None:
    if v is not None and v != "" and not CONVERSATION_ID_RE.match(v):
        raise ValueError("Mã hội thoại không hợp lệ.")
    return v or None


# ------------------------------------------------------------------ requests


class AskRequest(BaseModel):
    """A question. ``collection`` defaults to the key's first collection (or the server default)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"question": "Phí cấp bản sao điện tử từ sổ gốc bao nhiêu tiền một trang?",
                      "collection": "sample"}]})

    question: str = Field(description=f"Câu hỏi (1–{MAX_QUESTION_CHARS} ký tự)")
    collection: str | None = Field(default=None, description="Bộ văn bản; mặc định: bộ đầu tiên của khóa API")
    conversation_id: str | None = Field(default=None, description="Mã hội thoại để hỏi tiếp nối (8–64 ký tự)")
    as_of: date | None = Field(default=None, description="Xét hiệu lực vào ngày (YYYY-MM-DD); mặc định hôm nay")
    llm: bool = Field(default=False, description="Dùng LLM (nếu máy chủ đã cấu hình); mặc định trả lời trích xuất")

    @field_validator("question")
    @classmethod
    def _question(cls, v: str) -> str:
        return clean_question(v)

    @field_validator("conversation_id")
    @classmethod
    def _conv(cls, v: str | None) -> str | None:
        return check_conversation_id(v)


class FeedbackCitation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    chunk_id: str = Field(min_length=1, max_length=500)
    citation: str = Field(default="", max_length=1000)
    law_id: str | None = Field(default=None, max_length=500)
    article_id: str | None = Field(default=None, max_length=200)


class FeedbackRequest(BaseModel):
    """Thumbs up (1) or down (-1) on one answer, with the answer's citations."""

    model_config = ConfigDict(extra="forbid")

    conversation_id: str | None = None
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    answer_text: str = Field(default="", max_length=MAX_ANSWER_TEXT_CHARS)
    rating: Literal[1, -1]
    comment: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)
    collection: str | None = None
    citations: list[FeedbackCitation] = Field(default_factory=list, max_length=MAX_CITATIONS)

    @field_validator("conversation_id")
    @classmethod
    def _conv(cls, v: str | None) -> str | None:
        return check_conversation_id(v)

    @field_validator("question")
    @classmethod
    def _question(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("Câu hỏi không được để trống.")
        return v.strip()


# ------------------------------------------------------------------ responses


class ErrorResponse(BaseModel):
    """Every error: a Vietnamese ``message``; ``detail`` repeats it or lists validation errors."""

    message: str
    detail: Any = None


class AskResponse(Answer):
    """The pipeline's ``Answer`` plus the conversation id to send with a follow-up and the collection used."""

    conversation_id: str
    collection: str


class ProvisionResponse(BaseModel):
    chunk_id: str
    collection: str
    citation: str
    text: str
    heading_path: list[str]
    article_title: str
    doc_title: str
    doc_type: str
    doc_number: str | None
    issuer: str | None
    issued_on: date | None
    law_id: str
    article_id: str
    source_path: str
    validity: Validity
    status: Literal["in_force", "expired", "not_yet", "amended", "unknown", "superseded", "guidance"]
    status_label: str
    as_of: date
    notes: list[str]


class FeedbackResponse(BaseModel):
    ok: bool
    id: str
    message: str


class CollectionInfo(BaseModel):
    name: str
    documents: int | None = None
    chunks: int | None = None
    dense_ready: bool = False
    default: bool = False
    version: str | None = None
    created_at: str | None = None
    error: str | None = None


class CollectionsResponse(BaseModel):
    collections: list[CollectionInfo]
    default_collection: str | None = None


class HealthResponse(BaseModel):
    status: Literal["ok", "degraded", "error"]
    time: str
    version: str
    auth: Literal["keys", "open"]
    default_collection: str | None = None
    collections: dict[str, dict[str, Any]] = Field(default_factory=dict)
    message: str | None = None


class JobResponse(BaseModel):
    job_id: str
    status: Literal["queued", "running", "done", "failed"]
    message: str
    collection: str
    files: list[str]
    error: str | None = None
    created_at: str | None = None
    finished_at: str | None = None


class JobAccepted(BaseModel):
    job_id: str
    status: Literal["queued"]
    message: str = "Đã nhận tệp, đang chờ nạp."
    collection: str
    files: list[str]


class SearchResponse(BaseModel):
    query: str
    collection: str
    as_of: date | None
    hits: list[dict[str, Any]]


class DocumentsResponse(BaseModel):
    collection: str
    count: int
    documents: list[dict[str, Any]]
