"""Follow-ups (helper h-conv12, 30/11): a short question naming its own matter stands alone; rewrites read as
Vietnamese (no verb or link left over from the previous question's ask); a version refusal suggests only the law held
of that name and its texts."""

from __future__ import annotations

from datetime import date

from assistant import answering as A
from assistant.answering.followup import is_followup, rewrite_followup

_PREVS = ["Thời hạn giải quyết khiếu nại lần đầu là bao lâu?", "Hồ sơ đăng ký khai sinh gồm những gì?",
          "Luật Cư trú năm 2020 còn hiệu lực không?", "Thủ tục cấp giấy phép xây dựng như thế nào?"]


def test_a_short_question_naming_its_own_matter_is_no_followup() -> None:
    """"“An ninh mạng” là gì?" after any question was rewritten "“An ninh mạng” giải quyết khiếu nại lần đầu là gì?":
    every question of at most 5 syllables with a question word was taken for a follow-up, and "Thế nào là …" for one
    opening with "thế". A quoted term, a term defined, or two syllables of subject that are no aspect, generic act or
    question word name the question's own matter."""
    alone = ["“An ninh mạng” là gì?", "An ninh mạng là gì?", "\"Tạm trú\" là gì?", "Án treo là gì?", "Thuế là gì?",
             "Thế nào là an ninh mạng?", "Thế nào là hành vi bạo lực gia đình?", "Thủ tục ly hôn như thế nào?",
             "An ninh mạng được hiểu thế nào?", "Phí công chứng bao nhiêu?", "Ai cấp hộ chiếu?", "Hộ chiếu do ai cấp?",
             "Vậy thủ tục ly hôn gồm những gì?"]
    for q in alone:
        assert not is_followup(q), q
        for prev in _PREVS:
            assert rewrite_followup(q, [(prev, "…")]) == q, (prev, q)


def test_elliptical_questions_are_still_followups() -> None:
    follow = ["Còn thời hạn thì sao?", "Hiện nay áp dụng văn bản nào?", "Còn về lệ phí thì sao?", "Phí bao nhiêu?",
              "Nộp ở đâu?", "Ai ký?", "Mất bao lâu?", "Thời hạn là bao lâu?", "Hồ sơ gồm những gì?",
              "Cơ quan nào giải quyết?", "Văn bản nào hướng dẫn thi hành?", "Còn nghị định hướng dẫn thì sao?",
              "Thế còn lần hai?", "Vậy nộp ở đâu?", "Cần giấy tờ gì?", "Có mất phí không?", "Có được ủy quyền không?",
              "Ai có quyền kháng nghị?", "Ai chịu trách nhiệm?", "Trình tự thế nào?", "Còn “an ninh mạng” thì sao?"]
    for q in follow:
        assert is_followup(q), q
        assert rewrite_followup(q, [("Hồ sơ đăng ký khai sinh gồm những gì?", "…")]) != q, q
    assert rewrite_followup("Còn thời hạn thì sao?", [("Hồ sơ đăng ký khai sinh gồm những gì?", "…")]) == (
        "Thời hạn đăng ký khai sinh?")


def test_a_definition_asked_in_a_conversation_is_answered_as_asked(sample_retriever) -> None:  # noqa: ANN001
    prev = [("Thời hạn cấp bản sao điện tử từ sổ gốc là bao lâu?", "…")]
    ans = A.answer("“Sổ gốc” là gì?", collection="sample", retriever=sample_retriever, history=prev,
                   as_of=date(2026, 11, 30))
    assert ans.standalone_query == "“Sổ gốc” là gì?"


