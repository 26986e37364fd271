"""Legal documents as officials get them: typed in Word (header and signature as borderless two-column tables,
italic "Căn cứ" lines, page-number footers), printed to PDF by LibreOffice, then loaded and parsed by the real
pipeline (``loaders.load`` → ``legal.parse``). Fixtures and the script that makes them: tests/data/pdf-*.pdf,
tests/data/make_legal_pdfs.py. The same DOCX read directly must give the same metadata and articles."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from assistant.legal import parse
from assistant.loaders import load
from assistant.records import LegalDocument

DATA = Path(__file__).resolve().parent / "data"


def _parse(name: str) -> LegalDocument:
    return parse(load(DATA / name)[0])


def _flat(s: str) -> str:
    return " ".join(s.split())


def test_pdf_header_date_wrapped_in_narrow_column() -> None:
    # "Hà Nội, ngày 10 tháng 3 năm" / "2025": the right header column is too narrow for the date line
    d = _parse("pdf-thong-tu-12-2025-tt-btc.pdf")
    assert (d.doc_type, d.number, d.issuer) == ("Thông tư", "12/2025/TT-BTC", "Bộ Tài chính")
    assert d.issued_on == date(2025, 3, 10)
    assert d.validity.effective_from == date(2025, 4, 25)
    assert d.title == ("Thông tư hướng dẫn quản lý, sử dụng kinh phí hỗ trợ chuyển đổi số trong giải quyết thủ tục "
                       "hành chính tại bộ phận một cửa các cấp")
    assert [a.number for a in d.articles] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [p.label for p in d.articles[3].clauses[0].points] == ["a", "b", "c"]
    assert not any("Căn cứ" in a.text for a in d.articles)
    last = d.articles[-1]
    assert _flat(last.text).endswith("để nghiên cứu, hướng dẫn./.") or _flat(last.text).endswith("hướng dẫn.")
    assert not re.search(r"Nơi nhận|THỨ TRƯỞNG|Trần Văn Minh|Trang \d", " ".join(a.text for a in d.articles))


def test_pdf_law_passing_sentence_wrapped() -> None:
    # a Luật is dated by "… thông qua ngày 24 tháng 6 năm 2025.", wrapped after "… Việt" in the PDF
    d = _parse("pdf-luat-75-2025-qh15.pdf")
    assert (d.doc_type, d.number, d.issuer, d.title) == ("Luật", "75/2025/QH15", "Quốc hội", "Luật Lưu trữ điện tử")
    assert d.issued_on == date(2025, 6, 24)
    assert d.validity.effective_from == date(2026, 1, 1)


@pytest.mark.parametrize("stem", ["pdf-thong-tu-12-2025-tt-btc", "pdf-nghi-dinh-58-2025-nd-cp",
                                  "pdf-quyet-dinh-27-2025-qd-ubnd-kem-quy-che", "pdf-luat-75-2025-qh15"])
def test_pdf_and_its_docx_give_the_same_document(stem: str) -> None:
    a, b = _parse(f"{stem}.docx"), _parse(f"{stem}.pdf")
    for field in ("doc_type", "number", "issuer", "issued_on", "title", "amends", "replaces"):
        assert getattr(b, field) == getattr(a, field), field
    assert b.validity.effective_from == a.validity.effective_from
    assert [(x.number, x.title, x.part, x.heading_path) for x in b.articles] == \
        [(x.number, x.title, x.part, x.heading_path) for x in a.articles]
    assert [_flat(x.text) for x in b.articles] == [_flat(x.text) for x in a.articles]
    assert [[(c.label, [p.label for p in c.points]) for c in x.clauses] for x in b.articles] == \
        [[(c.label, [p.label for p in c.points]) for c in x.clauses] for x in a.articles]


def test_pdf_number_split_at_hyphen_and_wrapped_article_title() -> None:
    # trích yếu "… Nghị định số 61/2018/NĐ-" / "CP ngày …"; "Điều 1. … của Nghị định số" / "61/2018/NĐ-CP"
    d = _parse("pdf-nghi-dinh-58-2025-nd-cp.pdf")
    assert "61/2018/NĐ-CP ngày 23 tháng 4 năm 2018" in d.title
    assert d.amends == ["61/2018/NĐ-CP"] and d.replaces == ["107/2021/NĐ-CP"]
    assert d.articles[0].title == "Sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP"
    assert [c.label for c in d.articles[0].clauses] == ["1", "2", "3"]
    assert not re.search(r"Nơi nhận|PHÓ THỦ TƯỚNG|Nguyễn Hòa Bình|chinhphu\.vn", " ".join(a.text for a in d.articles))


def test_docx_signature_row_with_empty_left_cell_is_not_in_last_article() -> None:
    # a Luật's signature table: empty left cell, "CHỦ TỊCH QUỐC HỘI / (Đã ký) / name" right → one line
    d = _parse("pdf-luat-75-2025-qh15.docx")
    assert d.articles[-1].number == "3"
    assert not re.search(r"CHỦ TỊCH|Đã ký|Trần Thanh Mẫn", d.articles[-1].text)


def test_pdf_header_repeated_above_attached_quy_che_is_not_a_running_header() -> None:
    # page 1 and the Quy chế's page 3 both open with "ỦY BAN NHÂN DÂN" / "TỈNH BẮC NINH" (4 pages: 2 of 4 = recurring)
    d = _parse("pdf-quyet-dinh-27-2025-qd-ubnd-kem-quy-che.pdf")
    assert (d.doc_type, d.number, d.issuer) == ("Quyết định", "27/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Bắc Ninh")
    assert d.issued_on == date(2025, 7, 14) and d.validity.effective_from == date(2025, 7, 25)
    assert d.replaces == ["09/2021/QĐ-UBND"]
    own = [a.number for a in d.articles if a.part is None]
    quy_che = [a for a in d.articles if a.part]
    assert own == ["1", "2", "3"] and [a.number for a in quy_che] == ["1", "2", "3", "4"]
    assert quy_che[0].part.startswith("Quy chế phối hợp giải quyết thủ tục hành chính")
    assert not re.search(r"Nơi nhận|CHỦ TỊCH|Lê Thị Hồng Vân|CỘNG HÒA", " ".join(a.text for a in d.articles))


def test_running_header_on_pages_with_a_document_header_is_still_dropped() -> None:
    from assistant.loaders import _strip_running_lines

    gazette = "CÔNG BÁO/Số 1215 + 1216/Ngày 25-11-2025"
    pages = [f"{gazette}\nỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐiều 1. A\nnội dung một\nhai",
             f"{gazette}\nĐiều 2. B\nnội dung ba\nbốn",
             f"{gazette}\nỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQUY CHẾ\nĐiều 1. C\nnăm"]
    kept, n = _strip_running_lines(pages)
    assert n == 3 and not any(gazette in p for p in kept)
    assert kept[0].startswith("ỦY BAN NHÂN DÂN") and kept[2].startswith("ỦY BAN NHÂN DÂN")


def _words(d: LegalDocument) -> list[str]:
    return " ".join(a.text for a in d.articles).split()


@pytest.mark.parametrize("stem,pages", [("pdf-thong-tu-12-2025-tt-btc", [1, 2, 3]),
                                        ("pdf-quyet-dinh-27-2025-qd-ubnd-kem-quy-che", [1, 2, 3]),
                                        ("pdf-luat-75-2025-qh15", [1, 2])])
def test_pdf_text_layer_out_of_reading_order_is_reread_by_position(stem: str, pages: list[int]) -> None:
    # typed in Times New Roman, converted where it is missing: the substitute font lacks Ộ, ố, ạ …, which a fallback
    # font supplies and LibreOffice writes after the rest of each line; pypdf alone gives "B TÀI CHÍNHỘ". pdftotext
    # reads the header row by row ("ỦY BAN NHÂN DÂN" / "CỘNG HÒA …" / "TỈNH BẮC NINH"), glues a rule to the next
    # block ("-----QUY CHẾ") and wraps "Điều 3. Chánh Văn phòng …" so that "Quyết định này./." is a line of its own;
    # the Luật's page 2 has a single line out of order ("CHỦ TỊCH QUỐC HỘI")
    import shutil

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    raw = load(DATA / f"{stem}-phong-thay-the.pdf")[0]
    assert raw.meta["reordered_pages"] == pages and not raw.warnings
    assert not re.search(r"CHÍNHỘ|NHÂN DÂNỦ|H I CH", raw.text)
    d, ref = parse(raw), _parse(f"{stem}.docx")
    for field in ("doc_type", "number", "issuer", "issued_on", "title", "amends", "replaces"):
        assert getattr(d, field) == getattr(ref, field), field
    assert d.validity.effective_from == ref.validity.effective_from
    assert [(a.number, a.title, a.part, [c.label for c in a.clauses]) for a in d.articles] == \
        [(a.number, a.title, a.part, [c.label for c in a.clauses]) for a in ref.articles]
    known = set(_words(ref))
    odd = [w for w in _words(d) if w not in known]  # words pdftotext splits and the loader cannot rejoin
    assert len(odd) <= 0.01 * len(_words(d)), odd


def test_pdf_text_layer_out_of_order_without_pdftotext_warns(tmp_path: Path) -> None:
    from assistant.config import Settings

    settings = Settings(pdftotext_path=str(tmp_path / "khong-co-pdftotext"), cache_dir=tmp_path)
    raw = load(DATA / "pdf-thong-tu-12-2025-tt-btc-phong-thay-the.pdf", settings=settings)[0]
    assert "reordered_pages" not in raw.meta
    assert any("trang 1–3" in w and "không theo thứ tự đọc" in w and "poppler-utils" in w for w in raw.warnings)


def test_pdf_in_order_text_layers_are_not_reread() -> None:
    # LibreOffice with a font that has every letter; a matplotlib PDF that draws the right header column first
    for name in ("pdf-thong-tu-12-2025-tt-btc.pdf", "pdf-quyet-dinh-27-2025-qd-ubnd-kem-quy-che.pdf",
                 "pdf-thong-tu-cot-phai-truoc.pdf"):
        assert "reordered_pages" not in load(DATA / name)[0].meta, name


def test_pdf_right_header_column_first_in_text_layer() -> None:
    # guard (passes before and after): the quốc hiệu before "BỘ NỘI VỤ / Số: …", "Nơi nhận" after the signer
    d = _parse("pdf-thong-tu-cot-phai-truoc.pdf")
    assert (d.doc_type, d.number, d.issuer, d.issued_on) == ("Thông tư", "15/2025/TT-BNV", "Bộ Nội vụ", date(2025, 8, 20))
    assert d.title == "Thông tư quy định mẫu phiếu đánh giá việc giải quyết thủ tục hành chính"
    assert d.validity.effective_from == date(2025, 10, 1)
    assert [a.number for a in d.articles] == ["1", "2"]
    assert not re.search(r"Căn cứ|BỘ TRƯỞNG|Nơi nhận|Phạm Thị", " ".join(a.text for a in d.articles))


def _text_doc(text: str) -> LegalDocument:
    from assistant.records import RawDocument

    return parse(RawDocument(doc_id="x.pdf", source_path="x.pdf", format="pdf", text=text, checksum="0"))


def test_header_columns_read_row_by_row_keep_the_whole_issuer() -> None:
    # what pdftotext gives for the two header columns: issuer and quốc hiệu interleaved, the issuer's 2nd line
    # after the quốc hiệu; a type line right after the motto is not taken into the issuer
    d = _text_doc("ỦY BAN NHÂN DÂN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\n\nTỈNH BẮC NINH\n\nĐộc lập - Tự do - Hạnh phúc\n"
                  "\n-------\n\nSố: 27/2025/QĐ-UBND\n\nBắc Ninh, ngày 14 tháng 7 năm 2025\nQUYẾT ĐỊNH\n"
                  "Ban hành Quy chế phối hợp\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.\n")
    assert (d.issuer, d.number, d.issued_on) == ("Ủy ban nhân dân tỉnh Bắc Ninh", "27/2025/QĐ-UBND", date(2025, 7, 14))
    d = _text_doc("BỘ TƯ PHÁP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTHÔNG BÁO\n"
                  "Kết luận của Bộ trưởng\nNội dung thông báo.\n")
    assert d.issuer == "Bộ Tư pháp"


def test_decision_sentence_wrapped_before_its_last_words_is_text_not_title() -> None:
    d = _text_doc("ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nSố: 27/2025/QĐ-UBND\nQUYẾT ĐỊNH\nBan hành Quy chế phối hợp\n"
                  "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.\n"
                  "Điều 2. Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các sở, ban,\n"
                  "ngành, Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành\nQuyết định này./.\n"
                  "Nơi nhận:\n- Như Điều 2;\n")
    a2 = d.articles[1]
    assert a2.title == "" and " ".join(a2.text.split()).endswith("chịu trách nhiệm thi hành Quyết định này.")
