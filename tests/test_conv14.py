"""Multi-turn conversations (helper h-conv14, 30/11): a law named without its number, cases piling up across turns,
"mã hồ sơ" and "không" in a carried subject (``eval/data/conversations_conv14.json``, written before the change).

Found there: "Còn theo Luật Viên chức thì sao?" was rewritten "… đối với theo Luật Viên chức …", "Theo Bộ luật Lao động
thì thế nào?" and "Luật Cán bộ, công chức quy định thế nào?" stood alone, "Còn Luật Tố tụng hành chính thì sao?" kept
"Theo Luật Khiếu nại"; a held law named by name was not searched or read for its status as with its number, and "Điều
123 Bộ luật Lao động" did not find the Pháp điển article whose source is that article; each new case was added to the
cases before it ("… ở vùng sâu, vùng xa đối với vụ việc phức tạp …"); "Mã hồ sơ …" was carried as "Mã cấu trúc", "người
không quốc tịch" as "người quốc tịch"."""

from __future__ import annotations

from assistant.answering.followup import document_asked, document_named, is_followup, rewrite_followup
from assistant.answering.scope import with_law_number
from tests.test_conv13 import _ask  # the same conversation runner (history as the API keeps it), AS_OF 30/11/2026


def _chain(turns: list[str]) -> list[str]:
    hist: list[tuple[str, str]] = []
    out = []
    for q in turns:
        s = rewrite_followup(q, hist)
        hist.append((s, "…"))
        out.append(s)
    return out


# ---- a law named without its number (no index)

def test_a_name_with_a_comma_is_one_name() -> None:
    for text, name in [("Luật Cán bộ, công chức quy định thế nào?", "Luật Cán bộ, công chức"),
                       ("Theo Luật Cán bộ, công chức, thời hiệu xử lý kỷ luật là bao lâu?", "Luật Cán bộ, công chức"),
                       ("Luật Phòng, chống tham nhũng còn hiệu lực không?", "Luật Phòng, chống tham nhũng"),
                       # what is asked after the source's comma is no part of its name
                       ("Theo Luật Khiếu nại, thời hạn giải quyết khiếu nại lần đầu là bao lâu?", "Luật Khiếu nại"),
                       ("Theo Bộ luật Lao động, người lao động được nghỉ bao nhiêu ngày?", "Bộ luật Lao động")]:
        a, b = document_named(text)
        assert text[a:b] == name, text


def test_a_question_naming_only_a_document_is_a_followup() -> None:
    for q, name in [("Còn theo Luật Viên chức thì sao?", "Luật Viên chức"),
                    ("Theo Bộ luật Lao động thì thế nào?", "Bộ luật Lao động"),
                    ("Luật Cán bộ, công chức quy định thế nào?", "Luật Cán bộ, công chức"),
                    ("Còn Luật Nhà ở thì sao?", "Luật Nhà ở")]:
        assert document_asked(q) == name, q
        assert is_followup(q), q
    for q in ("Luật Cư trú còn hiệu lực không?", "Thế còn điều 5?", "Luật Đất đai có hiệu lực từ ngày nào?"):
        assert document_asked(q) is None, q


def test_the_document_asked_replaces_the_one_named_or_is_added() -> None:
    assert _chain(["Thời hiệu xử lý kỷ luật là bao lâu?", "Còn theo Luật Viên chức thì sao?",
                   "Theo Bộ luật Lao động thì thế nào?"])[1:] == [
        "Thời hiệu xử lý kỷ luật theo Luật Viên chức là bao lâu?",
        "Thời hiệu xử lý kỷ luật theo Bộ luật Lao động là bao lâu?"]
    assert _chain(["Thời hiệu xử lý kỷ luật đối với cán bộ, công chức là bao lâu?",
                   "Luật Cán bộ, công chức quy định thế nào?"])[-1] == (
        "Thời hiệu xử lý kỷ luật đối với cán bộ, công chức theo Luật Cán bộ, công chức là bao lâu?")
    assert _chain(["Theo Luật Khiếu nại, thời hạn giải quyết khiếu nại lần đầu là bao lâu?", "Còn lần hai thì sao?",
                   "Còn Luật Tố tụng hành chính thì sao?"])[1:] == [
        "Theo Luật Khiếu nại, thời hạn giải quyết khiếu nại lần hai là bao lâu?",
        "Theo Luật Tố tụng hành chính, thời hạn giải quyết khiếu nại lần hai là bao lâu?"]
    assert _chain(["Luật Đất đai có hiệu lực từ ngày nào?", "Còn Luật Nhà ở thì sao?"])[-1] == (
        "Luật Nhà ở có hiệu lực từ ngày nào?")


