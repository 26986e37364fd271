"""Conflict checker: detectors on real sentences, prevail rules, units, superseded, eval, resume, reports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from assistant.conflicts import (
    CheckpointError, aligned_units, analyze, candidate_pairs, check_pair, decide_prevails,
    find_conflicts, legal_rank, rank_conflicts, sparse_topk, units,
)
from assistant.conflict_report import highlight, write_csv, write_html, write_json, write_report
from assistant.conflicts.candidates import _keyword_matrix
from assistant.evaluation.conflicts_eval import PairsFileError, load_pairs, run
from assistant.records import Chunk, Conflict, ConflictSide, Validity

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "eval" / "data" / "conflicts"


def S(text: str, doc_type: str = "Nghị định", number: str | None = "145/2020/NĐ-CP", issuer: str | None = "Chính phủ",
      issued: date | None = date(2020, 12, 14), eff: date | None = date(2021, 2, 1), to: date | None = None,
      citation: str = "") -> ConflictSide:
    return ConflictSide(text=text, citation=citation or f"Điều 1 {doc_type} {number}", doc_type=doc_type, number=number,
                        issuer=issuer, issued_on=issued, effective_from=eff, effective_to=to)


LUAT = dict(doc_type="Luật", number="68/2020/QH14", issuer="Quốc hội", issued=date(2020, 11, 13), eff=date(2021, 7, 1))
TT = dict(doc_type="Thông tư", number="55/2021/TT-BCA", issuer="Bộ Công an", issued=date(2021, 5, 15), eff=date(2021, 7, 1))
QD = dict(doc_type="Quyết định", number="18/2023/QĐ-UBND", issuer="Ủy ban nhân dân tỉnh Nghệ An", issued=date(2023, 5, 2),
          eff=date(2023, 5, 15))


# ------------------------------------------------------------------ units and quantities
def _q(text: str) -> list[tuple[float, float, str, str]]:
    return [(q.lo, q.hi, q.bound, q.cat) for q in analyze(text).quantities]


def test_number_words_and_units_normalised():
    # a deadline ("trong thời hạn …") is a limit, like "không quá …"
    assert _q("trong thời hạn mười lăm ngày kể từ ngày nhận hồ sơ") == [(15.0, 15.0, "deadline", "duration")]
    assert _q("thời hạn 01 tháng")[0][:2] == (30.0, 30.0)
    assert _q("không quá 03 tháng")[0] == (90.0, 90.0, "max", "duration")
    assert _q("phạt tiền từ 2 triệu đồng đến 5 triệu đồng") == [(2e6, 5e6, "range", "money")]
    assert _q("phạt tiền từ 2.000.000 đồng đến 5.000.000 đồng") == [(2e6, 5e6, "range", "money")]
    assert _q("mức phạt tối đa 1 tỷ đồng")[0][:2] == (1e9, 1e9)
    assert _q("15 ngày làm việc")[0][3] == "workday"
    assert _q("người từ đủ hai mươi lăm tuổi trở lên") == [(25.0, 25.0, "min", "age")]
    assert _q("mức 0,03%/ngày")[0][:2] == (0.03, 0.03)
    # dates, article numbers and document numbers are not quantities
    assert _q("Kể từ ngày 01 tháng 01 năm 2021, theo Điều 5 Nghị định số 145/2020/NĐ-CP") == []


def test_equivalent_units_are_not_a_conflict():
    a = S("Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai sinh cho con.", **LUAT)
    b = S("Cha, mẹ có trách nhiệm đi đăng ký khai sinh cho con trong thời hạn hai tháng kể từ ngày sinh.", **TT)
    assert check_pair(a, b).label == "no_conflict"
    c = S("Thời hiệu khiếu nại là 90 ngày kể từ ngày nhận được quyết định hành chính.", **LUAT)
    d = S("Thời hiệu khiếu nại là 03 tháng kể từ ngày nhận được quyết định hành chính.", **TT)
    assert check_pair(c, d).label == "no_conflict"


def test_working_days_vs_days_is_flagged_with_lower_confidence():
    a = S("Cơ quan đang quản lý sổ gốc cấp bản sao điện tử từ sổ gốc trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.")
    b = S("Cơ quan đang quản lý sổ gốc cấp bản sao điện tử từ sổ gốc trong thời hạn 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.", **TT)
    c = check_pair(a, b)
    assert c.label == "conflict" and c.kind == "numeric" and c.confidence <= 0.6
    assert "ngày làm việc" in c.explanation


# ------------------------------------------------------------------ clause-level comparison
KARAOKE_PENALTY = (
    "Vi phạm quy định về kinh doanh dịch vụ karaoke, vũ trường\n"
    "1. Phạt tiền từ 5.000.000 đồng đến 10.000.000 đồng đối với một trong các hành vi sau đây:\n"
    "a) Không bảo đảm diện tích phòng hát theo quy định;\n"
    "b) Không niêm yết công khai giờ mở cửa tại cơ sở kinh doanh;\n"
    "c) Để người chưa đủ 18 tuổi được vào phòng hát, vũ trường sau 22 giờ đêm;\n"
    "d) Không thông báo cho cơ quan công an về việc bảo đảm an ninh, trật tự trước khi hoạt động.\n"
    "2. Phạt tiền từ 10.000.000 đồng đến 15.000.000 đồng đối với hành vi kinh doanh dịch vụ karaoke, vũ trường "
    "không có giấy phép."
)


def test_units_split_articles_and_items_inherit_their_lead_in():
    us = units(KARAOKE_PENALTY)
    item = next(u for u in us if "22 giờ" in u.text)
    assert item.text.startswith("1. phạt tiền từ 5.000.000 đồng")  # the lead-in travels with the item …
    assert item.facts  # … and marks it as a description of a violation, not a norm
    assert "diện tích" not in item.text  # other items are other units
    assert next(u for u in us if "không có giấy phép" in u.text).facts  # a penalty clause describes the violation
    assert not units("Nguyên tắc\n1. Cơ sở phải niêm yết giá.\n2. Cơ sở không được bán hàng cho người say rượu, bia "
                     "và phải bảo đảm an ninh, trật tự tại cơ sở kinh doanh trong suốt thời gian hoạt động hằng ngày; "
                     "cơ sở phải có nội quy và niêm yết công khai nội quy tại nơi dễ thấy, dễ đọc.")[-1].facts


def test_penalty_list_item_is_not_a_permission():
    """"Để người chưa đủ 18 tuổi được vào …" in a list of fined acts does not permit anything."""
    a = S(KARAOKE_PENALTY)
    b = S("Cơ sở kinh doanh dịch vụ karaoke, vũ trường không được để người chưa đủ 18 tuổi vào phòng hát, vũ trường "
          "sau 22 giờ đêm.", **TT)
    assert check_pair(a, b).label == "no_conflict"


def test_passive_duoc_in_a_multi_clause_article_is_not_a_permission():
    """Real Pháp điển pair (Pháp lệnh 01/2012/UBTVQH13 Điều 3 / Thông tư 20/2013/TT-BQP Điều 4): a false alarm before."""
    a = S("Nguyên tắc hợp nhất văn bản\n1. Chỉ hợp nhất văn bản do cùng một cơ quan nhà nước có thẩm quyền ban hành.\n\n"
          " 2. Việc hợp nhất văn bản không được làm thay đổi nội dung và hiệu lực của văn bản được hợp nhất.\n\n"
          " 3. Tuân thủ trình tự, kỹ thuật hợp nhất văn bản.", **LUAT)
    b = S("Nguyên tắc hợp nhất văn bản\n1. Việc hợp nhất văn bản được tiến hành thường xuyên, kịp thời, ngay sau khi văn "
          "bản sửa đổi, bổ sung được ký ban hành.\n\n 2. Chỉ hợp nhất văn bản do cùng một cơ quan nhà nước có thẩm quyền "
          "ban hành và thuộc thẩm quyền hợp nhất của Bộ Quốc phòng.\n\n 3. Việc hợp nhất văn bản không làm thay đổi nội "
          "dung và hiệu lực của văn bản được hợp nhất.\n\n 4. Tuân thủ trình tự, kỹ thuật hợp nhất văn bản.", **TT)
    assert check_pair(a, b).label == "no_conflict"
    # the clauses about the same obligation are aligned with each other, not with the whole article
    best = aligned_units(a.text, b.text)
    assert any("không được làm thay đổi" in x.text and "không làm thay đổi" in y.text for _j, x, y in best)


def test_paraphrased_deadline_clash_fires_with_spans_in_the_long_article():
    """"Trong vòng 10 ngày … gửi thông báo" vs "thông báo bằng văn bản … trong thời hạn 15 ngày": same duty."""
    a = S("Trong vòng 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ, Sở Tư pháp gửi thông báo kết quả giải quyết cho người "
          "yêu cầu.")
    b = S("Sở Tư pháp có trách nhiệm thông báo bằng văn bản kết quả giải quyết cho người yêu cầu trong thời hạn 15 ngày "
          "kể từ ngày tiếp nhận đầy đủ hồ sơ hợp lệ.", **TT)
    c = check_pair(a, b)
    assert c.label == "conflict" and c.kind == "numeric"
    # the same clause inside a long multi-khoản article is still found, and the span points into the article
    long_b = S("Trình tự giải quyết\n1. Người yêu cầu nộp hồ sơ trực tiếp hoặc qua bưu chính tại Sở Tư pháp nơi cư trú; "
               "hồ sơ gồm tờ khai, bản sao giấy tờ tùy thân và giấy tờ chứng minh nơi cư trú.\n"
               "2. Sở Tư pháp kiểm tra tính hợp lệ của hồ sơ, ghi vào sổ theo dõi và cấp giấy biên nhận cho người nộp; "
               "trường hợp hồ sơ chưa hợp lệ thì hướng dẫn người nộp bổ sung.\n"
               "3. " + b.text + "\n4. Lệ phí được thu theo quy định của Bộ Tài chính.", **TT)
    c2 = check_pair(a, long_b)
    assert c2.label == "conflict" and c2.kind == "numeric"
    assert long_b.text[slice(*c2.spans_b[0])] == "15 ngày" and a.text[slice(*c2.spans_a[0])] == "10 ngày"


def test_real_text_false_alarm_patterns_do_not_fire():
    """Patterns read in the Pháp điển top-20: dates without a year, per-occasion limits, "cấp lại" vs "cấp",
    "miễn thị thực" vs "thị thực", category names ("Các hoạt động … không phải nộp")."""
    assert _q("Thời hạn chốt số liệu: tính từ ngày 15 tháng 12 năm trước đến ngày 14 tháng 12") == []
    assert [q.period for q in analyze("được tạm ngừng tối đa 02 lần, mỗi lần không quá 03 tháng").quantities][-1] == "lần"
    a = S("Trong thời hạn 10 ngày làm việc, kể từ ngày nhận đủ hồ sơ, Sở Tư pháp cấp Giấy đăng ký hoạt động cho tổ chức "
          "hành nghề luật sư.", **LUAT)
    b = S("Trong thời hạn 05 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ, Sở Tư pháp cấp lại Giấy đăng ký hoạt động cho "
          "tổ chức hành nghề luật sư.", **TT)
    assert check_pair(a, b).label == "no_conflict"
    assert check_pair(a, S(b.text.replace("cấp lại", "cấp"), **TT)).label == "conflict"  # the control does fire
    v = S("Thời hạn thị thực ngắn hơn thời hạn hộ chiếu hoặc giấy tờ có giá trị đi lại quốc tế ít nhất 30 ngày.", **LUAT)
    w = S("Giấy miễn thị thực có thời hạn ngắn hơn thời hạn sử dụng của hộ chiếu hoặc giấy tờ có giá trị đi lại quốc tế "
          "ít nhất 06 tháng.", **TT)
    assert check_pair(v, w).label == "no_conflict"
    x = S("Phân loại các hoạt động sử dụng khu vực biển\n1. Các hoạt động sử dụng khu vực biển phải nộp tiền sử dụng "
          "khu vực biển gồm khai thác khoáng sản, nuôi trồng thủy sản và các hoạt động khác theo quy định của pháp luật.")
    y = S("Các hoạt động sử dụng khu vực biển không phải nộp tiền sử dụng khu vực biển gồm hoạt động quốc phòng, an "
          "ninh và các hoạt động phục vụ lợi ích công cộng không vì mục đích kinh doanh.", **TT)
    assert check_pair(x, y).label == "no_conflict"


def test_values_attach_to_what_they_measure_and_conditions_are_not_norms():
    """Real Pháp điển shapes: exam times of two different exams; a "… không được chấp thuận … thì …" condition;
    a "trừ trường hợp quy định tại khoản 2 và khoản 3 Điều 16" exception answered by the other text."""
    a = S("Hình thức và thời gian thi\nb) Thời gian thi: trắc nghiệm 45 phút hoặc thực hành 30 phút.", **TT)
    b = S("Hình thức và thời gian thi\nb) Thời gian thi: trắc nghiệm 30 phút hoặc thực hành 15 phút;", **TT)
    assert check_pair(a, b).label == "no_conflict"
    c = S("1. Tổ chức kiểm toán không được chấp thuận trong kỳ nào thì không được ký thêm các hợp đồng kiểm toán mới "
          "với đơn vị có lợi ích công chúng trong kỳ đó.")
    assert not any(m.action_text.startswith("chấp thuận") for m in analyze(c.text).modals)
    e = S("Thời gian tập sự hành nghề luật sư là mười hai tháng, trừ trường hợp quy định tại khoản 2 và khoản 3 Điều 16 "
          "của Luật này.", **LUAT)
    f = S("Người được giảm thời gian tập sự hành nghề luật sư theo quy định tại khoản 3 Điều 16 của Luật Luật sư thì "
          "thời gian tập sự hành nghề luật sư là 06 tháng.", **TT)
    assert check_pair(e, f).label == "no_conflict"
    assert check_pair(e, S(f.text.replace("khoản 3 Điều 16", "khoản 5 Điều 20"), **TT)).label == "conflict"


def test_different_phapdien_topics_rank_lower_and_say_so():
    base = ("Người tập sự được tạm ngừng tập sự khi có lý do chính đáng; thời gian tạm ngừng tập sự không quá {} tháng "
            "và không được tính vào thời gian tập sự.")
    same = check_pair(S(base.format("02"), citation="Điều 4.1.TT.4.7 (Điều 7 Thông tư số 06/2017/TT-BTP)", **TT),
                      S(base.format("03"), citation="Điều 4.1.NĐ.1.9 (Điều 9 Nghị định số 62/2017/NĐ-CP)"))
    other = check_pair(S(base.format("02"), citation="Điều 4.1.TT.4.7 (Điều 7 Thông tư số 06/2017/TT-BTP)", **TT),
                       S(base.format("03"), citation="Điều 4.4.NĐ.1.9 (Điều 9 Nghị định số 123/2013/NĐ-CP)"))
    assert same.label == other.label == "conflict"
    assert other.confidence < same.confidence and "đề mục" in other.explanation


def test_duplicate_findings_from_article_and_khoan_chunks_are_merged():
    from assistant.conflicts import dedupe_conflicts

    a = S("Thời hạn tạm ngừng hoạt động không quá 02 năm.", citation="Điều 38 Nghị định số 123/2013/NĐ-CP")
    a2 = S(a.text, citation="Khoản 3 Điều 38 Nghị định số 123/2013/NĐ-CP")
    b = S("Thời hạn tạm ngừng hoạt động không quá 12 tháng.", **TT)
    found = [check_pair(a, b), check_pair(a2, b)]
    assert all(c.label == "conflict" for c in found)
    assert len(dedupe_conflicts(found)) == 1


def test_sparse_topk_matches_dense_ranking():
    texts = ["thời hạn cấp giấy phép xây dựng nhà ở", "cấp giấy phép xây dựng công trình", "đăng ký khai sinh cho trẻ em",
             "khai sinh trẻ em bị bỏ rơi", "giấy phép lái xe hạng B2"]
    X = _keyword_matrix(texts)
    dense = (X @ X.T).toarray()
    got = sparse_topk(X, 2, block=2)
    for i, row in enumerate(got):
        assert row[0] == i  # itself first
        assert set(row) == set(np.argsort(-dense[i], kind="stable")[:2]) or dense[i][row[-1]] == sorted(dense[i])[-2]


# ------------------------------------------------------------------ numeric detector
def test_numeric_conflict_real_sentence_and_spans():
    a = S("Trong thời hạn 07 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ và hợp lệ, cơ quan đăng ký cư trú có trách nhiệm "
          "thẩm định, cập nhật thông tin về nơi thường trú mới của người đăng ký vào Cơ sở dữ liệu về cư trú.", **LUAT)
    b = S("Cơ quan đăng ký cư trú thẩm định, cập nhật thông tin nơi thường trú mới vào Cơ sở dữ liệu về cư trú trong thời hạn "
          "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.", **TT)
    c = check_pair(a, b)
    assert c.label == "conflict" and c.kind == "numeric"
    assert a.text[slice(*c.spans_a[0])] == "07 ngày làm việc"
    assert b.text[slice(*c.spans_b[0])] == "10 ngày làm việc"
    assert c.prevails == "a" and "Điều 156" in c.rule


def test_numeric_hard_negative_different_subject():
    a = S("Trong thời hạn 07 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ và hợp lệ, cơ quan đăng ký cư trú có trách nhiệm "
          "cập nhật thông tin về nơi thường trú mới vào Cơ sở dữ liệu về cư trú.", **LUAT)
    b = S("Trong thời hạn 03 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ và hợp lệ, cơ quan đăng ký cư trú có trách nhiệm "
          "cập nhật thông tin về nơi tạm trú mới vào Cơ sở dữ liệu về cư trú.", **TT)
    assert check_pair(a, b).label == "no_conflict"


def test_value_inside_the_other_bound_is_consistent():
    a = S("Lãi suất theo thỏa thuận không được vượt quá 20%/năm của khoản tiền vay.", doc_type="Bộ luật",
          number="91/2015/QH13", issuer="Quốc hội")
    b = S("Các bên thỏa thuận lãi suất vay 18%/năm của khoản tiền vay.", **QD)
    assert check_pair(a, b).label == "no_conflict"
    b2 = S("Lãi suất theo thỏa thuận không được vượt quá 30%/năm của khoản tiền vay.", **QD)
    assert check_pair(a, b2).label == "conflict"


# ------------------------------------------------------------------ modality detector
def test_modality_conflict_and_negative():
    a = S("Không được bán rượu, bia qua máy bán hàng tự động.", **LUAT)
    b = S("Cơ sở kinh doanh được bán bia qua máy bán hàng tự động đặt tại khu vui chơi.", **QD)
    c = check_pair(a, b)
    assert c.label == "conflict" and c.kind == "modality" and c.prevails == "a"
    assert "không được" in a.text[slice(*c.spans_a[0])].lower()
    neg = S("Cơ sở bán rượu, bia phải niêm yết thông báo không bán rượu, bia qua máy bán hàng tự động.", **QD)
    assert check_pair(a, neg).label == "no_conflict"
    # "những người sau đây không được …:" introduces a list; it is not itself a norm
    lst = S("Những người sau đây không được bán rượu, bia qua máy bán hàng tự động:", **LUAT)
    assert check_pair(lst, b).label == "no_conflict"


def test_modality_obligation_vs_exemption_and_negated_object():
    a = S("Giáo dục tiểu học là giáo dục bắt buộc.", **LUAT)
    b = S("Giáo dục tiểu học không bắt buộc đối với trẻ em ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn.", **QD)
    assert check_pair(a, b).label == "conflict"
    m = S("Người nộp thuế không được miễn tiền chậm nộp khi tự phát hiện sai sót và khai bổ sung.", **LUAT)
    n = S("Người nộp thuế tự phát hiện sai sót và khai bổ sung được miễn tiền chậm nộp.", **TT)
    assert check_pair(m, n).kind == "modality" and check_pair(m, n).label == "conflict"
    x = S("Nhà trường không được tổ chức dạy thêm, học thêm có thu tiền đối với học sinh mà nhà trường đang dạy.", **TT)
    y = S("Nhà trường được tổ chức dạy thêm, học thêm không thu tiền đối với học sinh có kết quả học tập chưa đạt.", **TT)
    assert check_pair(x, y).label == "no_conflict"


def test_exception_covers_the_other_text():
    a = S("Người điều khiển, người ngồi trên xe mô tô phải đội mũ bảo hiểm, trừ trường hợp chở người bệnh đi cấp cứu, "
          "trẻ em dưới 06 tuổi.", **LUAT)
    b = S("Người ngồi trên xe mô tô chở người bệnh đi cấp cứu không phải đội mũ bảo hiểm.", **QD)
    c = check_pair(a, b)
    assert c.label == "no_conflict" and "ngoại lệ" in c.explanation


# ------------------------------------------------------------------ scope detector
def test_scope_authority_conflict_and_guard():
    a = S("Ủy ban nhân dân cấp xã nơi cư trú cuối cùng của người chết thực hiện việc đăng ký khai tử.", **LUAT)
    b = S("Việc đăng ký khai tử do Ủy ban nhân dân cấp huyện nơi cư trú cuối cùng của người chết thực hiện.", **TT)
    c = check_pair(a, b)
    assert c.label == "conflict" and c.kind == "scope"
    # "trong khu công nghiệp" vs "ngoài khu công nghiệp" → different scope, no conflict
    x = S("Ban quản lý khu công nghiệp cấp Giấy chứng nhận đăng ký đầu tư đối với dự án đầu tư trong khu công nghiệp.", **LUAT)
    y = S("Sở Kế hoạch và Đầu tư cấp Giấy chứng nhận đăng ký đầu tư đối với dự án đầu tư ngoài khu công nghiệp.", **TT)
    assert check_pair(x, y).label == "no_conflict"
    # authority and amount both differ → different subjects, not a scope conflict
    p = S("Chủ tịch Ủy ban nhân dân cấp xã có quyền phạt tiền đến 10% mức tiền phạt tối đa nhưng không quá 5.000.000 đồng.", **LUAT)
    q = S("Chủ tịch Ủy ban nhân dân cấp huyện có quyền phạt tiền đến 50% mức tiền phạt tối đa nhưng không quá 50.000.000 đồng.", **TT)
    assert check_pair(p, q).label == "no_conflict"


# ------------------------------------------------------------------ temporal
def test_superseded_not_conflict():
    old = S("Thời hạn cấp Giấy chứng nhận đăng ký doanh nghiệp là 05 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ.",
            number="78/2015/NĐ-CP", issued=date(2015, 9, 14), eff=date(2015, 11, 1), to=date(2021, 1, 3))
    new = S("Phòng Đăng ký kinh doanh cấp Giấy chứng nhận đăng ký doanh nghiệp trong thời hạn 03 ngày làm việc kể từ ngày "
            "nhận được hồ sơ hợp lệ.", number="01/2021/NĐ-CP", issued=date(2021, 1, 4), eff=date(2021, 1, 4))
    c = check_pair(old, new)
    assert c.label == "superseded" and c.prevails == "b"
    # same texts, overlapping validity → a real conflict (same issuer → later document prevails)
    c2 = check_pair(old.model_copy(update={"effective_to": None}), new)
    assert c2.label == "conflict" and c2.prevails == "b" and "ban hành sau" in c2.rule


def test_as_of_makes_a_not_yet_effective_text_superseded():
    a = S("Người lao động làm công việc nặng nhọc được nghỉ hằng năm 14 ngày làm việc.", **TT)
    b = S("Người lao động làm công việc nặng nhọc được nghỉ hằng năm 16 ngày làm việc.", doc_type="Thông tư",
          number="20/2030/TT-BCA", issuer="Bộ Công an", issued=date(2030, 1, 1), eff=date(2030, 2, 1))
    assert check_pair(a, b).label == "conflict"
    assert check_pair(a, b, as_of=date(2025, 1, 1)).label == "superseded"


def test_amendment_text_is_superseded():
    a = S("Hồ sơ đăng ký doanh nghiệp được nộp trực tiếp tại Phòng Đăng ký kinh doanh hoặc qua mạng thông tin điện tử.",
          number="01/2021/NĐ-CP", issued=date(2021, 1, 4), eff=date(2021, 1, 4))
    b = S("Sửa đổi khoản 2 Điều 33 Nghị định số 01/2021/NĐ-CP như sau: Hồ sơ đăng ký doanh nghiệp chỉ được nộp qua mạng "
          "thông tin điện tử.", number="168/2025/NĐ-CP", issued=date(2025, 6, 30), eff=date(2025, 7, 1))
    c = check_pair(a, b)
    assert c.label == "superseded" and c.prevails == "b"


def test_missing_dates_are_said_not_guessed():
    a = S("Thời hiệu khởi kiện để yêu cầu bồi thường thiệt hại là 03 năm kể từ ngày quyền, lợi ích hợp pháp bị xâm phạm.",
          doc_type="Bộ luật", number="91/2015/QH13", issuer="Quốc hội")
    b = S("Thời hiệu khởi kiện để yêu cầu bồi thường thiệt hại là 05 năm kể từ ngày quyền, lợi ích hợp pháp bị xâm phạm.",
          doc_type="Văn bản", number=None, issuer=None, issued=None, eff=None)
    c = check_pair(a, b)
    assert c.label == "conflict" and c.severity == "thấp"
    assert "Thiếu ngày hiệu lực" in c.explanation and c.prevails is None


# ------------------------------------------------------------------ prevail rules
def test_prevail_rules():
    hp = S("x", doc_type="Hiến pháp", number=None, issuer="Quốc hội", citation="Điều 70 Hiến pháp năm 2013")
    luat, nd, tt, qd = S("x", **LUAT), S("x"), S("x", **TT), S("x", **QD)
    pl = S("x", doc_type="Pháp lệnh", number="02/2020/UBTVQH14", issuer="Ủy ban Thường vụ Quốc hội")
    assert [legal_rank(s) for s in (hp, luat, pl, nd, tt, qd)] == [0, 1, 3, 4, 6, 7]
    assert decide_prevails(tt, luat)[0] == "b"
    assert decide_prevails(nd, qd)[0] == "a"
    assert decide_prevails(hp, luat)[0] == "a"
    assert "Điều 156" in decide_prevails(nd, tt)[1]
    older = S("x", issued=date(2019, 1, 1))
    assert decide_prevails(older, nd)[0] == "b"  # same issuer, later document
    tt2 = S("x", doc_type="Thông tư", number="10/2020/TT-BLĐTBXH", issuer="Bộ Lao động - Thương binh và Xã hội")
    who, rule, _ = decide_prevails(tt, tt2)
    assert who is None and "cùng thứ bậc" in rule
    general = S("Viên chức được hoạt động nghề nghiệp, trừ trường hợp luật khác có quy định khác.", **LUAT)
    special = S("x", doc_type="Luật", number="15/2023/QH15", issuer="Quốc hội")
    assert decide_prevails(general, special)[0] == "b"


# ------------------------------------------------------------------ eval
def _pair(i: int, a: str, b: str, label: str, kind: str) -> str:
    side = lambda t: {"text": t, "citation": "Điều 1 Luật X", "doc_type": "Luật", "number": None, "issuer": None,  # noqa: E731
                      "issued_on": None, "effective_from": None, "effective_to": None}
    return json.dumps({"id": f"t{i}", "a": side(a), "b": side(b), "label": label, "kind": kind}, ensure_ascii=False)


def test_conflicts_eval_metrics_hand_computed(tmp_path):
    lines = [
        _pair(1, "Thời hiệu khiếu nại là 90 ngày kể từ ngày nhận quyết định.", "Thời hiệu khiếu nại là 60 ngày kể từ ngày nhận quyết định.", "conflict", "numeric"),  # TP
        _pair(2, "Nghiêm cấm bán rượu cho người chưa đủ 18 tuổi.", "Cơ sở được bán rượu cho người chưa đủ 18 tuổi.", "conflict", "modality"),  # TP
        _pair(3, "Giấy phép có thời hạn 05 năm.", "Thời hạn của giấy phép là 05 năm.", "conflict", "numeric"),  # FN (gold wrong on purpose)
        _pair(4, "Thời hiệu khiếu nại là 90 ngày kể từ ngày nhận quyết định.", "Thời hiệu khiếu nại là 30 ngày kể từ ngày nhận quyết định.", "no_conflict", "numeric"),  # FP
        _pair(5, "Thời hiệu khiếu nại là 90 ngày kể từ ngày nhận quyết định.", "Thời hiệu khiếu nại là 03 tháng kể từ ngày nhận quyết định.", "no_conflict", "numeric"),  # TN
    ]
    f = tmp_path / "p.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    m = run(f, tmp_path / "out", with_candidates=False)
    # TP=2, FP=1, FN=1 → P = 2/3, R = 2/3, F1 = 2/3
    assert (m["tp"], m["fp"], m["fn"]) == (2, 1, 1)
    assert m["precision"] == pytest.approx(0.6667, abs=1e-4) and m["recall"] == pytest.approx(0.6667, abs=1e-4)
    assert m["f1"] == pytest.approx(0.6667, abs=1e-4)
    num = m["per_kind"]["numeric"]
    assert (num["tp"], num["fp"], num["fn"]) == (1, 1, 1)
    assert m["per_kind"]["modality"]["recall"] == 1.0
    saved = json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    assert {"precision", "recall", "f1", "per_kind"} <= set(saved)
    assert "Theo loại" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_malformed_line_names_the_line(tmp_path):
    good = _pair(1, "a 1 ngày", "b 2 ngày", "conflict", "numeric")
    f = tmp_path / "bad.jsonl"
    f.write_text(good + "\n" + good.replace('"t1"', '"t2"') + "\n{not json\n", encoding="utf-8")
    with pytest.raises(PairsFileError, match="dòng 3"):
        load_pairs(f)
    f.write_text(good + "\n" + good.replace('"conflict"', '"maybe"').replace('"t1"', '"t2"') + "\n", encoding="utf-8")
    with pytest.raises(PairsFileError, match="dòng 2.*maybe"):
        load_pairs(f)


def test_labelled_set_shape():
    dev, held = load_pairs(DATA / "dev.jsonl"), load_pairs(DATA / "heldout.jsonl")
    assert len(dev) + len(held) >= 200 and len(held) >= 80
    texts = {r["a"].text for r in held} | {r["b"].text for r in held}
    for r in dev:  # no dev pair repeats a heldout pair
        assert not (r["a"].text in texts and r["b"].text in texts)
    assert {r["label"] for r in held} == {"conflict", "no_conflict", "superseded"}


# ------------------------------------------------------------------ batch job: candidates, resume, reports
class FakeIndex:
    def __init__(self, chunks: list[Chunk], vectors: np.ndarray | None):
        self.chunks, self._v = chunks, vectors

    def vectors(self):
        return self._v


def _chunk(i: int, doc: str, text: str, doc_type: str, number: str, eff: date | None = date(2022, 1, 1)) -> Chunk:
    return Chunk(id=f"{doc}#{i}", doc_id=doc, law_id=doc, article_id=str(i), text=text, citation=f"Điều {i} {doc_type} {number}",
                 doc_type=doc_type, doc_number=number, issuer="Chính phủ" if doc_type == "Nghị định" else "Bộ Tài chính",
                 issued_on=date(2021, 12, 1), validity=Validity(effective_from=eff), source_path=f"/data/{doc}.txt")


TEXTS = [
    ("nd", "Thời hạn nộp hồ sơ khai thuế theo tháng chậm nhất là ngày thứ 20 của tháng tiếp theo.", "Nghị định", "126/2020/NĐ-CP"),
    ("tt", "Người nộp thuế khai thuế theo tháng nộp hồ sơ khai thuế chậm nhất là ngày thứ 25 của tháng tiếp theo.", "Thông tư", "80/2021/TT-BTC"),
    ("nd", "Mức tính tiền chậm nộp bằng 0,03%/ngày tính trên số tiền thuế chậm nộp.", "Nghị định", "126/2020/NĐ-CP"),
    ("tt", "Tiền chậm nộp được tính theo mức 0,05%/ngày trên số tiền thuế chậm nộp.", "Thông tư", "80/2021/TT-BTC"),
    ("nd", "Người nộp thuế không được miễn tiền chậm nộp khi tự phát hiện sai sót và khai bổ sung.", "Nghị định", "126/2020/NĐ-CP"),
    ("tt", "Người nộp thuế tự phát hiện sai sót và khai bổ sung được miễn tiền chậm nộp.", "Thông tư", "80/2021/TT-BTC"),
    ("tt", "Hồ sơ hoàn thuế được nộp tại cơ quan thuế quản lý trực tiếp.", "Thông tư", "80/2021/TT-BTC"),
    ("nd", "Cơ quan thuế công khai danh sách người nộp thuế vi phạm trên trang thông tin điện tử.", "Nghị định", "126/2020/NĐ-CP"),
]


def _fake_index(with_vectors: bool) -> FakeIndex:
    chunks = [_chunk(i, d, t, ty, n) for i, (d, t, ty, n) in enumerate(TEXTS)]
    vec = None
    if with_vectors:
        rng = np.random.default_rng(0)
        base = rng.normal(size=(4, 16))
        vec = np.stack([base[i // 2] + 0.05 * rng.normal(size=16) for i in range(len(chunks))]).astype(np.float32)
        vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    return FakeIndex(chunks, vec)


def test_candidates_only_across_documents_and_not_all_pairs():
    ix = _fake_index(True)
    pairs, method = candidate_pairs(ix.chunks, ix.vectors(), k=2)
    assert "dense" in method
    assert all(ix.chunks[i].doc_id != ix.chunks[j].doc_id for i, j in pairs)
    assert (0, 1) in pairs and (2, 3) in pairs and (4, 5) in pairs
    n = len(ix.chunks)
    assert len(pairs) < n * (n - 1) // 2
    kw_pairs, kw_method = candidate_pairs(ix.chunks, None, k=2)
    assert kw_method == "keyword" and (0, 1) in kw_pairs


def test_find_conflicts_resume_gives_identical_result(tmp_path):
    ix = _fake_index(True)
    full = find_conflicts("fake", workdir=tmp_path / "full", progress=False, index=ix)
    assert full.complete and len(full.conflicts) == 3
    kinds = sorted(c.kind for c in full.conflicts)
    assert kinds == ["modality", "numeric", "numeric"]
    assert all(c.prevails == "a" for c in full.conflicts)  # Nghị định over Thông tư

    part = find_conflicts("fake", workdir=tmp_path / "int", progress=False, index=ix, limit=2)
    assert not part.complete and part.n_checked == 2
    # simulate a kill in the middle of writing a line
    ck = tmp_path / "int" / "checkpoint.jsonl"
    ck.write_bytes(ck.read_bytes() + b'{"i": 9, "j"')
    resumed = find_conflicts("fake", workdir=tmp_path / "int", progress=False, index=ix, resume=True)
    assert resumed.complete and resumed.n_checked == full.n_checked
    strip = lambda r: [c.model_dump() for c in r.conflicts + r.superseded]  # noqa: E731
    assert strip(resumed) == strip(full)


def test_parallel_workers_give_the_same_report_and_resume(tmp_path, monkeypatch, sample_collection):
    """Pairs checked by two spawned worker processes (blocks of 5 pairs) give the report of one process, on the
    sample corpus (its deliberate conflicts) and after an interrupted parallel run resumed."""
    from assistant.conflicts import batch

    monkeypatch.setattr(batch, "CHECK_BLOCK", 5)
    strip = lambda r: [c.model_dump() for c in r.conflicts + r.superseded]  # noqa: E731
    one = find_conflicts(sample_collection, workdir=tmp_path / "one", progress=False, workers=1)
    assert one.n_checked > 10 and one.conflicts
    two = find_conflicts(sample_collection, workdir=tmp_path / "two", progress=False, workers=2)
    assert two.n_checked == one.n_checked and strip(two) == strip(one)
    part = find_conflicts(sample_collection, workdir=tmp_path / "int", progress=False, workers=2, limit=7)
    assert not part.complete and part.n_checked == 7
    resumed = find_conflicts(sample_collection, workdir=tmp_path / "int", progress=False, workers=2, resume=True)
    assert resumed.complete and strip(resumed) == strip(one)
    assert batch._n_workers(0, batch.PARALLEL_MIN_PAIRS - 1, None) == 1  # a small collection stays in-process
    with pytest.raises(batch.WorkerError, match="--resume"):  # a failing worker is a clear error, not a hang
        list(batch._checked_blocks([(0, 1)], [None, None], None, None, 2))


def test_corrupt_checkpoint_is_a_clear_error_and_rerun_works(tmp_path):
    ix = _fake_index(False)
    find_conflicts("fake", workdir=tmp_path, progress=False, index=ix, limit=1)
    ck = tmp_path / "checkpoint.jsonl"
    lines = ck.read_text(encoding="utf-8").splitlines()
    ck.write_text(lines[0] + "\n###garbage###\n" + "\n".join(lines[1:]) + "\n", encoding="utf-8")
    with pytest.raises(CheckpointError, match="dòng 2"):
        find_conflicts("fake", workdir=tmp_path, progress=False, index=ix, resume=True)
    again = find_conflicts("fake", workdir=tmp_path, progress=False, index=ix, resume=False)
    assert again.complete and again.conflicts


def test_empty_and_single_document_collections(tmp_path):
    empty = find_conflicts("e", workdir=tmp_path / "e", progress=False, index=FakeIndex([], None))
    assert empty.n_chunks == 0 and not empty.conflicts and "rỗng" in empty.notes[0]
    one = [_chunk(i, "nd", t, "Nghị định", "126/2020/NĐ-CP") for i, (_, t, _, _) in enumerate(TEXTS[:3])]
    single = find_conflicts("s", workdir=tmp_path / "s", progress=False, index=FakeIndex(one, None))
    assert single.n_candidates == 0 and "một văn bản" in single.notes[0]


def test_reports_written_with_both_citations_and_marks(tmp_path):
    ix = _fake_index(False)
    rep = find_conflicts("fake", workdir=tmp_path / "w", progress=False, index=ix)
    paths = write_report(rep, html_path=tmp_path / "r.html", csv_path=tmp_path / "r.csv", json_path=tmp_path / "r.json")
    assert all(p.exists() for p in paths)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    c0 = rep.conflicts[0]
    assert c0.a.citation in page and c0.b.citation in page
    assert "<mark>" in page and "Căn cứ" in page and "Điều 156" in page and 'lang="vi"' in page
    assert "/data/nd.txt" in page  # link to source
    rows = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("hang,") and len(rows) >= 1 + len(rep.conflicts)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(data["conflicts"]) == len(rep.conflicts) and data["summary"]


def test_report_says_how_the_two_documents_are_related(tmp_path):
    """The relation the batch ranking used (assistant.doc_relations) is shown to the reader: HTML tag and CSV column;
    an unknown relation shows nothing."""
    import csv

    rep = find_conflicts("fake", workdir=tmp_path / "w", progress=False, index=_fake_index(False))
    c0 = rep.conflicts[0]
    known = c0.model_copy(update={"relation": "implements"})
    unknown = c0.model_copy(update={"relation": "unknown"})
    page = write_html([known, unknown], tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count("Quan hệ:") == 1 and "quy định chi tiết / hướng dẫn văn bản kia" in page
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8-sig"))) if write_csv(
        [known, unknown], tmp_path / "r.csv") else []
    assert [r["quan_he_van_ban"] for r in rows] == ["Văn bản này quy định chi tiết / hướng dẫn văn bản kia", ""]


def test_highlight_escapes_document_text(tmp_path):
    out = highlight("a <b> 15 ngày", [(6, 13)])
    assert out == "a &lt;b&gt; <mark>15 ngày</mark>"
    page = write_html([], tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "Không phát hiện" in page
    assert write_csv([], tmp_path / "e.csv").exists() and write_json([], tmp_path / "e.json").exists()


# ------------------------------------------------------------------ rules added for recall (paraphrase, units, modality)
def test_deadlines_are_limits_and_age_ranges_with_het():
    assert _q("Sở Tư pháp cấp giấy đăng ký hoạt động trong thời hạn 10 ngày làm việc")[0][2] == "deadline"
    assert _q("Độ tuổi gọi nhập ngũ là từ đủ 18 tuổi đến hết 25 tuổi.") == [(18.0, 25.0, "range", "age")]
    a = S("Trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, Sở Tư pháp cấp giấy đăng ký hoạt động cho "
          "Văn phòng công chứng.", **LUAT)
    b = S("Sở Tư pháp có trách nhiệm cấp giấy đăng ký hoạt động cho Văn phòng công chứng chậm nhất là 15 ngày làm việc "
          "sau khi nhận đủ hồ sơ.", **QD)
    same = S("Sở Tư pháp cấp giấy đăng ký hoạt động cho Văn phòng công chứng trong thời hạn mười ngày làm việc, kể từ ngày "
             "nhận được hồ sơ hợp lệ.", **TT)
    assert check_pair(a, b).label == "conflict" and check_pair(a, same).label == "no_conflict"
    c = S("Độ tuổi gọi nhập ngũ của công dân là từ đủ 18 tuổi đến hết 25 tuổi.", **LUAT)
    d = S("Công dân trong độ tuổi từ đủ mười tám tuổi đến hết hai mươi bảy tuổi được gọi nhập ngũ.", **QD)
    assert check_pair(c, d).label == "conflict"


def test_role_names_and_class_identifiers_are_part_of_the_subject():
    a = S("Người sử dụng lao động hằng tháng đóng 14% quỹ tiền lương làm căn cứ đóng bảo hiểm xã hội vào quỹ hưu trí và tử tuất.", **LUAT)
    b = S("Người lao động hằng tháng đóng 8% tiền lương làm căn cứ đóng bảo hiểm xã hội vào quỹ hưu trí và tử tuất.", **LUAT)
    assert check_pair(a, b).label == "no_conflict"
    c = S("Tuổi của học sinh vào học lớp một là 06 tuổi và được tính theo năm.", **LUAT)
    d = S("Tuổi của học sinh vào học lớp sáu là 11 tuổi và được tính theo năm.", **LUAT)
    assert check_pair(c, d).label == "no_conflict"


def test_paraphrase_with_small_additions_vs_substituted_case():
    a = S("Thời hạn kháng cáo đối với bản án của Tòa án cấp sơ thẩm là 15 ngày, kể từ ngày tuyên án.", **LUAT)
    b = S("Đương sự có quyền kháng cáo bản án sơ thẩm trong thời hạn mười ngày kể từ ngày tuyên án.", **QD)
    assert check_pair(a, b).label == "conflict"
    c = S("Thời gian chuẩn bị hồ sơ dự thầu tối thiểu là 18 ngày đối với đấu thầu trong nước.", **LUAT)
    d = S("Thời gian chuẩn bị hồ sơ dự thầu tối thiểu là 40 ngày đối với đấu thầu quốc tế.", **LUAT)
    assert check_pair(c, d).label == "no_conflict"


def test_modality_negation_coordination_and_subject_held_matter():
    a = S("Người lao động có quyền đơn phương chấm dứt hợp đồng lao động không cần báo trước khi không được trả đủ lương.", **LUAT)
    b = S("Người lao động không được đơn phương chấm dứt hợp đồng lao động mà không báo trước, kể cả khi không được trả đủ lương.", **QD)
    assert check_pair(a, b).label == "conflict"
    c = S("Người hành nghề phải mặc trang phục theo quy định và đeo biển tên trong khi hành nghề.", **LUAT)
    d = S("Người hành nghề không cần đeo biển tên trong khi hành nghề tại phòng khám tư nhân.", **QD)
    assert check_pair(c, d).label == "conflict"
    e = S("Cấm kết hôn giữa những người cùng dòng máu về trực hệ.", **LUAT)
    f = S("Những người cùng dòng máu về trực hệ được kết hôn với nhau nếu có sự đồng ý của gia đình hai bên.", **QD)
    assert check_pair(e, f).label == "conflict"


def test_modality_false_alarm_guards():
    # a general power and a narrower prohibition are consistent
    a = S("Công chứng viên không được công chứng hợp đồng, giao dịch có liên quan đến tài sản, lợi ích của bản thân mình "
          "hoặc của người thân thích.", **LUAT)
    b = S("Công chứng viên có quyền được công chứng hợp đồng, giao dịch, bản dịch theo quy định của Luật này.", **LUAT)
    assert check_pair(a, b).label == "no_conflict"
    # complementary age groups
    c = S("Nghiêm cấm bán, cung cấp rượu, bia cho người chưa đủ 18 tuổi.", **LUAT)
    d = S("Cơ sở kinh doanh được bán rượu, bia cho người từ đủ 18 tuổi trở lên.", **TT)
    assert check_pair(c, d).label == "no_conflict"
    # different objects, one named by a negated qualifier
    e = S("Người sử dụng lao động phải trả đủ lương cho người lao động trong những ngày nghỉ lễ, tết.", **LUAT)
    f = S("Người sử dụng lao động không phải trả lương cho người lao động trong những ngày nghỉ không hưởng lương.", **LUAT)
    assert check_pair(e, f).label == "no_conflict"
    # the same threshold written as a condition "từ 10 người … thì phải" / "dưới 10 người … thì không bắt buộc"
    g = S("Người sử dụng lao động phải ban hành nội quy lao động, nếu sử dụng từ 10 người lao động trở lên thì nội quy lao "
          "động phải bằng văn bản.", **LUAT)
    h = S("Người sử dụng lao động phải ban hành nội quy lao động, nếu sử dụng từ 10 người lao động trở lên thì nội quy lao "
          "động phải bằng văn bản, nếu sử dụng dưới 10 người lao động thì không bắt buộc ban hành nội quy lao động bằng "
          "văn bản nhưng phải thỏa thuận nội dung về kỷ luật lao động trong hợp đồng lao động.", **TT)
    assert check_pair(g, h).label == "no_conflict"
    # the same condition once negated
    i = S("Đối tượng quy định tại khoản 1 Điều này nếu đang được hưởng chế độ phụ cấp công tác lâu năm theo Nghị định số "
          "116/2010/NĐ-CP thì không được hưởng chế độ phụ cấp công tác lâu năm ở hải đảo.", **LUAT)
    j = S("Đối tượng quy định tại Điều 1 Thông tư này nếu không thuộc đối tượng được hưởng chế độ phụ cấp công tác lâu năm "
          "theo Nghị định số 116/2010/NĐ-CP thì hằng tháng được hưởng chế độ phụ cấp công tác lâu năm ở hải đảo.", **TT)
    assert check_pair(i, j).label == "no_conflict"


def test_modal_words_that_are_not_norms():
    for text in ("Thuốc bảo vệ thực vật trong Danh mục thuốc bảo vệ thực vật cấm sử dụng tại Việt Nam.",
                 "Thời gian phục vụ tại ngũ để hưởng trợ cấp xuất ngũ được tính theo tháng.",
                 "Kiểm toán viên hành nghề ký báo cáo kiểm toán cho một đơn vị được kiểm toán.",
                 "Tiền thu được từ việc đấu giá tài sản.",
                 "Định lượng quà là đồ ăn cho mỗi lần gửi không được vượt quá ba lần tiêu chuẩn ăn ngày thường.",
                 "Cơ quan có thẩm quyền cho phép công bố tác phẩm ra nước ngoài hoặc cấm công bố tác phẩm ra nước ngoài."):
        kinds = [(m.kind, m.action[:2]) for m in analyze(text).modals]
        assert not any(k in ("permit", "prohibit") for k, _ in kinds), (text, kinds)
    a = S("Nghị định này áp dụng đối với kiểm toán viên, doanh nghiệp kiểm toán, đơn vị được kiểm toán.", **LUAT)
    b = S("Nghiêm cấm đơn vị được kiểm toán từ chối cung cấp thông tin cho kiểm toán viên.", **TT)
    assert check_pair(a, b).label == "no_conflict"


def test_exemption_said_as_a_ban_on_requiring():
    a = S("Cơ quan tiếp nhận không được yêu cầu nộp bản sao có chứng thực đối với giấy tờ đã được số hóa và lưu trong Kho "
          "quản lý dữ liệu điện tử.", **LUAT)
    b = S("Trường hợp hồ sơ có giấy tờ đã được số hóa và lưu trong Kho quản lý dữ liệu điện tử, người nộp hồ sơ vẫn phải "
          "nộp bản sao có chứng thực giấy tờ đó.", **TT)
    c = check_pair(a, b)
    assert c.label == "conflict" and c.kind == "modality" and c.prevails == "a"


def test_scope_authority_levels_and_guards():
    a = S("Tòa án nhân dân cấp tỉnh giải quyết theo thủ tục sơ thẩm tranh chấp về ly hôn có yếu tố nước ngoài.", **LUAT)
    b = S("Tòa án nhân dân cấp huyện giải quyết theo thủ tục sơ thẩm tranh chấp về ly hôn có yếu tố nước ngoài.", **QD)
    assert check_pair(a, b).kind == "scope"
    c = S("Sở Tư pháp cấp Phiếu lý lịch tư pháp cho công dân Việt Nam thường trú ở trong nước.", **LUAT)
    d = S("Công an cấp huyện cấp Phiếu lý lịch tư pháp cho công dân Việt Nam thường trú ở trong nước.", **QD)
    assert check_pair(c, d).label == "conflict"
    # a power with a value on one side only is another power
    e = S("Chủ tịch Ủy ban nhân dân cấp tỉnh có quyền phạt tiền đến mức tối đa đối với lĩnh vực tương ứng.", **LUAT)
    f = S("Trưởng Công an cấp huyện có quyền phạt tiền đến 20% mức tiền phạt tối đa đối với lĩnh vực tương ứng nhưng không "
          "quá 25.000.000 đồng.", **LUAT)
    assert check_pair(e, f).label == "no_conflict"
    # a body that is only mentioned is not given the task
    g = S("Đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân cấp tỉnh thực hiện tự chủ tài chính theo quy định.", **LUAT)
    h = S("Đơn vị sự nghiệp công lập thuộc Sở Văn hóa thực hiện tự chủ tài chính theo quy định.", **TT)
    assert check_pair(g, h).label == "no_conflict"


# ------------------------------------------------------------------ real-text (Pháp điển) false-alarm shapes
def test_numeric_real_text_guards():
    # one provision states both values: two cases (first and second complaint), not a clash
    a = S("Thời hiệu khiếu nại lần đầu quyết định kỷ luật là 15 ngày, kể từ ngày nhận được quyết định kỷ luật.", **TT)
    b = S("Thời hiệu khiếu nại lần đầu là 15 ngày, kể từ ngày cán bộ, công chức nhận được quyết định kỷ luật; đối với quyết "
          "định kỷ luật buộc thôi việc thì thời hiệu khiếu nại lần hai là 30 ngày.", **LUAT)
    assert check_pair(a, b).label == "no_conflict"
    # two bands of one scale
    c = S("Thiệt hại từ 10% đến dưới 20% sản lượng thì thuế sử dụng đất nông nghiệp được giảm tương ứng.", **LUAT)
    d = S("Thiệt hại từ 20% đến dưới 30% sản lượng thì thuế sử dụng đất nông nghiệp được giảm tương ứng.", **QD)
    assert check_pair(c, d).label == "no_conflict"
    # another bare number (a coefficient) differs: another row of the table
    e = S("Mức phụ cấp 20% áp dụng đối với công chức làm việc tại các Trạm Thú y nơi có phụ cấp khu vực từ 0,4 đến 0,5.", **LUAT)
    f = S("Mức phụ cấp 15% áp dụng đối với công chức làm việc tại các Trạm Thú y nơi có phụ cấp khu vực 0,1 đến 0,3.", **QD)
    assert check_pair(e, f).label == "no_conflict"
    # a case only one side opens ("Khi … ngành, nghề … đặc thù … thì")
    g = S("Người lao động có quyền đơn phương chấm dứt hợp đồng lao động nhưng phải báo trước cho người sử dụng lao động "
          "ít nhất 45 ngày nếu làm việc theo hợp đồng lao động không xác định thời hạn.", **LUAT)
    h = S("Khi người lao động làm ngành, nghề, công việc đặc thù đơn phương chấm dứt hợp đồng lao động thì thời hạn báo "
          "trước ít nhất 120 ngày đối với hợp đồng lao động không xác định thời hạn.", **TT)
    assert check_pair(g, h).label == "no_conflict"
    # a time-bound (transitional) rule on one side only
    i = S("Tổ chức kiểm toán được chấp thuận phải có số lượng kiểm toán viên hành nghề từ 10 người trở lên.", **TT)
    j = S("Từ kỳ chấp thuận cho năm 2016, tổ chức kiểm toán được chấp thuận phải có số lượng kiểm toán viên hành nghề từ "
          "12 người trở lên.", **LUAT)
    assert check_pair(i, j).label == "no_conflict"


def test_parallel_article_titles_lower_the_rank_and_lead_ins_count():
    a = S("Tự chủ tài chính đối với đơn vị sự nghiệp công tự bảo đảm chi thường xuyên và chi đầu tư\n"
          "1. Hằng năm, đơn vị trích tối thiểu 25% chênh lệch thu chi để lập Quỹ phát triển hoạt động sự nghiệp.", **LUAT)
    b = S("Tự chủ tài chính đối với đơn vị sự nghiệp kinh tế tự bảo đảm một phần chi thường xuyên\n"
          "1. Hằng năm, đơn vị trích tối thiểu 15% chênh lệch thu chi để lập Quỹ phát triển hoạt động sự nghiệp.", **QD)
    c = check_pair(a, b)
    assert c.label == "conflict" and c.confidence < 0.6 and c.severity == "thấp"
    # numbered conditions under an opening sentence inherit it: "… bổ nhiệm làm Kiểm sát viên sơ cấp: 1. …"
    u = units("Tiêu chuẩn bổ nhiệm Kiểm sát viên sơ cấp\nNgười có đủ các điều kiện sau đây thì có thể được bổ nhiệm làm "
              "Kiểm sát viên sơ cấp:\n1. Có thời gian làm công tác pháp luật từ 04 năm trở lên;\n2. Đã trúng tuyển kỳ thi.")
    assert any("kiểm sát viên sơ cấp" in x.text and "04 năm" in x.text for x in u)


def test_more_modal_words_that_are_not_norms():
    for text in ("Sổ theo dõi sử dụng hóa chất nguy hiểm và hóa chất cấm, phiếu an toàn hóa chất lưu tại phòng thí nghiệm.",
                 "Nghị định này quy định mức đóng bảo hiểm xã hội bắt buộc vào Quỹ bảo hiểm tai nạn lao động.",
                 "Người tập sự được người hướng dẫn tập sự hướng dẫn trong các hoạt động nghề nghiệp.",
                 "Cấp phó được ủy quyền cho phép sao, chụp tài liệu mật phải chịu trách nhiệm về quyết định của mình.",
                 "Người ký phát séc có thể không cho phép thanh toán séc bằng tiền mặt.",
                 "Tại cùng một thời điểm, một luật sư không được hướng dẫn quá ba người tập sự."):
        kinds = [m.kind for m in analyze(text).modals]
        assert not any(k in ("permit", "prohibit") for k in kinds), (text, kinds)


def test_numeric_periods_anchors_and_bands():
    # different periods: weekly rest vs rest between shifts
    a = S("Mỗi tuần, người lao động được nghỉ ít nhất 24 giờ liên tục.", **LUAT)
    b = S("Sau mỗi ca làm việc, người lao động được bố trí nghỉ liên tục tối thiểu 10 giờ.", **TT)
    assert check_pair(a, b).label == "no_conflict"
    # deadlines counted from different events
    c = S("Tổ chức tôn giáo có trách nhiệm thông báo về việc giải thể chậm nhất là 20 ngày kể từ ngày tổ chức bị giải thể.", **LUAT)
    d = S("Tổ chức tôn giáo có trách nhiệm thông báo về việc giải thể trong thời hạn 60 ngày kể từ ngày cơ quan nhà nước "
          "có thẩm quyền ra văn bản yêu cầu.", **QD)
    assert check_pair(c, d).label == "no_conflict"
    # a Thông tư narrowing the Law's band for its sector specifies it
    e = S("Thời hạn định kỳ chuyển đổi vị trí công tác là từ đủ 02 năm đến 05 năm theo đặc thù của từng ngành, lĩnh vực.", **LUAT)
    f = S("Thời hạn định kỳ chuyển đổi vị trí công tác là từ đủ 03 năm đến 05 năm.", **TT)
    assert check_pair(e, f).label == "no_conflict"
    # … but a lower text widening it does contradict it
    g = S("Thời hạn định kỳ chuyển đổi vị trí công tác là từ đủ 02 năm đến 07 năm.", **QD)
    assert check_pair(e, g).label == "conflict"


def test_modality_cases_and_restatements():
    # a case opened only on one side ("Trong thời gian … thì")
    a = S("Người sử dụng lao động có trách nhiệm trả lương cho người lao động theo hợp đồng.", **TT)
    b = S("Trong thời gian người lao động nghỉ việc hưởng chế độ bảo hiểm xã hội thì người sử dụng lao động không phải trả "
          "lương cho người lao động.", **LUAT)
    assert check_pair(a, b).label == "no_conflict"
    # the other text states the same prohibition itself
    c = S("Người mang hàm ngoại giao không được sử dụng hàm ngoại giao vào mục đích cá nhân.", **TT)
    d = S("Người mang hàm ngoại giao được quyền sử dụng hàm ngoại giao trong công tác đối ngoại, nhưng không được sử dụng "
          "vào mục đích khác.", **LUAT)
    assert check_pair(c, d).label == "no_conflict"


# ------------------------------------------------------------------ generalisation (dev2 session): phrasing variants
def test_number_words_with_year_unit_and_counts_in_words():
    # "năm" after a number word is the unit (year), not "5": "mười năm" = 10 năm, "hai năm" = 2 năm
    assert _q("có thời hạn mười năm kể từ ngày cấp") == [(3600.0, 3600.0, "eq", "duration")]
    assert _q("hai năm") == [(720.0, 720.0, "eq", "duration")]
    assert _q("một trăm linh năm ngày") == [(105.0, 105.0, "eq", "duration")]
    assert _q("năm mươi lăm tuổi") == [(55.0, 55.0, "eq", "age")]
    # a count in words of ten or more is a count ("bốn mươi học sinh"); "hai bên" is not
    assert _q("tối đa là bốn mươi học sinh") == [(40.0, 40.0, "max", "count:học")]
    assert _q("hai bên thỏa thuận") == []
    # the number repeated in words in brackets: "05 (năm) ngày làm việc"
    assert _q("trong thời hạn 05 (năm) ngày làm việc") == [(5.0, 5.0, "deadline", "workday")]
    assert _q("ít nhất 30 (ba mươi) ngày") == [(30.0, 30.0, "min", "duration")]


def test_limit_words_away_from_the_number_and_more_units():
    assert _q("xe ô tô con không được chạy quá 50 km/h") == [(50.0, 50.0, "max", "speed")]
    assert _q("không muộn hơn 15 ngày") == [(15.0, 15.0, "max", "duration")]
    assert _q("chưa đến 16 tuổi") == [(16.0, 16.0, "max", "age")]
    assert _q("không quá 08 tiếng") == [(8.0, 8.0, "max", "hour")]
    assert _q("tốc độ tối đa 50 km/giờ") == [(50.0, 50.0, "max", "speed")]
    a = S("Tốc độ tối đa cho phép đối với xe ô tô con trên đường đôi trong khu vực đông dân cư là 60 km/h.", **LUAT)
    b = S("Trong khu vực đông dân cư, trên đường đôi, xe ô tô con không được chạy quá 50 km/h.", **QD)
    assert check_pair(a, b).label == "conflict"


def test_same_duration_in_other_units_is_not_a_conflict():
    a = S("Hợp đồng thuê nhà ở công vụ có thời hạn 01 năm.", **LUAT)
    assert check_pair(a, S("Hợp đồng thuê nhà ở công vụ có thời hạn 365 ngày.", **TT)).label == "no_conflict"
    assert check_pair(a, S("Hợp đồng thuê nhà ở công vụ có thời hạn 12 tháng.", **TT)).label == "no_conflict"
    assert check_pair(a, S("Hợp đồng thuê nhà ở công vụ có thời hạn 02 năm.", **TT)).label == "conflict"


def test_modality_whatever_the_word_order():
    # the prohibited person as object of "Nghiêm cấm", the passive "được phép thực hiện bởi", "bị nghiêm cấm" at the end
    a = S("Nghiêm cấm người điều khiển xe mô tô, xe gắn máy sử dụng điện thoại di động khi đang điều khiển xe.", **LUAT)
    b = S("Người điều khiển xe mô tô, xe gắn máy được sử dụng điện thoại di động khi đang điều khiển xe.", **QD)
    assert check_pair(a, b).label == "conflict"
    a = S("Tổ chức, cá nhân không được khai thác gỗ rừng tự nhiên là rừng đặc dụng.", **LUAT)
    b = S("Việc khai thác gỗ rừng tự nhiên là rừng đặc dụng được phép thực hiện bởi tổ chức, cá nhân.", **QD)
    assert check_pair(a, b).label == "conflict"
    a = S("Việc kinh doanh pháo nổ bị nghiêm cấm.", **LUAT)
    assert check_pair(a, S("Tổ chức, cá nhân được kinh doanh pháo nổ khi có giấy phép.", **QD)).label == "conflict"
    # "đã được cấp … không phải": the "được" names the subject, the norm is the exemption
    m = analyze("Người được cấp giấy phép khai thác khoáng sản không phải ký quỹ phục hồi môi trường.").modals
    assert [x.kind for x in m] == ["no_oblige"]


def test_nobody_may_is_a_prohibition():
    assert [m.kind for m in analyze("Không ai được tự ý vào chỗ ở của người khác.").modals] == ["prohibit"]
    assert [m.kind for m in analyze("Không một tổ chức, cá nhân nào được can thiệp vào hoạt động xét xử.").modals] == ["prohibit"]
    a = S("Không ai được bắt giữ người khi không có quyết định của Tòa án.", **LUAT)
    b = S("Cơ quan điều tra được bắt giữ người khi không có quyết định của Tòa án.", **QD)
    assert check_pair(a, b).label == "conflict"


def test_only_if_versus_without_the_condition():
    a = S("Người sử dụng lao động chỉ được giao kết hợp đồng lao động với người chưa đủ 15 tuổi khi có sự đồng ý bằng "
          "văn bản của người đại diện theo pháp luật.", **LUAT)
    b = S("Người sử dụng lao động được giao kết hợp đồng lao động với người chưa đủ 15 tuổi mà không cần sự đồng ý của "
          "người đại diện theo pháp luật.", **QD)
    assert check_pair(a, b).label == "conflict"
    b2 = S("Người sử dụng lao động được giao kết hợp đồng lao động với người chưa đủ 15 tuổi khi có sự đồng ý bằng văn "
           "bản của người đại diện theo pháp luật.", **QD)
    assert check_pair(a, b2).label == "no_conflict"


def test_contrasting_conditions_are_two_cases():
    a = S("Người nộp thuế phải nộp tiền chậm nộp nếu nộp thuế chậm so với thời hạn quy định.", **LUAT)
    b = S("Người nộp thuế không phải nộp tiền chậm nộp nếu nộp thuế đúng thời hạn quy định.", **QD)
    assert check_pair(a, b).label == "no_conflict"
    # a different object: "dừng xe trên cầu" / "dừng xe tại nơi có biển báo cho phép dừng xe"
    a = S("Người điều khiển xe ô tô không được dừng xe trên cầu.", **LUAT)
    b = S("Người điều khiển xe ô tô được dừng xe tại nơi có biển báo cho phép dừng xe.", **QD)
    assert check_pair(a, b).label == "no_conflict"


def test_dev2_pairs_file_is_valid_and_scored(tmp_path):
    rows = load_pairs(DATA / "dev2.jsonl")
    assert len(rows) >= 60 and {r["label"] for r in rows} == {"conflict", "no_conflict", "superseded"}
    m = run(DATA / "dev2.jsonl", tmp_path)
    assert m["precision"] >= 0.9 and m["recall"] >= 0.85


def test_frequency_with_period_first_and_hour_deadlines():
    assert _q("ít nhất mỗi năm một lần") == [(1.0, 1.0, "min", "freq")]  # times per year (h-conf13: one scale for all wordings)
    a = S("Cơ sở phải tổ chức diễn tập phương án chữa cháy ít nhất mỗi năm một lần.", **LUAT)
    b = S("Phương án chữa cháy của cơ sở phải được tổ chức diễn tập tối thiểu 02 lần mỗi năm.", **QD)
    assert check_pair(a, b).label == "conflict"
    assert _q("trong vòng 04 giờ kể từ thời điểm nhận") == [(4.0, 4.0, "deadline", "hour")]


def test_not_yet_treated_object_and_unjustified_refusal_are_other_cases():
    a = S("Nghiêm cấm xả nước thải chưa qua xử lý ra môi trường.", **LUAT)
    b = S("Cơ sở được xả nước thải đã qua xử lý đạt quy chuẩn kỹ thuật ra môi trường.", **QD)
    assert check_pair(a, b).label == "no_conflict"
    a = S("Công chứng viên có quyền từ chối công chứng hợp đồng vi phạm pháp luật.", **LUAT)
    b = S("Công chứng viên không được từ chối công chứng hợp đồng mà không có lý do chính đáng.", **QD)
    assert check_pair(a, b).label == "no_conflict"
    b2 = S("Công chứng viên không được từ chối công chứng hợp đồng vi phạm pháp luật.", **QD)
    assert check_pair(a, b2).label == "conflict"


def test_restatements_rank_above_loose_clashes():
    # the same sentence but for the value ranks above a clash between sentences that only share the matter
    base = "Trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ, Sở Tư pháp cấp giấy đăng ký hoạt động cho công ty luật."
    # (a longer time than the law's: a shorter one is a stricter internal deadline, no clash — numeric._faster_service)
    same = S("Trong thời hạn 15 ngày làm việc kể từ ngày nhận đủ hồ sơ, Sở Tư pháp cấp giấy đăng ký hoạt động cho công ty luật.", **QD)
    loose = S("Sở Tư pháp cấp giấy đăng ký hoạt động cho công ty luật trong vòng 15 ngày làm việc, kể từ ngày nhận được "
              "đủ hồ sơ.", **QD)
    c_same, c_loose = check_pair(S(base, **LUAT), same), check_pair(S(base, **LUAT), loose)
    assert c_same.label == c_loose.label == "conflict"
    assert c_same.confidence > c_loose.confidence


# ------------------------------------------------------------------ semantic same-matter check (sample conflict "e")
SAMPLE = ROOT / "corpus" / "sample"


def _sample_e_sides() -> tuple[ConflictSide, ConflictSide]:
    """Điều 7 of Luật 71/2023/QH15 and the handbook's "Điều kiện thực hiện" section, as in corpus/sample."""
    law = (SAMPLE / "luat-71-2023-qh15-tiep-nhan-giai-quyet-tthc-dien-tu.txt").read_text(encoding="utf-8")
    start = law.index("Điều 7.")
    law_art = law[start : law.index("Điều 8.", start)].strip()
    guide = (SAMPLE / "huong-dan-nop-ho-so-truc-tuyen-dvcqg.md").read_text(encoding="utf-8")
    sec = guide[guide.index("## Điều kiện thực hiện") : guide.index("## Các bước thực hiện")].strip()
    a = S(law_art, doc_type="Luật", number="71/2023/QH15", issuer="Quốc hội", issued=date(2023, 11, 22),
          eff=date(2024, 7, 1), citation="Điều 7 Luật 71/2023/QH15")
    b = ConflictSide(text=sec, citation="Mục 2 «Điều kiện thực hiện» – Hướng dẫn nộp hồ sơ", doc_type="Hướng dẫn")
    return a, b


