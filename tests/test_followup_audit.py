"""Follow-up rewriting cases found by the 29/11 product audit (eval/reports/audit-1129.md)."""

from __future__ import annotations

from assistant.answering.followup import rewrite_followup


def test_followup_after_a_where_question_keeps_its_subject() -> None:
    # the where-cue ("đăng ký … đâu") used to take the whole previous question as scaffolding: no subject carried
    assert rewrite_followup("Còn người nước ngoài thì sao?", [("Đăng ký tạm trú ở đâu?", "…")]) == (
        "Đăng ký tạm trú đối với người nước ngoài ở đâu?")
    assert "phiếu lý lịch tư pháp" in rewrite_followup("mất bao lâu", [("xin phiếu lý lịch tư pháp ở đâu", "…")])
    assert "đăng ký khai sinh" in rewrite_followup("Hồ sơ gồm những gì?", [("Đăng ký khai sinh tại đâu?", "…")])


def test_condition_goes_before_the_ask_with_its_preposition_and_in_lower_case() -> None:
    # "ở / tại" before "những … nào" stays with what is asked; a connector starting the follow-up is not capitalised
    # in the middle of the question
    prev = [("Cấm hút thuốc lá ở những địa điểm nào?", "…")]
    assert rewrite_followup("Còn trường hợp trong nhà hàng thì sao?", prev) == (
        "Cấm hút thuốc lá đối với trường hợp trong nhà hàng ở những địa điểm nào?")
    prev = [("Thời hạn giải quyết khiếu nại lần hai là bao lâu?", "…")]
    assert rewrite_followup("Ở vùng sâu vùng xa thì sao?", prev) == (
        "Thời hạn giải quyết khiếu nại lần hai ở vùng sâu vùng xa là bao lâu?")
