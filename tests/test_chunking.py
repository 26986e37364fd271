"""Chunking and citations on real inputs (ALQAC, Pháp điển, sample corpus)."""

from __future__ import annotations

import json
from datetime import date


import pytest

from assistant.chunking import LONG_ARTICLE_WORDS, annex_parts, chunk, cite, display_citation
from assistant.legal import apply_relations, parse
from assistant.records import RawDocument

from legal_files import PD, ROOT, SAMPLE, SHARED, raw_file, read_phapdien


def _alqac(law_id: str):
    p = SHARED / "alqac2025" / "corpus.json"
    if not p.exists():
        pytest.skip("ALQAC data absent")
    laws = {x["law_id"]: x for x in json.loads(p.read_text(encoding="utf-8"))}
    law = laws[law_id]
    raw = RawDocument(
        doc_id=law_id,
        source_path=str(p),
        format="alqac",
        text="",
        checksum="-",
        title=law_id,
        articles=[(a["article_id"], a["text"]) for a in law["articles"]],
    )
    return parse(raw)


def _sample(name: str, fmt: str = "txt"):
    p = SAMPLE / name
    if not p.exists():
        pytest.skip(f"{p} not there yet")
    return parse(raw_file(p, fmt))


def test_alqac_article_chunks_ids_and_citation():
    doc = _alqac("Luật Viên chức")
    chunks = chunk(doc, collection="alqac")
    art = [c for c in chunks if c.clause is None]
    assert len(art) == len(doc.articles) == 62
    c29 = next(c for c in art if c.article_id == "29")
    assert c29.id == "Luật Viên chức#29" and c29.law_id == "Luật Viên chức"
    assert c29.citation == "Điều 29 Luật Viên chức"
    assert c29.heading_path == ["Luật Viên chức", "Điều 29. Đơn phương chấm dứt hợp đồng làm việc"]
    assert c29.text.startswith("1. Đơn vị sự nghiệp công lập được đơn phương")
    assert c29.collection == "alqac" and c29.doc_type == "Luật"
    assert c29.passage().startswith("Luật Viên chức › Điều 29. Đơn phương")


def test_long_article_gets_clause_chunks():
    doc = _alqac("Luật Viên chức")
    chunks = chunk(doc)
    a29 = next(a for a in doc.articles if a.number == "29")
    assert len(a29.text.split()) > LONG_ARTICLE_WORDS
    k = [c for c in chunks if c.article_id == "29" and c.clause]
    assert [c.clause for c in k] == ["1", "2", "3", "4", "5", "6"]
    k1 = k[0]
    assert k1.id == "Luật Viên chức#29/k1"
    assert k1.citation == "Khoản 1 Điều 29 Luật Viên chức"
    assert k1.heading_path[-1] == "Điều 29. Đơn phương chấm dứt hợp đồng làm việc"
    assert k1.text.startswith("1. Đơn vị sự nghiệp") and "\na) Viên chức có 02 năm" in k1.text
    assert "2. Khi đơn phương" not in k1.text
    # short articles: no clause chunks
    short = next(a for a in doc.articles if len(a.text.split()) < 100 and len(a.clauses) >= 2)
    assert not [c for c in chunks if c.article_id == short.number and c.clause]


def test_chunk_ids_stable_and_unique():
    p = PD / "can-bo-cong-chuc-vien-chuc" / "vien-chuc.md"
    if not p.exists():
        pytest.skip("Pháp điển data absent")
    a = chunk(parse(read_phapdien(p)))
    b = chunk(parse(read_phapdien(p)))
    assert [c.id for c in a] == [c.id for c in b]
    assert a == b
    ids = [c.id for c in a]
    assert len(ids) == len(set(ids))  # repeated source headings get "~2"
    assert any(i.endswith("~2") for i in ids)


