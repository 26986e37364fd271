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


def _art(text, article_id, title, doc_id="d1", clause=None):
    return SimpleNamespace(text=text, article_id=article_id, clause=clause, doc_id=doc_id, article_title=title)


def test_the_lookup_holds_defined_terms_not_function_words_values_or_conditions():
    # lines "<head> là …" that define nothing, outside a definitions article: an aspect / degree word, a value, a
    # condition with its consequence, a list item of conditions, a relative clause in the head
    rule = _art("1. Đã là thẩm phán, kiểm sát viên, điều tra viên.\n"
                "2. Đồng thời là đương sự, người đại diện của đương sự;\n"
                "3. Chậm nhất là 02 ngày làm việc kể từ ngày kết thúc cuộc đấu giá, tổ chức đấu giá gửi kết quả.\n"
                "4. Trường hợp tài sản bảo đảm là tàu bay mà có căn cứ thì thực hiện xóa đăng ký.\n"
                "c) Đối với phụ nữ mà biết là có thai;\n"
                "h) Được công nhận là chiến sĩ thi đua cơ sở;\n"
                "5. Thời hiệu khiếu nại là 06 tháng, kể từ ngày nhận được quyết định.", "9", "Tiêu chuẩn")
    # a term defined in the opening khoản of another article stays (define26: "Hội Cựu chiến binh Việt Nam")
    org = _art("1. Hội Cựu chiến binh Việt Nam là tổ chức chính trị - xã hội.", "3", "Tổ chức của Hội", doc_id="d2")
    # in a definitions article a term may open with such a word, or be given as a value
    defs = _art("Trong Luật này, các từ ngữ dưới đây được hiểu như sau:\n"
                "1. Chưa cho nhập cảnh là việc cơ quan có thẩm quyền quyết định không cho phép người nước ngoài "
                "nhập cảnh.\n"
                "7. Trường hợp bất khả kháng là tình huống khách quan không thể lường trước.\n"
                "9. Độ tuổi lao động tối thiểu là đủ 15 tuổi.\n"
                "10. Trường hợp họ tự nhận mình là người được trợ giúp pháp lý thì cơ quan tiến hành tố tụng thông "
                "báo.", "2", "Giải thích từ ngữ", doc_id="d3")
    lookup = defined_terms([rule, org, defs])
    for t in ("đã", "đồng thời", "chậm nhất", "trường hợp tài sản bảo đảm", "đối với phụ nữ mà biết",
              "được công nhận", "thời hiệu khiếu nại", "trường hợp họ tự nhận mình"):
        assert t not in lookup, t
    assert lookup["hội cựu chiến binh việt nam"] == [1]
    assert lookup["chưa cho nhập cảnh"] == [2] and lookup["trường hợp bất khả kháng"] == [2]
    assert lookup["độ tuổi lao động tối thiểu"] == [2]


def test_scope_words_are_what_a_definition_question_adds_to_its_term():
    from assistant.definitions import scope_match, scope_words

    assert scope_words("Trong lĩnh vực ngân hàng, người thu hộ là gì?", "người thu hộ") >= {"ngân hàng"}
    q = "Cho hỏi bản sao hợp lệ được hiểu như thế nào theo quy định hiện nay?"
    assert scope_words(q, "bản sao hợp lệ") == set()
    assert scope_words("nguoi thu ho trong thanh toan sec la gi", "nguoi thu ho") == {"thanh toan", "toan sec"}
    assert scope_match({"ngân hàng"}, "Ngân hàng, tiền tệ › Các công cụ chuyển nhượng") == 1
    assert scope_match({"thanh toan"}, "Thanh toán séc") == 1  # unmarked against marked
    assert scope_match(set(), "Ngân hàng") == 0


def _definer(doc_type, number, title, start, end=None, path=("",)):
    from datetime import date as d

    from assistant.records import Validity

    from assistant.records import Chunk

    return Chunk(id=number, doc_id=number, law_id=number, article_id="2", text="", citation="Điều 2",
                 doc_type=doc_type, doc_number=number, article_title=title, heading_path=list(path), validity=Validity(
                               effective_from=d(*start), effective_to=d(*end) if end else None))


