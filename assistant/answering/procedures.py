"""Questions asking for the steps of a procedure: guides written "Bước 1", "Bước 2" … (all steps in
order, ``_guide_steps``), the section of a law named for a procedure (``procedure_outline``) and the whole article
of a procedure instead of one of its khoản (``_whole_procedure_articles``).

Does not quote the steps (``passages``, ``selection``).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.answering.collection import _collection_table
from assistant.answering.passages import _STEPS_TITLE_RE
from assistant.answering.terms import _nfc
from assistant.records import Chunk, Hit, article_key

_STEP_TITLE_RE = re.compile(r"^Bước\s*(\d{1,2})\b", re.I)
_STEPS_CACHE: dict[int, tuple[Any, list[Chunk], dict[str, list[Chunk]]]] = {}
STEPS_FROM_TOP = 3  # a step section among the first hits makes the answer the whole procedure


def _step_sections(chunks: list[Chunk]) -> dict[str, list[Chunk]]:
    """Document id → its sections titled "Bước 1", "Bước 2" … in step order (documents with at least two)."""
    by_doc: dict[str, dict[int, Chunk]] = {}
    for c in chunks:
        m = _STEP_TITLE_RE.match(_nfc(c.article_title or "").strip())
        if m and not c.clause:
            by_doc.setdefault(c.doc_id, {}).setdefault(int(m.group(1)), c)
    return {d: [steps[k] for k in sorted(steps)] for d, steps in by_doc.items() if len(steps) >= 2}


_PROCEDURE_HEADING_RE = re.compile(r"trình tự|thủ tục|quy trình", re.I)
_SECTION_NUMBER_RE = re.compile(r"^(?:Chương|Mục|Tiểu mục|Phần)\s+[\wĐđ]+[.:]?\s*", re.I)
_OUTLINE_CACHE: dict[int, tuple[Any, list[Chunk], dict[tuple[str, ...], list[Chunk]]]] = {}
OUTLINE_MIN_ARTICLES, OUTLINE_MAX_ARTICLES = 3, 15


def _sections(chunks: list[Chunk]) -> dict[tuple[str, ...], list[Chunk]]:
    """(document id, document number, heading path above the article …) → the articles under it, in order."""
    out: dict[tuple[str, ...], list[Chunk]] = {}
    for c in chunks:
        if not c.clause and len(c.heading_path) >= 3:
            out.setdefault((c.doc_id, (c.doc_number or "").lower(), *c.heading_path[:-1]), []).append(c)
    return out


def procedure_outline(retriever: Any, chunk: Chunk) -> tuple[str, list[Chunk]] | None:
    """When ``chunk`` sits in a section named for a procedure ("Mục 2. TRÌNH TỰ, THỦ TỤC GIẢI QUYẾT KHIẾU NẠI LẦN
    ĐẦU"): the section's name in sentence case and its articles of the same document in order (3–15 of them); the
    law's own structure is the step-by-step outline. None otherwise, or when the collection is not exposed."""
    heading = chunk.heading_path[-2] if len(chunk.heading_path) >= 3 else ""
    if not _PROCEDURE_HEADING_RE.search(heading):
        return None
    table = _collection_table(retriever, _OUTLINE_CACHE, _sections)
    arts = (table or {}).get((chunk.doc_id, (chunk.doc_number or "").lower(), *chunk.heading_path[:-1]))
    if not arts or not OUTLINE_MIN_ARTICLES <= len(arts) <= OUTLINE_MAX_ARTICLES:
        return None
    name = _SECTION_NUMBER_RE.sub("", _nfc(heading)).strip(" .")
    if name.isupper():
        name = name[:1] + name[1:].lower()
    return name, arts


def _outline_sentence(outline: tuple[str, list[Chunk]]) -> str:
    """"Trình tự, thủ tục giải quyết khiếu nại lần đầu (Luật số 02/2011/QH13) gồm các điều theo thứ tự:" then one
    line per article ("- Điều 27 «Thụ lý giải quyết khiếu nại»;" …)."""
    name, arts = outline

    def ref(c: Chunk) -> tuple[str, str]:
        cit = _nfc(c.source_citation or c.citation)
        m = re.match(r"(Điều\s+\S+)\s+(.*)$", cit)
        return (m.group(1), m.group(2)) if m else (cit, "")

    doc = ref(arts[0])[1]
    items = ";\n".join(f"- {ref(c)[0]} «{_nfc(c.article_title).strip()}»" if c.article_title else f"- {ref(c)[0]}"
                        for c in arts)
    return f"{name}{f' ({doc})' if doc else ''} gồm các điều theo thứ tự:\n{items}."


def _guide_steps(retriever: Any, hits: list[Hit]) -> list[Hit]:
    """All steps of the procedure whose step section is among the first ``STEPS_FROM_TOP`` hits, in order (retrieved
    hits kept, the other steps looked up in the collection); empty when there is none."""
    table = _collection_table(retriever, _STEPS_CACHE, _step_sections)
    if table is None:
        table = _step_sections([h.chunk for h in hits])
    for h in hits[:STEPS_FROM_TOP]:
        steps = table.get(h.chunk.doc_id)
        if steps and any(c.id == h.chunk.id for c in steps):
            got = {x.chunk.id: x for x in hits}
            return [got.get(c.id) or Hit(chunk=c, score=0.0, rank=len(hits) + 1 + i) for i, c in enumerate(steps)]
    return []


_WHOLE_ARTICLE_CACHE: dict[int, tuple[Any, list[Chunk], dict[str, Chunk]]] = {}


def _whole_articles(retriever: Any) -> dict[str, Chunk]:
    """:func:`article_key` → the chunk holding the whole article, over the retriever's collection (empty when the
    collection is not exposed). Keyed by chunk id, so it serves collections whose documents have no number."""
    table = _collection_table(retriever, _WHOLE_ARTICLE_CACHE, lambda chunks: {
        c.id: c for c in chunks if c.clause is None and article_key(c) == c.id})
    return table or {}


def whole_article_first(retriever: Any, hits: list[Hit]) -> list[Hit]:
    """``hits`` with the first one, when it is one khoản of an article the collection also holds whole, replaced by
    the whole article (the passage is then chosen among all its khoản: the retriever returns an article's best chunk,
    which may be the khoản that shares the question's words but answers another question)."""
    if not hits or hits[0].chunk.clause is None:
        return hits
    whole = _whole_articles(retriever).get(article_key(hits[0].chunk))
    if whole is None:
        return hits
    return [hits[0].model_copy(update={"chunk": whole})] + hits[1:]


def _whole_procedure_articles(retriever: Any, hits: list[Hit], title_re: re.Pattern[str] = _STEPS_TITLE_RE) -> list[Hit]:
    """A steps question ("Thủ tục chứng thực chữ ký như thế nào?") whose hit is one khoản of a procedure article
    ("Khoản 4 Điều 24 …", the article "Thủ tục chứng thực chữ ký"): the whole article instead, so that its khoản are
    quoted in order as the steps (the retriever returns an article's best chunk, which may be its last khoản).
    With ``title_re``, the same for an article titled for another thing asked: "Hồ sơ đăng ký thường trú gồm những
    gì?" and the hit "Khoản 3 Điều 6 …" ("3. Nơi nộp hồ sơ đăng ký thường trú …") of the article "Hồ sơ đăng ký thường
    trú": the passage is then chosen among all its khoản (the list "1. Hồ sơ đăng ký thường trú, bao gồm: …")."""
    out: list[Hit] = []
    for h in hits:
        ch = h.chunk
        if ch.clause and title_re.match(_nfc(ch.article_title)):
            whole = _whole_articles(retriever).get(article_key(ch))
            if whole is not None:
                h = h.model_copy(update={"chunk": whole})
        out.append(h)
    return out
