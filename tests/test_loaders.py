"""Tests for assistant.loaders on real generated files (PDF, DOCX, HTML, TXT/MD), ALQAC JSON, Pháp điển, bad inputs."""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

from assistant import loaders
from assistant.loaders import LoadError, iter_documents, load
from assistant.records import RawDocument
from assistant.text import encode_legacy

from legal_files import make_pdf

TEST_DATA = Path(__file__).resolve().parent / "data"

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not DATA.exists():  # a git worktree under /work/wt/<name>
    DATA = Path("/work/shared/data")

ART1 = "Điều 1. Phạm vi điều chỉnh"
ART1_BODY = "Luật này quy định về viên chức; quyền, nghĩa vụ của viên chức và Ủy ban nhân dân."
ART2 = "Điều 2. Đối tượng áp dụng"


# ---------------------------------------------------------------- generators


def encrypt_pdf(src: Path, dst: Path, user_password: str) -> Path:
    import pypdf

    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(src))
    w.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="RC4-128")
    with dst.open("wb") as fh:
        w.write(fh)
    return dst


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = "Luật Viên chức"
    d.add_heading("Chương I. NHỮNG QUY ĐỊNH CHUNG", level=1)
    d.add_heading(ART1, level=2)
    d.add_paragraph(ART1_BODY)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Chức danh", "Hệ số"
    t.cell(1, 0).text, t.cell(1, 1).text = "Viên chức loại A1", "2,34"
    d.add_paragraph(ART2)
    d.save(path)
    return path


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Nghị định 27/2012/NĐ-CP</title>
<style>p {color: red}</style><script>var x = "không được xuất hiện";</script></head>
<body><nav>Trang chủ | Văn bản</nav><h1>Nghị định 27/2012/NĐ-CP</h1>
<div><p>Điều 1. Phạm vi điều chỉnh</p><p>Nghị định này quy định về xử lý kỷ luật viên chức.<br>Dòng sau thẻ br.</p>
<table><tr><td>Số hiệu</td><td>27/2012/NĐ-CP</td></tr></table><span>Hoà</span> <b>giải</b></div>
<script>alert("x")</script></body></html>"""


def _only_docs(items: list[RawDocument | LoadError]) -> list[RawDocument]:
    return [x for x in items if isinstance(x, RawDocument)]


# ---------------------------------------------------------------- good inputs


def test_pdf_text_layer(tmp_path: Path) -> None:
    f = make_pdf(tmp_path / "luat.pdf", [[ART1, ART1_BODY], [ART2]], title="Luật Viên chức")
    (doc,) = load(f, tmp_path)
    assert doc.format == "pdf" and doc.doc_id == "luat.pdf" and doc.title == "Luật Viên chức"
    assert ART1 in doc.text and ART1_BODY in doc.text and ART2 in doc.text
    assert doc.text.index(ART1) < doc.text.index(ART2)
    assert doc.warnings == [] and doc.meta["pages"] == 2
    assert doc.checksum == hashlib.sha256(doc.text.encode()).hexdigest()


def test_pdf_some_pages_scanned_warns_with_page_numbers(tmp_path: Path) -> None:
    f = make_pdf(tmp_path / "mot-phan-quet.pdf", [[ART1], None, [ART2], None])
    (doc,) = load(f)
    assert ART1 in doc.text and ART2 in doc.text
    assert doc.meta["scanned_pages"] == [2, 4]
    # the "scans" are random noise: OCR (when installed) finds no text there, so nothing from them is kept
    assert doc.meta.get("ocr_pages", []) == [] and doc.text.count("\n\n") < 4
    assert len(doc.warnings) == 1 and "trang 2, 4" in doc.warnings[0] and "ảnh quét" in doc.warnings[0]


def test_pdf_all_pages_scanned_is_error(tmp_path: Path) -> None:
    f = make_pdf(tmp_path / "quet.pdf", [None, None])
    with pytest.raises(LoadError, match="OCR"):
        load(f)


def test_pdf_encrypted_with_empty_user_password_is_read(tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "src.pdf", [[ART1, ART1_BODY]])
    f = encrypt_pdf(src, tmp_path / "chi-chu-so-huu.pdf", user_password="")
    (doc,) = load(f)
    assert ART1_BODY in doc.text


def test_docx_paragraphs_tables_headings(tmp_path: Path) -> None:
    f = make_docx(tmp_path / "luat.docx")
    (doc,) = load(f, tmp_path)
    assert doc.format == "docx" and doc.title == "Luật Viên chức"
    lines = doc.text.splitlines()
    assert "# Chương I. NHỮNG QUY ĐỊNH CHUNG" in lines
    assert f"## {ART1}" in lines
    assert ART1_BODY in lines
    assert "Chức danh | Hệ số" in lines and "Viên chức loại A1 | 2,34" in lines
    # body order kept: heading, paragraph, table, paragraph
    assert lines.index(ART1_BODY) < lines.index("Chức danh | Hệ số") < lines.index(ART2)


def test_docx_word_list_numbering_gives_articles_clauses_and_points() -> None:
    """A ministry DOCX whose "Chương I.", "Điều 1.", "1." and "a)" are Word automatic numbering (numbering.xml,
    style-linked and direct; see tests/data/make_numbered_docx.py): the numbers are not in the paragraph text,
    and without them the circular had no article at all. Article numbers run on across chapters, khoản restart
    at each Điều, the appendix table's STT column is numbered (a merged cell counted once, a restarted list)."""
    from assistant.chunking import chunk
    from assistant.legal import parse

    (raw,) = load(TEST_DATA / "thong-tu-09-2026-tt-bnv-danh-so-tu-dong.docx")
    lines = [ln for ln in raw.text.splitlines() if ln]
    assert "Điều 1. Phạm vi điều chỉnh" in lines and "# Chương II. HỒ SƠ VÀ TIẾP NHẬN" in lines
    d = parse(raw)
    assert (d.doc_type, d.number, d.issuer) == ("Thông tư", "09/2026/TT-BNV", "Bộ Nội vụ")
    arts = [a for a in d.articles if a.kind == "article"]
    assert [(a.number, a.title) for a in arts] == [
        ("1", "Phạm vi điều chỉnh"), ("2", "Đối tượng áp dụng"), ("3", "Thành phần hồ sơ"),
        ("4", "Thời hạn tiếp nhận"), ("5", "Hiệu lực thi hành")]
    assert arts[2].heading_path == ["Chương II. HỒ SƠ VÀ TIẾP NHẬN"]
    assert [(c.label, [p.label for p in c.points]) for c in arts[2].clauses] == [("1", ["a", "b", "c"]), ("2", [])]
    assert "- Giấy khai sinh;" in arts[2].text  # a bullet level
    assert [c.label for c in arts[3].clauses] == ["1", "2"]  # restarted after Điều 4
    annex = next(a for a in d.articles if a.kind == "annex")
    assert "1 | Phiếu đăng ký dự tuyển | Bản điện tử" in annex.text
    assert "3 | Giấy chứng nhận ưu tiên Bản điện tử" in annex.text and "4 |" not in annex.text
    assert "1 | Giấy khai sinh | Bản điện tử" in annex.text  # w:startOverride restarts the shared list
    cites = {c.id.split("#", 1)[1]: c.citation for c in chunk(d)}
    assert cites["3"] == "Điều 3 Thông tư 09/2026/TT-BNV"


