"""Property-based fuzzing of the OpenAPI document with schemathesis: no operation may answer 5xx.

The app runs with the fake backend in open mode (generous rate limit) so every operation is reachable;
the admin upload answers 403 in open mode and also runs a fake ingest, so nothing touches real indexes.
Bounded to a few dozen examples per operation (well under a minute on a busy machine).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings as hsettings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api_fakes import FakeBackend
from assistant.config import Settings

_TMP = Path(tempfile.mkdtemp(prefix="api-schema-"))
APP = create_app(
    "sample",
    backend=FakeBackend(),
    settings=Settings(indexes_dir=_TMP / "idx", cache_dir=_TMP / "cache", anonymous_rate_per_minute=100_000),
    ingest_fn=lambda paths, collection: "ok",
    validate_fn=lambda path: None,
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _remove_tmp():
    # the app is built at import (schemathesis parametrizes from it), so its temporary directory goes at module end
    yield
    shutil.rmtree(_TMP, ignore_errors=True)


def test_openapi_documents_every_route():
    spec = APP.openapi()
    paths = spec["paths"]
    assert {"/api/v1/ask", "/api/v1/ask/stream", "/api/v1/provisions/{chunk_id}", "/api/v1/feedback",
            "/api/v1/collections", "/api/v1/health", "/api/v1/documents", "/api/v1/documents/jobs/{job_id}",
            "/metrics"} <= set(paths)
    assert not any(p.startswith("/api/") and not p.startswith("/api/v1/") for p in paths)
    for path, ops in paths.items():
        for method, op in ops.items():
            assert op.get("summary") and op.get("description") and op.get("tags"), (method, path)
            if path.startswith("/api/v1/") and path != "/api/v1/health":
                assert {"401", "403", "429"} <= set(op["responses"]), (method, path)
    assert {"ApiKeyHeader", "BearerKey"} <= set(spec["components"]["securitySchemes"])


@schema.parametrize()
@hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    # no 5xx; every status, content type and body (SSE events included) the API answers with is documented
    response = case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                              response_schema_conformance])
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("message"), str) and body["message"], response.text[:300]


def test_answer_with_a_verdict_conforms_to_the_schema():
    """An /ask response carrying a decided label (``verdict``) matches the documented AskResponse schema."""
    from api_fakes import make_answer, make_chunks
    from assistant.records import AnswerVerdict

    class Decides(FakeBackend):
        def answer(self, question, *, collection, history, as_of, llm):  # type: ignore[no-untyped-def]
            ans = make_answer(question, make_chunks())
            return ans.model_copy(update={"text": "Sai. " + ans.text, "verdict": AnswerVerdict(
                kind="yes_no", value="Sai", reason="Nhận định nêu «5.000 đồng», còn quy định [1] nêu «3.000 đồng».")})

    app = create_app("sample", backend=Decides(), settings=Settings(indexes_dir=_TMP / "idx2", cache_dir=_TMP / "cache2"))
    op = schemathesis.openapi.from_asgi("/openapi.json", app)["/api/v1/ask"]["POST"]
    response = op.Case(body={"question": "Phí là 5.000 đồng/trang, đúng hay sai?"}).call_and_validate(
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
    assert response.json()["verdict"]["value"] == "Sai"
    schema = app.openapi()["components"]["schemas"]
    assert schema["AnswerVerdict"]["properties"]["kind"]["enum"] == ["yes_no", "choice"]
