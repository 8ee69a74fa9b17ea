#!/usr/bin/env bash
# Set up tubewiki and build a wiki from the bundled sample channel.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1
rm -f sample.db sample.db-wal sample.db-shm
tubewiki --db sample.db add samples/curious-minds-lab
tubewiki --db sample.db build --out sample-wiki
echo
echo "== a piece of an article =="
first=$(ls sample-wiki/*.md | grep -v -e index.md -e curious-minds-lab.md | head -n 1)
head -n 14 "$first"
echo
echo "The wiki is in sample-wiki/ (open it as an Obsidian vault)."
