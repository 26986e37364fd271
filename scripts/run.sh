#!/usr/bin/env bash
# Main job: install, convert the bundled embedding model (offline), index the sample corpus, serve the widget.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
assistant ingest corpus/sample --collection sample
assistant ask "Thời hạn giải quyết thủ tục hành chính trên môi trường điện tử là bao lâu?" --collection sample || true
exec assistant serve --collection sample --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
