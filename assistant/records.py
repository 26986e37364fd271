"""Typed records passed between pipeline stages.

Data flow: ``RawDocument`` (loaders) → ``LegalDocument`` (legal) → ``Chunk`` (chunking)
→ ``Hit`` (retrieval) → ``Answer`` (answering); ``Conflict`` comes from conflicts.

These are plain pydantic models. They hold data only: no stage logic lives here.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SourceFormat = Literal["pdf", "docx", "doc", "rtf", "odt", "image", "html", "txt", "md", "phapdien", "alqac"]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RawDocument(Record):
    """One document as read from disk: normalised text, no structure yet.

    ``doc_id`` is stable for the same source: for ALQAC it is the ``law_id``; for Pháp điển the
    đề mục file path relative to the Pháp điển folder; otherwise the path relative to the ingest root.
    """

    doc_id: str
    source_path: str
    format: SourceFormat
    text: str
    checksum: str  # sha256 of the normalised text
    title: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    # Pre-split articles for sources that come already divided (ALQAC JSON): (article_id, text).
    articles: list[tuple[str, str]] | None = None
    # Articles a table of contents lists by number and title (Pháp điển "## Danh sách điều khoản": code, title),
    # whether or not the text holds them.
    listed: list[tuple[str, str]] = Field(default_factory=list)


class Validity(Record):
    """What a text says about when a provision/document is in force."""

    effective_from: date | None = None
    effective_to: date | None = None  # last day in force (exclusive end is effective_to + 1 day)
    amended_by: list[str] = Field(default_factory=list)  # e.g. "Điều 2 Nghị định số 07/2025/NĐ-CP"
    replaced_by: list[str] = Field(default_factory=list)
    repealed_by: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # verbatim Vietnamese notes for display
    # the text keeps only a repeal marker of this unit — "Điều 10. (được bãi bỏ)", a Pháp điển article whose body is
    # "(Bị bãi bỏ)", or none under a provenance line "… bị bãi bỏ bởi …": no longer in force even when no end date is
    # known (then ``in_force`` is False on every date), and nothing of it is a rule to quote
    repealed: bool = False

    def in_force(self, on: date) -> bool:
        if self.effective_from and on < self.effective_from:
            return False
        if self.effective_to and on > self.effective_to:
            return False
        if self.repealed and not self.effective_to:
            return False  # repealed, the date not known: not in force now, nor (as far as the text tells) before
        return True


class Point(Record):
    label: str  # "a", "b", "đ"
    text: str
    # what the text says about this điểm alone: "c) (được bãi bỏ)" is ended (``Validity.repealed``), with a note
    validity: Validity = Field(default_factory=Validity)


class Clause(Record):
    label: str  # "1", "2"
    text: str  # the clause's own lead text (without its points)
    points: list[Point] = Field(default_factory=list)
    # what the text says about this khoản alone, e.g. "4. (được bãi bỏ)" in a văn bản hợp nhất: ended, with a note
    validity: Validity = Field(default_factory=Validity)


class Article(Record):
    """A Điều (or, for handbooks without Điều, a heading-based section; or an appendix after the signature).

    An appendix ("Phụ lục I. Biểu mức thu phí …" after a Nghị định's signature block) has ``kind="annex"``,
    ``number`` "PL-I" / "PL-01" / "PL" (unnumbered), ``title`` its name and ``text`` its body (table rows as
    "a | b | c" lines); it has no clauses.
    """

    number: str  # "5", Pháp điển code "5.2.NĐ.2.1", section ordinal "3", appendix "PL-I", form "MS-01/HQ" / "MS"
    title: str
    text: str  # full article body (lead + clauses) as written
    heading_path: list[str] = Field(default_factory=list)  # ["Chương II. …", "Mục 1. …"]
    clauses: list[Clause] = Field(default_factory=list)
    kind: Literal["article", "section", "annex"] = "article"
    validity: Validity = Field(default_factory=Validity)
    # Pháp điển: the real source provision, e.g. "Điều 1 Nghị định số 27/2012/NĐ-CP"; văn bản hợp nhất: the provision
    # of the consolidated document it shows, e.g. "Điều 5 Nghị định số 42/2024/NĐ-CP".
    source_citation: str | None = None
    source_doc_number: str | None = None
    source_doc_type: str | None = None
    # An article of a text issued with the document ("Quy chế … ban hành kèm theo Quyết định …"): that text's
    # name, e.g. "Quy chế tiếp nhận, giải quyết thủ tục hành chính tại …". None for the document's own articles.
    part: str | None = None


class ListedArticle(Record):
    """An article a Pháp điển đề mục lists by code and title ("Điều 15.4.LQ.46. Thủ tục yêu cầu cấp Phiếu lý lịch tư
    pháp số 2") whose text the file does not hold: known to exist, never quoted (nothing to quote)."""

    doc_id: str
    doc_title: str
    number: str  # Pháp điển code "15.4.LQ.46"
    title: str

    @property
    def citation(self) -> str:
        return f"Điều {self.number}"


class LegalDocument(Record):
    doc_id: str
    title: str
    doc_type: str  # Luật, Bộ luật, Nghị định, Thông tư, Quyết định, Cẩm nang, Hướng dẫn, Pháp điển, Văn bản
    number: str | None = None  # số hiệu, e.g. "42/2022/NĐ-CP"
    issuer: str | None = None
    issued_on: date | None = None
    validity: Validity = Field(default_factory=Validity)
    amends: list[str] = Field(default_factory=list)
    replaces: list[str] = Field(default_factory=list)
    source_path: str
    source_format: SourceFormat
    checksum: str
    articles: list[Article] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # A văn bản hợp nhất: the document it consolidates ("Nghị định số 42/2024/NĐ-CP") and the documents whose
    # amendments it incorporates ("Nghị định số 118/2025/NĐ-CP"), as its header names them.
    consolidates: str | None = None
    consolidated_amendments: list[str] = Field(default_factory=list)
    # the text (or part of it) was read from a scan by OCR (RawDocument.meta["ocr_pages"]): may contain OCR errors
    from_ocr: bool = False
    # Pháp điển: the articles the đề mục lists with no text in the file (not chunked, not indexed for search)
    listed_only: list[ListedArticle] = Field(default_factory=list)


class Chunk(Record):
    """The unit that is indexed and cited.

    ``id`` is stable: ``{doc_id}#{article}[/k{clause}]``. ``law_id``/``article_id`` are the ids evaluation
    uses (ALQAC law_id + article number; Pháp điển file path + Pháp điển code).
    """

    id: str
    doc_id: str
    law_id: str
    article_id: str
    clause: str | None = None
    text: str  # the provision text itself
    heading_path: list[str] = Field(default_factory=list)  # doc title › chương › điều title
    citation: str  # "Khoản 2 Điều 5 Nghị định 42/2022/NĐ-CP"
    article_title: str = ""
    doc_title: str = ""
    doc_type: str = ""
    doc_number: str | None = None
    issuer: str | None = None
    issued_on: date | None = None
    validity: Validity = Field(default_factory=Validity)
    source_citation: str | None = None
    source_path: str = ""
    collection: str = ""
    from_ocr: bool = False  # its document was (partly) read from a scan by OCR: quote with care

    def passage(self) -> str:
        """Text used for embedding/keyword indexing: heading path + provision text."""
        head = " › ".join(p for p in self.heading_path if p)
        return f"{head}\n{self.text}" if head else self.text


def article_key(c: Chunk) -> str:
    """The article a chunk belongs to: its id without the khoản / part suffix ("doc#7/k2" → "doc#7"). Unlike
    (doc_id, article_id) it tells apart two articles with one number in one document — a Quyết định's Điều 2 and
    the Điều 2 of the Quy chế issued with it ("doc#2~2"), or a Pháp điển code repeated in one đề mục."""
    doc, _, rest = c.id.rpartition("#")
    return f"{doc}#{rest.split('/', 1)[0]}" if doc else c.id


class Hit(Record):
    chunk: Chunk
    score: float
    rank: int
    scores: dict[str, float] = Field(default_factory=dict)  # per-signal scores (bm25, dense, fused …)
    in_force: bool | None = None  # on the query's as-of date, when known


class ConflictSide(Record):
    text: str
    citation: str
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    issued_on: date | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    chunk_id: str | None = None


class Conflict(Record):
    a: ConflictSide
    b: ConflictSide
    label: Literal["conflict", "no_conflict", "superseded"]
    kind: str  # numeric, modality, scope, temporal, authority …
    spans_a: list[tuple[int, int]] = Field(default_factory=list)
    spans_b: list[tuple[int, int]] = Field(default_factory=list)
    confidence: float = 0.0
    severity: Literal["cao", "trung bình", "thấp"] = "trung bình"
    prevails: Literal["a", "b"] | None = None
    rule: str = ""  # Vietnamese: which rule of the Law on Promulgation decided it
    explanation: str = ""
    # how the two documents are related (assistant.doc_relations): implements, same_parent, unrelated, unknown …;
    # None when not computed (a pair checked on its own)
    relation: str | None = None


class Citation(Record):
    number: int
    chunk_id: str
    citation: str
    quote: str
    in_force: bool | None = None
    status: str = ""  # "Đang có hiệu lực", "Hết hiệu lực từ …"
    law_id: str = ""
    article_id: str = ""


class AnswerVerdict(Record):
    """The label an answer decides: ``kind="yes_no"`` for a Đúng/Sai statement (``value`` "Đúng" or "Sai"),
    ``kind="choice"`` for a multiple-choice question (``value`` the option's letter, "A"…"D", or the caller's own key
    when the options come as ``answer(choices=…)``). ``reason``: for a Sai statement, the sentence naming what it
    changes ("Nhận định nêu «90 ngày», còn quy định [1] nêu «60 ngày»."), else None. The answer text starts with the
    same label ("Đúng." / "Sai." + reason / "Đáp án: B.")."""

    kind: Literal["yes_no", "choice"]
    value: str = Field(min_length=1)
    reason: str | None = None

    @model_validator(mode="after")
    def _value_fits_kind(self) -> "AnswerVerdict":
        if self.kind == "yes_no" and self.value not in ("Đúng", "Sai"):
            raise ValueError(f"yes_no verdict must be 'Đúng' or 'Sai', not {self.value!r}")
        return self


class Answer(Record):
    """An answer with its citations. ``verdict``: the label decided for a Đúng/Sai statement or a multiple-choice
    question (extractive mode, when the cited provisions decide it); None for other questions, undecided ones,
    refusals and LLM answers (whose wording the pipeline does not judge)."""

    question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    validity_notes: list[str] = Field(default_factory=list)
    refused: bool = False
    refusal_reason: str | None = None
    suggestions: list[str] = Field(default_factory=list)
    standalone_query: str | None = None
    mode: Literal["extractive", "llm"] = "extractive"
    dropped_citations: list[str] = Field(default_factory=list)
    verdict: AnswerVerdict | None = None
