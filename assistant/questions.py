"""What a question asks, read from its wording alone, where more than one stage needs it: what it asks about a
document it names (by type word or number) — whether it is in force ("Thông tư 05/2019/TT-VPCP còn hiệu lực không?",
"Luật An ninh mạng năm 2018 có hiệu lực từ ngày nào?", "Nghị định 52/2024/NĐ-CP đã có hiệu lực chưa?"), still applied
("… còn áp dụng không?", "… còn dùng được không?") or repealed ("… đã bị bãi bỏ chưa?"): ``validity_ask``.

Read by the retrieval stage (``rerank.frame_articles``: no scope / entry-into-force article is demoted for a question
whether a document is in force) and by the answer stage (``answering.status.named_document``: the document a question
of any of the three kinds names is answered from what the collection records for it). Pure functions on the question
text; imports no other stage, so both can import it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

ValidityAsk = Literal["in_force", "applies", "repealed"]

# what names a document before the words asking: its type ("Thông tư", "Luật", "văn bản") or its number ("05/2019/…",
# "522b/NQ-UBTVQH13", "73-CP")
_DOCUMENT = (r"(?<!\w)(?:bộ luật|luật|pháp lệnh|nghị định|nghị quyết|thông tư|quyết định|chỉ thị|văn bản)(?!\w)"
             r"|(?<![\w/])\d+[a-zđ]?(?:/\d{4})?[/-][a-zđ]")
# the words asking, by kind: in force ("còn / hết hiệu lực", "có hiệu lực không / chưa / nữa / từ … / khi nào / thi hành",
# "đã / chưa có hiệu lực"), still applied ("còn áp dụng / dùng / giá trị / sử dụng"), repealed or replaced ("bị / đã được
# bãi bỏ, thay thế, hủy bỏ", "bãi bỏ / thay thế chưa")
_ASKS = {
    "in_force": r"còn hiệu lực|hết hiệu lực|có hiệu lực (?:không|chưa|nữa|từ|kể từ|khi nào|thi hành)|(?:đã|chưa) có hiệu lực",
    "applies": r"còn (?:được áp dụng|áp dụng|giá trị|dùng|sử dụng)",
    "repealed": r"(?:bị|đã bị|đã được) (?:bãi bỏ|thay thế|hủy bỏ)|(?:bãi bỏ|thay thế) chưa",
}
_VALIDITY_ASK_RE = re.compile(
    rf"(?:{_DOCUMENT}).*?(?<!\w)(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _ASKS.items()) + r")(?!\w)", re.S)


def validity_ask(question: str) -> ValidityAsk | None:
    """What ``question`` asks about a document it names before the asking words: whether it is in force ("in_force"),
    still applied ("applies") or repealed ("repealed"); None when it asks none of these."""
    m = _VALIDITY_ASK_RE.search(unicodedata.normalize("NFC", question or "").lower())
    return next((k for k in _ASKS if m.group(k)), None) if m else None  # type: ignore[return-value]


# A question in another language (in practice English): most of its words cannot be Vietnamese syllables, marked or
# not ("What is the deadline …": what, deadline, is, from …), and none carries a Vietnamese letter. A question typed
# without marks ("thoi han cap ban sao la bao lau") is Vietnamese syllables throughout; abbreviations in capitals
# ("UBND", "TTHC") and document numbers are not counted.
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_VN_LETTER_RE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]|[\u1ea0-\u1ef9]|[àáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝ]")
FOREIGN_MIN_WORDS = 3
FOREIGN_MIN_SHARE = 0.5


def not_vietnamese(question: str) -> bool:
    """Is ``question`` written in another language than Vietnamese (see ``FOREIGN_MIN_SHARE``)? Only the wording of a
    refusal reads it: the answer asks for the question in Vietnamese instead of a generic request to rephrase."""
    from assistant.text import is_vietnamese_syllable

    q = unicodedata.normalize("NFD", question or "")
    if _VN_LETTER_RE.search(unicodedata.normalize("NFC", q)) or _VN_LETTER_RE.search(q):
        return False
    words = [w for w in _LETTERS_RE.findall(q) if not w.isupper()]
    foreign = [w for w in words if not is_vietnamese_syllable(w)]
    return len(foreign) >= FOREIGN_MIN_WORDS and len(foreign) >= FOREIGN_MIN_SHARE * len(words)