def test_a_source_named_first_stays_first() -> None:
    assert _chain(["Theo Luật Hộ tịch, thời hạn đăng ký khai tử là bao lâu?", "Ai có trách nhiệm đi đăng ký?"])[-1] == (
        "Theo Luật Hộ tịch, ai có trách nhiệm đi đăng ký khai tử?")
    # a document pronoun takes the document the rule was read in
    assert _chain(["Theo Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử, cá nhân bao nhiêu "
                   "tuổi được tự mình thực hiện thủ tục hành chính trên môi trường điện tử?",
                   "Văn bản đó có hiệu lực từ khi nào?"])[-1] == (
        "Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử có hiệu lực từ khi nào?")


# ---- cases do not pile up (no index)

def test_a_new_case_replaces_the_case_a_followup_added() -> None:
    assert _chain(["Thời hạn giải quyết khiếu nại lần đầu là bao lâu?", "Ở vùng sâu, vùng xa thì sao?",
                   "Còn vụ việc phức tạp thì sao?"])[-1] == (
        "Thời hạn giải quyết khiếu nại lần đầu đối với vụ việc phức tạp là bao lâu?")
    assert _chain(["Thời điểm tiếp nhận hồ sơ trực tuyến được xác định thế nào?",
                   "Trường hợp nộp ngoài giờ hành chính thì sao?", "Còn ngày nghỉ lễ thì sao?"])[-1] == (
        "Thời điểm tiếp nhận hồ sơ trực tuyến được xác định đối với ngày nghỉ lễ thế nào?")
    # a guiding text asked is no case to keep when a place is asked next
    assert _chain(["Thời hạn cấp bản sao điện tử từ sổ gốc là bao lâu?", "Còn nghị định hướng dẫn thì sao?",
                   "Ở Quảng Ninh thì sao?"])[-1] == "Thời hạn cấp bản sao điện tử từ sổ gốc ở Quảng Ninh là bao lâu?"
    # the case kept through another ask, then replaced
    assert _chain(["Thời hạn giải quyết tố cáo là bao lâu?", "Trường hợp phức tạp thì sao?", "Được gia hạn mấy lần?",
                   "Còn vụ việc đặc biệt phức tạp thì sao?"])[2:] == [
        "Giải quyết tố cáo đối với trường hợp phức tạp được gia hạn mấy lần?",
        "Giải quyết tố cáo đối với vụ việc đặc biệt phức tạp được gia hạn mấy lần?"]
    # a case said at length keeps the aspect asked
    assert _chain(["Thời hạn cấp bản sao điện tử từ sổ gốc là bao lâu?",
                   "Trường hợp hồ sơ gốc đã nộp vào Lưu trữ lịch sử thì sao?", "Còn ở Quảng Ninh thì sao?"])[1:] == [
        "Thời hạn cấp bản sao điện tử từ sổ gốc đối với trường hợp hồ sơ gốc đã nộp vào Lưu trữ lịch sử là bao lâu?",
        "Thời hạn cấp bản sao điện tử từ sổ gốc ở Quảng Ninh là bao lâu?"]


def test_a_kind_ending_like_the_one_asked_replaces_it() -> None:
    assert _chain(["Điều kiện đăng ký thường trú là gì?", "Còn tạm trú thì sao?", "Hồ sơ gồm những gì?"])[1:] == [
        "Điều kiện đăng ký tạm trú là gì?", "Hồ sơ đăng ký tạm trú gồm những gì?"]


# ---- words kept in a carried subject (no index)

def test_ma_ho_so_and_a_negation_are_carried() -> None:
    assert _chain(["Mã hồ sơ có cấu trúc như thế nào?", "Gồm mấy nhóm ký tự?"])[-1] == "Mã hồ sơ gồm mấy nhóm ký tự?"
    assert "không đội mũ bảo hiểm" in _chain(
        ["Mức phạt đối với người điều khiển xe máy không đội mũ bảo hiểm là bao nhiêu?",
         "Thẩm quyền xử phạt thuộc về ai?"])[-1]
    assert "người không quốc tịch" in _chain(
        ["Người không quốc tịch đang thường trú ở Việt Nam có được nhập quốc tịch Việt Nam không?",
         "Hồ sơ gồm những gì?"])[-1]


