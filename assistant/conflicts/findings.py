"""What the detectors return: ``Finding`` (kind, confidence, spans on both texts, explanation), the severity of a
finding (``_severity``), the names of the kinds for readers (``KIND_VI``, ``KIND_SHORT_VI``) and the type of an
optional LLM judge (``LLMJudge``).

No detection logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from assistant.records import Conflict, ConflictSide

# what each kind of finding is about, for readers (reports, answers)
KIND_VI = {
    "numeric": "Số liệu (thời hạn, mức tiền, độ tuổi, tỷ lệ)",
    "modality": "Quyền / nghĩa vụ / điều cấm",
    "scope": "Thẩm quyền / phạm vi",
    "temporal": "Hiệu lực theo thời gian",
    "authority": "Thẩm quyền ban hành",
}
# the same in a few words, inside a sentence ("có dấu hiệu mâu thuẫn về số liệu")
KIND_SHORT_VI = {
    "numeric": "số liệu",
    "modality": "quyền, nghĩa vụ hoặc điều cấm",
    "scope": "thẩm quyền hoặc phạm vi",
    "temporal": "hiệu lực",
    "authority": "thẩm quyền ban hành",
}


@dataclass
class Finding:
    kind: str
    confidence: float
    spans_a: list[tuple[int, int]]
    spans_b: list[tuple[int, int]]
    explanation: str


def _severity(kind: str, conf: float, unknown_dates: bool) -> str:
    if unknown_dates or conf < 0.6:
        return "thấp"
    if conf >= 0.8 and kind in ("numeric", "modality", "scope"):
        return "cao"
    return "trung bình"


LLMJudge = Callable[[ConflictSide, ConflictSide, Conflict], Conflict]