def test_phapdien_chunk_citation_and_source_fields():
    p = PD / "can-bo-cong-chuc-vien-chuc" / "vien-chuc.md"
    if not p.exists():
        pytest.skip("Pháp điển data absent")
    doc = parse(read_phapdien(p))
    c = chunk(doc, collection="phapdien")[0]
    assert c.id == "can-bo-cong-chuc-vien-chuc/vien-chuc.md#5.2.NĐ.2.1"
    assert c.law_id == "can-bo-cong-chuc-vien-chuc/vien-chuc.md" and c.article_id == "5.2.NĐ.2.1"
    assert c.citation == "Điều 5.2.NĐ.2.1 (Điều 1 Nghị định số 27/2012/NĐ-CP)"
    assert c.heading_path == ["Viên chức", "Chương I. NHỮNG QUY ĐỊNH CHUNG", "Điều 5.2.NĐ.2.1. Phạm vi điều chỉnh"]
    assert c.source_citation == "Điều 1 Nghị định số 27/2012/NĐ-CP"
    # the provision's own document drives type/number/issuer (hierarchy, validity)
    assert (c.doc_type, c.doc_number, c.issuer) == ("Nghị định", "27/2012/NĐ-CP", "Chính phủ")
    assert c.validity.effective_from == date(2012, 5, 25)
    assert "có nội dung liên quan" not in c.text


def test_sample_citations_and_validity_fallback():
    d = _sample("nghi-dinh-42-2024-nd-cp.txt")
    chunks = chunk(d, collection="sample")
    c5 = next(c for c in chunks if c.article_id == "5" and c.clause is None)
    assert c5.citation == "Điều 5 Nghị định 42/2024/NĐ-CP"
    assert c5.validity.effective_from == date(2024, 7, 1)  # from the document
    assert c5.heading_path[1:] == ["Chương II. TIẾP NHẬN HỒ SƠ ĐIỆN TỬ", "Điều 5. Tài khoản và xác thực điện tử"]
    assert (c5.doc_number, c5.issuer, c5.issued_on) == ("42/2024/NĐ-CP", "Chính phủ", date(2024, 3, 15))
    a4 = next(a for a in d.articles if a.number == "4")
    a5 = next(a for a in d.articles if a.number == "5")
    assert cite(d, a5, a5.clauses[1]) == "Khoản 2 Điều 5 Nghị định 42/2024/NĐ-CP"
    assert cite(d, a5, "2", "a") == "Điểm a Khoản 2 Điều 5 Nghị định 42/2024/NĐ-CP"
    assert cite(d, a4, None, a4.clauses[0].points[1]) == "Điểm b Điều 4 Nghị định 42/2024/NĐ-CP"
    luat = _sample("luat-71-2023-qh15-tiep-nhan-giai-quyet-tthc-dien-tu.txt")
    assert chunk(luat)[0].citation == (
        "Điều 1 Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử số 71/2023/QH15"
    )


def test_amended_article_validity_reaches_chunk():
    docs = apply_relations(
        [_sample("nghi-dinh-42-2024-nd-cp.txt"), _sample("nghi-dinh-87-2025-nd-cp-sua-doi-nd-42.txt")]
    )
    c7 = next(c for c in chunk(docs[0]) if c.article_id == "7")
    assert c7.validity.amended_by == ["Điều 1 Nghị định số 87/2025/NĐ-CP"]
    assert c7.validity.effective_from == date(2024, 7, 1)


def test_section_chunks_for_handbook():
    d = _sample("cam-nang-chuyen-doi-so-can-bo-xa.md", "md")
    chunks = chunk(d)
    assert len(chunks) == len(d.articles) and all(c.clause is None for c in chunks)
    c = next(c for c in chunks if c.article_title == "3.1. Quy trình số hóa")
    assert c.citation == "Mục 3.1 «Quy trình số hóa» – Cẩm nang chuyển đổi số dành cho cán bộ, công chức cấp xã"
    assert c.heading_path == [d.title, "3. Số hóa hồ sơ tại Bộ phận Một cửa", "3.1. Quy trình số hóa"]
    assert c.id == f"{d.doc_id}#{c.article_id}"
    g = _sample("huong-dan-nop-ho-so-truc-tuyen-dvcqg.md", "md")
    step = next(c for c in chunk(g) if c.article_title == "Bước 2")
    assert step.citation == f"Bước 2 – {g.title}"
    assert step.heading_path.count(g.title) == 1  # the H1 equal to the title is not repeated


