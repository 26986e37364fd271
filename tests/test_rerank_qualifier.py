"""The reranker's ``qualifier_mismatch`` (helper h-rank19): a question naming a case or qualifier ("vụ án dân sự",
"biên giới biển", "khiếu nại lần đầu", "cấp cao") against a candidate whose headings name only a sibling one ("Tố tụng
hành chính", "đất liền", "lần hai", "cấp huyện"): the same rule for a neighbouring case."""

from __future__ import annotations

import pytest

from assistant.rerank import qualifier_mismatch


def test_the_case_kind_named_in_the_question_against_the_headings() -> None:
    paths = [
        ["Tố tụng hành chính", "Chương XIII. THỦ TỤC PHÚC THẨM", "Điều 37.6.LQ.206. Thời hạn kháng cáo"],
        ["Tố tụng dân sự", "Chương XV. …", "Điều 37.5.LQ.273. Thời hạn kháng cáo"],
        ["Dân sự", "Chương I. …", "Điều 1. Phạm vi điều chỉnh"],  # the đề mục of the civil code: the same kind
        ["Khiếu nại", "Chương III. …", "Điều 18.1.LQ.28. Thời hạn giải quyết khiếu nại lần đầu"],  # names no kind
        ["Luật Tố tụng hành chính", "Điều 206. Thời hạn kháng cáo"],  # a whole law's title (ALQAC)
    ]
    assert list(qualifier_mismatch("Không đồng ý với bản án dân sự sơ thẩm thì kháng cáo trong bao nhiêu ngày?",
                                   paths)) == [1.0, 0.0, 0.0, 0.0, 1.0]
    # "quyết định hành chính" (an administrative decision) names no court case: nothing is a mismatch
    assert not qualifier_mismatch("Khiếu nại quyết định hành chính lần đầu ở đâu?", paths[:2]).any()


def test_border_round_residence_and_level() -> None:
    border = [["Biên giới quốc gia", "Chương II. … BIÊN GIỚI QUỐC GIA TRÊN ĐẤT LIỀN", "Điều 5. …"],
              ["Biên giới quốc gia", "Chương III. … BIÊN GIỚI QUỐC GIA TRÊN BIỂN", "Điều 9. …"]]
    assert list(qualifier_mismatch("Tàu cá vào khu vực biên giới biển phải báo ai?", border)) == [1.0, 0.0]
    rounds = [["Khiếu nại", "Điều 28. Thời hạn giải quyết khiếu nại lần đầu"],
              ["Khiếu nại", "Điều 37. Thời hạn giải quyết khiếu nại lần hai"]]
    assert list(qualifier_mismatch("Thời hạn giải quyết khiếu nại lần thứ hai?", rounds)) == [1.0, 0.0]
    residence = [["Cư trú", "Điều 22. Thủ tục đăng ký thường trú"], ["Cư trú", "Điều 28. Hồ sơ đăng ký tạm trú"],
                 ["Cư trú", "Điều 10. Quyền của công dân về thường trú, tạm trú"]]
    assert list(qualifier_mismatch("Hồ sơ đăng ký tạm trú gồm gì?", residence)) == [1.0, 0.0, 0.0]
    level = [["Tổ chức Viện kiểm sát nhân dân", "Điều 48. Cơ cấu tổ chức của Viện kiểm sát nhân dân cấp huyện"],
             ["Tổ chức Viện kiểm sát nhân dân", "Điều 44. Cơ cấu tổ chức của Viện kiểm sát nhân dân cấp cao"],
             ["Biên phòng Việt Nam", "Điều 31. Trách nhiệm của Ủy ban nhân dân các cấp"],
             # a document title naming a level is not read for levels: the whole text is not limited to it
             ["Quyết định quy định tiếp nhận … tại Bộ phận Một cửa cấp xã", "Điều 3. Trách nhiệm"]]
    assert list(qualifier_mismatch("Viện kiểm sát nhân dân cấp cao có những bộ phận nào?", level)) == [1.0, 0.0, 0.0, 0.0]
    # a question naming no qualifier: nothing
    assert not qualifier_mismatch("Thời hạn kháng cáo là bao lâu?", level + rounds + border).any()


@pytest.fixture(scope="module")
def phapdien(phapdien_served):  # noqa: ANN001, ANN201
    return phapdien_served


def test_the_civil_procedure_first_for_a_civil_case(phapdien, monkeypatch) -> None:  # noqa: ANN001
    """"Thời hạn chuẩn bị xét xử vụ án dân sự": without the term Luật Tố tụng hành chính's "Thời hạn chuẩn bị xét xử"
    is among the first three; with it the first three are all Bộ luật Tố tụng dân sự's."""
    from assistant.rerank import FEATURES

    q = "Thời hạn chuẩn bị xét xử vụ án dân sự là bao lâu?"

    def first_three() -> list[str]:
        return [h.chunk.heading_path[0] for h in phapdien.search(q, 5)[:3]]

    assert first_three() == ["Tố tụng dân sự"] * 3
    m = phapdien._reranker_q
    coef = m.coef.copy()
    coef[FEATURES.index("qualifier_mismatch")] = 0.0
    monkeypatch.setattr(m, "coef", coef)
    assert "Tố tụng hành chính" in first_three()