def test_sample_conflict_e_paraphrased_age_is_found_and_the_law_prevails():
    import assistant.conflicts as C

    if C.semantic._clause_encoder() is None:
        pytest.skip("no e5 query encoder available")
    a, b = _sample_e_sides()
    c = check_pair(a, b)
    assert c.label == "conflict" and c.kind == "numeric" and c.prevails == "a"
    assert a.text[c.spans_a[0][0] : c.spans_a[0][1]] == "14 tuổi"
    assert b.text[c.spans_b[0][0] : c.spans_b[0][1]] == "16 tuổi"
    assert "không phải là văn bản quy phạm pháp luật" in c.rule
    # swapped sides: the same clash, the law still prevails
    c2 = check_pair(b, a)
    assert c2.label == "conflict" and c2.prevails == "b"


def test_without_an_encoder_check_pair_is_lexical_only():
    import assistant.conflicts as C

    saved = C.semantic._encoder_state.get("fn", "unset")
    C.set_clause_encoder(None)
    try:
        a, b = _sample_e_sides()
        r = check_pair(a, b)
        # the paraphrased age (14 vs 16) shares too few words for the lexical numeric check: no numeric finding;
        # the same clash is still seen, without the encoder, as an antonymous act ("từ đủ 14 tuổi … được tự mình
        # sử dụng" / "người dưới 16 tuổi do cha, mẹ … nộp thay": for ages 14–15 the guide denies acting oneself)
        assert r.kind != "numeric"
        assert r.label == "conflict" and "tự mình" in r.explanation
        # lexical findings are unaffected
        c = check_pair(S("Trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan cấp phép phải cấp giấy phép."),
                       S("Trong thời hạn 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan cấp phép phải cấp giấy phép.", **TT))
        assert c.label == "conflict" and c.kind == "numeric"
    finally:
        if saved == "unset":
            C.semantic._encoder_state.pop("fn", None)
        else:
            C.set_clause_encoder(saved)
        C.semantic._sim_cache.clear()


