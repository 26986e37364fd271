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
