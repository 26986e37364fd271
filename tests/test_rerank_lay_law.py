"""The reranker's ``lay_law`` (helper h-everyday, issue 5): a question in everyday wording (``lay_register``: under
half of its content bigrams are phrases of some article title) that asks none of the practical intents (deadline,
competent body, documents, fee …) prefers candidates from a Luật / Bộ luật / Hiến pháp (``from_law``)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from assistant.rerank import LAY_GATE, from_law, lay_register

TITLES = frozenset({"nghỉ hằng", "hằng tuần", "thời hạn", "hạn giải", "giải quyết", "quyết khiếu", "khiếu nại",
                    "nại lần", "lần đầu", "thời giờ", "giờ nghỉ", "nghỉ ngơi"})


def test_lay_register_reads_the_askers_wording() -> None:
    # officials' wording: every content bigram is a title phrase
    assert lay_register("Thời hạn giải quyết khiếu nại lần đầu là bao lâu?", TITLES) == 0.0
    # everyday wording: none is
    assert lay_register("Làm ở xưởng mà cả tuần không được nghỉ ngày nào thì có đúng luật không?", TITLES) == 1.0
    # the legal terms prepare_query adds in brackets are not the asker's words
    assert lay_register("Công ty đuổi việc (sa thải, đơn phương chấm dứt hợp đồng lao động) có phải bồi thường?",
                        TITLES) == 1.0
    # a mix; only question / function words: no bigram, 0
    assert 0.0 < lay_register("Thời hạn giải quyết đơn của tôi ở xưởng may?", TITLES) < 1.0
    assert lay_register("Có được không?", TITLES) == 0.0


def test_from_law_by_code_or_document_type() -> None:
    c = lambda article_id, doc_type="Pháp điển": SimpleNamespace(article_id=article_id, doc_type=doc_type)  # noqa: E731
    assert [from_law(c(a)) for a in ("20.2.LQ.111", "20.2.TT.4.7", "9.1.NĐ.3.1", "1.1.HP.5")] == [1.0, 0.0, 0.0, 1.0]
    assert [from_law(c("12", t)) for t in ("Luật", "Bộ luật", "Hiến pháp", "Nghị định", "Thông tư")] == \
        [1.0, 1.0, 1.0, 0.0, 0.0]


def test_the_feature_fires_only_for_everyday_questions_that_ask_no_intent(sample_retriever) -> None:
    from assistant.rerank import FEATURES

    r = sample_retriever
    col = FEATURES.index("lay_law")

    def feature(q: str) -> tuple[np.ndarray, np.ndarray]:
        ranked = r.ranked(q, 20)
        X = r.rerank_features(ranked, ranked["rows"])
        laws = np.array([from_law(r.chunks[int(r._art_row[i])]) for i in ranked["rows"]])
        return X[:, col], laws

    q = "Nhà tôi mất giấy tờ gốc thì có được xin lại bản sao không?"
    x, laws = feature(q)
    assert lay_register(q, r._kstats.title_bigrams(r.chunks)) > LAY_GATE
    assert laws.any() and (x == laws).all()
    # the same words asking a fee (an intent): off
    x, _ = feature("Nhà tôi mất giấy tờ gốc thì xin lại bản sao mất bao nhiêu tiền?")
    assert not x.any()


@pytest.fixture(scope="module")
def phapdien(phapdien_served):  # noqa: ANN001, ANN201
    return phapdien_served


def test_the_weekly_rest_rule_of_the_labour_code_first(phapdien, monkeypatch) -> None:  # noqa: ANN001
    """"Làm ở xưởng mà cả tuần không được nghỉ ngày nào …" (phapdien_train3): the Bộ luật Lao động's "Nghỉ hằng tuần"
    is first with the feature; without it a circular's "Thời giờ nghỉ ngơi" is."""
    from assistant.rerank import FEATURES

    q = "Làm ở xưởng mà cả tuần không được nghỉ ngày nào thì có đúng luật không?"
    assert phapdien.search(q, 5)[0].chunk.article_id == "20.2.LQ.111"
    m = phapdien._reranker_q
    coef = m.coef.copy()
    coef[FEATURES.index("lay_law")] = 0.0
    monkeypatch.setattr(m, "coef", coef)
    assert phapdien.search(q, 5)[0].chunk.article_id != "20.2.LQ.111"
