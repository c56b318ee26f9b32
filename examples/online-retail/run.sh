#!/usr/bin/env bash
# Runs Rapport on the online-retail dataset: a fresh workspace, the import, the analysis.
# Usage: examples/online-retail/run.sh [WORKSPACE] [analyze options, e.g. --as-of YYYY-MM-DD]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ws="${1:-$root/work/online-retail}"
shift || true
data="${RAPPORT_DATASETS:-$root/../shared/datasets}/online_retail_uci/OnlineRetail.csv"
"$root/rapport" init "$ws" --force >/dev/null
cp "$root/examples/online-retail/rapport.yaml" "$ws/rapport.yaml"
"$root/rapport" import --workspace "$ws" --mapping "$root/examples/online-retail/mapping.yaml" "$data"
"$root/rapport" analyze --workspace "$ws" "$@"
