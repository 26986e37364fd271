"""``assistant.questions.asks_document_validity``: the one reading, shared by the reranker (no frame article demoted)
and the answer's status sentence (the named document answered from what the collection records), of a question asking
whether a document is in force."""

from __future__ import annotations

import json

from assistant.answering import status
from assistant import rerank
from assistant.questions import asks_document_validity
from legal_files import ROOT  # noqa: E402


def test_every_status_question_asks_document_validity() -> None:
    """The 25 questions of eval/data/phapdien_status.json ("… còn hiệu lực không?", "… còn áp dụng không?", "… còn dùng
    được không?", "… đã có hiệu lực chưa?") all ask it."""
    qs = [q["question"] for q in json.loads((ROOT / "eval" / "data" / "phapdien_status.json").read_text("utf-8"))]
    assert len(qs) == 25 and all(asks_document_validity(q) for q in qs)


def test_questions_about_other_things_in_force_do_not() -> None:
    """A contract, a household book, a licence or a court decision "có hiệu lực" / "hết hiệu lực" is not a document
    of the collection (ALQAC dev, Pháp điển training and story questions)."""
    for q in ("Sau khi sổ hộ khẩu hết hiệu lực (hết ngày 31/12/2022) thì chứng minh nơi thường trú bằng cách nào?",
              "Được cấp phép mở trại sáng tác điêu khắc rồi nhưng chưa tổ chức được thì giấy phép còn giá trị bao lâu?",
              "Hợp đồng ủy quyền không ghi thời hạn và pháp luật cũng không quy định thời hạn cho việc này. Hợp đồng ủy "
              "quyền của ông K có hiệu lực trong bao lâu?",
              "Ly hôn giả tạo là việc chấm dứt quan hệ vợ chồng theo bản án, quyết định có hiệu lực pháp luật của Tòa án"):
        assert not asks_document_validity(q), q
    for q in ("Luật An ninh mạng năm 2018 có hiệu lực từ ngày nào?", "05/2019/TT-VPCP còn hiệu lực không?",
              "Nghị định này đã bị bãi bỏ chưa?"):
        assert asks_document_validity(q), q


def test_both_stages_read_it_from_the_one_definition() -> None:
    """No copy left in the reranker or the status module."""
    assert rerank.asks_document_validity is asks_document_validity
    assert status.asks_document_validity is asks_document_validity
    assert not hasattr(rerank, "_DOCUMENT_VALIDITY_RE") and not hasattr(status, "_STATUS_Q_RE")
    titles = ["Phạm vi điều chỉnh", "Điều kiện cấp giấy phép"]
    assert not rerank.frame_articles("Thông tư 03/2021/TT-BGDĐT còn áp dụng không?", titles).any()
    assert rerank.frame_articles("Điều kiện cấp giấy phép là gì?", titles).tolist() == [True, False]