# ---------------------------------------------------------------- appendices (Phụ lục)


def _annex_doc(name: str):
    from assistant.loaders import load

    return parse(load(SAMPLE.parent.parent / "tests" / "data" / name)[0])


def test_appendix_chunks_ids_citations_and_validity():
    d = _annex_doc("thong-tu-37-2025-tt-btc-phi-kem-phu-luc.html")
    chunks = chunk(d, collection="t")
    by_id = {c.id: c for c in chunks}
    doc_id = "thong-tu-37-2025-tt-btc-phi-kem-phu-luc.html"
    assert [c.id for c in chunks] == [f"{doc_id}#{n}" for n in ("1", "2", "3", "4", "PL-I", "PL-II")]
    pl1 = by_id[f"{doc_id}#PL-I"]
    assert pl1.citation == "Phụ lục I Thông tư 37/2025/TT-BTC" and pl1.article_id == "PL-I" and pl1.clause is None
    assert pl1.article_title == "Biểu mức thu phí cung cấp bản sao điện tử kết quả giải quyết thủ tục hành chính"
    assert pl1.heading_path[-1] == "Phụ lục I. " + pl1.article_title
    assert "2 | Bản sao điện tử quyết định hành chính | Bản | 3.000" in pl1.text.split("\n")
    assert "Phụ lục I. Biểu mức thu phí" in pl1.passage()  # searchable by its name
    assert pl1.validity == d.validity and pl1.validity.effective_from == date(2025, 7, 1)
    assert by_id[f"{doc_id}#PL-II"].citation == "Phụ lục II Thông tư 37/2025/TT-BTC"
    assert [c.id for c in chunk(d, collection="t")] == [c.id for c in chunks]  # stable


def test_long_appendix_is_split_into_parts_that_repeat_the_table_header():
    from assistant.chunking import ANNEX_PART_WORDS, annex_parts

    header = "STT | Tên thủ tục hành chính | Lĩnh vực | Cơ quan thực hiện | Mức phí (đồng)"
    rows = [f"{i} | Thủ tục cấp giấy phép hoạt động số {i} theo quy định | Hành chính tư pháp | Sở Tư pháp | {i}0.000"
            for i in range(1, 61)]
    text = (
        "Số: 50/2025/NĐ-CP\nNGHỊ ĐỊNH\nQuy định danh mục thủ tục\nĐiều 1. Phạm vi\nNghị định này quy định danh mục.\n"
        "Điều 2. Hiệu lực\nNghị định này có hiệu lực kể từ ngày 01 tháng 10 năm 2025./.\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\n"
        "PHỤ LỤC I\nDANH MỤC THỦ TỤC HÀNH CHÍNH\n(Kèm theo Nghị định số 50/2025/NĐ-CP)\n"
        "A. THỦ TỤC CẤP TỈNH\n" + "\n".join([header, *rows]) + "\nGhi chú: mức phí đã gồm thuế."
    )
    d = parse(RawDocument(doc_id="nd50.txt", source_path="nd50.txt", format="txt", text=text, checksum="-"))
    pl = d.articles[-1]
    assert pl.number == "PL-I" and len(pl.text.split()) > LONG_ARTICLE_WORDS
    chunks = [c for c in chunk(d) if c.article_id == "PL-I"]
    whole, parts = chunks[0], chunks[1:]
    assert whole.id == "nd50.txt#PL-I" and whole.text == pl.text
    assert len(parts) >= 3 and [c.id for c in parts] == [f"nd50.txt#PL-I/p{k}" for k in range(1, len(parts) + 1)]
    assert all(c.citation == "Phụ lục I Nghị định 50/2025/NĐ-CP" and c.clause is None for c in parts)
    assert parts[0].text.startswith("A. THỦ TỤC CẤP TỈNH\n" + header)
    for c in parts[1:]:
        assert c.text.startswith(header + "\n")  # a part inside the table is read against its header
    assert all(len(c.text.split()) <= ANNEX_PART_WORDS + len(header.split()) for c in parts)
    body = [ln for c in parts for ln in c.text.split("\n") if ln != header]
    assert body == [ln for ln in pl.text.split("\n") if ln != header]  # every row once, in order
    assert annex_parts("a | b\n1 | x") == ["a | b\n1 | x"]


