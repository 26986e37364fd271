"""Chunking: ``LegalDocument`` → ``Chunk``s, the units that are indexed and cited.

* One chunk per Điều (article level — the ALQAC gold unit), id ``{doc_id}#{article}``.
* Long articles (> ``LONG_ARTICLE_WORDS`` words, ≥ 2 khoản) additionally get one chunk per Khoản, id
  ``{doc_id}#{article}/k{n}``, so answers can cite the exact khoản; in a shorter article only a khoản with its own
  start date (``Clause.validity.effective_from``) gets one.
* Heading-based sections (handbooks, guides) → one chunk per section.
* Articles of a text issued with the document (``Article.part``: "Quy chế …" after a Quyết định's signature)
  are cited as "Điều 2 Quy chế … ban hành kèm theo Quyết định …"; their ids keep the "~2" suffix.
* Appendices after the signature (``Article.kind == "annex"``, number "PL-I") → one chunk per appendix, id
  ``{doc_id}#PL-I`` (no Điều number starts with letters, so no collision), cited "Phụ lục I Nghị định
  42/2024/NĐ-CP". A long one (> ``LONG_ARTICLE_WORDS``) additionally gets consecutive parts of about
  ``ANNEX_PART_WORDS`` words, id ``{doc_id}#PL-I/p{n}``, each embedded on its own (``clause`` None) but sharing
  the appendix's ``article_id`` and citation; a part that starts inside a table repeats the table's header row.

* Forms after the signature without a Phụ lục (number "MS-01/HQ") → like appendices, cited "Mẫu số 01/HQ ban hành
  kèm theo Thông tư 14/2025/TT-BNV"; a repealed khoản (``Clause.validity``) gives its khoản chunk that validity.
* A văn bản hợp nhất's citations add what it consolidates: "Điều 5 Văn bản hợp nhất 08/VBHN-BNV (Nghị định
  42/2024/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định 118/2025/NĐ-CP)".

``cite(doc, article, clause, point)`` builds the human citation ("Điểm a Khoản 2 Điều 5 Nghị định 42/2022/NĐ-CP");
``display_citation(chunk, quote)`` is how an answer names a chunk it quotes: narrowed to the khoản / điểm the quote
lies in, a Pháp điển article by its source provision first.
Ids are deterministic (same document → same ids); a repeated article number within one document gets a
"~2", "~3" suffix. This module does not tokenise or embed.
"""

from __future__ import annotations

import re

from assistant.legal import FORM_PREFIX, annex_label, doc_type_from_number, is_form, issuer_from_number, split_clauses
from assistant.records import Article, Chunk, Clause, LegalDocument, Point, Validity

LONG_ARTICLE_WORDS = 350
ANNEX_PART_WORDS = 250

_NAMED_TYPES = ("Luật", "Bộ luật", "Hiến pháp", "Pháp lệnh")


def doc_label(doc: LegalDocument) -> str:
    """How a document is named in a citation: "Nghị định 42/2024/NĐ-CP", "Luật Viên chức", "Luật … số 71/2023/QH15"."""
    if doc.number:
        if doc.doc_type in _NAMED_TYPES and doc.title and doc.title.lower().startswith(doc.doc_type.lower()):
            return f"{doc.title} số {doc.number}"
        return f"{doc.doc_type} {doc.number}"
    return doc.title or doc.doc_type


def _clause_label(clause: Clause | str | None) -> str | None:
    if clause is None:
        return None
    return clause.label if isinstance(clause, Clause) else str(clause)


def _point_label(point: Point | str | None) -> str | None:
    if point is None:
        return None
    return point.label if isinstance(point, Point) else str(point)


def _section_cite(doc: LegalDocument, article: Article) -> str:
    title = article.title.strip()
    m = re.match(r"^(Bước\s+\d+)\b", title, re.I)
    if m:
        return f"{title} – {doc.title}"
    m = re.match(r"^(Câu\s+(?:hỏi\s+)?(?:số\s+)?\d+):\s+(.+)$", title, re.I)
    if m:  # a handbook's FAQ entry: "Câu hỏi 3 «Công chức có được …?» – Cẩm nang …"
        return f"{m.group(1)} «{m.group(2)}» – {doc.title}"
    m = re.match(r"^((?:\d+\.)*\d+|[IVXLC]+)\.?\s+(.+)$", title)
    if m:
        num = m.group(1)
        # "1. Hồ sơ …" under "I. Về tiếp nhận hồ sơ" (a công văn, a hướng dẫn): "Mục I.1", not a second "Mục 1"
        parent = re.match(r"^([IVXLC]+)\.\s", article.heading_path[-1]) if article.heading_path else None
        if parent and num[0].isdigit():
            num = f"{parent.group(1)}.{num}"
        return f"Mục {num} «{m.group(2)}» – {doc.title}"
    if title == "Phần mở đầu":
        return f"{title} – {doc.title}"
    return f"Mục {article.number} «{title}» – {doc.title}"


