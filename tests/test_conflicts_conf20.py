"""Conflict checker: the readings added after the blind set dev20 (h-conf20). Each on real provisions of the Pháp điển
subset (Luật Quảng cáo 16/2012/QH13, Nghị định 96/2016/NĐ-CP and Thông tư 42/2017/TT-BCA on an ninh, trật tự,
Quyết định 06/2020/QĐ-TTg on hội nghị, hội thảo quốc tế) against the retellings of dev20, with the hard negatives
it must leave alone; each test fails with its switch off (or on the code before h-conf20)."""

from __future__ import annotations

import pytest

from assistant.conflicts import analyze, check_pair, numeric, pair, place, quantities
from assistant.records import ConflictSide

from conflict_sets import clear_parses as _clear


pytestmark = pytest.mark.usefixtures("fresh_parses")  # parses are cached by text: cleared around each test


def _law(text: str, doc_type: str, number: str, issuer: str) -> ConflictSide:
    return ConflictSide(text=text, citation=f"Điều 1 {doc_type} số {number}", doc_type=doc_type, number=number,
                        issuer=issuer, issued_on="2016-07-01", effective_from="2016-07-01")


def _told(text: str, issuer: str) -> ConflictSide:
    return ConflictSide(text=text, citation="Quy định nội bộ", doc_type="Văn bản", number=None, issuer=issuer)


# Điều 22 khoản 1, 2 Luật Quảng cáo 16/2012/QH13 (sửa đổi bởi Luật 75/2025/QH15)
_TV = _law("1. Thời lượng quảng cáo trên kênh chương trình cung cấp theo phương thức quảng bá không được vượt quá 10% tổng "
           "thời lượng phát sóng một ngày của các kênh chương trình, trừ thời lượng quảng cáo trên kênh chương trình "
           "chuyên quảng cáo; phải có dấu hiệu phân biệt nội dung quảng cáo với các nội dung khác. 2. Thời lượng quảng "
           "cáo trên kênh truyền hình chương trình cung cấp theo phương thức trả tiền không được vượt quá 5% tổng thời "
           "lượng phát sóng một ngày của các kênh chương trình, trừ thời lượng quảng cáo trên kênh chương trình chuyên "
           "quảng cáo.", "Luật", "16/2012/QH13", "Quốc hội")
# Điều 21 khoản 1
_PRESS = _law("Diện tích quảng cáo không được vượt quá 30% tổng diện tích một ấn phẩm báo hoặc 40% tổng diện tích một ấn "
              "phẩm tạp chí, trừ báo, tạp chí chuyên quảng cáo, phụ trương quảng cáo; phải có dấu hiệu phân biệt nội dung "
              "quảng cáo với các nội dung khác.", "Luật", "16/2012/QH13", "Quốc hội")
# Điều 4 khoản 1 điểm a Quyết định 06/2020/QĐ-TTg
_CONF = _law("Đơn vị tổ chức gửi đầy đủ hồ sơ xin phép tổ chức hội nghị, hội thảo quốc tế cho cơ quan của người có thẩm "
             "quyền ít nhất 40 ngày đối với hội nghị, hội thảo quốc tế thuộc thẩm quyền quyết định của Thủ tướng Chính "
             "phủ và ít nhất 30 ngày đối với hội nghị, hội thảo quốc tế thuộc thẩm quyền quyết định của người có thẩm "
             "quyền.", "Quyết định", "06/2020/QĐ-TTg", "Thủ tướng Chính phủ")
