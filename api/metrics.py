"""Prometheus metrics for the web API (``GET /metrics``).

What it does: one :class:`Metrics` object per app with its own ``CollectorRegistry`` (several apps in one
process — tests — do not clash), an ASGI middleware that counts requests and observes latency by route
template, method and status, and counters the routes bump: answers (refused or not), rate-limited requests,
ingest jobs by outcome. What it does not: authenticate the scraper (``api.app`` does: see its docstring).

Latency of an SSE stream is observed when the stream ends (the whole answer), not at the first byte.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("assistant_http_requests", "HTTP requests by route template, method and status",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("assistant_http_request_duration_seconds", "Request duration by route template",
                                 ["route", "method"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.answers = Counter("assistant_answers", "Answers produced (JSON and streamed)", ["collection", "refused"],
                               registry=self.registry)
        self.rate_limited = Counter("assistant_rate_limited", "Requests refused by the per-key rate limit",
                                    ["principal"], registry=self.registry)
        self.ingest_jobs = Counter("assistant_ingest_jobs", "Document upload ingest jobs by final status",
                                   ["status"], registry=self.registry)
        self.ingest_running = Gauge("assistant_ingest_jobs_in_progress", "Ingest jobs queued or running",
                                    registry=self.registry)
        self.feedback = Counter("assistant_feedback", "Feedback received by rating", ["rating"],
                                registry=self.registry)

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST

    def answered(self, collection: str, refused: bool) -> None:
        self.answers.labels(collection=collection, refused=str(bool(refused)).lower()).inc()


class MetricsMiddleware:
    """Pure ASGI (does not buffer streamed responses). Unmatched paths are labelled ``unmatched``."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 500}

        async def _send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            route: Any = scope.get("route")
            label = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "GET")
            self.metrics.requests.labels(route=label, method=method, status=str(status["code"])).inc()
            self.metrics.latency.labels(route=label, method=method).observe(time.perf_counter() - start)
