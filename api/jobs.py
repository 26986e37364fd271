"""Document upload → background ingest jobs (``POST /api/v1/documents``, ``GET /api/v1/documents/jobs/{id}``).

What it does:
- sanitises uploaded file names (:func:`safe_filename`: base name only, no path separators or leading dots,
  NFC, ``[\\w .-]`` characters, an extension the loaders support) and stages the files;
- keeps each job's status (``queued → running → done | failed``, with a Vietnamese message) in the SQLite
  state file (:mod:`api.state`), so any worker process answers the status of any job, and it survives a
  restart; a job left ``queued``/``running`` by a worker process that is gone (pid + process start time
  checked) is reported ``failed`` with a message saying so;
- runs the jobs in a background thread of the worker that received the upload, one at a time across all
  workers (exclusive ``flock`` on ``<state db>.ingest.lock``, which the OS releases if the process dies);
- before touching the collection, checks that every uploaded file loads and has legal structure (the same
  checks ingest applies); a bad file fails the job with a message naming it, and nothing is ingested;
- otherwise moves the files into the collection's uploads folder (``Settings().uploads_dir`` or
  ``indexes/.uploads``, one sub-folder per collection) and re-ingests the collection with ``add=True``: its
  sources are the ones its manifest records plus that folder. Ingest writes the new index version atomically,
  so the previous version keeps serving until the new one is complete, and keeps serving if ingest fails
  (the moved files are then put back as they were);
- after success calls ``on_done(collection)`` so this worker drops its cached retriever (the other workers
  reopen theirs when they see the collection's symlink point to the new version).

What it does not: run jobs in parallel, hand a dead worker's queued jobs to another worker (they fail and must
be uploaded again), put the uploads folder back when a worker dies in the middle of a job (files already
moved there stay and are ingested with the collection's next upload), or delete documents. Unix only
(``fcntl``).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import queue
import re
import shutil
import threading
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Literal

from api.state import StateDB, state_db_path
from assistant.config import Settings

log = logging.getLogger(__name__)

JobStatus = Literal["queued", "running", "done", "failed"]
IngestFn = Callable[[list[Path], str], str]  # (paths, collection) → Vietnamese summary; raises on failure
ValidateFn = Callable[[Path], str | None]  # staged file → None if usable, else a Vietnamese reason
MAX_JOBS_KEPT = 500


def allowed_suffixes() -> set[str]:
    from assistant.loaders import SUPPORTED_SUFFIXES

    return set(SUPPORTED_SUFFIXES)


class UploadRejected(ValueError):
    """An uploaded file refused before any job starts (bad name, extension or size) → HTTP 422/413."""


def safe_filename(raw: str | None, allowed: set[str]) -> str:
    """A file name safe to write under the uploads folder, or :class:`UploadRejected` (Vietnamese message)."""
    shown = (raw or "").strip()[:200]
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    name = re.sub(r"[^\w .-]", "_", name)
    name = re.sub(r"\s+", " ", name).lstrip(". ")[:150].strip()
    if not name or name in (".", ".."):
        raise UploadRejected(f"Tên tệp “{shown}” không hợp lệ.")
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        kinds = ", ".join(sorted(allowed))
        raise UploadRejected(f"Tệp “{shown}”: định dạng {suffix or '(không có phần mở rộng)'} không được hỗ trợ "
                             f"(chấp nhận: {kinds}).")
    return name


@dataclass
class Job:
    job_id: str
    collection: str
    files: list[str]
    status: JobStatus = "queued"
    message: str = "Đang chờ xử lý."
    error: str | None = None
    created_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    finished_at: str | None = None
    staging: Path | None = None

    def public(self) -> dict[str, object]:
        return {"job_id": self.job_id, "status": self.status, "message": self.message, "collection": self.collection,
                "files": list(self.files), "error": self.error, "created_at": self.created_at,
                "finished_at": self.finished_at}


def validate_file(path: Path, settings: Settings | None = None) -> str | None:
    """None if the file loads and has at least one article (the checks ingest applies), else the reason.
    ``settings``: the ingest's (same tools, and the same conversion/OCR cache, so a scan is OCR'd once)."""
    from assistant.legal import parse
    from assistant.loaders import LoadError, load

    try:
        docs = load(path, settings=settings)
    except LoadError as exc:
        return exc.reason
    except Exception as exc:  # a loader bug on a hostile file
        return f"không đọc được tệp ({type(exc).__name__})"
    if not docs:
        return "không có văn bản nào trong tệp"
    for raw in docs:
        try:
            doc = parse(raw)
        except Exception as exc:
            return f"không phân tích được cấu trúc ({type(exc).__name__})"
        if not doc.articles:
            return "không tìm thấy nội dung (không có Điều/mục nào)"
    return None


JOB_NOTES_SHOWN = 3  # skipped files and warnings named in a job's message; the rest are counted


def _without_dirs(text: str) -> str:
    """Server paths in a reason or warning reduced to their file names (an admin client sees no directory layout)."""
    return re.sub(r"(?:/[^/\s:]+)+/([^/\s:]+)", r"\1", text)


def report_notes(skipped: list[tuple[str, str]], warnings: list[str]) -> str:
    """What an ingest skipped and warned about, for the job message: "; bỏ qua 1 tệp: b.txt (trùng nội dung với
    a.txt …); cảnh báo: c.txt: có câu dạng lệnh …" (it said only "bỏ qua 1 tệp", and nothing of the warnings)."""
    out = ""
    if skipped:
        named = "; ".join(f"{_without_dirs(p)} ({_without_dirs(r)})" for p, r in skipped[:JOB_NOTES_SHOWN])
        more = f" và {len(skipped) - JOB_NOTES_SHOWN} tệp khác" if len(skipped) > JOB_NOTES_SHOWN else ""
        out += f"; bỏ qua {len(skipped)} tệp: {named}{more}"
    if warnings:
        named = "; ".join(_without_dirs(w) for w in warnings[:JOB_NOTES_SHOWN])
        more = f" và {len(warnings) - JOB_NOTES_SHOWN} cảnh báo khác" if len(warnings) > JOB_NOTES_SHOWN else ""
        out += f"; cảnh báo: {named}{more}"
    return out


