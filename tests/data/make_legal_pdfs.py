"""Builds the ``pdf-*.docx`` / ``pdf-*.pdf`` fixtures: legal documents typed the way ministries and UBNDs type
them in Word, then printed to PDF by LibreOffice — the PDFs officials actually download from vbpl.vn and
ministry sites. The text is written for these tests (no real document is copied). What they exercise:

- the header as a borderless two-column table (issuer + "Số: …" | quốc hiệu, tiêu ngữ, "Hà Nội, ngày …"),
  the signature block as a borderless two-column table ("Nơi nhận:" list | "KT. BỘ TRƯỞNG / THỨ TRƯỞNG /
  (Đã ký) / name"), centred "THÔNG TƯ" + trích yếu, italic "Căn cứ …" lines, a page-number footer
  ("Trang N") and, in the Nghị định, a running footer line; long articles that cross page breaks;
- a Quyết định of a UBND issuing a Quy chế (the Quy chế after the signature, with its own heading and Điều 1…);
- a Luật (Quốc hội header without "Số:" in the left column, passing line + Chủ tịch Quốc hội signature);
- ``pdf-thong-tu-cot-phai-truoc.pdf``: a PDF whose text layer gives the right header column before the left
  (the drawing order of some PDF printers), made with matplotlib (one line per text object); and
  ``*-phong-thay-the.pdf``: the Thông tư, the Quyết định and the Luật typed in Times New Roman and converted where
  that font is missing, so the Vietnamese letters come from a substitute font, out of order in the text layer
  (the DOCX is the same as the DejaVu one but for the font name, so it is not kept).

Run ``python tests/data/make_legal_pdfs.py`` (python-docx, LibreOffice ``soffice`` on PATH, matplotlib) to
rebuild all files; the PDFs are committed so tests need neither LibreOffice nor this script.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).parent


# ------------------------------------------------------------------ Word building blocks


def _no_borders(table) -> None:  # noqa: ANN001
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _cell_lines(cell, lines: list[tuple[str, str]]) -> None:  # noqa: ANN001
    """lines: (style, text); style letters b=bold, i=italic, c=centre, u=underline."""
    cell.paragraphs[0].text = ""
    for k, (style, text) in enumerate(lines):
        p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        if "c" in style:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(text)
        r.bold = "b" in style
        r.italic = "i" in style
        r.underline = "u" in style
        r.font.size = Pt(12 if "s" in style else 13)


def two_columns(d, left: list[tuple[str, str]], right: list[tuple[str, str]], widths=(6.5, 9.5)) -> None:  # noqa: ANN001
    t = d.add_table(rows=1, cols=2)
    _no_borders(t)
    for cell, w in zip(t.rows[0].cells, widths):
        cell.width = Cm(w)
    _cell_lines(t.rows[0].cells[0], left)
    _cell_lines(t.rows[0].cells[1], right)


def para(d, text: str, style: str = "") -> None:  # noqa: ANN001
    p = d.add_paragraph()
    if "c" in style:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif "j" in style or not style:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if "n" not in style and "c" not in style:
        p.paragraph_format.first_line_indent = Cm(1)
    r = p.add_run(text)
    r.bold = "b" in style
    r.italic = "i" in style
    r.font.size = Pt(13)


def _field(run, instr: str) -> None:  # noqa: ANN001
    for kind, txt in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if txt == instr else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = txt
        run._r.append(el)


FONT = "DejaVu Serif"  # has every Vietnamese letter; "Times New Roman" (missing here) → substitute-font PDFs
SUFFIX = ""  # added to the file names of the substitute-font variants


def new_doc(footer: str | None = None, page_label: str = "", font: str | None = None) -> docx.Document:
    d = docx.Document()
    s = d.sections[0]
    s.page_height, s.page_width = Cm(29.7), Cm(21)
    s.left_margin, s.right_margin, s.top_margin, s.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    st = d.styles["Normal"]
    st.font.name = font or FONT
    st.font.size = Pt(13)
    fp = s.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if page_label:
        fp.add_run(page_label)
    _field(fp.add_run(), "PAGE")
    if footer:
        q = s.footer.add_paragraph()
        q.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = q.add_run(footer)
        r.italic = True
        r.font.size = Pt(9)
    return d


def body(d, lines: list[str]) -> None:  # noqa: ANN001
    """Chương/Mục headings centred bold, Điều bold, khoản/điểm justified."""
    for ln in lines:
        if ln.startswith(("Chương ", "Mục ")) or ln.isupper():
            para(d, ln, "bc")
        elif ln.startswith("Điều "):
            para(d, ln, "b")
        else:
            para(d, ln)


def save(d, stem: str, docx_too: bool = True) -> None:  # noqa: ANN001
    stem += SUFFIX
    docx_too = docx_too and not SUFFIX  # a variant's DOCX is the DejaVu one with another font name
    out = HERE / f"{stem}.docx"
    d.core_properties.title = ""
    d.core_properties.author = ""
    d.save(out)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{tmp}/profile",
                        "--headless", "--convert-to", "pdf", "--outdir", tmp, str(out)], check=True,
                       capture_output=True, timeout=180)
        shutil.copy(Path(tmp) / f"{stem}.pdf", HERE / f"{stem}.pdf")
    if not docx_too:
        out.unlink()


# ------------------------------------------------------------------ the documents

LONG = ("bảo đảm công khai, minh bạch, đúng thời hạn và không làm phát sinh thêm thủ tục, giấy tờ ngoài quy định "
        "của pháp luật; cơ quan tiếp nhận có trách nhiệm hướng dẫn đầy đủ một lần bằng văn bản cho tổ chức, cá nhân")


def thong_tu() -> None:
    d = new_doc(page_label="Trang ")
    two_columns(d, [("bc", "BỘ TÀI CHÍNH"), ("c", "-------"), ("c", "Số: 12/2025/TT-BTC")],
                [("bc", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("bc", "Độc lập - Tự do - Hạnh phúc"),
                 ("c", "---------------"), ("ic", "Hà Nội, ngày 10 tháng 3 năm 2025")])
    para(d, "THÔNG TƯ", "bc")
    para(d, "Hướng dẫn quản lý, sử dụng kinh phí hỗ trợ chuyển đổi số trong giải quyết thủ tục hành chính "
            "tại bộ phận một cửa các cấp", "bc")
    para(d, "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;", "i")
    para(d, "Căn cứ Nghị định số 29/2025/NĐ-CP ngày 24 tháng 02 năm 2025 của Chính phủ quy định chức năng, nhiệm "
            "vụ, quyền hạn và cơ cấu tổ chức của Bộ Tài chính;", "i")
    para(d, "Theo đề nghị của Vụ trưởng Vụ Ngân sách nhà nước;", "i")
    para(d, "Bộ trưởng Bộ Tài chính ban hành Thông tư hướng dẫn quản lý, sử dụng kinh phí hỗ trợ chuyển đổi số "
            "trong giải quyết thủ tục hành chính tại bộ phận một cửa các cấp.", "i")
    arts = [
        "Chương I", "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Thông tư này hướng dẫn việc lập dự toán, quản lý, sử dụng và quyết toán kinh phí ngân sách nhà nước hỗ "
        "trợ chuyển đổi số trong giải quyết thủ tục hành chính tại bộ phận một cửa cấp tỉnh và cấp xã.",
        "Điều 2. Đối tượng áp dụng",
        "Thông tư này áp dụng đối với cơ quan, đơn vị được giao dự toán kinh phí hỗ trợ chuyển đổi số và tổ chức, "
        "cá nhân có liên quan.",
        "Điều 3. Nguyên tắc sử dụng kinh phí",
        "1. Kinh phí được sử dụng đúng mục đích, đúng chế độ, " + LONG + ".",
        "2. Không sử dụng kinh phí quy định tại Thông tư này để chi cho các nội dung đã được bố trí từ nguồn "
        "kinh phí khác.",
        "Chương II", "NỘI DUNG VÀ MỨC CHI",
        "Điều 4. Nội dung chi",
        "1. Chi số hóa hồ sơ, kết quả giải quyết thủ tục hành chính, bao gồm:",
        "a) Chi scan, chuyển đổi định dạng tài liệu giấy sang dữ liệu điện tử;",
        "b) Chi kiểm tra, đối chiếu, ký số dữ liệu sau số hóa;",
        "c) Chi nhập dữ liệu đặc tả vào cơ sở dữ liệu, " + LONG + ".",
        "2. Chi thuê dịch vụ công nghệ thông tin phục vụ tiếp nhận hồ sơ trực tuyến theo quy định tại khoản 3 "
        "Điều 5 Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ.",
        "3. Chi tập huấn, hướng dẫn cán bộ, công chức làm việc tại bộ phận một cửa, " + LONG + ".",
        "Điều 5. Mức chi",
        "1. Mức chi số hóa hồ sơ thực hiện theo định mức kinh tế - kỹ thuật do cơ quan có thẩm quyền ban hành; "
        "trường hợp chưa có định mức thì thủ trưởng đơn vị quyết định trong phạm vi dự toán được giao, " + LONG + ".",
        "2. Mức chi tập huấn thực hiện theo quy định tại Thông tư số 36/2018/TT-BTC ngày 30 tháng 3 năm 2018 "
        "của Bộ trưởng Bộ Tài chính.",
        "Chương III", "TỔ CHỨC THỰC HIỆN",
        "Điều 6. Lập dự toán và quyết toán",
        "1. Hằng năm, cùng thời gian lập dự toán ngân sách nhà nước, cơ quan, đơn vị lập dự toán kinh phí hỗ trợ "
        "chuyển đổi số gửi cơ quan tài chính cùng cấp, " + LONG + ".",
        "2. Việc quyết toán kinh phí thực hiện theo quy định của pháp luật về ngân sách nhà nước, " + LONG + ".",
        "Điều 7. Hiệu lực thi hành",
        "1. Thông tư này có hiệu lực thi hành kể từ ngày 25 tháng 4 năm 2025.",
        "2. Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các cơ quan, đơn vị phản ánh về Bộ Tài chính "
        "để nghiên cứu, hướng dẫn./.",
    ]
    body(d, arts)
    two_columns(d, [("bis", "Nơi nhận:"), ("s", "- Văn phòng Chính phủ;"), ("s", "- Các Bộ, cơ quan ngang Bộ;"),
                    ("s", "- UBND các tỉnh, thành phố trực thuộc Trung ương;"), ("s", "- Cục Kiểm tra văn bản (Bộ Tư pháp);"),
                    ("s", "- Công báo; Cổng TTĐT Chính phủ;"), ("s", "- Lưu: VT, NSNN.")],
                [("bc", "KT. BỘ TRƯỞNG"), ("bc", "THỨ TRƯỞNG"), ("c", ""), ("ic", "(Đã ký)"), ("c", ""),
                 ("bc", "Trần Văn Minh")], widths=(8, 8))
    save(d, "pdf-thong-tu-12-2025-tt-btc")


def nghi_dinh() -> None:
    d = new_doc(footer="Cổng Thông tin điện tử Chính phủ - www.chinhphu.vn")
    two_columns(d, [("bc", "CHÍNH PHỦ"), ("c", "-------"), ("c", "Số: 58/2025/NĐ-CP")],
                [("bc", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("bc", "Độc lập - Tự do - Hạnh phúc"),
                 ("c", "---------------"), ("ic", "Hà Nội, ngày 05 tháng 6 năm 2025")])
    para(d, "NGHỊ ĐỊNH", "bc")
    para(d, "Sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ "
            "về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính", "bc")
    para(d, "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;", "i")
    para(d, "Căn cứ Luật Giao dịch điện tử ngày 22 tháng 6 năm 2023;", "i")
    para(d, "Theo đề nghị của Bộ trưởng Bộ Nội vụ;", "i")
    para(d, "Chính phủ ban hành Nghị định sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP ngày 23 "
            "tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ "
            "tục hành chính.", "i")
    arts = [
        "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP",
        "1. Sửa đổi, bổ sung khoản 2 Điều 5 như sau:",
        "“2. Tổ chức, cá nhân có quyền lựa chọn nộp hồ sơ trực tiếp, qua dịch vụ bưu chính công ích hoặc trực "
        "tuyến, không phụ thuộc vào địa giới hành chính nơi cư trú, " + LONG + ".”",
        "2. Sửa đổi, bổ sung điểm a khoản 1 Điều 16 như sau:",
        "“a) Thời hạn giải quyết được tính kể từ khi bộ phận một cửa nhận đủ hồ sơ hợp lệ, " + LONG + ";”",
        "3. Bãi bỏ khoản 4 Điều 19.",
        "Điều 2. Quy định chuyển tiếp",
        "Hồ sơ đã tiếp nhận trước ngày Nghị định này có hiệu lực thi hành thì tiếp tục giải quyết theo quy định "
        "tại Nghị định số 61/2018/NĐ-CP, " + LONG + ".",
        "Điều 3. Hiệu lực thi hành",
        "1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 8 năm 2025.",
        "2. Bãi bỏ Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ.",
        "Điều 4. Trách nhiệm thi hành",
        "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân "
        "tỉnh, thành phố trực thuộc trung ương chịu trách nhiệm thi hành Nghị định này./.",
    ]
    body(d, arts)
    two_columns(d, [("bis", "Nơi nhận:"), ("s", "- Ban Bí thư Trung ương Đảng;"), ("s", "- Thủ tướng, các Phó Thủ tướng Chính phủ;"),
                    ("s", "- Các bộ, cơ quan ngang bộ;"), ("s", "- Lưu: VT, KSTT (2b)."), ],
                [("bc", "TM. CHÍNH PHỦ"), ("bc", "KT. THỦ TƯỚNG"), ("bc", "PHÓ THỦ TƯỚNG"), ("c", ""),
                 ("ic", "(Đã ký)"), ("c", ""), ("bc", "Nguyễn Hòa Bình")], widths=(8, 8))
    save(d, "pdf-nghi-dinh-58-2025-nd-cp")


def quyet_dinh() -> None:
    d = new_doc()
    two_columns(d, [("bc", "ỦY BAN NHÂN DÂN"), ("bc", "TỈNH BẮC NINH"), ("c", "-------"), ("c", "Số: 27/2025/QĐ-UBND")],
                [("bc", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("bc", "Độc lập - Tự do - Hạnh phúc"),
                 ("c", "---------------"), ("ic", "Bắc Ninh, ngày 14 tháng 7 năm 2025")])
    para(d, "QUYẾT ĐỊNH", "bc")
    para(d, "Ban hành Quy chế phối hợp giải quyết thủ tục hành chính theo cơ chế một cửa liên thông trên địa bàn "
            "tỉnh Bắc Ninh", "bc")
    para(d, "ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "bc")
    para(d, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", "i")
    para(d, "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, "
            "một cửa liên thông trong giải quyết thủ tục hành chính;", "i")
    para(d, "Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh.", "i")
    para(d, "QUYẾT ĐỊNH:", "bc")
    body(d, [
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp giải quyết thủ tục hành chính theo cơ chế một "
        "cửa liên thông trên địa bàn tỉnh Bắc Ninh.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày 25 tháng 7 năm 2025 và thay thế Quyết định số "
        "09/2021/QĐ-UBND ngày 02 tháng 3 năm 2021 của Ủy ban nhân dân tỉnh.",
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các sở, ban, ngành, Chủ tịch Ủy ban nhân dân "
        "các xã, phường chịu trách nhiệm thi hành Quyết định này./.",
    ])
    two_columns(d, [("bis", "Nơi nhận:"), ("s", "- Như Điều 3;"), ("s", "- Bộ Nội vụ;"), ("s", "- TT Tỉnh ủy, TT HĐND tỉnh;"),
                    ("s", "- Lưu: VT, KSTT.")],
                [("bc", "TM. ỦY BAN NHÂN DÂN"), ("bc", "CHỦ TỊCH"), ("c", ""), ("ic", "(Đã ký)"), ("c", ""),
                 ("bc", "Lê Thị Hồng Vân")], widths=(8, 8))
    d.add_page_break()
    two_columns(d, [("bc", "ỦY BAN NHÂN DÂN"), ("bc", "TỈNH BẮC NINH"), ("c", "-------")],
                [("bc", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("bc", "Độc lập - Tự do - Hạnh phúc"),
                 ("c", "---------------")])
    para(d, "QUY CHẾ", "bc")
    para(d, "Phối hợp giải quyết thủ tục hành chính theo cơ chế một cửa liên thông trên địa bàn tỉnh Bắc Ninh", "bc")
    para(d, "(Kèm theo Quyết định số 27/2025/QĐ-UBND ngày 14 tháng 7 năm 2025 của Ủy ban nhân dân tỉnh Bắc Ninh)", "ic")
    body(d, [
        "Chương I", "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Quy chế này quy định trách nhiệm, nội dung và cách thức phối hợp giữa các cơ quan trong giải quyết thủ "
        "tục hành chính theo cơ chế một cửa liên thông, " + LONG + ".",
        "Điều 2. Nguyên tắc phối hợp",
        "1. Việc phối hợp " + LONG + ".",
        "2. Cơ quan chủ trì chịu trách nhiệm về kết quả giải quyết cuối cùng.",
        "Chương II", "NỘI DUNG PHỐI HỢP",
        "Điều 3. Thời hạn chuyển hồ sơ",
        "1. Trong thời hạn 01 ngày làm việc kể từ ngày nhận đủ hồ sơ, cơ quan tiếp nhận chuyển hồ sơ cho cơ quan "
        "giải quyết, " + LONG + ".",
        "2. Trường hợp hồ sơ chưa đầy đủ, cơ quan giải quyết thông báo trong thời hạn sau đây:",
        "a) Không quá 02 ngày làm việc đối với hồ sơ cấp tỉnh;",
        "b) Không quá 01 ngày làm việc đối với hồ sơ cấp xã.",
        "Điều 4. Tổ chức thực hiện",
        "Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc thực hiện Quy chế này; trong quá trình thực hiện, "
        "nếu có vướng mắc, các cơ quan phản ánh về Văn phòng Ủy ban nhân dân tỉnh để tổng hợp, báo cáo./.",
    ])
    save(d, "pdf-quyet-dinh-27-2025-qd-ubnd-kem-quy-che")


def luat() -> None:
    d = new_doc()
    two_columns(d, [("bc", "QUỐC HỘI"), ("c", "-------"), ("c", "Luật số: 75/2025/QH15")],
                [("bc", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("bc", "Độc lập - Tự do - Hạnh phúc"),
                 ("c", "---------------")])
    para(d, "LUẬT", "bc")
    para(d, "LƯU TRỮ ĐIỆN TỬ", "bc")
    para(d, "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;", "i")
    para(d, "Quốc hội ban hành Luật Lưu trữ điện tử.", "i")
    body(d, [
        "Chương I", "NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Luật này quy định về tài liệu lưu trữ điện tử, hoạt động lưu trữ điện tử và quản lý nhà nước về lưu trữ "
        "điện tử.",
        "Điều 2. Giải thích từ ngữ",
        "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:",
        "1. Tài liệu lưu trữ điện tử là tài liệu được tạo lập ở dạng thông điệp dữ liệu hoặc được số hóa từ tài "
        "liệu giấy, " + LONG + ".",
        "2. Nền tảng lưu trữ điện tử là hệ thống thông tin dùng chung để quản lý tài liệu lưu trữ điện tử.",
        "Chương II", "ĐIỀU KHOẢN THI HÀNH",
        "Điều 3. Hiệu lực thi hành",
        "1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.",
        "2. Luật Lưu trữ số 33/2024/QH15 tiếp tục có hiệu lực đối với các nội dung không quy định tại Luật này.",
    ])
    para(d, "Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 9 thông qua ngày "
            "24 tháng 6 năm 2025.", "i")
    two_columns(d, [("c", "")], [("bc", "CHỦ TỊCH QUỐC HỘI"), ("c", ""), ("ic", "(Đã ký)"), ("c", ""),
                                  ("bc", "Trần Thanh Mẫn")], widths=(8, 8))
    save(d, "pdf-luat-75-2025-qh15")


def right_column_first() -> None:
    """A one-page Thông tư whose text objects are drawn right header column first, then the left one, then
    the body, then the signature block right column first (matplotlib writes one text object per call)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    items: list[tuple[float, float, str, str]] = []  # x, y, text, ha
    y0 = 0.95
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Hà Nội, ngày 20 tháng 8 năm 2025"]
    left = ["BỘ NỘI VỤ", "Số: 15/2025/TT-BNV"]
    for k, t in enumerate(right):
        items.append((0.66, y0 - 0.022 * k, t, "center"))
    for k, t in enumerate(left):
        items.append((0.22, y0 - 0.022 * k, t, "center"))
    lines = [
        ("c", "THÔNG TƯ"),
        ("c", "Quy định mẫu phiếu đánh giá việc giải quyết thủ tục hành chính"),
        ("l", "Căn cứ Nghị định số 25/2025/NĐ-CP ngày 21 tháng 02 năm 2025 của Chính phủ;"),
        ("l", "Bộ trưởng Bộ Nội vụ ban hành Thông tư quy định mẫu phiếu đánh giá."),
        ("l", "Điều 1. Phạm vi điều chỉnh"),
        ("l", "Thông tư này quy định mẫu phiếu đánh giá việc giải quyết thủ tục hành chính."),
        ("l", "Điều 2. Hiệu lực thi hành"),
        ("l", "1. Thông tư này có hiệu lực từ ngày 01 tháng 10 năm 2025."),
        ("l", "2. Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Thông tư này./."),
    ]
    y = y0 - 0.1
    for kind, t in lines:
        items.append((0.5 if kind == "c" else 0.1, y, t, "center" if kind == "c" else "left"))
        y -= 0.028
    y -= 0.02
    sig_right = ["BỘ TRƯỞNG", "(Đã ký)", "Phạm Thị Thanh Trà"]
    sig_left = ["Nơi nhận:", "- Văn phòng Chính phủ;", "- Lưu: VT, CCHC."]
    for k, t in enumerate(sig_right):
        items.append((0.7, y - 0.022 * k, t, "center"))
    for k, t in enumerate(sig_left):
        items.append((0.1, y - 0.022 * k, t, "left"))
    stem = "pdf-thong-tu-cot-phai-truoc"
    with matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Serif", "font.size": 9}):
        with PdfPages(HERE / f"{stem}.pdf") as pp:
            fig = plt.figure(figsize=(8.27, 11.69))
            for x, yy, t, ha in items:
                fig.text(x, yy, t, ha=ha)
            pp.savefig(fig)
            plt.close(fig)


if __name__ == "__main__":
    thong_tu()
    nghi_dinh()
    quyet_dinh()
    luat()
    right_column_first()
    # Times New Roman as officials type it: where it is not installed LibreOffice substitutes Liberation Serif,
    # whose older releases lack Vietnamese letters (Ộ, ố, ạ …); those come from a fallback font (DejaVu) and are
    # written after the rest of each line in the text layer: the text layer is out of reading order.
    FONT, SUFFIX = "Times New Roman", "-phong-thay-the"
    thong_tu()
    quyet_dinh()
    luat()
