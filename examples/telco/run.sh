#!/usr/bin/env bash
# Churn models on IBM's Telco customer table (7,043 customers, label Churn): logistic regression
# and gradient-boosted trees, stratified 5-fold cross-validated, each customer scored out of fold
# with their top drivers. Usage: examples/telco/run.sh [WORKSPACE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ws="${1:-$root/work/telco}"
data="${RAPPORT_DATASETS:-$root/../shared/datasets}/telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv"
"$root/rapport" init "$ws" --force >/dev/null
"$root/rapport" churn --workspace "$ws" --table "$data" --label Churn --positive Yes --id customerID