def real_ingest(settings: Settings, dense: bool) -> IngestFn:
    """Ingest ``paths`` into ``collection`` keeping its previous sources (``add=True``)."""

    def run(paths: list[Path], collection: str) -> str:
        from assistant.ingest import ingest

        rep = ingest(paths, collection, add=True, dense=dense, reuse=False, settings=settings)
        return (f"Đã cập nhật bộ văn bản “{collection}”: {rep.n_documents} văn bản, {rep.n_chunks} đoạn"
                f"{report_notes(rep.skipped, rep.warnings)}; chỉ mục vector: {'có' if rep.dense_ready else 'chưa'}.")

    return run


def _proc_start(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux ``/proc``), "" where unknown: with the pid it
    names one process even after the pid is reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def process_owner() -> str:
    pid = os.getpid()
    return f"{pid}:{_proc_start(pid)}"


def owner_alive(owner: str) -> bool:
    """Whether the process recorded as ``"<pid>:<start time>"`` still runs (on this machine)."""
    pid_s, _, start = owner.partition(":")
    try:
        pid = int(pid_s)
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's
        pass
    except (ValueError, OSError):
        return False
    return not start or _proc_start(pid) in ("", start)


ABANDONED = ("Công việc bị gián đoạn: tiến trình máy chủ xử lý nó đã dừng (máy chủ khởi động lại hoặc gặp sự cố) "
             "trước khi nạp xong. Chỉ mục hiện tại vẫn được giữ nguyên; vui lòng tải tệp lên lại.")

_COLUMNS = "job_id, collection, files, status, message, error, created_at, finished_at, staging, owner"