def test_a_rewrite_carries_no_leftover_of_the_previous_ask() -> None:
    """The verb, asker and links of what the previous question asked stayed in the carried subject ("Hồ sơ đăng ký
    khai sinh làm gồm những gì?"); a follow-up opening with its predicate got the subject after it ("Mất đăng ký khai
    sinh bao lâu?", "Cần giấy tờ gì đăng ký khai sinh?"); an aspect asked was added as a case ("… đối với Trình tự
    thực hiện …", "… còn hiệu lực đối với nghị định hướng dẫn không?")."""
    cases = [
        ("Đăng ký khai sinh làm ở đâu?", "Hồ sơ gồm những gì?", "Hồ sơ đăng ký khai sinh gồm những gì?"),
        ("Đăng ký khai sinh phải làm những gì?", "Lệ phí bao nhiêu?", "Lệ phí đăng ký khai sinh bao nhiêu?"),
        ("Thủ tục đăng ký kết hôn cần chuẩn bị gì?", "Lệ phí bao nhiêu?", "Lệ phí đăng ký kết hôn bao nhiêu?"),
        ("Cấp giấy phép xây dựng do cơ quan nào thực hiện?", "Hồ sơ gồm những gì?",
         "Hồ sơ cấp giấy phép xây dựng gồm những gì?"),
        ("Ly hôn thì nộp đơn ở đâu?", "Lệ phí bao nhiêu?", "Lệ phí ly hôn bao nhiêu?"),
        ("Muốn đăng ký kinh doanh thì cần làm gì?", "Hồ sơ gồm những gì?", "Hồ sơ đăng ký kinh doanh gồm những gì?"),
        ("Tôi muốn làm giấy khai sinh cho con thì làm thế nào?", "Lệ phí bao nhiêu?",
         "Lệ phí làm giấy khai sinh cho con bao nhiêu?"),
        ("Cần làm gì để đăng ký tạm trú?", "Hồ sơ gồm những gì?", "Hồ sơ đăng ký tạm trú gồm những gì?"),
        ("Khi nào phải đăng ký thường trú?", "Hồ sơ gồm những gì?", "Hồ sơ đăng ký thường trú gồm những gì?"),
        ("Nghị định 100/2019/NĐ-CP quy định gì?", "Văn bản nào sửa đổi?", "Văn bản nào sửa đổi Nghị định 100/2019/NĐ-CP?"),
        ("Hồ sơ đăng ký khai sinh gồm những gì?", "Mất bao lâu?", "Đăng ký khai sinh mất bao lâu?"),
        ("Hồ sơ đăng ký khai sinh gồm những gì?", "Nộp ở đâu?", "Đăng ký khai sinh nộp ở đâu?"),
        ("Hồ sơ đăng ký khai sinh gồm những gì?", "Có được ủy quyền không?", "Đăng ký khai sinh có được ủy quyền không?"),
        ("Thủ tục cấp giấy phép xây dựng như thế nào?", "Cần giấy tờ gì?", "Cấp giấy phép xây dựng cần giấy tờ gì?"),
        ("Hồ sơ đăng ký khai sinh gồm những gì?", "Trình tự thực hiện thế nào?", "Trình tự thực hiện đăng ký khai sinh?"),
        # (h-conv13: the aspect asked is kept — whether the guiding decree is in force)
        ("Luật Cư trú năm 2020 còn hiệu lực không?", "Còn nghị định hướng dẫn thì sao?",
         "Nghị định hướng dẫn Luật Cư trú năm 2020 còn hiệu lực không?"),
    ]
    for prev, q, want in cases:
        assert rewrite_followup(q, [(prev, "…")]) == want, (prev, q)


def test_a_version_refusal_suggests_only_the_held_law_of_that_name(phapdien_served) -> None:  # noqa: ANN001
    """"Luật Cư trú năm 2020 còn hiệu lực không?" over Pháp điển (the 2006 law held) suggested Điều 54 of Luật Nhập cảnh,
    xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam («Hiệu lực thi hành»): the words are shared, the law
    is another. Only the held law of the name asked and its texts (đề mục Cư trú) are suggested now."""
    ans = A.answer("Luật Cư trú năm 2020 còn hiệu lực không?", collection="phapdien", retriever=phapdien_served,
                   as_of=date(2026, 11, 30))
    assert ans.refused and "cơ sở dữ liệu chỉ có Luật Cư trú năm 2006" in ans.text, ans.text
    suggestions = ans.text.split("có thể tham khảo:")[1].strip().splitlines()
    assert suggestions and all("Cư trú" in s and "người nước ngoài" not in s for s in suggestions), suggestions
    assert "Nhập cảnh" not in ans.text


