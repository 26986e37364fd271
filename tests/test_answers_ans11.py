"""Answer gaps left by the 29/11 session (NOTES.md, "Noticed, not done"; helper h-ans11): the permission cue rewards
a norm on the act asked, different procedures' values are said to be different matters, conversation follow-ups."""

from __future__ import annotations

import re
from datetime import date

from assistant import answering as A
from assistant.records import Hit
from tests.test_answering import _pd_article, _Scored

_KN = "khieu-nai-to-cao/khieu-nai.md"
_TTHC = "to-tung-va-cac-phuong-thuc-giai-quyet-tranh-chap/to-tung-hanh-chinh.md"
_TTDS = "to-tung-va-cac-phuong-thuc-giai-quyet-tranh-chap/to-tung-dan-su.md"


# ---- 1. the permission cue: a norm on the act the question asks about -----------------------------------------------

def test_a_permission_asked_rewards_a_norm_on_that_act_not_any_prohibition(shared_data) -> None:  # noqa: ANN001
    """pd_train2_071 (NOTES 29/11): "Mỗi tỉnh có được tự thiết kế mẫu phiếu riêng …?" quoted Luật Trưng cầu ý dân
    Điều 41 khoản 2 ("Tổ trưng cầu ý dân không được gạch xóa hoặc sửa chữa trên phiếu …"): the permission bonus went to
    any "không được". The norm must be on the act asked (``passages._norm_on_act``): khoản 1 a) ("Phiếu không theo mẫu
    quy định …") is quoted again. The probe-10 cases keep theirs: "không được ủy quyền", "có quyền điều động", a ban
    listing the act ("Nghiêm cấm … cho mượn, thế chấp …"), "Không được sử dụng thuốc" for "dùng thuốc"."""
    art = _pd_article(shared_data, "xay-dung-phap-luat-va-thi-hanh-phap-luat/trung-cau-y-dan.md", "44.15.LQ.41")
    info = A.analyze_question("Mỗi tỉnh có được tự thiết kế mẫu phiếu riêng cho cuộc trưng cầu ý dân không?")
    assert "permission" in info.cues
    ps = A.best_passage(Hit(chunk=art, score=1.0, rank=1), A.terms._terms(info.stem), info.cues)
    assert "không được gạch xóa" not in ps.quote, ps.quote
    assert "Phiếu không theo mẫu quy định" in ps.quote, ps.quote

    def on_act(unit: str, question: str) -> bool:
        return A.passages._norm_on_act(unit.lower(), A.question.permission_act(question.lower()))

    q = "Mỗi tỉnh có được tự thiết kế mẫu phiếu riêng cho cuộc trưng cầu ý dân không?"
    assert not on_act("Tổ trưng cầu ý dân không được gạch xóa hoặc sửa chữa trên phiếu trưng cầu ý dân.", q)
    assert on_act("3. Người có thẩm quyền … không được ủy quyền hoặc phân cấp thẩm quyền quyết định trưng mua tài sản.",
                  "Bộ trưởng có được ủy quyền cho cấp dưới quyết định trưng mua tài sản không?")
    assert on_act("3. Giám đốc Công an cấp tỉnh có quyền điều động đơn vị Cảnh sát cơ động thuộc quyền …",
                  "Giám đốc Công an tỉnh có được điều động Cảnh sát cơ động không?")
    assert on_act("2. Nghiêm cấm việc làm giả, tẩy xóa, sửa chữa, cho thuê, cho mượn, thế chấp... Chứng minh nhân dân.",
                  "Công dân có được đem chứng minh nhân dân đi cầm, thế chấp hoặc cho người khác mượn không?")
    assert on_act("c) Không được sử dụng thuốc trong sơ cấp cứu chữ thập đỏ.",
                  "Điểm sơ cấp cứu chữ thập đỏ có được dùng thuốc khi sơ cứu không?")
    # a ban asked after its act ("… có bị cấm không?"): the act is what comes before
    assert on_act("7. Quay phim, chụp ảnh, ghi hình, vẽ cảnh vật ở khu vực cấm, địa điểm cấm.",
                  "Quay phim, chụp ảnh ở vùng cấm có bị cấm không?") is False  # no norm word in the unit
    assert on_act("Nghiêm cấm quay phim, chụp ảnh ở vùng cấm.", "Quay phim, chụp ảnh ở vùng cấm có bị cấm không?")
    # "vùng cấm", "có quyền lợi" are no norms
    assert not on_act("Không ai ở trong vùng cấm quay phim.", "Quay phim ở vùng cấm có bị cấm không?")


