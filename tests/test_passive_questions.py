"""Questions asking what befalls their subject ("Viên chức bị đơn phương chấm dứt hợp đồng khi nào?"): the cue
``question.passive_of`` reads, and the passage side (``passages._acts_as_subject``) that tells the khoản where the
subject acts from the one where another party acts on it. End to end on ALQAC: ``tests/test_cli.py``."""

from __future__ import annotations

import pytest

from assistant.answering.passages import _acts_as_subject
from assistant.answering.question import analyze_question, passive_of


@pytest.mark.parametrize(
    ("question", "passive"),
    [
        ("Viên chức bị đơn phương chấm dứt hợp đồng khi nào?", ("viên chức", "đơn phương")),
        ("Cho tôi hỏi giấy phép bị thu hồi trong trường hợp nào?", ("giấy phép", "thu hồi")),
        ("Cán bộ bị cấm làm những việc gì?", None),  # a ban on the subject's own acts
        ("Tôi bị phạt bao nhiêu tiền?", None),  # a sanction
        ("Cán bộ trại tạm giam bị tố cáo thì có quyền đưa ra bằng chứng không?", None),  # a case, then the ask
        ("Khi Đoàn Luật sư chuẩn bị họp đại hội, đề án phải có nội dung gì?", None),  # "chuẩn bị" is a word
    ],
)
def test_passive_question_names_its_subject_and_the_act_it_undergoes(question, passive):
    assert passive_of(analyze_question(question).cues) == passive


def test_a_unit_where_the_passive_subject_acts_is_told_apart():
    act = ("viên chức", "đơn phương")
    assert _acts_as_subject("5. viên chức làm việc theo hợp đồng có quyền đơn phương chấm dứt hợp đồng", *act)
    assert not _acts_as_subject("1. đơn vị sự nghiệp công lập được đơn phương chấm dứt hợp đồng với viên chức", *act)
    assert not _acts_as_subject("a) viên chức bị đơn phương chấm dứt hợp đồng được hưởng trợ cấp", *act)
