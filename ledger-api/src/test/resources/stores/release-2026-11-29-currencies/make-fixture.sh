#!/bin/bash
# Writes a store with this release's exec jar: the reference case, then the three-currency case with in kind and a close.
set -euo pipefail
JAR=$1; OUT=$2
rm -rf "$OUT"; mkdir -p "$OUT"
java -Daxoniq.update-checker.disabled=true -jar "$JAR" --server.port=18181 --ledger.data-dir="$OUT" \
  --ledger.reference-data=true --ledger.embedded.fsync=true \
  --spring.config.additional-location=file:ledger-api/src/test/resources/config/application.yml > "$OUT.log" 2>&1 &
PID=$!
for i in $(seq 1 120); do curl -sf http://localhost:18181/actuator/health/readiness >/dev/null && break; sleep 1; done
F="-u finance:finance-secret -H Content-Type:application/json"
post() { curl -sf $F -X POST "http://localhost:18181$1" -d "$2"; echo; }
post /api/arrangements '{"arrangementId": "ctpn-fx", "name": "Counter-Terrorism Preparedness Network", "host": "London Fire Commissioner", "basis": "COST_RECOVERY", "currency": "GBP", "firstFiscalYear": "2023-24", "lastFiscalYear": "2026-27", "annualBudget": "151500", "allocationUnit": "1", "decisionRef": "ADD2634", "shares": [{"funder": "Stockholm", "percent": "50", "currency": "SEK"}, {"funder": "London", "percent": "25", "contributors": [{"contributor": "GLA", "percent": "50"}, {"contributor": "LFC", "percent": "50"}]}, {"funder": "Washington DC", "percent": "25", "currency": "USD"}]}'
post /api/arrangements/ctpn-fx/receipts '{"entryId": "sto-2023", "funder": "Stockholm", "fiscalYear": "2023-24", "amount": "1000000.00", "rate": "0.0745", "rateSource": "ECB reference rate 2023-05-02", "receivedOn": "2023-05-02"}'
post /api/arrangements/ctpn-fx/receipts '{"entryId": "gla-2023", "funder": "London", "contributor": "GLA", "fiscalYear": "2023-24", "amount": "18938", "receivedOn": "2023-05-10"}'
post /api/arrangements/ctpn-fx/receipts '{"entryId": "dc-2023", "funder": "Washington DC", "fiscalYear": "2023-24", "amount": "50000.00", "reportingAmount": "39250.00", "rate": "0.785", "receivedOn": "2023-06-01"}'
post /api/arrangements/ctpn-fx/commitments '{"entryId": "sto-c-2024", "funder": "Stockholm", "fiscalYear": "2024-25", "amount": "1000000", "rate": "0.073", "decisionRef": "SE-2024"}'
post /api/arrangements/ctpn-fx/pledges '{"entryId": "dc-p-2025", "funder": "Washington DC", "fiscalYear": "2025-26", "amount": "40000", "reportingAmount": "31000"}'
post /api/arrangements/ctpn-fx/pledges/dc-p-2025/withdraw '{"reason": "not indicated after all"}'
post /api/arrangements/ctpn-fx/costs '{"entryId": "coord-2023", "fiscalYear": "2023-24", "category": "coordinator", "amount": "120000", "incurredOn": "2024-03-31", "description": "Network coordinator"}'
post /api/arrangements/ctpn-fx/in-kind '{"entryId": "dc-conference-2023", "funder": "Washington DC", "fiscalYear": "2023-24", "category": "conference", "value": "6000", "treatment": "OFFSET", "description": "Annual conference"}'
post /api/arrangements/ctpn-fx/in-kind '{"entryId": "sto-report-2023", "funder": "Stockholm", "fiscalYear": "2023-24", "category": "annual report", "value": "2500", "treatment": "MEMO", "description": "Annual report"}'
post /api/arrangements/ctpn-fx/reversals '{"entryId": "sto-report-2023", "reason": "valued twice"}'
post /api/arrangements/ctpn-fx/fiscal-years/2023-24/close ''
curl -sf -u auditor:auditor-secret -X POST http://localhost:18181/api/audit/checkpoints; echo
curl -sf -u finance:finance-secret http://localhost:18181/api/arrangements/ctpn-fx/balances > "$OUT/balances.json"
curl -sf -u auditor:auditor-secret "http://localhost:18181/api/arrangements/ctpn-fx/statements/Stockholm?fiscalYear=2023-24&format=csv" > "$OUT/statement-stockholm-2023-24.csv"
kill -TERM $PID; wait $PID || true
ls -la "$OUT"
