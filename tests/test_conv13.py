"""Multi-turn conversations (helper h-conv13, 30/11): officials' follow-ups over the sample corpus and Pháp điển.

Found by running 27 conversations through the pipeline (the history keeps each turn's standalone question, as
``Conversations`` does): a guiding decree asked after a question dropped the aspect asked ("Còn nghị định hướng dẫn
thì sao?" after a thời hiệu question → "Nghị định hướng dẫn khiếu nại?"); follow-ups of a validity question took the
law's name as a case ("Luật Cư trú còn hiệu lực đối với điều 5 không?"); a document's name lost its words to the
scaffolding ("Luật Tiếp nhận và giải quyết hành chính trên …", then refused as a law not held); pronouns ("Nó …",
"Văn bản đó …", "Họ …"), "Có hiệu lực từ khi nào?", "Vi phạm thì bị phạt bao nhiêu?" and "Trường hợp … thì sao?" of more
than eight syllables stood alone; a fine asked where the collection holds no sanctioning decree was refused without
saying so."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import answering as A
from assistant.answering.followup import is_followup, rewrite_followup

AS_OF = date(2026, 11, 30)


def _chain(turns: list[str], rewrite=rewrite_followup) -> list[str]:  # noqa: ANN001
    """The standalone question of each turn, the history keeping the standalone ones (as ``Conversations`` does)."""
    hist: list[tuple[str, str]] = []
    out = []
    for q in turns:
        s = rewrite(q, hist)
        hist.append((s, "…"))
        out.append(s)
    return out


# ---- rewriting (no index)

def test_a_guiding_decree_asked_keeps_the_matter_and_the_aspect() -> None:
    cases = [
        ("Thời hiệu khiếu nại là bao lâu?", "Còn nghị định hướng dẫn thì sao?",
         "Thời hiệu khiếu nại theo nghị định hướng dẫn là bao lâu?"),
        ("Thời hạn cấp bản sao điện tử từ sổ gốc là bao lâu?", "Còn nghị định hướng dẫn thì sao?",
         "Thời hạn cấp bản sao điện tử từ sổ gốc theo nghị định hướng dẫn là bao lâu?"),
        ("Hồ sơ đăng ký khai sinh gồm những gì?", "Thông tư hướng dẫn thì sao?",
         "Hồ sơ đăng ký khai sinh theo thông tư hướng dẫn gồm những gì?"),
        ("Thời hiệu xử lý kỷ luật đối với cán bộ, công chức là bao lâu?", "Còn văn bản hướng dẫn thì sao?",
         "Thời hiệu xử lý kỷ luật đối với cán bộ, công chức theo văn bản hướng dẫn là bao lâu?"),
        # the previous question is about a document: the text guiding it, asked the same
        ("Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử có hiệu lực từ ngày nào?",
         "Còn nghị định hướng dẫn thì sao?",
         "Nghị định hướng dẫn Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử có hiệu lực từ "
         "ngày nào?"),
        ("Luật Cư trú năm 2020 còn hiệu lực không?", "Còn nghị định hướng dẫn thì sao?",
         "Nghị định hướng dẫn Luật Cư trú năm 2020 còn hiệu lực không?"),
    ]
    for prev, q, want in cases:
        assert rewrite_followup(q, [(prev, "…")]) == want, (prev, q)


def test_another_kind_of_guiding_text_replaces_the_one_asked() -> None:
    assert _chain(["Thời hạn cấp bản sao điện tử từ sổ gốc là bao lâu?", "Còn nghị định hướng dẫn thì sao?",
                   "Thế còn thông tư hướng dẫn?"])[-1] == (
        "Thời hạn cấp bản sao điện tử từ sổ gốc theo thông tư hướng dẫn là bao lâu?")


def test_followups_of_a_validity_question_keep_the_document_as_subject() -> None:
    assert _chain(["Thông tư 05/2019/TT-VPCP còn hiệu lực không?", "Thế còn điều 5?", "Khi nào hết hiệu lực?"]) == [
        "Thông tư 05/2019/TT-VPCP còn hiệu lực không?",
        "Điều 5 Thông tư 05/2019/TT-VPCP còn hiệu lực không?",
        "Điều 5 Thông tư 05/2019/TT-VPCP khi nào hết hiệu lực?"]
    assert _chain(["Luật Cư trú còn hiệu lực không?", "Khi nào hết hiệu lực?"])[-1] == (
        "Luật Cư trú khi nào hết hiệu lực?")
    assert _chain(["Luật 71/2023/QH15 còn hiệu lực không?", "Còn khoản 2 Điều 18 thì sao?"])[-1] == (
        "Khoản 2 Điều 18 Luật 71/2023/QH15 còn hiệu lực không?")
    assert _chain(["Quyết định 1234/QĐ-UBND quy định những gì?", "Có hiệu lực từ khi nào?"])[-1] == (
        "Quyết định 1234/QĐ-UBND có hiệu lực từ khi nào?")


def test_a_document_name_is_carried_whole() -> None:
    """"thủ tục" is the dossier cue and was taken out of "Luật Tiếp nhận và giải quyết thủ tục hành chính …"."""
    out = rewrite_followup("Văn bản nào hướng dẫn thi hành?", [
        ("Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử có hiệu lực từ ngày nào?", "…")])
    assert "Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử" in out, out
    out = rewrite_followup("Còn thời hạn thì sao?", [("Hồ sơ giải quyết thủ tục hành chính trên môi trường điện tử "
                                                      "gồm những gì?", "…")])
    assert "thủ tục hành chính" in out, out


def test_pronouns_and_demonstratives_stand_for_the_previous_subject() -> None:
    assert _chain(["Nghị định 42/2024/NĐ-CP quy định những gì?", "Nó được sửa đổi bởi văn bản nào?"])[-1] == (
        "Nghị định 42/2024/NĐ-CP được sửa đổi bởi văn bản nào?")
    assert _chain(["Thông tư 05/2019/TT-VPCP còn hiệu lực không?", "Văn bản đó do cơ quan nào ban hành?"])[-1] == (
        "Thông tư 05/2019/TT-VPCP do cơ quan nào ban hành?")
    assert _chain(["Người lao động được nghỉ hằng năm bao nhiêu ngày?", "Họ có được hưởng nguyên lương không?"])[-1] == (
        "Người lao động nghỉ hằng năm có được hưởng nguyên lương không?")
    assert _chain(["Thủ tục đăng ký tạm trú gồm những bước nào?", "Thủ tục này mất bao lâu?"])[-1] == (
        "Thủ tục đăng ký tạm trú mất bao lâu?")


def test_short_asks_without_a_matter_of_their_own_are_followups() -> None:
    prev = [("Các hành vi bị nghiêm cấm khi giải quyết thủ tục hành chính trên môi trường điện tử là gì?", "…")]
    for q in ["Có hiệu lực từ khi nào?", "Vi phạm thì bị phạt bao nhiêu?", "Được gia hạn mấy lần?",
              "Trường hợp nộp ngoài giờ hành chính thì sao?"]:
        assert is_followup(q), q
    out = rewrite_followup("Vi phạm thì bị phạt bao nhiêu?", prev)
    assert "nghiêm cấm" in out and "phạt bao nhiêu" in out, out


def test_a_case_asked_after_a_question_goes_into_it_once() -> None:
    turns = ["Thời điểm tiếp nhận hồ sơ trực tuyến được xác định thế nào?",
             "Trường hợp nộp ngoài giờ hành chính thì sao?", "Còn ngày nghỉ lễ thì sao?"]
    out = _chain(turns)
    assert out[1] == "Thời điểm tiếp nhận hồ sơ trực tuyến được xác định đối với trường hợp nộp ngoài giờ hành chính thế nào?"
    assert "thì sao" not in out[2] and "ngày nghỉ lễ" in out[2], out[2]


def test_who_signs_the_decision_asks_of_the_previous_matter() -> None:
    """"Ai ký quyết định?" names no matter of its own: "quyết định" is the decision of the matter under way (the
    complaint settled) or the document just named."""
    assert is_followup("Ai ký quyết định?")
    assert rewrite_followup("Ai ký quyết định?", [("Thời hạn giải quyết khiếu nại lần hai là bao lâu?", "…")]) == (
        "Ai ký quyết định giải quyết khiếu nại lần hai?")
    assert rewrite_followup("Ai ký quyết định?", [("Quyết định 1234/QĐ-UBND quy định những gì?", "…")]) == (
        "Ai ký Quyết định 1234/QĐ-UBND?")
    # with no conversation, or naming its own decision, it stands alone
    assert rewrite_followup("Ai ký quyết định?", []) == "Ai ký quyết định?"
    assert not is_followup("Ai ký quyết định xử phạt vi phạm hành chính?")


def test_a_new_question_in_a_conversation_stands_alone() -> None:
    prev = [("Phí cấp bản sao điện tử từ sổ gốc là bao nhiêu?", "…")]
    for q in ["Mã hồ sơ có cấu trúc như thế nào?", "Thời hạn sử dụng đất nông nghiệp là bao lâu?",
              "Điều kiện đăng ký thường trú là gì?", "Ai cấp hộ chiếu?"]:
        assert rewrite_followup(q, prev) == q, q


def test_another_act_or_group_before_a_shared_phrase_replaces_the_one_asked() -> None:
    """"Còn miễn gọi nhập ngũ thì sao?" read "Miễn gọi nhập ngũ tạm hoãn gọi nhập ngũ?"; "Còn viên chức thì sao?" after
    "Công chức bị kỷ luật …" read "Công chức bị kỷ luật bằng đối với viên chức những hình thức nào?"."""
    cases = [
        ("Những trường hợp nào được tạm hoãn gọi nhập ngũ?", "Còn miễn gọi nhập ngũ thì sao?",
         "Những trường hợp nào được miễn gọi nhập ngũ?"),
        ("Hồ sơ cấp đổi giấy phép lái xe gồm những gì?", "Còn cấp lại giấy phép lái xe thì sao?",
         "Hồ sơ cấp lại giấy phép lái xe gồm những gì?"),
        ("Công chức bị kỷ luật bằng những hình thức nào?", "Còn viên chức thì sao?",
         "Viên chức bị kỷ luật bằng những hình thức nào?"),
        ("Thời hạn giải quyết khiếu nại lần đầu là bao lâu?", "Còn tố cáo thì sao?",
         "Thời hạn giải quyết tố cáo lần đầu là bao lâu?"),
    ]
    for prev, q, want in cases:
        assert rewrite_followup(q, [(prev, "…")]) == want, (prev, q)


# ---- the sample corpus (CI)

def _ask(turns: list[str], collection: str, retriever):  # noqa: ANN001, ANN202
    hist: list[tuple[str, str]] = []
    out = []
    for q in turns:
        ans = A.answer(q, collection=collection, retriever=retriever, history=hist, as_of=AS_OF)
        hist.append((ans.standalone_query or q, ans.text))
        out.append(ans)
    return out


def test_sample_guiding_decree_of_a_deadline_cites_the_decree(sample_retriever) -> None:  # noqa: ANN001
    a = _ask(["Thời hạn giải quyết thủ tục hành chính trên môi trường điện tử là bao lâu?",
              "Còn nghị định hướng dẫn thì sao?"], "sample", sample_retriever)[-1]
    assert not a.refused, a.text
    assert "Nghị định 42/2024/NĐ-CP" in a.citations[0].citation, [c.citation for c in a.citations]


def test_sample_guiding_decree_of_a_law_in_force(sample_retriever) -> None:  # noqa: ANN001
    a = _ask(["Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử có hiệu lực từ ngày nào?",
              "Còn nghị định hướng dẫn thì sao?"], "sample", sample_retriever)[-1]
    assert not a.refused, a.text
    assert "Điều 14 Nghị định 42/2024/NĐ-CP" in a.citations[0].citation, [c.citation for c in a.citations]
    assert "Nghị định 42/2024/NĐ-CP đang có hiệu lực (từ ngày 01/07/2024)" in a.text, a.text


def test_sample_validity_followups(sample_retriever) -> None:  # noqa: ANN001
    ans = _ask(["Thông tư 05/2019/TT-VPCP còn hiệu lực không?", "Thế còn điều 5?", "Khi nào hết hiệu lực?"],
               "sample", sample_retriever)
    for a in ans:
        assert not a.refused and "hết hiệu lực từ ngày 01/08/2024" in a.text, (a.standalone_query, a.text)
    law = _ask(["Luật 71/2023/QH15 còn hiệu lực không?", "Khi nào hết hiệu lực?"], "sample", sample_retriever)[-1]
    assert not law.refused and "đang có hiệu lực" in law.text, (law.standalone_query, law.text)


def test_sample_who_signed_a_decision_held(sample_retriever) -> None:  # noqa: ANN001
    a = _ask(["Quyết định 1234/QĐ-UBND có hiệu lực từ khi nào?", "Ai ký quyết định?"], "sample", sample_retriever)[-1]
    assert a.standalone_query == "Ai ký Quyết định 1234/QĐ-UBND?"
    assert not a.refused, a.text
    assert "do Ủy ban nhân dân tỉnh Quảng Ninh ban hành ngày 12/08/2024" in a.text, a.text
    assert "không lưu phần chữ ký" in a.text, a.text


def test_sample_what_a_document_covers_then_who_signed_it(sample_retriever) -> None:  # noqa: ANN001
    """"Quyết định 1234/QĐ-UBND quy định những gì?" was refused (few words shared with any provision) and "Nghị định
    42/2024/NĐ-CP quy định những gì?" answered with the decree amending it: its "Phạm vi điều chỉnh" answers."""
    ans = _ask(["Quyết định 1234/QĐ-UBND quy định những gì?", "Ai ký quyết định?"], "sample", sample_retriever)
    assert not ans[0].refused and ans[0].citations[0].citation.endswith("Điều 1 Quyết định 1234/QĐ-UBND"), ans[0].text
    assert ans[1].standalone_query == "Ai ký Quyết định 1234/QĐ-UBND?" and not ans[1].refused, ans[1].text
    a = _ask(["Nghị định 42/2024/NĐ-CP quy định những gì?"], "sample", sample_retriever)[0]
    assert a.citations[0].citation == "Điều 1 Nghị định 42/2024/NĐ-CP", a.text


