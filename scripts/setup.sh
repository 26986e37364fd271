#!/usr/bin/env bash
# Create .venv (Python 3.11) and install the project. torch comes first, from the local CPU wheel:
# a plain `torch` requirement would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q torch==2.13.0
python -m pip install -q -e ".[test]"
# Optional tools for scanned PDFs/images (OCR) and old Word .doc/.rtf/.odt; without them those files are refused
# with a message saying what to install. A hint only: the project works without them.
missing=""
command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr tesseract-ocr-vie"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
if [ -n "$missing" ]; then
  echo "note: for scanned PDFs (OCR) and .doc/.rtf/.odt files install:$missing  (apt-get install --no-install-recommends …)"
fi
