"""Plain words into legal words for the paraphrase pass of a retold pair: the lexicon (``_PLAIN_LEGAL``),
``to_legal_words`` with an offset map, and ``_map_back`` for spans found on the rewrite.

Does not compare texts: the second comparison itself is ``pair._paraphrase_pass``.

The paraphrase pass (issue #6, modality/competence clashes told in other words): when one text is expected to retell
the other — a handbook/guide/Q&A/unidentified text, or a local HĐND/UBND decision against a central document
(``retelling._retold``) — and the first comparison finds nothing, both texts are put into legal words ("bản gốc" →
"bản chính", "nhân viên" → "người lao động", "thủ tục khai tử" → "đăng ký khai tử" …) and compared again with a
paraphrased subject and a competence task told in other words allowed (``modality.detect_modality`` /
``scope.detect_scope`` with ``loose``); only its modality and scope findings are kept. Never between two central
documents (none of the Pháp điển batch): forced on 20,000 related Pháp điển pairs its loose rules gave 6 findings,
none real (eval/reports/conflicts-paraphrase-pass.md).

The lexicon also reads everyday names of banned acts ("đốt pháo", "kích/chích điện", "chơi bài ăn tiền", "dùng
thuốc lá/đồ uống có cồn", "đốn cây", "thải thẳng"), and no more "nhập khẩu" as "nhập hộ khẩu".
Provenance: issue #6 / dev4 (tests/test_conflicts.py); the everyday names of banned acts from dev7
(tests/test_conflicts_dev7.py).
"""

from __future__ import annotations

import re
from typing import Sequence

from assistant.conflicts.words import _norm

