#!/usr/bin/env bash
# Runs Rapport on the cdnow dataset: a fresh workspace, the import, the analysis.
# Usage: examples/cdnow/run.sh [WORKSPACE] [analyze options, e.g. --as-of YYYY-MM-DD]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ws="${1:-$root/work/cdnow}"
shift || true
data="${RAPPORT_DATASETS:-$root/../shared/datasets}/cdnow/CDNOW_master.txt"
"$root/rapport" init "$ws" --force >/dev/null
cp "$root/examples/cdnow/rapport.yaml" "$ws/rapport.yaml"
"$root/rapport" import --workspace "$ws" --mapping "$root/examples/cdnow/mapping.yaml" "$data"
"$root/rapport" analyze --workspace "$ws" "$@"