def test_which_definition_comes_first_when_several_texts_define_the_term():
    from datetime import date

    from assistant.definitions import definer_precedence

    today = date(2026, 11, 30)
    law = _definer("Luật", "49/2005/QH11", "Giải thích từ ngữ", (2006, 7, 1))
    circular = _definer("Thông tư", "22/2015/TT-NHNN", "Giải thích từ ngữ", (2016, 1, 1))
    decree_old = _definer("Nghị định", "91/2016/NĐ-CP", "Giải thích từ ngữ", (2016, 7, 1))
    decree_new = _definer("Nghị định", "88/2020/NĐ-CP", "Giải thích từ ngữ", (2020, 9, 15))
    decree_gone = _definer("Nghị định", "10/2021/NĐ-CP", "Giải thích từ ngữ", (2021, 3, 1), end=(2024, 1, 1))
    passing = _definer("Bộ luật", "92/2015/QH13", "Chi phí giám định", (2016, 7, 1))
    ordinance = _definer("Pháp lệnh", "02/2012/UBTVQH13", "Giải thích từ ngữ", (2013, 1, 1))

    def order(*cs, scope=None, named=()):
        scope = scope or {}
        return sorted(cs, key=lambda c: definer_precedence(c, scope.get(c.doc_number, 0), c.doc_number in named,
                                                           today))

    assert order(circular, law) == [law, circular]  # (c) legal force: Luật before Thông tư
    assert order(law, circular, named={"22/2015/TT-NHNN"}) == [circular, law]  # (a) the document named
    assert order(law, circular, scope={"22/2015/TT-NHNN": 1}) == [circular, law]  # (b) its scope asked
    assert order(decree_old, decree_gone, decree_new) == [decree_new, decree_old, decree_gone]  # (d) newer in force
    # a definitions article's khoản before a rule stating the term in passing, whatever the force
    assert order(passing, ordinance) == [ordinance, passing]


def test_the_definer_precedence_decides_before_the_served_order():
    rows, keys = [10, 11, 12, 13], ["a", "b", "c", "d"]
    definers = [(99, "c", 0.9), (98, "d", 0.1)]
    assert definers_first(rows, keys, set(), definers) == [99, 98, 10, 11]
    assert definers_first(rows, keys, set(), definers, precedence={99: (1,), 98: (0,)}) == [98, 99, 10, 11]


def test_several_definers_in_the_pháp_điển_come_by_definitions_article_and_force(phapdien_served):
    # define28: the Thông tư of the Cảnh sát biển defines "kiểm tra" in its definitions article, another Thông tư in
    # a rule on what an inspection covers; the Nghị định defines "thủ tục biên phòng …" (three forms), two Quyết định
    # of the Thủ tướng one each
    hit = phapdien_served.search("Định nghĩa của kiểm tra trong luật là gì?", 1)[0]
    assert hit.chunk.doc_number == "15/2019/TT-BQP"
    hit = phapdien_served.search("Thế nào là thủ tục biên phòng?", 1)[0]
    assert hit.chunk.doc_number == "77/2017/NĐ-CP"
    # named: its own definition
    hit = phapdien_served.search("Theo Thông tư số 22/2015/TT-NHNN, người ký phát là gì?", 1)[0]
    assert hit.chunk.doc_number == "22/2015/TT-NHNN"


def test_bullet_lines_are_stored_without_their_list_marker():
    # "- Dịch vụ KT1 Hỏa tốc là …": the dash (or "+", "•", "–", "a) -") is a list marker, not part of the term; kept
    # in the key, no question could reach the line (h-small)
    defs = _art("Trong Quyết định này, các từ ngữ dưới đây được hiểu như sau:\n"
                "- Dịch vụ KT1 Hỏa tốc là dịch vụ chuyển phát bưu gửi trong ngày.\n"
                "+ Bưu gửi là thư, gói, kiện hàng hóa được chấp nhận, vận chuyển.\n"
                "• Người gửi là tổ chức, cá nhân có bưu gửi.\n"
                "a) - Cước dịch vụ là số tiền người gửi trả.", "2", "Giải thích từ ngữ")
    lookup = defined_terms([defs])
    for t in ("dịch vụ kt1 hỏa tốc", "bưu gửi", "người gửi", "cước dịch vụ"):
        assert lookup.get(t) == [0], t
    assert not any(k[:1] in "-+•–" for k in lookup)
    assert defining_rows("Dịch vụ KT1 Hỏa tốc là gì?", lookup) == [0]