def test_sample_a_fine_asked_says_no_sanctioning_decree_is_held(sample_retriever) -> None:  # noqa: ANN001
    a = _ask(["Các hành vi bị nghiêm cấm khi giải quyết thủ tục hành chính trên môi trường điện tử là gì?",
              "Vi phạm thì bị phạt bao nhiêu?"], "sample", sample_retriever)[-1]
    assert a.refused and "nghị định quy định xử phạt vi phạm hành chính" in a.text, a.text
    assert a.suggestions, a.text


def test_sample_pronoun_after_a_decree(sample_retriever) -> None:  # noqa: ANN001
    a = _ask(["Nghị định 42/2024/NĐ-CP quy định những gì?", "Nó được sửa đổi bởi văn bản nào?"], "sample",
             sample_retriever)[-1]
    assert a.standalone_query == "Nghị định 42/2024/NĐ-CP được sửa đổi bởi văn bản nào?"
    assert not a.refused and "87/2025/NĐ-CP" in a.text, a.text


# ---- Pháp điển (skipped where the index is absent)

def test_phapdien_guiding_decree_of_a_complaint_time_limit(phapdien_served) -> None:  # noqa: ANN001
    a = _ask(["Thời hiệu khiếu nại là bao lâu?", "Còn nghị định hướng dẫn thì sao?"], "phapdien", phapdien_served)[-1]
    assert a.standalone_query == "Thời hiệu khiếu nại theo nghị định hướng dẫn là bao lâu?"
    assert "thời hiệu" in a.text.lower(), a.text
    cited = [c.citation for c in a.citations]
    # a Nghị định's provision cited first, or the answer says none was found
    assert "Nghị định" in cited[0] or "Không tìm thấy quy định của nghị định hướng dẫn" in a.text, (cited, a.text)


