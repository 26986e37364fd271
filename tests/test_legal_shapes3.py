"""Document shapes the sample corpus and the earlier test documents did not have (helper h-ingest3): a Quyết định
of the Thủ tướng printed to PDF whose trích yếu and Điều 2 wrap, a Word "Web Page, Filtered" page in windows-1258,
an erratum decision (Quyết định đính chính), a decree inserting a điểm ("Bổ sung điểm đ vào sau điểm d khoản 2
Điều 5"), a Thông tư PDF whose expiry sentence wraps, a Pháp lệnh saved by Notepad as "Unicode" (UTF-16), a DOCX
appendix table with merged header cells, and a saved login page. Files: tests/fixtures/shapes3/ (made by
make_shapes3.py there)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from assistant.legal import apply_relations, parse
from assistant.legal.validity import document_relations
from assistant.loaders import LoadError, load

FIX = Path(__file__).resolve().parent / "fixtures" / "shapes3"


def _doc(name: str):
    return parse(load(FIX / name)[0])


def _art(doc, number: str, part: bool = False):
    return next(a for a in doc.articles if a.number == number and (a.part is not None) == part)


def test_pdf_decision_wrapped_trich_yeu_and_effective_date():
    """The PDF wraps the trích yếu before "BÁO CÁO QUỐC GIA" and Điều 2 before "2026 và thay thế …": the title must
    not take the next line "THỦ TƯỚNG CHÍNH PHỦ", and the effective date must be read across the wrap (before:
    title "… quốc gia Thủ tướng Chính phủ", Điều 2 titled "Quyết định này có hiệu lực … tháng 4 năm", no date)."""
    d = _doc("quyet-dinh-08-2026-qd-ttg-kem-quy-che.pdf")
    assert d.doc_type == "Quyết định" and d.number == "08/2026/QĐ-TTg" and d.issuer == "Thủ tướng Chính phủ"
    assert d.title == "Quyết định ban hành quy chế quản lý, vận hành hệ thống thông tin báo cáo quốc gia"
    assert d.validity.effective_from == date(2026, 4, 1)
    assert d.replaces == ["451/QĐ-TTg"]
    own = [a for a in d.articles if a.part is None]
    assert [a.number for a in own] == ["1", "2", "3"]
    assert _art(d, "2").title == "" and "2026 và thay thế Quyết định số 451/QĐ-TTg" in _art(d, "2").text
    quy_che = [a for a in d.articles if a.part]
    assert [(a.number, a.title) for a in quy_che] == [
        ("1", "Phạm vi điều chỉnh"), ("2", "Giải thích từ ngữ"), ("3", "Trách nhiệm của Văn phòng Chính phủ"),
        ("4", "Trách nhiệm của các bộ, ngành, địa phương")]
    assert [c.label for c in _art(d, "3", part=True).clauses] == ["1", "2"]


def test_trich_yeu_stops_at_the_authority_line(tmp_path):
    """A trích yếu wrapped over two capital lines, then the authority line in capitals, then "Căn cứ …"."""
    p = tmp_path / "qd.txt"
    p.write_text(
        "BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 301/QĐ-BTC\n"
        "Hà Nội, ngày 02 tháng 3 năm 2026\nQUYẾT ĐỊNH\nVỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH TRONG LĨNH VỰC\n"
        "QUẢN LÝ CÔNG SẢN\nBỘ TRƯỞNG BỘ TÀI CHÍNH\nCăn cứ Nghị định số 14/2025/NĐ-CP;\n"
        "Điều 1. Công bố kèm theo Quyết định này thủ tục hành chính mới ban hành.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n", encoding="utf-8")
    d = parse(load(p)[0])
    assert d.title == ("Quyết định về việc công bố thủ tục hành chính mới ban hành trong lĩnh vực quản lý công sản")


def test_titles_keep_ministry_and_province_names():
    """Sentence-casing an all-capital trích yếu lowered the names in it: "của bộ trưởng bộ tài chính", "trên địa bàn
    tỉnh nghệ an". The Nghị quyết is a Word "Web Page, Filtered" file in windows-1258 (tone marks stored apart)."""
    dc = _doc("quyet-dinh-215-qd-btc-dinh-chinh-tt-18.txt")
    assert dc.title == ("Quyết định về việc đính chính Thông tư số 18/2026/TT-BTC ngày 02 tháng 3 năm 2026 "
                        "của Bộ trưởng Bộ Tài chính")
    assert dc.number == "215/QĐ-BTC" and dc.validity.effective_from == date(2026, 3, 12)
    assert "Nay sửa lại là: “115.000 đồng/lần cấp”." in _art(dc, "1").clauses[0].text
    nq = _doc("nghi-quyet-21-2025-nq-hdnd-nghe-an-word-html.htm")
    assert nq.title.endswith("trên địa bàn tỉnh Nghệ An")
    assert nq.issuer == "Hội đồng nhân dân tỉnh Nghệ An" and nq.number == "21/2025/NQ-HĐND"
    assert nq.issued_on == date(2025, 12, 10) and nq.validity.effective_from == date(2026, 1, 1)
    assert nq.replaces == ["45/2017/NQ-HĐND"]
    assert [(a.number, a.title) for a in nq.articles][:2] == [
        ("1", "Phạm vi điều chỉnh và đối tượng áp dụng"), ("2", "Mức hỗ trợ")]