# ---- 2. values of different procedures quoted side by side ----------------------------------------------------------

def test_deadlines_of_different_procedures_are_said_to_be_different_matters(shared_data) -> None:  # noqa: ANN001
    """"Thời hạn giải quyết khiếu nại lần đầu là bao lâu?" over Pháp điển quoted Luật Khiếu nại Điều 28 (30 ngày)
    beside Luật Tố tụng hành chính Điều 333 and Bộ luật Tố tụng dân sự Điều 505 (15 ngày: a complaint about a court's
    procedural act) and said nothing: the conflict checker calls none of them a conflict, so no note was written. The
    answer now says the values belong to different documents applying to different procedures, naming each document
    with its values, and claims no conflict."""
    law = _pd_article(shared_data, _KN, "18.1.LQ.28")
    tthc = _pd_article(shared_data, _TTHC, "37.6.LQ.333")
    ttds = _pd_article(shared_data, _TTDS, "37.5.LQ.505")
    ans = A.answer("Thời hạn giải quyết khiếu nại lần đầu là bao lâu?", collection="test",
                   retriever=_Scored([(law, 1.0, 6.0), (tthc, 0.98, 5.9), (ttds, 0.97, 5.8)]), as_of=date(2026, 11, 27))
    assert not ans.refused
    cited = [c.article_id for c in ans.citations]
    assert "18.1.LQ.28" in cited and ("37.6.LQ.333" in cited or "37.5.LQ.505" in cited), cited
    assert not [c for c in ans.conflicts if c.label == "conflict"]
    assert "các thời hạn trên thuộc các văn bản khác nhau, áp dụng cho những thủ tục, việc khác nhau" in ans.text, ans.text
    n = {c.article_id: c.number for c in ans.citations}
    # (the documents named as the citations name them: here without the source names an index keeps, "Luật số …")
    assert re.search(rf"30 ngày, 45 ngày theo Luật (?:Khiếu nại )?số 02/2011/QH13 \[{n['18.1.LQ.28']}\]", ans.text)
    if "37.6.LQ.333" in n:
        assert re.search(rf"15 ngày theo Luật (?:Tố tụng hành chính )?số 93/2015/QH13 \[{n['37.6.LQ.333']}\]", ans.text)
    assert "mâu thuẫn" not in ans.text
    # one document, or the same value in two: no note
    one = A.answer("Thời hạn giải quyết khiếu nại lần đầu là bao lâu?", collection="test",
                   retriever=_Scored([(tthc, 1.0, 6.0), (ttds, 0.98, 5.9)]), as_of=date(2026, 11, 27))
    assert "thủ tục, việc khác nhau" not in one.text, one.text


# ---- 3. conversations (NOTES 29/11: "Hiện nay áp dụng văn bản nào?", "còn về …", lower-cased subjects, Luật Cư trú) -

def test_which_text_applies_now_is_a_followup_of_a_validity_question(sample_retriever) -> None:  # noqa: ANN001
    """Audit 29/11: sample "Thông tư 05/2019/TT-VPCP còn hiệu lực không?" → "Hiện nay áp dụng văn bản nào?" was not taken
    as a follow-up (its words are all aspects: "hiện nay áp dụng văn bản") and was refused. It asks for the text that
    applies instead of the one asked about: "… văn bản nào thay thế Thông tư 05/2019/TT-VPCP?" (after another question,
    "… văn bản nào về <its subject>?"), answered by Thông tư 03/2024/TT-VPCP Điều 10 khoản 2."""
    prev = [("Thông tư 05/2019/TT-VPCP còn hiệu lực không?", "…")]
    assert A.is_followup("Hiện nay áp dụng văn bản nào?")
    assert A.rewrite_followup("Hiện nay áp dụng văn bản nào?", prev) == (
        "Hiện nay áp dụng văn bản nào thay thế Thông tư 05/2019/TT-VPCP?")
    assert A.rewrite_followup("Hiện nay áp dụng văn bản nào?", [("Thủ tục đăng ký khai sinh như thế nào?", "…")]) == (
        "Hiện nay áp dụng văn bản nào về đăng ký khai sinh?")
    # a question of its own still is not rewritten
    q = "Hiện nay áp dụng văn bản nào về đăng ký đất đai?"
    assert A.rewrite_followup(q, prev) == q
    ans = A.answer("Hiện nay áp dụng văn bản nào?", collection="sample", retriever=sample_retriever, history=prev,
                   as_of=date(2026, 11, 27))
    assert not ans.refused, ans.text
    assert "03/2024/TT-VPCP" in ans.citations[0].citation and "hết hiệu lực" in ans.citations[0].quote, ans.text


