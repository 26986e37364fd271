"""Read source files into :class:`~assistant.records.RawDocument` records (normalised text, no structure).

Formats: PDF (pypdf text layer; a page whose text layer is out of reading order — fragments written after text
that follows them on the line, as LibreOffice writes letters a substitute font supplies — is re-read by glyph
position with poppler's pdftotext, ``meta["reordered_pages"]``, or kept with a warning if pdftotext is missing; a
số hiệu broken at its hyphen by the line width is rejoined; bare page numbers and running headers/footers dropped,
not the issuer lines atop a page that opens with the quốc hiệu; a page with a ruled table — horizontal and vertical
lines drawn across each other, at least two cells: a DOCX table printed to PDF, which pypdf and pdftotext read column by
column — is re-read with pdftotext, the table row by row with cells joined by " | " as DOCX tables are (merged cells
once, a row broken over a page joined again, a header row repeated on the next page left out), ``meta["table_pages"]``;
pages without a text layer — scans — are OCR'd, see below), DOCX (python-docx: paragraphs + tables in body order, heading styles →
``#``; Word automatic list numbers — "Điều 1.", "1.", "a)" drawn from numbering.xml — put back in front of their
paragraphs, :mod:`assistant.docx_numbering`; text in tracked insertions, smart tags, content controls and
simple fields read as Word shows it, deleted text and text boxes left out; Word footnotes → "[n]" markers + "[n] …"
lines after the text (a văn bản hợp nhất's amendment history); ``<w:softHyphen/>`` kept as U+00AD, which is the letter "ư" in TCVN3 text), old Word .doc, .rtf and
.odt (converted to DOCX by LibreOffice, :mod:`assistant.convert`, then read as DOCX; a ".doc" that is really
RTF, Word-saved HTML or a renamed DOCX, or a ".docx" that is really an old .doc, is recognised by its first
bytes), scanned page images .png/.jpg/.jpeg/.tif/.tiff (OCR; every frame of a multi-page TIFF), HTML
(BeautifulSoup + lxml; script/style/nav… dropped, block elements → lines, headings → ``#``; table cells joined
by " | "; a page saved from a website keeps only the document: the legal sites' content containers, else the lowest
element holding every quốc hiệu / "Điều N." / "Nơi nhận:" line that is not a link, plus the appendix blocks after it;
the page's "Thuộc tính" box — Số hiệu, Ngày ban hành, Ngày hiệu lực … — goes to ``meta``), TXT/MD (tab-separated table rows → " | " cells; BOM / UTF-8 / cp1258 / legacy TCVN3–VNI detection
via :mod:`assistant.text`; a PDF saved as text — pages split by form feeds or "Trang N/M" footers — loses the same page
furniture as a PDF and gets its số hiệu broken at a hyphen rejoined), ALQAC corpus JSON (one document per law, pre-split ``articles``) and Pháp điển đề
mục markdown (front matter + "THÔNG TIN VĂN BẢN" table → ``meta``, body between ``## VĂN BẢN`` and
``## Danh sách điều khoản`` → ``text``).

OCR (Tesseract, Vietnamese model): only PDF pages with (almost) no text layer are OCR'd; pages with a text
layer keep it. ``meta["ocr_pages"]`` / ``meta["ocr_confidence"]`` record which pages came from OCR (and
Tesseract's mean word confidence) and a warning says the text may contain recognition errors. Per-page and
per-file time limits and a page cap (``Settings().ocr_*``) keep a big scan from holding up ingest; pages left
out are named in a warning. Without Tesseract (or its ``vie`` model, or pdftoppm) scanned pages are listed in
``warnings`` and an all-image PDF or an image file is a :class:`LoadError`, each saying what to install.

Every problem with one file is a :class:`LoadError` with a one-line Vietnamese reason: unsupported extension,
empty or over-size file (checked with ``stat`` before reading), file gone between listing and reading,
corrupt / non-PDF / encrypted / image-only PDF that OCR cannot read, broken DOCX/.doc/.rtf/.odt, LibreOffice
or Tesseract missing or timing out, undecidable legacy encoding, JSON that isn't an ALQAC corpus.
:func:`iter_documents` yields those errors and carries on with the next file.

Doesn't: read spreadsheets (.xls/.xlsx/.ods/.csv: refused with a hint to save them as tab-separated text) or .ppt, parse articles/clauses (that is :mod:`assistant.legal`), follow links, read
password-protected PDFs, or correct OCR spelling beyond a misread "Điều" heading.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from assistant.config import Settings, get_settings
from assistant.records import RawDocument, SourceFormat
from assistant.text import LegacyEncodingError, decode_bytes, normalize_detailed

__all__ = ["LoadError", "load", "iter_documents", "MAX_FILE_MB", "SUPPORTED_SUFFIXES", "OFFICE_SUFFIXES", "IMAGE_SUFFIXES",
           "find_phapdien_root"]

log = logging.getLogger(__name__)

MAX_FILE_MB: float = 50.0
"""Files larger than this are refused without being read (override per call with ``max_mb``)."""
SCANNED_PAGE_MIN_CHARS = 10
"""A PDF page whose text layer has fewer non-blank characters than this counts as scanned (image only)."""
OFFICE_SUFFIXES = {".doc", ".rtf", ".odt"}  # converted to DOCX by LibreOffice
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}  # a scanned page (or pages: multi-page TIFF), OCR'd
SUPPORTED_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".txt", ".md", ".markdown", ".json"} | OFFICE_SUFFIXES | IMAGE_SUFFIXES
SPREADSHEET_SUFFIXES = {".xlsx", ".xls", ".xlsm", ".ods", ".csv"}  # refused with a hint (save as tab-separated .txt)
PHAPDIEN_INDEX = "INDEX.tsv"
_MD_H1_RE = re.compile(r"^#[ \t]+(.+)$", re.M)
_SKIP_NAMES = {PHAPDIEN_INDEX, "MANIFEST.sha256"}  # dataset manifests living next to the documents


class LoadError(Exception):
    """One file could not be loaded. ``str(e) == f"{path}: {reason}"`` (one line, Vietnamese reason)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(str(reason).split())  # always one line
        super().__init__(f"{self.path}: {self.reason}")

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across processes
        return (LoadError, (self.path, self.reason))


# --------------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------------


