"""Which provision prevails: the legal rank of a side (``legal_rank``: Hiến pháp … văn bản địa phương) and the
application rules of the Law on Promulgation of Legal Documents (``decide_prevails``: higher legal force, same
issuer → later document, a "trừ trường hợp luật khác có quy định khác" reservation → the special law, a handbook or
guide against a legal document → the legal document), with the rule texts quoted in findings.

Does not look at validity in time (``temporal``) nor decide whether two provisions clash.

The type names of non-normative and internal texts ("Sổ tay", "Tài liệu tuyên truyền", nội quy, quy trình, hương ước
…) are listed here; ``retelling`` reads them.
"""

from __future__ import annotations

import re

from assistant.records import ConflictSide

RULE_HIERARCHY = (
    "Khoản 2 Điều 156 Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13: trường hợp các văn bản quy phạm "
    "pháp luật có quy định khác nhau về cùng một vấn đề thì áp dụng văn bản có hiệu lực pháp lý cao hơn."
)
RULE_LATER = (
    "Khoản 3 Điều 156 Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13: trường hợp các văn bản quy phạm "
    "pháp luật do cùng một cơ quan ban hành mà có quy định khác nhau về cùng một vấn đề thì áp dụng quy định của "
    "văn bản ban hành sau."
)
RULE_SPECIAL = (
    "Nguyên tắc quy định riêng (chuyên ngành) được ưu tiên: văn bản chung đã dành chỗ bằng cụm "
    "\"trừ trường hợp luật khác có quy định khác\", nên áp dụng quy định của luật riêng."
)
RULE_IN_FORCE = (
    "Khoản 1 Điều 156 Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13: văn bản được áp dụng từ thời điểm "
    "bắt đầu có hiệu lực; quy định đã hết hiệu lực, bị sửa đổi, thay thế hoặc bãi bỏ không còn được áp dụng."
)
RULE_NOTE = (
    " (Luật số 80/2015/QH13 đã được thay thế bởi Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 từ "
    "01/4/2025; nguyên tắc áp dụng văn bản vẫn được quy định, cần đối chiếu số điều tương ứng.)"
)


_RANK_NAMES = [
    "Hiến pháp", "Bộ luật/Luật", "Nghị quyết của Quốc hội", "Pháp lệnh", "Nghị định",
    "Quyết định của Thủ tướng Chính phủ", "Thông tư", "văn bản của chính quyền địa phương",
]


RULE_NON_NORMATIVE = (
    "Tài liệu hướng dẫn, cẩm nang, hỏi đáp không có số, ký hiệu không phải là văn bản quy phạm pháp luật: áp dụng "
    "quy định của văn bản quy phạm pháp luật (theo Luật Ban hành văn bản quy phạm pháp luật)."
)


# document types the ingest gives to texts that are not legal normative documents (assistant.legal._guess_plain_type),
# and the other names such texts carry in hand-made metadata ("Sổ tay", "Tài liệu tuyên truyền", "Tờ gấp", "Giải đáp")
_NON_NORMATIVE_TYPES = ("cẩm nang", "hướng dẫn", "hỏi đáp", "công văn", "sổ tay", "tài liệu", "tờ gấp", "tờ rơi",
                        "tuyên truyền", "giải đáp", "tư vấn", "bản tin", "bài viết", "câu hỏi")
# texts an organisation issues for its own people (not legal normative documents when no state body of a ranked level
# issues them): "Nội quy lao động", "Quy chế làm việc", "Thông báo về các khoản thu", "Kế hoạch tuyển chọn"
_INTERNAL_TYPES = ("nội quy", "quy chế", "quy định", "thông báo", "kế hoạch", "quy trình", "quy ước", "hương ước")
# a "number" that says there is none ("Văn bản hướng dẫn (không rõ số hiệu)")
_NO_NUMBER_RE = re.compile(r"không rõ số|không có số|không số", re.IGNORECASE)


def _has_number(side: ConflictSide) -> bool:
    n = (side.number or "").strip()
    return bool(n) and not _NO_NUMBER_RE.search(n)