def test_long_appendix_parts_keep_each_procedure_whole():
    """A Quyết định công bố thủ tục hành chính: its appendix lists the procedures ("1. Thủ tục đăng ký khai tử" with
    "Bước 1" … "Bước 4", fees, deadlines). Its parts end before a numbered procedure, not between Bước 3 and Bước 4."""
    from assistant.loaders import load

    d = parse(load(ROOT / "tests" / "data" / "quyet-dinh-2150-qd-ubnd-cong-bo-tthc-quy-trinh-cac-buoc.txt")[0])
    parts = [c for c in chunk(d) if "/p" in c.id]
    assert len(parts) >= 2 and all(c.citation == "Phụ lục Quyết định 2150/QĐ-UBND" for c in parts)
    khai_tu = [c for c in parts if "1. Thủ tục đăng ký khai tử" in c.text]
    assert len(khai_tu) == 1 and all(f"Bước {i}:" in khai_tu[0].text for i in range(1, 5))
    assert khai_tu[0].text.startswith("PHẦN II. NỘI DUNG CỤ THỂ")
    assert not any(c.text.startswith("Bước") for c in parts)
    assert "\n".join(c.text for c in parts).split() == [w for c in parts for w in c.text.split()]  # nothing repeated …
    assert sum(len(c.text.split()) for c in parts) == len(d.articles[-1].text.split())  # … nor lost
    # a long item with no numbered start in reach is still cut at a line (as before)
    assert len(annex_parts("\n".join(f"Dòng {i} " + "chữ " * 30 for i in range(20)), 100)) >= 6


def _article(doc, number: str, clause: str | None = None):
    return next(c for c in chunk(doc, collection="t") if c.article_id == number and c.clause == clause)


def test_display_citation_names_the_khoan_and_diem_the_quote_lies_in():
    """The issue asks for the exact Điều/Khoản/Điểm: a quote from khoản 3 of an article chunk is "Khoản 3 Điều 18",
    a quote of one điểm is "Điểm c Khoản 2 Điều 15", a quote of a khoản's lead with its items is the khoản."""
    tttm = _alqac("Luật Trọng tài thương mại")
    art18 = _article(tttm, "18")
    assert art18.citation.startswith("Điều 18 ")
    q = next(ln for ln in art18.text.splitlines() if ln.startswith("3. "))[:70]  # "3. Người xác lập thoả thuận …"
    assert display_citation(art18, q) == "Khoản 3 " + art18.citation
    film = _article(_alqac("Luật Điện ảnh"), "15")
    assert display_citation(film, "c) Chịu trách nhiệm trước pháp luật về nội dung phim phát hành.") == (
        "Điểm c Khoản 2 " + film.citation)
    lead_and_items = ("2. Nghĩa vụ của Cơ sở điện ảnh phát hành phim bao gồm: a) Bảo đảm phát hành phim theo nội dung "
                      "đã đăng ký kinh doanh, chức năng, nhiệm vụ được giao hoặc được phê duyệt; b) Bảo đảm phim phát "
                      "hành tuân thủ quy định của Luật này và quy định khác của pháp luật có liên quan;")
    assert display_citation(film, lead_and_items) == "Khoản 2 " + film.citation
    # a quote over two khoản, a quote not in the text, no quote: the article as cited
    both = "1. Quyền của cơ sở điện ảnh phát hành phim bao gồm:\n2. Nghĩa vụ của Cơ sở điện ảnh phát hành phim bao gồm:"
    assert display_citation(film, both) == film.citation
    assert display_citation(film, "Một câu không có trong điều này.") == film.citation
    assert display_citation(film) == film.citation