def test_semantic_check_does_not_join_special_cases():
    import assistant.conflicts as C

    if C.semantic._clause_encoder() is None:
        pytest.skip("no e5 query encoder available")
    # same template, but one side is a special case ("đối với người làm công việc đặc biệt nặng nhọc")
    a = S("Thời giờ làm việc bình thường không quá 08 giờ trong 01 ngày và không quá 48 giờ trong 01 tuần.", **LUAT)
    b = S("Thời giờ làm việc không quá 06 giờ trong 01 ngày đối với người làm các công việc đặc biệt nặng nhọc, độc hại, "
          "nguy hiểm.", **TT)
    assert check_pair(a, b).label == "no_conflict"


def _needs_encoder():
    import assistant.conflicts as C

    if C.semantic._clause_encoder() is None:
        pytest.skip("no e5 query encoder available")


def test_semantic_check_deadline_vs_at_the_latest_across_documents_not_within_one():
    _needs_encoder()
    law = "Trong thời hạn 60 ngày kể từ ngày sinh con, cha, mẹ có trách nhiệm đăng ký khai sinh cho con."
    guide = "Giấy khai sinh của em bé phải được gia đình làm xong chậm nhất là ba mươi ngày sau khi bé chào đời."
    a = S(law, doc_type="Luật", number="60/2014/QH13", issuer="Quốc hội", eff=date(2016, 1, 1))
    # "trong thời hạn 60 ngày" and "chậm nhất là ba mươi ngày" are the same kind of limit (the most allowed)
    c = check_pair(a, ConflictSide(text=guide, citation="Mục 2 Cẩm nang hộ tịch", doc_type="Cẩm nang"))
    assert c.label == "conflict" and c.kind == "numeric" and c.prevails == "a"
    # two provisions of one document: its different numbers are its different cases, never joined by meaning
    same_doc = S(guide, doc_type="Luật", number="60/2014/QH13", issuer="Quốc hội", eff=date(2016, 1, 1),
                 citation="Khoản 3 Điều 9 Luật Hộ tịch")
    assert check_pair(a, same_doc).label == "no_conflict"
    # between two ranked legal documents, which restate each other nearly word for word, only the lexical check
    # decides (the meaning check flooded the Pháp điển batch with template look-alikes)
    assert check_pair(a, S(guide, **TT)).label == "no_conflict"