def test_phapdien_traffic_fine_refusal_names_the_missing_decree(phapdien_served) -> None:  # noqa: ANN001
    for turns in (["Vượt đèn đỏ bị phạt bao nhiêu?"],
                  ["Mức phạt đối với người điều khiển xe máy không đội mũ bảo hiểm là bao nhiêu?"]):
        a = _ask(turns, "phapdien", phapdien_served)[-1]
        assert a.refused, a.text
        assert "nghị định quy định xử phạt vi phạm hành chính" in a.text, a.text


def test_phapdien_validity_followup_of_a_law(phapdien_served) -> None:  # noqa: ANN001
    ans = _ask(["Luật Cư trú còn hiệu lực không?", "Thế còn điều 5?"], "phapdien", phapdien_served)
    assert ans[-1].standalone_query == "Điều 5 Luật Cư trú còn hiệu lực không?"
    assert "Cư trú" in ans[-1].text, ans[-1].text


def test_phapdien_who_signs_the_complaint_decision(phapdien_served) -> None:  # noqa: ANN001
    a = _ask(["Thời hạn giải quyết khiếu nại lần đầu là bao lâu?", "Còn lần hai thì sao?", "Ai ký quyết định?"],
             "phapdien", phapdien_served)[-1]
    assert a.standalone_query == "Ai ký quyết định giải quyết khiếu nại lần hai?"
    assert not a.refused and "Luật Khiếu nại" in a.text, a.text


