"""Questions told as a story (assistant.story): detection, placeholders dropped from the query, ages from dates.

Texts are questions of eval/data/scenario_train.json (written for this) and of the ALQAC dev split.
"""

from __future__ import annotations

from assistant import story as S
from assistant.answering.terms import _terms
from assistant.retrieval import prepare_query

MARRIAGE = ("Anh Nguyễn Văn A sinh ngày 15/06/2005, quê ở xã Thanh Cao, huyện Thanh Oai, Hà Nội. Anh A quen chị Trần "
            "Thị B sinh ngày 02/01/2006 qua mạng xã hội và hai người yêu nhau được hai năm. Ngày 20/03/2025 hai người "
            "đến Ủy ban nhân dân xã để đăng ký kết hôn. Anh A đã đủ tuổi kết hôn theo quy định, đúng hay sai?")


def test_story_placeholders_are_no_query_words() -> None:
    """Names, placeholder letters, place names and dates go; the legal matter, the public body and the tail of the
    statement stay."""
    assert S.is_story(MARRIAGE)
    out = S.neutral_text(MARRIAGE)
    words = set(_terms(out)[0])
    for gone in ("nguyễn", "văn", "trần", "thị", "thanh", "cao", "oai", "15", "06", "2005", "2025", "a", "b"):
        assert gone not in words, gone
    for kept in ("kết", "hôn", "tuổi", "ủy", "ban", "xã", "huyện"):
        assert kept in words, kept
    assert out.endswith("đã đủ tuổi kết hôn theo quy định, đúng hay sai?")


def test_organisations_and_titles() -> None:
    q = ("Công ty TNHH B ký hợp đồng mua bán gạo với Công ty cổ phần C ngày 01/03/2021. Công ty C biết Công ty B vi "
         "phạm hợp đồng từ ngày 01/06/2021 nhưng đến ngày 15/08/2024 mới khởi kiện ra Tòa án. Thời hiệu khởi kiện về "
         "hợp đồng của Công ty C vẫn còn, đúng hay sai?")
    out = S.neutral_text(q)
    assert " B " not in out and " C " not in out and "2021" not in out
    assert "Công ty TNHH ký hợp đồng mua bán gạo với Công ty cổ phần" in out and "Tòa án" in out
    # a public body after a title or "ở / tại" is no name
    q2 = ("Bà Q là viên chức Bệnh viện huyện X và sẽ nghỉ hưu từ ngày 01/07/2026. Bệnh viện phải thông báo bằng văn "
          "bản cho bà Q về thời điểm nghỉ hưu chậm nhất là khi nào?")
    out2 = S.neutral_text(q2)
    assert "viên chức Bệnh viện huyện và" in out2 and " Q " not in out2


def test_other_questions_unchanged() -> None:
    """ALQAC dev questions that are no story (one sentence, a date in a statement about a law; an organisation named
    in full) and a class letter are left as they are, in the query too."""
    for q in ("Ngày 01/08/2022, Luật Cư trú năm 2020 đang có hiệu lực thi hành, đúng hay sai?",
              "Bộ Tư pháp chịu trách nhiệm trước Chính phủ thực hiện quản lý nhà nước về Trọng tài",
              "Trách nhiệm nào thuộc về Tổ chức chính trị xã hội - nghề nghiệp, tổ chức xã hội - nghề nghiệp về điện "
              "ảnh?"):
        assert not S.is_story(q)
        assert S.neutral_query(q) == q
    q = "Anh Minh có giấy phép lái xe hạng B. Anh B muốn lái xe khách thì phải đổi sang hạng nào?"
    assert "hạng B" in S.neutral_text(q)


def test_options_kept_in_the_query() -> None:
    q = ("Anh Đỗ Văn C sinh ngày 03/07/2000, đổi sang thẻ căn cước năm 2016. Anh C sống ở huyện Gia Lâm, Hà Nội. Anh C "
         "phải làm thủ tục cấp đổi thẻ căn cước tiếp theo khi đủ bao nhiêu tuổi?\nA. 20 tuổi\nB. 25 tuổi\nC. 30 tuổi")
    out = S.neutral_query(q)
    assert out.endswith("\nA. 20 tuổi\nB. 25 tuổi\nC. 30 tuổi")
    assert "Đỗ" not in out and "Gia Lâm" not in out and "2000" not in out
    assert "Đỗ" not in prepare_query(q) and "thẻ căn cước" in prepare_query(q)


def test_story_ages() -> None:
    """The age on the next date of the story that is not another birth date."""
    assert S.story_ages(MARRIAGE) == [19, 19]
    q = ("Em Vũ Văn Hùng sinh ngày 10/05/2008. Tối ngày 01/03/2026, em cùng nhóm bạn đến quán nhậu của ông T ở thị "
         "trấn Y và gọi bia. Ông T được bán bia cho em Hùng vì em đã tự trả tiền, đúng hay sai?")
    assert S.story_ages(q) == [17]
    assert S.story_ages("Cháu Trần Văn M sinh năm 2014, chuẩn bị vào lớp sáu. Tuổi vào lớp sáu là bao nhiêu?") == []


def test_birth_date_becomes_the_age() -> None:
    """The law states ages, not birth dates: the birth date becomes the age on the story's next date (a month is
    enough when it is not the birth month); other birth dates are no event."""
    out = S.neutral_text(MARRIAGE)
    assert out.startswith("Anh đủ 19 tuổi, quê ở xã")
    q = ("Anh Trần Văn A sinh ngày 10/03/1999, học đại học và đã được tạm hoãn gọi nhập ngũ, tốt nghiệp năm 2022. Đầu "
         "tháng 02/2026, Ban Chỉ huy quân sự xã gọi anh A đi khám tuyển. Anh A vẫn còn trong độ tuổi gọi nhập ngũ, đúng "
         "hay sai?")
    assert S.story_ages(q) == [26] and "Anh đủ 26 tuổi, học đại học" in S.neutral_text(q)
    q2 = "Anh K sinh ngày 10/02/1999. Tháng 02/2026 anh được gọi khám tuyển. Anh K còn trong độ tuổi gọi nhập ngũ không?"
    assert S.story_ages(q2) == []
