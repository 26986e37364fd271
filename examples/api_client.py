"""Gọi API HTTP của trợ lý bằng httpx: POST /api/v1/ask (JSON) và luồng SSE /api/v1/ask/stream.

Cần một máy chủ đang chạy, ví dụ:  assistant serve --collection sample   (hoặc bash scripts/run.sh)
Chạy:  python examples/api_client.py [http://127.0.0.1:8000] [--api-key KHÓA]
"""

from __future__ import annotations

import argparse
import json
import sys

import httpx

QUESTION = "Phí cấp bản sao điện tử từ sổ gốc bao nhiêu tiền một trang?"


def sse_events(response: httpx.Response):
    """Tách luồng text/event-stream thành từng cặp (tên sự kiện, dữ liệu JSON)."""
    name, data = "message", []
    for line in response.iter_lines():
        if line == "":  # dòng trống: hết một sự kiện
            if data:
                yield name, json.loads("\n".join(data))
            name, data = "message", []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))


def main() -> None:
    parser = argparse.ArgumentParser(description="Ví dụ gọi API hỏi đáp.")
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--api-key", default=None, help="khóa API (khi máy chủ có ASSISTANT_API_KEYS_FILE)")
    parser.add_argument("--collection", default="sample")
    parser.add_argument("--question", default=QUESTION)
    args = parser.parse_args()
    headers = {"X-API-Key": args.api_key} if args.api_key else {}
    body = {"question": args.question, "collection": args.collection}

    with httpx.Client(base_url=args.base_url, headers=headers, timeout=60) as client:
        # 1) Một lần gọi, nhận cả câu trả lời (JSON của Answer + conversation_id)
        r = client.post("/api/v1/ask", json=body)
        if r.is_error:  # mọi lỗi là JSON {"message": "<tiếng Việt>", "detail": …}
            sys.exit(f"Lỗi {r.status_code}: {r.json()['message']}")
        ans = r.json()
        print(f"POST /api/v1/ask → {r.status_code}\nTrả lời: {ans['text']}")
        for c in ans["citations"]:
            print(f"  [{c['number']}] {c['citation']} — {c['status']}")

        # 2) Luồng SSE: conversation → sentence/token… → citation… → conflict… → done
        print("\nPOST /api/v1/ask/stream:")
        with client.stream("POST", "/api/v1/ask/stream", json=body) as stream:
            stream.raise_for_status()
            for name, data in sse_events(stream):
                if name == "citation":
                    data = f"[{data['number']}] {data['citation']}"
                elif name == "conflict":
                    data = f"{data['a']['citation']} ↔ {data['b']['citation']}"
                elif name == "done":  # data: toàn bộ Answer (như POST /api/v1/ask)
                    data = f"{len(data['citations'])} trích dẫn, từ chối trả lời: {data['refused']}"
                elif name not in ("sentence", "token"):  # conversation, refusal, error
                    data = json.dumps(data, ensure_ascii=False)[:200]
                print(f"  {name}: {data}")

if __name__ == "__main__":
    main()