# Điều 23 khoản 3, 4 Nghị định 96/2016/NĐ-CP
_ISSUE = _law("3. Thời hạn hoàn thành việc cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự kể từ ngày nhận đủ hồ sơ "
              "hợp lệ quy định như sau: a) Không quá 05 ngày làm việc đối với trường hợp quy định tại các Điều 19, 20 và "
              "các khoản 2, 3, 4 Điều 22 Nghị định này; b) Không quá 04 ngày làm việc đối với trường hợp cấp đổi, cấp lại "
              "quy định tại Điều 21 và khoản 1 Điều 22 Nghị định này. 4. Trường hợp không cấp Giấy chứng nhận đủ điều kiện "
              "về an ninh, trật tự thì trong thời hạn 04 ngày làm việc kể từ ngày nhận hồ sơ, cơ quan Công an phải có văn "
              "bản trả lời cơ sở kinh doanh và nêu rõ lý do.", "Nghị định", "96/2016/NĐ-CP", "Chính phủ")
# Điều 8 khoản 1 Thông tư 42/2017/TT-BCA
_INSPECT = _law("Cơ quan Công an có thẩm quyền quy định tại Điều 24 Nghị định số 96/2016/NĐ-CP thực hiện kiểm tra định kỳ cơ "
                "sở kinh doanh không quá một lần trong một năm … Trước khi thực hiện kiểm tra, cơ quan Công an có thẩm "
                "quyền phải có văn bản thông báo trước 05 ngày làm việc cho cơ sở kinh doanh về thời gian, địa điểm, nội "
                "dung kiểm tra, thành phần đoàn kiểm tra.", "Thông tư", "42/2017/TT-BCA", "Bộ Công an")
# Điều 21 khoản 2 Luật Quảng cáo
_SUPPLEMENT = _law("Cơ quan báo chí được phép ra phụ trương quảng cáo và phải thông báo bằng văn bản cho cơ quan quản lý nhà "
                   "nước về báo chí trước ít nhất 30 ngày tính đến ngày phát hành đầu tiên của phụ trương quảng cáo.",
                   "Luật", "16/2012/QH13", "Quốc hội")


def test_two_cases_the_retelling_applies_the_other_cases_value(monkeypatch):
    pay_tv = _told("Trên các kênh truyền hình trả tiền do Đài cung cấp, thời lượng quảng cáo được tối đa 10% tổng thời "
                   "lượng phát sóng trong ngày.", "Đài Phát thanh và Truyền hình Bình Phước")
    free_tv = _told("Kênh quảng bá BPTV1 phát quảng cáo không quá 10% thời lượng phát sóng mỗi ngày, có biểu tượng phân "
                    "biệt quảng cáo với chương trình.", "Đài Phát thanh và Truyền hình Bình Phước")
    pm = _told("Đối với hội nghị quốc tế thuộc thẩm quyền cho phép của Thủ tướng Chính phủ, đơn vị tổ chức gửi hồ sơ xin "
               "phép ít nhất 30 ngày trước ngày khai mạc.", "Sở Ngoại vụ tỉnh Đồng Tháp")
    province = _told("Hội thảo quốc tế thuộc thẩm quyền cho phép của Chủ tịch Ủy ban nhân dân tỉnh: hồ sơ xin phép gửi Sở "
                     "Ngoại vụ chậm nhất 30 ngày trước ngày tổ chức.", "Sở Ngoại vụ tỉnh Đồng Tháp")
    assert check_pair(_TV, pay_tv).label == "conflict"  # the pay channel's own value is 5%
    assert check_pair(_TV, free_tv).label == "no_conflict"
    assert check_pair(_CONF, pm).label == "conflict"  # 40 days for the Prime Minister's conferences
    assert check_pair(_CONF, province).label == "no_conflict"  # names no case: 30 days is one of the law's values
    monkeypatch.setattr(numeric, "CASE_VALUES", False)
    # (h-conf25's TWO_VALUES_CLAUSE reads the pay-TV pair too: the clause of the compared value names the other
    # clause's words better than the clause holding its equal; off, as before h-conf25)
    monkeypatch.setattr(numeric, "TWO_VALUES_CLAUSE", False)
    _clear()
    assert check_pair(_TV, pay_tv).label == "no_conflict"
    assert check_pair(_CONF, pm).label == "no_conflict"