def test_display_citation_names_the_diem_quoted_after_its_lead_in():
    """A khoản's lead-in quoted with one of its điểm ("… khi thuộc một trong các trường hợp sau đây: … a) Không đăng ký
    …") is that điểm: "Điểm a Khoản 1 Điều 33 …" (it was "Khoản 1"); with two điểm, or cut short after the first
    words of the list, it is still the khoản."""
    art33 = _article(_alqac("Luật Phòng, chống ma túy"), "33")
    lead = next(ln for ln in art33.text.splitlines() if ln.startswith("1. "))
    assert lead.endswith("sau đây:")
    a = next(ln for ln in art33.text.splitlines() if ln.startswith("a) "))
    b = next(ln for ln in art33.text.splitlines() if ln.startswith("b) "))
    assert display_citation(art33, f"{lead} {a}") == "Điểm a Khoản 1 " + art33.citation
    assert display_citation(art33, f"{lead} … {b}") == "Điểm b Khoản 1 " + art33.citation
    assert display_citation(art33, f"{lead} {a} {b}") == "Khoản 1 " + art33.citation
    assert display_citation(art33, f"{lead} {a[:30]} …") == "Khoản 1 " + art33.citation


def test_display_citation_continuation_line_and_ambiguous_piece():
    """A line without its own number belongs to the khoản above it (Luật Cư trú Điều 38: the second paragraph of
    khoản 3); a piece found in two khoản names no khoản."""
    art38 = _article(_alqac("Luật Cư trú"), "38")
    q = "Trường hợp thông tin trong Sổ hộ khẩu, Sổ tạm trú khác với thông tin trong Cơ sở dữ liệu về cư trú"
    assert display_citation(art38, q) == "Khoản 3 " + art38.citation
    assert display_citation(art38, "Sổ hộ khẩu, Sổ tạm trú") == art38.citation  # in khoản 3 and khoản 4


def test_display_citation_phapdien_leads_with_the_source_provision():
    """A Pháp điển article is named as officials cite it — the source provision first, the Pháp điển code after —
    and a khoản chunk's quoted điểm is named too."""
    p = PD / "can-bo-cong-chuc-vien-chuc" / "vien-chuc.md"
    if not p.exists():
        pytest.skip("Pháp điển data absent")
    chunks = chunk(parse(read_phapdien(p)), collection="phapdien")
    first = chunks[0]
    assert display_citation(first) == "Điều 1 Nghị định số 27/2012/NĐ-CP (Pháp điển: Điều 5.2.NĐ.2.1)"
    k1 = next(c for c in chunks if c.article_id == "5.2.NĐ.11.40" and c.clause == "1")
    assert k1.citation.startswith("Khoản 1 Điều 5.2.NĐ.11.40")
    q = ("b) Đơn vị sự nghiệp công lập có thẩm quyền quản lý viên chức lưu giữ hồ sơ viên chức bị xử lý kỷ luật buộc "
         "thôi việc có trách nhiệm cung cấp bản sao hồ sơ lý lịch")
    assert display_citation(k1, q) == "Điểm b Khoản 1 Điều 40 Nghị định số 112/2020/NĐ-CP (Pháp điển: Điều 5.2.NĐ.11.40)"


def test_display_citation_paragraph_closing_a_list_is_the_khoans():
    """A paragraph after a list's last điểm, once the list has closed with ".", belongs to the khoản, though the parser
    keeps it with that điểm: Luật Luật sư Điều 17 khoản 1 lists the file (a–đ) then says "Trong thời hạn bảy ngày làm
    việc … Ban chủ nhiệm Đoàn luật sư chuyển hồ sơ …" — "Khoản 1", not "Điểm đ Khoản 1"; điểm đ itself is still đ."""
    p = PD / "bo-tro-tu-phap" / "luat-su.md"
    if not p.exists():
        pytest.skip("Pháp điển data absent")
    art = next(c for c in chunk(parse(read_phapdien(p)), collection="phapdien")
               if c.article_id == "4.4.LQ.17" and c.clause is None)
    closing = "Trong thời hạn bảy ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ, Ban chủ nhiệm Đoàn luật sư chuyển hồ sơ"
    assert display_citation(art, closing).startswith("Khoản 1 Điều 17 Luật")
    assert display_citation(art, "Bản sao Giấy chứng nhận kiểm tra kết quả tập sự hành nghề luật sư.").startswith(
        "Điểm đ Khoản 1 Điều 17 Luật")
    assert display_citation(art, "Phiếu lý lịch tư pháp;").startswith("Điểm b Khoản 1 Điều 17 Luật")
