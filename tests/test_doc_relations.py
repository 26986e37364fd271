"""Document relations (implements / same parent / unrelated / unknown) on Pháp điển records and bare pairs."""

from __future__ import annotations

from datetime import date

from assistant.chunking import chunk
from assistant.doc_relations import DocumentInfo, DocumentRelations, provenance
from assistant.legal import parse
from assistant.loaders import load
from assistant.records import Chunk, ConflictSide, Validity


def _pd_chunk(n: int, source: str, notes: list[str], doc_type: str) -> Chunk:
    return Chunk(
        id=f"bo-tro-tu-phap/luat-su.md#{n}", doc_id="bo-tro-tu-phap/luat-su.md", law_id="x", article_id=str(n),
        text="…", citation=f"Điều {n}", doc_title="Luật sư", doc_type=doc_type, source_citation=source,
        validity=Validity(notes=notes), collection="phapdien",
    )


def _chunks(paths) -> list[Chunk]:
    out: list[Chunk] = []
    for p in paths:
        for raw in load(p):
            out.extend(chunk(parse(raw), "phapdien"))
    return out


def test_provenance_line_gives_the_source_documents_title_not_the_de_muc():
    ch = _pd_chunk(37, "Điều 37 Nghị định số 123/2013/NĐ-CP", [
        "(Điều 37 Nghị định số 123/2013/NĐ-CP Quy định chi tiết một số điều và biện pháp thi hành Luật Luật sư "
        "ngày 14/10/2013 của Chính phủ, có hiệu lực thi hành kể từ ngày 28/11/2013)"], "Nghị định")
    num, dtype, title = provenance(ch)
    assert (num, dtype) == ("123/2013/NĐ-CP", "Nghị định")
    assert title == "Quy định chi tiết một số điều và biện pháp thi hành Luật Luật sư"
    info = DocumentInfo.make(num, dtype, title)
    assert info.cites_laws == {"luật sư"} and not info.names


def test_title_missing_from_provenance_is_taken_from_another_articles_cross_reference():
    law = _pd_chunk(79, "Điều 79 Luật số 65/2006/QH11", [
        "(Điều 79 Luật số 65/2006/QH11, có hiệu lực thi hành kể từ ngày 01/01/2007)"], "Luật")
    decree = _pd_chunk(37, "Điều 37 Nghị định số 123/2013/NĐ-CP", [
        "(Điều 37 Nghị định số 123/2013/NĐ-CP, có hiệu lực thi hành kể từ ngày 28/11/2013)",
        "(Điều này có nội dung liên quan đến Điều 4.4.LQ.83. Trách nhiệm quản lý nhà nước của Luật 65/2006/QH11 Luật "
        "sư ban hành ngày 29/06/2006; Điều 4.4.NĐ.1.5. Nhiệm vụ của Sở Tư pháp của Nghị định 123/2013/NĐ-CP Quy định "
        "chi tiết một số điều và biện pháp thi hành Luật Luật sư ban hành ngày 14/10/2013)"], "Nghị định")
    rel = DocumentRelations.from_chunks([law, decree])
    assert rel.relation_of("65/2006/QH11", "123/2013/NĐ-CP") == "implements"
    # without the cross reference neither title is known: the signal stays neutral
    bare = DocumentRelations.from_chunks([law, decree.model_copy(update={"validity": Validity(notes=decree.validity.notes[:1])})])
    assert bare.relation_of("65/2006/QH11", "123/2013/NĐ-CP") == "unknown"


def test_real_phapdien_file_decree_implements_the_law(shared_data):
    rel = DocumentRelations.from_chunks(_chunks([shared_data / "phapdien" / "bo-tro-tu-phap" / "luat-su.md"]))
    assert rel.relation_of("65/2006/QH11", "123/2013/NĐ-CP") == "implements"
    assert rel.relation_of("123/2013/NĐ-CP", "65/2006/QH11") == "implements"
    assert rel.relation_of("65/2006/QH11", "65/2006/QH11") == "same_document"