def test_clock_time_minutes_are_not_a_duration():
    """"sau 16 giờ 30 phút của ngày làm việc" is a cut-off time: its "30 phút" must not clash with "04 giờ"."""
    assert [(q.raw, q.cat) for q in analyze("Hồ sơ nộp sau 16 giờ 30 phút của ngày làm việc được tính là tiếp nhận "
                                            "vào ngày làm việc tiếp theo.").quantities] == [("16 giờ 30 phút", "clock")]
    qa = ConflictSide(text="Nộp hồ sơ trực tuyến ngoài giờ hành chính có được không? Được. Hồ sơ nộp sau 16 giờ 30 phút "
                           "của ngày làm việc được tính là tiếp nhận vào ngày làm việc tiếp theo.",
                      citation="Mục 1 – Hỏi đáp về dịch vụ công trực tuyến", doc_type="Hỏi đáp")
    nd = S("Trong thời hạn 04 giờ làm việc kể từ thời điểm hệ thống ghi nhận hồ sơ, công chức tiếp nhận phải kiểm tra "
           "tính đầy đủ, hợp lệ của hồ sơ.")
    assert check_pair(qa, nd).label == "no_conflict"


def test_report_notes_when_the_prevailing_provision_loses_to_a_higher_one():
    from assistant.conflicts import annotate_chains

    fee = "Phí cấp bản sao điện tử từ sổ gốc là {} đồng/trang."
    nd = S(fee.format("3.000"), citation="Khoản 2 Điều 11 Nghị định 42/2024/NĐ-CP", number="42/2024/NĐ-CP")
    qd = S(fee.format("5.000"), citation="Khoản 1 Điều 4 Quyết định 18/2023/QĐ-UBND", **QD)
    guide = ConflictSide(text=fee.format("3.000"), citation="Bước 5 – Hướng dẫn nộp hồ sơ", doc_type="Hướng dẫn")
    guide_vs_qd, nd_vs_qd = check_pair(guide, qd), check_pair(nd, qd)
    assert guide_vs_qd.prevails == "b" and nd_vs_qd.prevails == "a"  # the decision beats the guide, the decree beats it
    first, second = annotate_chains([guide_vs_qd, nd_vs_qd])
    assert "Lưu ý" in first.explanation and nd.citation in first.explanation
    assert second.explanation == nd_vs_qd.explanation
    # no chain without the higher finding
    assert annotate_chains([guide_vs_qd])[0].explanation == guide_vs_qd.explanation


