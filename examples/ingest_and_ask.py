"""Nạp bộ văn bản mẫu (corpus/sample) vào một chỉ mục riêng rồi hỏi một câu, in câu trả lời kèm trích dẫn.

Chạy:  python examples/ingest_and_ask.py [--indexes-dir THƯ_MỤC] [--question "…"]
Thư mục chỉ mục: --indexes-dir, hoặc biến EXAMPLE_INDEXES_DIR, mặc định một thư mục tạm (không ghi vào indexes/
của kho mã). Chạy ngoại tuyến; lần đầu nhúng vector mất khoảng 20 giây trên CPU.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import date
from pathlib import Path

from assistant.answering import answer
from assistant.config import Settings
from assistant.ingest import ingest
from assistant.retrieval import HybridRetriever

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample"
QUESTION = "Hồ sơ nộp trực tuyến thì công chức phải kiểm tra trong bao lâu?"


def main() -> None:
    parser = argparse.ArgumentParser(description="Nạp corpus/sample và hỏi một câu.")
    parser.add_argument("--indexes-dir", default=os.environ.get("EXAMPLE_INDEXES_DIR"))
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="xét hiệu lực vào ngày YYYY-MM-DD")
    args = parser.parse_args()

    # Các thiết lập khác (thư mục mô hình, bộ nhớ đệm…) vẫn đọc từ biến môi trường ASSISTANT_*.
    indexes_dir = Path(args.indexes_dir or tempfile.mkdtemp(prefix="tro-ly-vi-du-"))
    settings = Settings(indexes_dir=indexes_dir)

    report = ingest([SAMPLE], "sample", settings=settings)  # từ khóa (BM25) + vector (e5)
    print(f"Đã nạp {report.n_documents} văn bản, {report.n_chunks} đoạn vào {indexes_dir}")

    retriever = HybridRetriever.open("sample", settings=settings)
    ans = answer(args.question, collection="sample", retriever=retriever, as_of=args.as_of)

    print(f"\nHỏi: {ans.question}\n\nTrả lời: {ans.text}\n")
    for c in ans.citations:  # mỗi trích dẫn: Điều/Khoản/Điểm, tình trạng hiệu lực, đoạn trích nguyên văn
        print(f"[{c.number}] {c.citation} — {c.status}\n    “{c.quote}”")
    for note in ans.validity_notes:
        print(f"Lưu ý hiệu lực: {note}")
    for cf in ans.conflicts:
        side = {"a": cf.a, "b": cf.b}.get(cf.prevails or "")
        print(f"Mâu thuẫn: {cf.a.citation} ↔ {cf.b.citation}; áp dụng: {side.citation if side else 'chưa xác định'}")


if __name__ == "__main__":
    main()
