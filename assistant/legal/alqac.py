"""ALQAC documents: articles come pre-split (``RawDocument.articles``); clauses and points are split from their
text, the document type comes from the law id.

Does not: read the ALQAC JSON (see ``loaders``).
"""

from __future__ import annotations

from assistant.legal.clauses import _CLAUSE_RE, _body_lines, plain_label_lines, split_clauses
from assistant.records import Article, LegalDocument, RawDocument


def alqac_doc_type(law_id: str) -> str:
    low = law_id.lower()
    if low.startswith("bộ luật"):
        return "Bộ luật"
    if low.startswith("hiến pháp"):
        return "Hiến pháp"
    return "Luật"


def _parse_alqac(raw: RawDocument) -> LegalDocument:
    arts: list[Article] = []
    for aid, text in raw.articles or []:
        head, _, body = text.strip().partition("\n")  # first line is the title (blank line may be missing)
        if _CLAUSE_RE.match(head.strip()) or len(head.split()) > 60:  # untitled article (Hiến pháp)
            head, body = "", text
        lines = plain_label_lines(_body_lines(body))  # "*đ) …*" → "đ) …" where read as điểm đ
        _, clauses = split_clauses(lines)
        arts.append(Article(number=str(aid), title=head.strip(), text="\n".join(lines), clauses=clauses))
    return LegalDocument(
        doc_id=raw.doc_id,
        title=raw.title or raw.doc_id,
        doc_type=alqac_doc_type(raw.doc_id),
        source_path=raw.source_path,
        source_format="alqac",
        checksum=raw.checksum,
        articles=arts,
        warnings=list(raw.warnings),
    )