def test_real_phapdien_two_election_laws_are_unrelated(shared_data):
    pd = shared_data / "phapdien"
    rel = DocumentRelations.from_chunks(_chunks([
        pd / "to-chuc-bo-may-nha-nuoc" / "bau-cu-dai-bieu-quoc-hoi-va-dai-bieu-hoi-dong-nhan-dan.md",
        pd / "xay-dung-phap-luat-va-thi-hanh-phap-luat" / "trung-cau-y-dan.md",
    ]))
    assert rel.docs["85/2015/qh13"].title.startswith("Bầu cử đại biểu Quốc hội")
    assert rel.relation_of("85/2015/QH13", "96/2015/QH13") == "unrelated"


def test_same_parent_and_one_step_up():
    rel = DocumentRelations()
    rel.add(DocumentInfo.make("24/2018/QH14", "Luật", "An ninh mạng"))
    rel.add(DocumentInfo.make("53/2022/NĐ-CP", "Nghị định", "Quy định chi tiết một số điều của Luật An ninh mạng"))
    rel.add(DocumentInfo.make("12/2023/TT-BCA", "Thông tư", "Hướng dẫn thi hành Nghị định số 53/2022/NĐ-CP"))
    rel.add(DocumentInfo.make("13/2023/TT-BCA", "Thông tư", "Quy định chi tiết thi hành Luật An ninh mạng về hồ sơ"))
    rel.add(DocumentInfo.make("05/2022/QH15", "Luật", "Điện ảnh"))
    assert rel.relation_of("12/2023/TT-BCA", "24/2018/QH14") == "implements"  # through the decree
    assert rel.relation_of("12/2023/TT-BCA", "13/2023/TT-BCA") == "same_parent"
    assert rel.relation_of("05/2022/QH15", "24/2018/QH14") == "unrelated"


def test_law_name_as_a_phrase_of_the_other_title_is_same_field():
    rel = DocumentRelations()
    rel.add(DocumentInfo.make("02/2011/QH13", "Luật", "Khiếu nại"))
    rel.add(DocumentInfo.make("11/2015/TT-BCA", "Thông tư", "Quy định quy trình giải quyết khiếu nại trong Công an nhân dân"))
    rel.add(DocumentInfo.make("09/2017/TT-BCA", "Thông tư", "Quy định về hồ sơ nghiệp vụ"))
    assert rel.relation_of("02/2011/QH13", "11/2015/TT-BCA") == "same_field"
    assert rel.relation_of("02/2011/QH13", "09/2017/TT-BCA") == "unrelated"


def test_bare_pairs_without_document_context_are_unknown():
    rel = DocumentRelations()
    a = ConflictSide(text="Thời gian thử việc không quá 60 ngày.", citation="Khoản 2 Điều 25 Bộ luật Lao động",
                     doc_type="Bộ luật", number="45/2019/QH14")
    b = ConflictSide(text="Thời gian thử việc không quá 90 ngày.", citation="Điều 3 Thông tư", doc_type="Thông tư")
    assert rel.relation(a, b) == "unknown"  # b has no number
    assert rel.relation(a, b.model_copy(update={"number": "10/2020/TT-BLĐTBXH"})) == "unknown"  # no titles known


def test_titles_sharing_a_field_phrase_are_same_field_but_not_title_formulas():
    rel = DocumentRelations()
    rel.add(DocumentInfo.make("84/2016/NĐ-CP", "Nghị định", "Về tiêu chuẩn, điều kiện đối với kiểm toán viên hành nghề, tổ "
                              "chức kiểm toán được chấp thuận kiểm toán cho đơn vị có lợi ích công chúng"))
    rel.add(DocumentInfo.make("183/2013/TT-BTC", "Thông tư", "Về kiểm toán độc lập đối với đơn vị có lợi ích công chúng"))
    rel.add(DocumentInfo.make("10/2021/TT-BTP", "Thông tư", "Quy định chi tiết một số điều và biện pháp thi hành Quyết định "
                              "về tập sự hành nghề luật sư"))
    rel.add(DocumentInfo.make("08/2017/TT-BTP", "Thông tư", "Quy định chi tiết một số điều của Luật Trợ giúp pháp lý"))
    assert rel.relation_of("84/2016/NĐ-CP", "183/2013/TT-BTC") == "same_field"
    # "Quy định chi tiết một số điều" is a formula every implementing title shares, not a field
    assert rel.relation_of("10/2021/TT-BTP", "08/2017/TT-BTP") == "unrelated"


