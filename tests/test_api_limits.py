"""API limits and error shape: body size (413), bad JSON, unknown routes/methods, unhandled exceptions (500),
SSE framing details. Every error body must be JSON with a Vietnamese ``message`` and no stack trace."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api_fakes import FakeBackend, parse_sse
from assistant.config import Settings


class ExplodingBackend(FakeBackend):
    """Raises where the app does not expect it (listing collections, looking provisions up)."""

    def collections(self):
        raise KeyError("secret internal detail /srv/indexes")

    def provision(self, collection, chunk_id):
        raise RuntimeError("boom")


@pytest.fixture()
def client(tmp_path):
    settings = Settings(cache_dir=tmp_path, max_body_bytes=4096)
    with TestClient(create_app("sample", backend=FakeBackend(), settings=settings)) as c:
        yield c


def test_body_over_limit_is_413_json(client):
    r = client.post("/api/v1/ask", json={"question": "x", "collection": "y" * 5000})
    assert r.status_code == 413
    assert r.json()["message"].startswith("Dữ liệu gửi lên quá lớn")

    def chunks():  # no Content-Length: counted while reading
        for _ in range(10):
            yield b" " * 1000

    r = client.post("/api/v1/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "quá lớn" in r.json()["message"]
    assert client.post("/api/v1/ask", json={"question": "Mức phạt?"}).status_code == 200


def test_question_length_is_422(client):
    r = client.post("/api/v1/ask", json={"question": "á" * 2001})
    assert r.status_code == 422 and r.json()["message"] == "Câu hỏi quá dài (tối đa 2000 ký tự)."


@pytest.mark.parametrize("body,ctype", [
    (b'{"question": "x",', "application/json"),
    (b"not json at all", "application/json"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b'["question"]', "application/json"),
    (b'"question"', "application/json"),
    (b"question=x", "application/x-www-form-urlencoded"),
])
def test_bad_json_is_422_vietnamese(client, body, ctype):
    r = client.post("/api/v1/ask", content=body, headers={"Content-Type": ctype})
    assert r.status_code == 422, r.text
    data = r.json()
    assert data["message"] and data["message"] != "Field required"
    assert any(ch in data["message"] for ch in "ôơưđáàảãạ"), data["message"]  # Vietnamese, not pydantic English
    r = client.post("/api/v1/feedback", content=body, headers={"Content-Type": ctype})
    assert r.status_code == 422 and r.json()["message"]


def test_invalid_json_message(client):
    r = client.post("/api/v1/ask", content=b'{"question": ', headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["message"] == "Dữ liệu JSON không hợp lệ."
    r = client.post("/api/v1/ask", content=b'{"question": "\xff\xfe"}', headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["message"].startswith("Dữ liệu gửi lên không đọc được")
    r = client.post("/api/v1/documents", content=b"--b\r\n27--b--\r\n",
                    headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert r.status_code == 422 and r.json()["message"].startswith("Dữ liệu gửi lên không đọc được")
    r = client.post("/api/v1/ask", json={"question": "x", "thua": 1})
    assert r.status_code == 422 and "thua" in r.json()["message"]


def test_unknown_route_and_method_are_json_vietnamese(client):
    r = client.get("/api/v1/khong-co")
    assert r.status_code == 404 and r.json()["message"] == "Không tìm thấy địa chỉ yêu cầu."
    r = client.delete("/api/v1/ask")
    assert r.status_code == 405 and "Phương thức" in r.json()["message"]
    assert client.get("/api/ask").status_code == 404  # the old un-versioned routes are gone


def test_unhandled_exception_is_500_without_stack_trace(tmp_path):
    app = create_app("sample", backend=ExplodingBackend(), settings=Settings(cache_dir=tmp_path))
    with TestClient(app, raise_server_exceptions=False) as client:
        for path in ("/api/v1/collections", "/api/v1/provisions/nd42%235"):
            r = client.get(path)
            assert r.status_code == 500, path
            assert r.headers["content-type"].startswith("application/json")
            body = r.json()
            assert body["message"].startswith("Lỗi hệ thống")
            text = r.text
            assert "Traceback" not in text and "secret internal detail" not in text and "KeyError" not in text
        r = client.get("/api/v1/health")  # health reports instead of failing
        assert r.status_code == 200 and r.json()["status"] == "error"
        assert "secret" not in r.text


def test_sse_framing(tmp_path):
    with TestClient(create_app("sample", backend=FakeBackend(), settings=Settings(cache_dir=tmp_path))) as client:
        with client.stream("POST", "/api/v1/ask/stream", json={"question": "Mức phạt?"}) as r:
            assert r.status_code == 200
            assert r.headers["content-type"].startswith("text/event-stream")
            assert r.headers["cache-control"] == "no-cache" and r.headers["x-accel-buffering"] == "no"
            raw = "".join(r.iter_text())
    blocks = [b for b in raw.replace("\r\n", "\n").split("\n\n") if b.strip()]
    for block in blocks:
        lines = block.split("\n")
        assert lines[0].startswith("event: ") and all(line.startswith(("event: ", "data: ")) for line in lines)
        data = "\n".join(line[6:] for line in lines if line.startswith("data: "))
        json.loads(data)  # every event's data is one JSON value
    events = parse_sse(raw)
    assert len(events) == len(blocks)
    assert events[0] == ("conversation", {"conversation_id": events[0][1]["conversation_id"], "collection": "sample"})
    assert events[-1][0] == "done" and events[-1][1]["collection"] == "sample"
