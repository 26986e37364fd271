"""The reranker's ``procedure_for_rule`` (helper h-lawrule, issue 5): a question on a rule (may I, must I, is it banned)
that asks no procedure marks the candidates whose title names a procedure ("Thủ tục …", "Trình tự …", "Hồ sơ …"); its
weight is negative, so the article stating the rule goes before the one setting the procedure."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.rerank import FEATURES, PROCEDURE_TITLE_RE, _fold, asks_rule_not_procedure


@pytest.mark.parametrize("question", [
    "Con mới đẻ thì trong bao lâu phải đi làm giấy khai sinh?",
    "Người nước ngoài đang có thẻ tạm trú ở Việt Nam có được bảo lãnh bố mẹ sang thăm không?",
    "Hút thuốc trong trường học, bệnh viện có bị cấm không?",
    "Có bắt buộc phải nộp bản giấy khi đã nộp trực tuyến không?",
])
def test_rule_questions(question: str) -> None:
    assert asks_rule_not_procedure(question)


@pytest.mark.parametrize("question", [
    "Làm hộ chiếu đi nước ngoài thì nộp hồ sơ ở đâu, mấy ngày thì có?",  # asks where and the dossier
    "Thủ tục đăng ký khai sinh gồm những bước nào?",  # asks the procedure
    "Thời hạn giải quyết khiếu nại lần đầu là bao lâu?",  # no rule asked
    "Muốn tách thửa đất thì phải làm gì?",  # "phải làm gì": how to do it
    "Có phải đăng ký tạm trú (khai báo tạm trú) không?",  # a registration is a procedure
])
def test_procedure_or_other_questions(question: str) -> None:
    assert not asks_rule_not_procedure(question)


def test_bracketed_terms_are_not_read() -> None:
    # prepare_query's legal terms in brackets are not the asker's words
    assert not asks_rule_not_procedure("Mất giấy tờ thì xin lại ra sao (thủ tục cấp lại)?")
    assert asks_rule_not_procedure("Có được nghỉ (thủ tục nghỉ phép) không?")


def test_procedure_titles() -> None:
    titles = ["Thủ tục đăng ký khai sinh", "Trình tự, thủ tục cung cấp thông tin", "Hồ sơ đề nghị cấp thẻ",
              "Trách nhiệm đăng ký khai sinh", "Thẩm quyền điều động", "Quyền, nghĩa vụ của người nước ngoài"]
    assert [bool(PROCEDURE_TITLE_RE.search(_fold(t))) for t in titles] == [True, True, True, False, False, False]


def test_the_feature_marks_procedure_titles_only_for_rule_questions(sample_retriever) -> None:
    r = sample_retriever
    col = FEATURES.index("procedure_for_rule")

    def feature(q: str) -> tuple[np.ndarray, np.ndarray]:
        ranked = r.ranked(q, 20)
        X = r.rerank_features(ranked, ranked["rows"])
        proc = np.array([bool(PROCEDURE_TITLE_RE.search(_fold(r.chunks[int(r._art_row[i])].article_title or "")))
                         for i in ranked["rows"]], dtype=float)
        return X[:, col], proc

    x, proc = feature("Có bắt buộc phải nộp bản giấy khi đã nộp trực tuyến không?")
    assert proc.any() and (x == proc).all()
    # the same matter asked as a procedure (where to file): off
    x, proc = feature("Nộp bản giấy ở đâu khi đã nộp trực tuyến?")
    assert proc.any() and not x.any()


def test_the_question_weights_weigh_it_negatively() -> None:
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker

    m = load_reranker(str(QUESTION_WEIGHTS_PATH))
    assert m.coef[FEATURES.index("procedure_for_rule")] < 0
    assert "procedure_for_rule" in m.meta["residual_features"]["features"]


def test_the_birth_registration_duty_before_its_procedure(phapdien_served, monkeypatch) -> None:  # noqa: ANN001
    """"Con mới đẻ thì trong bao lâu phải đi làm giấy khai sinh?" (colloquial_questions): Luật Hộ tịch's "Trách nhiệm
    đăng ký khai sinh" (the 60-day duty) is first with the feature; without it "Thủ tục đăng ký khai sinh" is."""
    q = "Con mới đẻ thì trong bao lâu phải đi làm giấy khai sinh?"
    assert phapdien_served.search(q, 5)[0].chunk.article_id == "15.3.LQ.15"
    m = phapdien_served._reranker_q
    coef = m.coef.copy()
    coef[FEATURES.index("procedure_for_rule")] = 0.0
    monkeypatch.setattr(m, "coef", coef)
    assert phapdien_served.search(q, 5)[0].chunk.article_id == "15.3.LQ.16"
