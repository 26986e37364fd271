"""Conflict checker: phrasings from the blind dev5 set (handbook/Q&A retellings, provincial decisions) that the
checker of 27/11 morning missed — each test uses the labelled pair itself (eval/data/conflicts/dev5.jsonl)."""

from __future__ import annotations

import pytest

from assistant import conflicts as C
from assistant.conflicts import analyze, check_pair, decide_prevails
from conflict_sets import pair


def _check(pair_id: str):
    r = pair(pair_id)
    return r, check_pair(r["a"], r["b"])


def _needs_encoder() -> None:
    if C.semantic._clause_encoder() is None:
        pytest.skip("no local e5 encoder: the meaning check is off")


def _q(text: str) -> list[tuple[float, str, str]]:
    return [(q.lo, q.bound, q.cat) for q in analyze(text).quantities]


def test_numbers_told_in_plain_words():
    # speed in everyday words, with its limit word ("nhanh nhất" = at most)
    assert _q("người đi xe máy chỉ được chạy nhanh nhất bốn mươi cây số một giờ") == [(40.0, "max", "speed")]
    assert _q("xe máy đi tối đa năm mươi cây số/giờ") == [(50.0, "max", "speed")]
    # fractions of a value are percentages; "quá nửa" is more than half
    assert _q("được trả mỗi tháng bằng ba phần tư tiền lương bình quân") == [(75.0, "eq", "percent")]
    assert _q("chỉ phải trả tối đa một nửa giá trị hợp đồng") == [(50.0, "max", "percent")]
    assert _q("khi tòa nhà đã bàn giao quá nửa số căn hộ") == [(50.0, "min", "percent")]
    assert _q("nghỉ nửa tháng") == [(15.0, "eq", "duration")]  # half a month is a duration (15 days), not a share
    # "chính" is a word, not "chín" + a unit: the fine is up to ten million, not a range from nine
    assert _q("Chủ tịch UBND xã được ra quyết định phạt tiền người vi phạm hành chính tới mười triệu đồng.") == [
        (10e6, "max", "money")]
    # an age after the word "tuổi"; "chỉ cần giữ N" is what is required at least
    assert _q("phải đi đổi thẻ căn cước khi bước sang tuổi mười lăm") == [(15.0, "min", "age")]
    assert _q("hóa đơn chỉ cần giữ năm năm") == [(1800.0, "min", "duration")]


def test_handbook_and_leaflet_are_not_legal_documents_even_with_a_placeholder_number():
    r = pair("D5-014")  # "Tài liệu tuyên truyền", number "Văn bản hướng dẫn (không rõ số hiệu)"
    law, leaflet = r["a"], r["b"]
    assert C.retelling._plain_retelling(leaflet) and not C.retelling._plain_retelling(law)
    prevails, rule, _notes = decide_prevails(law, leaflet)
    assert prevails == "a" and rule.startswith(C.RULE_NON_NORMATIVE)
    sotay = pair("D5-033")["b"]  # "Sổ tay"
    assert C.retelling._plain_retelling(sotay)


def test_local_decision_restating_a_central_value_in_other_units_is_compared_by_meaning():
    _needs_encoder()
    # "không quá 03 héc ta" (Luật Đất đai) vs a provincial "không quá 50.000 m2": the same limit, another value
    r, c = _check("D5-005")
    assert c.label == "conflict" and c.kind == "numeric" and c.prevails == "a"
    assert r["b"].text[c.spans_b[0][0] : c.spans_b[0][1]] == "50.000 m2"
    # the same decision with 30.000 m2 (= 3 ha) agrees
    assert _check("D5-034")[1].label == "no_conflict"
    # a long passage told in other words is not a swapped template slot ("có hiệu lực" / "do Ban Quản lý … cấp có
    # giá trị sử dụng … kể từ ngày ký")
    assert _check("D5-002")[1].label == "conflict"


def test_condition_told_only_by_the_retelling_sets_the_scene():
    _needs_encoder()
    # Q&A: "Khi quyết toán thuế thu nhập cá nhân, mỗi người phụ thuộc được giảm trừ 3.600.000 đồng mỗi tháng" vs
    # the resolution's 4,4 triệu đồng/tháng
    r, c = _check("D5-013")
    assert c.label == "conflict" and c.kind == "numeric"
    # a leaflet's "Nếu phải gia hạn … chậm nhất ba mươi ngày" agrees with 15 days + an extension of at most 15
    assert _check("D5-054")[1].label == "no_conflict"