def legal_rank(side: ConflictSide) -> int | None:
    """0 = Hiến pháp … 7 = văn bản địa phương (HĐND/UBND); None when it cannot be told."""
    t = (side.doc_type or "").lower()
    issuer = (side.issuer or "").lower()
    num = (side.number or "").upper()
    cit = (side.citation or "").lower()
    if "hội đồng nhân dân" in issuer or "ủy ban nhân dân" in issuer or "UBND" in num or "HĐND" in num:
        return 7
    if t.startswith("hiến pháp") or cit.startswith("hiến pháp") or " hiến pháp" in cit[:60]:
        return 0
    if t in ("luật", "bộ luật") or re.search(r"/QH\d+$", num) and not t.startswith("nghị quyết"):
        return 1
    if t.startswith("sắc lệnh") and re.search(r"-SL/L\b", num):
        return 1  # "Sắc lệnh số 102-SL/L-004 ban bố luật …": the President's decree promulgating a law the National
        # Assembly passed (the code after "/" is the law's number), so the law's force; other Sắc lệnh (1945–1959,
        # whose force depended on the period) stay unranked
    if t.startswith("nghị quyết") and ("quốc hội" in issuer or re.search(r"/QH\d+", num)):
        return 2
    if t.startswith("pháp lệnh") or "UBTVQH" in num:
        return 3
    if t.startswith("nghị định") or "NĐ-CP" in num:
        return 4
    if t.startswith("quyết định") and ("thủ tướng" in issuer or "QĐ-TTG" in num):
        return 5
    if t.startswith("thông tư") or "/TT-" in num:
        return 6
    return None


def decide_prevails(a: ConflictSide, b: ConflictSide) -> tuple[str | None, str, list[str]]:
    """Which side prevails, the Vietnamese rule used, and notes about missing data."""
    notes: list[str] = []
    ra, rb = legal_rank(a), legal_rank(b)
    if ra is not None and rb is not None and ra != rb:
        win = "a" if ra < rb else "b"
        return win, f"{RULE_HIERARCHY} ({_RANK_NAMES[min(ra, rb)]} cao hơn {_RANK_NAMES[max(ra, rb)]}).{RULE_NOTE}", notes
    # special law: one text reserves "trừ trường hợp luật khác có quy định khác"
    reserve = re.compile(r"trừ trường hợp (?:luật khác|luật khác có liên quan|pháp luật) (?:có )?quy định khác")
    if ra is not None and ra == rb and ra <= 1:
        ya, yb = bool(reserve.search(a.text.lower())), bool(reserve.search(b.text.lower()))
        if ya != yb:
            return ("b" if ya else "a"), RULE_SPECIAL, notes
    same_issuer = bool(a.issuer and b.issuer and a.issuer.strip().lower() == b.issuer.strip().lower())
    if ra is not None and ra == rb and same_issuer:
        if a.issued_on and b.issued_on and a.issued_on != b.issued_on:
            win = "a" if a.issued_on > b.issued_on else "b"
            return win, RULE_LATER + RULE_NOTE, notes
        notes.append("Thiếu ngày ban hành của ít nhất một văn bản: không áp dụng được nguyên tắc văn bản ban hành sau.")
        return None, "Chưa xác định được văn bản ưu tiên (cùng cơ quan ban hành nhưng thiếu hoặc trùng ngày ban hành).", notes
    other = a if ra is None else b
    if ((ra is None) != (rb is None) and not _has_number(other)
            and (other.doc_type or "").strip().lower().startswith(_NON_NORMATIVE_TYPES)):
        # a handbook, guide or Q&A page (no number/symbol, no legal rank) against a legal document: the legal
        # document applies; the other is not a legal normative document
        return ("b" if ra is None else "a"), RULE_NON_NORMATIVE + RULE_NOTE, notes
    if ra is None or rb is None:
        notes.append("Không xác định được loại/thẩm quyền ban hành của ít nhất một văn bản.")
        return None, "Chưa xác định được văn bản ưu tiên: thiếu thông tin loại văn bản hoặc cơ quan ban hành.", notes
    return None, (
        f"Chưa xác định được văn bản ưu tiên: hai văn bản cùng thứ bậc ({_RANK_NAMES[ra]}) do các cơ quan khác nhau "
        "ban hành; cần xác định thẩm quyền quản lý chuyên ngành hoặc đề nghị cơ quan có thẩm quyền xử lý."
    ), notes