def load(
    path: str | Path, root: Path | None = None, *, max_mb: float | None = None, settings: Settings | None = None
) -> list[RawDocument]:
    """Load one file. ALQAC JSON gives one document per law; everything else one document.

    ``root``: the directory doc ids are made relative to (default: just the file name; Pháp điển files use
    the nearest ancestor holding ``INDEX.tsv`` first). ``settings``: tool paths, OCR limits and the
    conversion cache (default :func:`~assistant.config.get_settings`). Raises :class:`LoadError`.
    """
    p = Path(path)
    limit_mb = MAX_FILE_MB if max_mb is None else max_mb
    try:
        st = p.stat()
    except FileNotFoundError:
        raise LoadError(p, "tệp không còn tồn tại (đã bị xóa hoặc di chuyển)") from None
    except OSError as e:
        raise LoadError(p, f"không đọc được tệp ({e.strerror or e})") from None
    if p.is_dir():
        raise LoadError(p, "là thư mục, không phải tệp (dùng iter_documents)")
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        if suffix in SPREADSHEET_SUFFIXES:  # a danh mục kept as a spreadsheet: say how to make it readable
            raise LoadError(p, f"định dạng không hỗ trợ ({suffix}): bảng tính chưa đọc được; hãy lưu thành văn bản "
                               "phân cách bằng tab (.txt) hoặc PDF/Word rồi nạp lại")
        raise LoadError(p, f"định dạng không hỗ trợ ({suffix or 'không có phần mở rộng'})")
    if st.st_size == 0:
        raise LoadError(p, "tệp rỗng (0 byte)")
    limit = int(limit_mb * 1024 * 1024)
    if st.st_size > limit:
        raise LoadError(p, f"tệp quá lớn ({_mb(st.st_size)} MB > {limit_mb:g} MB)")
    data = _read_bytes(p, limit)

    settings = settings or get_settings()
    if suffix == ".pdf":
        text, title, meta, warnings = _pdf(p, data, settings)
        return [_make(p, root, "pdf", text, title, meta, warnings)]
    if suffix in OFFICE_SUFFIXES:
        return [_office(p, data, root, settings)]
    if suffix in IMAGE_SUFFIXES:
        text, meta, warnings = _image(p, data, settings)
        return [_make(p, root, "image", text, None, meta, warnings)]
    if suffix == ".docx" and not data.startswith(b"PK"):
        from assistant.convert import sniff_office

        if sniff_office(data) in ("doc", "rtf", "html"):  # an old .doc (or RTF, Word HTML) renamed .docx
            return [_office(p, data, root, settings)]
    if suffix == ".docx":
        text, title, meta, warnings = _docx(p, data)
        return [_make(p, root, "docx", text, title, meta, warnings)]
    if suffix in (".html", ".htm"):
        text, title, meta, warnings = _html(p, data)
        return [_make(p, root, "html", text, title, meta, warnings)]
    if suffix == ".json":
        return _json(p, data)
    # .txt / .md
    raw, enc = _decode(p, data)
    warnings: list[str] = []
    if enc in ("tcvn3", "vni", "cp1258"):
        warnings.append(f"tệp dùng bảng mã {enc.upper()}, đã chuyển sang Unicode")
    elif enc == "utf-8-double":
        warnings.append("tệp bị lỗi mã hóa (UTF-8 từng bị đọc nhầm thành Latin-1/cp1252 rồi lưu lại, chữ hiện như "
                        "“Sá»‘”); đã khôi phục tiếng Việt — nên kiểm tra lại tệp gốc")
    elif enc == "cp1252":
        warnings.append("không nhận ra bảng mã tiếng Việt của tệp; đã đọc theo cp1252")
    if suffix != ".txt" and _is_phapdien(raw):
        return [_phapdien(p, raw, root, warnings)]
    title = None
    if suffix != ".txt":
        h1 = _MD_H1_RE.search(raw[:5000])
        title = h1.group(1).strip(" #") if h1 else None
    raw = _tab_rows(raw)
    meta: dict[str, Any] = {"encoding": enc}
    pages = _text_pages(raw)
    if pages:  # the text of a PDF saved as .txt (pdftotext, "Lưu dưới dạng văn bản"): its page furniture goes too
        kept, n_dropped = _strip_running_lines(pages)
        if n_dropped:
            raw = "\n".join(kept)
            meta["running_lines_removed"] = n_dropped
        # "…/NĐ-" + line break + "CP hết hiệu lực …": one line again (the sentence goes on after the number)
        raw = _SPLIT_NUMBER_RE.sub(lambda m: m.group(1) + m.group(2) + ("" if m.string[m.end():m.end() + 1] in ("\n", "") else " "), raw)
    return [_make(p, root, "txt" if suffix == ".txt" else "md", raw, title, meta, warnings)]


# "Trang 3/12", "Trang 3 của 12", "Page 3 of 12" on a line of its own: the end of a page in a PDF saved as text
_PAGE_OF_RE = re.compile(r"^[-–—\s]*(?:Trang|trang|Page|page)\s*\d{1,4}\s*(?:/|của|of)\s*\d{1,4}[-–—\s]*$")


def _text_pages(text: str) -> list[str] | None:
    """The pages of a text file that was a PDF: split at form feeds (pdftotext), else after "Trang N/M" footer lines
    (two or more); None for an ordinary text file."""
    if "\f" in text:
        pages = text.split("\f")
        return pages if len([pg for pg in pages if pg.strip()]) >= 2 else None
    lines = text.split("\n")
    ends = [i for i, ln in enumerate(lines) if _PAGE_OF_RE.match(ln)]
    if len(ends) < 2:
        return None
    bounds = [0] + [i + 1 for i in ends] + [len(lines)]
    return ["\n".join(lines[a:b]) for a, b in zip(bounds, bounds[1:]) if a < b]


_TAB_ROW_RE = re.compile(r"^[^\t\n]*\t[^\n]*\t[^\n]*$", re.M)


def _tab_rows(text: str) -> str:
    """Table rows pasted as tab-separated cells ("1\tBản sao …\tBản\t4.000": two tabs or more) → cells joined by
    " | ", as the DOCX and HTML readers write table rows; normalisation would otherwise turn the tabs into single
    spaces and the columns would be lost. A line with one tab ("Điều 1.\tPhạm vi …") is left alone."""

    def row(m: re.Match[str]) -> str:
        cells = [c.strip() for c in m.group(0).split("\t") if c.strip()]
        return " | ".join(cells) if len(cells) >= 2 else m.group(0)

    text = _TAB_ROW_RE.sub(row, text) if "\t" in text else text
    return _header_rows(text)


_HEADER_GAP_RE = re.compile(r"(?<=\S)(?:[ \u00a0]*\t[ \t\u00a0]*|[ \u00a0]{3,})(?=\S)")
HEADER_LINES = 8
# a cell of a document header: the quốc hiệu and motto, the số hiệu, the place and date ("Hà Nội, ngày 15 tháng 3 …")
_HEADER_CELL_RE = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)|Độc lập|^(?:Số|SỐ)\b|,\s*ngày\s+\d{1,2}\s+tháng")


def _header_rows(text: str) -> str:
    """The two-column header of a document typed or saved as text ("ỦY BAN NHÂN DÂN<TAB>CỘNG HÒA XÃ HỘI …" /
    "TỈNH QUẢNG NGÃI<TAB>Độc lập …", or columns padded with spaces by pdftotext -layout): in the first
    ``HEADER_LINES`` non-empty lines, cells split by a tab or three spaces or more → joined by " | " like a table row
    when a cell is the quốc hiệu, motto, số hiệu or date or the first one is in capitals ("Điều 1.<TAB>Phạm vi" is not),
    so the issuer's second line is not read as part of the quốc hiệu (normalisation turns a tab into one space)."""
    lines = text.split("\n")
    seen = 0
    for i, ln in enumerate(lines):
        if not ln.strip():
            continue
        seen += 1
        if seen > HEADER_LINES:
            break
        if " | " in ln or not _HEADER_GAP_RE.search(ln.strip()):
            continue
        cells = [c.strip() for c in _HEADER_GAP_RE.split(ln.strip()) if c.strip()]
        if any(_HEADER_CELL_RE.search(c) for c in cells) or (cells[0] == cells[0].upper() and not cells[0][:1].isdigit()):
            lines[i] = " | ".join(cells)
    return "\n".join(lines)


def iter_documents(
    paths: Iterable[str | Path], *, max_mb: float | None = None, settings: Settings | None = None
) -> Iterator[RawDocument | LoadError]:
    """Yield documents (or a :class:`LoadError` per bad file) for files and directories, never stopping early.

    Directories are walked recursively in sorted order; hidden files/dirs (``.name``) and dataset manifests
    (``INDEX.tsv``, ``MANIFEST.sha256``) are skipped; doc ids are relative to the directory given.
    """
    for given in paths:
        base = Path(given)
        if base.is_dir():
            for f in _list_files(base):
                yield from _safe_load(f, base, max_mb, settings)
        elif base.exists():
            yield from _safe_load(base, None, max_mb, settings)
        else:
            yield LoadError(base, "không tìm thấy tệp hoặc thư mục")


def find_phapdien_root(path: Path, fallback: Path | None = None) -> Path | None:
    """Nearest ancestor directory of ``path`` that holds ``INDEX.tsv``; else ``fallback``."""
    for parent in path.resolve().parents:
        if (parent / PHAPDIEN_INDEX).is_file():
            return parent
    return fallback


# --------------------------------------------------------------------------------------------------
# plumbing
# --------------------------------------------------------------------------------------------------


def _list_files(base: Path) -> list[Path]:
    out = []
    for f in sorted(base.rglob("*")):
        rel = f.relative_to(base)
        if any(part.startswith(".") for part in rel.parts) or f.name in _SKIP_NAMES:
            continue
        if f.is_file():
            out.append(f)
    return out


