"""``assistant.questions.validity_ask``: the one reading, shared by the reranker (no frame article demoted for a
question whether a document is in force) and the answer's status sentence (the named document answered from what the
collection records), of a question asking about a document's validity."""

from __future__ import annotations

import json

from assistant import rerank
from assistant.answering import status
from assistant.questions import validity_ask
from legal_files import ROOT  # noqa: E402


def test_every_status_question_asks_about_validity() -> None:
    """The 25 questions of eval/data/phapdien_status.json: "… còn hiệu lực không?" / "… đã có hiệu lực chưa?" ask
    whether the document is in force, "… còn áp dụng / còn dùng được không?" whether it still applies."""
    qs = [q["question"] for q in json.loads((ROOT / "eval" / "data" / "phapdien_status.json").read_text("utf-8"))]
    kinds = [validity_ask(q) for q in qs]
    assert len(qs) == 25 and None not in kinds
    assert [q for q, k in zip(qs, kinds) if k == "applies"] == [
        q for q in qs if "còn áp dụng" in q or "còn được áp dụng" in q or "còn dùng" in q]
    assert validity_ask("Nghị định này đã bị bãi bỏ chưa?") == "repealed"
    assert validity_ask("Luật An ninh mạng năm 2018 có hiệu lực từ ngày nào?") == "in_force"
    assert validity_ask("05/2019/TT-VPCP còn hiệu lực không?") == "in_force"


def test_questions_about_other_things_in_force_do_not() -> None:
    """A household book, a licence, a contract or a court decision "còn / có / hết hiệu lực" is not a document of the
    collection (ALQAC dev, Pháp điển training and story questions)."""
    for q in ("Sau khi sổ hộ khẩu hết hiệu lực (hết ngày 31/12/2022) thì chứng minh nơi thường trú bằng cách nào?",
              "Được cấp phép mở trại sáng tác điêu khắc rồi nhưng chưa tổ chức được thì giấy phép còn giá trị bao lâu?",
              "Hợp đồng ủy quyền không ghi thời hạn và pháp luật cũng không quy định thời hạn cho việc này. Hợp đồng ủy "
              "quyền của ông K có hiệu lực trong bao lâu?",
              "Ly hôn giả tạo là việc chấm dứt quan hệ vợ chồng theo bản án, quyết định có hiệu lực pháp luật của Tòa án"):
        assert validity_ask(q) is None, q


def test_both_stages_read_it_from_the_one_definition() -> None:
    """No copy left in the reranker or the status module; the reranker keeps frame articles only for an in-force
    question ("còn áp dụng không?" keeps the order its status answers were measured on)."""
    assert rerank.validity_ask is validity_ask and status.validity_ask is validity_ask
    assert not hasattr(rerank, "_DOCUMENT_VALIDITY_RE") and not hasattr(status, "_STATUS_Q_RE")
    titles = ["Phạm vi điều chỉnh", "Điều kiện cấp giấy phép"]
    assert not rerank.frame_articles("Thông tư 03/2021/TT-BGDĐT còn hiệu lực không?", titles).any()
    assert rerank.frame_articles("Thông tư 03/2021/TT-BGDĐT còn áp dụng không?", titles).tolist() == [True, False]
    assert rerank.frame_articles("Điều kiện cấp giấy phép là gì?", titles).tolist() == [True, False]