def test_two_cases_a_value_of_the_other_case_is_not_compared(monkeypatch):
    # a newspaper that keeps to a quarter of its pages: inside the 30% of "báo"; the 40% of "tạp chí" is not its case
    quarter = _told("Báo Thanh niên Tây Ninh giới hạn quảng cáo ở mức một phần tư tổng diện tích mỗi số báo in.",
                    "Báo Thanh niên Tây Ninh")
    forty = _told("Mỗi số báo in của Báo Sông Bé được dành tối đa 40% tổng diện tích cho quảng cáo, như mức Tòa soạn vẫn áp "
                  "dụng cho ấn phẩm tạp chí của mình.", "Báo Sông Bé")
    assert check_pair(_PRESS, quarter).label == "no_conflict"
    assert check_pair(_PRESS, forty).label == "conflict"
    monkeypatch.setattr(numeric, "CASE_VALUES", False)
    _clear()
    assert check_pair(_PRESS, quarter).label == "conflict"
    assert check_pair(_PRESS, forty).label == "no_conflict"


def test_two_cases_need_words_of_their_own():
    # "thời gian tập sự đối với công chức loại C là 12 tháng; đối với công chức loại D là 06 tháng" (dev4): the head's
    # words are no case of the first value; the class letters are
    law = _law("Thời gian tập sự đối với công chức loại C là 12 tháng; đối với công chức loại D là 06 tháng.", "Nghị định",
               "138/2020/NĐ-CP", "Chính phủ")
    told = _told("Người trúng tuyển vào ngạch công chức loại D phải trải qua thời gian tập sự sáu tháng.", "Sở Nội vụ")
    assert check_pair(law, told).label == "no_conflict"
    # a bound the retelling keeps below ("không bố trí … từ đủ 55 tuổi trở lên") is no value of a case
    a, b = analyze(_PRESS.text), analyze("Không dành quá 40% tổng diện tích mỗi số báo in cho quảng cáo.")
    assert numeric._case_decision(a, a.quantities[0], b, b.quantities[0]) is None


def test_a_plain_retelling_does_not_restate_a_list_lead(monkeypatch):
    renew = _told("Hồ sơ cấp đổi Giấy chứng nhận đủ điều kiện về an ninh, trật tự do thay đổi người đại diện theo pháp luật "
                  "được giải quyết trong 05 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ.", "Công an huyện Phụng Hiệp")
    new = _told("Hồ sơ cấp mới Giấy chứng nhận đủ điều kiện về an ninh, trật tự được trả kết quả trong 05 ngày làm việc kể "
                "từ ngày nhận đủ hồ sơ hợp lệ.", "Công an huyện Phụng Hiệp")
    assert check_pair(_ISSUE, renew).label == "conflict"  # cấp đổi: 04 ngày làm việc
    assert check_pair(_ISSUE, new).label == "no_conflict"
    monkeypatch.setattr(pair, "PLAIN_LIST_LEAD", False)
    _clear()
    assert check_pair(_ISSUE, renew).label == "no_conflict"


def test_weekdays_of_a_worked_example(monkeypatch):
    two_days = _told("Đoàn kiểm tra gửi thông báo kiểm tra định kỳ cho cơ sở vào thứ Sáu và tiến hành kiểm tra vào thứ Ba "
                     "tuần sau.", "Công an huyện Mỹ Tú")
    q = [x for x in analyze(two_days.text).quantities if x.cat == "workday"]
    assert q and q[0].hi == 2 and q[0].retold
    assert check_pair(_INSPECT, two_days).label == "conflict"
    five = _told("Hồ sơ đề nghị cấp mới Giấy chứng nhận đủ điều kiện về an ninh, trật tự, hợp lệ, nộp sáng thứ Hai thì được "
                 "hẹn trả kết quả vào thứ Hai tuần sau.", "Công an huyện Phụng Hiệp")
    assert [x.hi for x in analyze(five.text).quantities if x.cat == "workday"] == [5.0]
    assert check_pair(_ISSUE, five).label == "no_conflict"
    renew = _told("Hồ sơ cấp lại Giấy chứng nhận đủ điều kiện về an ninh, trật tự do bị mất, nộp ngày thứ Năm thì được hẹn "
                  "trả kết quả vào thứ Năm tuần sau.", "Công an huyện Phụng Hiệp")
    assert check_pair(_ISSUE, renew).label == "conflict"  # five working days for a case of 04
    # a period of days and an ordinal are no time limit
    for text in ("Băng-rôn chào mừng khai trương chi nhánh treo từ thứ Hai đến Chủ nhật.",
                 "Lần thứ hai vi phạm thì bị đình chỉ; ngày làm việc thứ hai được tính là hạn cuối."):
        assert not [x for x in analyze(text).quantities if x.cat == "workday"]
    monkeypatch.setattr(quantities, "WEEKDAY_SPANS", False)
    _clear()
    assert check_pair(_INSPECT, two_days).label == "no_conflict"