def _safe_load(
    f: Path, root: Path | None, max_mb: float | None, settings: Settings | None
) -> Iterator[RawDocument | LoadError]:
    try:
        yield from load(f, root, max_mb=max_mb, settings=settings)
    except LoadError as e:
        yield e
    except Exception as e:  # noqa: BLE001 - one bad file must not stop a batch
        log.exception("unexpected error loading %s", f)
        yield LoadError(f, f"lỗi không xác định khi đọc tệp ({type(e).__name__}: {e})")


def _read_bytes(p: Path, limit: int) -> bytes:
    try:
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise LoadError(p, "tệp không còn tồn tại (đã bị xóa hoặc di chuyển)") from None
    except OSError as e:
        raise LoadError(p, f"không đọc được tệp ({e.strerror or e})") from None
    if len(data) > limit:
        raise LoadError(p, f"tệp quá lớn (> {limit / 1048576:g} MB)")
    if not data:
        raise LoadError(p, "tệp rỗng (0 byte)")
    return data


def _mb(n_bytes: int) -> str:
    mb = n_bytes / 1048576
    return f"{mb:.1f}" if mb >= 10 else f"{mb:.3g}"


def _doc_id(p: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return p.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return p.name


def _norm(p: Path, text: str, warnings: list[str]) -> str:
    try:
        out, legacy = normalize_detailed(text)
    except LegacyEncodingError as e:
        raise LoadError(p, str(e)) from None
    if legacy:
        warnings.append(f"văn bản dùng bảng mã {legacy.upper()}, đã chuyển sang Unicode")
    return out


def _make(
    p: Path,
    root: Path | None,
    fmt: SourceFormat,
    text: str,
    title: str | None,
    meta: dict[str, Any],
    warnings: list[str],
    doc_id: str | None = None,
) -> RawDocument:
    text = _norm(p, text, warnings)
    if not text.strip():
        raise LoadError(p, "không có nội dung văn bản")
    if title:
        title = _norm(p, title, warnings).replace("\n", " ") or None
    return RawDocument(
        doc_id=doc_id or _doc_id(p, root),
        source_path=str(p),
        format=fmt,
        text=text,
        checksum=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=title,
        meta=meta,
        warnings=list(dict.fromkeys(warnings)),
    )


def _decode(p: Path, data: bytes) -> tuple[str, str]:
    try:
        return decode_bytes(data)
    except LegacyEncodingError as e:
        raise LoadError(p, str(e)) from None


# --------------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------------


def _pdf(p: Path, data: bytes, settings: Settings) -> tuple[str, str | None, dict[str, Any], list[str]]:
    if b"%PDF-" not in data[:1024]:
        raise LoadError(p, "không phải tệp PDF hợp lệ (thiếu chữ ký %PDF)")
    import pypdf
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as e:  # noqa: BLE001 - e.g. AES without a crypto provider
                raise LoadError(p, f"tệp PDF được mã hóa, không giải mã được ({e})") from None
            if not ok:
                raise LoadError(p, "tệp PDF được mã hóa bằng mật khẩu, không đọc được")
        pages = list(reader.pages)
    except LoadError:
        raise
    except Exception as e:  # noqa: BLE001 - pypdf raises many types (PdfReadError, KeyError …) on broken input
        raise LoadError(p, f"tệp PDF bị hỏng, không đọc được ({type(e).__name__})") from None
    if not pages:
        raise LoadError(p, "tệp PDF không có trang nào")
    texts: list[str | None] = [None] * len(pages)  # by page; None = nothing usable (yet)
    scanned: list[int] = []
    broken: list[int] = []
    disordered: list[tuple[int, int]] = []  # (page, lines out of order)
    grids: dict[int, list[_Grid]] = {}  # page → its ruled tables
    for i, page in enumerate(pages, start=1):
        frags: list[tuple[float, float, str, float]] = []
        paths = _Paths()
        try:
            t = page.extract_text(visitor_text=lambda text, cm, tm, _fd, size: frags.append(_place(text, cm, tm, size)),
                                  visitor_operand_before=paths) or ""
        except Exception:  # noqa: BLE001 - a broken page counts as unreadable
            broken.append(i)
            continue
        if len(paths.segs) >= 4:
            try:
                box = page.mediabox
                found = _find_tables(paths.segs, float(box.left), float(box.top)) if not page.rotation else []
            except Exception:  # noqa: BLE001 - odd boxes: read the page as text
                found = []
            if found:
                grids[i] = found
        if len("".join(t.split())) < SCANNED_PAGE_MIN_CHARS:
            scanned.append(i)
            continue
        texts[i - 1] = t
        n_out = _out_of_order(frags)
        if n_out:
            disordered.append((i, n_out))
    if len(broken) == len(pages):
        raise LoadError(p, "tệp PDF bị hỏng, không trang nào đọc được")
    warnings: list[str] = []
    if broken:
        warnings.append(f"trang {_pages_str(broken)} bị hỏng, không đọc được, đã bỏ qua")
    meta: dict[str, Any] = {"pages": len(pages), "scanned_pages": scanned, "broken_pages": broken}
    if sum(n for _, n in disordered) >= _OVERLAPS_MIN:  # the writer's habit: every page with one such line
        _reorder_into(p, data, [pg for pg, _ in disordered], texts, meta, warnings, settings)
    grids = {pg: g for pg, g in grids.items() if texts[pg - 1] is not None}
    table_rows: set[str] = set()
    if grids:
        _tables_into(data, grids, texts, meta, warnings, settings, table_rows)
    why_not = None
    if scanned:
        why_not = _ocr_into(p, data, scanned, texts, meta, warnings, settings)
    if not any(texts):
        n = len(pages)
        if why_not:
            raise LoadError(p, f"PDF dạng ảnh quét ({n} trang, không có lớp văn bản); không nhận dạng được chữ: {why_not}")
        raise LoadError(p, f"PDF dạng ảnh quét ({n} trang), OCR không nhận được chữ nào; " + "; ".join(warnings))
    title = None
    try:
        if reader.metadata and reader.metadata.title:
            title = str(reader.metadata.title).strip() or None
    except Exception:  # noqa: BLE001
        title = None
    kept, n_dropped = _strip_running_lines([t for t in texts if t], keep=table_rows)
    meta["running_lines_removed"] = n_dropped
    return _SPLIT_NUMBER_RE.sub(_join_number, "\n\n".join(kept)), title, meta, warnings


# A số hiệu broken at its hyphen by the line width: "… Nghị định số 61/2018/NĐ-" / "CP ngày 23 tháng 4 …"
_SPLIT_NUMBER_RE = re.compile(r"(\d/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9/-]*-)\n([A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*(?![\w/-])[.,;:)”\"]*)[ \t]*")


def _join_number(m: re.Match[str]) -> str:
    """"…/NĐ-" + newline + "CP ngày …" → "…/NĐ-CP" + newline + "ngày …" (the line keeps its place)."""
    rest = m.string[m.end() : m.end() + 1]
    return f"{m.group(1)}{m.group(2)}" + ("" if rest in ("\n", "") else "\n")


def _place(text: str, cm: list[float], tm: list[float], size: float) -> tuple[float, float, str, float]:
    """A text fragment pypdf hands to a visitor: (x, y) on the page, its text, its font size (all in points)."""
    x, y = tm[4], tm[5]
    return (x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5], text, abs(size * tm[3] * cm[3]) or abs(size))


_OVERLAPS_MIN = 3


def _out_of_order(frags: list[tuple[float, float, str, float]]) -> int:
    """Is the page's text layer out of reading order? Some PDF writers (LibreOffice where a font lacks Vietnamese
    letters and a substitute font supplies them: "Ộ", "ố", "ạ" …) write each line's text font by font, so the
    letters of the second font come after the line and pypdf, which follows the content stream, gives
    "B TÀI CHÍNHỘ" for "BỘ TÀI CHÍNH". Seen as fragments starting inside a fragment written before them on the
    same baseline (its width taken low: 0.3 em a character, its last character and fragments under three characters
    left out: a narrow "i" is less wide). Returns the number of such lines; a document is re-read when it has at
    least three (then every page with one is)."""
    lines: set[int] = set()
    prev: tuple[float, float, str, float] | None = None
    for f in frags:
        if not f[2].strip():
            continue
        if prev is not None and abs(f[1] - prev[1]) < 0.3 * max(prev[3], 1.0):
            n = len(prev[2].strip())
            if n >= 3 and prev[0] + 0.5 < f[0] < prev[0] + 0.3 * prev[3] * (n - 1):
                lines.add(round(f[1]))
        prev = f
    return len(lines)