# Plain words a guide or a local decision uses for a thing the law names otherwise. The table is general Vietnamese
# legal usage (labour, civil status, traffic, construction, documents), not a list fitted to labelled pairs; it is
# applied to BOTH texts of a pair before a second comparison, so only a difference of vocabulary is removed.
_PLAIN_LEGAL: list[tuple[str, str]] = [
    # documents and papers
    (r"bản gốc", "bản chính"), (r"bằng cấp|bằng tốt nghiệp", "văn bằng"),
    (r"giấy tờ cá nhân|giấy tờ tùy thân|giấy tờ nhân thân", "giấy tờ tùy thân"),
    (r"giấy chứng tử", "trích lục khai tử"),
    # "mang (theo) bản chính để đối chiếu" is how a guide says "xuất trình bản chính" (h-conf18)
    (r"mang(?:\s+theo)?(?=\s+(?:cả\s+)?bản chính)", "xuất trình"),
    # persons
    (r"nhân viên|người làm công|người làm thuê", "người lao động"),
    (r"chủ doanh nghiệp|chủ sử dụng lao động|người thuê lao động", "người sử dụng lao động"),
    (r"người dân", "công dân"), (r"bố mẹ|bố, mẹ|ba mẹ", "cha mẹ"),
    # acts
    (r"giữ lại|cầm giữ|thu giữ", "giữ"), (r"lưu giữ|lưu lại|lưu(?! trú| hành| ý| động| thông| vực| trữ)", "lưu trữ"),
    (r"lái xe|cầm lái", "điều khiển xe"), (r"chạy xe|đi xe", "điều khiển xe"),
    (r"xin cấp giấy phép|xin giấy phép|làm giấy phép|(?:đề nghị|làm thủ tục|làm hồ sơ)(?:\s+xin)?\s+cấp giấy phép", "có giấy phép"),
    (r"xây nhà", "xây dựng nhà"),
    (r"đóng tiền|đóng phí|đóng thuế|đóng bảo hiểm", "nộp"),
    (r"(?:làm|đi làm)\s+(?:thủ tục\s+)?(?:cấp\s+)?thẻ", "cấp thẻ"),
    (r"(?:làm\s+)?thủ tục(?=\s+(?:khai tử|khai sinh|kết hôn|thường trú|tạm trú|nhận cha|nhận con|giám hộ))", "đăng ký"),
    (r"làm giấy khai sinh|làm khai sinh", "đăng ký khai sinh"),
    (r"đuổi việc|cho thôi việc", "sa thải"),
    (r"nhập hộ khẩu|đăng ký hộ khẩu|nhập khẩu(?=\s+(?:cho|vào|về)\s+(?:con|nhà|hộ|cháu|vợ|chồng))", "đăng ký thường trú"), (r"sổ đỏ|sổ hồng", "giấy chứng nhận quyền sử dụng đất"),
    (r"giấy đăng ký kết hôn|giấy kết hôn", "giấy chứng nhận kết hôn"), (r"nghỉ đẻ|nghỉ sinh con|nghỉ sinh", "nghỉ thai sản"),
    (r"đơn phương nghỉ việc|tự ý nghỉ việc", "đơn phương chấm dứt hợp đồng lao động"),
    # acts the law names with its own verb or object (pháo, thuốc lá, rượu bia, cờ bạc, thủy sản, rừng, nước thải,
    # vật nuôi): everyday usage, as in the laws' own definitions
    (r"đốt pháo(?!\s+(?:hoa|nổ|sáng|hiệu|bông|điện))", "sử dụng pháo nổ"), (r"đốt pháo", "sử dụng pháo"), (r"(?:sử dụng|dùng)\s+thuốc lá", "hút thuốc lá"),
    (r"(?:sử dụng|dùng|uống)\s+đồ uống có cồn|uống rượu bia|uống bia rượu|uống bia", "uống rượu, bia"),
    (r"chơi bài ăn tiền|chơi bài ăn tiền|cá cược ăn tiền|chơi cờ bạc|đánh bài ăn tiền", "đánh bạc"),
    (r"(?:máy\s+)?(?:kích điện|chích điện)", "xung điện"),
    (r"đốn(?:\s+hạ)?(?:\s+cây)?(?:\s+gỗ)?|chặt cây(?:\s+gỗ)?|chặt gỗ", "khai thác gỗ"),
    (r"(?<!nước )(?<!chất )(?<!khí )(?<!rác )thải(?:\s+thẳng|\s+trực tiếp)?(?=\s+(?:nước|chất|khí|rác))", "xả"),
    (r"(?:để|cho)\s+(?:chó|mèo|vật nuôi)\s+(?:chạy|đi lại|chạy nhảy)\s+tự do", "để chó thả rông"),
    # places and states
    (r"vùng nông thôn|khu vực nông thôn", "nông thôn"), (r"chưa có", "không có"),
    (r"trên đường", "tham gia giao thông"),
    # competent bodies named in plain words
    (r"xã, phường(?:, thị trấn)?|ubnd xã|ủy ban xã|ủy ban phường", "ủy ban nhân dân cấp xã"),
    (r"ubnd huyện|ủy ban huyện|ủy ban nhân dân quận, huyện", "ủy ban nhân dân cấp huyện"),
    (r"ubnd tỉnh|ủy ban tỉnh", "ủy ban nhân dân cấp tỉnh"),
    (r"công an (?:xã|phường|thị trấn)", "công an cấp xã"), (r"công an (?:huyện|quận|thị xã)", "công an cấp huyện"),
    (r"công an tỉnh|công an thành phố trực thuộc trung ương", "công an cấp tỉnh"),
    (r"tòa án (?:nhân dân )?(?:huyện|quận)", "tòa án nhân dân cấp huyện"), (r"tòa án (?:nhân dân )?tỉnh", "tòa án nhân dân cấp tỉnh"),
    (r"phòng tư pháp (?:huyện|quận|thị xã)", "phòng tư pháp cấp huyện"),
]
_PLAIN_LEGAL_RE = re.compile("|".join(f"(?P<g{i}>(?<!\\w)(?:{p})(?!\\w))" for i, (p, _r) in enumerate(_PLAIN_LEGAL)),
                             re.IGNORECASE)