def test_con_ve_loses_ve_too_and_the_carried_subject_keeps_its_capitals() -> None:
    """"còn về lệ phí thì sao" lost "còn" but kept "về" ("về lệ phí cấp bản sao …?"); the subject carried from the
    previous question was lower-cased ("luật cư trú năm 2020", "ubnd xã hòa bình"). The sentence's own capital is still
    dropped ("Cấp bản sao …" → "… cấp bản sao …"), and a follow-up opening with a capital gives a rewrite that does."""
    prev = [("Cấp bản sao điện tử từ sổ gốc mất bao nhiêu ngày?", "…")]
    assert A.rewrite_followup("còn về lệ phí thì sao", prev) == "lệ phí cấp bản sao điện tử từ sổ gốc?"
    assert A.rewrite_followup("Còn về lệ phí thì sao?", prev) == "Lệ phí cấp bản sao điện tử từ sổ gốc?"
    assert A.rewrite_followup("Còn về người nước ngoài thì sao?", [("Đăng ký tạm trú ở đâu?", "…")]) == (
        "Đăng ký tạm trú đối với người nước ngoài ở đâu?")
    assert A.rewrite_followup("Văn bản nào thay thế?", [("Luật Cư trú năm 2020 còn hiệu lực không?", "…")]) == (
        "Văn bản nào thay thế Luật Cư trú năm 2020?")
    assert A.rewrite_followup("Phí bao nhiêu?", [("Đăng ký kết hôn tại UBND xã Hòa Bình như thế nào?", "…")]) == (
        "Phí đăng ký kết hôn tại UBND xã Hòa Bình bao nhiêu?")
    # the source the question opened with opens the rewrite too (h-conv14; was "Hồ sơ theo Luật Hộ tịch đăng ký khai tử
    # gồm những gì?")
    assert A.rewrite_followup("Hồ sơ gồm những gì?", [("Theo Luật Hộ tịch, đăng ký khai tử ở đâu?", "…")]) == (
        "Theo Luật Hộ tịch, hồ sơ đăng ký khai tử gồm những gì?")
    # no history: unchanged
    assert A.rewrite_followup("còn về lệ phí thì sao", []) == "còn về lệ phí thì sao"


def test_a_law_version_not_held_names_the_one_other_texts_name(shared_data) -> None:  # noqa: ANN001
    """"Luật Cư trú năm 2020 còn hiệu lực không?" over Pháp điển was refused with "cơ sở dữ liệu chỉ có Luật Cư trú năm
    2006, không có văn bản năm 2020" only. The collection does not hold the 2020 law, but its texts name it (Luật số
    68/2020/QH14 Cư trú, 13/11/2020): the reason now says so, that its text is not held, and that the 2006 law it holds
    may have been replaced by it. The sample holds no Luật Cư trú and says that, as before."""
    from assistant.chunking import chunk
    from assistant.legal import parse
    from assistant.loaders import load
    from tests.test_answering import KeywordRetriever

    pd = shared_data / "phapdien"
    chunks = [c for p in (pd / "trat-tu-an-toan-xa-hoi" / "cu-tru.md", pd / "an-ninh-quoc-gia" / "cong-an-nhan-dan.md")
              for raw in load(p) for c in chunk(parse(raw), "phapdien")]
    ans = A.answer("Luật Cư trú năm 2020 còn hiệu lực không?", collection="phapdien",
                   retriever=KeywordRetriever(chunks), as_of=date(2026, 11, 27))
    assert ans.refused
    assert "cơ sở dữ liệu chỉ có Luật Cư trú năm 2006, không có văn bản năm 2020" in ans.text, ans.text
    assert ("cơ sở dữ liệu chỉ nhắc tới Luật Cư trú số 68/2020/QH14 (ban hành ngày 13/11/2020), không có nội dung của "
            "văn bản này; Luật Cư trú năm 2006 có thể đã được văn bản này thay thế") in ans.text, ans.text
    # without the collection's catalogue (a stand-in retriever): the reason as before
    docs = A.scope._doc_refs(chunks)
    assert A.scope_check("Luật Cư trú năm 2020 còn hiệu lực không?", docs) == (
        "cơ sở dữ liệu chỉ có Luật Cư trú năm 2006, không có văn bản năm 2020")
