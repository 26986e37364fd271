"""Modal statements of a provision: the deontic markers (được / không được / cấm / phải / không phải …,
``_MODAL_PATTERNS``) that are norms, with the act each one governs (``Modal``, ``_extract_modals``); markers inside
category names, relative clauses, passives, conditions and numeric limits are skipped.

Does not compare two provisions (``modality.detect_modality``).

Markers
* permission: được / có quyền / có thể; prohibition: không được / cấm / nghiêm cấm, "tuyệt đối không"; obligation:
  phải, "buộc phải"; exemption: không phải / không bắt buộc, "không bị buộc phải", "không ép buộc", "được miễn trừ".
* "Không ai/Không tổ chức, cá nhân nào được …" is a prohibition; "không được yêu cầu nộp X" is also an exemption from
  filing X; "không cần báo trước" = "mà không báo trước"; words negated inside the act are kept ("không thu tiền"; "không có trong Danh mục" keeps "danh").
* only the main modal marker of a clause segment counts (but a second marker of the same subject after "và"/"hoặc",
  or a waiver inside a permission, "có quyền … không cần báo trước", is a norm of its own: ``COORD_NORM``); "nhưng"
  ends a norm; a pro-verb ("… không bị buộc phải
  làm") takes the sentence's "Việc …" act.
* not norms: "đã được cấp", clause-final "được" (passive), category names ("Các hoạt động … không phải nộp …",
  "Danh mục … cấm sử dụng", "thông tin không được tiếp cận", "thuộc Danh mục …, thiết bị phải loại bỏ"), passives ("được tính/xác định/hiểu"), relative clauses
  ("đơn vị được kiểm toán", "tiền thu được"), the nouns "quyền lợi"/"quyền hạn" ("có quyền lợi, nghĩa vụ liên
  quan"), numeric limits ("không được vượt quá"), powers to decide ("cho phép …
  hoặc cấm …"). (Items of penalty or grounds lists, "áp dụng đối với" articles, upper-case headings and article
  titles are left out earlier, by ``clauses``.)
* "được tổ chức" + an event or activity ("được tổ chức dạy thêm") permits organising it; before an agent ("được tổ chức
  tín dụng chấp thuận") it is a passive.
* a ban opening a sentence continues into the ";"-parts that open with one of its verbs ("Nghiêm cấm chặt, phá, khai
  thác …; khai thác gỗ trong rừng phòng hộ …"; ``BAN_SERIES``).
Provenance: the first dev set and dev2 (tests/test_conflicts.py); the dev5 modal words and the pro-verb
(tests/test_conflicts_dev5.py); list names and "được tổ chức" (dev21, tests/test_conflicts_conf21.py); ban series and
coordinated norms (h-mod23, tests/test_conflicts_mod23.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# h-conf25 switch: "chỉ S mới được X" (only S may X) is a permission reserved to S, not the state "mới được" (newly
# given: "người mới được cấp thẻ"); the reservation is read by ``modality._only_subject_clash``
ONLY_THEN_MAY = True
_ONLY_THEN_RE = re.compile(r"(?:^|[,;:]|(?<!\w)(?:thì|và))\s*chỉ(?:\s+có)?\s+(?!(?:huy|đạo|thị|định|tiêu|số|dẫn|rõ|ra|trích|"
                           r"điểm|báo|giáo|mục|trỏ|tay|vàng)(?!\w))[^.;:]{2,120}?\s+mới\s*$")

from assistant.conflicts.words import _clause_of, _seq_content

NOUN_QUYEN = True  # h-conf11 switch for measurement; False reads "có quyền lợi" as a permission again
# h-conf13 switches (for measurement): "vẫn được ghi tên …" is a permission however passive it looks; "chịu trách
# nhiệm" a duty; a marker inside a period's anchor ("kể từ ngày … được công bố") is no norm. ("thì không <verb>" read
# as a ban was tried and dropped: it flagged "bưu gửi đã phát … thì không rút lại được", the law's other case, D10-012)
STILL_PERMIT = True
RESPONSIBLE = True
ANCHOR_NOT_NORM = True
NEG_LIST_WORD = True  # h-conf11 switch for measurement; False restores the earlier reading of "không có trong …"
COPULA_NEG = True  # h-conf14 switch for measurement: "không phải là …" / "(không phải luật)" is no exemption

# h-conf21 switches (for measurement; False restores the earlier reading):
# * CATEGORY_NP: a marker inside the name of a list a thing belongs to ("thuộc Danh mục phương tiện, thiết bị phải loại
#   bỏ", "trong danh mục …, công việc không được sử dụng lao động dưới 18 tuổi") names a category, whatever its kind and
#   across the list's commas (a list that is the subject, "Danh mục … phải được rà soát", keeps its norm): it is no
#   norm, and it does not make an earlier "được" the relative clause of a subject ("Các cửa hàng … được tiếp tục bày
#   bán bóng đèn sợi đốt … thuộc Danh mục phương tiện, thiết bị phải loại bỏ" permits the sale);
# * ORGANISE_EVENT: "được tổ chức" + an event or activity ("được tổ chức dạy thêm", "được tổ chức lễ cưới", "… hội
#   nghị", "… lớp học") is a permission to organise it, not a passive with the agent "tổ chức" (an organisation: "được
#   tổ chức tín dụng chấp thuận").
CATEGORY_NP = True
_CATEGORY_NP_RE = re.compile(r"(?<!\w)(?:thuộc|trong|theo|vào|khỏi|ngoài|tại)\s+(?:các\s+)?danh mục"
                             r"(?:\s+(?!(?:phải|được|không|cấm|nghiêm)(?!\w))[^\s;:.]+){0,10}\s*$")
ORGANISE_EVENT = True
_ORGANISE_RE = re.compile(
    r"\s*tổ chức\s+(?:lễ|hội|hội nghị|hội thảo|hội diễn|cuộc|lớp|kỳ thi|thi|buổi|sự kiện|đại hội|họp|hoạt động|dạy|"
    r"kỷ niệm|đám|tiệc|chương trình|giải|liên hoan|triển lãm|biểu diễn|chuyến|phiên|đợt|khóa|tour|bán|cưới|tang)(?!\w)")


def _in_category_name(text_lc: str, cs: int, pos: int) -> bool:
    """Is the marker at ``pos`` inside the name of a list (``CATEGORY_NP``), read back at most 120 characters within
    its clause (from ``cs``)?"""
    return CATEGORY_NP and _CATEGORY_NP_RE.search(text_lc[max(cs, pos - 120) : pos]) is not None


# h-mod23 switch (for measurement; False restores the earlier reading): a second marker of the same subject after "và"/"hoặc" ("… được cấp giấy chứng nhận
# và được ưu tiên truyền máu"), or a waiver inside a permission ("có quyền đơn phương chấm dứt hợp đồng … không cần báo
# trước"), is a norm of its own, and the first act ends before it; "phải được lập … và được lưu" stays one passive
COORD_NORM = True
_COORD_CUT_RE = re.compile(r"\s(?:(?:và|hoặc|mà)\s+(?:được|không được|phải|không phải|có quyền|không cần|không bắt buộc)"
                           r"|(?:không cần|không bắt buộc))(?!\w)")


# h-conf27 switch (False restores the earlier reading): "X mà không cần V" ("Việc kết hôn được xác nhận bởi trưởng thôn
# … mà không cần đăng ký tại Ủy ban nhân dân cấp xã") waives V: a norm (no duty to V), not a condition of X like the
# "mà không có giấy phép" of a ban
WITHOUT_NEED = True


# a norm later in the clause than a "được" ("Cấp phó được ủy quyền … phải chịu trách nhiệm"): the "được" phrase names
# the subject of that norm
_LATER_NORM_RE = re.compile(
    r"(?<![,;])(?<!nhưng)(?<!và)(?<!hoặc)(?<!không)\s(?:phải|có trách nhiệm|không được|có nghĩa vụ)(?!\w)")

_MODAL_PATTERNS: list[tuple[str, str]] = [
    ("không được miễn", "oblige"), ("nghiêm cấm", "prohibit"), ("không được phép", "prohibit"), ("không được", "prohibit"),
    ("không có quyền", "prohibit"), ("không cho phép", "prohibit"), ("cấm", "prohibit"),
    ("không bắt buộc phải", "no_oblige"), ("không bắt buộc", "no_oblige"), ("không cần phải", "no_oblige"),
    # obligations denied in other words: "không bị buộc phải", "không ép buộc", "không buộc phải"
    ("không bị bắt buộc phải", "no_oblige"), ("không bị bắt buộc", "no_oblige"), ("không bị buộc phải", "no_oblige"),
    ("không buộc phải", "no_oblige"), ("không ép buộc", "no_oblige"), ("không bị ép buộc", "no_oblige"),
    ("tuyệt đối không", "prohibit"), ("buộc phải", "oblige"),
    ("không cần", "no_oblige"), ("không phải", "no_oblige"),
    # h-conf14: "không nhất thiết (phải) thành lập …" denies a duty like "không bắt buộc"
    ("không nhất thiết phải", "no_oblige"), ("không nhất thiết", "no_oblige"), ("không có nghĩa vụ", "no_oblige"),
    ("được miễn trừ", "no_oblige"), ("được miễn", "no_oblige"),
    ("bắt buộc phải", "oblige"), ("bắt buộc", "oblige"), ("có trách nhiệm", "oblige"), ("có nghĩa vụ", "oblige"),
    # h-conf13: "X chịu trách nhiệm về …" states a duty like "có trách nhiệm" (checked in ``_extract_modals``)
    ("chịu trách nhiệm", "oblige"),
    ("phải", "oblige"),
    ("được phép", "permit"), ("có quyền", "permit"), ("có thể", "permit"), ("được tự do", "permit"), ("được", "permit"),
]
_MODAL_RE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(p) for p, _ in sorted(_MODAL_PATTERNS, key=lambda x: -len(x[0]))) + r")(?!\w)"
)
_MODAL_TYPE = dict(_MODAL_PATTERNS)
_CLASH = {
    frozenset({"prohibit", "permit"}), frozenset({"prohibit", "oblige"}), frozenset({"oblige", "no_oblige"}),
}
_COND_WORDS_RE = re.compile(r"(?<!\w)(?:nếu|khi|trường hợp|trừ)(?!\w)")
_ACTION_STOP_RE = re.compile(r"(?<!\w)(?:nếu|khi|(?<!miễn )(?<!giảm )(?<!khấu )(?<!bù )(?<!cấn )trừ(?!\s+(?:vào|đi)(?!\w))|"
                             r"trong trường hợp|đối với|nhưng)(?!\w)|[;.:]")


@dataclass(frozen=True)
class Modal:
    kind: str
    span: tuple[int, int]
    action: tuple[str, ...]  # content syllables after the marker, in order
    action_text: str
    action_span: tuple[int, int]
    negated: frozenset[str]  # words negated inside the action ("không thu tiền" → {"thu"})
    clause: tuple[int, int]
    shifted: bool = False  # "không được yêu cầu (người dân) nộp X": an exemption for the other party (no_oblige)


_CATEGORY_RE = re.compile(
    r"(?:^|\s)(?:phân loại\s+)?(?:các|những)\s+(?:hoạt động|trường hợp|đối tượng|hành vi|loại|khoản|dự án|hàng hóa|"
    r"dịch vụ|hồ sơ|giấy tờ)(?:\s+[^\s,;]+){0,8}\s*$"
)


_REL_DUOC_RE = re.compile(
    r"(?:(?<!\w)(?:cho|của|với|đối với|từ|về)\s+(?:(?:các|những|một|mỗi|cùng|từng)\s+){0,2}(?:đơn vị|tổ chức|cá nhân|người|"
    r"tài sản|đối tượng|hàng hóa|dự án|doanh nghiệp|cơ quan|hồ sơ)(?:\s+\w+){0,2}"
    r"|(?<!\w)(?:thu|đạt|tìm|lấy|kiếm|nghe|thấy|nhìn|làm|mua|bán)\s*)\s*$"
)
_NP_MODAL_RE = re.compile(
    r"(?:^|\s)(?:danh mục|thông tin|các loại|những loại|loại)(?:\s+[^\s,;:.]+){0,6}\s*$|(?:^|\s)quy định\s*$"
    r"|(?:cho phép|được phép|buộc)[^.;:]{0,80}\shoặc\s*$"  # "cho phép … hoặc cấm …": a power to decide either way
)
_PASSIVE_RE = re.compile(
    r"\s*(?:tính|xác định|hiểu|quy định|thực hiện theo|ghi|áp dụng|thể hiện|tổng hợp|phân loại|chia|lập|sắp xếp)(?!\w)"
)


_NOBODY_RE = re.compile(r"(?<!\w)không\s+(?:ai|(?:một|có)?\s*[^.;:]{0,60}?\s+nào)\s*(?:cũng\s+|lại\s+)?$")


# "hàng không" (aviation) in the name of a body or field: "Cảng vụ hàng không phải căn cứ …" is "the aviation port
# authority must", not "need not" — unlike "Ngân hàng không được …" (the bank may not), where "không" is a negation
_AVIATION_RE = re.compile(
    r"(?<!\w)((?:hãng|cảng vụ|cảng|nhà chức trách|ngành|an ninh|an toàn|vận tải|vận chuyển|dịch vụ|cục|đại diện|"
    r"nhà vận chuyển|doanh nghiệp|tàu bay|sân bay) hàng) (không)(?!\w)|(?<!\w)hàng (không)(?= dân dụng)"
)


def _extract_modals(text_lc: str, clauses: list[tuple[int, int]]) -> list[Modal]:
    # (same length: spans stay valid) the aviation "hàng không" becomes one token, not a negation
    text_lc = _AVIATION_RE.sub(lambda m: m.group(0).replace(" không", "_không"), text_lc)
    out: list[Modal] = []
    taken_segs: set[int] = set()
    last_span: tuple[int, int] | None = None  # the previous marker found, norm or not (``COORD_NORM``)
    for m in _MODAL_RE.finditer(text_lc):
        cs, ce = _clause_of(clauses, m.start())
        # a segment ends at a comma or at "nhưng" ("không phải lập thành văn bản nhưng phải được ghi vào biên bản": two norms)
        seg_start = max(text_lc.rfind(",", cs, m.start()) + 1, text_lc.rfind(" nhưng ", cs, m.start()) + 1, cs)
        prev_span, last_span = last_span, (m.start(), m.end())
        if COORD_NORM and seg_start in taken_segs and out and out[-1].span == prev_span and out[-1].clause == (cs, ce):
            # (only right after a marker read as a norm: "trường hợp … được miễn nộp … hoặc không phải nộp … thì" is
            # one condition, whose first marker was no norm)
            cm = re.search(r"(?<!\w)(?:và|hoặc|mà)\s*$", text_lc[out[-1].span[1] : m.start()])
            kind_new = _MODAL_TYPE[m.group(1)]
            if (cm and (m.group(1) != "được" or out[-1].kind == "permit")) or (
                    out[-1].kind == "permit" and kind_new == "no_oblige"):
                seg_start = m.start()  # a second norm of the same subject: "được cấp … và được ưu tiên …", "có
                # quyền đơn phương chấm dứt … không cần báo trước" (h-mod23, ``COORD_NORM``)
        if seg_start in taken_segs:
            continue  # only the main modal of a segment is a norm ("không được … văn bản được hợp nhất")
        if _CATEGORY_RE.search(text_lc[seg_start : m.start()]):
            continue  # "Các hoạt động … không phải nộp tiền": names a category (with its exceptions), not a norm
        kind0 = _MODAL_TYPE[m.group(1)]
        if kind0 in ("permit", "prohibit") and _NP_MODAL_RE.search(text_lc[seg_start : m.start()]):
            continue  # "Danh mục thuốc … cấm sử dụng", "thông tin không được tiếp cận": names a category
        if _in_category_name(text_lc, cs, m.start()):
            continue  # "thuộc Danh mục phương tiện, thiết bị phải loại bỏ": the list's name (h-conf21)
        after_m = text_lc[m.end() : m.end() + 40]
        if COPULA_NEG and m.group(1) == "không phải" and (
                re.match(r"\s*là(?!\w)", after_m) or re.match(r"\s*(?:[^\W\d_]+\s*){1,3}\)", after_m)):
            continue  # "(không phải luật)", "không phải là cơ quan …": "is not", a copula denied, not "need not" (h-conf14)
        if NOUN_QUYEN and m.group(1) == "có quyền" and re.match(r"\s*(?:lợi|hạn)(?!\w)", after_m):
            continue  # "Tổ chức có quyền lợi, nghĩa vụ liên quan đến vụ án": a noun (interests, powers), not a permission
        if m.group(1) == "cấm" and re.match(r"\s*(?:[,;.)]|$|và\s)", after_m) and not re.search(
                r"(?<!\w)bị\s*$", text_lc[seg_start : m.start()]):
            continue  # "hóa chất cấm, …": an adjective
        if kind0 == "permit" and re.match(r"\s*(?:không|chưa)(?!\w)", after_m):
            taken_segs.add(seg_start)  # the "không cho phép" that follows belongs to this power, it is no norm either
            continue  # "có thể không cho phép …": a power to refuse, not a permission to act
        if kind0 == "prohibit" and re.search(r"(?<!\w)(?:quá|vượt quá|nhiều hơn)\s+(?:\d|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)",
                                             text_lc[m.end() : ce][:80]):
            continue  # "không được hướng dẫn quá ba người tập sự": a numeric limit
        if re.search(r"(?<!người )(?<!văn bản )(?<!đơn )(?<!giấy )(?<!\w)(?:đồng ý cho|cho phép|đề nghị|yêu cầu|quyết định cho)(?!\w)[^.;:]{0,80}$",
                     text_lc[seg_start : m.start()]):
            continue  # "đồng ý cho người bị kết án … hoặc không phải thi hành …": inside the object of another verb
        if re.match(r"\s*hoặc\s+(?:buộc|cho phép|bắt buộc|phải)(?!\w)", after_m):
            continue  # "cấm hoặc buộc … thực hiện" names a measure (a list item of "biện pháp"), not a norm
        if m.group(1) == "được" and _REL_DUOC_RE.search(text_lc[max(seg_start, m.start() - 40) : m.start()]):
            continue  # "cho một đơn vị được kiểm toán", "tiền thu được": a noun's relative clause or a result
        still = bool(STILL_PERMIT and re.search(r"(?<!\w)vẫn\s*$", text_lc[max(seg_start, m.start() - 6) : m.start()]))
        if m.group(1) == "chịu trách nhiệm" and not RESPONSIBLE:
            continue
        if m.group(1) == "được" and _PASSIVE_RE.match(after_m) and not still:
            continue  # "được tính như sau", "được xác định", "được hiểu là": a passive, not a permission
        if re.match(r"\s*(?:vượt quá|vượt|quá|thấp hơn|cao hơn|ít hơn|nhiều hơn)(?!\w)", after_m):
            continue  # "không được vượt quá ba lần …" is a numeric limit (the numeric detector's business)
        if m.group(1).startswith("được") and re.search(r"(?<!\w)(?:đã|đang|sẽ|chưa|vừa|mới|từng|bị|đều)\s*$",
                                                        text_lc[max(seg_start, m.start() - 8) : m.start()]) and not (
                ONLY_THEN_MAY and _ONLY_THEN_RE.search(text_lc[seg_start : m.start()])):
            continue  # "người đã được cấp thẻ": a state, not a permission
        # a marker inside a condition ("nếu không được bố trí …") is not a norm; but "… mà không cần V" is a waiver of V
        # (WITHOUT_NEED), not a condition like "… mà không có giấy phép"
        if not (WITHOUT_NEED and m.group(1) in ("không cần", "không cần phải")
                and re.search(r"(?<!\w)mà\s*$", text_lc[seg_start : m.start()])) and re.search(r"(?<!\w)(?:nếu|khi|trường hợp|mà|trong thời gian|sau khi|trước khi)(?:\s+\w+){0,2}\s*$"
                     r"|(?<!\w)mà(?:\s+\w+){0,5}\s*$", text_lc[seg_start : m.start()]):
            continue
        if ANCHOR_NOT_NORM and re.search(r"(?<!\w)(?:kể từ|tính từ)\s+(?:ngày|khi|thời điểm)(?:\s+[^\s,;.:]+){0,8}\s*$",
                                         text_lc[seg_start : m.start()]):
            continue  # "kể từ ngày kết quả trưng cầu ý dân được công bố": the event a period counts from (h-conf13)
        if re.search(r"(?<!\w)(?:những ngày|số ngày|thời gian|khoảng thời gian|các trường hợp|những trường hợp)(?:\s+\w+){0,4}\s*$",
                     text_lc[seg_start : m.start()]):
            continue  # "trong những ngày người lao động không được làm việc": a noun phrase, not a norm
        if m.group(1) == "bắt buộc" and re.match(r"\s*(?:vào|cho|của|đối với|theo|và|[,;.)]|$)", text_lc[m.end() : m.end() + 12]) \
                and re.search(r"[^\W\d_]\s*$", text_lc[seg_start : m.start()]) and not re.search(
                r"(?<!\w)(?:là|phải|không|được|cũng|đều|thì)\s*$", text_lc[seg_start : m.start()]) and not re.search(
                r"(?<!\w)là(?!\w)", text_lc[seg_start : m.start()]):
            continue  # "bảo hiểm xã hội bắt buộc": an adjective
        if m.group(1) == "được" and re.match(
                r"\s*(?:người|cơ quan|tổ chức|ủy ban|bộ|sở|tòa án|thủ trưởng|chủ|cấp trên|nhà nước|hội đồng)(?!\w)",
                text_lc[m.end() : m.end() + 20]) and not (ORGANISE_EVENT and _ORGANISE_RE.match(text_lc, m.end())):
            continue  # "được người hướng dẫn tập sự hướng dẫn": a passive with its agent
        if m.group(1) == "được" and (any(not _in_category_name(text_lc, cs, m.end() + lm.start())
                                         for lm in _LATER_NORM_RE.finditer(text_lc[m.end() : ce])) or re.search(
                r"(?<![,;])(?<!nhưng)(?<!và)(?<!hoặc)(?<!mà)\s(?:không phải|không cần|không bắt buộc|không có nghĩa vụ)(?!\w)",
                text_lc[m.end() : ce][:80])):
            continue  # "Cấp phó được ủy quyền … phải chịu trách nhiệm": the "được" phrase names the subject
        rest = text_lc[m.end() : ce]
        stop = _ACTION_STOP_RE.search(rest)
        act_txt = rest[: stop.start()] if stop else rest
        if text_lc[m.end() + len(act_txt) : m.end() + len(act_txt) + 1] == ":":
            continue  # "Những người sau đây không được nhận con nuôi:" — the list items carry the norm
        if re.search(r"(?<!\w)(?:như sau|sau đây|theo trình tự)(?!\w)", act_txt):
            continue  # "được sử dụng theo trình tự như sau: …": the items carry the norm
        if re.search(r"(?<!\w)thì(?!\w)", act_txt):
            continue  # "… không được chấp thuận trong kỳ nào thì …": the marker is inside the condition
        # (cut after the test above: "trường hợp … được miễn nộp … hoặc không phải nộp … thì" is a condition)
        if COORD_NORM and (cut := _COORD_CUT_RE.search(act_txt)):
            act_txt = act_txt[: cut.start()]
        if (WITHOUT_NEED and m.group(1) in ("không cần", "không cần phải") and re.search(r"(?<!\w)mà\s*$", text_lc[max(cs, m.start() - 6) : m.start()])
                and (cut := re.search(r"\s(?:tại|ở|với|trước)\s", act_txt))):
            act_txt = act_txt[: cut.start()]  # "mà không cần đăng ký tại Ủy ban nhân dân cấp xã": the act is waived
            # wherever it would be done
        act_words = _seq_content(act_txt)[:10]
        act_span = (m.end(), m.end() + len(act_txt))
        if re.search(r"(?<!\w)bị\s*$", text_lc[seg_start : m.start()]) and (act_words or re.match(r"\s*:", rest[len(act_txt):])):
            continue  # (a clause-final "… bị nghiêm cấm." is a predicate: the subject is the prohibited matter)  # "các hành vi bị nghiêm cấm:" introduces a list, it is not a norm by itself
        if not act_words and _MODAL_TYPE[m.group(1)] == "permit":
            continue  # clause-final "được" ("văn bản được hợp nhất") is a passive, not a permission
        if not act_words:
            # a pro-verb ("… không bị buộc phải làm", "… không bắt buộc thực hiện") stands for the act the sentence
            # opened with: "Việc tiêm vắc xin … là hoàn toàn tự nguyện, chủ nuôi không bị buộc phải làm"
            vm = re.search(r"(?<!\w)việc\s+([^,;.:]{3,160}?)(?=\s+(?:là|thì|được|phải|không)(?!\w)|,|$)", text_lc[cs : m.start()])
            if vm and re.fullmatch(r"\s*(?:làm|thực hiện)?(?:\s+(?:việc\s+)?(?:này|đó|điều này|điều đó))?\s*[.]?\s*", act_txt):
                act_words = _seq_content(vm.group(1))[:10]
                act_txt, act_span = vm.group(1), (cs + vm.start(1), cs + vm.end(1))
        if not act_words:  # predicate use: "Giáo dục tiểu học là giáo dục bắt buộc" → the subject is the matter
            subj = text_lc[seg_start : m.start()]
            act_words = _seq_content(subj)[:10]
            act_txt, act_span = subj, (seg_start, m.start())
        if len(act_words) < 1:
            continue
        # negated words inside the action: "không thu tiền" → {thu}; "không cần báo trước" = "mà không báo trước"
        # "không có trong Danh mục" / "không thuộc danh mục" → {danh}: the thing is outside the list (NEG_LIST_WORD)
        neg_pre = r"|(?:có|nằm)\s+(?:trong|ở|tại)\s+|thuộc\s+" if NEG_LIST_WORD else ""
        neg = frozenset(mm.group(1) for mm in re.finditer(
            r"(?<!\w)(?:(?:không|chưa)\s+(?:cần\s+(?:phải\s+)?" + neg_pre + r")?|bất khả\s+)(\w+)", act_txt))
        taken_segs.add(seg_start)
        kind = _MODAL_TYPE[m.group(1)]
        if kind in ("permit", "oblige") and _NOBODY_RE.search(text_lc[max(cs, m.start() - 80) : m.start()]):
            if re.search(r"(?<!\w)ngoài\s", text_lc[cs : m.start()]):
                continue  # "Ngoài các tổ chức nêu trên, không … nào được …": reserves the act to listed bodies (a list
                # the other text may repeat), not a ban on everyone
            kind = "prohibit" if kind == "permit" else "no_oblige"  # "Không ai được …", "Không tổ chức, cá nhân nào được …"
        out.append(Modal(kind, (m.start(), m.end()), tuple(act_words), act_txt.strip(), act_span, neg, (cs, ce)))
        ym = re.match(r"\s*yêu cầu\s+(?:(?:tổ chức|cá nhân|người dân|công dân|người nộp hồ sơ|người yêu cầu|doanh nghiệp)"
                      r"(?:,?\s+(?:tổ chức|cá nhân))?\s+)?(?=\S)", act_txt)
        if ym and kind == "prohibit":
            # "không được yêu cầu nộp bản sao" also says: the other party need not file it (an exemption)
            words2 = _seq_content(act_txt[ym.end():])[:10]
            if words2:
                out.append(Modal("no_oblige", (m.start(), m.end()), tuple(words2), act_txt.strip(), act_span, neg,
                                 (cs, ce), True))
    if BAN_SERIES:
        out.extend(_ban_series(text_lc, clauses, out))
    return out


# h-mod23 switch (for measurement; False restores the earlier reading): a ban that opens a sentence and lists its acts
# separated by ";" ("Nghiêm cấm chặt, phá, khai thác, lấn chiếm rừng trái quy định của pháp luật; khai thác gỗ trong
# rừng phòng hộ đầu nguồn là rừng tự nhiên.") bans each of them: a ";"-part with no marker of its own that opens with
# one of the ban's verbs continues it
BAN_SERIES = True
_BAN_OPEN_RE = re.compile(r"\s*(?:\d+\.\s*|[a-zđ]\)\s*)?$")
_SERIES_STOP_RE = re.compile(r"(?<!\w)(?:thì|được|phải|không|cấm|trừ|nếu|khi|theo quy định)(?!\w)")


def _ban_series(text_lc: str, clauses: list[tuple[int, int]], modals: list[Modal]) -> list[Modal]:
    out: list[Modal] = []
    with_modal = {m.clause for m in modals}
    for m in modals:
        cs, ce = m.clause
        if m.kind != "prohibit" or m.shifted or not _BAN_OPEN_RE.match(text_lc[cs : m.span[0]]) or text_lc[ce : ce + 1] != ";":
            continue
        heads = {w[0] for w in (_seq_content(p) for p in re.split(r",|(?<!\w)(?:và|hoặc)(?!\w)", m.action_text)) if w}
        i = clauses.index((cs, ce)) if (cs, ce) in clauses else -1
        while 0 <= i < len(clauses) - 1 and text_lc[clauses[i][1] : clauses[i][1] + 1] == ";":
            i += 1
            c0, c1 = clauses[i]
            part = text_lc[c0:c1]
            if (c0, c1) in with_modal or _SERIES_STOP_RE.search(part):
                break
            words = _seq_content(part)[:10]
            if len(words) < 2 or words[0] not in heads:
                break  # (a part that does not open with one of the ban's verbs is no act: "…; cha mẹ đẻ, cha mẹ nuôi;
                # …" lists persons of the banned act, "…; giữa những người có họ …" its other case)
            lead = len(part) - len(part.lstrip())
            out.append(Modal("prohibit", (c0 + lead, c0 + lead), tuple(words), part.strip(), (c0 + lead, c1), frozenset(),
                             (c0, c1)))
    return out
