"""What a collection holds, for listings: its documents grouped from the chunk store, and manifest summaries.

What it does: ``group_documents`` (one entry per source document with a validity summary on a date) and
``collection_info`` (name, counts, dense readiness from the manifest summary the backend reports).
What it does not: read files or check access.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from assistant.records import Chunk


def collection_info(name: str, info: dict[str, Any], default: str) -> dict[str, Any]:
    """A ``CollectionInfo`` dict from the backend's ``collections()[name]`` entry."""
    m = info.get("manifest") or {}

    def _int(*keys: str) -> int | None:
        for k in keys:
            if isinstance(m.get(k), int) and not isinstance(m.get(k), bool):
                return m[k]
        return None

    return {
        "name": name,
        "documents": _int("n_documents", "documents"),
        "chunks": _int("n_chunks", "chunks"),
        "dense_ready": bool(info.get("dense_ready")),
        "default": name == default,
        "version": info.get("version"),
        "created_at": m.get("created_at") if isinstance(m.get("created_at"), str) else None,
        "error": info.get("error"),
    }


def group_documents(chunks: Iterable[Chunk], today: date) -> list[dict[str, Any]]:
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