# "thủ t ục", "gi ấy", "h ỗ trợ": a word pdftotext splits where a glyph of the substitute font is narrower than the
# space it was placed in — a lone Vietnamese initial consonant (no vowel: never a word) before a vowel-led rest
_SPLIT_WORD_RE = re.compile(
    r"(?<![\w/.-])(b|c|ch|d|đ|g|gh|gi|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x) "
    r"(?=[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýơưăâêô])", re.I)


# pdftotext glues a header's rule to the block after it: "--------------QUY CHẾ"
_GLUED_RULE_RE = re.compile(r"^([-–_=]{3,})(?=[^\W\d_])", re.M)
_V = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýơưăâêô"
# the same split after an onset and a glide: "ti ếp", "hi ệu", "thu ộc", "lu ật", "tuy ến" — unless the second part is
# a word of its own ("quy ước", "đi ở", "về ổn định")
_SPLIT_SYLLABLE_RE = re.compile(rf"(?<![\w/.-])((?:[bcdđghklmnpqrstvx]{{1,3}})[iuyo]{{1,2}}) ([{_V}][^\W\d_]*)", re.I)
_VOWEL_WORDS = frozenset(
    "ấy ở ước ướt ướp ảnh ổn ổ ồ ồn ốc ốm ống ếch ắt ấm ẩm ấn ẩn ầm ập ắc ẵm ẩu ạ ạch ảo ấp ốp ủ ủi ủy ủng ửng ừ "
    "ứng ưu ưa ý ỷ ơi ớt ợ ở ời ẻ ế ể ì ỉ ò ó ọ ú ụ ù ừng ấu ầu ả à á ạt ải ái ãi ảy ẫn ất ết ệ ề ọc ỏi ói ời".split())


def _reorder_into(p: Path, data: bytes, pages: list[int], texts: list[str | None], meta: dict[str, Any],
                  warnings: list[str], settings: Settings) -> None:
    """Re-read the pages whose text layer is out of reading order with pdftotext (by glyph position)."""
    from assistant.convert import ConvertError, pdf_pages_text

    try:
        res = pdf_pages_text(data, pages, settings)
    except ConvertError as e:
        warnings.append(f"trang {_pages_str(pages)}: lớp văn bản không theo thứ tự đọc (chữ có dấu có thể bị tách khỏi "
                        f"từ), đã giữ nguyên; {e.reason}")
        return
    done = []
    for page, t in res.items():
        if len("".join(t.split())) >= 0.9 * len("".join((texts[page - 1] or "").split())):  # never lose text
            texts[page - 1] = _fix_pdftotext(t)
            done.append(page)
    meta["reordered_pages"] = done


def _fix_pdftotext(t: str) -> str:
    """pdftotext's damage where a substitute font supplies Vietnamese letters: a rule glued to the next line, words
    split before a narrower glyph ("thủ t ục", "ti ếp")."""
    t = _GLUED_RULE_RE.sub(r"\1\n", t)
    t = _SPLIT_WORD_RE.sub(r"\1", t)
    return _SPLIT_SYLLABLE_RE.sub(lambda m: m.group(0) if m.group(2).lower() in _VOWEL_WORDS
                                  else m.group(1) + m.group(2), t)


# --------------------------------------------------------------------------------------------------
# PDF tables (a DOCX table printed to PDF: pypdf and pdftotext read it column by column)
# --------------------------------------------------------------------------------------------------

_STROKE_OPS = frozenset((b"S", b"s", b"B", b"B*", b"b", b"b*"))
_FILL_OPS = frozenset((b"f", b"F", b"f*"))
_PATH_OPS = _STROKE_OPS | _FILL_OPS | frozenset((b"m", b"l", b"h", b"re", b"n"))
_RULE_TOL = 2.0  # points: rulings this close are one line; a line this close to a cell edge is its border
_MAX_SEGS = 4000  # a page drawing more lines is a drawing, not a table


