#!/usr/bin/env bash
# Measures Hillstrom's e-mail experiment: each e-mail against the no-e-mail holdout, overall and
# by segment, and a two-model uplift model with its Qini coefficient on held-out customers.
# Usage: examples/hillstrom/run.sh [WORKSPACE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ws="${1:-$root/work/hillstrom}"
data="${RAPPORT_DATASETS:-$root/../shared/datasets}/hillstrom/Kevin_Hillstrom_MineThatData_E-MailAnalytics_DataMiningChallenge_2008.03.20.csv"
"$root/rapport" init "$ws" --force >/dev/null
"$root/rapport" lift --workspace "$ws" --experiment "$root/examples/hillstrom/experiment.yaml" "$data"
