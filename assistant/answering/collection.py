"""What kind of document a provision belongs to and how provisions are found in the collection:
guidance vs legal normative documents (``is_guidance``, ``binding_rank``), consolidated texts, provision keys
(document number, article) and references in text, amendments recorded in validity notes, and the tables
computed once per retriever over the collection's chunks (``_collection_table``: provisions by number, the
amending provisions and legal bases looked up there).

Does not retrieve, rank or write answer text.
"""

from __future__ import annotations

import re
import weakref
from datetime import date
from typing import Any, Callable

from assistant.answering.terms import _nfc
from assistant.records import Chunk, Hit

# Document types that are guidance, not legal normative documents (văn bản quy phạm pháp luật).
GUIDANCE_TYPES = ("cẩm nang", "hướng dẫn", "văn bản", "hỏi đáp", "tài liệu", "sổ tay", "công văn")


def _collection_table(retriever: Any, cache: dict[int, Any], build: Callable[[list[Chunk]], Any]) -> Any | None:
    """``build(all chunks of the retriever's collection)``, computed once per retriever and chunk list and kept in
    ``cache``; None when the retriever does not expose its chunks (a stand-in in tests, an LLM-only path).

    One entry per live retriever: it is rebuilt when the retriever's chunk list is replaced (an index reloaded
    after an upload) and dropped when the retriever is garbage-collected, so a new collection never reads the
    table of an old one whose objects happened to get the same ``id``."""
    chunks = getattr(retriever, "chunks", None)
    if not (isinstance(chunks, list) and chunks and isinstance(chunks[0], Chunk)):
        return None
    key = id(retriever)
    entry = cache.get(key)
    if entry is None or entry[0]() is not retriever or entry[1] is not chunks:
        try:
            ref = weakref.ref(retriever, lambda _r, key=key: cache.pop(key, None))
        except TypeError:  # not weak-referenceable: cache nothing rather than risk a stale table
            return build(chunks)
        entry = cache[key] = (ref, chunks, build(chunks))
    return entry[2]


def is_consolidated(chunk: Chunk) -> bool:
    """A provision of a văn bản hợp nhất (its ``source_citation`` names the consolidated document: "Điều 7 Nghị
    định số 42/2024/NĐ-CP"): a legal text, not guidance."""
    return _nfc(chunk.doc_type).strip().lower().startswith("văn bản hợp nhất")


def _amends(x: Chunk, y: Chunk) -> bool:
    """Is ``x`` the provision recorded as having amended ``y``?"""
    return _provision_key(x) in _amender_keys(y)


_PROVISION_CACHE: dict[int, tuple[Any, list[Chunk], dict[tuple[str, str], Chunk]]] = {}
# "Điều 7 Nghị định số 42/2024/NĐ-CP", "Điều 1 của Luật số 71/2023/QH15": an article and its document number
# within one clause (no sentence or bracket boundary between them)
_PROVISION_REF_RE = re.compile(r"Điều\s+(\d+[a-zđ]?)\b[^.;()\n]{0,60}?(\d+/\d{4}/[\wĐđ-]+)", re.I)


def provision_refs(text: str) -> list[tuple[str, str]]:
    """(document number, article id), lower-cased, of every provision ``text`` names, in order."""
    return [(m.group(2).lower(), m.group(1).lower()) for m in _PROVISION_REF_RE.finditer(_nfc(text))]


def _provisions(retriever: Any) -> dict[tuple[str, str], Chunk]:
    """(document number, article id) → the article's first chunk, over the retriever's whole collection."""
    def build(chunks: list[Chunk]) -> dict[tuple[str, str], Chunk]:
        table: dict[tuple[str, str], Chunk] = {}
        for c in chunks:
            if c.doc_number:
                table.setdefault(_provision_key(c), c)
        # a văn bản hợp nhất also answers for the document it consolidates ("Điều 5 Nghị định số 42/2024/NĐ-CP" when
        # the collection holds 08/VBHN-BNV): after the original, which wins when both are held
        for c in chunks:
            if c.source_citation and is_consolidated(c):
                m = _PROVISION_REF_RE.match(_nfc(c.source_citation))
                if m:
                    table.setdefault((m.group(2).lower(), m.group(1).lower()), c)
        return table

    return _collection_table(retriever, _PROVISION_CACHE, build) or {}


def _guidance_basis(retriever: Any, hits: list[Hit], as_of: date) -> dict[str, dict[tuple[str, str], Hit]]:
    """The legal provisions each retrieved guidance section names (:func:`provision_refs`), looked up in the
    collection; only those held and in force on ``as_of``."""
    out: dict[str, dict[tuple[str, str], Hit]] = {}
    for h in hits:
        if not is_guidance(h.chunk):
            continue
        for key in provision_refs(h.chunk.text):
            c = _provisions(retriever).get(key)
            if c is not None and not is_guidance(c) and c.validity.in_force(as_of):
                out.setdefault(h.chunk.id, {}).setdefault(key, Hit(chunk=c, score=0.0, rank=len(hits) + 1))
    return out


def _collection_amenders(retriever: Any, hits: list[Hit], as_of: date) -> dict[str, Hit]:
    """For each retrieved provision recorded as amended ("… được sửa đổi, bổ sung bởi Điều 1 Nghị định số
    87/2025/NĐ-CP") whose amending provision retrieval did not return: that provision, looked up by document
    number and article in the collection, if it is held and in force on ``as_of``. Without it the answer would
    quote only the old wording."""
    retrieved = {_provision_key(h.chunk) for h in hits}
    out: dict[str, Hit] = {}
    for h in hits:
        for key in _amender_keys(h.chunk):
            if key in retrieved:
                continue
            c = _provisions(retriever).get(key)
            if c is not None and c.validity.in_force(as_of):
                out[h.chunk.id] = Hit(chunk=c, score=0.0, rank=len(hits) + 1 + len(out))
                break
    return out


def is_guidance(chunk: Chunk) -> bool:
    """Handbook / FAQ / hướng dẫn sections: useful, but not legal normative documents."""
    if is_consolidated(chunk):  # "văn bản …" below would otherwise take it for guidance
        return False
    t = _nfc(chunk.doc_type).strip().lower()
    return any(t.startswith(g) for g in GUIDANCE_TYPES)


def binding_rank(chunk: Chunk) -> int:
    """Order of citation: 0 Hiến pháp, 1 Luật … 7 local documents (``conflicts.legal_rank``), 8 legal
    documents of unknown rank, 9 guidance."""
    if is_guidance(chunk):
        return 9
    try:
        from assistant.conflicts import legal_rank, side_from_chunk

        r = legal_rank(side_from_chunk(chunk))
    except Exception:  # noqa: BLE001 - ranking is a preference, never a failure
        r = None
    return 8 if r is None else r


_AMENDER_RE = re.compile(r"Điều\s+(\d+[a-zđ]?)\b.*?(\d+/\d{4}/[\wĐđ-]+)", re.I)


def _provision_key(c: Chunk) -> tuple[str, str]:
    """(document number, article id), lower-cased: how a provision is named in references ("Điều 1 Nghị định
    số 87/2025/NĐ-CP"), in :func:`provision_refs` and in ``validity.amended_by``."""
    return (c.doc_number or "").lower(), c.article_id.lower()


def _amender_keys(chunk: Chunk) -> list[tuple[str, str]]:
    """:func:`_provision_key` of each provision recorded as having amended ``chunk``."""
    return [(m.group(2).lower(), m.group(1).lower())
            for ref in chunk.validity.amended_by if (m := _AMENDER_RE.search(_nfc(ref)))]
