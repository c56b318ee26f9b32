#!/usr/bin/env bash
# Runs Rapport on the TWCS sample: customer tweets and brand replies as service conversations, and
# the first-response time of the brands by channel.
# Usage: examples/twcs/run.sh [WORKSPACE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ws="${1:-$root/work/twcs}"
data="${RAPPORT_DATASETS:-$root/../shared/datasets}/twcs_sample/sample.csv"
"$root/rapport" init "$ws" --force >/dev/null
cp "$root/examples/twcs/rapport.yaml" "$ws/rapport.yaml"
"$root/rapport" import --workspace "$ws" --mapping "$root/examples/twcs/mapping.yaml" "$data"
"$root/rapport" kpi --workspace "$ws" --by channel