def test_law_names_with_commas_and_several_laws_in_one_title():
    rel = DocumentRelations()
    rel.add(DocumentInfo.make("84/2015/QH13", "Luật", "An toàn, vệ sinh lao động"))
    rel.add(DocumentInfo.make("86/2015/QH13", "Luật", "An toàn thông tin mạng"))
    rel.add(DocumentInfo.make("68/2020/QH14", "Luật", "Cư trú"))
    rel.add(DocumentInfo.make("26/2023/QH15", "Luật", "Căn cước"))
    rel.add(DocumentInfo.make("88/2020/NĐ-CP", "Nghị định", "Quy định chi tiết một số điều của Luật An toàn, vệ sinh lao "
                              "động về bảo hiểm tai nạn lao động"))
    rel.add(DocumentInfo.make("55/2021/TT-BCA", "Thông tư", "Quy định chi tiết một số điều của Luật Cư trú, Luật Căn cước"))
    assert rel.relation_of("88/2020/NĐ-CP", "84/2015/QH13") == "implements"
    assert rel.relation_of("88/2020/NĐ-CP", "86/2015/QH13") != "implements"  # "An toàn …" is not any law of safety
    assert rel.relation_of("55/2021/TT-BCA", "68/2020/QH14") == "implements"
    assert rel.relation_of("55/2021/TT-BCA", "26/2023/QH15") == "implements"


def _law_chunk(n: str, number: str, dtype: str, title: str, issued: str, notes: list[str] | None = None) -> Chunk:
    prov = f"(Điều {n} {dtype} số {number} {title} ngày {issued} của Quốc hội, có hiệu lực thi hành kể từ ngày 01/07/2007)"
    return _pd_chunk(int(n), f"Điều {n} {dtype} số {number}", [prov, *(notes or [])], dtype)


def test_a_later_law_of_the_same_name_named_by_the_collection_marks_the_older_one_and_its_decree():
    """Luật Cư trú 2006 is held; another article's cross reference names Luật Cư trú 2020: the 2006 law, and the
    decree that details it (issued before 2020), are probably replaced; nothing is said before 2020."""
    law = _law_chunk("1", "81/2006/QH11", "Luật", "Cư trú", "29/11/2006")
    decree = _law_chunk("5", "31/2014/NĐ-CP", "Nghị định", "Quy định chi tiết một số điều và biện pháp thi hành Luật "
                        "Cư trú", "18/04/2014")
    other = _law_chunk("7", "37/2018/QH14", "Luật", "Công an nhân dân", "20/11/2018", [
        "(Điều này có nội dung liên quan đến Điều 39.3.LQ.1. Phạm vi điều chỉnh của Luật 68/2020/QH14 Cư trú ban hành "
        "ngày 13/11/2020)"])
    rel = DocumentRelations.from_chunks([law, decree, other])
    hint = rel.superseded_hint("81/2006/QH11", date(2026, 1, 1))
    assert hint is not None and hint.via is None
    assert hint.newer.display() == "Luật số 68/2020/QH14 Cư trú" and hint.newer.issued_on == date(2020, 11, 13)
    via = rel.superseded_hint("31/2014/NĐ-CP", date(2026, 1, 1))
    assert via is not None and via.newer.number == "68/2020/qh14" and via.via.number == "81/2006/qh11"
    # before the later law was issued, and for a law whose name has no later version: nothing
    assert rel.superseded_hint("81/2006/QH11", date(2019, 1, 1)) is None
    assert rel.superseded_hint("37/2018/QH14", date(2026, 1, 1)) is None
    assert rel.superseded_hint("68/2020/QH14", date(2026, 1, 1)) is None


