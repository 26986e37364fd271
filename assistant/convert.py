"""External converters the loaders call for the files officials actually have: LibreOffice turns old Word
(.doc), .rtf and .odt into DOCX; Tesseract OCR (Vietnamese model) reads scanned PDF pages and page images.

What it does
- :func:`office_to_docx`: ``soffice --headless --convert-to docx`` with the input filter forced from the file's
  signature (so random bytes are refused instead of being imported as plain text), a private temporary
  LibreOffice profile per conversion (concurrent conversions don't collide), a timeout that kills the whole
  process group. The DOCX is cached under ``<cache_dir>/converted/`` by sha256 of the input.
- :func:`ocr_pdf_pages` / :func:`ocr_images`: each page is rendered to grayscale at ``ocr_dpi`` by
  ``pdftoppm`` (PDF) or taken frame by frame with Pillow (PNG/JPEG/TIFF, multi-page TIFF included),
  despeckled (3×3 median filter, ``ocr_despeckle``), and read by ``tesseract -l vie`` (automatic page
  segmentation, one OpenMP thread: on a loaded 2-core machine more threads made a page 10–20× slower); a
  page read with low confidence is checked for orientation (sideways/upside-down scans) and read again turned.
  Limits: ``ocr_page_timeout_s`` per page, ``ocr_max_pages`` and ``ocr_file_timeout_s`` per file; pages
  left out are reported, never silently dropped. Per page it returns the text and Tesseract's mean word
  confidence; results are cached by sha256 of the file + OCR settings, so re-ingesting a collection does not
  OCR it again.
- :func:`pdf_pages_text`: ``pdftotext`` (poppler) text of given PDF pages, glyphs placed by position — for pages
  whose text layer is out of reading order (the loaders decide which). :func:`pdf_page_layout`: a page's words
  with their boxes and the text of crop regions — for pages with a ruled table (read row by row by the loaders).
- :func:`ocr_unavailable` / :func:`office_unavailable` / :func:`pdf_text_unavailable`: ``None`` when the tool (and the ``vie`` model) is
  installed, else a Vietnamese sentence saying what to install.
- :func:`fix_ocr_text`: the OCR damage that would cost an article — a misread "Điều" at the start of a line
  before an article number ("Điểu 2.", "Diều 2.", "Ðiêu 2.") → "Điều 2.".

What it doesn't: know about legal structure (beyond the word "Điều" in :func:`fix_ocr_text`), read the converted DOCX (that is :mod:`assistant.loaders`), OCR
pages that have a text layer, correct OCR spelling in general, deskew or dewarp photos, read handwriting.
Errors are :class:`ConvertError` with a one-line Vietnamese reason; the loaders add the file name.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from assistant.config import Settings
from assistant.files import written_atomically

__all__ = [
    "ConvertError", "OcrResult", "office_to_docx", "office_unavailable", "ocr_unavailable", "ocr_pdf_pages",
    "ocr_images", "fix_ocr_text", "sniff_office",
]

OCR_VERSION = 2  # part of the OCR cache key: bump when the rendering/recognition recipe changes
INSTALL_OFFICE = "apt-get install libreoffice-writer-nogui"
INSTALL_OCR = "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils"
OfficeKind = Literal["doc", "rtf", "odt", "docx", "html"]
# LibreOffice import filters, forced so that a damaged file fails instead of being imported as text
_FILTERS = {"doc": "MS Word 97", "rtf": "Rich Text Format", "odt": "writer8"}


class ConvertError(Exception):
    """A conversion or OCR failure; ``reason`` is one Vietnamese line without the file name."""

    def __init__(self, reason: str) -> None:
        self.reason = " ".join(reason.split())
        super().__init__(self.reason)


@dataclass
class OcrResult:
    texts: dict[int, str] = field(default_factory=dict)  # page (1-based) → recognised text
    confidence: dict[int, float] = field(default_factory=dict)  # page → Tesseract mean word confidence (0–100)
    failed: dict[int, str] = field(default_factory=dict)  # page → Vietnamese reason (timeout, tool error)
    not_done: list[int] = field(default_factory=list)  # pages left out by the page cap or the file time limit
    limit_reason: str | None = None  # why ``not_done`` is not empty
    rotated: dict[int, int] = field(default_factory=dict)  # page → degrees turned clockwise before recognition
    seconds: float = 0.0  # wall time spent on pages not found in the cache
    cached: int = 0  # pages taken from the cache


# --------------------------------------------------------------------------------------------------
# tools
# --------------------------------------------------------------------------------------------------


def _which(cmd: str) -> str | None:
    p = Path(cmd)
    if p.is_absolute() or "/" in cmd:
        return str(p) if p.is_file() and os.access(p, os.X_OK) else None
    return shutil.which(cmd)


@lru_cache(maxsize=8)
def _tesseract_langs(exe: str) -> frozenset[str]:
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, env=_tool_env())
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(ln.strip() for ln in (out.stdout + out.stderr).splitlines()[1:] if ln.strip())


def office_unavailable(settings: Settings) -> str | None:
    if _which(settings.soffice_path) is None:
        return (f"chưa cài LibreOffice (không thấy lệnh {settings.soffice_path!r}) để chuyển đổi tệp; "
                f"cài bằng: {INSTALL_OFFICE}, hoặc lưu lại tệp dưới dạng .docx/.pdf")
    return None


def ocr_unavailable(settings: Settings, *, pdf: bool = True) -> str | None:
    """None if OCR can run (``pdf``: pages must also be rendered by pdftoppm), else what to install."""
    if not settings.ocr:
        return "nhận dạng chữ (OCR) đang tắt (ASSISTANT_OCR=false)"
    exe = _which(settings.tesseract_path)
    if exe is None:
        return f"chưa cài Tesseract OCR (không thấy lệnh {settings.tesseract_path!r}); cài bằng: {INSTALL_OCR}"
    missing = [lang for lang in settings.ocr_lang.split("+") if lang not in _tesseract_langs(exe)]
    if missing:
        return (f"Tesseract thiếu dữ liệu ngôn ngữ {'+'.join(missing)!r}; cài bằng: "
                f"apt-get install {' '.join('tesseract-ocr-' + m for m in missing)}")
    if pdf and _which(settings.pdftoppm_path) is None:
        return f"chưa cài pdftoppm (không thấy lệnh {settings.pdftoppm_path!r}) để dựng ảnh trang PDF; cài bằng: {INSTALL_OCR}"
    return None


def _tool_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"  # see module docstring
    env.setdefault("LC_ALL", "C.UTF-8")
    return env


def _run(cmd: list[str], timeout: float, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``cmd`` in its own process group; on timeout the whole group (soffice.bin too) is killed."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            cwd=cwd, env=_tool_env(), start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


# --------------------------------------------------------------------------------------------------
# cache
# --------------------------------------------------------------------------------------------------


def _cache_file(settings: Settings, kind: str, key: str, suffix: str) -> Path:
    return Path(settings.cache_dir) / "converted" / kind / f"{key}{suffix}"


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with written_atomically(path) as tmp:
            Path(tmp).write_bytes(data)
    except OSError:  # a read-only or full cache only costs speed
        pass


# --------------------------------------------------------------------------------------------------
# LibreOffice
# --------------------------------------------------------------------------------------------------


def sniff_office(data: bytes) -> OfficeKind | None:
    """What a .doc/.rtf/.odt file really is, from its first bytes (vbpl-style ".doc" files are often RTF or
    Word-saved HTML; some are DOCX renamed). None: none of these."""
    head = data[:2048]
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"  # OLE2 compound file (Word 97–2003)
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in head:
            return "odt"
        return "docx" if b"word/" in data[:65536] or b"[Content_Types].xml" in head else None
    low = head.lower()
    if b"<html" in low or b"<!doctype html" in low or b"mime-version:" in low[:200]:
        return "html"
    return None


def office_to_docx(data: bytes, kind: Literal["doc", "rtf", "odt"], settings: Settings) -> bytes:
    """Convert with LibreOffice; returns the DOCX bytes. Raises :class:`ConvertError`."""
    why = office_unavailable(settings)
    if why:
        raise ConvertError(why)
    key = hashlib.sha256(data).hexdigest()
    cached = _cache_file(settings, "docx", key, ".docx")
    if cached.is_file():
        return cached.read_bytes()
    with tempfile.TemporaryDirectory(prefix="assistant-soffice-") as tmp:
        work = Path(tmp)
        src = work / f"input.{kind}"
        src.write_bytes(data)
        cmd = [
            _which(settings.soffice_path) or settings.soffice_path, "--headless", "--invisible", "--norestore",
            "--nolockcheck", "--nodefault", f"-env:UserInstallation={(work / 'profile').as_uri()}",
            f"--infilter={_FILTERS[kind]}", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"),
            str(src),
        ]
        try:
            proc = _run(cmd, settings.soffice_timeout_s, cwd=work)
        except subprocess.TimeoutExpired:
            raise ConvertError(f"LibreOffice chuyển đổi quá {settings.soffice_timeout_s:g} giây, đã dừng") from None
        except OSError as e:
            raise ConvertError(f"không chạy được LibreOffice ({e.strerror or e})") from None
        out = work / "out" / "input.docx"
        if not out.is_file() or out.stat().st_size == 0:
            err = (proc.stderr or b"").decode("utf-8", "replace")
            detail = "; ".join(ln.strip() for ln in err.splitlines() if "javaldx" not in ln and ln.strip())[:200]
            raise ConvertError(f"LibreOffice không mở được tệp (tệp {kind.upper()} bị hỏng hoặc không đúng định dạng"
                               + (f": {detail}" if detail else "") + ")")
        docx = out.read_bytes()
    _write_atomic(cached, docx)
    return docx


# --------------------------------------------------------------------------------------------------
# OCR
# --------------------------------------------------------------------------------------------------


def _ocr_key(data: bytes, settings: Settings) -> str:
    recipe = f"v{OCR_VERSION}|{settings.ocr_lang}|{settings.ocr_dpi}|{int(settings.ocr_despeckle)}|psm3"
    return hashlib.sha256(data + recipe.encode()).hexdigest()


def _load_cache(path: Path) -> dict[str, list]:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _tesseract(image: Path, settings: Settings, timeout: float) -> tuple[str, float]:
    base = image.with_suffix("")
    exe = _which(settings.tesseract_path) or settings.tesseract_path
    proc = _run([exe, str(image), str(base), "-l", settings.ocr_lang, "--psm", "3", "txt", "tsv"], timeout)
    txt, tsv = base.with_suffix(".txt"), base.with_suffix(".tsv")
    if proc.returncode != 0 or not txt.is_file():
        err = (proc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise ConvertError(f"Tesseract lỗi ({err[-1][:160] if err else f'mã {proc.returncode}'})")
    confs: list[float] = []
    if tsv.is_file():
        for row in tsv.read_text("utf-8", "replace").splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) >= 12 and cols[0] == "5" and cols[11].strip():
                try:
                    confs.append(float(cols[10]))
                except ValueError:
                    pass
    return txt.read_text("utf-8", "replace"), (sum(confs) / len(confs) if confs else 0.0)


ROTATION_CHECK_BELOW = 70.0
"""A page read with a lower mean word confidence gets Tesseract's orientation detection (``--psm 0``, needs the
``osd`` model that Debian's tesseract-ocr depends on); if it says the page lies sideways or upside down, the
page is turned and read again, and the better reading is kept. Upright pages (confidence ≈ 90+) pay nothing;
on a page scanned sideways the first reading scored ≈ 47."""
_OSD_ROTATE_RE = re.compile(r"^Rotate:\s*(\d+)", re.M)
_OSD_CONF_RE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.M)


def _try_rotated(image: Path, settings: Settings, left: float) -> tuple[str, float, int] | None:
    """(text, confidence, degrees clockwise) of the page turned as orientation detection says, or None."""
    exe = _which(settings.tesseract_path) or settings.tesseract_path
    if left < 2 or "osd" not in _tesseract_langs(exe):
        return None
    t0 = time.monotonic()
    proc = _run([exe, str(image), "stdout", "--psm", "0"], left)
    out = (proc.stdout or b"").decode("utf-8", "replace")
    rot, conf = _OSD_ROTATE_RE.search(out), _OSD_CONF_RE.search(out)
    if proc.returncode != 0 or not rot or int(rot.group(1)) % 360 == 0 or not conf or float(conf.group(1)) < 2.0:
        return None
    degrees = int(rot.group(1)) % 360
    from PIL import Image

    turned = image.with_name("turned.pgm")
    with Image.open(image) as img:
        img.rotate(-degrees, expand=True).save(turned)  # PIL turns counter-clockwise
    text, c = _tesseract(turned, settings, max(1.0, left - (time.monotonic() - t0)))
    return text, c, degrees


def _prepare(image, settings: Settings, out: Path) -> Path:  # noqa: ANN001 - a PIL image
    from PIL import ImageFilter, ImageOps

    img = ImageOps.exif_transpose(image).convert("L")  # phone photos carry their rotation in EXIF
    if settings.ocr_despeckle:
        img = img.filter(ImageFilter.MedianFilter(3))
    img.save(out)
    return out


def _ocr_pages(
    data: bytes,
    pages: list[int],
    settings: Settings,
    render,  # noqa: ANN001 - (page, workdir, timeout) → Path of a grayscale image
) -> OcrResult:
    res = OcrResult()
    cache_path = _cache_file(settings, "ocr", _ocr_key(data, settings), ".json")
    cache = _load_cache(cache_path)
    todo = []
    for p in pages:
        hit = cache.get(str(p))
        if hit:
            res.texts[p], res.confidence[p] = hit[0], float(hit[1])
            if len(hit) > 2 and hit[2]:
                res.rotated[p] = int(hit[2])
            res.cached += 1
        else:
            todo.append(p)
    if len(todo) > settings.ocr_max_pages:
        res.not_done = todo[settings.ocr_max_pages:]
        res.limit_reason = f"giới hạn {settings.ocr_max_pages} trang OCR mỗi tệp (ASSISTANT_OCR_MAX_PAGES)"
        todo = todo[: settings.ocr_max_pages]
    t0 = time.monotonic()
    new = False
    try:
        with tempfile.TemporaryDirectory(prefix="assistant-ocr-") as tmp:
            work = Path(tmp)
            for i, p in enumerate(todo):
                left = settings.ocr_file_timeout_s - (time.monotonic() - t0)
                if left <= 1:
                    res.not_done += todo[i:]
                    res.limit_reason = (f"quá thời gian OCR {settings.ocr_file_timeout_s:g} giây cho một tệp "
                                        "(ASSISTANT_OCR_FILE_TIMEOUT_S)")
                    break
                timeout = min(settings.ocr_page_timeout_s, left)
                t_page = time.monotonic()
                try:
                    image = render(p, work, timeout)
                    text, conf = _tesseract(image, settings, max(1.0, timeout - (time.monotonic() - t_page)))
                    if conf < ROTATION_CHECK_BELOW:
                        turned = _try_rotated(image, settings, timeout - (time.monotonic() - t_page))
                        if turned and turned[1] > conf:
                            text, conf, res.rotated[p] = turned
                except subprocess.TimeoutExpired:
                    res.failed[p] = f"quá {timeout:g} giây"
                    continue
                except ConvertError as e:
                    res.failed[p] = e.reason
                    continue
                except OSError as e:
                    res.failed[p] = f"không chạy được công cụ OCR ({e.strerror or e})"
                    continue
                finally:
                    for f in work.iterdir():
                        f.unlink(missing_ok=True)
                res.texts[p], res.confidence[p] = text, round(conf, 1)
                cache[str(p)] = [text, round(conf, 1), res.rotated.get(p, 0)]
                new = True
    finally:
        res.seconds = time.monotonic() - t0
        if new:
            _write_atomic(cache_path, json.dumps(cache, ensure_ascii=False).encode("utf-8"))
    return res


def ocr_pdf_pages(data: bytes, pages: list[int], settings: Settings) -> OcrResult:
    """OCR the given 1-based pages of a PDF. Raises :class:`ConvertError` if OCR is unavailable."""
    why = ocr_unavailable(settings, pdf=True)
    if why:
        raise ConvertError(why)
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="assistant-ocr-pdf-") as tmp:
        pdf = Path(tmp) / "input.pdf"
        pdf.write_bytes(data)
        exe = _which(settings.pdftoppm_path) or settings.pdftoppm_path

        def render(page: int, work: Path, timeout: float) -> Path:
            base = work / "page"
            proc = _run([exe, "-r", str(settings.ocr_dpi), "-gray", "-f", str(page), "-l", str(page), "-singlefile",
                         str(pdf), str(base)], timeout)
            out = base.with_suffix(".pgm")
            if proc.returncode != 0 or not out.is_file():
                raise ConvertError(f"pdftoppm không dựng được ảnh trang (mã {proc.returncode})")
            with Image.open(out) as img:
                return _prepare(img, settings, work / "ocr.pgm")

        return _ocr_pages(data, pages, settings, render)


def pdf_text_unavailable(settings: Settings) -> str | None:
    """None if :func:`pdf_pages_text` can run, else what to install."""
    if _which(settings.pdftotext_path) is None:
        return (f"chưa cài pdftotext (không thấy lệnh {settings.pdftotext_path!r}) để đọc lại theo thứ tự đọc; "
                "cài bằng: apt-get install poppler-utils")
    return None


def pdf_pages_text(data: bytes, pages: list[int], settings: Settings) -> dict[int, str]:
    """The text of the given 1-based PDF pages in reading order, by poppler's ``pdftotext`` (which places each
    glyph by its position; pypdf follows the content stream). Raises :class:`ConvertError`."""
    why = pdf_text_unavailable(settings)
    if why:
        raise ConvertError(why)
    exe = _which(settings.pdftotext_path) or settings.pdftotext_path
    out: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="assistant-pdftotext-") as tmp:
        pdf = Path(tmp) / "input.pdf"
        pdf.write_bytes(data)
        for page in pages:
            out[page] = _pdftotext_page(exe, pdf, page, [], settings)
    return out


def _pdftotext_page(exe: str, pdf: Path, page: int, args: list[str], settings: Settings) -> str:
    """``pdftotext`` (with ``args``) of one 1-based page of ``pdf``, form feeds dropped. Raises :class:`ConvertError`."""
    try:
        proc = _run([exe, "-enc", "UTF-8", *args, "-f", str(page), "-l", str(page), str(pdf), "-"],
                    settings.ocr_page_timeout_s)
    except subprocess.TimeoutExpired:
        raise ConvertError(f"pdftotext quá {settings.ocr_page_timeout_s:g} giây ở trang {page}, đã dừng") from None
    if proc.returncode != 0:
        raise ConvertError(f"pdftotext không đọc được trang {page} (mã {proc.returncode})")
    return proc.stdout.decode("utf-8", "replace").replace("\f", "")


# a word of ``pdftotext -bbox-layout``: its box (points, origin top left) and text
_BBOX_WORD_RE = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_BBOX_PAGE_RE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def pdf_page_layout(
    data: bytes, page: int, regions: list[tuple[int, int, int, int]], settings: Settings
) -> tuple[list[list[tuple[float, float, float, float, str]]], list[str]]:
    """One PDF page read by ``pdftotext`` for a table: its words by line (``-bbox-layout``: boxes in points from
    the top left of the media box, words in the order pdftotext reads them; a word is split where the font changes,
    so the caller joins touching pieces) and the plain text of each crop region ``(x, y, width, height)`` (points,
    top left). Raises :class:`ConvertError`."""
    why = pdf_text_unavailable(settings)
    if why:
        raise ConvertError(why)
    exe = _which(settings.pdftotext_path) or settings.pdftotext_path
    with tempfile.TemporaryDirectory(prefix="assistant-pdftotext-") as tmp:
        pdf = Path(tmp) / "input.pdf"
        pdf.write_bytes(data)
        outs = [_pdftotext_page(exe, pdf, page, args, settings)
                for args in [["-bbox-layout"]] + [["-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
                                                  for x, y, w, h in regions]]
    import html

    lines: list[list[tuple[float, float, float, float, str]]] = []
    for block in outs[0].split("<line ")[1:]:
        words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _BBOX_WORD_RE.findall(block)]
        if words:
            lines.append(words)
    return lines, outs[1:]


def ocr_images(data: bytes, settings: Settings) -> tuple[OcrResult, int]:
    """OCR an image file (every frame of a multi-page TIFF). Returns the result and the number of frames.
    Raises :class:`ConvertError` if OCR is unavailable or the image cannot be decoded."""
    why = ocr_unavailable(settings, pdf=False)
    if why:
        raise ConvertError(why)
    import io

    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        frames = getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as e:
        raise ConvertError(f"không đọc được ảnh ({type(e).__name__})") from None

    def render(page: int, work: Path, timeout: float) -> Path:
        try:
            frame = ImageSequence.Iterator(img)[page - 1]
            return _prepare(frame, settings, work / "ocr.pgm")
        except (OSError, ValueError, Image.DecompressionBombError) as e:
            raise ConvertError(f"không đọc được ảnh trang {page} ({type(e).__name__})") from None

    try:
        return _ocr_pages(data, list(range(1, frames + 1)), settings, render), frames
    finally:
        img.close()


# a misread "Điều" heading: D/Đ/Ð, i, e with any hat/tone, u — at line start, before an article number
_DIEU_RE = re.compile(r"^([ \t]*)[DĐÐ][iíìỉ][eêéèẻẽẹếềểễệ]u(?=[ \t]+\d+[a-zđ]?[ \t]*[.:])", re.M)


# specks in the margin read as characters before a heading ("- Điều 1. …", "_ Điều 3. …", "ị Điều 3. Trách nhiệm …",
# "rợ Chương I"): punctuation, or one or two letters that are not a word that can stand before "Điều" ("và", "ở", "là")
_SPECK_RE = re.compile(
    r"^[ \t]*(?:[-_|.,:;'`~‘’“”»«•*!]+|(?!(?:và|ở|là|do)[ \t])[^\W\d_]{1,2})[ \t]+"
    r"(?=Điều[ \t]+\d+[a-zđ]?[ \t]*\.[ \t]+[A-ZĐÀ-ỸÂĂÊÔƠƯ]|Chương[ \t]+[IVXLC]+[ \t]*$)", re.M)
# a speck after a heading line's end ("Trách nhiệm của các bộ, ngành, địa phương -", "QUY CHẾ. |")
_TRAIL_SPECK_RE = re.compile(r"(?<=\S)[ \t]+[|_~]+[ \t]*$|(?<=[^\W\d_])[ \t]+-[ \t]*$", re.M)


def fix_ocr_text(text: str) -> str:
    """Repair the OCR misreadings that would hide an article heading (see module docstring); NFC first."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    text = _DIEU_RE.sub(lambda m: m.group(1) + "Điều", text)
    text = _SPECK_RE.sub("", text)
    return _TRAIL_SPECK_RE.sub("", text)
