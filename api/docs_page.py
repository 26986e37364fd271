"""``/docs``: the API reference as one HTML page rendered on the server from ``/openapi.json``, with no script and
nothing loaded from elsewhere — the deployments this serves are often offline, where FastAPI's own Swagger UI (it
loads its scripts from a CDN) is a blank page. Swagger UI stays at ``/docs/swagger`` for machines with Internet.
"""

from __future__ import annotations

import html
import json
from typing import Any

_METHODS = ("get", "post", "put", "patch", "delete")
_STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1f2328}"
    "h2{margin-top:1.6em;border-bottom:1px solid #d0d7de}code,pre{font:13px ui-monospace,monospace;background:#f6f8fa}"
    "pre{padding:.6em;overflow:auto}.op{margin:1em 0;padding:.6em .9em;border:1px solid #d0d7de;border-radius:6px}"
    ".m{font-weight:700;display:inline-block;min-width:4.5em}.get{color:#0969da}.post{color:#1a7f37}"
    "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:2px 8px;text-align:left;vertical-align:top}"
)


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _ref_name(schema: dict[str, Any] | None) -> str:
    if not schema:
        return ""
    ref = schema.get("$ref") or next((s.get("$ref") for s in schema.get("anyOf", []) if isinstance(s, dict)), None)
    return ref.rsplit("/", 1)[-1] if ref else str(schema.get("type", ""))


def _fields(spec: dict[str, Any], name: str) -> str:
    model = spec.get("components", {}).get("schemas", {}).get(name)
    if not model or not model.get("properties"):
        return ""
    required = set(model.get("required", []))
    rows = "".join(
        f"<tr><td><code>{_e(k)}</code>{' *' if k in required else ''}</td><td>{_e(_ref_name(v) or v.get('type', ''))}"
        f"</td><td>{_e(v.get('description', ''))}</td></tr>"
        for k, v in model["properties"].items())
    return f"<table><tr><th>trường (* bắt buộc)</th><th>kiểu</th><th>ý nghĩa</th></tr>{rows}</table>"


def render_docs(spec: dict[str, Any]) -> str:
    """The page: title and description, then each route by tag with its summary, description, parameters, request
    body fields and response codes."""
    info = spec.get("info", {})
    by_tag: dict[str, list[str]] = {}
    for path, ops in spec.get("paths", {}).items():
        for method in _METHODS:
            op = ops.get(method)
            if op is None:
                continue
            parts = [f"<div class='op'><span class='m {method}'>{method.upper()}</span> <code>{_e(path)}</code> — "
                     f"<b>{_e(op.get('summary', ''))}</b>"]
            if op.get("description"):
                parts.append(f"<p>{_e(op['description'])}</p>")
            params = op.get("parameters", [])
            if params:
                parts.append("<p>Tham số: " + ", ".join(
                    f"<code>{_e(p['name'])}</code> ({_e(p.get('in', ''))}{', bắt buộc' if p.get('required') else ''})"
                    for p in params) + "</p>")
            body = op.get("requestBody", {}).get("content", {})
            for ctype, media in body.items():
                name = _ref_name(media.get("schema"))
                parts.append(f"<p>Thân yêu cầu: <code>{_e(ctype)}</code> {_e(name)}</p>" + _fields(spec, name))
            codes = ", ".join(_e(c) for c in op.get("responses", {}))
            parts.append(f"<p>Mã trả về: {codes}</p></div>")
            by_tag.setdefault((op.get("tags") or ["khác"])[0], []).append("".join(parts))
    tags = {t["name"]: t.get("description", "") for t in spec.get("tags", [])}
    order = [t for t in tags if t in by_tag] + [t for t in by_tag if t not in tags]  # the declared tag order
    sections = "".join(f"<h2>{_e(tag)}</h2><p>{_e(tags.get(tag, ''))}</p>{''.join(by_tag[tag])}" for tag in order)
    example = json.dumps({"question": "Thời hạn cấp bản sao điện tử từ sổ gốc là bao lâu?", "collection": "sample"},
                         ensure_ascii=False)
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>" + _e(info.get("title", "API")) +
        f" — tài liệu</title><style>{_STYLE}</style></head><body><h1>{_e(info.get('title', 'API'))} "
        f"<small>{_e(info.get('version', ''))}</small></h1><p>{_e(info.get('description', ''))}</p>"
        "<p>Đặc tả máy đọc được: <a href='/openapi.json'>/openapi.json</a>. Giao diện thử trực tiếp (Swagger UI, cần "
        "Internet để tải giao diện): <a href='/docs/swagger'>/docs/swagger</a>.</p>"
        "<p>Ví dụ:</p><pre>curl -s http://&lt;máy chủ&gt;/api/v1/ask \\\n  -H 'Content-Type: application/json' "
        f"-H 'X-API-Key: &lt;khóa&gt;' \\\n  -d '{_e(example)}'</pre>{sections}</body></html>"
    )