def _named(number: str) -> str:
    """"118/2025/NĐ-CP" → "Nghị định 118/2025/NĐ-CP" (the type read from the number), else "văn bản 118/…"."""
    return f"{doc_type_from_number(number) or 'văn bản'} {number}"


def consolidation_note(doc: LegalDocument) -> str:
    """What a văn bản hợp nhất reflects: "Nghị định 42/2024/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định
    118/2025/NĐ-CP" ("" for other documents). At most three amending documents are named."""
    if not doc.consolidates:
        return ""
    note = _named(doc.consolidates)
    if doc.consolidated_amendments:
        names = [_named(n) for n in doc.consolidated_amendments[:3]]
        more = len(doc.consolidated_amendments) - 3
        note += ", được sửa đổi, bổ sung bởi " + "; ".join(names) + (f" và {more} văn bản khác" if more > 0 else "")
    return note


def cite(
    doc: LegalDocument,
    article: Article,
    clause: Clause | str | None = None,
    point: Point | str | None = None,
) -> str:
    """Human citation (see :func:`_cite`); a văn bản hợp nhất adds what it consolidates: "Điều 5 Văn bản hợp nhất
    08/VBHN-BNV (Nghị định 42/2024/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định 118/2025/NĐ-CP)"."""
    base = _cite(doc, article, clause, point)
    note = consolidation_note(doc) if article.kind != "section" else ""
    return f"{base} ({note})" if note else base


def _cite(
    doc: LegalDocument,
    article: Article,
    clause: Clause | str | None = None,
    point: Point | str | None = None,
) -> str:
    """Human citation, e.g. "Điểm a Khoản 2 Điều 5 Nghị định 42/2022/NĐ-CP", "Điều 5 Luật Viên chức",
    "Điều 5.2.NĐ.2.1 (Điều 1 Nghị định số 27/2012/NĐ-CP)", "Mục 3 «Lưu ý» – Cẩm nang …"."""
    if article.kind == "section":
        return _section_cite(doc, article)
    if article.kind == "annex" and is_form(article.number):  # "Mẫu số 01/HQ ban hành kèm theo Thông tư 14/2025/TT-BNV"
        within = f"{article.part} ban hành kèm theo " if article.part else ""
        return f"{annex_label(article.number, article.title)} ban hành kèm theo {within}{doc_label(doc)}"
    if article.kind == "annex":  # "Phụ lục I Nghị định 42/2024/NĐ-CP"
        if article.part:
            return f"{annex_label(article.number)} {article.part} ban hành kèm theo {doc_label(doc)}"
        return f"{annex_label(article.number)} {doc_label(doc)}"
    parts: list[str] = []
    pl, cl = _point_label(point), _clause_label(clause)
    if pl:
        parts.append(f"Điểm {pl}")
    if cl:
        parts.append(f"Khoản {cl}")
    parts.append(f"Điều {article.number}")
    if doc.doc_type == "Pháp điển":
        head = " ".join(parts)
        return f"{head} ({article.source_citation})" if article.source_citation else f"{head} – Pháp điển {doc.title}"
    if article.part:  # "Điều 2 Quy chế … ban hành kèm theo Quyết định 27/2025/QĐ-UBND"
        return f"{' '.join(parts)} {article.part} ban hành kèm theo {doc_label(doc)}"
    return f"{' '.join(parts)} {doc_label(doc)}"


_UNIT_LABEL_RE = re.compile(r"^\s*(?:\d{1,3}[a-zđ]?\s*\.|[a-zđ]\d{0,2}\s*\))\s+")
_CLAUSE_PREFIX_RE = re.compile(r"^Khoản \S+ (?=Điều )")
# a quote's pieces: its lines, the parts around "…", and list items run into one line ("… gồm: a) …; b) …")
_QUOTE_PIECES_RE = re.compile(r"\n|…|(?<=[:;.])\s+(?=(?:[a-zđ]\d{0,2}\)|\d{1,3}[a-zđ]?\.)\s)")
_PD_CODE_RE = re.compile(r"^\d+\.\d+\.[A-ZĐ]+\.\d+(?:\.\d+)*$")  # a Pháp điển article code, "15.1.TT.2.2"


