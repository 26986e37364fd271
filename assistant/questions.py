"""What a question asks, read from its wording alone, where more than one stage needs it: whether it asks if a
document is (still, already) in force — "Thông tư 05/2019/TT-VPCP còn hiệu lực không?", "Luật An ninh mạng năm 2018
có hiệu lực từ ngày nào?", "Nghị định 52/2024/NĐ-CP đã có hiệu lực chưa?", "… đã bị bãi bỏ chưa?"
(``asks_document_validity``).

Read by the retrieval stage (``rerank.frame_articles``: no scope / entry-into-force article is demoted for such a
question) and by the answer stage (``answering.status.named_document``: the document it names is answered from what
the collection records for it). Pure functions on the question text; imports no other stage, so both can import it.
"""

from __future__ import annotations

import re
import unicodedata

# the words asking whether something is in force: "còn hiệu lực / còn áp dụng / còn dùng", "hết hiệu lực", "có hiệu lực
# không / chưa / nữa / từ … / khi nào / thi hành …", "đã / chưa có hiệu lực", "bị / đã được bãi bỏ, thay thế, hủy bỏ",
# "bãi bỏ / thay thế chưa"
VALIDITY_ASK = (r"còn (?:hiệu lực|được áp dụng|áp dụng|giá trị|dùng|sử dụng)|hết hiệu lực"
                r"|có hiệu lực (?:không|chưa|nữa|từ|kể từ|khi nào|thi hành)|(?:đã|chưa) có hiệu lực"
                r"|(?:bị|đã bị|đã được) (?:bãi bỏ|thay thế|hủy bỏ)|(?:bãi bỏ|thay thế) chưa")
# what names a document before those words: its type ("Thông tư", "Luật", "văn bản") or its number ("05/2019/…",
# "522b/NQ-UBTVQH13", "73-CP")
_DOCUMENT = (r"(?<!\w)(?:bộ luật|luật|pháp lệnh|nghị định|nghị quyết|thông tư|quyết định|chỉ thị|văn bản)(?!\w)"
             r"|(?<![\w/])\d+[a-zđ]?(?:/\d{4})?[/-][a-zđ]")
_DOCUMENT_VALIDITY_RE = re.compile(rf"(?:{_DOCUMENT}).*?(?<!\w)(?:{VALIDITY_ASK})(?!\w)", re.S)


def asks_document_validity(question: str) -> bool:
    """Does ``question`` ask whether a document it names (by type word or number) is in force, already or still?"""
    return bool(_DOCUMENT_VALIDITY_RE.search(unicodedata.normalize("NFC", question or "").lower()))
