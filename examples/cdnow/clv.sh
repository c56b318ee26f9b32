#!/usr/bin/env bash
# Lifetime-value models on the CDNOW 1/10 sample, as in Fader, Hardie & Lee (2005): a fresh
# workspace, the import of CDNOW_sample.txt, then BG/NBD, Pareto/NBD and Gamma-Gamma fitted on the
# 39-week calibration period (to 1997-09-30) and checked against the 39-week holdout.
# Usage: examples/cdnow/clv.sh [WORKSPACE] [clv options]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ws="${1:-$root/work/cdnow-sample}"
shift || true
data="${RAPPORT_DATASETS:-$root/../shared/datasets}/cdnow/CDNOW_sample.txt"
"$root/rapport" init "$ws" --force >/dev/null
cp "$root/examples/cdnow/rapport.yaml" "$ws/rapport.yaml"
"$root/rapport" import --workspace "$ws" --mapping "$root/examples/cdnow/sample-mapping.yaml" "$data"
"$root/rapport" clv --workspace "$ws" --calibration-end 1997-09-30 "$@"
