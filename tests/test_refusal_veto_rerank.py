"""The refusal model's veto is not applied on Pháp điển when the reranker is sure of its first article
(``confidence.VETO_EXEMPT_RERANK``): the coverage / dense thresholds decide instead."""

from __future__ import annotations

import pytest

from assistant.answering import confidence as C

# confidence_features of "Hội cổ động viên đi cổ vũ đội bóng trên sân khách phải báo trước cho Ban tổ chức giải chậm
# nhất mấy ngày?" on the served Pháp điển index (gold Điều 2 Thông tư 07/2010/TT-BVHTTDL first): P(in scope) 0.14
EVERYDAY = {"coverage": 0.707, "coverage_uni": 0.895, "top_score": 0.672, "question_len": 3.178, "dense": 0.862,
            "bm25_norm": 2.106, "rerank": 12.351, "doc_share": 0.212, "title_in_query": 0.45}


def _model() -> C.RefusalModel:
    m = C.load_refusal_model()
    if m is None or "phapdien" not in m.refuse_below:
        pytest.skip("no refusal model with a Pháp điển veto")
    return m


def test_sure_reranker_lifts_the_veto_and_thresholds_answer() -> None:
    m = _model()
    assert m.probability(EVERYDAY) < m.refuse_below["phapdien"]  # the veto would refuse it
    assert C.confident(EVERYDAY, exam=False, collection="phapdien") == (True, "")


def test_unsure_reranker_keeps_the_veto() -> None:
    _model()
    weak = dict(EVERYDAY, rerank=C.VETO_EXEMPT_RERANK["phapdien"] - 0.5)
    ok, why = C.confident(weak, exam=False, collection="phapdien")
    assert not ok and why.startswith("độ tin cậy của kết quả tìm kiếm thấp")


def test_thresholds_still_refuse_when_the_veto_is_lifted() -> None:
    _model()
    low = dict(EVERYDAY, coverage=0.30)  # few of the question's words in any top provision
    ok, why = C.confident(low, exam=False, collection="phapdien")
    assert not ok and why.startswith("độ phủ thuật ngữ câu hỏi thấp")


def test_other_collections_keep_their_veto() -> None:
    m = _model()
    if "alqac" not in m.refuse_below:
        pytest.skip("no ALQAC veto")
    feats = dict(EVERYDAY, dense=0.80)  # P far below ALQAC's floor too
    assert m.probability(feats) < m.refuse_below["alqac"]
    assert not C.confident(feats, exam=False, collection="alqac")[0]


# On the served Pháp điển index (skipped where it is absent): everyday questions of the training files whose article
# the reranker puts first, vetoed by the model before (P 0.20, 0.27) and answered now, citing it; one ask of a
# two-part out-of-scope question of the training files (the fee of a criminal-record certificate is in no held text)
# is still refused.
@pytest.mark.parametrize(("question", "article"), [
    ("Bị công ty khiển trách thì bao lâu sau mới được xóa?", ("lao-dong/lao-dong.md", "20.2.LQ.126")),
    ("Đội tuần tra, canh gác đê của xã mỗi đội có bao nhiêu người?",
     ("nong-nghiep-nong-thon/de-dieu.md", "24.3.TT.2.2")),
])
def test_phapdien_everyday_answered_when_reranker_sure(phapdien_served, question, article) -> None:  # noqa: ANN001
    from assistant import answering as A
    from assistant.evaluation.answer_eval import cited_articles

    a = A.answer(question, collection="phapdien", retriever=phapdien_served)
    assert not a.refused, a.text
    assert article in {tuple(c) for c in cited_articles(a)}


def test_phapdien_two_part_out_of_scope_question_still_refused(phapdien_served) -> None:  # noqa: ANN001
    from assistant import answering as A

    a = A.answer("Xin phiếu lý lịch tư pháp số 2 thì hồ sơ gồm những gì và bao lâu có kết quả?", collection="phapdien",
                 retriever=phapdien_served)
    assert a.refused
    assert a.text.startswith("Không tìm thấy căn cứ pháp lý phù hợp")