def test_a_sum_stated_makes_the_crime_article_answer_a_fine_question() -> None:
    """"Đánh bạc … 10 triệu đồng thì bị phạt bao nhiêu?": the crime article retrieved sets its threshold in money
    ("trị giá từ 5.000.000 đồng"), so the sum asked makes the act a crime and that article answers: no sanction gap.
    Without a sum ("Đánh bạc thì bị phạt bao nhiêu?") the fine asked is still the administrative one, not held."""
    from assistant.answering.scope import sanction_gap
    from assistant.records import Chunk, Hit

    crime = Chunk(id="hs#321/k1", doc_id="hs", law_id="hinh-su.md", article_id="321", clause="1",
                  article_title="Tội đánh bạc", citation="Khoản 1 Điều 321 Bộ luật Hình sự",
                  text="1. Người nào đánh bạc trái phép dưới bất kỳ hình thức nào được thua bằng tiền hay hiện vật "
                       "trị giá từ 5.000.000 đồng đến dưới 50.000.000 đồng … thì bị phạt tiền từ 20.000.000 đồng đến "
                       "100.000.000 đồng, phạt cải tạo không giam giữ đến 03 năm hoặc phạt tù từ 06 tháng đến 03 năm.")
    hits = [Hit(chunk=crime, score=1.0, rank=1)]
    assert sanction_gap("Đánh bạc được thua bằng tiền 10 triệu đồng thì bị phạt bao nhiêu?", hits) is None
    assert sanction_gap("Đánh bạc thì bị phạt bao nhiêu?", hits) is not None


def test_phapdien_gambling_sum_is_answered_by_the_crime_article(phapdien_served) -> None:  # noqa: ANN001
    a = _ask(["Đánh bạc được thua bằng tiền 10 triệu đồng thì bị phạt bao nhiêu?"], "phapdien", phapdien_served)[-1]
    assert not a.refused, a.text
    assert a.citations[0].citation.startswith("Khoản 1 Điều 321 Bộ luật Hình sự"), a.text