def test_docx_list_number_formats_restarts_and_legal_numbering(tmp_path: Path) -> None:
    """Number formats and restart rules of Word lists: upper Roman, decimalZero, isLgl ("%1.%2" shown as 2.01 under
    "II."), a level that never restarts (lvlRestart 0), a level restarting at its w:start, a dash bullet."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalZero"/><w:isLgl/><w:lvlText w:val="%1.%2"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="3"/><w:numFmt w:val="lowerLetter"/><w:lvlRestart w:val="0"/>'
        '<w:lvlText w:val="%3)"/></w:lvl>'
        '<w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for lvl, text in [(0, "Một"), (1, "A"), (2, "x"), (0, "Hai"), (1, "B"), (1, "C"), (2, "y"), (3, "z")]:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{lvl}"/><w:numId w:val="90"/></w:numPr>'))
    f = tmp_path / "so.docx"
    d.save(f)
    (raw,) = load(f)
    assert [ln for ln in raw.text.splitlines() if ln] == [
        "I. Một", "1.01 A", "c) x", "II. Hai", "2.01 B", "2.02 C", "d) y", "- z"]


def test_docx_empty_numbered_paragraph_shows_its_number(tmp_path: Path) -> None:
    """"Điều %1." on an empty paragraph, the article title typed in the next one: Word shows "Điều 1." alone."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from assistant.legal import parse

    w = nsdecls("w")
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="70"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                  '<w:numFmt w:val="decimal"/><w:lvlText w:val="Điều %1."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="70"><w:abstractNumId w:val="70"/></w:num>'))
    for text, num in [("Số: 10/2026/TT-BNV", 0), ("THÔNG TƯ", 0), ("QUY ĐỊNH VỀ LƯU TRỮ HỒ SƠ", 0), ("", 1),
                      ("Phạm vi điều chỉnh", 0), ("Thông tư này quy định lưu trữ hồ sơ điện tử.", 0), ("", 1),
                      ("Hiệu lực thi hành", 0), ("Thông tư này có hiệu lực từ ngày 01 tháng 5 năm 2026.", 0)]:
        p = d.add_paragraph(text)
        if num:
            p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="70"/></w:numPr>'))
    f = tmp_path / "tt.docx"
    d.save(f)
    (raw,) = load(f)
    assert [(a.number, a.title) for a in parse(raw).articles] == [("1", "Phạm vi điều chỉnh"), ("2", "Hiệu lực thi hành")]