def test_inserted_point_marks_the_khoan_it_joins():
    """"Bổ sung điểm đ vào sau điểm d khoản 2 Điều 5 như sau:" changes khoản 2 Điều 5 (before: Điều 5 unmarked);
    the quoted new Điều 7 (with its own "1." and "a)") stays inside the amending khoản; "sau 45 ngày kể từ ngày ký"."""
    base, amend = apply_relations([_doc("nghi-dinh-30-2025-nd-cp-cong-tac-phi.txt"),
                                   _doc("nghi-dinh-15-2026-nd-cp-sua-doi-nd-30.docx")])
    assert amend.validity.effective_from == date(2026, 3, 6)  # 20/01/2026 + 45 days
    assert amend.amends == ["30/2025/NĐ-CP"]
    a5 = _art(base, "5")
    assert a5.validity.amended_by == ["Điều 1 Nghị định số 15/2026/NĐ-CP"]
    assert any(n.startswith("Khoản 2 Điều 5 được sửa đổi, bổ sung") for n in a5.validity.notes)
    assert _art(base, "7").validity.amended_by and _art(base, "4").validity.amended_by
    assert _art(base, "6").validity.effective_to == date(2026, 3, 5)
    assert [c.label for c in _art(amend, "1").clauses] == ["1", "2", "3"]
    # the new điểm inserted into a khoản of a different article must not mark Điều 3, which it does not name
    assert not _art(base, "3").validity.amended_by


def test_expiry_sentence_wrapped_in_a_pdf():
    """"… của Bộ trưởng Bộ" / "Nội vụ hết hiệu lực kể từ …" (the PDF's line width): the Thông tư still ends the old one."""
    d = _doc("thong-tu-07-2026-tt-bnv-phu-luc-bang.pdf")
    assert d.replaces == ["03/2019/TT-BNV"]
    assert d.validity.effective_from == date(2026, 4, 1)
    assert _art(d, "4").validity.effective_from == date(2027, 1, 1)
    text = ("3. Thông tư số 03/2019/TT-BNV ngày 14 tháng 5 năm 2019 của Bộ trưởng Bộ\n"
            "Nội vụ hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành.")
    assert document_relations(text, "07/2026/TT-BNV") == ([], ["03/2019/TT-BNV"])
    # a heading line is not joined to the khoản under it
    assert document_relations("Điều 5. Bãi bỏ\n1. Nghị định số 12/2020/NĐ-CP được giữ nguyên.", None) == ([], [])


