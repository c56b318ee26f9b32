#!/usr/bin/env bash
# Runs Rapport on the Olist marketing funnel: qualified leads and closed deals, the lead-to-deal
# conversion overall and by lead origin.
# Usage: examples/olist/run.sh [WORKSPACE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ws="${1:-$root/work/olist}"
data="${RAPPORT_DATASETS:-$root/../shared/datasets}/olist_marketing_funnel"
here="$root/examples/olist"
"$root/rapport" init "$ws" --force >/dev/null
cp "$here/rapport.yaml" "$ws/rapport.yaml"
"$root/rapport" import --workspace "$ws" --mapping "$here/mql.yaml" \
  "$data/olist_marketing_qualified_leads_dataset.csv"
"$root/rapport" import --workspace "$ws" --mapping "$here/mql-customers.yaml" \
  "$data/olist_marketing_qualified_leads_dataset.csv"
"$root/rapport" import --workspace "$ws" --mapping "$here/deals.yaml" \
  "$data/olist_closed_deals_dataset.csv"
"$root/rapport" kpi --workspace "$ws" --by origin