def _closing_paragraph(clause: Clause, point: Point, piece: str) -> bool:
    """Whether ``piece`` starts in a paragraph after the list's last điểm, which closes the list with ".": the parser
    keeps such a paragraph with that điểm, but it is the khoản's ("đ) Bản sao Giấy chứng nhận … ." then "Trong thời
    hạn bảy ngày làm việc, … Ban chủ nhiệm Đoàn luật sư chuyển hồ sơ …" is Khoản 1, not its điểm đ)."""
    if point is not clause.points[-1]:
        return False
    lines = [" ".join(ln.split()) for ln in point.text.splitlines() if ln.strip()]
    at = " ".join(lines).find(piece)
    start = 0
    for i, ln in enumerate(lines):  # the paragraph the piece starts in
        if at < start + len(ln) + 1:
            return i > 0 and lines[i - 1].endswith(".")
        start += len(ln) + 1
    return False


def quote_unit(text: str, quote: str) -> tuple[str, str | None] | None:
    """(khoản label, điểm label or None) of ``text`` that holds every piece of ``quote`` (pieces: its lines, the
    parts between "…" and list items run into one line, each without its own "2." / "b)" label); None when the
    pieces lie in the article's lead, in several khoản, or are not found exactly once. A khoản label "" is the
    points of an article without khoản. A list's lead-in line (ending ":") quoted with one of its điểm is that điểm's:
    "1. … khi thuộc một trong các trường hợp sau đây: … a) Không đăng ký …" is (1, "a")."""
    lead, clauses = split_clauses([ln.strip() for ln in text.splitlines() if ln.strip()])
    units: set[tuple[str, str | None]] = set()
    intro = True  # every piece outside the điểm is the lead-in line of their list ("… các trường hợp sau đây:")
    article_lead = " ".join(" ".join(lead).split())
    for raw in _QUOTE_PIECES_RE.split(quote):
        piece = _UNIT_LABEL_RE.sub("", raw.strip(" \t“”\"")).strip()
        if len(piece) < 8:
            continue
        piece = " ".join(piece.split())  # an item's later paragraph is quoted after it on one line
        found = {(c.label, None if _closing_paragraph(c, p, piece) else p.label)
                 for c in clauses for p in c.points if piece in " ".join(p.text.split())}
        found |= {(c.label, None) for c in clauses if piece in " ".join(c.text.split())}
        if not found and piece.endswith(":") and piece in article_lead and any(
                c.label == "" and c.points for c in clauses):
            found = {("", None)}  # the lead-in of an article's điểm without khoản ("Điều 5. … sau đây:", "a) …")
        if len(found) != 1:  # in the lead, in several places, or not a verbatim piece of the text
            return None
        if next(iter(found))[1] is None and not piece.endswith(":"):
            intro = False
        units |= found
    labels = {k for k, _ in units}
    if len(labels) != 1:
        return None
    label = labels.pop()
    points = {p for _, p in units}
    if intro and len(points) == 2 and None in points and not quote.rstrip().endswith("…"):
        # the lead-in of the khoản and one of its điểm ("1. … bị đưa vào cơ sở cai nghiện bắt buộc khi thuộc một trong
        # các trường hợp sau đây: … a) Không đăng ký …"): that điểm, the lead-in quoted as what the điểm is about (a
        # quote cut short, "… có trách nhiệm sau đây: a) Ban hành …", is the list's first words, not its điểm a)
        points.discard(None)
    point = points.pop() if len(points) == 1 else None
    return (label, point) if label or point else None


def named_source(source_citation: str, source_name: str | None) -> str:
    """A Pháp điển provision's source ("Điều 48 Luật số 09/2017/QH14") with its document named by ``source_name`` when
    that is the same document number ("Luật Du lịch số 09/2017/QH14" → "Điều 48 Luật Du lịch số 09/2017/QH14")."""
    number, _, doc = source_citation.partition(" ")[2].partition(" ")
    if source_name and doc and doc.split()[-1] in source_name:
        return f"Điều {number} {source_name}"
    return source_citation