class _Paths:
    """The straight lines a page strokes (and thin filled bars, as Word draws borders), collected from the content
    stream by pypdf's ``visitor_operand_before``: ``segs`` = (x0, y0, x1, y1) in page space."""

    def __init__(self) -> None:
        self.segs: list[tuple[float, float, float, float]] = []
        self._pending: list[tuple[bool, tuple[float, float], tuple[float, float]]] = []
        self._pt: tuple[float, float] | None = None
        self._start: tuple[float, float] | None = None

    def __call__(self, op: bytes, args: list[Any], cm: list[float], _tm: list[float]) -> None:
        if op not in _PATH_OPS or len(self.segs) > _MAX_SEGS:  # most operators are text ones: one set look-up
            return
        try:
            if op == b"m":
                self._pt = self._start = _apply_cm(cm, float(args[0]), float(args[1]))
            elif op == b"l" and self._pt is not None:
                q = _apply_cm(cm, float(args[0]), float(args[1]))
                self._pending.append((False, self._pt, q))
                self._pt = q
            elif op == b"h" and self._pt is not None and self._start is not None:
                self._pending.append((False, self._pt, self._start))
                self._pt = self._start
            elif op == b"re":
                x, y, w, h = (float(a) for a in args[:4])
                self._pending.append((True, _apply_cm(cm, x, y), _apply_cm(cm, x + w, y + h)))
            elif op in _STROKE_OPS or op in _FILL_OPS:
                self._paint(stroke=op in _STROKE_OPS)
            elif op == b"n":
                self._pending = []
        except (TypeError, ValueError, IndexError):
            self._pending = []

    def _paint(self, stroke: bool) -> None:
        for is_rect, (ax, ay), (bx, by) in self._pending:
            if not is_rect:
                if stroke:
                    self.segs.append((ax, ay, bx, by))
                continue
            x0, x1, y0, y1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
            if x1 - x0 <= _RULE_TOL and y1 - y0 > _RULE_TOL:  # a thin bar: one vertical line
                self.segs.append(((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
            elif y1 - y0 <= _RULE_TOL and x1 - x0 > _RULE_TOL:
                self.segs.append((x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
            elif stroke:  # a stroked box: its four edges (a filled one is shading)
                self.segs += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
        self._pending = []


def _apply_cm(cm: list[float], x: float, y: float) -> tuple[float, float]:
    return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]


class _Grid:
    """A ruled table: column edges ``xs`` (left to right), row edges ``ys`` (top to bottom; points from the top
    left of the media box, as pdftotext gives word boxes) and the merged cell each grid cell belongs to."""

    def __init__(self, xs: list[float], ys: list[float], group: list[list[int]]) -> None:
        self.xs, self.ys, self.group = xs, ys, group
        self.rows: list[list[tuple[int, str]]] = []  # per grid row: (merged cell, its text) per column
        self.head: list[list[str]] = []  # the texts of the rows as first read (before a page break took some)

    def cell(self, x: float, y: float) -> tuple[int, int] | None:
        import bisect

        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        r = min(bisect.bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        c = min(bisect.bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        return r, c


def _cluster(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= _RULE_TOL:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _find_tables(segs: list[tuple[float, float, float, float]], left: float, top: float) -> list[_Grid]:
    """The ruled tables of a page: horizontal and vertical lines that cross each other, at least two cells (a
    single ruled box, a header's short rule or an underline is not a table), in reading order (top to bottom)."""
    if len(segs) > _MAX_SEGS:
        return []
    hs: list[tuple[float, float, float]] = []  # (y, x0, x1)
    vs: list[tuple[float, float, float]] = []  # (x, y0, y1)
    for x0, y0, x1, y1 in segs:
        x0, x1, y0, y1 = x0 - left, x1 - left, top - y0, top - y1
        if abs(y0 - y1) <= 1 and abs(x1 - x0) >= 5:
            hs.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) <= 1 and abs(y1 - y0) >= 5:
            vs.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    if len(hs) < 2 or len(vs) < 2:
        return []
    t = _RULE_TOL
    parent = list(range(len(hs) + len(vs)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vy0, vy1) in enumerate(vs):
            if hx0 - t <= x <= hx1 + t and vy0 - t <= y <= vy1 + t:
                parent[find(i)] = find(len(hs) + j)
    comps: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        comps.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        comps.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids: list[_Grid] = []
    for chs, cvs in comps.values():
        xs, ys = _cluster([v[0] for v in cvs]), _cluster([h[0] for h in chs])
        if len(xs) < 2 or len(ys) < 2 or len(xs) + len(ys) < 5:
            continue
        n_r, n_c = len(ys) - 1, len(xs) - 1
        root = list(range(n_r * n_c))

        def top_of(a: int) -> int:
            while root[a] != a:
                a = root[a]
            return a

        def join(a: int, b: int) -> None:
            ra, rb = top_of(a), top_of(b)
            if ra != rb:
                root[max(ra, rb)] = min(ra, rb)

        for r in range(n_r):
            ym = (ys[r] + ys[r + 1]) / 2
            for c in range(n_c - 1):  # no vertical line between two cells of a row: one merged cell
                if not any(abs(x - xs[c + 1]) <= t and y0 - t <= ym <= y1 + t for x, y0, y1 in cvs):
                    join(r * n_c + c, r * n_c + c + 1)
        for c in range(n_c):
            xm = (xs[c] + xs[c + 1]) / 2
            for r in range(n_r - 1):
                if not any(abs(y - ys[r + 1]) <= t and x0 - t <= xm <= x1 + t for y, x0, x1 in chs):
                    join(r * n_c + c, (r + 1) * n_c + c)
        grids.append(_Grid(xs, ys, [[top_of(r * n_c + c) for c in range(n_c)] for r in range(n_r)]))
    grids.sort(key=lambda g: g.ys[0])
    # tables side by side (or one inside another) are not read as rows: the page stays as it was
    if any(b.ys[0] < a.ys[-1] for a, b in zip(grids, grids[1:])):
        return []
    return grids


def _join_words(words: list[tuple[float, float, float, float, str]]) -> str:
    """The words of one pdftotext line: pieces that touch (split where the font changes: "PH" "Ụ") are one word."""
    out = ""
    prev_x1 = None
    for x0, y0, x1, y1, w in words:
        if prev_x1 is not None and x0 - prev_x1 > 0.1 * (y1 - y0):
            out += " "
        out += w
        prev_x1 = x1
    return out


# a page number (or nothing) between a table at the foot of a page and its continuation at the top of the next
_PAGE_NO_ONLY_RE = re.compile(r"^[\s\-–—]*(?:(?:Trang|trang)\s*)?\d{0,4}(?:\s*/\s*\d{1,4})?[\s\-–—]*$")


def _tables_into(data: bytes, grids: dict[int, list[_Grid]], texts: list[str | None], meta: dict[str, Any],
                 warnings: list[str], settings: Settings, rows_out: set[str]) -> None:
    """Re-read the pages with a ruled table with pdftotext: the text above, between and below the tables as text,
    each table row by row with its cells joined by " | " as the DOCX and HTML readers write them (merged cells
    once, empty cells left out), a row broken across pages joined again and header rows repeated on the next page
    left out. ``meta["table_pages"]``; a page stays as it was if pdftotext is missing or would lose text. The rows
    written go to ``rows_out`` (no running header/footer: a row like "12 | … | 12.000" at the foot of every page
    would be one "digits aside")."""
    from assistant.convert import ConvertError, pdf_page_layout

    parts_by_page: dict[int, list[str | _Grid]] = {}
    for page, gs in sorted(grids.items()):
        bounds = [0.0] + [v for g in gs for v in (g.ys[0], g.ys[-1])] + [100000.0]
        regions = [(0, int(a) + 1, 100000, max(int(b) - int(a) - 1, 1))
                   for a, b in zip(bounds[::2], bounds[1::2])]
        try:
            lines, bands = pdf_page_layout(data, page, regions, settings)
        except ConvertError as e:
            warnings.append(f"trang {page} có bảng nhưng không đọc lại được theo hàng (các ô có thể bị đọc theo cột); "
                            f"{e.reason}")
            continue
        cells: list[dict[int, list[str]]] = [{} for _ in gs]
        for words in lines:
            pieces: dict[tuple[int, int], list] = {}
            for w in words:
                for k, g in enumerate(gs):
                    rc = g.cell((w[0] + w[2]) / 2, (w[1] + w[3]) / 2)
                    if rc is not None:
                        pieces.setdefault((k, g.group[rc[0]][rc[1]]), []).append(w)
                        break
            for (k, gid), ws in pieces.items():
                cells[k].setdefault(gid, []).append(_join_words(ws))
        parts: list[str | _Grid] = []
        for k, g in enumerate(gs):
            parts.append(bands[k])
            g.rows = [[(gid, " ".join(" ".join(cells[k].get(gid, [])).split())) for gid in row] for row in g.group]
            g.head = [[t for _, t in row] for row in g.rows]
            parts.append(g)
        parts.append(bands[-1])
        if _chars(_render_parts(parts)) >= 0.9 * _chars(texts[page - 1] or ""):  # never lose text
            parts_by_page[page] = parts
    for page in sorted(parts_by_page):  # a table going on over the page break
        prev, cur = parts_by_page.get(page - 1), parts_by_page[page]
        if not prev:
            continue
        ends = [x for x in prev if not (isinstance(x, str) and _PAGE_NO_ONLY_RE.match(x))]
        starts = [x for x in cur if not (isinstance(x, str) and _PAGE_NO_ONLY_RE.match(x))]
        if not ends or not starts or not isinstance(ends[-1], _Grid) or not isinstance(starts[0], _Grid):
            continue
        a, b = ends[-1], starts[0]
        if len(a.xs) != len(b.xs) or any(abs(x - y) > 3 for x, y in zip(a.xs, b.xs)):
            continue
        k = 0
        while k < len(b.rows) - 1 and k < len(a.head) and [t for _, t in b.rows[k]] == a.head[k]:
            k += 1  # header rows repeated on the new page
        b.rows = b.rows[k:]
        if b.rows and a.rows and not b.rows[0][0][1] and a.rows[-1][0][1] and any(t for _, t in b.rows[0]):
            a.rows[-1] = [(gid, f"{t} {u}".strip()) for (gid, t), (_, u) in zip(a.rows[-1], b.rows[0])]
            b.rows = b.rows[1:]
    for page, parts in sorted(parts_by_page.items()):
        texts[page - 1] = _fix_pdftotext(_render_parts(parts, rows_out))
    if parts_by_page:
        meta["table_pages"] = sorted(parts_by_page)


def _chars(t: str) -> int:
    return len("".join(t.split()).replace("|", ""))


def _render_parts(parts: list[str | _Grid], rows_out: set[str] | None = None) -> str:
    """A page's text bands and tables, each table row on one line (merged cells once, empty cells left out);
    ``rows_out`` collects the rows written."""
    out: list[str] = []
    for x in parts:
        if isinstance(x, _Grid):
            rows = []
            for row in x.rows:
                seen: set[int] = set()
                vals = []
                for gid, t in row:
                    if gid not in seen:
                        seen.add(gid)
                        if t:
                            vals.append(t)
                if vals:
                    rows.append(" | ".join(vals))
            if rows:
                out.append("\n".join(rows))
                if rows_out is not None:
                    rows_out.update(rows)
        elif x.strip():
            out.append(x.strip("\n"))
    return "\n\n".join(out)


def _pages_str(pages: list[int]) -> str:
    """[2, 4] → "2, 4"; [1, 2, 3, 7] → "1–3, 7" (long page lists stay readable in one warning line)."""
    out: list[str] = []
    i = 0
    while i < len(pages):
        j = i
        while j + 1 < len(pages) and pages[j + 1] == pages[j] + 1:
            j += 1
        out.append(f"{pages[i]}–{pages[j]}" if j - i >= 2 else ", ".join(map(str, pages[i : j + 1])))
        i = j + 1
    return ", ".join(out)


def _ocr_into(
    p: Path,
    data: bytes,
    scanned: list[int],
    texts: list[str | None],
    meta: dict[str, Any],
    warnings: list[str],
    settings: Settings,
) -> str | None:
    """OCR the ``scanned`` pages into ``texts``; record pages, confidence and problems in ``meta``/``warnings``.
    Returns why OCR could not run at all (a Vietnamese "what to install" sentence), else None."""
    from assistant.convert import ConvertError, ocr_pdf_pages, ocr_unavailable

    why = ocr_unavailable(settings, pdf=True)
    if why is None:
        try:
            res = ocr_pdf_pages(data, scanned, settings)
        except ConvertError as e:
            why = e.reason
    if why is not None:
        warnings.append(f"trang {_pages_str(scanned)} không có lớp văn bản (có thể là ảnh quét), đã bỏ qua; {why}")
        return why
    _ocr_report(res, texts, meta, warnings, settings, offset=1)
    return None


def _ocr_report(res, texts, meta, warnings, settings: Settings, offset: int) -> None:  # noqa: ANN001
    """Shared by scanned PDFs and images: keep readable pages, fix their text, say what happened."""
    from assistant.convert import fix_ocr_text

    done: list[int] = []
    unreadable: list[int] = []
    for page in sorted(res.texts):
        t = fix_ocr_text(res.texts[page])
        letters = sum(ch.isalnum() for ch in t)
        if letters < SCANNED_PAGE_MIN_CHARS or res.confidence.get(page, 0.0) < settings.ocr_min_confidence:
            unreadable.append(page)
            continue
        texts[page - offset] = t
        done.append(page)
    meta["ocr_pages"] = done
    meta["ocr_confidence"] = [res.confidence[pg] for pg in done]
    meta["ocr_engine"] = f"tesseract ({settings.ocr_lang})"
    meta["ocr_seconds"] = round(res.seconds, 2)
    meta["ocr_cached_pages"] = res.cached
    if res.rotated:
        meta["ocr_rotated"] = {str(pg): deg for pg, deg in sorted(res.rotated.items())}
    if done:
        conf = sum(meta["ocr_confidence"]) / len(done)
        warnings.append(f"trang {_pages_str(done)} là ảnh quét: chữ được nhận dạng tự động (OCR, độ tin cậy trung bình "
                        f"{conf:.0f}/100) và có thể có lỗi, cần đối chiếu với bản gốc")
    if unreadable:
        warnings.append(f"trang {_pages_str(unreadable)} là ảnh quét nhưng OCR không nhận được chữ, đã bỏ qua")
    by_reason: dict[str, list[int]] = {}
    for page, reason in sorted(res.failed.items()):
        by_reason.setdefault(reason, []).append(page)
    for reason, pgs in by_reason.items():
        warnings.append(f"trang {_pages_str(pgs)}: OCR không thành công ({reason}), đã bỏ qua")
    if res.not_done:
        warnings.append(f"trang {_pages_str(sorted(res.not_done))} chưa được OCR ({res.limit_reason}), đã bỏ qua")


# --------------------------------------------------------------------------------------------------
# scanned page images
# --------------------------------------------------------------------------------------------------


def _image(p: Path, data: bytes, settings: Settings) -> tuple[str, dict[str, Any], list[str]]:
    from assistant.convert import ConvertError, ocr_images

    try:
        res, n = ocr_images(data, settings)
    except ConvertError as e:
        raise LoadError(p, f"ảnh văn bản quét, không nhận dạng được chữ: {e.reason}") from None
    texts: list[str | None] = [None] * n
    meta: dict[str, Any] = {"pages": n}
    warnings: list[str] = []
    _ocr_report(res, texts, meta, warnings, settings, offset=1)
    if not any(texts):
        raise LoadError(p, "ảnh văn bản quét, OCR không nhận được chữ nào; " + "; ".join(warnings))
    return "\n\n".join(t for t in texts if t), meta, warnings


# --------------------------------------------------------------------------------------------------
# old Word .doc, .rtf, .odt (LibreOffice → DOCX)
# --------------------------------------------------------------------------------------------------


def _office(p: Path, data: bytes, root: Path | None, settings: Settings) -> RawDocument:
    from assistant.convert import ConvertError, office_to_docx, sniff_office

    suffix = p.suffix.lower().lstrip(".")  # the format recorded is the file's name: doc, rtf, odt (docx if renamed)
    kind = sniff_office(data)
    if kind is None:
        raise LoadError(p, f"không phải tệp {suffix.upper()} hợp lệ (nội dung không phải Word, RTF hay OpenDocument)")
    if kind == "html":  # Word "Save as Web Page" files named .doc
        text, title, meta, warnings = _html(p, data)
        meta["real_format"] = "html"
        return _make(p, root, suffix, text, title, meta, warnings)  # type: ignore[arg-type]
    if kind == "docx":
        docx_bytes = data
    else:
        try:
            docx_bytes = office_to_docx(data, kind, settings)
        except ConvertError as e:
            raise LoadError(p, e.reason) from None
    text, title, meta, warnings = _docx(p, docx_bytes)
    meta = {**meta, "real_format": kind, "converted_to": "docx" if kind != "docx" else None}
    return _make(p, root, suffix, text, title, meta, warnings)  # type: ignore[arg-type]


_PAGE_NO_RE = re.compile(r"^[-–—\s]*(?:(?:Trang|trang|Page|page)\s*)?\d{1,4}(?:\s*(?:/|của|of)\s*\d{1,4})?[-–—\s]*$")
_EDGE = 2  # lines looked at, at the top and at the bottom of each page
_QUOC_HIEU_RE = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI", re.I)


def _strip_running_lines(pages: list[str], keep: set[str] | frozenset[str] = frozenset()) -> tuple[list[str], int]:
    """Drop page furniture that would land in the middle of an article: bare page numbers ("3", "- 3 -",
    "Trang 3/12") and running headers/footers ("CÔNG BÁO/Số 1215 + 1216/Ngày 25-11-2025") — a line among the
    first/last two of a page that recurs, digits aside, on at least two pages and half of them. Lines in ``keep``
    (table rows read from a PDF) are never dropped."""

    def key(line: str) -> str:
        # the page number may stand before the header on even pages and after it on odd ones ("16 CÔNG BÁO/Số …" /
        # "CÔNG BÁO/Số … 17"): it is not part of the key
        return re.sub(r"^#\s+|\s+#$", "", re.sub(r"\d+", "#", " ".join(line.split())))

    edges: list[list[int]] = []
    split = [p.split("\n") for p in pages]
    counts: dict[str, int] = {}
    # a page opening with a document header (the Quy chế issued with a Quyết định repeats its issuer's header): its
    # top lines ("ỦY BAN NHÂN DÂN" / "TỈNH BẮC NINH") are no running header unless they also top other pages
    header_pages: list[bool] = []
    elsewhere: set[str] = set()  # keys found at the edges of pages without such a header
    for lines in split:
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        e = sorted(set(idx[:_EDGE] + idx[-_EDGE:]))
        edges.append(e)
        header_pages.append(any(_QUOC_HIEU_RE.search(lines[i]) for i in idx[:8]))
        for k in {key(lines[i]) for i in e}:
            counts[k] = counts.get(k, 0) + 1
            if not header_pages[-1]:
                elsewhere.add(k)
    need = max(2, (len(pages) + 1) // 2)
    out: list[str] = []
    dropped = 0
    for lines, e, header_page in zip(split, edges, header_pages):
        drop = set()
        tops = set([i for i, ln in enumerate(lines) if ln.strip()][:_EDGE])
        for i in e:
            if lines[i] in keep:
                continue
            k = key(lines[i])
            if _PAGE_NO_RE.match(lines[i]) or (counts[k] >= need and len(k) >= 4 and not k.lstrip().startswith("Điều")
                                               and not (header_page and i in tops and k not in elsewhere)):
                drop.add(i)
        dropped += len(drop)
        out.append("\n".join(ln for i, ln in enumerate(lines) if i not in drop))
    return out, dropped


# --------------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------------

_HEADING_STYLE_RE = re.compile(r"(?:heading|tiêu đề|đề mục)\s*(\d)", re.I)


def _docx(p: Path, data: bytes) -> tuple[str, str | None, dict[str, Any], list[str]]:
    if not data.startswith(b"PK"):
        raise LoadError(p, "không phải tệp DOCX hợp lệ (không phải gói ZIP)")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, Exception) as e:  # noqa: BLE001
        raise LoadError(p, f"tệp DOCX bị hỏng, không đọc được ({type(e).__name__})") from None
    _soft_hyphens_as_text(document)
    from assistant.docx_numbering import ListNumbers

    numbers = ListNumbers(document)  # "Điều 1.", "1.", "a)" drawn by Word's list numbering, not in the text
    from docx.oxml.ns import qn

    def numbered(p_el, text: str) -> str:  # noqa: ANN001 - a <w:p>
        label = numbers.label(p_el) if numbers else ""
        if not label:
            return text
        if not text:  # Word shows the number of an empty numbered paragraph ("Điều 5." with its title in the next
            return label if label != "-" else text  # paragraph; the "STT" column of a table)
        return label + numbers.separator(p_el) + text

    body = document.element.body
    while (sdt := body.find(qn("w:sdt"))) is not None:  # block content controls (template fields): their paragraphs
        content = sdt.find(qn("w:sdtContent"))           # and tables are the document's text too
        for inner in reversed(list(content) if content is not None else []):
            sdt.addnext(inner)
        body.remove(sdt)
    refs: dict[str, int] = {}  # footnote id → the "[n]" written where it is referenced
    lines: list[str] = []
    first_heading: str | None = None
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            text = numbered(child, _para_text(child, refs).strip())
            if not text:
                lines.append("")
                continue
            try:
                style = (para.style.name if para.style is not None else "") or ""
            except Exception:  # noqa: BLE001 - dangling style ids in hand-made files
                style = ""
            m = _HEADING_STYLE_RE.search(style)
            if m or style.lower() == "title":
                level = int(m.group(1)) if m else 1
                lines.append("#" * max(1, min(level, 6)) + " " + text)
                first_heading = first_heading or text
            else:
                lines.append(text)
            lines.append("")
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    t = " ".join(" ".join(numbered(cp._p, _para_text(cp._p, refs).strip()) for cp in cell.paragraphs).split())
                    if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                        cells.append(t)
                if cells:
                    lines.append(" | ".join(cells))
            lines.append("")
    if refs:  # Word footnotes as "[n] …" lines after the text, as a web page shows them
        notes = _footnote_texts(document)
        lines.append("")
        lines.extend(f"[{n}] {notes[fid]}" for fid, n in refs.items() if fid in notes)
    title = (document.core_properties.title or "").strip() or first_heading
    return "\n".join(lines), title, {}, []


_RUNS_XPATH = ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"


def _para_text(p, refs: dict[str, int] | None = None) -> str:  # noqa: ANN001 - a <w:p>
    """A paragraph's text as Word shows it. python-docx reads only the runs directly under the paragraph (and in
    hyperlinks), so it dropped text inside tracked insertions (``w:ins``), smart tags (Word's place names and dates:
    "Hà Nội, ngày …"), inline content controls, simple fields and custom XML. Deleted text (``w:del``,
    ``w:moveFrom``) and text boxes stay out, as before. ``refs``: footnote references become "[n]" (n in order of
    first reference; the footnote id → n is recorded there)."""
    out: list[str] = []
    for r in p.xpath(_RUNS_XPATH):
        if refs is not None:
            ref = r.find(_W_FOOTNOTE_REF)
            if ref is not None and not ref.get(_W_CUSTOM_MARK):
                fid = ref.get(_W_ID)
                out.append(f"[{refs.setdefault(fid, len(refs) + 1)}]")
        out.append(r.text)
    return "".join(out)


_WNS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_FOOTNOTE_REF, _W_ID, _W_CUSTOM_MARK = _WNS + "footnoteReference", _WNS + "id", _WNS + "customMarkFollows"


def _footnote_texts(document) -> dict[str, str]:  # noqa: ANN001 - a python-docx Document
    """{footnote id: its text} from word/footnotes.xml (a văn bản hợp nhất says there which document amended
    each provision and from when); separator notes skipped. {} when there is none or it cannot be read."""
    from docx.oxml.parser import parse_xml

    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/footnotes"):
            continue
        try:
            root = parse_xml(rel.target_part.blob)
        except Exception:  # noqa: BLE001 - a damaged notes part loses the notes, not the document
            return {}
        out: dict[str, str] = {}
        for fn in root.iter(_WNS + "footnote"):
            if fn.get(_WNS + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = "\n".join(t for t in (_para_text(p).strip() for p in fn.iter(_WNS + "p")) if t)
            if text:
                out[fn.get(_W_ID)] = text
        return out
    return {}


def _soft_hyphens_as_text(document) -> None:  # noqa: ANN001 - a python-docx Document
    """``<w:softHyphen/>`` → a U+00AD character in the text. python-docx drops the element, but in text typed in
    a TCVN3 (.VnTime) font byte 0xAD is the letter "ư", and Word and LibreOffice store it as a soft hyphen:
    dropped, "tư pháp" became "t pháp". Unicode text loses nothing: normalisation removes real soft hyphens."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    for el in list(document.element.body.iter(qn("w:softHyphen"))):
        t = OxmlElement("w:t")
        t.text = "\u00ad"
        el.getparent().replace(el, t)


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------

_DROP_TAGS = ["script", "style", "nav", "noscript", "template", "iframe", "svg", "head", "button", "form"]
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre", "li", "ul",
    "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "address", "figure", "figcaption", "center", "hr",
}


def _html(p: Path, data: bytes) -> tuple[str, str | None, dict[str, Any], list[str]]:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as e:  # noqa: BLE001
        raise LoadError(p, f"tệp HTML không đọc được ({type(e).__name__})") from None
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    if (soup.find("input", attrs={"type": re.compile(r"^\s*password\s*$", re.I)})
            and not _DOC_MARK_RE.search(soup.get_text(" "))):
        # the site's login / "phiên làm việc đã hết hạn" page saved instead of the document: nothing to index
        raise LoadError(p, "trang web đã lưu là trang đăng nhập (có ô mật khẩu), không có nội dung văn bản; "
                           "hãy đăng nhập rồi lưu lại trang văn bản")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    props = _page_properties(soup)
    root = _document_root(soup)
    if root is not soup:  # a saved web page: keep the document, drop the site's menus, lists, popups and footer
        root = root.extract() if root.parent is not None else root
        holder = soup.body or soup
        holder.clear()
        holder.append(root)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for cell in soup.find_all(["td", "th"]):
        cell.insert_after(" | ")
    for tag in soup.find_all(list(_BLOCK_TAGS)):
        if tag.name and tag.name[0] == "h" and tag.name[1:].isdigit():
            title = title or tag.get_text(" ", strip=True) or None
            tag.insert(0, "#" * int(tag.name[1:]) + " ")
        tag.insert_before("\n\n" if tag.name in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table") else "\n")
        tag.insert_after("\n")
    text = soup.get_text("")
    text = re.sub(r"[ \t]*\|[ \t]*\n", "\n", text)  # trailing cell separators
    meta = {"encoding": getattr(soup, "original_encoding", None), **props}
    return text, title, meta, []


# Where the two public legal-document sites put the document in their pages (a page saved from the browser keeps
# the menus, tabs, "Lược đồ", related-document lists, popups and footer around it).
_DOC_CONTAINERS = ["#toanvancontent", ".toanvancontent", ".fulltext", "#divContentDoc", ".content1"]
_DOC_MARK_RE = re.compile(r"Điều\s+\d+[a-zđ]?\s*[.:]|CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|Nơi nhận\s*:", re.I)
_DOC_ANCHOR_RE = re.compile(r"^\s*(?:Điều\s+\d+[a-zđ]?\s*[.:]|CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|Nơi nhận\s*:)", re.I)
_ATTACHED_RE = re.compile(r"PHỤ LỤC|Phụ lục|Mẫu số|MẪU SỐ|[Kk]èm theo|^\s*\[\d{1,3}\]")  # … and footnotes "[1] …"
# labels of the document-properties box ("Thuộc tính") → RawDocument.meta keys the parser reads as fallbacks
_PROP_LABELS = {"số hiệu", "loại văn bản", "nơi ban hành", "cơ quan ban hành", "người ký", "ngày ban hành",
                "ngày hiệu lực", "ngày có hiệu lực", "ngày hết hiệu lực", "tình trạng", "tình trạng hiệu lực"}


def _link_share(el) -> float:  # noqa: ANN001 - a bs4 Tag
    text = len(el.get_text(" ", strip=True)) or 1
    return sum(len(a.get_text(" ", strip=True)) for a in el.find_all("a", href=True)) / text


def _document_root(soup):  # noqa: ANN001, ANN202 - bs4 objects
    """The element holding the document in a saved web page, or ``soup`` itself (an HTML file that is just the
    document). The sites' own containers first (the innermost one that still holds nearly all the text); else the
    lowest element holding every "Điều N." / quốc hiệu / "Nơi nhận:" line that is not a link, with the appendices
    or forms that follow it; only when that leaves out text (the page's chrome)."""
    cands = [el for sel in _DOC_CONTAINERS for el in soup.select(sel)]
    cands = [el for el in cands if _DOC_MARK_RE.search(el.get_text(" "))]
    if cands:
        longest = max(len(el.get_text(" ", strip=True)) for el in cands)
        cands.sort(key=lambda el: len(el.get_text(" ", strip=True)))
        return next(el for el in cands if len(el.get_text(" ", strip=True)) >= 0.8 * longest)
    # a link ("Điều 20 Luật Cư trú: …" in a news list) is not the document; a named anchor (<a name="dieu_1">) is
    anchors = [t for t in soup.find_all(string=_DOC_ANCHOR_RE) if not t.find_parent("a", href=True)]
    if len(anchors) < 2:
        return soup
    paths = [[p for p in reversed(list(t.parents))] for t in anchors]
    lca = None
    for level in zip(*paths):
        if all(x is level[0] for x in level):
            lca = level[0]
        else:
            break
    if lca is None or lca.name in ("[document]", "html", "body"):
        return soup
    # appendices / forms after the signature, and the footnotes of a văn bản hợp nhất (Word's "footnote-list"
    # block), may sit in the next blocks (not links, not the footer)
    extra = []
    node = lca
    while node is not None and node.name not in ("body", "html", "[document]"):
        for sib in node.find_next_siblings():
            head = sib.get_text(" ", strip=True)[:300]
            if head and _ATTACHED_RE.search(head) and _link_share(sib) < 0.3:
                extra.append(sib)
            else:
                break
        if extra:
            break
        node = node.parent
    if not extra:
        return lca
    from bs4 import BeautifulSoup

    wrap = BeautifulSoup("<div></div>", "lxml").div
    for el in [lca, *extra]:
        wrap.append(el.extract())
    return wrap


def _page_properties(soup) -> dict[str, str]:  # noqa: ANN001
    """"Số hiệu: | 12/2025/TT-BCA", "Ngày hiệu lực: | 01/04/2025", "Tình trạng: | Hết hiệu lực" from a saved page's
    properties box (label cell, value in the next cell) → {"số hiệu": …}; placeholders ("Đang cập nhật", "Đã biết":
    hidden until log-in) are skipped."""
    out: dict[str, str] = {}
    for cell in soup.find_all(["td", "th", "dt", "span", "div", "li", "label", "strong", "b"]):
        label = " ".join(cell.get_text(" ", strip=True).split()).rstrip(": ").lower()
        if label not in _PROP_LABELS or label in out:
            continue
        nxt = cell.find_next_sibling()
        value = " ".join(nxt.get_text(" ", strip=True).split()) if nxt is not None else ""
        if value and value.lower() not in ("đang cập nhật", "đã biết", "không xác định", "...") and len(value) < 200:
            out[label] = value
    return out


# --------------------------------------------------------------------------------------------------
# JSON (ALQAC)
# --------------------------------------------------------------------------------------------------


def _json(p: Path, data: bytes) -> list[RawDocument]:
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise LoadError(p, f"tệp JSON bị hỏng ({type(e).__name__})") from None
    if not (
        isinstance(obj, list)
        and obj
        and all(isinstance(x, dict) and "law_id" in x and isinstance(x.get("articles"), list) for x in obj)
    ):
        raise LoadError(p, "JSON không phải corpus ALQAC (cần danh sách {law_id, articles:[{article_id, text}]})")
    docs: list[RawDocument] = []
    for law in obj:
        law_id = str(law["law_id"]).strip()
        warnings: list[str] = []
        articles: list[tuple[str, str]] = []
        for art in law["articles"]:
            if not isinstance(art, dict) or "article_id" not in art:
                raise LoadError(p, f"JSON ALQAC sai cấu trúc ở luật {law_id!r} (thiếu article_id)")
            articles.append((str(art["article_id"]).strip(), _norm(p, str(art.get("text") or ""), warnings)))
        if not articles:
            warnings.append("luật không có điều nào")
        text = "\n\n".join(f"Điều {aid}. {t}" for aid, t in articles)
        law_id_n = _norm(p, law_id, warnings)
        docs.append(
            RawDocument(
                doc_id=law_id_n,
                source_path=str(p),
                format="alqac",
                text=text,
                checksum=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                title=law_id_n,
                meta={"n_articles": len(articles)},
                warnings=sorted(set(warnings)),
                articles=articles,
            )
        )
    return docs


# --------------------------------------------------------------------------------------------------
# Pháp điển markdown
# --------------------------------------------------------------------------------------------------

_FRONT_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_BODY_START_RE = re.compile(r"^##[ \t]+VĂN BẢN[ \t]*$", re.M)
_BODY_END_RE = re.compile(r"^##[ \t]+Danh sách điều khoản[ \t]*$", re.M)
_INFO_RE = re.compile(r"^##[ \t]+THÔNG TIN VĂN BẢN[ \t]*$(.*?)(?=^##[ \t]|\Z)", re.M | re.S)
_ROW_RE = re.compile(r"^\|\s*\*\*(.+?)\*\*\s*\|(.*)$", re.M)
_LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
# an entry of "## Danh sách điều khoản": "Điều 15.4.LQ.46. Thủ tục yêu cầu cấp Phiếu lý lịch tư pháp số 2"
_LISTED_RE = re.compile(r"^[ \t]*Điều[ \t]+(\d+\.\d+\.[A-ZĐ]+\.(?:\d+\.)*\d+[a-zđ]?)\.[ \t]*(.*?)[ \t]*$", re.M)


def _front_matter(text: str) -> dict[str, str] | None:
    m = _FRONT_RE.match(text)
    if not m:
        return None
    out: dict[str, str] = {}
    for line in m.group(1).splitlines():
        if ":" in line and not line.startswith((" ", "\t", "#")):
            k, v = line.split(":", 1)
            out[k.strip()] = v.strip().strip("'\"")
    return out


def _is_phapdien(text: str) -> bool:
    fm = _front_matter(text)
    return bool(fm and "title" in fm and "permalink" in fm and _BODY_START_RE.search(text))


def _phapdien(p: Path, raw: str, root: Path | None, warnings: list[str]) -> RawDocument:
    fm = _front_matter(raw) or {}
    meta: dict[str, Any] = dict(fm)
    info = _INFO_RE.search(raw)
    if info:
        for m in _ROW_RE.finditer(info.group(1)):
            key = m.group(1).strip()
            val = m.group(2).strip().rstrip("|").strip()
            link = _LINK_RE.search(val)
            meta[key] = link.group(2) if link else val
    start = _BODY_START_RE.search(raw)
    assert start is not None  # checked by _is_phapdien
    end = _BODY_END_RE.search(raw, start.end())
    body = raw[start.end() : end.start() if end else len(raw)]
    if end is None:
        warnings.append("không thấy mục '## Danh sách điều khoản'; lấy đến hết tệp")
    ph_root = find_phapdien_root(p, root)
    doc_id = _doc_id(p, ph_root)
    meta = {k: _norm(p, v, warnings) if isinstance(v, str) else v for k, v in meta.items()}
    doc = _make(p, ph_root, "phapdien", body, fm.get("title"), meta, warnings, doc_id=doc_id)
    if end is not None:
        listed = _LISTED_RE.findall(_norm(p, raw[end.end() :], []))
        doc = doc.model_copy(update={"listed": [(code, re.sub(r"\s+", " ", t).strip()) for code, t in listed]})
    return doc
