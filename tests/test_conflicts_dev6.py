"""Conflict checker: the classes the blind dev6 set was written for (eval/data/conflicts/dev6.jsonl) — antonymous
acts in a retelling, bans written as lists of places/categories, a minimum turned into a maximum, implied
permissions ("vẫn … được … nếu"). Each mechanism is tested on a labelled pair that the checker of 27/11 late morning missed, and
on a hard negative of the same set that it must leave alone."""

from __future__ import annotations

import pytest

from assistant import conflicts as C
from assistant.conflicts import analyze, check_pair
from conflict_sets import pair, pair_label


def _poles(text: str) -> dict[str, set[int]]:
    return C.meaning._poles(C.to_legal_words(text)[0].lower())


# ----------------------------------------------------------------------------------------------- antonymous acts

def test_antonym_poles_read_negations_and_lifted_duties():
    both = "tự mình, có mặt / ủy quyền, nhờ người khác"
    # "không được nhờ người khác bỏ phiếu thay" says the same as "tự mình bỏ phiếu": one pole, not two
    assert _poles("Cử tri phải tự mình bỏ phiếu, không được nhờ người khác bỏ phiếu thay.") == {both: {1}}
    assert _poles("Cử tri ốm đau có thể ủy quyền cho người thân bỏ phiếu thay.") == {both: {-1}}
    # a duty lifted ("không cần giữ bản sao tại Việt Nam") puts nothing at either pole; the place abroad still counts
    assert _poles("Dữ liệu được phép lưu trên máy chủ đặt ở nước ngoài mà không cần giữ bản sao tại Việt Nam.") == {
        "lưu, đặt tại Việt Nam / ở nước ngoài": {-1}}
    # "không bắt buộc" is the voluntary pole itself
    assert _poles("Việc tham gia là không bắt buộc.") == {"tự nguyện / bắt buộc": {1}}
    # "thay thế", "tăng cường" are no poles
    assert _poles("Nghị định này thay thế Nghị định số 01/2020/NĐ-CP và tăng cường kiểm tra.") == {}


@pytest.mark.parametrize("pair_id", ["D6-001", "D6-023", "D6-003", "D6-007", "D6-025", "D6-010", "D6-015",
                                     "D6-020", "D6-021", "D4-018"])
def test_retelling_putting_the_act_at_the_opposite_pole_is_a_conflict(pair_id):
    # bí mật/công khai, Việt Nam/nước ngoài, văn bản/lời nói, có mặt/ủy quyền, trước/sau khi, giảm/tăng,
    # tự nguyện/bắt buộc — all missed before (no deontic marker differs)
    assert pair_label(pair_id) == "conflict"


@pytest.mark.parametrize("pair_id", [
    "D6-002",  # "giữ bí mật người báo tin" vs "công khai số điện thoại đường dây nóng": another object
    "D6-011",  # "ký quỹ trước khi xin giấy phép" vs "sau khi được cấp giấy phép, niêm yết …": another act
    "D6-016",  # "phí … đối với người lớn tăng" vs "trẻ em … được giảm 50%": another addressee
    "D6-022",  # "công dân nữ … nếu tự nguyện" vs "công dân nam … có nghĩa vụ": another addressee
    "D6-006",  # "nhờ người khác viết hộ nhưng vẫn phải tự mình bỏ phiếu": both poles, the law's exception
    "D6-009",  # "có thể thỏa thuận lập văn bản" vs "không bắt buộc phải lập văn bản": a lifted duty is no pole
])
def test_opposite_poles_about_another_thing_are_no_conflict(pair_id):
    assert pair_label(pair_id) != "conflict"


def test_antonym_rule_never_runs_between_two_central_documents():
    r = pair("D6-001")
    law = r["a"]
    other_law = r["b"].model_copy(update={"doc_type": "Nghị định", "number": "76/2023/NĐ-CP", "issuer": "Chính phủ",
                                          "citation": "Điều 9 Nghị định số 76/2023/NĐ-CP"})
    assert not C.retelling._retold(law, other_law)
    assert check_pair(law, other_law).label != "conflict"


# ------------------------------------------------------------------------------------------------ list bans

@pytest.mark.parametrize("pair_id", ["D6-039", "D6-040", "D6-041", "D6-044", "D6-046", "D6-048", "D6-050"])
def test_permission_at_a_member_of_a_listed_ban_is_a_conflict(pair_id):
    # "bệnh viện" is a "cơ sở y tế", "trường mầm non" a "cơ sở giáo dục", "phòng làm việc" a "nơi làm việc",
    # "xe khách" an "ô tô"; "trên cầu" and "kinh doanh dịch vụ đòi nợ" are named; "sữa … 6 đến 12 tháng tuổi" lies
    # inside "dưới 24 tháng tuổi"
    assert pair_label(pair_id) == "conflict"


