"""The citation viewer's view of one provision: full text, heading path, source document and a validity badge.

What it does: turns a ``Chunk`` into the ``GET /api/v1/provisions/{chunk_id}`` body, computing the validity
status on a date (today unless ``as_of``):

- ``expired``  (Hết hiệu lực) — after ``effective_to``, or kept only as a trace of its repeal (``Validity.repealed``)
  with no end date (a date before its start is ``not_yet``, as in the answer's status line);
- ``not_yet``  (Chưa có hiệu lực) — before ``effective_from``;
- ``unknown``  (Chưa rõ hiệu lực) — the text gave no effective dates at all;
- ``amended``  (Đã sửa đổi, bổ sung) — in force, but ``amended_by`` is not empty;
- ``in_force`` (Còn hiệu lực) — otherwise;
- ``superseded`` (Có thể đã hết hiệu lực) — in force by its own dates, but the collection names a later law of the
  same name as its document or as the law it details (``superseded`` note from the backend);
- ``guidance`` (Tài liệu hướng dẫn) — a handbook / FAQ / guidance section without an effective date
  (``answering.is_guidance``): not a legal normative document, as the answer's citation status says.

What it does not: look chunks up (the backend does) or check access (the app does).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from assistant.answering import OCR_NOTE, is_guidance, validity_state
from assistant.chunking import display_citation
from assistant.records import Chunk, Validity

Status = Literal["in_force", "expired", "not_yet", "amended", "unknown", "superseded", "guidance"]
STATUS_LABELS: dict[str, str] = {
    "in_force": "Còn hiệu lực",
    "expired": "Hết hiệu lực",
    "not_yet": "Chưa có hiệu lực",
    "amended": "Đã sửa đổi, bổ sung",
    "unknown": "Chưa rõ hiệu lực",
    "superseded": "Có thể đã hết hiệu lực",
    "guidance": "Tài liệu hướng dẫn",
}


def _d(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def validity_status(v: Validity, on: date) -> Status:
    """The viewer's status, read as the answer's status line reads it (``answering.validity_state``): a provision kept
    only as a trace of its repeal, the date not given, is "expired"."""
    state = validity_state(v, on)
    if state in ("expired", "repealed"):
        return "expired"
    if state == "not_yet":
        return "not_yet"
    if state == "undated":
        return "unknown"
    return "amended" if v.amended_by else "in_force"


def validity_notes(v: Validity) -> list[str]:
    """Vietnamese notes: the text's own notes first, then dates and relations, without repeats."""
    notes: list[str] = []

    def add(s: str) -> None:
        if s and s not in notes:
            notes.append(s)

    def said(d: date, what: str) -> bool:  # a note of the text already gives this date as this event
        return any(_d(d) in n and what in n.lower() for n in v.notes)

    for n in v.notes:
        add(n)
    if v.effective_from and not said(v.effective_from, "có hiệu lực"):
        add(f"Có hiệu lực từ ngày {_d(v.effective_from)}.")
    if v.effective_to and not said(v.effective_to + timedelta(days=1), "hết hiệu lực"):
        add(f"Hết hiệu lực từ ngày {_d(v.effective_to + timedelta(days=1))}.")
    if v.amended_by:
        add("Được sửa đổi, bổ sung bởi: " + "; ".join(v.amended_by) + ".")
    if v.replaced_by:
        add("Được thay thế bởi: " + "; ".join(v.replaced_by) + ".")
    if v.repealed_by:
        add("Bị bãi bỏ bởi: " + "; ".join(v.repealed_by) + ".")
    return notes


def provision_view(chunk: Chunk, collection: str, on: date, superseded: str | None = None) -> dict[str, Any]:
    status: Status = validity_status(chunk.validity, on)
    if superseded and status in ("in_force", "amended", "unknown"):
        status = "superseded"
    elif status in ("in_force", "unknown") and not chunk.validity.effective_from and is_guidance(chunk):
        status = "guidance"
    label = STATUS_LABELS[status]
    return {
        "chunk_id": chunk.id,
        "collection": collection,
        "citation": display_citation(chunk),
        "text": chunk.text,
        "heading_path": list(chunk.heading_path),
        "article_title": chunk.article_title,
        "doc_title": chunk.doc_title,
        "doc_type": chunk.doc_type,
        "doc_number": chunk.doc_number,
        "issuer": chunk.issuer,
        "issued_on": chunk.issued_on.isoformat() if chunk.issued_on else None,
        "law_id": chunk.law_id,
        "article_id": chunk.article_id,
        "source_path": chunk.source_path,
        "validity": chunk.validity.model_dump(mode="json"),
        "status": status,
        "status_label": label,
        "as_of": on.isoformat(),
        "notes": validity_notes(chunk.validity) + ([superseded[:1].upper() + superseded[1:]] if superseded else []) + (
            [OCR_NOTE[:1].upper() + OCR_NOTE[1:]] if chunk.from_ocr else []),
        "from_ocr": chunk.from_ocr,
    }