# ------------------------------------------------------------------ retellings in plain words (issue #6, dev4)
def _guide(text: str) -> ConflictSide:
    return ConflictSide(text=text, citation="Mục 3 – Cẩm nang pháp luật cho người dân", doc_type="Cẩm nang")


def test_guide_retelling_that_keeps_most_words_and_restates_the_case_is_compared_by_meaning():
    _needs_encoder()
    # the guide shares most of the law's words (no longer "too many shared words for a paraphrase") and states the
    # law's case "đối với hộ gia đình, cá nhân …" without the marker: still one matter, another value
    law = S("Thời hạn sử dụng đất đối với hộ gia đình, cá nhân được Nhà nước giao đất nông nghiệp trong hạn mức là 50 năm.",
            **LUAT)
    guide = _guide("Đất trồng cây hằng năm được Nhà nước giao cho hộ gia đình, cá nhân trong hạn mức thì người dân được "
                   "sử dụng trong thời hạn bảy mươi năm.")
    c = check_pair(law, guide)
    assert c.label == "conflict" and c.kind == "numeric" and c.prevails == "a"
    assert law.text[c.spans_a[0][0] : c.spans_a[0][1]] == "50 năm"
    assert guide.text[c.spans_b[0][0] : c.spans_b[0][1]] == "bảy mươi năm"
    # a case restated in plain words ("công dân khi thay đổi chỗ ở" → "người dân đã chuyển về nơi ở mới")
    law2 = S("Công dân khi thay đổi chỗ ở hợp pháp có trách nhiệm đăng ký thường trú tại chỗ ở mới trong thời hạn 12 tháng "
             "kể từ ngày đủ điều kiện đăng ký.", **LUAT)
    guide2 = _guide("Người dân đã chuyển về nơi ở mới và đủ điều kiện thường trú thì chậm nhất là sáu tháng phải làm thủ "
                    "tục đăng ký thường trú tại nơi ở đó.")
    assert check_pair(law2, guide2).label == "conflict"
    # the same retelling in a ranked legal document is still left to the lexical check
    assert check_pair(law, S(guide.text, **TT)).label == "no_conflict"


