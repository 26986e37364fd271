"""Load benchmark on loopback: N concurrent officials asking extractive questions through the real API.

Starts the real server (``uvicorn api.app:app``, ``--workers`` processes (default 1; conversations and rate
limits shared through the SQLite state file), the sample index built from ``corpus/sample`` if it is missing) on a free loopback port, then drives it with locust (headless, bounded by ``--duration``) using
``eval/locustfile.py``. Each scenario is one locust run; the default runs two, side by side in one run:

* ``think``: ``--users`` officials who read each answer for 1–3 s before the next question (daily use);
* ``saturated``: the same users with no think time (the server's ceiling on this machine).

Writes eval/reports/load.json and load.md (``load-Nworkers.*`` with ``--workers N``): requests, failures,
throughput (req/s), p50/p95/p99 latency, the server's peak RSS summed over its processes. Locust runs on the same 2 cores as the server, so throughput is a lower bound.
Not a test: absolute numbers on a shared 2-core machine are noisy.

    python eval/bench_load.py [--users 50] [--duration 60] [--collection sample]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "eval" / "reports"
QUESTIONS = ROOT / "eval" / "data" / "sample_questions.jsonl"
BENCH_KEY = "bench-load-key-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """Peak resident set size (VmHWM) of a running process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _ensure_index(collection: str, env: dict[str, str]) -> None:
    if (ROOT / "indexes" / collection).exists():
        return
    if collection != "sample":
        sys.exit(f"bench_load: index '{collection}' not found under indexes/; build it with `assistant ingest`")
    subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(ROOT / "corpus" / "sample"),
                    "--collection", "sample"], check=True, env=env, cwd=ROOT)


def _tree_rss_mb(pid: int) -> float:
    """Sum of the peak RSS (VmHWM) of a process and all its descendants (uvicorn's worker processes)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += _rss_mb(p)
        except OSError:
            pass
        todo.extend(children.get(p, []))
    return total


def _start_server(port: int, collection: str, env: dict[str, str], log: Path, workers: int = 1) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning", "--no-access-log", "--workers", str(workers)],
        cwd=ROOT, env={**env, "ASSISTANT_DEFAULT_COLLECTION": collection},
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"bench_load: the server exited (code {proc.returncode}); see {log}")
        try:
            r = httpx.post(f"{url}/api/v1/ask", json={"question": "Thời hạn cấp bản sao điện tử?",
                                                      "collection": collection},
                           headers={"X-API-Key": BENCH_KEY}, timeout=60)
            if r.status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(1)
    proc.kill()
    sys.exit(f"bench_load: the server did not answer within 180 s; see {log}")


def _run_locust(url: str, users: int, duration: int, wait: tuple[float, float], collection: str,
                out: Path, env: dict[str, str]) -> dict:
    prefix = out / "locust"
    cmd = [sys.executable, "-m", "locust", "-f", str(ROOT / "eval" / "locustfile.py"), "--headless",
           "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{duration}s", "--host", url,
           "--csv", str(prefix), "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
    run_env = {**env, "BENCH_QUESTIONS": str(QUESTIONS), "BENCH_COLLECTION": collection,
               "BENCH_API_KEY": BENCH_KEY, "BENCH_WAIT_MIN": str(wait[0]), "BENCH_WAIT_MAX": str(wait[1])}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=run_env, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    rows = list(csv.DictReader((prefix.parent / "locust_stats.csv").open(encoding="utf-8")))
    agg = next(r for r in rows if r["Name"] == "Aggregated")
    failures = list(csv.DictReader((prefix.parent / "locust_failures.csv").open(encoding="utf-8")))
    return {
        "users": users,
        "think_time_s": list(wait),
        "duration_s": duration,
        "wall_s": round(wall, 1),
        "requests": int(agg["Request Count"]),
        "failures": int(agg["Failure Count"]),
        "failure_kinds": [{"error": f["Error"], "count": int(f["Occurrences"])} for f in failures],
        "throughput_rps": round(float(agg["Requests/s"]), 2),
        "p50_ms": float(agg["50%"]),
        "p95_ms": float(agg["95%"]),
        "p99_ms": float(agg["99%"]),
        "max_ms": float(agg["Max Response Time"]),
        "locust_exit_code": proc.returncode,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--duration", type=int, default=60, help="seconds per scenario")
    ap.add_argument("--collection", default="sample")
    ap.add_argument("--scenarios", default="think,saturated")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (state shared via SQLite)")
    args = ap.parse_args()
    name_out = "load" if args.workers == 1 else f"load-{args.workers}workers"

    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    keys = work / "keys.json"
    keys.write_text(json.dumps({"keys": [{"name": "bench", "department": "Kiểm thử tải", "key": BENCH_KEY,
                                          "collections": ["*"], "scopes": ["ask", "feedback"],
                                          "rate_per_minute": 1_000_000}]}))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ASSISTANT_API_KEYS_FILE": str(keys),
           "ASSISTANT_CACHE_DIR": str(work / "cache")}
    _ensure_index(args.collection, {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = _start_server(port, args.collection, env, work / "server.log", args.workers)
    waits = {"think": (1.0, 3.0), "saturated": (0.0, 0.0)}
    results = []
    try:
        for name in args.scenarios.split(","):
            out = work / name
            out.mkdir()
            r = _run_locust(url, args.users, args.duration, waits[name], args.collection, out, env)
            r["scenario"] = name
            results.append(r)
            print(json.dumps(r, ensure_ascii=False))
        peak_rss = _tree_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    report = {
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, no GPU; locust and the server share them",
        "server": f"uvicorn api.app:app, {args.workers} worker(s), extractive answers (no LLM)",
        "collection": args.collection,
        "questions": str(QUESTIONS.relative_to(ROOT)),
        "server_peak_rss_mb": round(peak_rss, 1),
        "load_average_1min_before": round(load_before, 2),
        "target": "p95 ≤ 1000 ms with 50 concurrent users",
        "scenarios": results,
    }
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name_out}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Load benchmark — extractive answers over loopback",
        "",
        f"{report['time']} · {report['machine']} · {report['server']} · collection `{args.collection}` · "
        f"server peak RSS (all processes) {report['server_peak_rss_mb']} MB · 1-min load average before the run "
        f"{report['load_average_1min_before']} (other jobs on the machine)",
        "",
        "| scenario | users | think time | requests | failures | throughput (req/s) | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        think = "none" if r["think_time_s"] == [0.0, 0.0] else f"{r['think_time_s'][0]:g}–{r['think_time_s'][1]:g} s"
        lines.append(f"| {r['scenario']} | {r['users']} | {think} | {r['requests']} | {r['failures']} | "
                     f"{r['throughput_rps']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} |")
    lines += ["", f"Target: {report['target']}. Generated by `python eval/bench_load.py`."]
    (REPORTS / f"{name_out}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
