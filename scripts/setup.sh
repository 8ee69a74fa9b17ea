#!/usr/bin/env bash
# Create .venv and install tubewiki with its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# PyTorch: the CPU build. An unpinned torch would pull a multi-GB CUDA build.
if ! python -c "import torch" >/dev/null 2>&1; then
  python -m pip install -q "${TORCH_SPEC:-torch==2.13.0}"
fi
python -m pip install -q -e ".[dev]"