def test_meaning_check_does_not_join_a_template_with_another_subject():
    _needs_encoder()
    # one template, the subject swapped ("Hội đồng thành viên" / "Ban kiểm soát"): two bodies, however close in e5
    a = ConflictSide(text="Hội đồng thành viên của công ty trách nhiệm hữu hạn hai thành viên trở lên có từ 03 đến 07 "
                          "thành viên.", citation="Văn bản hướng dẫn (không rõ số hiệu)", doc_type="Văn bản")
    b = S("Ban kiểm soát của công ty trách nhiệm hữu hạn hai thành viên trở lên có từ 03 đến 05 thành viên.", **LUAT)
    assert check_pair(a, b).label == "no_conflict"


def test_engine_capacity_bands_are_disjoint_scopes():
    assert _q("xe gắn máy có dung tích xi-lanh dưới 50 cm3") == [(50.0, 50.0, "max", "measure:cm3")]
    a = S("Người đủ 16 tuổi trở lên được điều khiển xe gắn máy có dung tích xi-lanh dưới 50 cm3.", **LUAT)
    b = _guide("Muốn lái mô tô hai bánh có dung tích xi-lanh từ 50 cm3 trở lên thì người lái phải từ đủ mười tám tuổi và "
               "có giấy phép lái xe phù hợp.")
    assert check_pair(a, b).label == "no_conflict"  # "dưới 50 cm3" / "từ 50 cm3 trở lên": two kinds of vehicle