def test_docx_appendix_table_with_merged_header_and_numeric_dates():
    d = _doc("thong-tu-07-2026-tt-bnv-phu-luc-bang.docx")
    assert d.validity.effective_from == date(2026, 4, 1)  # "từ ngày 01/4/2026"
    assert d.replaces == ["03/2019/TT-BNV"]
    pl1 = _art(d, "PL-I")
    assert pl1.kind == "annex" and pl1.title == "Điểm ưu tiên trong xét thăng hạng"
    assert "1 | Anh hùng Lực lượng vũ trang, Anh hùng Lao động | 5 | 7,5" in pl1.text
    assert _art(d, "PL-II").title == "Biểu mẫu hồ sơ"



@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdf_appendix_table_read_row_by_row_like_the_docx():
    """The same Thông tư printed to PDF: its ruled Phụ lục I table was read column by column ("STT", "1", "2", "3",
    "Đối tượng ưu", "tiên", "Anh hùng Lực" …), the last cell "5" dropped as a page number, and the rest of row 3 on
    the next page glued to Phụ lục II's title ("người hưởng chính sách như thương binh BIỂU MẪU HỒ SƠ"). Now each row
    is one line, cells joined by " | " as the DOCX reader writes them, the row broken over the page joined again."""
    raw = load(FIX / "thong-tu-07-2026-tt-bnv-phu-luc-bang.pdf")[0]
    d = parse(raw)
    pl1, pl2 = _art(d, "PL-I"), _art(d, "PL-II")
    assert "1 | Anh hùng Lực lượng vũ trang, Anh hùng Lao động | 5 | 7,5" in pl1.text
    assert "3 | Thương binh, người hưởng chính sách như thương binh | 2,5 | 5" in pl1.text
    assert pl2.title == "Biểu mẫu hồ sơ" and "thương binh" not in pl2.text
    docx_rows = [ln for ln in _art(_doc("thong-tu-07-2026-tt-bnv-phu-luc-bang.docx"), "PL-I").text.split("\n") if " | " in ln]
    assert [ln for ln in pl1.text.split("\n") if " | " in ln] == docx_rows  # header rows with merged cells too
    assert raw.meta["table_pages"] == [2, 3]


def test_pdf_table_without_pdftotext_is_kept_with_a_warning(tmp_path):
    from assistant.config import Settings

    settings = Settings(pdftotext_path=str(tmp_path / "khong-co-pdftotext"), cache_dir=tmp_path)
    raw = load(FIX / "thong-tu-07-2026-tt-bnv-phu-luc-bang.pdf", settings=settings)[0]
    assert "table_pages" not in raw.meta
    assert any(w.startswith("trang 2 có bảng nhưng không đọc lại được theo hàng") for w in raw.warnings)
    assert "Anh hùng Lao" in raw.text


def test_phap_lenh_saved_as_utf16_with_points_and_cross_references():
    d = _doc("phap-lenh-02-2026-ubtvqh15-chi-phi-khieu-nai.txt")
    assert (d.doc_type, d.number, d.issuer) == ("Pháp lệnh", "02/2026/UBTVQH15", "Ủy ban Thường vụ Quốc hội")
    assert d.issued_on == date(2026, 3, 14) and d.validity.effective_from == date(2026, 7, 1)
    a3 = _art(d, "3")
    assert a3.heading_path == ["Chương I. NHỮNG QUY ĐỊNH CHUNG"]
    assert [p.label for p in a3.clauses[0].points] == ["a", "b", "c", "d", "đ", "e"]
    assert "điểm đ khoản 1 Điều này" in a3.clauses[1].text
    assert _art(d, "6").text.startswith("Pháp lệnh này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026.")


def test_saved_login_page_is_refused_naming_the_file(tmp_path):
    p = tmp_path / "trang-van-ban-da-luu.html"
    p.write_text("<html><head><title>Đăng nhập</title></head><body><form><input name='u'>"
                 "<input type='password' name='p'></form><p>Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.</p>"
                 "</body></html>", encoding="utf-8")
    with pytest.raises(LoadError) as e:
        load(p)
    assert "trang-van-ban-da-luu.html" in str(e.value) and "trang đăng nhập" in str(e.value)
    # a saved document page with a site search/login box keeps loading
    q = tmp_path / "nghi-quyet.html"
    q.write_text("<html><body><form><input type='password'></form><div><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>"
                 "<p>Điều 1. Phạm vi điều chỉnh</p><p>Nghị quyết này quy định mức chi.</p></div></body></html>",
                 encoding="utf-8")
    assert "Điều 1. Phạm vi điều chỉnh" in load(q)[0].text