def display_citation(chunk: Chunk, quote: str | None = None, source_name: str | None = None) -> str:
    """How an answer names ``chunk``: its citation narrowed to the khoản (and điểm) ``quote`` lies in — "Điều 18 Luật
    Trọng tài thương mại" quoting "3. Người xác lập …" is "Khoản 3 Điều 18 Luật Trọng tài thương mại", a khoản chunk
    quoting its "b) …" is "Điểm b Khoản 1 Điều 40 …" — and a Pháp điển article named by its source provision first:
    "Khoản 1 Điều 2 Thông tư số 01/2020/TT-BTP (Pháp điển: Điều 15.1.TT.2.2)". Unchanged when the quote spans several
    khoản or the article's lead, and for sections, appendices and forms. ``source_name`` names the Pháp điển
    article's source document when it is known ("Luật Hòa giải ở cơ sở số 35/2013/QH13" for "Luật số 35/2013/QH13")."""
    cit = chunk.citation
    unit = quote_unit(chunk.text, quote) if quote and re.match(r"(?:Khoản \S+ )?Điều ", cit) else None
    head = ""
    if unit is not None:
        clause, point = unit
        if chunk.clause and clause == "":  # a khoản chunk's own points ("3." does not open a list of khoản)
            clause = chunk.clause
        if chunk.clause is None or clause == chunk.clause:
            head = (f"Điểm {point} " if point else "") + (f"Khoản {clause} " if clause else "")
    elif chunk.clause:
        head = f"Khoản {chunk.clause} "
    if _PD_CODE_RE.match(chunk.article_id) and (chunk.source_citation or "").startswith("Điều "):
        return f"{head}{named_source(chunk.source_citation, source_name)} (Pháp điển: Điều {chunk.article_id})"
    if not head:
        return cit
    return head + _CLAUSE_PREFIX_RE.sub("", cit)


_PD_CITATION_RE = re.compile(r"^((?:Điểm \S+ )?(?:Khoản \S+ )?)Điều (\d+\.\d+\.[A-ZĐ]+\.\d+(?:\.\d+)*) \((Điều \S+ [^()]+)\)$")


def source_first(citation: str) -> str:
    """A stored Pháp điển citation as officials read it, when only the string is at hand (the conflict report):
    "Khoản 1 Điều 5.2.NĐ.11.40 (Điều 40 Nghị định số 112/2020/NĐ-CP)" → "Khoản 1 Điều 40 Nghị định số 112/2020/NĐ-CP
    (Pháp điển: Điều 5.2.NĐ.11.40)"; any other citation unchanged. With the chunk, use :func:`display_citation`."""
    m = _PD_CITATION_RE.match(citation)
    return f"{m.group(1)}{m.group(3)} (Pháp điển: Điều {m.group(2)})" if m else citation


def merge_validity(doc_v: Validity, art_v: Validity) -> Validity:
    """Article validity over document validity: dates from the article when set, the earliest end date wins,
    lists concatenated without duplicates; repealed when either is."""

    def uniq(*lists: list[str]) -> list[str]:
        out: list[str] = []
        for lst in lists:
            for x in lst:
                if x not in out:
                    out.append(x)
        return out

    ends = [d for d in (art_v.effective_to, doc_v.effective_to) if d]
    return Validity(
        effective_from=art_v.effective_from or doc_v.effective_from,
        effective_to=min(ends) if ends else None,
        amended_by=uniq(art_v.amended_by, doc_v.amended_by),
        replaced_by=uniq(art_v.replaced_by, doc_v.replaced_by),
        repealed_by=uniq(art_v.repealed_by, doc_v.repealed_by),
        notes=uniq(art_v.notes, doc_v.notes),
        repealed=art_v.repealed or doc_v.repealed,
    )


def clause_text(clause: Clause) -> str:
    """A khoản as written: "2. lead\na) …\nb) …"."""
    head = f"{clause.label}. {clause.text}".strip() if clause.label else clause.text
    lines = [head] if head else []
    lines += [f"{p.label}) {p.text}" for p in clause.points]
    return "\n".join(lines)


def _is_row(line: str) -> bool:
    return " | " in line


