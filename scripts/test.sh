#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine, then run them.
# Real clients: LibreOffice (decks), Chromium (site), poppler (PDF text and images), pandoc (deck benchmark),
# npm (to fetch axe-core for the site's accessibility test).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v soffice >/dev/null || need+=(libreoffice-impress)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium)
command -v pandoc >/dev/null || need+=(pandoc)
command -v npm >/dev/null || need+=(npm)
command -v fc-list >/dev/null || need+=(fontconfig)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null && sudo="sudo -n"; }
  if { [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; } && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "note: missing ${need[*]}; tests that need them will be skipped (run as root or with sudo to install)" >&2
  fi
fi

# Reproducible by default: the versions of constraints.txt (python scripts/lock.py writes it).
# STAGECRAFT_NEWEST=1: the newest release of every dependency instead, to see what the next lock would break.
if [ "${STAGECRAFT_NEWEST:-0}" = 1 ]; then
  python -m pip install -q --upgrade --upgrade-strategy eager -e '.[test]'
else
  python -m pip install -q -c constraints.txt -e '.[test]'
fi
python scripts/lock.py --check
python -m pip list --format=freeze 2>/dev/null | grep -i -E '^(pyyaml|pydantic|mkdocs|mkdocs-material|weasyprint|python-pptx)==' | tr '\n' ' ' >&2
echo >&2
# axe-core (accessibility checks of the site, injected into pages by Playwright): from the npm registry,
# into .cache/npm (not committed); the tests run it offline.
if [ ! -f .cache/npm/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then
  npm install --silent --no-save --no-audit --no-fund --prefix .cache/npm axe-core@4.11 >/dev/null
fi
export NO_MKDOCS_2_WARNING=1
exec python -m pytest "$@"