def test_plain_names_of_legal_things_are_the_same_matter():
    # "sĩ số tối đa … bốn mươi em" = "không quá 35 học sinh"; "bằng lái" = "giấy phép lái xe"
    assert _q("sĩ số tối đa của một lớp là bốn mươi em") == [(40.0, 40.0, "max", "count:học")]
    tt = S("Mỗi lớp ở trường tiểu học có không quá 35 học sinh.", **TT)
    qd = S("Sĩ số tối đa của một lớp học bậc tiểu học trên địa bàn thành phố là bốn mươi em.", **QD)
    c = check_pair(tt, qd)
    assert c.label == "conflict" and c.kind == "numeric" and c.prevails == "a"
    assert qd.text[c.spans_b[0][0] : c.spans_b[0][1]] == "bốn mươi em"
    luat = S("Người đủ 18 tuổi trở lên được cấp giấy phép lái xe hạng B.", **LUAT)
    tt2 = S("Chỉ công dân từ mười chín tuổi trở lên mới được dự sát hạch để được cấp bằng lái ô tô hạng B.", **TT)
    c2 = check_pair(luat, tt2)
    assert c2.label == "conflict" and c2.kind == "numeric" and c2.prevails == "a"
    # another class of licence is another subject
    tt3 = S("Chỉ công dân từ hai mươi mốt tuổi trở lên mới được dự sát hạch để được cấp bằng lái ô tô hạng D.", **TT)
    assert check_pair(luat, tt3).label == "no_conflict"


def test_unranked_legal_documents_keep_the_gated_meaning_check():
    """Two Nghị quyết of the Hội đồng Thẩm phán (no place in legal_rank) are legal text, not retellings: the meaning
    check keeps its gates there. Real Pháp điển pair (án treo vs tha tù trước thời hạn có điều kiện: two regimes),
    flagged when the gates were lifted for every unranked text."""
    from assistant.conflicts.retelling import _plain_retelling

    _needs_encoder()
    a = ConflictSide(
        text="Điều kiện và mức rút ngắn thời gian thử thách của án treo\n2. Mỗi năm người được hưởng án treo chỉ được rút "
             "ngắn thời gian thử thách một lần từ 01 tháng đến 01 năm. Người được hưởng án treo có thể được rút ngắn thời "
             "gian thử thách nhiều lần, nhưng phải bảo đảm thực tế chấp hành thời gian thử thách là ba phần tư thời gian "
             "thử thách Tòa án đã tuyên.",
        citation="Điều 8 Nghị quyết số 02/2018/NQ-HĐTP", doc_type="Nghị quyết", number="02/2018/NQ-HĐTP",
        effective_from=date(2018, 7, 1))
    b = ConflictSide(
        text="Mức rút ngắn thời gian thử thách\nMỗi năm người được tha tù trước thời hạn có điều kiện có thể được xem xét, "
             "rút ngắn thời gian thử thách 01 lần từ 03 tháng đến 02 năm. Quyết định rút ngắn thời gian thử thách phải "
             "ghi rõ thời gian thử thách còn lại cho người được tha tù trước thời hạn có điều kiện.",
        citation="Điều 7 Nghị quyết số 01/2018/NQ-HĐTP", doc_type="Nghị quyết", number="01/2018/NQ-HĐTP",
        effective_from=date(2018, 6, 9))
    assert legal_rank(a) is None and not _plain_retelling(a) and not _plain_retelling(b)
    assert check_pair(a, b).label == "no_conflict"
    assert _plain_retelling(_guide("…")) and _plain_retelling(ConflictSide(text="…", citation="Văn bản", doc_type="Văn bản"))
    assert not _plain_retelling(ConflictSide(text="…", citation="Điều 36.5.SL.7 – Pháp điển", doc_type="Pháp điển"))


# ------------------------------------------------------------------ modality / competence in other words (issue #6)
BLLD = dict(doc_type="Bộ luật", number="45/2019/QH14", issuer="Quốc hội", issued=date(2019, 11, 20), eff=date(2021, 1, 1))


def test_plain_words_are_rewritten_into_legal_words_with_spans_mapped_back():
    from assistant.conflicts import to_legal_words

    src = "Doanh nghiệp có thể giữ lại bản gốc bằng cấp của nhân viên."
    out, idx = to_legal_words(src)
    assert out == "Doanh nghiệp có thể giữ bản chính văn bằng của người lao động."
    assert len(idx) == len(out) and idx[out.index("có thể")] == src.index("có thể")
    assert src[idx[out.index("người lao động")] :].startswith("nhân viên")


def test_local_decision_retelling_a_ban_in_plain_words_is_a_modality_conflict():
    # dev4: the decision calls the papers and the employee by their everyday names
    law = S("Người sử dụng lao động không được giữ bản chính giấy tờ tùy thân, văn bằng, chứng chỉ của người lao động.",
            **BLLD)
    qd = S("Doanh nghiệp có thể giữ lại bản gốc bằng cấp, chứng chỉ của nhân viên trong suốt thời gian thực hiện hợp "
           "đồng lao động để bảo đảm việc bồi thường chi phí đào tạo.", **QD)
    c = check_pair(law, qd)
    assert c.label == "conflict" and c.kind == "modality" and c.prevails == "a"
    assert qd.text[c.spans_b[0][0] : c.spans_b[0][1]] == "có thể"
    # between two central legal documents the wording is the law's own: no paraphrase pass
    assert check_pair(law, S(qd.text, **TT)).label == "no_conflict"


def test_guide_permission_against_a_ban_and_decision_obligation_against_an_exemption():
    ban = S("Nghiêm cấm điều khiển phương tiện tham gia giao thông đường bộ mà trong máu hoặc hơi thở có nồng độ cồn.",
            **LUAT)
    guide = _guide("Người lái xe mô tô có nồng độ cồn trong hơi thở dưới 0,25 miligam/lít khí thở vẫn được phép điều "
                   "khiển xe trên đường.")
    c = check_pair(ban, guide)
    assert c.label == "conflict" and c.kind == "modality" and c.prevails == "a"
    exempt = S("Nhà ở riêng lẻ ở nông thôn có quy mô dưới 07 tầng và thuộc khu vực không có quy hoạch đô thị, quy hoạch "
               "xây dựng khu chức năng hoặc quy hoạch chi tiết xây dựng điểm dân cư nông thôn được miễn giấy phép xây "
               "dựng.", **LUAT)
    qd = S("Hộ gia đình xây nhà ở dưới bảy tầng tại vùng nông thôn chưa có quy hoạch vẫn bắt buộc phải xin cấp giấy "
           "phép xây dựng trước khi khởi công.", **QD)
    c2 = check_pair(exempt, qd)
    assert c2.label == "conflict" and c2.kind == "modality" and c2.prevails == "a"