def test_a_lead_time_told_as_two_dates(monkeypatch):
    short = _told("Báo Cần Thơ phát hành số phụ trương quảng cáo đầu tiên vào ngày 15/12/2026; văn bản thông báo về phụ "
                  "trương được Tòa soạn gửi Sở Thông tin và Truyền thông ngày 01/12/2026.", "Báo Cần Thơ")
    enough = _told("Ngày 02/11/2026, Báo Hậu Giang gửi văn bản thông báo cho cơ quan quản lý nhà nước về báo chí về việc ra "
                   "phụ trương quảng cáo; số phụ trương đầu tiên phát hành ngày 15/12/2026.", "Báo Hậu Giang")
    assert check_pair(_SUPPLEMENT, short).label == "conflict"  # 14 days' notice for at least 30
    assert check_pair(_SUPPLEMENT, enough).label == "no_conflict"  # 43 days
    # a period "từ ngày … đến ngày …" is no lead time; a gap is compared with nothing but a minimum lead time
    assert not [x for x in analyze("Chương trình thực hiện từ ngày 01/3/2024 đến ngày 31/12/2024.").quantities
                if quantities.is_date_gap(x)]
    monkeypatch.setattr(quantities, "DATE_GAPS", False)
    _clear()
    assert check_pair(_SUPPLEMENT, short).label == "no_conflict"


def _handbook(text: str, issuer: str) -> ConflictSide:
    return ConflictSide(text=text, citation="Cẩm nang thủ tục hành chính", doc_type="Văn bản", number=None, issuer=issuer)


# Điều 24 khoản 2 điểm a và khoản 3 Nghị định 96/2016/NĐ-CP
_PROVINCE_POLICE = _law("Phòng Cảnh sát quản lý hành chính về trật tự xã hội Công an các tỉnh, thành phố trực thuộc trung ương "
                        "chịu trách nhiệm: a) Cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự và quản lý các cơ sở kinh "
                        "doanh (trừ các cơ sở kinh doanh quy định tại điểm a khoản 1 Điều này), bao gồm: … Kinh doanh các "
                        "thiết bị gây nhiễu, phá sóng thông tin di động; kinh doanh dịch vụ phẫu thuật thẩm mỹ; kinh doanh "
                        "dịch vụ vũ trường; các doanh nghiệp kinh doanh dịch vụ lưu trú; kinh doanh dịch vụ đòi nợ; kinh "
                        "doanh dịch vụ bảo vệ.", "Nghị định", "96/2016/NĐ-CP", "Chính phủ")
_DISTRICT_POLICE = _law("Công an cấp huyện thuộc các tỉnh, thành phố trực thuộc trung ương chịu trách nhiệm cấp Giấy chứng nhận "
                        "đủ điều kiện về an ninh, trật tự và quản lý các cơ sở kinh doanh (trừ các cơ sở kinh doanh quy định "
                        "tại điểm a khoản 1, điểm a khoản 2 Điều này), bao gồm: a) Các cơ sở kinh doanh cung ứng dịch vụ sử "
                        "dụng súng bắn sơn; kinh doanh dịch vụ karaoke; kinh doanh dịch vụ xoa bóp; kinh doanh dịch vụ cầm "
                        "đồ; kinh doanh thiết bị phát tín hiệu của xe được quyền ưu tiên; kinh doanh khí; b) Các cơ sở kinh "
                        "doanh không phải là doanh nghiệp kinh doanh dịch vụ lưu trú và kinh doanh dịch vụ in.",
                        "Nghị định", "96/2016/NĐ-CP", "Chính phủ")
