"""Admin document upload → background ingest job: auth, file-name sanitising, limits, job status, and (real
ingest, keyword-only) that a bad file fails the job while the previous index version keeps serving, and that
a good upload becomes searchable at once (the app's cached retriever is refreshed)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.jobs import UploadRejected, allowed_suffixes, safe_filename
from api_fakes import ADMIN_SAMPLE_ONLY, H, FakeBackend, keyed_settings, wait_job
from legal_files import SAMPLE


def test_safe_filename():
    allowed = allowed_suffixes()
    assert safe_filename("../../etc/passwd.txt", allowed) == "passwd.txt"
    assert safe_filename("C:\\Users\\x\\Nghị định 42.docx", allowed) == "Nghị định 42.docx"
    assert safe_filename(".hidden.md", allowed) == "hidden.md"
    # what offices have: old Word, RTF, OpenDocument, scanned pages
    for name in ("Quyết định 15.doc", "cv.RTF", "tb.odt", "scan trang 1.png", "quet.JPG", "quet.tif", "quet.tiff"):
        assert safe_filename(name, allowed) == name
    assert safe_filename("a;rm -rf $(x).txt", allowed) == "a_rm -rf __x_.txt"
    for bad in ("", "..", "/", "virus.exe", "noext", "bang.xlsx"):
        with pytest.raises(UploadRejected):
            safe_filename(bad, allowed)


def test_upload_with_fake_ingest(tmp_path):
    seen: list[tuple[list[Path], str]] = []

    def fake_ingest(paths, collection):
        seen.append((paths, collection))
        return "Đã cập nhật."

    backend = FakeBackend()
    app = create_app("sample", backend=backend, settings=keyed_settings(tmp_path), ingest_fn=fake_ingest,
                     validate_fn=lambda p: None)
    with TestClient(app) as client:
        files = [("files", ("../../bi mat.txt", "Điều 1. Nội dung".encode(), "text/plain")),
                 ("files", ("nd.md", b"# x", "text/markdown"))]
        r = client.post("/api/v1/documents", data={"collection": "sample"}, files=files, headers=H)
        assert r.status_code == 202, r.text
        acc = r.json()
        assert acc["status"] == "queued" and acc["files"] == ["bi mat.txt", "nd.md"] and acc["collection"] == "sample"
        job = wait_job(client, acc["job_id"])
        assert job["status"] == "done" and job["message"] == "Đã cập nhật." and job["error"] is None
        paths, col = seen[0]
        uploads = tmp_path / "idx" / ".uploads" / "sample"
        assert col == "sample" and paths == [uploads]
        assert (uploads / "bi mat.txt").read_text("utf-8") == "Điều 1. Nội dung"
        assert not (tmp_path / "bi mat.txt").exists() and not (tmp_path / "idx" / "bi mat.txt").exists()
        assert backend.refreshed == ["sample"]
        metrics = client.get("/metrics", headers=H).text
        assert 'assistant_ingest_jobs_total{status="done"} 1.0' in metrics

        # rejected before any job: bad extension, empty file, duplicate names, bad collection name, no files
        for data, files, needle in (
            ({"collection": "sample"}, [("files", ("a.exe", b"x", "application/octet-stream"))], "không được hỗ trợ"),
            ({"collection": "sample"}, [("files", ("a.txt", b"", "text/plain"))], "rỗng"),
            ({"collection": "sample"}, [("files", ("a.txt", b"x", "text/plain")), ("files", ("a.txt", b"y", "text/plain"))],
             "hai lần"),
            ({"collection": "../x"}, [("files", ("a.txt", b"x", "text/plain"))], "Tên bộ văn bản"),
        ):
            r = client.post("/api/v1/documents", data=data, files=files, headers=H)
            assert r.status_code == 422, r.text
            assert needle in r.json()["message"]
        r = client.post("/api/v1/documents", data={"collection": "sample"}, headers=H)
        assert r.status_code == 422
        r = client.post("/api/v1/documents", data={"collection": "khac"},
                        files=[("files", ("a.txt", b"x", "text/plain"))], headers={"X-API-Key": ADMIN_SAMPLE_ONLY})
        assert r.status_code == 403
        assert client.get("/api/v1/documents/jobs/" + acc["job_id"], headers={"X-API-Key": ADMIN_SAMPLE_ONLY}).json()[
            "status"] == "done"
        assert not list((tmp_path / "idx" / ".uploads" / ".staging").iterdir())  # staging cleaned


def test_upload_size_limit_413(tmp_path):
    app = create_app("sample", backend=FakeBackend(), settings=keyed_settings(tmp_path, max_upload_bytes=10_000),
                     ingest_fn=lambda p, c: "ok", validate_fn=lambda p: None)
    with TestClient(app) as client:
        r = client.post("/api/v1/documents", data={"collection": "sample"},
                        files=[("files", ("big.txt", b"x" * 20_000, "text/plain"))], headers=H)
        assert r.status_code == 413 and "quá lớn" in r.json()["message"]


@pytest.mark.slow
def test_real_upload_bad_file_keeps_index_good_file_is_served(tmp_path):
    from assistant.ingest import ingest

    settings = keyed_settings(tmp_path, upload_dense=False)
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SAMPLE / "thong-tu-05-2019-tt-vpcp-het-hieu-luc.txt", src)
    ingest([src], "mini", dense=False, settings=settings)
    link = settings.indexes_dir / "mini"
    version = link.resolve()
    app = create_app("mini", settings=settings)
    with TestClient(app) as client:
        hits = client.get("/api/v1/search", params={"q": "đăng ký tài khoản", "k": 3}, headers=H).json()["hits"]
        assert hits and all("05/2019" in h["chunk"]["citation"] for h in hits)

        # a broken PDF among the uploads: the job fails naming it, nothing is ingested
        bad = [("files", ("nghi-dinh-87-2025-nd-cp-sua-doi-nd-42.txt",
                          (SAMPLE / "nghi-dinh-87-2025-nd-cp-sua-doi-nd-42.txt").read_bytes(), "text/plain")),
               ("files", ("hong.pdf", b"%PDF-1.4 this is not really a pdf", "application/pdf"))]
        job = wait_job(client, client.post("/api/v1/documents", data={"collection": "mini"}, files=bad,
                                           headers=H).json()["job_id"])
        assert job["status"] == "failed", job
        assert "hong.pdf" in job["message"] and "Chỉ mục hiện tại vẫn được giữ nguyên" in job["message"]
        assert link.resolve() == version  # the served version did not change
        assert not list((settings.indexes_dir / ".uploads" / "mini").glob("*"))  # nothing left behind
        assert client.get("/api/v1/search", params={"q": "đăng ký tài khoản", "k": 3}, headers=H).status_code == 200

        good = [("files", ("nghi-dinh-87-2025-nd-cp-sua-doi-nd-42.txt",
                           (SAMPLE / "nghi-dinh-87-2025-nd-cp-sua-doi-nd-42.txt").read_bytes(), "text/plain"))]
        job = wait_job(client, client.post("/api/v1/documents", data={"collection": "mini"}, files=good,
                                           headers=H).json()["job_id"])
        assert job["status"] == "done", job
        assert "2 văn bản" in job["message"]
        assert link.resolve() != version
        docs = client.get("/api/v1/documents", params={"collection": "mini"}, headers=H).json()
        assert docs["count"] == 2
        new_chunk = next(d for d in docs["documents"] if d["doc_id"].startswith("nghi-dinh-87"))
        hits = client.get("/api/v1/search", params={"q": "sửa đổi Nghị định 42", "k": 10}, headers=H).json()["hits"]
        chunk_id = next(h["chunk"]["id"] for h in hits if h["chunk"]["doc_id"] == new_chunk["doc_id"])
        r = client.get(f"/api/v1/provisions/{quote(chunk_id, safe='')}", headers=H)
        assert r.status_code == 200 and r.json()["doc_title"]