def test_amending_laws_and_same_titled_decrees_are_not_later_versions():
    """"Sửa đổi, bổ sung một số điều của Luật Cư trú" (2013) is no new Luật Cư trú; two circulars both titled
    "Ban hành quy chuẩn kỹ thuật quốc gia" are different texts, not versions of one."""
    law = _law_chunk("1", "81/2006/QH11", "Luật", "Cư trú", "29/11/2006")
    amend = _law_chunk("2", "36/2013/QH13", "Luật", "Sửa đổi, bổ sung một số điều của Luật Cư trú", "20/06/2013")
    tt1 = _law_chunk("3", "16/2013/TT-BTTTT", "Thông tư", "Ban hành quy chuẩn kỹ thuật quốc gia", "01/07/2013")
    tt2 = _law_chunk("4", "18/2013/TT-BTTTT", "Thông tư", "Ban hành quy chuẩn kỹ thuật quốc gia", "01/08/2013")
    rel = DocumentRelations.from_chunks([law, amend, tt1, tt2])
    assert rel.superseded_hint("81/2006/QH11", date(2026, 1, 1)) is None
    assert rel.superseded_hint("16/2013/TT-BTTTT", date(2026, 1, 1)) is None


def test_real_phapdien_residence_law_of_2006_is_flagged_not_the_police_law(shared_data):
    """In the Pháp điển subset, cu-tru.md holds Luật Cư trú 2006 with its decree and circular and nothing in their
    notes says they were replaced; cong-an-nhan-dan.md names Luật Cư trú 2020 in a cross reference."""
    pd = shared_data / "phapdien"
    rel = DocumentRelations.from_chunks(_chunks([pd / "trat-tu-an-toan-xa-hoi" / "cu-tru.md",
                                                 pd / "an-ninh-quoc-gia" / "cong-an-nhan-dan.md"]))
    on = date(2026, 11, 27)
    assert rel.superseded_hint("81/2006/QH11", on).newer.number == "68/2020/qh14"
    circular = rel.superseded_hint("35/2014/TT-BCA", on)
    assert circular is not None and circular.via.number == "81/2006/qh11"
    assert rel.superseded_hint("37/2018/QH14", on) is None  # the police law held is the newest of its name


def test_display_names_a_law_once_but_keeps_the_law_on_lawyers_whole():
    assert DocumentInfo.make("68/2020/QH14", "Luật", "Luật Cư trú").display() == "Luật số 68/2020/QH14 Cư trú"
    assert DocumentInfo.make("68/2020/QH14", "Luật", "Cư trú").display() == "Luật số 68/2020/QH14 Cư trú"
    assert DocumentInfo.make("65/2006/QH11", "Luật", "Luật sư").display() == "Luật số 65/2006/QH11 Luật sư"


def test_law_name_as_officials_write_it():
    """A law, code or ordinance is named "Luật <title> số <number>"; a title that repeats the type is not said twice
    ("Luật Cư trú"), but the law on lawyers keeps its name ("Luật Luật sư"); a decree has no such name."""
    rel = DocumentRelations()
    for number, dtype, title in (("65/2006/QH11", "Luật", "Luật sư"), ("68/2020/QH14", "Luật", "Luật Cư trú"),
                                 ("35/2013/QH13", "Luật", "Hòa giải ở cơ sở"),
                                 ("123/2013/NĐ-CP", "Nghị định", "Quy định chi tiết một số điều của Luật Luật sư")):
        rel.add(DocumentInfo.make(number, dtype, title))
    assert rel.law_name("65/2006/QH11") == "Luật Luật sư số 65/2006/QH11"
    assert rel.law_name("68/2020/QH14") == "Luật Cư trú số 68/2020/QH14"
    assert rel.law_name("35/2013/QH13") == "Luật Hòa giải ở cơ sở số 35/2013/QH13"
    assert rel.law_name("123/2013/NĐ-CP") is None and rel.law_name("99/2099/QH99") is None