# Điều 27 khoản 1 Luật Trọng tài thương mại 54/2010/QH12 (dev17)
_ARBITRATION = _law("Trong thời hạn 30 ngày, kể từ ngày nhận được Giấy phép thành lập, Trung tâm trọng tài phải đăng ký hoạt "
                    "động tại Sở Tư pháp địa phương nơi Trung tâm trọng tài đặt trụ sở.", "Luật", "54/2010/QH12", "Quốc hội")


def test_a_matter_of_the_laws_list_given_to_another_level(monkeypatch):
    disco = _handbook("Công an cấp huyện cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự cho các cơ sở kinh doanh dịch "
                      "vụ vũ trường trên địa bàn huyện.", "Công an tỉnh Hậu Giang")
    hotel = _handbook("Khách sạn 3 sao do Công ty TNHH Biển Xanh kinh doanh nộp hồ sơ cấp Giấy chứng nhận đủ điều kiện về an "
                      "ninh, trật tự tại Phòng Cảnh sát quản lý hành chính về trật tự xã hội Công an tỉnh.",
                      "Hiệp hội Du lịch tỉnh Khánh Hòa")
    karaoke = _handbook("Cơ sở karaoke nộp hồ sơ đề nghị cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự tại Công an xã, "
                        "phường nơi kinh doanh; Công an xã, phường cấp Giấy chứng nhận.", "Phòng Văn hóa và Thông tin huyện")
    inn = _handbook("Nhà nghỉ do hộ kinh doanh cá thể quản lý được Công an huyện cấp Giấy chứng nhận đủ điều kiện về an ninh, "
                    "trật tự.", "Hiệp hội Du lịch tỉnh Khánh Hòa")
    assert check_pair(_PROVINCE_POLICE, disco).label == "conflict"
    assert check_pair(_PROVINCE_POLICE, hotel).label == "no_conflict"  # the same office, told with its province
    assert check_pair(_DISTRICT_POLICE, karaoke).label == "conflict"
    assert check_pair(_DISTRICT_POLICE, inn).label == "no_conflict"
    monkeypatch.setattr(place, "COMPETENCE_ITEMS", False)
    _clear()
    assert check_pair(_PROVINCE_POLICE, disco).label == "no_conflict"
    assert check_pair(_DISTRICT_POLICE, karaoke).label == "no_conflict"


def test_the_same_matter_filed_at_another_office(monkeypatch):
    ministry = _handbook("Trung tâm trọng tài mới được cấp giấy phép thành lập đăng ký hoạt động tại Bộ Tư pháp.",
                         "Trang tư vấn luật Gia Phát")
    same = _handbook("Trung tâm trọng tài đăng ký hoạt động tại Sở Tư pháp nơi đặt trụ sở.", "Trang tư vấn luật Gia Phát")
    assert check_pair(_ARBITRATION, ministry).label == "conflict"
    assert check_pair(_ARBITRATION, same).label == "no_conflict"
    # an office told by its field is not read ("cơ quan có thẩm quyền về quảng cáo" may well be the Sở it names);
    # a country is no office
    assert place.detect_place_clash(
        "Tổ chức, cá nhân gửi hồ sơ thông báo sản phẩm quảng cáo đến cơ quan nhà nước có thẩm quyền về quảng cáo của địa "
        "phương trước khi thực hiện.",
        "Doanh nghiệp gửi hồ sơ thông báo sản phẩm quảng cáo đến Sở Văn hóa, Thể thao và Du lịch trước khi treo.") is None
    monkeypatch.setattr(place, "PLACE_CLASH", False)
    _clear()
    assert check_pair(_ARBITRATION, ministry).label == "no_conflict"


