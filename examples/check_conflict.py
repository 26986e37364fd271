"""Kiểm tra mâu thuẫn giữa hai điều khoản bằng check_pair: loại mâu thuẫn, đoạn vênh nhau, văn bản nào được áp dụng.

Không cần chỉ mục hay mô hình. Chạy:  python examples/check_conflict.py
"""

from __future__ import annotations

from datetime import date

from assistant.conflict_report import LABEL_VI
from assistant.conflicts import KIND_VI, check_pair
from assistant.records import ConflictSide

# Hai quy định (viết cho ví dụ) về cùng một thủ tục, khác nhau về thời hạn.
LAW = ConflictSide(
    citation="Khoản 3 Điều 12 Luật số 99/2025/QH15",
    text="3. Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có thẩm quyền "
         "phải cấp giấy phép cho tổ chức, cá nhân.",
    doc_type="Luật", number="99/2025/QH15", issuer="Quốc hội",
    issued_on=date(2025, 6, 20), effective_from=date(2026, 1, 1),
)
DECREE = ConflictSide(
    citation="Khoản 2 Điều 8 Nghị định số 150/2026/NĐ-CP",
    text="2. Trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có thẩm quyền "
         "phải cấp giấy phép cho tổ chức, cá nhân.",
    doc_type="Nghị định", number="150/2026/NĐ-CP", issuer="Chính phủ",
    issued_on=date(2026, 3, 1), effective_from=date(2026, 4, 15),
)


def main() -> None:
    c = check_pair(LAW, DECREE, as_of=date(2026, 6, 1))
    print(f"Kết luận: {LABEL_VI.get(c.label, c.label)} ({c.label})")
    print(f"Loại: {KIND_VI.get(c.kind, c.kind)} ({c.kind}); mức độ: {c.severity}; độ tin cậy: {c.confidence:.2f}")
    for side, spans in ((c.a, c.spans_a), (c.b, c.spans_b)):
        # spans: vị trí (đầu, cuối) trong text của từng bên, chỗ hai quy định vênh nhau
        print(f"  {side.citation}: " + "; ".join(f"“{side.text[s:e]}”" for s, e in spans))
    winner = {"a": c.a, "b": c.b}.get(c.prevails or "")
    print(f"Áp dụng: {winner.citation if winner else 'chưa xác định được'}")
    print(f"Căn cứ: {c.rule}")
    if c.explanation:
        print(f"Giải thích: {c.explanation}")


if __name__ == "__main__":
    main()