class IngestJobs:
    """Upload jobs: status in the state database (readable from every worker), run by a background thread of the
    worker that received the upload, one at a time across all workers (an exclusive ``flock`` on
    ``<state db>.ingest.lock``, released by the OS if the process dies)."""

    def __init__(self, settings: Settings, *, ingest_fn: IngestFn | None = None, validate_fn: ValidateFn | None = None,
                 on_done: Callable[[str], None] | None = None, on_finish: Callable[[str], None] | None = None,
                 db: StateDB | None = None) -> None:
        self.settings = settings
        self.uploads_root = Path(settings.uploads_dir or Path(settings.indexes_dir) / ".uploads")
        self.ingest_fn = ingest_fn or real_ingest(settings, settings.upload_dense)
        self.validate_fn = validate_fn or (lambda path: validate_file(path, settings))
        self.on_done = on_done
        self.on_finish = on_finish  # (final status) → metrics
        self.db = db or StateDB(state_db_path(settings))
        self.lock_path = self.db.path.with_name(self.db.path.name + ".ingest.lock")
        self.owner = process_owner()
        self._lock = threading.Lock()
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ submit / status
    def stage_dir(self) -> tuple[str, Path]:
        job_id = uuid.uuid4().hex
        staging = self.uploads_root / ".staging" / job_id
        staging.mkdir(parents=True, exist_ok=True)
        return job_id, staging

    def discard(self, staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)

    def submit(self, job_id: str, collection: str, files: list[str], staging: Path) -> Job:
        job = Job(job_id=job_id, collection=collection, files=files, staging=staging)
        with self.db.write() as conn:
            conn.execute(f"INSERT INTO ingest_jobs ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (job.job_id, job.collection, json.dumps(job.files, ensure_ascii=False), job.status,
                          job.message, job.error, job.created_at, job.finished_at, str(staging), self.owner))
            conn.execute("DELETE FROM ingest_jobs WHERE status IN ('done', 'failed') AND seq IN (SELECT seq FROM "
                         "ingest_jobs ORDER BY seq DESC LIMIT -1 OFFSET ?)", (MAX_JOBS_KEPT,))
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._worker, name="assistant-ingest-jobs", daemon=True)
                self._thread.start()
        self._queue.put(job_id)
        return job

    def get(self, job_id: str) -> Job | None:
        with self.db.read() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM ingest_jobs WHERE job_id = ?", (job_id,)).fetchone()
        if row is None:
            return None
        job, owner = _job(row)
        if job.status in ("queued", "running") and not owner_alive(owner):
            self._abandon(job.job_id, owner)
            return self.get(job_id)
        return job

    def pending(self) -> int:
        """Jobs queued or running in any live worker."""
        with self.db.read() as conn:
            rows = conn.execute("SELECT job_id, owner FROM ingest_jobs WHERE status IN ('queued', 'running')").fetchall()
        n = 0
        for job_id, owner in rows:
            if owner_alive(owner):
                n += 1
            else:
                self._abandon(job_id, owner)
        return n

    def recover(self) -> int:
        """Mark the unfinished jobs of dead worker processes failed (at startup; ``get`` does it lazily too)."""
        with self.db.read() as conn:
            rows = conn.execute("SELECT job_id, owner FROM ingest_jobs WHERE status IN ('queued', 'running')").fetchall()
        dead = [(j, o) for j, o in rows if not owner_alive(o)]
        for job_id, owner in dead:
            self._abandon(job_id, owner)
        return len(dead)

    def _abandon(self, job_id: str, owner: str) -> None:
        with self.db.write() as conn:
            row = conn.execute("SELECT status, staging FROM ingest_jobs WHERE job_id = ? AND owner = ? "
                               "AND status IN ('queued', 'running')", (job_id, owner)).fetchone()
            if row is None:
                return  # another worker got there first
            conn.execute("UPDATE ingest_jobs SET status = 'failed', message = ?, error = ?, finished_at = ? "
                         "WHERE job_id = ?", (ABANDONED, "worker process exited", _now(), job_id))
        log.warning("ingest job %s abandoned (%s): worker %s is gone", job_id, row[0], owner)
        if row[0] == "queued" and row[1]:  # nothing was moved yet: the staged files are garbage
            shutil.rmtree(row[1], ignore_errors=True)

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until every submitted job has finished (tests, shutdown)."""
        import time

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.pending() == 0:
                return True
            time.sleep(0.02)
        return False

    # ------------------------------------------------------------ worker
    def _worker(self) -> None:
        while True:
            job_id = self._queue.get()
            try:
                job = self.get(job_id)
                if job is not None and job.status == "queued":
                    with open(self.lock_path, "a+b") as lock:
                        fcntl.flock(lock, fcntl.LOCK_EX)  # one job at a time across worker processes
                        try:
                            self._run(job)
                        finally:
                            fcntl.flock(lock, fcntl.LOCK_UN)
            except Exception:  # pragma: no cover - the state file vanished etc.; keep serving the queue
                log.exception("ingest worker failed on job %s", job_id)
            finally:
                self._queue.task_done()

    def _set(self, job: Job, **fields: object) -> None:
        for k, v in fields.items():
            setattr(job, k, v)
        with self.db.write() as conn:
            conn.execute(f"UPDATE ingest_jobs SET {', '.join(f'{k} = ?' for k in fields)} WHERE job_id = ?",
                         (*fields.values(), job.job_id))

    def _finish(self, job: Job, status: JobStatus, message: str, error: str | None = None) -> None:
        self._set(job, status=status, message=message, error=error, finished_at=_now())
        if self.on_finish:
            self.on_finish(status)

    def _run(self, job: Job) -> None:
        self._set(job, status="running", message="Đang kiểm tra và nạp văn bản…")
        staging = job.staging or Path()
        try:
            for name in job.files:
                reason = self.validate_fn(staging / name)
                if reason:
                    self._finish(job, "failed", f"Tệp “{name}” không nạp được: {reason}. Chỉ mục hiện tại vẫn được "
                                                f"giữ nguyên.", error=f"{name}: {reason}")
                    return
            target = self.uploads_root / job.collection
            target.mkdir(parents=True, exist_ok=True)
            backup = staging / ".previous"
            moved: list[str] = []
            for name in job.files:
                if (target / name).exists():
                    backup.mkdir(exist_ok=True)
                    shutil.move(str(target / name), str(backup / name))
                shutil.move(str(staging / name), str(target / name))
                moved.append(name)
            try:
                summary = self.ingest_fn([target], job.collection)
            except Exception as exc:
                for name in moved:  # put the uploads folder back as it was
                    (target / name).unlink(missing_ok=True)
                    if (backup / name).exists():
                        shutil.move(str(backup / name), str(target / name))
                log.warning("ingest job %s failed: %s", job.job_id, exc)
                self._finish(job, "failed", f"Nạp văn bản thất bại: {_one_line(exc)}. Chỉ mục hiện tại vẫn được giữ "
                                            f"nguyên.", error=_one_line(exc))
                return
            if self.on_done:
                try:
                    self.on_done(job.collection)
                except Exception:  # pragma: no cover - refreshing a cache must not fail the job
                    log.exception("refresh after ingest failed")
            self._finish(job, "done", summary)
        except Exception as exc:  # pragma: no cover - disk errors etc.
            log.exception("ingest job %s crashed", job.job_id)
            self._finish(job, "failed", "Lỗi hệ thống khi nạp văn bản. Chỉ mục hiện tại vẫn được giữ nguyên.",
                         error=type(exc).__name__)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _job(row: tuple) -> tuple[Job, str]:
    job_id, collection, files, status, message, error, created_at, finished_at, staging, owner = row
    return Job(job_id=job_id, collection=collection, files=json.loads(files), status=status, message=message,
               error=error, created_at=created_at, finished_at=finished_at,
               staging=Path(staging) if staging else None), owner


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:500] or type(exc).__name__