def test_obligations_denied_in_other_words_and_pro_verbs():
    an = analyze("Việc tiêm vắc xin dại cho chó nuôi trong nhà là hoàn toàn tự nguyện, chủ nuôi không bị buộc phải làm.")
    assert [(m.kind, m.action_text) for m in an.modals] == [("no_oblige", "tiêm vắc xin dại cho chó nuôi trong nhà")]
    an = analyze("Tổ chức, cá nhân phát triển nguồn điện mặt trời mái nhà tự sản xuất, tự tiêu thụ không đấu nối với hệ "
                 "thống điện quốc gia được miễn trừ giấy phép hoạt động điện lực.")
    assert [(m.kind, m.action_text) for m in an.modals] == [("no_oblige", "giấy phép hoạt động điện lực")]
    assert an.exceptions == ()  # "miễn trừ" is an exemption, not an exception "trừ …"


def test_modal_clash_with_an_object_worded_differently_in_a_retelling():
    _needs_encoder()
    # "phải thông báo hằng tháng về việc tìm kiếm việc làm với trung tâm dịch vụ việc làm" vs a handbook's "không cần
    # báo cáo gì với trung tâm dịch vụ việc làm"
    r, c = _check("D5-026")
    assert c.label == "conflict" and c.kind == "modality"
    # hands-free calls are not "dùng tay cầm … điện thoại"; a card for a child "nếu muốn" is what the law allows
    assert _check("D5-036")[1].label == "no_conflict"
    assert _check("D5-037")[1].label == "no_conflict"


def test_local_bodies_named_without_the_word_cap():
    assert [x for x, _ in analyze("Ủy ban nhân dân huyện tiếp nhận hồ sơ").authorities] == ["ủy ban nhân dân cấp huyện"]
    assert [x for x, _ in analyze("Sở Văn hóa, Thể thao và Du lịch tiếp nhận văn bản").authorities] == [
        "sở văn hóa, thể thao và du lịch"]
    # the district's culture office vs the provincial department for the same notification: a competence conflict
    r, c = _check("D5-029")
    assert c.label == "conflict" and c.kind == "scope"
    # the department keeps the task and the district only inspects: consistent
    assert _check("D5-058")[1].label == "no_conflict"
    # provincial department vs the district people's committee for the same certificate
    assert _check("D5-032")[1].label == "conflict"


def test_document_replaced_by_number_is_superseded_whatever_the_wording():
    # "Nghị định này thay thế Nghị định số 38/2022/NĐ-CP" (no end date on the old decree in the data)
    r, c = _check("D5-069")
    assert c.label == "superseded" and c.prevails == "b"


def test_qualifier_negated_on_one_side_is_the_complementary_case():
    _needs_encoder()
    # "Tài liệu kế toán không sử dụng trực tiếp để ghi sổ … tối thiểu 05 năm" vs a Q&A's "Chứng từ, sổ sách dùng trực
    # tiếp để ghi sổ … ít nhất mười năm": two kinds of records (the old checker flagged it)
    assert _check("D5-051")[1].label == "no_conflict"
    # the record kept directly for the books against a Q&A that keeps it five years: still a clash
    assert _check("D5-015")[1].label == "conflict"


def test_named_ministries_in_implementation_clauses_are_no_competence_clash():
    # the new authority names ("Bộ Y tế", "Bộ Công Thương", "Ủy ban nhân dân tỉnh") must not turn the closing
    # "who carries out this decree" articles of two documents into a competence conflict (Pháp điển batch)
    from assistant.records import ConflictSide

    def nd(text: str, number: str) -> ConflictSide:
        return ConflictSide(text=text, citation=f"Điều 21 Nghị định số {number}", doc_type="Nghị định", number=number,
                            issuer="Chính phủ")

    a = nd("Hướng dẫn thi hành\n1. Bộ Y tế chủ trì, phối hợp với các Bộ, ngành liên quan hướng dẫn thực hiện Nghị định "
           "này.", "56/2008/NĐ-CP")
    b = nd("Tổ chức thực hiện và trách nhiệm thi hành\n1. Bộ Công Thương chủ trì, phối hợp với các bộ, ngành liên quan "
           "hướng dẫn thực hiện Nghị định này.", "105/2017/NĐ-CP")
    assert [x for x, _ in analyze(a.text).authorities] == ["bộ y tế"]
    assert check_pair(a, b).label == "no_conflict"
    # arithmetic "trừ đi" and deductions are not exceptions "trừ …"
    assert analyze("hệ số lương hiện hưởng trừ đi hệ số chênh lệch giữa hai ngạch").exceptions == ()
    assert analyze("mức giảm trừ đối với mỗi người phụ thuộc là 4,4 triệu đồng/tháng").exceptions == ()
