#!/usr/bin/env bash
# Test command (README; .ci/run calls it exactly): installs what it needs, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages the tests use (as root with apt only; a failed install only makes those tests skip, with the
# reason): chromium (widget browser test); Tesseract + Vietnamese model + poppler's pdftoppm (OCR of scanned
# PDFs and images) and LibreOffice Writer (.doc/.rtf/.odt). Measured on this machine's Debian 12: the OCR +
# LibreOffice set (--no-install-recommends) is 58 packages, 90 MB of .debs, +288 MB on disk, ~37 s to download
# and install (27/11/2026).
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  if [ ! -x /usr/bin/chromium ]; then
    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: browser test will be skipped"
  fi
  need=()
  command -v tesseract >/dev/null || need+=(tesseract-ocr)
  [ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata 2>/dev/null)" ] || need+=(tesseract-ocr-vie)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
  if [ "${#need[@]}" -gt 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null) \
      || echo "not installed: ${need[*]} (OCR / .doc tests will be skipped)"
  fi
fi
bash scripts/setup.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
set +e
python -m pytest -q "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi
exit "$rc"