def test_docx_text_in_tracked_insertions_smart_tags_and_content_controls(tmp_path: Path) -> None:
    """Word keeps text that python-docx's paragraph.text never reads: a tracked insertion not yet accepted (a
    draft passed between ministries), smart tags around place names and dates ("Hà Nội", "ngày 15 tháng 3 năm
    2024" in Word 2007–2010 files), a block content control of a template holding an article. Deleted text
    (w:del) must stay out."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from assistant.legal import parse

    w = nsdecls("w")
    d = docx.Document()
    body = d.element.body

    def add(xml: str) -> None:
        body.insert(len(body) - 1, parse_xml(xml))  # before sectPr

    add(f'<w:p {w}><w:r><w:t>Số: 77/2026/TT-BTP</w:t></w:r></w:p>')
    add(f'<w:p {w}><w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place"><w:r><w:t>Hà Nội</w:t>'
        '</w:r></w:smartTag><w:r><w:t xml:space="preserve">, ngày </w:t></w:r><w:smartTag w:uri="urn:x" w:element="date">'
        '<w:r><w:t>20 tháng 3 năm 2026</w:t></w:r></w:smartTag></w:p>')
    add(f'<w:p {w}><w:r><w:t>THÔNG TƯ</w:t></w:r></w:p>')
    add(f'<w:p {w}><w:r><w:t>QUY ĐỊNH VỀ HỒ SƠ ĐIỆN TỬ</w:t></w:r></w:p>')
    add(f'<w:p {w}><w:r><w:t>Điều 1. Phạm vi điều chỉnh</w:t></w:r></w:p>')
    add(f'<w:p {w}><w:r><w:t xml:space="preserve">Thông tư này quy định hồ sơ </w:t></w:r>'
        '<w:del w:id="1" w:author="A"><w:r><w:delText>giấy </w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t xml:space="preserve">điện tử </w:t></w:r></w:ins>'
        '<w:r><w:t>trong giải quyết thủ tục hành chính.</w:t></w:r></w:p>')
    add(f'<w:sdt {w}><w:sdtPr><w:alias w:val="Điều khoản"/></w:sdtPr><w:sdtContent>'
        '<w:p><w:r><w:t>Điều 2. Hiệu lực thi hành</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Thông tư này có hiệu lực từ ngày 01 tháng 5 năm 2026.</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    f = tmp_path / "tt.docx"
    d.save(f)
    (raw,) = load(f)
    assert "Hà Nội, ngày 20 tháng 3 năm 2026" in raw.text
    assert "Thông tư này quy định hồ sơ điện tử trong giải quyết thủ tục hành chính." in raw.text and "giấy" not in raw.text
    doc = parse(raw)
    assert doc.issued_on is not None and doc.issued_on.isoformat() == "2026-03-20"
    assert [a.number for a in doc.articles] == ["1", "2"]
    assert doc.validity.effective_from is not None and doc.validity.effective_from.isoformat() == "2026-05-01"


def test_html_drops_scripts_and_keeps_blocks(tmp_path: Path) -> None:
    f = tmp_path / "nd.html"
    f.write_text(HTML, encoding="utf-8")
    (doc,) = load(f)
    assert doc.format == "html" and doc.title == "Nghị định 27/2012/NĐ-CP"
    assert "không được xuất hiện" not in doc.text and "alert" not in doc.text and "color" not in doc.text
    assert "Trang chủ" not in doc.text  # <nav>
    lines = doc.text.splitlines()
    assert "# Nghị định 27/2012/NĐ-CP" in lines
    assert "Điều 1. Phạm vi điều chỉnh" in lines
    assert "Nghị định này quy định về xử lý kỷ luật viên chức." in lines
    assert "Dòng sau thẻ br." in lines
    assert "Số hiệu | 27/2012/NĐ-CP" in lines
    assert "Hòa giải" in lines  # inline elements stay on one line, tone placement normalised


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16"])
def test_txt_unicode_encodings(tmp_path: Path, codec: str) -> None:
    f = tmp_path / "vb.txt"
    f.write_bytes(f"{ART1}\r\n{ART1_BODY}\r\n".encode(codec))
    (doc,) = load(f)
    assert doc.format == "txt" and doc.text == f"{ART1}\n{ART1_BODY}" and doc.warnings == []


@pytest.mark.parametrize("legacy", ["tcvn3", "vni"])
def test_txt_legacy_encoding_converted(tmp_path: Path, legacy: str) -> None:
    body = f"{ART1}\n\nLuật này quy định về viên chức, quyền và nghĩa vụ của viên chức; người lao động được nghỉ ngơi."
    f = tmp_path / f"{legacy}.txt"
    f.write_bytes(encode_legacy(body, legacy).encode("cp1252"))  # type: ignore[arg-type]
    (doc,) = load(f)
    assert doc.text == body
    assert any(legacy.upper() in w for w in doc.warnings)


LEGACY_BODY = "Điều 3. Giải thích từ ngữ. Viên chức là công dân Việt Nam được tuyển dụng theo vị trí việc làm."


def test_html_in_vni_font_converted(tmp_path: Path) -> None:
    vni = encode_legacy(LEGACY_BODY, "vni")
    page = f'<html><head><meta charset="windows-1252"></head><body><p><font face="VNI-Times">{vni}</font></p></body></html>'
    f = tmp_path / "cu.htm"
    f.write_bytes(page.encode("cp1252"))
    (doc,) = load(f)
    assert doc.text == LEGACY_BODY and any("VNI" in w for w in doc.warnings)


def test_docx_in_tcvn3_font_converted(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(encode_legacy(LEGACY_BODY, "tcvn3"))
    d.save(tmp_path / "abc.docx")
    (doc,) = load(tmp_path / "abc.docx")
    assert doc.text == LEGACY_BODY and any("TCVN3" in w for w in doc.warnings)


def test_docx_tcvn3_letter_u_horn_stored_as_soft_hyphen(tmp_path: Path) -> None:
    """Word and LibreOffice save TCVN3 byte 0xAD ("ư") as <w:softHyphen/>, which python-docx drops."""
    import docx
    from docx.oxml.parser import OxmlElement

    d = docx.Document()
    run = d.add_paragraph().add_run(encode_legacy("Công chức t", "tcvn3"))
    run._r.append(OxmlElement("w:softHyphen"))
    tail = OxmlElement("w:t")
    tail.text = encode_legacy(" pháp - hộ tịch cấp xã tiếp nhận hồ sơ của công dân.", "tcvn3")
    tail.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run._r.append(tail)
    d.save(tmp_path / "mem.docx")
    (doc,) = load(tmp_path / "mem.docx")
    assert doc.text.splitlines()[0] == "Công chức tư pháp - hộ tịch cấp xã tiếp nhận hồ sơ của công dân."


def test_markdown_plain(tmp_path: Path) -> None:
    f = tmp_path / "ghi-chu.md"
    f.write_text("# Cẩm nang\n\nCán bộ, công chức phải giữ gìn đạo đức.\n", encoding="utf-8")
    (doc,) = load(f)
    assert doc.format == "md" and doc.text == "# Cẩm nang\n\nCán bộ, công chức phải giữ gìn đạo đức."
    assert doc.title == "Cẩm nang"


def test_txt_tab_separated_table_rows_become_cells(tmp_path: Path) -> None:
    """Rows pasted with tabs keep their columns as " | " cells (like DOCX/HTML tables); a single tab is a space."""
    f = tmp_path / "phu-luc.txt"
    f.write_text("Điều 1.\tPhạm vi\nSTT\tNội dung\tMức thu (đồng)\n1\tBản sao điện tử\t4.000\nII\tCấp bộ\t\t\n",
                 encoding="utf-8")
    (doc,) = load(f)
    assert doc.text == "Điều 1. Phạm vi\nSTT | Nội dung | Mức thu (đồng)\n1 | Bản sao điện tử | 4.000\nII | Cấp bộ"


def test_alqac_first_law(tmp_path: Path) -> None:
    src = DATA / "alqac2025" / "corpus.json"
    if not src.exists():
        pytest.skip("shared data absent")
    first = json.loads(src.read_text(encoding="utf-8"))[0]
    f = tmp_path / "corpus.json"
    f.write_text(json.dumps([first], ensure_ascii=False), encoding="utf-8")
    (doc,) = load(f)
    assert doc.format == "alqac" and doc.doc_id == first["law_id"] == doc.title
    assert [a for a, _ in doc.articles] == [a["article_id"] for a in first["articles"]]
    aid, atext = doc.articles[0]
    assert atext.split("\n")[0] == first["articles"][0]["text"].split("\n")[0].strip()
    assert doc.text.startswith(f"Điều {aid}. {atext}")
    assert doc.checksum == hashlib.sha256(doc.text.encode()).hexdigest()


def test_alqac_whole_corpus() -> None:
    src = DATA / "alqac2025" / "corpus.json"
    if not src.exists():
        pytest.skip("shared data absent")
    docs = load(src)
    assert len(docs) == 28 and sum(len(d.articles or []) for d in docs) == 3368
    assert len({d.doc_id for d in docs}) == 28
    assert "Luật Viên chức" in {d.doc_id for d in docs}


def test_phapdien_real_file() -> None:
    f = DATA / "phapdien" / "can-bo-cong-chuc-vien-chuc" / "vien-chuc.md"
    if not f.exists():
        pytest.skip("shared data absent")
    (doc,) = load(f)  # root found through phapdien/INDEX.tsv
    assert doc.format == "phapdien"
    assert doc.doc_id == "can-bo-cong-chuc-vien-chuc/vien-chuc.md"
    assert doc.title == "Viên chức"
    assert doc.meta["Số hiệu"] == "52/2014/QH13" and doc.meta["Loại văn bản"] == "Luật"
    assert doc.meta["permalink"] == "/van-ban/can-bo-cong-chuc-vien-chuc/vien-chuc/"
    assert doc.meta["Nguồn"].startswith("https://vanban.chinhphu.vn/")
    assert doc.text.startswith("# Viên chức\n\nChương I")
    assert "Điều 5.2.NĐ.2.1. Phạm vi điều chỉnh" in doc.text
    for absent in ("THÔNG TIN VĂN BẢN", "## VĂN BẢN", "Danh sách điều khoản", "### 0500200000000000100000", "permalink"):
        assert absent not in doc.text


PHAPDIEN_MD = """---
layout: page
title: Hộ tịch
permalink: /van-ban/hanh-chinh-tu-phap/ho-tich/
---

