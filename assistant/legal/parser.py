"""``parse(raw)``: the stage's entry for one document — dispatches to ALQAC, Pháp điển, statute (a text with
"Điều N." lines) or plain-text parsing, and marks OCR-read documents ``from_ocr``.

Does not: parse anything itself.
"""

from __future__ import annotations

from assistant.legal.alqac import _parse_alqac
from assistant.legal.articles import _find_articles
from assistant.legal.phapdien import _parse_phapdien
from assistant.legal.plain import _parse_plain
from assistant.legal.statute import _parse_statute
from assistant.records import LegalDocument, RawDocument


def parse(raw: RawDocument) -> LegalDocument:
    """Structure one document. Never raises on odd layouts: falls back to heading sections. A document whose
    loader read pages by OCR (``meta["ocr_pages"]``) is marked ``from_ocr``."""
    if raw.format == "alqac" or raw.articles is not None:
        return _parse_alqac(raw)
    if raw.format == "phapdien":
        return _parse_phapdien(raw)
    lines = raw.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc = _parse_statute(raw, lines) if _find_articles(lines) else _parse_plain(raw, lines)
    if (raw.meta or {}).get("ocr_pages"):
        doc = doc.model_copy(update={"from_ocr": True})
    return doc
