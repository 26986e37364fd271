"""API access control: keys file, 401/403, scopes, per-key collections on every route, rate limits, metrics.

Two collections are served by the fake backend: "sample" and "noi-bo" (another department's documents).
The leakage test walks every route that returns chunks with a key limited to "sample" and checks that no
"noi-bo" chunk id or text ever appears in a response body.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.access import AuthError, KeyStore, RateLimited, RateLimiter
from api.app import create_app
from api_fakes import FakeBackend, make_chunks, make_other_chunks, parse_sse, sha, write_keys
from assistant.config import Settings

SAMPLE_KEY = "khoa-so-tu-phap-0123456789"
OTHER_KEY = "khoa-so-tai-chinh-0123456789"
ADMIN_KEY = "khoa-quan-tri-0123456789abcdef"
SLOW_KEY = "khoa-cham-0123456789abcdef"
FEEDBACK_ONLY = "khoa-chi-phan-hoi-0123456789"


@pytest.fixture()
def keyed(tmp_path: Path):
    keys = write_keys(tmp_path / "keys.json", [
        {"name": "so-tu-phap", "department": "Sở Tư pháp", "key_sha256": sha(SAMPLE_KEY), "collections": ["sample"],
         "scopes": ["ask", "feedback"], "rate_per_minute": 1000},
        {"name": "so-tai-chinh", "department": "Sở Tài chính", "key": OTHER_KEY, "collections": ["noi-bo"],
         "scopes": ["ask", "feedback"], "rate_per_minute": 1000},
        {"name": "admin", "key_sha256": sha(ADMIN_KEY), "collections": ["*"], "scopes": ["ask", "feedback", "admin"],
         "rate_per_minute": 1000},
        {"name": "cham", "key_sha256": sha(SLOW_KEY), "collections": ["sample"], "scopes": ["ask"],
         "rate_per_minute": 2},
        {"name": "chi-phan-hoi", "key_sha256": sha(FEEDBACK_ONLY), "collections": ["sample"], "scopes": ["feedback"]},
    ])
    backend = FakeBackend(collections={"sample": make_chunks(), "noi-bo": make_other_chunks()})
    settings = Settings(indexes_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", api_keys_file=keys)
    with TestClient(create_app("sample", backend=backend, settings=settings, cors_origins=["*"])) as client:
        yield client, backend


def H(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


def test_missing_or_wrong_key_is_401_json_vietnamese(keyed):
    client, backend = keyed
    for headers in ({}, H("sai-khoa"), {"Authorization": "Bearer sai-khoa"}, {"Authorization": "Basic abc"}):
        r = client.post("/api/v1/ask", json={"question": "Mức phạt?"}, headers=headers)
        assert r.status_code == 401, headers
        assert r.headers["content-type"].startswith("application/json")
        assert "khóa api" in r.json()["message"].lower()
    for method, path in (("GET", "/api/v1/collections"), ("GET", "/api/v1/provisions/nd42%235%2Fk1"),
                         ("GET", "/api/v1/ask/stream?question=x"), ("GET", "/api/v1/search?q=x"),
                         ("GET", "/api/v1/documents")):
        assert client.request(method, path).status_code == 401, path
    assert backend.calls == []
    assert client.get("/api/v1/health").status_code == 200  # health needs no key
    assert client.get("/api/v1/health").json()["collections"] == {}  # …but lists nothing without one


def test_bearer_and_header_keys_both_work(keyed):
    client, _ = keyed
    r = client.post("/api/v1/ask", json={"question": "Mức phạt?"}, headers={"Authorization": f"Bearer {SAMPLE_KEY}"})
    assert r.status_code == 200 and r.json()["collection"] == "sample"  # default = the key's first collection
    r = client.post("/api/v1/ask", json={"question": "Mức phạt?"}, headers=H(OTHER_KEY))  # plain "key" entry
    assert r.status_code == 200 and r.json()["collection"] == "noi-bo"


def test_key_cannot_reach_another_collection_403(keyed):
    client, backend = keyed
    for method, path, kw in (
        ("POST", "/api/v1/ask", {"json": {"question": "Mức phạt?", "collection": "noi-bo"}}),
        ("POST", "/api/v1/ask/stream", {"json": {"question": "Mức phạt?", "collection": "noi-bo"}}),
        ("GET", "/api/v1/ask/stream", {"params": {"question": "Mức phạt?", "collection": "noi-bo"}}),
        ("GET", f"/api/v1/provisions/{quote('qd99#1', safe='')}", {"params": {"collection": "noi-bo"}}),
        ("GET", "/api/v1/search", {"params": {"q": "phụ cấp", "collection": "noi-bo"}}),
        ("GET", "/api/v1/documents", {"params": {"collection": "noi-bo"}}),
        ("POST", "/api/v1/feedback", {"json": {"question": "x", "rating": 1, "collection": "noi-bo"}}),
    ):
        r = client.request(method, path, headers=H(SAMPLE_KEY), **kw)
        assert r.status_code == 403, (path, r.text)
        assert "không được phép truy cập bộ văn bản “noi-bo”" in r.json()["message"]
    assert backend.calls == []
    # a collection that does not exist is also 403 (no probing which names exist), and 404 lists only visible ones
    assert client.post("/api/v1/ask", json={"question": "x", "collection": "khong-co"},
                       headers=H(SAMPLE_KEY)).status_code == 403
    r = client.post("/api/v1/ask", json={"question": "x", "collection": "khong-co"}, headers=H(ADMIN_KEY))
    assert r.status_code == 404 and "noi-bo" in r.json()["message"] and "sample" in r.json()["message"]


def test_no_chunk_of_another_collection_ever_reaches_a_key(keyed):
    """Every chunk-returning route, called with the "sample" key, never returns anything from "noi-bo"."""
    client, backend = keyed
    secret_ids = {c.id for c in make_other_chunks()}
    bodies: list[str] = []

    def get(method: str, path: str, **kw) -> str:
        r = client.request(method, path, headers=H(SAMPLE_KEY), **kw)
        assert r.status_code in (200, 201, 404), (path, r.status_code, r.text)
        bodies.append(r.text)
        return r.text

    get("POST", "/api/v1/ask", json={"question": "phụ cấp trách nhiệm"})
    get("POST", "/api/v1/ask", json={"question": "phụ cấp trách nhiệm", "collection": "sample"})
    with client.stream("POST", "/api/v1/ask/stream", json={"question": "phụ cấp"}, headers=H(SAMPLE_KEY)) as s:
        text = "".join(s.iter_text())
    bodies.append(text)
    assert [n for n, _ in parse_sse(text)][-1] == "done"
    get("GET", "/api/v1/ask/stream", params={"question": "công tác phí"})
    get("GET", "/api/v1/search", params={"q": "công tác phí", "k": 50})
    get("GET", "/api/v1/documents")
    cols = json.loads(get("GET", "/api/v1/collections"))
    assert [c["name"] for c in cols["collections"]] == ["sample"] and cols["default_collection"] == "sample"
    health = json.loads(get("GET", "/api/v1/health"))
    assert set(health["collections"]) == {"sample"}
    for cid in secret_ids:  # provisions: without a collection the key's default is used → not found there
        r = client.get(f"/api/v1/provisions/{quote(cid, safe='')}", headers=H(SAMPLE_KEY))
        assert r.status_code == 404 and "Không tìm thấy điều khoản" in r.json()["message"]
        bodies.append(r.text.replace(cid, ""))  # the 404 message echoes the id asked for, not the chunk
    joined = "\n".join(bodies)
    assert "BÍ MẬT NỘI BỘ" not in joined and "noi-bo" not in joined and "99/QĐ-STC" not in joined
    assert all(cid not in joined for cid in secret_ids)
    assert {c["collection"] for c in backend.calls} == {"sample"}
    # and the other department's key does get its own collection
    r = client.get(f"/api/v1/provisions/{quote('qd99#1', safe='')}", headers=H(OTHER_KEY))
    assert r.status_code == 200 and r.json()["collection"] == "noi-bo"


def test_conversation_history_is_per_key(keyed):
    client, backend = keyed
    conv = client.post("/api/v1/ask", json={"question": "Câu hỏi của Sở Tư pháp"},
                       headers=H(SAMPLE_KEY)).json()["conversation_id"]
    client.post("/api/v1/ask", json={"question": "Tiếp", "conversation_id": conv}, headers=H(ADMIN_KEY))
    assert backend.calls[-1]["history"] is None  # the admin key does not continue (or read) another key's thread
    client.post("/api/v1/ask", json={"question": "Tiếp", "conversation_id": conv}, headers=H(SAMPLE_KEY))
    assert backend.calls[-1]["history"][0][0] == "Câu hỏi của Sở Tư pháp"


def test_scopes(keyed):
    client, _ = keyed
    r = client.post("/api/v1/ask", json={"question": "x"}, headers=H(FEEDBACK_ONLY))
    assert r.status_code == 403 and "không có quyền “ask”" in r.json()["message"]
    r = client.post("/api/v1/feedback", json={"question": "x", "rating": 1}, headers=H(FEEDBACK_ONLY))
    assert r.status_code == 201
    files = {"files": ("a.txt", b"Dieu 1. Noi dung", "text/plain")}
    r = client.post("/api/v1/documents", data={"collection": "sample"}, files=files, headers=H(SAMPLE_KEY))
    assert r.status_code == 403 and "admin" in r.json()["message"]
    assert client.get("/api/v1/documents/jobs/abc", headers=H(SAMPLE_KEY)).status_code == 403
    assert client.get("/api/v1/documents/jobs/abc", headers=H(ADMIN_KEY)).status_code == 404


def test_rate_limit_429_with_retry_after(keyed):
    client, _ = keyed
    ok = [client.get("/api/v1/collections", headers=H(SLOW_KEY)).status_code for _ in range(2)]
    assert ok == [200, 200]
    r = client.get("/api/v1/collections", headers=H(SLOW_KEY))
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) >= 1
    assert "Quá nhiều yêu cầu" in r.json()["message"]
    assert client.get("/api/v1/collections", headers=H(SAMPLE_KEY)).status_code == 200  # other keys unaffected
    metrics = client.get("/metrics", headers=H(ADMIN_KEY))
    assert 'assistant_rate_limited_total{principal="cham"} 1.0' in metrics.text


def test_rate_limiter_token_bucket_refills(tmp_path):
    lim = RateLimiter(tmp_path / "state.sqlite")
    lim.check("k", 60, now=0.0)
    for _ in range(59):
        lim.check("k", 60, now=0.0)
    with pytest.raises(RateLimited) as exc:
        lim.check("k", 60, now=0.0)
    assert exc.value.retry_after == 1
    lim.check("k", 60, now=1.01)  # one token per second at 60/min
    with pytest.raises(RateLimited):
        lim.check("k", 60, now=1.02)


def test_anonymous_rate_limit_per_ip_in_open_mode(tmp_path):
    settings = Settings(cache_dir=tmp_path, anonymous_rate_per_minute=3)
    with TestClient(create_app("sample", backend=FakeBackend(), settings=settings)) as client:
        codes = [client.get("/api/v1/collections").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_failed_key_attempts_are_rate_limited_per_ip(tmp_path):
    keys = write_keys(tmp_path / "keys.json", [{"name": "a", "key_sha256": sha(SAMPLE_KEY), "collections": ["sample"],
                                                 "rate_per_minute": 1000}])
    settings = Settings(cache_dir=tmp_path, api_keys_file=keys, anonymous_rate_per_minute=3)
    with TestClient(create_app("sample", backend=FakeBackend(), settings=settings)) as client:
        codes = [client.get("/api/v1/collections", headers=H(f"doan-{i}")).status_code for i in range(4)]
        assert codes == [401, 401, 401, 429]
        assert client.get("/api/v1/collections", headers=H(SAMPLE_KEY)).status_code == 200  # the real key still works


def test_open_mode_admin_is_403_and_warns(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    with TestClient(create_app("sample", backend=FakeBackend(), settings=Settings(cache_dir=tmp_path))) as client:
        files = {"files": ("a.txt", b"Dieu 1. Noi dung", "text/plain")}
        r = client.post("/api/v1/documents", data={"collection": "sample"}, files=files)
        assert r.status_code == 403 and "ASSISTANT_API_KEYS_FILE" in r.json()["message"]
        assert client.post("/api/v1/ask", json={"question": "x"}).status_code == 200  # anonymous may ask
        assert client.get("/metrics").status_code == 200  # metrics public in open mode
    assert any("CHẾ ĐỘ MỞ" in rec.getMessage() for rec in caplog.records)


def test_metrics_need_admin_or_metrics_scope_when_keys_configured(keyed):
    client, _ = keyed
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=H(SAMPLE_KEY)).status_code == 403
    client.post("/api/v1/ask", json={"question": "Mức phạt?"}, headers=H(SAMPLE_KEY))
    r = client.get("/metrics", headers={"Authorization": f"Bearer {ADMIN_KEY}"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    text = r.text
    assert 'assistant_http_requests_total{method="POST",route="/api/v1/ask",status="200"} 1.0' in text
    assert 'assistant_http_requests_total{method="GET",route="/metrics",status="401"} 1.0' in text
    assert 'assistant_answers_total{collection="sample",refused="false"} 1.0' in text
    assert "assistant_http_request_duration_seconds_bucket" in text
    assert "assistant_ingest_jobs_in_progress 0.0" in text


def test_keys_file_validation(tmp_path):
    bad = [
        {"keys": [{"name": "a", "collections": ["x"]}]},  # no secret
        {"keys": [{"name": "a", "key": "short", "collections": ["x"]}]},  # dev key too short
        {"keys": [{"name": "a", "key_sha256": "zz", "collections": ["x"]}]},
        {"keys": [{"name": "a", "key_sha256": sha("k" * 20), "collections": []}]},
        {"keys": [{"name": "a", "key_sha256": sha("k" * 20), "collections": ["x"], "scopes": ["root"]}]},
        {"keys": [{"name": "a", "key_sha256": sha("k" * 20), "collections": ["x"]},
                  {"name": "a", "key_sha256": sha("j" * 20), "collections": ["x"]}]},
    ]
    for i, data in enumerate(bad):
        path = tmp_path / f"k{i}.json"
        path.write_text(json.dumps(data))
        with pytest.raises(ValueError):
            KeyStore.load(path)
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(ValueError, match="Không đọc được tệp khóa API"):
        create_app("sample", backend=FakeBackend(), settings=Settings(api_keys_file=tmp_path / "broken.json"))
    store = KeyStore.load(write_keys(tmp_path / "ok.json", [
        {"name": "a", "key_sha256": sha("k" * 20).upper(), "collections": ["x", "y"]}]))
    p = store.authenticate("k" * 20)
    assert p.name == "a" and p.default_collection("sample") == "x" and p.can_see("y") and not p.can_see("z")
    assert p.scopes == {"ask", "feedback"} and p.rate_per_minute == 60
    with pytest.raises(AuthError):
        store.authenticate("k" * 19)
    with pytest.raises(AuthError):
        store.authenticate(None)
