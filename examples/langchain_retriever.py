"""Dùng HybridRetriever (một langchain BaseRetriever) trong một chuỗi LCEL, và lọc theo ngày hiệu lực (as_of).

Cần một bộ văn bản đã nạp, ví dụ:  assistant ingest corpus/sample --collection sample
Chạy:  python examples/langchain_retriever.py [--collection sample] [--as-of 2026-01-01]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda

from assistant.index import IndexNotFound
from assistant.retrieval import HybridRetriever

QUESTION = "Theo Thông tư 05/2019, công chức có 02 ngày làm việc để kiểm tra hồ sơ nộp qua mạng, đúng không?"


def format_provisions(docs: list[Document]) -> str:
    """Mỗi điều khoản tìm được: trích dẫn, loại văn bản, tình trạng hiệu lực và phần đầu nội dung."""
    lines = []
    for i, d in enumerate(docs, 1):
        status = {True: "còn hiệu lực", False: "hết hiệu lực", None: "chưa rõ hiệu lực"}[d.metadata["in_force"]]
        text = " ".join(d.page_content.split())  # metadata["hit"]: bản ghi Hit đầy đủ (chunk, điểm số…)
        lines.append(f"[{i}] {d.metadata['citation']} ({d.metadata['doc_type']}, {status}): {text[:100]}…")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="HybridRetriever trong chuỗi LCEL, có lọc as_of.")
    parser.add_argument("--collection", default="sample")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today(), help="ngày xét hiệu lực")
    parser.add_argument("--question", default=QUESTION)
    args = parser.parse_args()
    try:
        retriever = HybridRetriever.open(args.collection, k=4)
    except IndexNotFound:
        sys.exit(f"Chưa có bộ văn bản '{args.collection}': hãy chạy  assistant ingest corpus/sample "
                 f"--collection {args.collection}")

    # Ngày xét hiệu lực (as_of) và loại văn bản (doc_types) đặt cho từng lần gọi: retriever.invoke(q, as_of=…),
    # hoặc .bind(as_of=…) trong chuỗi — không phải dựng lại retriever.
    everything = retriever | RunnableLambda(format_provisions)
    in_force = retriever.bind(as_of=args.as_of) | RunnableLambda(format_provisions)

    print(f"Hỏi: {args.question}\n\nKhông lọc hiệu lực (mọi văn bản, kể cả đã hết hiệu lực):")
    print(everything.invoke(args.question))
    print(f"\nChỉ các quy định có hiệu lực vào ngày {args.as_of:%d/%m/%Y}:")
    print(in_force.invoke(args.question))


if __name__ == "__main__":
    main()
