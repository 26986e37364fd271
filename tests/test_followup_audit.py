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


# ---- h-follow: the bugs the audit saw and did not fix (audit-1129.md, "Lỗi thấy nhưng chưa sửa" 1–3)

def test_leading_con_of_an_unaccented_followup_is_con_with_a_grave() -> None:
    # "thu tuc dang ky thuong tru gom nhung giay to gi" → "con truong hop o nha thue thi sao": the restored follow-up
    # starts "con trường hợp …" (restore_marks has no history); in a conversation this "con" is "còn"
    prev = [("thủ tục đăng ký thường trú gồm những giấy tờ gì", "…")]
    out = rewrite_followup("con trường hợp ở nhà thuê thì sao", prev)
    assert out == "thủ tục đăng ký thường trú đối với trường hợp ở nhà thuê gồm những giấy tờ gì"
    assert "con trường hợp" not in out
    assert "con" not in rewrite_followup("con nếu ở nhà thuê thì sao", prev).split()
    # "con neu …" is restored "con nêu …" without context: "còn nếu …", a condition added to the previous question
    prev = [("thời hạn giải quyết khiếu nại lần đầu là bao lâu", "…")]
    assert rewrite_followup("con nêu ở vùng sâu vùng xa thì sao", prev) == (
        "thời hạn giải quyết khiếu nại lần đầu nếu ở vùng sâu vùng xa là bao lâu")
    # "con X" that is a word of its own stays: "con nuôi", "con chưa thành niên"
    assert rewrite_followup("con nuôi thì sao", [("Ai được hưởng thừa kế?", "…")]) != (
        rewrite_followup("còn nuôi thì sao", [("Ai được hưởng thừa kế?", "…")]))
    # no history: unchanged as before
    assert rewrite_followup("con trường hợp ở nhà thuê thì sao", []) == "con trường hợp ở nhà thuê thì sao"


def test_medium_followup_without_a_subject_of_its_own_takes_the_previous_one() -> None:
    assert rewrite_followup("Những trường hợp nào được tạm hoãn?", [("Độ tuổi gọi nhập ngũ là bao nhiêu?", "…")]) == (
        "Những trường hợp nào được tạm hoãn gọi nhập ngũ?")
    assert rewrite_followup("Văn bản nào hướng dẫn thi hành?", [("Luật Cư trú năm 2020 còn hiệu lực không?", "…")]) == (
        "Văn bản nào hướng dẫn thi hành Luật Cư trú năm 2020?")  # (the name's capitals kept: h-ans11)


def test_a_new_self_contained_question_in_a_conversation_is_not_rewritten() -> None:
    cases = [
        ("Đăng ký tạm trú ở đâu?", "Thời hạn cấp giấy phép lái xe là bao lâu?"),
        ("Đăng ký tạm trú ở đâu?", "Điều kiện kết hôn theo quy định pháp luật là gì?"),
        ("Đăng ký tạm trú ở đâu?", "Hồ sơ xin cấp hộ chiếu gồm những gì?"),
        ("Đăng ký tạm trú ở đâu?", "Ai có thẩm quyền cấp căn cước công dân?"),
        ("Đăng ký tạm trú ở đâu?", "Tuổi nghỉ hưu của người lao động là bao nhiêu?"),
        ("Độ tuổi gọi nhập ngũ là bao nhiêu?", "Mức phạt vượt đèn đỏ là bao nhiêu?"),
        ("Độ tuổi gọi nhập ngũ là bao nhiêu?", "Những trường hợp nào được miễn nghĩa vụ quân sự?"),
        ("Luật Cư trú năm 2020 còn hiệu lực không?", "Văn bản nào quy định về đăng ký kết hôn?"),
        ("Thông tư 05/2019/TT-VPCP còn hiệu lực không?", "Thủ tục đăng ký khai sinh cho trẻ em gồm những gì?"),
    ]
    for prev, q in cases:
        assert rewrite_followup(q, [(prev, "…")]) == q, (prev, q)


def test_a_document_number_is_kept_as_written_in_a_rewrite() -> None:
    out = rewrite_followup("Văn bản nào thay thế?", [("Thông tư 05/2019/TT-VPCP còn hiệu lực không?", "…")])
    assert out == "Văn bản nào thay thế Thông tư 05/2019/TT-VPCP?"  # (the name's capital kept: h-ans11)
    out = rewrite_followup("Văn bản nào sửa đổi?", [("Nghị định 126/2014/NĐ-CP còn hiệu lực không?", "…")])
    assert "126/2014/NĐ-CP" in out and "126 2014" not in out
    # only the validity asked ("còn hiệu lực không?") leaves the carried subject; "có hiệu lực pháp luật" is matter
    out = rewrite_followup("Ai có quyền kháng nghị?", [("Bản án có hiệu lực pháp luật khi nào?", "…")])
    assert out == "Ai có quyền kháng nghị bản án hiệu lực pháp luật?"
