"""The reranker's ``actor_subject`` (helper h-actor, issue 5): whose right or duty. The clause that carries the question's
modal ("… thì công ty phải bồi thường …") names one of the actors the candidates' titles name ("Nghĩa vụ của người sử
dụng lao động …"); that candidate gets 1 and a sibling of the same document naming another actor −1."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.rerank import FEATURES, actor_subject, question_actor_clause, title_actors


def _names(title: str) -> list[str]:
    return [" ".join(a) for a in title_actors(title)]


@pytest.mark.parametrize("title, actors", [
    ("Quyền của người lao động", ["người lao động"]),
    ("Nghĩa vụ của người sử dụng lao động khi đơn phương chấm dứt hợp đồng lao động", ["người sử dụng lao động"]),
    ("Quyền, nghĩa vụ của bên vay và bên cho vay", ["bên vay", "bên cho vay"]),
    ("Trách nhiệm của cơ quan, tổ chức, cá nhân", ["cơ quan", "tổ chức", "cá nhân"]),
    ("Người lao động có quyền đơn phương chấm dứt hợp đồng", ["người lao động"]),
    ("Giá trị pháp lý của hồ sơ điện tử", []),  # no right or duty: "của" names a thing
    ("Thủ tục đăng ký khai sinh", []),
    ("Người làm chứng cho việc lập di chúc", []),
])
def test_title_actors(title: str, actors: list[str]) -> None:
    assert _names(title) == actors


def test_the_modal_clause_and_everyday_names() -> None:
    clause = " ".join(question_actor_clause("Bị công ty đuổi việc ngang thì công ty phải bồi thường những gì?"))
    assert clause.startswith("công ty") and "người sử dụng lao động" in clause
    # the employer is named, but the one asking about leaving is the employee ("mình"): no employer in the clause
    clause = " ".join(question_actor_clause("Công ty nợ lương mấy tháng thì mình nghỉ ngang luôn có được không?"))
    assert "người sử dụng lao động" not in clause
    assert question_actor_clause("Thời hạn giải quyết khiếu nại lần đầu là bao lâu?") == []  # no modal
    # bracketed terms (prepare_query's) are not read
    assert "người lao động" not in " ".join(question_actor_clause("Sếp (người lao động) có phải trả không?"))


def test_the_named_actor_before_its_sibling() -> None:
    titles = ["Nghĩa vụ của người lao động khi đơn phương chấm dứt hợp đồng lao động",
              "Nghĩa vụ của người sử dụng lao động khi đơn phương chấm dứt hợp đồng lao động",
              "Trợ cấp thôi việc"]
    docs = ["BLLĐ", "BLLĐ", "BLLĐ"]
    q = "Bị công ty đuổi việc ngang không báo trước thì công ty phải bồi thường những gì?"
    assert actor_subject(q, titles, docs).tolist() == [-1.0, 1.0, 0.0]
    q = "Người lao động nghỉ ngang thì người lao động phải bồi thường gì?"
    assert actor_subject(q, titles, docs).tolist() == [1.0, -1.0, 0.0]
    # siblings only: the other actor in another document is left alone
    assert actor_subject(q, titles, ["BLLĐ", "NĐ", "BLLĐ"]).tolist() == [0.0, 0.0, 0.0]
    # no actor in the modal clause, or two of them: off
    assert not actor_subject("Nghỉ việc thì có được trợ cấp không?", titles, docs).any()
    assert not actor_subject("Người lao động và người sử dụng lao động có phải thỏa thuận không?", titles, docs).any()


def test_nested_actors_longest_match() -> None:
    titles = ["Quyền của người lao động", "Quyền của người lao động nước ngoài", "Quyền của người sử dụng lao động"]
    docs = ["L", "L", "L"]
    x = actor_subject("Người lao động nước ngoài có được nghỉ tết không?", titles, docs)
    # the longer actor is the one named; "người lao động" (in it) is not penalised, the employer is
    assert x.tolist() == [0.0, 1.0, -1.0]
    x = actor_subject("Người sử dụng lao động có được giữ bằng gốc không?", titles, docs)
    assert x.tolist() == [-1.0, -1.0, 1.0]


def test_the_question_weights_weigh_it_positively() -> None:
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker

    m = load_reranker(str(QUESTION_WEIGHTS_PATH))
    assert m.coef[FEATURES.index("actor_subject")] > 0
    assert "actor_subject" in m.meta["residual_features"]["features"]


def test_the_employers_duty_rises(phapdien_served, monkeypatch) -> None:  # noqa: ANN001
    """colloquial_questions colq_001: "… thì công ty phải bồi thường những gì?" — Bộ luật Lao động's "Nghĩa vụ của người
    sử dụng lao động khi đơn phương chấm dứt …" (20.2.LQ.41) ranks higher with the feature than without it, and the
    employee's sibling (20.2.LQ.40) lower."""
    q = "Bị công ty đuổi việc ngang không báo trước thì công ty phải bồi thường những gì?"

    def ranks() -> dict[str, int]:
        return {h.chunk.article_id: k for k, h in enumerate(phapdien_served.search(q, 10))}

    with_ = ranks()
    m = phapdien_served._reranker_q
    coef = m.coef.copy()
    coef[FEATURES.index("actor_subject")] = 0.0
    monkeypatch.setattr(m, "coef", coef)
    without = ranks()
    assert with_.get("20.2.LQ.41", 99) < without.get("20.2.LQ.41", 99)
    assert with_.get("20.2.LQ.40", 99) > without.get("20.2.LQ.40", 99)
    assert np.isfinite(coef).all()