def test_ocr_specks_before_headings_are_dropped():
    """Specks in a scan's margin read as "- ", "_ ", "ị " before "Điều N. Tên" hid the article (the scanned
    Quyết định 08/2026/QĐ-TTg lost Điều 1 and Điều 3 of its Quy chế); a reference "và Điều 5." keeps its word."""
    from assistant.convert import fix_ocr_text

    t = ("- Điều 1. Ban hành kèm theo Quyết định này Quy chế\n_ Điều 3. Các Bộ trưởng\n"
         "ị Điều 3. Trách nhiệm của Văn phòng Chính phủ\nvà Điều 5. Các cơ quan\nrợ Chương II\n"
         "Điều 4. Trách nhiệm của các bộ, ngành, địa phương -\n- Như Điều 3;")
    assert fix_ocr_text(t).split("\n") == [
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế", "Điều 3. Các Bộ trưởng",
        "Điều 3. Trách nhiệm của Văn phòng Chính phủ", "và Điều 5. Các cơ quan", "Chương II",
        "Điều 4. Trách nhiệm của các bộ, ngành, địa phương", "- Như Điều 3;"]


def test_erratum_notes_the_provisions_it_corrects(tmp_path):
    """A Quyết định đính chính ("1. Tại điểm b khoản 2 Điều 4:" / "Đã in: …" / "Nay sửa lại là: …") notes the
    correction on the provision of the corrected Thông tư (before: nothing linked them, and an answer quoted the
    misprinted fee as the rule)."""
    tt = tmp_path / "thong-tu-18-2026-tt-btc.txt"
    tt.write_text(
        "BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 18/2026/TT-BTC\n"
        "Hà Nội, ngày 02 tháng 3 năm 2026\nTHÔNG TƯ\nQUY ĐỊNH MỨC THU, CHẾ ĐỘ THU, NỘP LỆ PHÍ CẤP GIẤY PHÉP LÁI XE\n"
        "Căn cứ Luật Phí và lệ phí số 97/2015/QH13;\nĐiều 4. Mức thu lệ phí\n1. Lệ phí được thu bằng Đồng Việt Nam.\n"
        "2. Mức thu lệ phí như sau:\na) Cấp mới giấy phép lái xe: 135.000 đồng/lần cấp;\n"
        "b) Cấp lại giấy phép lái xe: 135.000 đồng/lần cấp.\nĐiều 5. Kê khai, nộp lệ phí\n"
        "Tổ chức thu lệ phí kê khai, nộp lệ phí theo tháng.\nĐiều 6. Hiệu lực thi hành\n"
        "1. Thông tư này có hiệu lực kể từ ngày 15 tháng 4 năm 2026.\n", encoding="utf-8")
    tt_doc, dc = apply_relations([parse(load(tt)[0]), _doc("quyet-dinh-215-qd-btc-dinh-chinh-tt-18.txt")])
    a4 = _art(tt_doc, "4")
    assert a4.validity.notes == [
        "Điểm b khoản 2 Điều 4 được đính chính bởi Điều 1 Quyết định số 215/QĐ-BTC (có hiệu lực từ ngày 12/03/2026): "
        "“135.000 đồng/lần cấp” sửa lại là “115.000 đồng/lần cấp”."]
    assert not a4.validity.amended_by and a4.validity.effective_to is None  # still in force: a correction, not a change
    assert any("Khoản 1 Điều 6 được đính chính" in n for n in _art(tt_doc, "6").validity.notes)
    assert not _art(tt_doc, "5").validity.notes
    assert not any(a.validity.notes for a in dc.articles)  # the erratum's own articles are untouched
