"""Trả lời bằng một LLM qua điểm cuối tương thích OpenAI (vLLM, Ollama, llama.cpp server) thay vì trích xuất.

Cần một bộ văn bản đã nạp (assistant ingest corpus/sample --collection sample) và một máy chủ LLM, ví dụ Ollama:
    python examples/llm_endpoint.py http://127.0.0.1:11434/v1 --model qwen2.5:7b-instruct
Cách khác, không cần mã: đặt ASSISTANT_LLM_BASE_URL, ASSISTANT_LLM_MODEL (và ASSISTANT_LLM_API_KEY nếu cần),
rồi gọi answer(..., llm=True) hoặc gửi "llm": true tới POST /api/v1/ask.
"""

from __future__ import annotations

import argparse

from assistant.answering import answer, get_chat_model
from assistant.config import Settings
from assistant.retrieval import HybridRetriever

QUESTION = "Hồ sơ nộp trực tuyến thì công chức phải kiểm tra trong bao lâu?"


def main() -> None:
    parser = argparse.ArgumentParser(description="Trả lời bằng LLM qua điểm cuối tương thích OpenAI.")
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:11434/v1")
    parser.add_argument("--model", default="qwen2.5:7b-instruct")
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--collection", default="sample")
    parser.add_argument("--question", default=QUESTION)
    args = parser.parse_args()

    # Các trường llm_* của Settings (các thiết lập khác vẫn đọc từ biến môi trường ASSISTANT_*)
    settings = Settings(llm_base_url=args.base_url, llm_model=args.model, llm_api_key=args.api_key, llm_timeout_s=60)
    chat_model = get_chat_model(settings)  # langchain ChatOpenAI trỏ tới điểm cuối trên
    retriever = HybridRetriever.open(args.collection, settings=settings)
    ans = answer(args.question, collection=args.collection, retriever=retriever, llm=True, chat_model=chat_model)

    # Câu trả lời đã được kiểm tra: dấu [n] không ứng với điều khoản nào đã gửi cho LLM bị bỏ (dropped_citations).
    print(f"Chế độ: {ans.mode}\nTrả lời: {ans.text}")
    for c in ans.citations:
        print(f"[{c.number}] {c.citation} — {c.status}")
    for d in ans.dropped_citations:
        print(f"Đã bỏ trích dẫn không kiểm chứng được: {d}")


if __name__ == "__main__":
    main()