def test_who_is_responsible_for_registering_is_a_followup() -> None:
    assert _chain(["Thời hạn đăng ký khai sinh là bao lâu?", "Còn khai tử thì sao?", "Ai có trách nhiệm đi đăng ký?"])[
        -1] == "Ai có trách nhiệm đi đăng ký khai tử?"
    assert not is_followup("Đăng ký kết hôn ở đâu?")


# ---- the law's number (indexes)

def test_sample_law_named_by_name_gets_its_number(sample_retriever) -> None:  # noqa: ANN001
    q = "Theo Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử, cá nhân bao nhiêu tuổi …?"
    assert with_law_number(q, sample_retriever) == q.replace("điện tử,", "điện tử số 71/2023/QH15,")
    q = "Luật 71/2023/QH15 còn hiệu lực không?"
    assert with_law_number(q, sample_retriever) == q


def test_phapdien_law_named_by_name(phapdien_served) -> None:  # noqa: ANN001
    assert with_law_number("Theo Bộ luật Lao động, hợp đồng lao động gồm những loại nào?", phapdien_served) == (
        "Theo Bộ luật Lao động số 45/2019/QH14, hợp đồng lao động gồm những loại nào?")
    for q in ("Luật Cư trú năm 2020 còn hiệu lực không?",  # a version: the scope rule's
              "Theo Luật Cán bộ, công chức, thời hiệu xử lý kỷ luật là bao lâu?",  # not held
              "Nghị định 27/2012 về xử lý kỷ luật viên chức còn hiệu lực không?",  # "kỷ luật viên chức", a number
              "Theo Bộ luật Dân sự Hàn Quốc, thời gian cân nhắc trước khi ly hôn là bao lâu?",  # another country's
              "Nghị định hướng dẫn Bộ luật Lao động có hiệu lực từ ngày nào?"):  # another text asked
        assert with_law_number(q, phapdien_served) == q
    # the law read in cited first, not its circular
    a = _ask(["Theo Bộ luật Lao động, hợp đồng lao động gồm những loại nào?"], "phapdien", phapdien_served)[-1]
    assert "Bộ luật lao động số 45/2019/QH14" in a.citations[0].citation, [c.citation for c in a.citations]
    # "Điều 123 Bộ luật Lao động": the Pháp điển article whose source is that article
    a = _ask(["Điều 123 Bộ luật Lao động quy định gì?"], "phapdien", phapdien_served)[-1]
    assert not a.refused and a.citations[0].citation.split(" Bộ luật")[0].endswith("Điều 123"), a.text
    a = _ask(["Luật Nuôi con nuôi còn hiệu lực không?", "Thế còn điều 14?"], "phapdien", phapdien_served)[-1]
    assert "Điều 14 Luật Nuôi con nuôi" in a.citations[0].citation, [c.citation for c in a.citations]


def test_phapdien_law_not_held_named_in_a_followup(phapdien_served) -> None:  # noqa: ANN001
    a = _ask(["Thời hiệu xử lý kỷ luật đối với cán bộ, công chức là bao lâu?",
              "Luật Cán bộ, công chức quy định thế nào?"], "phapdien", phapdien_served)[-1]
    assert a.refused and "không có Luật Cán bộ, công chức trong cơ sở dữ liệu" in (a.refusal_reason or ""), a.text


def test_the_refusal_names_a_law_not_held_whole() -> None:
    from assistant.answering.scope import scope_check

    # was "không có Luật Cán bộ, công chức, thời hiệu xử lý trong cơ sở dữ liệu"
    assert scope_check("Theo Luật Cán bộ, công chức, thời hiệu xử lý kỷ luật là bao lâu?", []) == (
        "không có Luật Cán bộ, công chức trong cơ sở dữ liệu")
    assert scope_check("Theo Luật Thi đua, khen thưởng, ai được tặng danh hiệu?", []) == (
        "không có Luật Thi đua, khen thưởng trong cơ sở dữ liệu")
    assert scope_check("Luật Bảo hiểm xã hội, thời gian đóng tối thiểu để hưởng lương hưu là bao lâu?", []) == (
        "không có Luật Bảo hiểm xã hội trong cơ sở dữ liệu")
