"""Value questions ("… mấy tháng một lần?") whose top hit states a value in the asked unit: answered on a calibrated
collection from P ≥ VALUE_ANSWER_MIN_P (eval/reports/refusal-study.md). Features and texts are real ones, recorded by
eval/dump_refusal_features.py over the Pháp điển index (29/11)."""

from assistant.answering.confidence import (
    VALUE_ANSWER_MIN_P, confidence_features, confident, load_refusal_model, states_value_in, value_unit,
)
from assistant.records import Chunk, Hit

# pd_train9_023 (phapdien_train9.json, gold 20.5.LQ.21 = the top hit): refused by the Pháp điển veto before (P 0.35)
Q_IN = "Công nhân làm việc độc hại thì công ty phải cho đi khám sức khỏe mấy tháng một lần?"
TOP_IN = ("1. Hằng năm, người sử dụng lao động phải tổ chức khám sức khỏe ít nhất một lần cho người lao động; đối với "
          "người lao động làm nghề, công việc nặng nhọc, độc hại, nguy hiểm hoặc đặc biệt nặng nhọc, độc hại, nguy hiểm, "
          "người lao động là người khuyết tật, người lao động chưa thành niên, người lao động cao tuổi được khám sức "
          "khỏe ít nhất 06 tháng một lần.")
FEATS_IN = {"coverage": 0.4666666666666667, "coverage_uni": 0.6923076923076923, "top_score": 0.9167425036430359,
            "question_len": 2.9444389791664403, "dense": 0.8835505247116089, "bm25_norm": 1.8476295471191406,
            "rerank": 8.817450808531518, "doc_share": 0.2667263512526629, "title_in_query": 0.45144265756371676}
# oos_pdt2_003 (out_of_scope_phapdien_train2.jsonl): social insurance is not in the subset; the top hit (BLLĐ Điều
# 102, wage deductions) states a percentage too, but P 0.27 < VALUE_ANSWER_MIN_P: still refused
Q_OUT = "Người lao động đóng bảo hiểm xã hội bắt buộc hằng tháng bằng bao nhiêu phần trăm tiền lương?"
TOP_OUT = ("3. Mức khấu trừ tiền lương hằng tháng không được quá 30% tiền lương thực trả hằng tháng của người lao động "
           "sau khi trích nộp các khoản bảo hiểm xã hội bắt buộc, bảo hiểm y tế, bảo hiểm thất nghiệp, thuế thu nhập "
           "cá nhân.")
FEATS_OUT = {"coverage": 0.6363636363636364, "coverage_uni": 0.75, "top_score": 0.7386226654052734,
             "question_len": 2.9444389791664403, "dense": 0.8746816515922546, "bm25_norm": 2.0340044498443604,
             "rerank": 9.766944561797951, "doc_share": 0.30725450402111715, "title_in_query": 0.4241443338692396}


def _hit(text: str) -> Hit:
    c = Chunk(id="lao-dong/x.md#1", doc_id="lao-dong/x.md", law_id="lao-dong/x.md", article_id="1", text=text,
              citation="Điều 1")
    return Hit(chunk=c, score=1.0, rank=1, scores={"dense": 0.88, "rerank": 8.0})


def test_value_unit_and_states_value():
    assert value_unit(Q_IN) == "tháng"
    assert value_unit("Băng rôn quảng cáo được treo tối đa bao nhiêu ngày?") == "ngày"
    assert "ngày" in value_unit("Bị công ty khiển trách thì bao lâu sau mới được xóa?")
    assert value_unit("Ai cấp giấy phép kinh doanh dịch vụ bảo vệ?") is None
    assert states_value_in(TOP_IN, "tháng")
    assert states_value_in("trong thời hạn 30 (ba mươi) ngày", "ngày")
    assert states_value_in("trong thời hạn mười lăm ngày", "ngày")
    assert not states_value_in("có hiệu lực từ ngày 01 tháng 7 năm 2016", value_unit("Luật có hiệu lực bao lâu?"))


def test_feature_recorded_only_for_value_questions():
    assert confidence_features(Q_IN, [_hit(TOP_IN)])["value_stated"] == 1.0
    assert confidence_features(Q_IN, [_hit("Người sử dụng lao động tổ chức khám sức khỏe.")])["value_stated"] == 0.0
    assert "value_stated" not in confidence_features("Ai tổ chức khám sức khỏe?", [_hit(TOP_IN)])


def test_value_stated_answers_vetoed_in_scope_question():
    model = load_refusal_model()
    p = model.probability(FEATS_IN)
    assert VALUE_ANSWER_MIN_P <= p < model.refuse_below["phapdien"]
    feats = {**FEATS_IN, "value_stated": float(states_value_in(TOP_IN, value_unit(Q_IN)))}
    assert confident(feats, exam=False, collection="phapdien") == (True, "")
    assert not confident(FEATS_IN, exam=False, collection="phapdien")[0]  # no value stated: the veto as before


def test_low_probability_value_question_still_refused():
    feats = {**FEATS_OUT, "value_stated": float(states_value_in(TOP_OUT, value_unit(Q_OUT)))}
    assert feats["value_stated"] == 1.0
    assert not confident(feats, exam=False, collection="phapdien")[0]
