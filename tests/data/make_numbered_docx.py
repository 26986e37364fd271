"""Builds ``thong-tu-09-2026-tt-bnv-danh-so-tu-dong.docx``: a ministry circular whose "Chương I.", "Điều 1.",
"1." and "a)" are Word automatic list numbering (numbering.xml), NOT text in the paragraphs — as most ministry
Word files are typed. What it exercises:

- a multi-level list: level 0 "Điều %1." attached to a paragraph style ("Dieu", style-linked numbering, no
  numPr on the paragraph), level 1 "%2." and level 2 "%3)" set on the paragraphs (khoản restart at each Điều,
  điểm at each khoản);
- a second list for the chapters ("Chương %1." upper Roman, on a Heading 1 style) — article numbers run on
  across chapters;
- the header as the usual two-column table (issuer | quốc hiệu, số | địa danh, ngày);
- an appendix table whose STT column is numbered by a list (a merged cell must not count twice), and a second
  table whose list is a new w:num of the same abstract list with a startOverride (numbering restarts at 1);
- a bullet list ("-") inside an article.

Run ``python tests/data/make_numbered_docx.py`` to rebuild the file (python-docx).
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

OUT = Path(__file__).with_name("thong-tu-09-2026-tt-bnv-danh-so-tu-dong.docx")
W = nsdecls("w")

NUMBERING = f"""
<w:abstractNum {W} w:abstractNumId="20">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Dieu"/>
    <w:lvlText w:val="Điều %1."/><w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>
<w:abstractNum {W} w:abstractNumId="21">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:pStyle w:val="Heading1"/>
    <w:lvlText w:val="Chương %1."/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:abstractNum {W} w:abstractNumId="22">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
</w:abstractNum>
<w:num {W} w:numId="20"><w:abstractNumId w:val="20"/></w:num>
<w:num {W} w:numId="21"><w:abstractNumId w:val="21"/></w:num>
<w:num {W} w:numId="22"><w:abstractNumId w:val="22"/></w:num>
<w:num {W} w:numId="23"><w:abstractNumId w:val="22"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
"""


def build() -> None:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    frag = parse_xml(f"<w:numbering {W}>{NUMBERING}</w:numbering>")
    first_num = numbering.find(qn("w:num"))
    for el in list(frag):
        if el.tag == qn("w:abstractNum"):
            # abstractNum elements must come before the num elements
            (first_num.addprevious if first_num is not None else numbering.append)(copy.deepcopy(el))
        else:
            numbering.append(copy.deepcopy(el))
    styles = d.styles.element
    styles.append(parse_xml(
        f'<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="Dieu"><w:name w:val="Dieu"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="20"/></w:numPr></w:pPr>'
        '<w:rPr><w:b/></w:rPr></w:style>'))
    h1 = d.styles["Heading 1"].element
    ppr = h1.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W}><w:numId w:val="21"/></w:numPr>'))

    def para(text: str, style: str | None = None, num: tuple[int, int] | None = None):
        p = d.add_paragraph(text, style=style)
        if num:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W}><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'))
        return p

    def dieu(title: str):
        return para(title, style="Dieu")

    def khoan(text: str):
        return para(text, num=(20, 1))

    def diem(text: str):
        return para(text, num=(20, 2))

    head = d.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "BỘ NỘI VỤ"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 09/2026/TT-BNV"
    head.cell(1, 1).text = "Hà Nội, ngày 16 tháng 3 năm 2026"
    para("THÔNG TƯ")
    para("HƯỚNG DẪN TIẾP NHẬN HỒ SƠ TUYỂN DỤNG CÔNG CHỨC CẤP XÃ TRÊN MÔI TRƯỜNG ĐIỆN TỬ")
    para("Căn cứ Nghị định số 42/2024/NĐ-CP ngày 15 tháng 3 năm 2024 của Chính phủ;")
    para("Bộ trưởng Bộ Nội vụ ban hành Thông tư hướng dẫn tiếp nhận hồ sơ tuyển dụng công chức cấp xã trên môi trường điện tử.")

    d.add_paragraph("QUY ĐỊNH CHUNG", style="Heading 1")
    dieu("Phạm vi điều chỉnh")
    para("Thông tư này hướng dẫn việc tiếp nhận hồ sơ dự tuyển công chức cấp xã qua Cổng Dịch vụ công quốc gia.")
    dieu("Đối tượng áp dụng")
    khoan("Người đăng ký dự tuyển công chức cấp xã.")
    khoan("Ủy ban nhân dân cấp xã, cơ quan tham mưu về tổ chức cán bộ thuộc Ủy ban nhân dân cấp tỉnh.")
    d.add_paragraph("HỒ SƠ VÀ TIẾP NHẬN", style="Heading 1")
    dieu("Thành phần hồ sơ")
    khoan("Hồ sơ dự tuyển gồm:")
    diem("Phiếu đăng ký dự tuyển theo Mẫu số 01 tại Phụ lục kèm theo Thông tư này;")
    diem("Bản sao điện tử văn bằng, chứng chỉ;")
    diem("Giấy chứng nhận đối tượng ưu tiên (nếu có).")
    khoan("Người dự tuyển không phải nộp các giấy tờ sau đây:")
    para("Giấy khai sinh;", num=(20, 3))
    para("Giấy xác nhận thông tin cư trú.", num=(20, 3))
    dieu("Thời hạn tiếp nhận")
    khoan("Thời hạn nhận phiếu đăng ký dự tuyển là 30 ngày kể từ ngày thông báo tuyển dụng.")
    khoan("Trong thời hạn 05 ngày làm việc kể từ ngày hết hạn nhận phiếu, cơ quan tuyển dụng lập danh sách.")
    d.add_paragraph("ĐIỀU KHOẢN THI HÀNH", style="Heading 1")
    dieu("Hiệu lực thi hành")
    para("Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 5 năm 2026.")

    para("Nơi nhận:")
    para("- Như Điều 5;")
    para("- Lưu: VT, Vụ CCVC.")
    para("KT. BỘ TRƯỞNG")
    para("THỨ TRƯỞNG")
    para("Nguyễn Văn C")

    para("PHỤ LỤC")
    para("DANH MỤC GIẤY TỜ ĐƯỢC SỐ HÓA")
    para("(Kèm theo Thông tư số 09/2026/TT-BNV ngày 16 tháng 3 năm 2026 của Bộ trưởng Bộ Nội vụ)")
    for num_id, rows in ((22, ["Phiếu đăng ký dự tuyển", "Văn bằng, chứng chỉ", "Giấy chứng nhận ưu tiên"]),
                         (23, ["Giấy khai sinh", "Thông tin cư trú"])):
        t = d.add_table(rows=len(rows) + 1, cols=3)
        t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "STT", "Tên giấy tờ", "Ghi chú"
        for i, name in enumerate(rows, start=1):
            c0 = t.cell(i, 0)
            c0.paragraphs[0]._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
            t.cell(i, 1).text = name
            t.cell(i, 2).text = "Bản điện tử"
        if num_id == 22:  # a merged cell: python-docx lists it under both grid columns
            t.cell(3, 1).merge(t.cell(3, 2))
        para("")
    d.core_properties.title = ""
    d.save(OUT)


if __name__ == "__main__":
    build()
    print(OUT)
