"""Conflict checker: modality on formal pairs (helper h-mod23). Each reading on a real pair of the dev files where both
sides are ranked legal documents (a Luật or Nghị định against a People's Committee's decision), with the hard negative
it must leave alone; each test of a switch fails with it off (the code before h-mod23).

* a ban that opens a sentence and lists its acts separated by ";" bans each of them (``modals.BAN_SERIES``: D7-020);
* "chỉ S được X" reserves X to S, so a norm giving X to a subject S does not name clashes
  (``modality.ONLY_SUBJECT``: D5-019);
* a second marker after "và"/"hoặc", or a waiver inside a permission, is a norm of its own
  (``modals.COORD_NORM``: D11-063);
* "đề nghị cấp giấy phép" is applying for the licence, "có giấy phép" holding it (the paraphrase lexicon), and the
  "phải" of "không phải có …" is no requirement (``meaning._REQUIRE_RE``): D11-019, D11-018.
"""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair, modality, modals

from conflict_sets import clear_parses as _clear
from conflict_sets import pair, pair_label


pytestmark = pytest.mark.usefixtures("fresh_parses")  # parses are cached by text: cleared around each test


def test_ban_series_continues_the_ban():
    """Luật Bảo vệ và phát triển rừng: "Nghiêm cấm chặt, phá, khai thác, lấn chiếm rừng …; khai thác gỗ trong rừng
    phòng hộ đầu nguồn là rừng tự nhiên." bans the second act too."""
    an = analyze(pair("D7-020")["a"].text)
    assert [m.kind for m in an.modals] == ["prohibit", "prohibit"]
    assert an.modals[1].action_text.startswith("khai thác gỗ trong rừng phòng hộ đầu nguồn")


def test_ban_series_clashes_with_a_commune_permission():
    """D7-020: the commune lets households fell natural trees in the headwater protection forest."""
    assert pair_label("D7-020") == "conflict"


def test_ban_series_switch_off_restores_the_miss(monkeypatch):
    monkeypatch.setattr(modals, "BAN_SERIES", False)
    _clear()
    assert pair_label("D7-020") != "conflict"


def test_ban_series_needs_one_of_the_ban_verbs():
    """"…; giữa những người có họ trong phạm vi ba đời" is the ban's other case, "…; cha mẹ đẻ, cha mẹ nuôi; …" lists
    persons: neither is an act of its own (D8-058 stays consistent)."""
    an = analyze("Cấm kết hôn hoặc chung sống như vợ chồng giữa những người cùng dòng máu về trực hệ; giữa những người "
                 "có họ trong phạm vi ba đời.")
    assert [m.kind for m in an.modals] == ["prohibit"]
    assert pair_label("D8-058") == "no_conflict"
    assert [m.kind for m in analyze("Nghiêm cấm hút thuốc lá tại nơi làm việc; việc xử lý vi phạm thực hiện theo quy "
                                    "định.").modals] == ["prohibit"]


def test_only_subject_reserves_the_exemption():
    """D5-019: the decree exempts people with (very) severe disabilities from bus fares; the province says only war
    invalids and sick soldiers ride free."""
    assert pair_label("D5-019") == "conflict"
    r = pair("D5-019")
    c = check_pair(r["b"], r["a"])
    assert c.label == "conflict" and "thương binh, bệnh binh" in c.explanation


def test_only_subject_switch_off_restores_the_miss(monkeypatch):
    monkeypatch.setattr(modality, "ONLY_SUBJECT", False)
    assert pair_label("D5-019") != "conflict"


def test_only_subject_named_among_the_reserved_stays_consistent():
    """A subject the reservation names, or a reservation on both sides, is no clash."""
    r = pair("D5-019")
    same = r["b"].model_copy(update={"text": "Thương binh, bệnh binh sử dụng xe buýt có trợ giá được miễn vé."})
    assert check_pair(r["b"], same).label != "conflict"


def test_applying_for_a_licence_is_holding_one():
    """D11-019: the law frees gifts from applying for an import licence ("không phải đề nghị cấp giấy phép nhập
    khẩu"); the province requires a licence for every imported publication, gifts included."""
    assert pair_label("D11-019") == "conflict"


def test_two_lifts_stay_consistent():
    """D11-018: the law and a Q&A page both say no import licence is needed for gifts ("không phải có" is no
    requirement)."""
    assert pair_label("D11-018") == "no_conflict"


def test_coordinated_norms_are_read_apart():
    """"… được cấp giấy chứng nhận hiến máu và được ưu tiên truyền máu": two permissions; a waiver inside a permission
    ("có quyền đơn phương chấm dứt … không cần báo trước") is an exemption of its own; "phải được lập … và được lưu
    trữ" stays one passive duty."""
    an = analyze("Người hiến máu tình nguyện được cấp giấy chứng nhận hiến máu và được ưu tiên truyền máu khi cần.")
    assert [(m.kind, m.action_text) for m in an.modals] == [("permit", "cấp giấy chứng nhận hiến máu"),
                                                            ("permit", "ưu tiên truyền máu")]
    an = analyze("Người lao động có quyền đơn phương chấm dứt hợp đồng lao động không cần báo trước.")
    assert [m.kind for m in an.modals] == ["permit", "no_oblige"]
    assert [m.kind for m in analyze("Hồ sơ phải được lập thành văn bản và được lưu trữ tại cơ quan.").modals] == ["oblige"]


def test_coordinated_permission_clashes_with_a_provincial_ban():
    """D11-063: the law gives blood donors priority for transfusions; the province says the donor's certificate may
    not be used to ask for it."""
    assert pair_label("D11-063") == "conflict"


def test_coordinated_norm_switch_off_restores_the_miss(monkeypatch):
    monkeypatch.setattr(modals, "COORD_NORM", False)
    _clear()
    assert pair_label("D11-063") != "conflict"
