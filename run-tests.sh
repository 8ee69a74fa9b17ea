#!/usr/bin/env bash
# Run tubewiki's test suite (sets up .venv first when needed).
set -euo pipefail
cd "$(dirname "$0")"
TUBEWIKI_EXTRAS=${TUBEWIKI_EXTRAS:-dev,llm-server} scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/python -m pytest "$@"