def annex_parts(text: str, words: int = ANNEX_PART_WORDS) -> list[str]:
    """A long appendix body cut into consecutive parts of about ``words`` words, at line boundaries (a table row
    is never split). A part that starts inside a table (its previous line is a row of the same table) begins with
    that table's header row, so "2 | Bản sao … | 3.000" is still read against "STT | Nội dung | Mức thu". A part
    ends before a numbered item ("1. Thủ tục …", "PHẦN II. …") rather than inside it when it already holds 40 % of
    ``words``, so the steps of one procedure stay together."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    parts: list[list[str]] = [[]]
    n = 0
    header: str | None = None  # header row of the table the current line belongs to
    for i, ln in enumerate(lines):
        in_table = _is_row(ln) and i > 0 and _is_row(lines[i - 1])
        if not _is_row(ln):
            header = None
        elif not in_table:
            header = ln
        w = len(ln.split())
        if parts[-1] and n + w > words:
            cur = parts[-1]
            b = max((k for k, x in enumerate(cur) if k and _ANNEX_ITEM_RE.match(x)), default=0)
            while b > 1 and _ANNEX_ITEM_RE.match(cur[b - 1]):
                b -= 1  # "PHẦN II. NỘI DUNG …" right before "1. Thủ tục …" goes with it
            if b and sum(len(x.split()) for x in cur[:b]) >= 0.4 * words:
                # a numbered item ("1. Thủ tục đăng ký khai tử" and its "Bước 1 … Bước 4") is not cut in two when a
                # part can end before it
                parts[-1], rest = cur[:b], cur[b:]
                parts.append(rest)
                n = sum(len(x.split()) for x in rest)
            else:
                parts.append([header] if in_table and header else [])
                n = len(header.split()) if in_table and header else 0
        parts[-1].append(ln)
        n += w
    return ["\n".join(p) for p in parts if p]


# the start of an appendix item: "PHẦN II. …", "II. …", "1. Thủ tục …" (not "a)", "Bước 1:", a table row)
_ANNEX_ITEM_RE = re.compile(r"^(?:(?:PHẦN|Phần)\s+(?:[IVXLC]+|\d+|THỨ|thứ)\b|[IVXLC]+\.\s+\S|\d{1,2}\.\s+[^\d\s|])(?!.*\s\|\s)")


def _article_heading(article: Article) -> str:
    if article.kind == "section":
        return article.title
    if article.kind == "annex" and is_form(article.number) and not article.number.startswith(FORM_PREFIX + "-"):
        return annex_label(article.number, article.title)  # "Mẫu đơn đề nghị …": the title is the name
    if article.kind == "annex":
        label = annex_label(article.number)
        return f"{label}. {article.title}" if article.title else label
    return f"Điều {article.number}. {article.title}".strip() if article.title else f"Điều {article.number}"


def chunk(doc: LegalDocument, collection: str = "") -> list[Chunk]:
    """All chunks of one document, in document order."""
    out: list[Chunk] = []
    used: dict[str, int] = {}
    title_key = doc.title.strip().lower()
    is_pd = doc.doc_type == "Pháp điển"

    for art in doc.articles:
        base_id = f"{doc.doc_id}#{art.number}"
        if base_id in used:
            used[base_id] += 1
            base_id = f"{base_id}~{used[base_id]}"
        else:
            used[base_id] = 1
        path = [doc.title] + ([art.part] if art.part else [])
        path += [h for h in art.heading_path if h.strip().lower() != title_key]
        path.append(_article_heading(art))
        validity = merge_validity(doc.validity, art.validity)
        text = art.text or art.title  # Pháp điển: some articles are only a heading sentence
        if is_pd:
            # the provision's own document is what matters for hierarchy / dates
            dtype = art.source_doc_type or doc.doc_type
            dnum = art.source_doc_number or doc.number
            issuer = issuer_from_number(art.source_doc_number) or doc.issuer
        else:
            dtype, dnum, issuer = doc.doc_type, doc.number, doc.issuer
        common = dict(
            doc_id=doc.doc_id,
            law_id=doc.doc_id,
            article_id=art.number,
            heading_path=path,
            article_title=art.title,
            doc_title=doc.title,
            doc_type=dtype,
            doc_number=dnum,
            issuer=issuer,
            issued_on=doc.issued_on,
            validity=validity,
            source_citation=art.source_citation,
            source_path=doc.source_path,
            collection=collection,
            from_ocr=doc.from_ocr,
        )
        out.append(Chunk(id=base_id, text=text, citation=cite(doc, art), **common))
        if art.kind == "annex":
            if len(art.text.split()) > LONG_ARTICLE_WORDS:
                for k, part in enumerate(annex_parts(art.text), 1):
                    out.append(Chunk(id=f"{base_id}/p{k}", text=part, citation=cite(doc, art), **common))
            continue
        labelled = [c for c in art.clauses if c.label]
        long_article = art.kind == "article" and len(labelled) >= 2 and len(art.text.split()) > LONG_ARTICLE_WORDS
        if art.kind == "article" and not long_article:
            # a khoản the document gives its own, later start ("riêng khoản 3 Điều 2 có hiệu lực từ ngày …") gets a
            # chunk of its own even in a short article, so a search as of a date between the two starts sees it
            # as not yet in force
            labelled = [c for c in labelled if c.validity.effective_from]
        if art.kind == "article" and labelled and (long_article or len(art.clauses) >= 2):
            for c in labelled:
                own = common if c.validity == Validity() else {**common, "validity": merge_validity(validity, c.validity)}
                out.append(
                    Chunk(
                        id=f"{base_id}/k{c.label}",
                        clause=c.label,
                        text=clause_text(c),
                        citation=cite(doc, art, c),
                        **own,
                    )
                )
    return out