# Điều 13 khoản 1 Nghị định 99/2022/NĐ-CP; Điều 3 Thông tư 42/2017/TT-BCA
_WAYS = _law("Hồ sơ đăng ký được nộp theo một trong các cách thức sau đây: a) Qua hệ thống đăng ký trực tuyến; b) Nộp bản "
             "giấy trực tiếp hoặc gửi qua dịch vụ bưu chính; c) Qua thư điện tử.", "Nghị định", "99/2022/NĐ-CP", "Chính phủ")
_BRANCH = _law("Đối với chi nhánh, cơ sở kinh doanh trực thuộc có địa điểm kinh doanh ngoài địa điểm của cơ sở kinh doanh chính "
               "quy định tại điểm d khoản 1 Điều 23 Nghị định số 96/2016/NĐ-CP thuộc thẩm quyền quản lý của cơ quan Công an "
               "quy định tại khoản 2, khoản 3 Điều 24 Nghị định số 96/2016/NĐ-CP thì nộp hồ sơ cho cơ quan Công an có thẩm "
               "quyền quản lý cơ sở kinh doanh chính hoặc nộp cho cơ quan Công an có thẩm quyền nơi chi nhánh, cơ sở kinh "
               "doanh trực thuộc hoạt động để có trách nhiệm cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự và trực "
               "tiếp quản lý.", "Thông tư", "42/2017/TT-BCA", "Bộ Công an")


def test_a_choice_the_law_leaves_taken_away(monkeypatch):
    counter = _handbook("Hồ sơ đăng ký thế chấp động sản chỉ được nộp trực tiếp tại trụ sở Trung tâm; hồ sơ gửi qua bưu điện "
                        "không được tiếp nhận.", "Trung tâm đăng ký giao dịch, tài sản tại TP Hồ Chí Minh")
    post = _handbook("Người yêu cầu đăng ký có thể gửi hồ sơ bản giấy qua dịch vụ bưu chính hoặc nộp qua hệ thống đăng ký "
                     "trực tuyến.", "Trung tâm đăng ký giao dịch, tài sản tại TP Hồ Chí Minh")
    head_office = _handbook("Chi nhánh chỉ được nộp hồ sơ cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự tại cơ quan "
                            "Công an quản lý trụ sở chính của doanh nghiệp; Công an nơi chi nhánh hoạt động không tiếp nhận "
                            "hồ sơ.", "Công an tỉnh Hậu Giang")
    branch = _handbook("Chi nhánh kinh doanh dịch vụ bảo vệ của công ty tại huyện Cái Bè nộp hồ sơ cấp Giấy chứng nhận đủ điều "
                       "kiện về an ninh, trật tự cho Công an có thẩm quyền nơi chi nhánh hoạt động.", "Công ty bảo vệ Long Hải")
    assert check_pair(_WAYS, counter).label == "conflict"
    assert check_pair(_WAYS, post).label == "no_conflict"
    assert check_pair(_BRANCH, head_office).label == "conflict"
    assert check_pair(_BRANCH, branch).label == "no_conflict"  # one of the two places the law allows
    monkeypatch.setattr(place, "CHOICE_RESTRICTED", False)
    _clear()
    assert check_pair(_WAYS, counter).label == "no_conflict"
    assert check_pair(_BRANCH, head_office).label == "no_conflict"


# Điều 32 khoản 2 và Điều 34 khoản 4 Luật Quảng cáo 16/2012/QH13
_VEHICLE = _law("Không được thể hiện sản phẩm quảng cáo ở mặt trước, mặt sau và trên nóc của phương tiện giao thông. Sản phẩm "
                "quảng cáo không được vượt quá 50% diện tích mỗi mặt được phép quảng cáo của phương tiện giao thông.",
                "Luật", "16/2012/QH13", "Quốc hội")
