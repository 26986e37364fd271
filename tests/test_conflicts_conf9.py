"""Conflict checker, helper h-conf9 (issue #6): competence told in a retelling — the body a matter is filed with, and
the head of a unit of a body, act for it; a body that only guides, urges or coordinates others does not (the
paraphrase pass of a retold pair, ``scope._actor`` / ``scope._acting_bodies``). Pairs from the dev sets (real
provisions of Luật Xuất cảnh, nhập cảnh 2019 and Luật Căn cước 2023 against a retelling), each missed by main of
27/11 night (34c7964), and the hard negative written next to one of them."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair
from assistant.conflicts import scope as SC
from conflict_sets import pair, pair_label


def _acting(text: str) -> list[str]:
    return [name for name, _ in SC._acting_bodies(analyze(text)).authorities]


def test_body_a_matter_is_filed_with_acts():
    text = ("Người đề nghị cấp hộ chiếu phổ thông lần đầu nộp hồ sơ tại cơ quan Quản lý xuất nhập cảnh Công an cấp tỉnh "
            "nơi thường trú hoặc nơi tạm trú.").lower()
    an = analyze(text)
    (_name, (st, _en)), = an.authorities
    assert SC._actor(an, True, st)
    assert not SC._actor(an, False, st)  # only in the paraphrase pass (never between two central texts)


def test_head_of_a_unit_of_a_body_acts_for_it():
    text = ("Thủ trưởng cơ quan quản lý căn cước của Bộ Công an có thẩm quyền cho phép khai thác thông tin trong Cơ sở "
            "dữ liệu căn cước.").lower()
    an = analyze(text)
    (_name, (st, _en)), = an.authorities
    assert SC._actor(an, True, st)


def test_body_that_only_guides_others_does_not_act():
    text = ("Sở Tư pháp hướng dẫn các tổ chức hành nghề công chứng gửi văn bản đề nghị đến cơ quan quản lý căn cước của "
            "Bộ Công an để được cho phép khai thác thông tin trong Cơ sở dữ liệu căn cước.").lower()
    # neither body is the one acting alone: both stay listed, so no competence clash can be read from this clause
    assert sorted(_acting(text)) == ["bộ công an", "sở tư pháp"]


@pytest.mark.parametrize("pair_id", ["D4-026", "D8-032"])
def test_competence_given_to_another_body_in_a_retelling(pair_id):
    r = pair(pair_id)
    c = check_pair(r["a"], r["b"])
    assert (c.label, c.kind) == ("conflict", "scope")


@pytest.mark.parametrize("pair_id", ["D8-070"])
def test_body_guiding_a_request_to_the_competent_body_is_no_conflict(pair_id):
    # the hard negative beside D8-032 (guard: also no conflict on main, where the Bộ Công an side was not read as acting)
    assert pair_label(pair_id) == "no_conflict"