## THÔNG TIN VĂN BẢN

| Thuộc tính | Nội dung |
|---|---|
| **Số hiệu** | 60/2014/QH13
| **Người ký** | 
| **Nguồn** | [vanban.chinhphu.vn](https://vanban.chinhphu.vn/?docid=1)|

---

## VĂN BẢN
# Hộ tịch

Điều 15.3.NĐ.1.1. Phạm vi điều chỉnh

(Điều 1 Nghị định số 123/2015/NĐ-CP, có hiệu lực thi hành kể từ ngày 01/01/2016)

Nghị định này quy định chi tiết một số điều của Luật Hộ tịch.

## Danh sách điều khoản

### 1500300000000000100
Điều 15.3.NĐ.1.1. Phạm vi điều chỉnh
"""


def test_phapdien_synthetic_doc_id_relative_to_given_dir_or_index(tmp_path: Path) -> None:
    d = tmp_path / "pd" / "hanh-chinh-tu-phap"
    d.mkdir(parents=True)
    (d / "ho-tich.md").write_text(PHAPDIEN_MD, encoding="utf-8")
    (doc,) = _only_docs(list(iter_documents([tmp_path / "pd"])))
    assert doc.format == "phapdien" and doc.doc_id == "hanh-chinh-tu-phap/ho-tich.md" and doc.title == "Hộ tịch"
    assert doc.meta["Số hiệu"] == "60/2014/QH13" and doc.meta["Người ký"] == ""
    assert doc.meta["Nguồn"] == "https://vanban.chinhphu.vn/?docid=1"
    assert doc.text.endswith("Nghị định này quy định chi tiết một số điều của Luật Hộ tịch.")
    # INDEX.tsv marks the Pháp điển root even when a sub-folder is ingested; it is not loaded itself
    (tmp_path / "pd" / "INDEX.tsv").write_text("path\ttitle\n", encoding="utf-8")
    items = list(iter_documents([d]))
    assert [x.doc_id for x in _only_docs(items)] == ["hanh-chinh-tu-phap/ho-tich.md"] and len(items) == 1


# ---------------------------------------------------------------- bad inputs


def _reason(f: Path, **kw: object) -> str:
    with pytest.raises(LoadError) as ei:
        load(f, **kw)  # type: ignore[arg-type]
    e = ei.value
    assert str(e) == f"{f}: {e.reason}" and "\n" not in str(e) and e.path == str(f)
    return e.reason


def test_corrupt_pdf(tmp_path: Path) -> None:
    f = tmp_path / "hong.pdf"
    f.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n" + os.urandom(2000))
    assert "PDF bị hỏng" in _reason(f)


def test_truncated_pdf(tmp_path: Path) -> None:
    good = make_pdf(tmp_path / "good.pdf", [[ART1, ART1_BODY]]).read_bytes()
    f = tmp_path / "cut.pdf"
    f.write_bytes(good[:400])
    assert "PDF bị hỏng" in _reason(f)


def test_binary_renamed_pdf(tmp_path: Path) -> None:
    f = tmp_path / "anh.pdf"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
    assert "thiếu chữ ký %PDF" in _reason(f)


def test_encrypted_pdf(tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "src.pdf", [[ART1]])
    f = encrypt_pdf(src, tmp_path / "mat-khau.pdf", user_password="bi-mat")
    assert "mã hóa" in _reason(f)


def test_corrupt_docx(tmp_path: Path) -> None:
    f = tmp_path / "hong.docx"
    f.write_bytes(b"PK\x03\x04" + os.urandom(300))
    assert "DOCX bị hỏng" in _reason(f)
    g = tmp_path / "khong-phai.docx"
    g.write_text("văn bản thường", encoding="utf-8")
    assert "không phải tệp DOCX" in _reason(g)


def test_zero_byte(tmp_path: Path) -> None:
    f = tmp_path / "rong.txt"
    f.touch()
    assert _reason(f).startswith("tệp rỗng")


def test_unsupported_extension(tmp_path: Path) -> None:
    f = tmp_path / "bang.xlsx"
    f.write_bytes(b"PK\x03\x04xxxx")
    assert _reason(f).startswith("định dạng không hỗ trợ (.xlsx): bảng tính chưa đọc được; hãy lưu thành văn bản "
                                 "phân cách bằng tab (.txt)")
    g = tmp_path / "ban-ve.dwg"
    g.write_bytes(b"AC1032")
    assert _reason(g) == "định dạng không hỗ trợ (.dwg)"


def test_spreadsheet_saved_as_tab_separated_text_keeps_its_rows(tmp_path: Path) -> None:
    """What the hint for a spreadsheet says works: a danh mục exported as tab-separated text is read row by row
    (cells " | "), and a folder with the .csv next to it keeps the others and names the .csv and its problem."""
    rows = ["STT\tTên thủ tục\tThời hạn giải quyết\tLệ phí", "1\tĐăng ký khai tử\tNgay trong ngày làm việc\tMiễn lệ phí",
            "2\tĐăng ký lại khai sinh\t05 ngày làm việc\t8.000 đồng/trường hợp"]
    (tmp_path / "danh-muc.txt").write_text("DANH MỤC THỦ TỤC HÀNH CHÍNH\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "danh-muc.csv").write_text("STT,Tên thủ tục\n1,Đăng ký khai tử\n", encoding="utf-8")
    got = list(iter_documents([tmp_path]))
    docs = [x for x in got if not isinstance(x, LoadError)]
    errs = [x for x in got if isinstance(x, LoadError)]
    assert [d.doc_id for d in docs] == ["danh-muc.txt"]
    assert "1 | Đăng ký khai tử | Ngay trong ngày làm việc | Miễn lệ phí" in docs[0].text
    assert len(errs) == 1 and errs[0].path.endswith("danh-muc.csv") and "bảng tính" in errs[0].reason


def test_ambiguous_legacy_encoding(tmp_path: Path) -> None:
    a = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc."
    b = "Viên chức được hưởng lương, phụ cấp; người lao động có quyền nghỉ ngơi."
    f = tmp_path / "tron.txt"
    f.write_bytes((encode_legacy(a, "tcvn3") + "\n" + encode_legacy(b, "vni")).encode("cp1252"))
    r = _reason(f)
    assert "bảng mã cũ" in r and "TCVN3" in r


def test_other_json(tmp_path: Path) -> None:
    f = tmp_path / "train.json"
    f.write_text(json.dumps([{"question_id": "q1", "text": "Hỏi?"}], ensure_ascii=False), encoding="utf-8")
    assert "không phải corpus ALQAC" in _reason(f)
    g = tmp_path / "hong.json"
    g.write_text("[{", encoding="utf-8")
    assert "JSON bị hỏng" in _reason(g)


def test_oversize_refused_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "lon.txt"
    f.write_bytes(("Điều 1. " * 300).encode())  # ~3 KB

    def no_read(*a: object, **k: object) -> bytes:
        raise AssertionError("file content must not be read")

    monkeypatch.setattr(loaders, "MAX_FILE_MB", 0.001)
    monkeypatch.setattr(loaders, "_read_bytes", no_read)
    r = _reason(f)
    assert r.startswith("tệp quá lớn (") and "> 0.001 MB" in r
    assert "> 0.002 MB" in _reason(f, max_mb=0.002)
    monkeypatch.undo()
    assert load(f, max_mb=1)[0].text.startswith("Điều 1.")


def test_file_vanishes_between_listing_and_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Nội dung {name}", encoding="utf-8")
    real_list = loaders._list_files

    def list_then_delete(base: Path) -> list[Path]:
        files = real_list(base)
        (base / "b.txt").unlink()  # another process removes it after the listing
        return files

    monkeypatch.setattr(loaders, "_list_files", list_then_delete)
    items = list(iter_documents([tmp_path]))
    assert [type(x).__name__ for x in items] == ["RawDocument", "LoadError", "RawDocument"]
    err = items[1]
    assert isinstance(err, LoadError) and err.path.endswith("b.txt") and "tệp không còn tồn tại" in err.reason


def test_iter_documents_continues_past_every_bad_file(tmp_path: Path) -> None:
    root = tmp_path / "kho"
    (root / "sub").mkdir(parents=True)
    (root / ".an").mkdir()
    (root / ".an" / "bi-mat.txt").write_text("ẩn", encoding="utf-8")
    (root / ".hidden.txt").write_text("ẩn", encoding="utf-8")
    make_pdf(root / "01-tot.pdf", [[ART1, ART1_BODY]])
    (root / "02-hong.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(300))
    (root / "03-anh.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    encrypt_pdf(root / "01-tot.pdf", root / "04-mat-khau.pdf", user_password="x")
    (root / "05-rong.txt").touch()
    (root / "06-bang.xlsx").write_bytes(b"PK")
    make_docx(root / "07-tot.docx")
    (root / "08-hong.json").write_text("{", encoding="utf-8")
    (root / "sub" / "09-tot.html").write_text(HTML, encoding="utf-8")
    (root / "sub" / "10-tot.txt").write_bytes(encode_legacy("Việt Nam quê hương tôi", "vni").encode("cp1252"))
    make_pdf(root / "sub" / "11-quet.pdf", [None])
    items = list(iter_documents([root, tmp_path / "khong-co.txt"]))
    kinds = [(Path(x.source_path if isinstance(x, RawDocument) else x.path).name, type(x).__name__) for x in items]
    assert kinds == [
        ("01-tot.pdf", "RawDocument"),
        ("02-hong.pdf", "LoadError"),
        ("03-anh.pdf", "LoadError"),
        ("04-mat-khau.pdf", "LoadError"),
        ("05-rong.txt", "LoadError"),
        ("06-bang.xlsx", "LoadError"),
        ("07-tot.docx", "RawDocument"),
        ("08-hong.json", "LoadError"),
        ("09-tot.html", "RawDocument"),
        ("10-tot.txt", "RawDocument"),
        ("11-quet.pdf", "LoadError"),
        ("khong-co.txt", "LoadError"),
    ]
    docs = _only_docs(items)
    assert [d.doc_id for d in docs] == ["01-tot.pdf", "07-tot.docx", "sub/09-tot.html", "sub/10-tot.txt"]
    assert docs[-1].text == "Việt Nam quê hương tôi"
    assert all("\n" not in str(x) for x in items if isinstance(x, LoadError))


def test_load_error_is_picklable() -> None:
    import pickle

    e = pickle.loads(pickle.dumps(LoadError("a/b.pdf", "tệp rỗng")))
    assert str(e) == "a/b.pdf: tệp rỗng" and e.reason == "tệp rỗng"



def test_pdf_running_header_and_page_number_do_not_split_an_article(tmp_path):
    """Công báo-style PDF: every page starts with "CÔNG BÁO/Số … /Ngày …" and ends with its page number; khoản 2
    of Điều 2 runs over the page break. The article must read on without the header or the "1"."""
    from assistant.legal import parse

    hdr = "CÔNG BÁO/Số 1215 + 1216/Ngày 25-11-2025"
    p1 = [hdr, "", "BỘ TÀI CHÍNH", "Số: 45/2025/TT-BTC", "Hà Nội, ngày 10 tháng 11 năm 2025", "", "THÔNG TƯ",
          "Quy định mức thu lệ phí cấp bản sao điện tử", "Điều 1. Phạm vi điều chỉnh",
          "Thông tư này quy định mức thu lệ phí cấp bản sao điện tử.", "Điều 2. Mức thu lệ phí",
          "1. Mức thu lệ phí cấp bản sao điện tử từ sổ gốc là 3.000 đồng/bản.",
          "2. Trường hợp nộp hồ sơ trực tuyến toàn trình, mức thu bằng 50% mức thu", "", "", "", "1"]
    p2 = [hdr, "", "quy định tại khoản 1 Điều này.", "3. Các trường hợp được miễn lệ phí:", "a) Hộ nghèo.",
          "Điều 3. Hiệu lực thi hành", "Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2026./.",
          "", "", "", "- 2 -"]
    raw = load(make_pdf(tmp_path / "tt-45-2025.pdf", [p1, p2]))[0]
    assert "CÔNG BÁO" not in raw.text and "- 2 -" not in raw.text and raw.meta["running_lines_removed"] == 4
    doc = parse(raw)
    a2 = next(a for a in doc.articles if a.number == "2")
    assert a2.clauses[1].text == "Trường hợp nộp hồ sơ trực tuyến toàn trình, mức thu bằng 50% mức thu\nquy định tại khoản 1 Điều này."
    assert doc.number == "45/2025/TT-BTC"


def test_pdf_saved_as_text_loses_its_page_furniture(tmp_path):
    """A Công báo PDF saved as .txt: "Trang N/M" footers and the running header "CÔNG BÁO/Số …/Ngày …" (page number
    before it on even pages, after it on odd ones) are not article text; form feeds split pages the same way."""
    from assistant.legal import parse

    src = Path(__file__).parent / "data" / "nghi-dinh-19-2026-nd-cp-ban-cong-bao-pdf-sang-txt.txt"
    (raw,) = load(src)
    assert "Trang 1/3" not in raw.text and "CÔNG BÁO" not in raw.text and raw.meta["running_lines_removed"] == 6
    d = parse(raw)
    assert d.articles[1].text.endswith("lưu trữ vĩnh viễn trong kho dữ liệu điện tử của cơ quan giải quyết.")
    assert d.articles[3].text.endswith("kể từ ngày Nghị định này có hiệu lực thi hành.")
    assert "Khoản 3 Điều 20 Nghị định số 61/2018/NĐ-CP hết hiệu lực" in d.articles[3].text  # "NĐ-" / "CP" rejoined
    assert (d.number, d.issued_on, d.validity.effective_from) == ("19/2026/NĐ-CP", date(2026, 1, 28), date(2026, 3, 15))
    # form feeds instead of "Trang N/M": same result; an ordinary text with one "Trang 1/1" line is left alone
    ff = tmp_path / "nd19-ff.txt"
    ff.write_text(re.sub(r"\nTrang \d/3\n", "\n\f", src.read_text(encoding="utf-8")), encoding="utf-8")
    assert "CÔNG BÁO" not in load(ff)[0].text
    one = tmp_path / "one.txt"
    one.write_text("Điều 1. Phạm vi\nVăn bản một trang.\nTrang 1/1\n", encoding="utf-8")
    assert "Trang 1/1" in load(one)[0].text