def test_the_carried_subject_leaves_out_the_text_or_means_asked() -> None:
    """Found running conversations: a stored rewrite "Hiện nay áp dụng văn bản nào thay thế Luật Cư trú năm 2020?" gave
    the next follow-up "Nghị định hướng dẫn hiện nay áp dụng văn bản thay Luật Cư trú năm 2020?"; "… ở những địa điểm
    nào?" and "… bằng những cách nào?" left "ở địa điểm", "bằng cách" in the subject."""
    cases = [
        ("Hiện nay áp dụng văn bản nào thay thế Luật Cư trú năm 2020?", "Còn nghị định hướng dẫn thì sao?",
         "Nghị định hướng dẫn Luật Cư trú năm 2020?"),
        ("Văn bản nào quy định về đăng ký kết hôn?", "Lệ phí bao nhiêu?", "Lệ phí đăng ký kết hôn bao nhiêu?"),
        ("Cấm hút thuốc lá ở những địa điểm nào?", "Mức phạt là bao nhiêu?", "Mức phạt cấm hút thuốc lá là bao nhiêu?"),
        ("Người dân nộp hồ sơ trực tuyến bằng những cách nào?", "Có được nộp qua bưu điện không?",
         "Người dân nộp hồ sơ trực tuyến có được nộp qua bưu điện không?"),
    ]
    for prev, q, want in cases:
        assert rewrite_followup(q, [(prev, "…")]) == want, (prev, q)


def test_a_contrasted_phrase_replaces_whole_words() -> None:
    """"Còn đất ở thì sao?" after "Thời hạn sử dụng đất nông nghiệp là bao lâu?" replaced "đất nông" (the focus's two
    syllables) and read "… đất ở nghiệp …"; the phrase replaced now ends where a word ends (word segmentation)."""
    assert rewrite_followup("Còn đất ở thì sao?", [("Thời hạn sử dụng đất nông nghiệp là bao lâu?", "…")]) == (
        "Thời hạn sử dụng đất ở là bao lâu?")
    assert rewrite_followup("Còn lần hai thì sao?", [("Thời hạn giải quyết khiếu nại lần đầu là bao lâu?", "…")]) == (
        "Thời hạn giải quyết khiếu nại lần hai là bao lâu?")
    assert rewrite_followup("Còn cấp huyện thì sao?", [("Thẩm quyền của UBND cấp xã là gì?", "…")]) == (
        "Thẩm quyền của UBND cấp huyện là gì?")


def test_related_to_held_in_a_collection_of_separate_documents() -> None:
    """Outside Pháp điển each document is its own file: a text detailing the held law is related (its title names the
    law), another law sharing a word of the name is not."""
    from assistant.answering.scope import _DocRef, related_to_held
    from assistant.doc_relations import DocumentInfo, DocumentRelations
    from assistant.records import Chunk, Hit

    rel = DocumentRelations()
    rel.add(DocumentInfo.make("81/2006/QH11", "Luật", "Cư trú", date(2006, 11, 29)))
    rel.add(DocumentInfo.make("31/2014/NĐ-CP", "Nghị định",
                              "Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú", date(2014, 4, 18)))
    rel.add(DocumentInfo.make("47/2014/QH13", "Luật",
                              "Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam", date(2014, 6, 16)))

    def hit(doc_id: str, number: str) -> Hit:
        c = Chunk(id=f"{doc_id}#1", doc_id=doc_id, law_id=doc_id, article_id="1", text="…", citation="Điều 1",
                  doc_number=number)
        return Hit(chunk=c, score=1.0, rank=1)

    held = (_DocRef(("cư", "trú"), "81/2006/qh11", 2006, frozenset({2006}), "luat-cu-tru.md"),)
    assert related_to_held(hit("luat-cu-tru.md", "81/2006/QH11"), held, rel)
    assert related_to_held(hit("nd-31-2014.md", "31/2014/NĐ-CP"), held, rel)
    assert not related_to_held(hit("luat-xnc.md", "47/2014/QH13"), held, rel)
    assert not related_to_held(hit("nd-31-2014.md", "31/2014/NĐ-CP"), held, None)  # no catalogue: same file only