_SIGN = _law("Biển hiệu không được che chắn không gian thoát hiểm, cứu hoả; không được lấn ra vỉa hè, lòng đường, ảnh hưởng "
             "đến giao thông công cộng.", "Luật", "16/2012/QH13", "Quốc hội")


def test_a_banned_place_told_as_where_it_is_done(monkeypatch):
    roof = _handbook("Xe buýt tuyến 05 được dán quảng cáo nước giải khát trên kính sau và trên nóc xe.", "Công ty xe khách")
    sides = _handbook("Quảng cáo ở hai bên thân xe chiếm không quá một nửa diện tích mỗi bên.", "Công ty xe khách")
    kept = _handbook("Xe buýt không dán quảng cáo trên nóc xe và kính sau.", "Công ty xe khách")
    pavement = _handbook("Biển hiệu hộp đèn của quán được đặt trên vỉa hè trước cửa hàng, cách mép đường 1 m.", "Quán cà phê")
    assert check_pair(_VEHICLE, roof).label == "conflict"
    assert check_pair(_VEHICLE, sides).label == "no_conflict"
    assert check_pair(_VEHICLE, kept).label == "no_conflict"  # the ban retold
    assert check_pair(_SIGN, pavement).label == "conflict"
    monkeypatch.setattr(place, "PLACE_BAN", False)
    _clear()
    assert check_pair(_VEHICLE, roof).label == "no_conflict"
    assert check_pair(_SIGN, pavement).label == "no_conflict"


def test_two_case_values_are_for_retellings_not_a_guide_detailing_its_law() -> None:
    """The whole Pháp điển batch found one new "conflict" with the two-case reading on: Bộ luật Hình sự Điều 65 khoản 4
    ("đã chấp hành được một phần hai thời gian thử thách" — when a shortening may be granted) against Nghị quyết
    02/2018/NQ-HĐTP Điều 8, which details it (khoản 1 a) the same "một phần hai"; khoản 2 "thực tế chấp hành … là ba
    phần tư" — how far repeated shortenings may go). Two values of one guide for two rules are not two cases a
    retelling mixed up: the reading runs for retellings (handbooks, Q&A pages, internal rules, local texts) only."""
    law = ConflictSide(
        text="4. Người được hưởng án treo đã chấp hành được một phần hai thời gian thử thách và có nhiều tiến bộ thì theo "
             "đề nghị của cơ quan, tổ chức có trách nhiệm giám sát, giáo dục, Tòa án có thể quyết định rút ngắn thời gian "
             "thử thách.",
        citation="Điều 16.1.LQ.65 (Điều 65 Bộ luật số 100/2015/QH13)", doc_type="Bộ luật", number="100/2015/QH13",
        issuer="Quốc hội", effective_from="2018-01-01")
    guide = ConflictSide(
        text="1. Người được hưởng án treo có thể được Tòa án nhân dân cấp huyện, Tòa án quân sự khu vực quyết định rút ngắn "
             "thời gian thử thách của án treo khi có đủ các điều kiện sau:\na) Đã chấp hành được một phần hai thời gian thử "
             "thách của án treo;\n2. Mỗi năm người được hưởng án treo chỉ được rút ngắn thời gian thử thách một lần từ 01 "
             "tháng đến 01 năm. Người được hưởng án treo có thể được rút ngắn thời gian thử thách nhiều lần, nhưng phải bảo "
             "đảm thực tế chấp hành thời gian thử thách là ba phần tư thời gian thử thách Tòa án đã tuyên.",
        citation="Điều 16.1.NQ.4.8 (Điều 8 Nghị quyết số 02/2018/NQ-HĐTP)", doc_type="Nghị quyết",
        number="02/2018/NQ-HĐTP", issuer=None, effective_from="2018-07-01")
    assert check_pair(law, guide).label == "no_conflict"
    assert check_pair(guide, law).label == "no_conflict"