@pytest.mark.parametrize("pair_id", [
    "D6-042",  # ban "trong nhà" at universities vs smoking "ngoài trời trong khuôn viên trường"
    "D6-043",  # "cấm … nhưng được phép có nơi dành riêng" (hotels) vs a smoking room in a hotel
    "D6-045",  # ban on "ô tô, tàu bay, tàu điện" vs a smoking area on a train ("tàu hỏa" is not listed)
    "D6-047",  # "rượu … từ 15 độ trở lên" vs advertising a 12-degree wine
    "D6-049",  # parking places listed vs parking by the kerb away from a junction
    "D6-051",  # "mua, bán người …; kinh doanh dịch vụ đòi nợ" vs "dịch vụ mua bán nợ"
])
def test_permission_outside_the_listed_ban_is_no_conflict(pair_id):
    assert pair_label(pair_id) != "conflict"


def test_list_ban_reads_items_and_their_own_exceptions():
    law = analyze("địa điểm cấm hút thuốc lá hoàn toàn trong nhà và trong phạm vi khuôn viên bao gồm: a) cơ sở y tế; "
                  "b) cơ sở giáo dục, trừ trường cao đẳng, đại học, học viện.")
    kindergarten = analyze("phụ huynh được hút thuốc ở sân trường mầm non.")
    college = analyze("sinh viên được hút thuốc ở sân trường cao đẳng.")
    f = C.meaning._list_ban_clash(law, kindergarten)
    assert f is not None and f.kind == "modality"
    assert C.meaning._list_ban_clash(law, college) is None  # the item's own "trừ trường cao đẳng"


# -------------------------------------------------------------------------------- minimum turned into a maximum

@pytest.mark.parametrize("pair_id", ["D6-012", "D6-014"])
def test_a_minimum_retold_as_a_maximum_is_a_conflict(pair_id):
    assert pair_label(pair_id) == "conflict"


def test_consistent_minimum_and_complementary_scopes_are_no_conflict():
    assert pair_label("D6-013") != "conflict"  # "tối thiểu 10 năm" vs "ít nhất mười năm"
    # "dưới 50 cm3" / "từ 50 cm3 trở lên": a strict bound names the complementary scope, not a ceiling
    assert pair_label("D4-038") != "conflict"
    xa = analyze("phòng hát karaoke phải có diện tích sử dụng từ 20 m2 trở lên")
    xb = analyze("phòng hát karaoke có diện tích sử dụng dưới 20 m2 thì không được cấp phép")
    assert C.detect_bound_flip(xa, xb) is None


def test_deadline_after_an_event_and_metres_are_read():
    assert [(q.lo, q.bound) for q in analyze("giao nộp chậm nhất sau hai năm").quantities] == [(720.0, "max")]
    assert [(q.lo, q.cat) for q in analyze("tàu cá dài từ 12 m trở lên").quantities] == [(12.0, "measure:mét")]


# -------------------------------------------------------------------------------------------- retelling types

def test_internal_rules_and_notices_are_retellings():
    r = pair("D6-039")  # "Nội quy" of a hospital, with its own number
    assert C.retelling._plain_retelling(r["b"]) and not C.retelling._plain_retelling(r["a"])
    prov = pair("D6-003")["b"]  # a provincial decision keeps its legal rank
    assert not C.retelling._plain_retelling(prov) and C.legal_rank(prov) == 7


# ------------------------------------------------------------------------------------------ implied permissions

def test_postverbal_duoc_is_moved_before_the_verb():
    t = "cửa hàng vẫn bán thuốc lá cho học sinh được nếu có giấy của phụ huynh"
    out = C.meaning._van_duoc(t)
    assert out == "cửa hàng vẫn được bán thuốc lá cho học sinh nếu có giấy của phụ huynh" and len(out) == len(t)


def test_still_allowed_if_against_a_ban_is_a_conflict():
    assert pair_label("D6-027") == "conflict"  # "vẫn bán thuốc lá cho học sinh được nếu …" vs "Nghiêm cấm bán thuốc lá …"


@pytest.mark.parametrize("pair_id", ["D6-033", "D6-029"])
def test_still_allowed_for_another_act_is_no_conflict(pair_id):
    # "vẫn được dùng thuốc thú y … nếu …" vs "Nghiêm cấm sử dụng chất cấm"; "pháo hoa không gây tiếng nổ" vs "pháo nổ"
    assert pair_label(pair_id) != "conflict"


def test_still_allowed_where_the_ban_has_its_own_exception_is_no_clash_of_this_rule():
    ban = analyze("nghiêm cấm bán thuốc lá cho người chưa đủ 18 tuổi, trừ trường hợp được cơ quan có thẩm quyền cho phép.")
    leaflet = analyze(C.meaning._van_duoc("cửa hàng vẫn bán thuốc lá cho học sinh được nếu có giấy phép"))
    assert C.meaning._implied_permission_clash(ban, leaflet) is None
    plain_ban = analyze("nghiêm cấm bán thuốc lá cho người chưa đủ 18 tuổi.")
    assert C.meaning._implied_permission_clash(plain_ban, leaflet) is not None