def test_procedure_done_at_another_body_is_a_competence_conflict():
    law = S("Ủy ban nhân dân cấp xã nơi cư trú cuối cùng của người chết thực hiện việc đăng ký khai tử.", **LUAT)
    qd = S("Thủ tục khai tử cho người chết có nơi cư trú cuối cùng trong nước được thực hiện tại Phòng Tư pháp cấp "
           "huyện.", **QD)
    c = check_pair(law, qd)
    assert c.label == "conflict" and c.kind == "scope" and c.prevails == "a"
    assert qd.text[c.spans_b[0][0] : c.spans_b[0][1]] == "Phòng Tư pháp cấp huyện"


def test_competence_for_a_task_told_in_other_words_and_its_guards():
    # the decision narrows the law's addressees ("tổ chức kinh tế trong nước" within "tổ chức trong nước, …") and
    # gives the task to another level
    law = S("Ủy ban nhân dân cấp tỉnh quyết định thu hồi đất đối với tổ chức trong nước, tổ chức tôn giáo, người Việt "
            "Nam định cư ở nước ngoài.", **LUAT)
    qd = S("Việc thu hồi đất của tổ chức kinh tế trong nước do Ủy ban nhân dân cấp huyện ban hành quyết định.", **QD)
    c = check_pair(law, qd)
    assert c.label == "conflict" and c.kind == "scope" and c.prevails == "a"
    # another addressee ("hộ gia đình, cá nhân" / "tổ chức") or a delegation ("ủy quyền") is no clash
    qd2 = S("Việc thu hồi đất của hộ gia đình, cá nhân trong nước do Ủy ban nhân dân cấp huyện ban hành quyết định.", **QD)
    assert check_pair(S("Ủy ban nhân dân cấp tỉnh quyết định thu hồi đất đối với tổ chức trong nước.", **LUAT),
                      qd2).label == "no_conflict"
    qd3 = S("Việc thu hồi đất của tổ chức kinh tế trong nước do Ủy ban nhân dân cấp huyện ban hành quyết định theo ủy "
            "quyền của Ủy ban nhân dân tỉnh.", **QD)
    assert check_pair(law, qd3).label == "no_conflict"
    # the same pair between two central documents keeps the strict same-sentence rule
    assert check_pair(law, S(qd.text, **TT)).label == "no_conflict"


def test_hang_khong_is_not_a_negation():
    # real Pháp điển pair (two Thông tư on moving civil servants to new pay titles): "cảng vụ hàng không phải căn cứ …"
    # was read as "không phải" (need not) against the other text's "phải căn cứ …"
    m = analyze("Việc bổ nhiệm viên chức chuyên ngành cảng vụ hàng không phải căn cứ vào vị trí việc làm.").modals
    assert [x.kind for x in m] == ["oblige"]
    assert [x.kind for x in analyze("Hãng hàng không không được từ chối vận chuyển hành khách.").modals] == ["prohibit"]
    # … but "ngân hàng/khách hàng không được" is a negation (real pair: "khách hàng không được hỗ trợ lãi suất")
    assert [x.kind for x in analyze("Khách hàng không được hỗ trợ lãi suất đối với phần dư nợ gốc bị quá hạn.").modals] == [
        "prohibit"]
    assert [x.kind for x in analyze("Ngân hàng không phải hoàn trả khoản phí này.").modals] == ["no_oblige"]


def test_paraphrase_pass_does_not_join_two_addressees_that_share_only_the_act():
    # from the paraphrase pass forced on real Pháp điển pairs (where it never runs): the court that orders a valuation
    # need not advance its cost, the party who asks for one must — two addressees, the shared words are the act's
    law = S("Đối với vụ án dân sự, Tòa án ra quyết định định giá tài sản không phải nộp tiền tạm ứng chi phí định giá cho "
            "Hội đồng định giá.", **LUAT)
    guide = _guide("Người yêu cầu định giá tài sản phải nộp tiền tạm ứng chi phí định giá tài sản.")
    assert check_pair(law, guide).label == "no_conflict"


# ------------------------------------------------------------------ ranking by document relation
def test_relation_ranks_two_unrelated_laws_below_a_law_and_its_decree_and_is_neutral_when_unknown():
    from assistant.conflicts import relate_conflicts
    from assistant.doc_relations import DocumentInfo, DocumentRelations

    rel = DocumentRelations()
    rel.add(DocumentInfo.make("65/2006/QH11", "Luật", "Luật sư"))
    rel.add(DocumentInfo.make("123/2013/NĐ-CP", "Nghị định", "Quy định chi tiết một số điều và biện pháp thi hành Luật Luật sư"))
    rel.add(DocumentInfo.make("92/2015/QH13", "Bộ luật", "Tố tụng dân sự"))
    rel.add(DocumentInfo.make("93/2015/QH13", "Luật", "Tố tụng hành chính"))
    law = dict(doc_type="Luật", issuer="Quốc hội", issued=date(2006, 6, 29), eff=date(2007, 1, 1))
    branch = ("Trong thời hạn {} ngày làm việc, kể từ ngày nhận đủ hồ sơ, Sở Tư pháp cấp Giấy đăng ký hoạt động cho chi "
              "nhánh của công ty luật nước ngoài.")
    linked = check_pair(S(branch.format("mười"), number="65/2006/QH11", **law),
                        S(branch.format("07"), number="123/2013/NĐ-CP", issued=date(2013, 10, 14), eff=date(2013, 11, 28)))
    hearing = ("Trong thời hạn {} ngày, kể từ ngày nhận được kháng nghị kèm theo hồ sơ vụ án, Tòa án có thẩm quyền giám đốc "
               "thẩm phải mở phiên tòa.")
    codes = check_pair(S(hearing.format("60"), number="92/2015/QH13", doc_type="Bộ luật", issuer="Quốc hội",
                         issued=date(2015, 11, 25), eff=date(2016, 7, 1)),
                       S(hearing.format("30"), number="93/2015/QH13", doc_type="Luật", issuer="Quốc hội",
                         issued=date(2015, 11, 25), eff=date(2016, 7, 1)))
    assert linked.label == codes.label == "conflict"
    out_linked, out_codes = relate_conflicts([linked, codes], rel)
    assert (out_linked.relation, out_codes.relation) == ("implements", "unrelated")
    assert out_linked.confidence == linked.confidence
    assert out_codes.confidence < codes.confidence and "không dẫn chiếu nhau" in out_codes.explanation
    assert rank_conflicts([out_codes, out_linked])[0] is out_linked
    # bare pairs (no titles known): nothing changes but the recorded relation
    (same,) = relate_conflicts([codes], DocumentRelations())
    assert same.relation == "unknown" and same.confidence == codes.confidence and same.severity == codes.severity


def test_a_clash_between_texts_of_a_law_replaced_by_a_later_law_of_its_name_ranks_lower_and_says_why():
    """Luật Cư trú 2006 and its circular clash on a deadline (as in the Pháp điển batch), but the collection names
    Luật Cư trú 2020: the finding is weighed down below a live one and the explanation says the texts may have
    lapsed; on a date before 2020 nothing changes."""
    from assistant.conflicts import relate_conflicts
    from assistant.doc_relations import DocumentInfo, DocumentRelations

    rel = DocumentRelations()
    rel.add(DocumentInfo.make("81/2006/QH11", "Luật", "Cư trú", date(2006, 11, 29)))
    rel.add(DocumentInfo.make("35/2014/TT-BCA", "Thông tư", "Quy định chi tiết thi hành một số điều của Luật Cư trú",
                              date(2014, 9, 9)))
    rel.add(DocumentInfo.make("68/2020/QH14", "Luật", "Cư trú", date(2020, 11, 13)))
    text = ("Trong thời hạn {} ngày làm việc, kể từ ngày nhận đủ hồ sơ, cơ quan đăng ký cư trú phải cấp giấy chuyển hộ "
            "khẩu cho công dân.")
    old = check_pair(S(text.format("ba"), number="81/2006/QH11", doc_type="Luật", issuer="Quốc hội",
                       issued=date(2006, 11, 29), eff=date(2007, 7, 1)),
                     S(text.format("02 (hai)"), number="35/2014/TT-BCA", doc_type="Thông tư", issuer="Bộ Công an",
                       issued=date(2014, 9, 9), eff=date(2014, 10, 28)))
    assert old.label == "conflict"
    (now,) = relate_conflicts([old], rel, date(2026, 11, 27))
    assert now.relation == "implements" and now.confidence == round(old.confidence * 0.5, 3)
    assert "có thể đã được thay thế" in now.explanation and "68/2020/QH14" in now.explanation
    (then,) = relate_conflicts([old], rel, date(2019, 1, 1))
    assert then.confidence == old.confidence and "68/2020/QH14" not in then.explanation


def test_report_names_phapdien_provisions_by_their_source_first(tmp_path):
    """Officials cite the source provision, not the Pháp điển code: the HTML and the CSV show "Khoản 1 Điều 40 Nghị định
    số 112/2020/NĐ-CP (Pháp điển: Điều 5.2.NĐ.11.40)" for a real Pháp điển khoản chunk; the JSON keeps the stored
    citation for machines; a citation of another kind is unchanged."""
    import csv

    from assistant.chunking import chunk, source_first
    from assistant.conflicts import side_from_chunk
    from assistant.legal import parse
    from legal_files import PD, read_phapdien

    p = PD / "can-bo-cong-chuc-vien-chuc" / "vien-chuc.md"
    if not p.exists():
        pytest.skip("Pháp điển data absent")
    k1 = next(c for c in chunk(parse(read_phapdien(p)), collection="phapdien")
              if c.article_id == "5.2.NĐ.11.40" and c.clause == "1")
    side = side_from_chunk(k1)
    assert side.citation == "Khoản 1 Điều 5.2.NĐ.11.40 (Điều 40 Nghị định số 112/2020/NĐ-CP)"
    shown = "Khoản 1 Điều 40 Nghị định số 112/2020/NĐ-CP (Pháp điển: Điều 5.2.NĐ.11.40)"
    assert source_first(side.citation) == shown
    assert source_first("Khoản 2 Điều 9 Nghị định 42/2024/NĐ-CP") == "Khoản 2 Điều 9 Nghị định 42/2024/NĐ-CP"
    other = ConflictSide(text="Thời hạn là 30 ngày.", citation="Điều 9 Nghị định 42/2024/NĐ-CP", doc_type="Nghị định")
    c = Conflict(a=other, b=side, label="conflict", kind="numeric", prevails="a", explanation="…")
    page = write_html([c], tmp_path / "r.html").read_text(encoding="utf-8")
    assert shown in page and "Điều 5.2.NĐ.11.40 (" not in page
    rows = list(csv.DictReader(write_csv([c], tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert shown in rows[0].values()
    data = json.loads(write_json([c], tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["conflicts"][0]["b"]["citation"] == side.citation


_ORPHAN_SCRIPT = r"""
import multiprocessing, sys, time
from assistant.conflicts import batch
from assistant.records import ConflictSide

if __name__ == "__main__":
    batch.CHECK_BLOCK = 5
    a = ConflictSide(text="Thời hạn giải quyết là 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.", citation="Điều 1 A")
    b = ConflictSide(text="Thời hạn giải quyết là 20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.", citation="Điều 2 B")
    blocks = batch._checked_blocks([(0, 1)] * 1_000_000, [a, b], None, None, 2)
    next(blocks)
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    time.sleep(600)
"""


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_of_a_killed_batch_stop(tmp_path):
    """A batch killed by an operator (SIGKILL: no clean-up runs) left its two spawned workers checking pairs — for
    minutes on Pháp điển, each holding the collection. Each worker now sees its batch gone and stops within seconds."""
    from orphans import kill_and_expect_workers_stop

    script = tmp_path / "batch_child.py"
    script.write_text(_ORPHAN_SCRIPT, encoding="utf-8")
    kill_and_expect_workers_stop(script)
