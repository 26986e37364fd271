"""The documents officials actually have: scanned PDFs and page images (Tesseract OCR, Vietnamese model), old
Word .doc, .rtf and .odt (LibreOffice), from loading to parsed articles, ingest and upload.

Fixtures are made at test time (tests/scanned_docs.py): a Quyết định rendered onto a "scanned" A4 page; a
Word document saved as .doc/.rtf/.odt by LibreOffice. Tests that need a tool skip with the reason when it is
not installed (scripts/test.sh installs them in CI); the missing-tool errors are tested by pointing the tool
settings at a binary that does not exist.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

import scanned_docs as sd
from assistant.config import Settings
from assistant.convert import fix_ocr_text, sniff_office
from assistant.legal import parse
from assistant.loaders import LoadError, load

HAVE_OCR = all(shutil.which(t) for t in ("tesseract", "pdftoppm"))
HAVE_SOFFICE = shutil.which("soffice") is not None
needs_ocr = pytest.mark.skipif(not HAVE_OCR, reason="tesseract/pdftoppm not installed "
                               "(apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)")
needs_soffice = pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice not installed "
                                   "(apt-get install libreoffice-writer-nogui)")
MISSING = "/nonexistent/bin/{}"


def settings(tmp: Path, **kw) -> Settings:
    """Settings whose conversion/OCR cache is ``tmp/cache`` (pass the session ``shared`` dir to reuse results)."""
    return Settings(cache_dir=tmp / "cache", indexes_dir=tmp / "idx", **kw)


@pytest.fixture(scope="session")
def shared(tmp_path_factory) -> Path:
    """One OCR/conversion cache for the tests that don't test the cache: each fixture is OCR'd once."""
    return tmp_path_factory.mktemp("shared")


def articles(raw) -> list[tuple[str, str]]:
    return [(a.number, a.title) for a in parse(raw).articles]


@pytest.fixture(scope="session")
def scans(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("scans")
    tiff = d / "quyet-dinh-15-2025.tif"
    # page 1 was put on the scanner sideways (turned a quarter counter-clockwise)
    pages = [sd.render_page(sd.QD_PAGE1, seed=0).rotate(90, expand=True),
             sd.render_page([("", t) for t in sd.QD_PAGE2_TEXT], seed=1)]
    pages[0].save(tiff, save_all=True, append_images=pages[1:], compression="tiff_lzw", dpi=(sd.DPI, sd.DPI))
    return {
        "scan": sd.scanned_pdf(d / "quyet-dinh-15-2025-quet.pdf"),
        "mixed": sd.mixed_pdf(d / "quyet-dinh-15-2025-trang-ky.pdf"),
        "two": sd.scanned_pdf(d / "hai-trang.pdf", [sd.QD_PAGE1, [("", t) for t in sd.QD_PAGE2_TEXT]]),
        "tiff": tiff,
    }


@pytest.fixture(scope="session")
def word_files(tmp_path_factory) -> dict[str, Path]:
    if not HAVE_SOFFICE:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
    d = tmp_path_factory.mktemp("word")
    src = sd.word_docx(d / "quyet-dinh-21-2025.docx")
    out = {"docx": src}
    for fmt in ("doc", "rtf", "odt"):
        out[fmt] = sd.soffice_convert(src, fmt, d)
    return out


# ---------------------------------------------------------------- OCR


@needs_ocr
def test_scanned_pdf_is_ocrd_into_articles_with_diacritics(scans, shared):
    (raw,) = load(scans["scan"], settings=settings(shared))
    assert raw.format == "pdf"
    assert raw.meta["scanned_pages"] == [1] and raw.meta["ocr_pages"] == [1]
    assert raw.meta["ocr_confidence"][0] > 80
    assert any("OCR" in w and "có thể có lỗi" in w and w.startswith("trang 1 ") for w in raw.warnings)
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "Ủy ban nhân dân cấp xã nhận đủ hồ sơ hợp lệ", "công chức tư pháp - hộ tịch"):
        assert phrase in raw.text
    assert sd.char_error_rate(sd.source_text(), raw.text) < 0.02
    doc = parse(raw)
    assert doc.doc_type == "Quyết định" and doc.number == sd.QD_NUMBER
    assert articles(raw) == sd.QD_ARTICLES
    assert "01 ngày làm việc" in doc.articles[0].text
    # the answer says where the text came from: every chunk of the scan carries it into its validity notes
    from assistant.answering import OCR_NOTE, validity_notes
    from assistant.chunking import chunk

    chunks = chunk(doc)
    assert doc.from_ocr and chunks and all(c.from_ocr for c in chunks)
    assert any(OCR_NOTE in n for n in validity_notes(chunks[0], date(2026, 1, 1), 1))


@needs_ocr
def test_mixed_pdf_only_the_scanned_page_is_ocrd(scans, shared):
    (raw,) = load(scans["mixed"], settings=settings(shared))
    assert raw.meta["scanned_pages"] == [1] and raw.meta["ocr_pages"] == [1]
    # page 2 keeps its text layer, in page order after the OCR'd page
    assert "Nguyễn Văn An" in raw.text and raw.text.index("Điều 3. Hiệu lực thi hành") < raw.text.index("Nơi nhận:")
    assert articles(raw) == sd.QD_ARTICLES


@needs_ocr
def test_multipage_tiff_scan_is_read_page_by_page_and_turned_upright(scans, shared):
    (raw,) = load(scans["tiff"], settings=settings(shared))
    assert raw.format == "image" and raw.meta["pages"] == 2 and raw.meta["ocr_pages"] == [1, 2]
    assert raw.meta["ocr_rotated"] == {"1": 90} and raw.meta["ocr_confidence"][0] > 80
    assert "trang 1, 2 là ảnh quét" in raw.warnings[0]
    assert raw.text.index("Điều 3.") < raw.text.index("Nguyễn Văn An")
    assert articles(raw) == sd.QD_ARTICLES


@needs_ocr
def test_ocr_result_is_cached_by_content(scans, tmp_path):
    s = settings(tmp_path)
    (first,) = load(scans["scan"], settings=s)
    copy = tmp_path / "ban-sao.pdf"
    shutil.copy(scans["scan"], copy)
    (again,) = load(copy, settings=s)
    assert again.text == first.text and again.meta["ocr_pages"] == [1]
    assert again.meta["ocr_cached_pages"] == 1 and first.meta["ocr_cached_pages"] == 0


@needs_ocr
def test_page_cap_and_page_timeout_are_reported(scans, tmp_path):
    (raw,) = load(scans["two"], settings=settings(tmp_path, ocr_max_pages=1))
    assert raw.meta["ocr_pages"] == [1] and articles(raw) == sd.QD_ARTICLES
    assert any("trang 2 chưa được OCR" in w and "ASSISTANT_OCR_MAX_PAGES" in w for w in raw.warnings)
    with pytest.raises(LoadError) as e:
        load(scans["two"], settings=settings(tmp_path / "t", ocr_page_timeout_s=0.01))
    assert e.value.path == str(scans["two"]) and "trang 1, 2: OCR không thành công (quá 0.01 giây)" in e.value.reason


def test_scanned_pdf_without_tesseract_says_what_to_install(scans, tmp_path):
    s = settings(tmp_path, tesseract_path=MISSING.format("tesseract"))
    with pytest.raises(LoadError) as e:
        load(scans["scan"], settings=s)
    assert str(e.value).startswith(str(scans["scan"]) + ": PDF dạng ảnh quét (1 trang")
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in e.value.reason
    # a partly scanned PDF still loads its text-layer pages, and says which pages were skipped and why
    (raw,) = load(scans["mixed"], settings=s)
    assert "Nguyễn Văn An" in raw.text and "Điều 1" not in raw.text
    assert raw.meta["scanned_pages"] == [1] and "ocr_pages" not in raw.meta
    assert "trang 1 không có lớp văn bản" in raw.warnings[0] and "tesseract-ocr-vie" in raw.warnings[0]
    with pytest.raises(LoadError, match="ảnh văn bản quét.*chưa cài Tesseract OCR"):
        load(scans["tiff"], settings=s)
    s = settings(tmp_path, pdftoppm_path=MISSING.format("pdftoppm"))
    if HAVE_OCR:
        with pytest.raises(LoadError, match="chưa cài pdftoppm.*poppler-utils"):
            load(scans["scan"], settings=s)


@needs_ocr
def test_missing_language_model_is_named(scans, tmp_path):
    with pytest.raises(LoadError, match="thiếu dữ liệu ngôn ngữ 'khongco'.*tesseract-ocr-khongco"):
        load(scans["scan"], settings=settings(tmp_path, ocr_lang="vie+khongco"))


def test_ocr_switched_off_keeps_the_old_behaviour(scans, tmp_path):
    with pytest.raises(LoadError, match="OCR.*đang tắt"):
        load(scans["scan"], settings=settings(tmp_path, ocr=False))


def test_misread_article_heading_is_repaired_only_at_line_start():
    text = "Điểu 2. Trách nhiệm thi hành\nDiều 3: Hiệu lực\n Ðiêu 4. Khác\ntheo quy định tại Điểu 5. của Luật"
    out = fix_ocr_text(text)
    assert out.splitlines()[:3] == ["Điều 2. Trách nhiệm thi hành", "Điều 3: Hiệu lực", " Điều 4. Khác"]
    assert out.splitlines()[3] == "theo quy định tại Điểu 5. của Luật"  # not a heading: left alone
    assert fix_ocr_text("điểu 7. chữ thường") == "điểu 7. chữ thường"  # a wrapped line, not a heading
    assert fix_ocr_text("Diệu Linh 12 tuổi") == "Diệu Linh 12 tuổi"


# ---------------------------------------------------------------- .doc / .rtf / .odt


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_word_formats_load_like_the_docx(word_files, fmt, shared):
    (ref,) = load(word_files["docx"], settings=settings(shared))
    (raw,) = load(word_files[fmt], settings=settings(shared))
    assert raw.format == fmt and raw.meta["real_format"] == fmt and raw.warnings == []
    assert raw.text == ref.text  # same paragraphs and table rows, in the same order
    assert "Nhà ở riêng lẻ | 75.000" in raw.text
    doc = parse(raw)
    assert doc.number == sd.WORD_NUMBER and articles(raw) == sd.WORD_ARTICLES
    assert "Công trình khác | 500.000" in doc.articles[0].text


@needs_soffice
def test_doc_that_is_really_rtf_or_html_or_docx(word_files, shared, tmp_path):
    s = settings(shared)
    for fmt in ("rtf", "docx"):
        renamed = tmp_path / f"that-ra-la-{fmt}.doc"
        shutil.copy(word_files[fmt], renamed)
        (raw,) = load(renamed, settings=s)
        assert raw.format == "doc" and raw.meta["real_format"] == fmt and articles(raw) == sd.WORD_ARTICLES
    html = tmp_path / "luu-dang-web.doc"
    html.write_text("<html><body><p>QUYẾT ĐỊNH</p><p>Điều 1. Phạm vi</p><p>Nội dung.</p></body></html>", "utf-8")
    (raw,) = load(html, settings=s)
    assert raw.meta["real_format"] == "html" and "Điều 1. Phạm vi" in raw.text


def test_sniff_office_by_first_bytes():
    assert sniff_office(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "doc"
    assert sniff_office(b"\xef\xbb\xbf{\\rtf1\\ansi x}") == "rtf"
    assert sniff_office(b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text") == "odt"
    assert sniff_office(b"<!DOCTYPE html><html>") == "html"
    assert sniff_office(b"\x89PNG\r\n\x1a\n") is None and sniff_office(b"Dieu 1. van ban thuong") is None


@needs_soffice
def test_broken_doc_is_a_load_error_naming_the_file(tmp_path):
    s = settings(tmp_path)
    junk = tmp_path / "hong.doc"
    junk.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(LoadError) as e:
        load(junk, settings=s)
    assert e.value.path == str(junk) and "không phải tệp DOC hợp lệ" in e.value.reason
    # a Word signature followed by garbage: LibreOffice itself refuses it (not imported as plain text)
    ole = tmp_path / "hong-ole.doc"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 40)
    with pytest.raises(LoadError) as e:
        load(ole, settings=s)
    assert str(e.value).startswith(f"{ole}: LibreOffice không mở được tệp (tệp DOC bị hỏng")
    rtf = tmp_path / "cut.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}")  # no text at all
    with pytest.raises(LoadError, match="cut.rtf"):
        load(rtf, settings=s)


def test_doc_without_libreoffice_says_what_to_install(tmp_path):
    f = tmp_path / "quyet-dinh.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(LoadError) as e:
        load(f, settings=settings(tmp_path, soffice_path=MISSING.format("soffice")))
    assert e.value.path == str(f)
    assert "chưa cài LibreOffice" in e.value.reason and "apt-get install libreoffice-writer-nogui" in e.value.reason


@needs_soffice
def test_conversion_timeout_is_a_load_error(word_files, tmp_path):
    with pytest.raises(LoadError, match=r"quyet-dinh-21-2025\.doc: LibreOffice chuyển đổi quá 0.01 giây"):
        load(word_files["doc"], settings=settings(tmp_path, soffice_timeout_s=0.01))


# ---------------------------------------------------------------- end to end


@needs_ocr
@needs_soffice
def test_cli_ingest_folder_with_doc_and_scanned_pdf(scans, word_files, shared, tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from assistant.cli import app
    from assistant.config import get_settings

    folder = tmp_path / "van-ban"
    folder.mkdir()
    shutil.copy(word_files["doc"], folder)
    shutil.copy(scans["scan"], folder)
    monkeypatch.setenv("ASSISTANT_INDEXES_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(shared / "cache"))  # the scan and the .doc were read above
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        res = runner.invoke(app, ["ingest", str(folder), "--collection", "quet", "--no-dense"])
        assert res.exit_code == 0, res.output
        assert "OCR" in res.output  # the scanned page's warning is shown
        res = runner.invoke(app, ["search", "thời hạn đăng ký khai sinh", "--collection", "quet", "--json", "-k", "3"])
        hits = json.loads(res.stdout)
        assert hits[0]["citation"] == f"Điều 1 Quyết định {sd.QD_NUMBER}"
        res = runner.invoke(app, ["search", "mức thu phí nhà ở riêng lẻ", "--collection", "quet", "--json", "-k", "3"])
        hits = json.loads(res.stdout)
        assert hits[0]["citation"] == f"Điều 1 Quyết định {sd.WORD_NUMBER}"
    finally:
        get_settings.cache_clear()


@needs_ocr
@needs_soffice
@pytest.mark.slow
def test_api_upload_of_doc_and_scan_becomes_searchable(scans, word_files, shared, tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api_fakes import H, keyed_settings, wait_job

    s = keyed_settings(tmp_path, upload_dense=False, max_upload_bytes=5 * 1024 * 1024)
    s = s.model_copy(update={"cache_dir": shared / "cache"})  # the scan was OCR'd above
    with TestClient(create_app("quet", settings=s)) as client:
        files = [("files", (p.name, p.read_bytes(), "application/octet-stream"))
                 for p in (word_files["doc"], scans["scan"])]
        r = client.post("/api/v1/documents", data={"collection": "quet"}, files=files, headers=H)
        assert r.status_code == 202, r.text
        job = wait_job(client, r.json()["job_id"])
        assert job["status"] == "done" and "2 văn bản" in job["message"], job
        hits = client.get("/api/v1/search", params={"q": "thời hạn đăng ký khai sinh", "k": 3, "collection": "quet"},
                          headers=H).json()["hits"]
        assert hits[0]["chunk"]["citation"] == f"Điều 1 Quyết định {sd.QD_NUMBER}"
        # the upload size limit still applies to scans
        big = [("files", ("lon.pdf", b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024), "application/pdf"))]
        r = client.post("/api/v1/documents", data={"collection": "quet"}, files=big, headers=H)
        assert r.status_code == 413


@needs_soffice
def test_doc_typed_in_a_tcvn3_font_comes_out_in_unicode(tmp_path):
    """Old .doc files from district offices are often typed in .VnTime (TCVN3/ABC): the converted text is
    detected and converted like a DOCX's; an old .doc renamed .docx is recognised by its first bytes."""
    import docx

    from assistant.text import encode_legacy

    body = "Điều 1. Công chức tư pháp - hộ tịch cấp xã tiếp nhận hồ sơ đăng ký khai sinh của công dân."  # no capital with a tone mark: TCVN3 has none
    d = docx.Document()
    d.add_paragraph(encode_legacy(body, "tcvn3"))
    d.save(tmp_path / "abc.docx")
    doc_file = sd.soffice_convert(tmp_path / "abc.docx", "doc", tmp_path / "out")
    (raw,) = load(doc_file, settings=settings(tmp_path))
    assert raw.text == body and any("TCVN3" in w for w in raw.warnings)
    renamed = tmp_path / "cu-doi-ten.docx"
    shutil.copy(doc_file, renamed)
    (raw,) = load(renamed, settings=settings(tmp_path))
    assert raw.format == "docx" and raw.meta["real_format"] == "doc" and raw.text == body