def to_legal_words(text: str) -> tuple[str, list[int]]:
    """``text`` with plain-language names replaced by legal ones (``_PLAIN_LEGAL``) and, for each character of the
    result, the offset of the character of ``text`` it comes from (so spans found on the rewrite map back)."""
    text = _norm(text)
    out: list[str] = []
    idx: list[int] = []
    pos = 0
    for m in _PLAIN_LEGAL_RE.finditer(text):
        rep = _PLAIN_LEGAL[int(m.lastgroup[1:])][1]
        out.append(text[pos : m.start()])
        idx.extend(range(pos, m.start()))
        out.append(rep)
        n = max(1, m.end() - m.start())
        idx.extend(m.start() + min(n - 1, i * n // max(1, len(rep))) for i in range(len(rep)))
        pos = m.end()
    out.append(text[pos:])
    idx.extend(range(pos, len(text)))
    return "".join(out), idx


def _map_back(spans: Sequence[tuple[int, int]], idx: list[int]) -> list[tuple[int, int]]:
    out = []
    for s, e in spans:
        if not idx or s >= len(idx):
            continue
        e = min(max(e, s + 1), len(idx))
        out.append((idx[s], idx[e - 1] + 1))
    return out


# h-conf27 switch: a class named as the subject of a ban or a duty on one side and one of its members named on the other
# side with a permission or a lifted duty ("Phương tiện giao thông cơ giới đường bộ không được lắp thêm còi …" / "Xe ô tô
# hoạt động ngoài khu vực đô thị được lắp thêm còi …"; "Nghiêm cấm nhà giáo ép buộc …" / "Giáo viên chủ nhiệm được yêu
# cầu …"): the member is under the class's rule, so the member is told as the class (the class phrase of the other side)
# before the second comparison; the subject-swap guard then no longer reads the two as sibling subjects. Only this
# direction: a permission for the class and a ban for a member is usually the member's own stricter rule. The table is a
# short hand-written list of classes whose members the law names by kind (road vehicles, teachers).
CLASS_MEMBER = True
_ROAD_CLASS = (r"phương tiện\s+(?:tham gia giao thông(?:\s+đường bộ)?|giao thông(?:\s+cơ giới)?(?:\s+đường bộ)?"
               r"|cơ giới(?:\s+đường bộ)?)(?!\s+(?:đường sắt|đường thủy|thủy|hàng không))")
_CLASS_MEMBERS: list[tuple[re.Pattern, re.Pattern, re.Pattern | None]] = [
    (re.compile(rf"(?<!\w){_ROAD_CLASS}(?!\w)"),
     re.compile(r"(?<!\w)(?:xe\s+(?:ô tô|ôtô|mô tô|gắn máy|máy)(?!\s+chuyên dùng)|ô tô|mô tô)(?!\w)"),
     re.compile(r"(?<!\w)xe(?!\s+(?:đạp|thô sơ|lăn|máy chuyên dùng))(?!\w)")),
    (re.compile(r"(?<!\w)nhà giáo(?!\w)"),
     re.compile(r"(?<!\w)(?:giáo viên(?:\s+chủ nhiệm|\s+bộ môn)?|giảng viên)(?!\w)"), None),
]
_CM_BAN_RE = re.compile(r"(?<!\w)(?:nghiêm cấm|bị cấm|cấm|không được|phải|bắt buộc|có nghĩa vụ)(?!\w)")
_CM_LIFT_RE = re.compile(r"(?<!\w)(?:không phải|không cần|không bắt buộc|được miễn)(?!\w)"
                         r"|(?<!\w)(?<!không )(?<!phải )(?<!chưa )được(?!\w)")


def _cm_norm(t: str) -> str | None:
    """The text's first norm word: 'ban' for a ban or a duty, 'lift' for a permission or a lifted duty."""
    lift, ban = _CM_LIFT_RE.search(t), _CM_BAN_RE.search(_CM_LIFT_RE.sub(lambda m: " " * len(m.group(0)), t))
    if lift and (not ban or lift.start() < ban.start()):
        return "lift"
    return "ban" if ban else None


def class_member(ta: str, ia: list[int], tb: str, ib: list[int]) -> tuple[str, list[int], str, list[int]] | None:
    """The two texts with the member side's member names (and then its bare "xe") told as the other side's class
    phrase, with the character maps carried along, or None when the pair is not a class / member pair (CLASS_MEMBER)."""
    if not CLASS_MEMBER:
        return None
    la, lb = ta.lower(), tb.lower()
    for cls_re, mem_re, bare_re in _CLASS_MEMBERS:
        for (tc, lc), (tm, lm, im), flip in (((ta, la), (tb, lb, ib), False), ((tb, lb), (ta, la, ia), True)):
            c = cls_re.search(lc)
            if not c or mem_re.search(lc) or not mem_re.search(lm):
                continue
            spans = [m.span() for m in mem_re.finditer(lm)]
            if bare_re is not None:
                spans += [m.span() for m in bare_re.finditer(lm) if not any(s <= m.start() < e for s, e in spans)]
            spans.sort()
            rest = "".join(lm[e:s] for (_, e), (s, _) in zip([(0, 0)] + spans, spans + [(len(lm), 0)]))
            if cls_re.search(rest) or _cm_norm(lc) != "ban" or _cm_norm(lm) != "lift":
                continue
            phrase = c.group(0)
            out, idx, pos = [], [], 0
            for s, e in spans:
                out.append(tm[pos:s])
                idx.extend(im[pos:s])
                out.append(phrase)
                idx.extend([im[s]] * len(phrase))
                pos = e
            out.append(tm[pos:])
            idx.extend(im[pos:])
            new = "".join(out)
            if len(idx) - len(new) != len(im) - len(tm):
                return None
            return (new, idx, tc, ia) if flip else (ta, ia, new, idx)
    return None
