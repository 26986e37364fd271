"""Definition questions ("Thế nào là X?", "X là gì?") reach the article that defines X (assistant.definitions)."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.definitions import asked_term, defined_terms, definers_first, defining_rows


def test_asked_term_reads_the_ways_officials_ask():
    assert asked_term("“An ninh mạng” là gì?") == "an ninh mạng"
    assert asked_term("Thế nào là khiếu nại?") == "khiếu nại"
    assert asked_term("Người thu hộ được hiểu như thế nào?") == "người thu hộ"
    assert asked_term("Khái niệm bảo chi séc") == "bảo chi séc"
    assert asked_term("Cho tôi hỏi trường quay là gì?") == "trường quay"
    assert asked_term("Khiếu nại được hiểu như thế nào theo Luật Khiếu nại?") == "khiếu nại"
    # practical questions are not definition questions
    assert asked_term("Thời hạn giải quyết khiếu nại là bao lâu?") is None
    assert asked_term("Hồ sơ đăng ký kết hôn gồm những gì?") is None
    assert asked_term("Ai có thẩm quyền cấp giấy phép?") is None


def _chunk(text, article_id, clause=None, doc_id="d1"):
    return SimpleNamespace(text=text, article_id=article_id, clause=clause, doc_id=doc_id)


def test_defined_terms_reads_definition_lines_and_prefers_the_khoan_chunk():
    art = ("Trong Luật này các từ ngữ dưới đây được hiểu như sau:\n"
           "1. *Khiếu nạ*i là việc công dân … đề nghị xem xét lại quyết định hành chính.\n"
           "3. *Rút khiếu nại* là việc người khiếu nại đề nghị chấm dứt khiếu nại của mình.")
    chunks = [_chunk(art, "2"), _chunk("1. *Khiếu nạ*i là việc công dân …", "2", "1"),
              _chunk("1. Người khiếu nại có quyền rút khiếu nại. Việc rút khiếu nại là quyền của họ.", "10"),
              _chunk("Trong thời hạn 15 ngày, kể từ ngày nhận, người giải quyết là cơ quan …", "12")]
    lookup = defined_terms(chunks)
    assert lookup["khiếu nại"] == [1]  # the khoản chunk, the misplaced * mark dropped; the article once
    assert lookup["rút khiếu nại"] == [0]
    assert defining_rows("Thế nào là khiếu nại?", lookup) == [1]
    assert defining_rows("Thời hạn khiếu nại là bao lâu?", lookup) == []
    assert defining_rows("Thế nào là tố cáo?", lookup) == []


def test_definers_first_keeps_named_articles_ahead_and_caps_the_definers():
    rows, keys = [10, 11, 12, 13], ["a", "b", "c", "d"]
    # a definer in the list moves up first, one outside after it; each with its defining (khoản) chunk's row, in place
    # of its article's row
    assert definers_first(rows, keys, set(), [(99, "c", 0.1), (50, "z", 0.5)]) == [99, 50, 10, 11, 13]
    # a cited article that leads stays first
    assert definers_first(rows, keys, {10}, [(99, "c", 0.1)]) == [10, 99, 11, 13]
    # at most MAX_DEFINERS (2) move; the ones in the list first
    assert definers_first(rows, keys, set(), [(1, "x", 0.9), (99, "d", 0.1), (98, "c", 0.1)])[:3] == [98, 99, 10]
    assert definers_first(rows, keys, set(), []) == rows


def test_a_definition_question_gets_the_defining_article_first(sample_retriever):
    # without the lookup the definitions article of Nghị định 42/2024 is not first (sample corpus, real index)
    for q in ("Thế nào là bộ phận một cửa?", "Khái niệm số hóa", "Hồ sơ điện tử là gì?"):
        hits = sample_retriever.search(q, 3)
        assert hits[0].chunk.article_id == "3" and hits[0].chunk.doc_number in ("42/2024/NĐ-CP", "71/2023/QH15"), q
    # a practical question is unchanged by it
    q = "phí cấp bản sao điện tử từ sổ gốc bao nhiêu tiền một trang"
    before = [(h.chunk.doc_id, h.chunk.article_id) for h in sample_retriever.search(q, 10)]
    saved = sample_retriever._definitions
    sample_retriever._definitions = {}
    try:
        assert [(h.chunk.doc_id, h.chunk.article_id) for h in sample_retriever.search(q, 10)] == before
        assert sample_retriever.search("Thế nào là bộ phận một cửa?", 1)[0].chunk.article_id != "3"
    finally:
        sample_retriever._definitions = saved


def test_a_definition_question_is_cued_with_its_term_and_value_words_in_the_term_are_not_asked():
    from assistant.answering.question import analyze_question

    cues = analyze_question("Thời hạn cung ứng là gì?").cues
    assert "defines:thời hạn cung ứng" in cues and "definition" in cues
    assert "time" not in cues and "duration" not in cues  # "thời hạn" is in the term: no deadline asked
    cues = analyze_question("Thế nào là khiếu nại?").cues
    assert "definition" in cues and "defines:khiếu nại" in cues
    assert not any(c.startswith("defines:") for c in analyze_question("Thời hạn giải quyết hồ sơ là bao lâu?").cues)


def test_the_answer_quotes_the_line_defining_the_term(sample_collection):
    from assistant.answering import answer
    from assistant.answering.passages import best_passage
    from assistant.answering.question import analyze_question
    from assistant.answering.terms import _terms
    from assistant.records import Chunk, Hit

    a = answer("Khái niệm số hóa", collection=sample_collection)
    assert a.citations and a.citations[0].article_id == "3"
    assert "Số hóa là việc chuyển đổi giấy tờ" in a.text.split("Ngoài ra")[0]
    # the unit defining the term asked is quoted, not one that shares more of the question's words
    text = ("Trong Luật này các từ ngữ dưới đây được hiểu như sau:\n"
            "1. *Khiếu nạ*i là việc công dân đề nghị cơ quan xem xét lại quyết định hành chính.\n"
            "3. *Rút khiếu nại* là việc người khiếu nại đề nghị chấm dứt khiếu nại của mình khi khiếu nại.")
    hit = Hit(chunk=Chunk(id="x", doc_id="l", law_id="l", article_id="2", text=text, citation="Điều 2",
                          article_title="Giải thích từ ngữ"), score=1.0, rank=1, scores={}, in_force=True)
    info = analyze_question("Thế nào là khiếu nại?")
    assert "Khiếu nạ*i là việc" in best_passage(hit, _terms(info.stem), info.cues).quote


def test_asked_term_reads_a_term_in_a_longer_or_unmarked_question():
    assert asked_term("cho tôi hỏi hộ kinh doanh là gì vậy") == "hộ kinh doanh"
    assert asked_term("Xin hỏi luật sư, chức việc là gì ạ?") == "chức việc"
    assert asked_term("Em chưa hiểu phù điêu là gì, mong được giải đáp") == "phù điêu"
    assert asked_term("Mình đang làm hồ sơ, không rõ hóa chất độc là gì ạ?") == "hóa chất độc"
    assert asked_term("Cho hỏi bản sao hợp lệ được hiểu như thế nào theo quy định hiện nay?") == "bản sao hợp lệ"
    assert asked_term("Pháp luật định nghĩa rút khỏi thỏa thuận quốc tế như thế nào?") == "rút khỏi thỏa thuận quốc tế"
    assert asked_term("Thuật ngữ bản sao lục có nghĩa là gì?") == "bản sao lục"
    assert asked_term("Thế nào là đơn xin việc?") == "đơn xin việc"  # "xin" in the term is no closing plea
    assert asked_term("the nao la de boi?") == "de boi"
    assert asked_term("Nguoi bi tam giu la gi?") == "nguoi bi tam giu"
    assert asked_term("nguoi lao dong co quyen gi?") is None
    assert asked_term("Tôi bị sa thải, vậy tôi có được bồi thường không?") is None


def test_defining_rows_finds_the_other_forms_of_a_term():
    from assistant.definitions import term_rows

    chunks = [
        _chunk("1. Ngạch sĩ quan tại ngũ là ngạch gồm những sĩ quan thuộc lực lượng thường trực.", "7", "1"),
        _chunk("9. Dịch vụ thư viện là các công việc mà thư viện tổ chức thực hiện.", "2", "9"),
        _chunk("14. Tổ chức kinh tế quy định tại Nghị định này là doanh nghiệp, hợp tác xã.", "3", "14"),
        _chunk("5. Mô hình số địa hình (Digital Terrain Model, viết tắt là DTM) là mô hình số độ cao.", "3", "5",
               doc_id="d2"),
        _chunk("5. *Tài sản nhà nước *là tài sản hình thành từ ngân sách nhà nước.", "3", "5", doc_id="d3"),
        _chunk("9. Chỉ số phát triển giới(GDI) là số liệu tổng hợp.", "5", "9", doc_id="d4"),
    ]
    lookup = defined_terms(chunks)
    assert lookup["tài sản nhà nước"] == [4]  # "*là": the mark before the copula
    assert term_rows("ngạch sĩ quan", lookup) == [0]  # the defined term has a modifier more
    assert term_rows("dịch vụ thư viện điện tử", lookup) == [1]  # a modifier less
    assert term_rows("tổ chức kinh tế", lookup) == [2]  # the scope the definition states
    assert term_rows("dtm", lookup) == [3] and term_rows("gdi", lookup) == [5]  # abbreviations
    assert term_rows("mo hinh so dia hinh", lookup) == [3]  # typed without marks
    assert defining_rows("Cho mình hỏi khái niệm tài sản nhà nước với ạ", lookup) == [4]
    assert term_rows("sĩ quan", lookup) == [] and term_rows("thư viện", lookup) == []
    # "X của Y" asks about Y's X, no kind of X: "Ngạch sĩ quan của lực lượng dự bị …" is not "ngạch sĩ quan tại ngũ";
    # a trailing scope ("… theo Luật …") is dropped before looking for longer terms
    assert term_rows("ngạch sĩ quan của lực lượng dự bị", lookup) == []
    assert term_rows("ngạch sĩ quan theo luật sĩ quan", lookup) == [0]


def test_variant_definition_questions_reach_the_definitions_article(sample_retriever):
    # each fails with the exact-match lookup (the sample's Nghị định 42/2024 and Luật 71/2023 definitions articles)
    for q, doc in (("Cho mình hỏi số hóa là gì vậy ạ?", "42/2024/NĐ-CP"),
                   ("Mã hồ sơ điện tử là gì?", "42/2024/NĐ-CP"),
                   ("Em chưa hiểu hồ sơ điện tử là gì, mong được giải đáp", "71/2023/QH15"),
                   ("Pháp luật định nghĩa cổng dịch vụ công quốc gia như thế nào?", "71/2023/QH15"),
                   ("the nao la so hoa?", "42/2024/NĐ-CP")):
        hit = sample_retriever.search(q, 1)[0]
        assert (hit.chunk.doc_number, hit.chunk.article_id) == (doc, "3"), q


def test_a_definition_answer_says_the_form_defined(sample_collection):
    from assistant.answering import answer

    a = answer("Mã hồ sơ điện tử là gì?", collection=sample_collection)
    first = a.text.split("Ngoài ra")[0]
    assert "Mã hồ sơ là dãy ký tự" in first
    assert "Văn bản định nghĩa “mã hồ sơ”, không định nghĩa riêng “mã hồ sơ điện tử”" in first
    a = answer("Cho mình hỏi số hóa là gì vậy ạ?", collection=sample_collection)
    assert "Số hóa là việc chuyển đổi giấy tờ" in a.text and "Văn bản định nghĩa" not in a.text


def test_definition_and_scope_notes():
    from assistant.definitions import definition_note, scope_note

    lines = ["Trong Luật này, các từ ngữ dưới đây được hiểu như sau:", "1. Ngạch sĩ quan tại ngũ là ngạch gồm …"]
    assert definition_note(lines, "ngạch sĩ quan") == (
        "Văn bản định nghĩa “ngạch sĩ quan tại ngũ”, không định nghĩa riêng “ngạch sĩ quan”.")
    assert definition_note(lines, "ngạch sĩ quan tại ngũ") is None
    assert definition_note(lines, "ngach si quan tai ngu") is None  # the term typed without marks
    assert definition_note(lines, "tố cáo") is None
    # two documents define the term: each definition holds within its own text
    assert scope_note([(1, "Luật số 49/2010/QH12"), (2, "Thông tư số 22/2015/TT-NHNN")]) == (
        "Mỗi định nghĩa chỉ áp dụng trong phạm vi văn bản của nó: [1] Luật số 49/2010/QH12; [2] Thông tư số "
        "22/2015/TT-NHNN.")
    assert scope_note([(1, "Luật số 49/2010/QH12")]) is None


def test_a_requirement_is_no_definition_but_a_compound_ending_like_a_modal_is():
    from assistant.definitions import line_term

    assert line_term("b) Chữ ký điện tử phải là chữ ký số được cấp bởi …") is None
    assert line_term("6. Sĩ quan hậu cần là sĩ quan đảm nhiệm công tác bảo đảm về vật chất …") == "sĩ quan hậu cần"
