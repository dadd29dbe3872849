#!/usr/bin/env python3
"""Measures an import of 10,000 rows against posting the same rows one by one over HTTP.

Starts the service's exec jar (durable default: fsync on, the embedded server, a fresh data directory,
the reference case loaded), then on arrangement ctpn: a dry run of the file, the import itself, and the
same 10,000 receipts posted one by one (one keep-alive connection, each with its own entryId), each
waiting for its 201. Prints seconds and rows/s. Usage: bench/import-measure.py [path/to/ledger-api-exec.jar]
"""
import json, sys, time
from ledger_service import started

JAR = sys.argv[1] if len(sys.argv) > 1 else 'ledger-api/target/ledger-api-exec.jar'
ROWS = 10_000
with started(JAR, 18282) as call:
    def post(path, body, ctype):
        return call('POST', path, body, ctype)
    lines = ['reference,kind,funder,contributor,fiscalYear,amount,date']
    lines += [f'row-{i},receipt,London,GLA,2025-26,1.00,2025-05-02' for i in range(ROWS)]
    csv = '\n'.join(lines) + '\n'
    print(f'file: {ROWS} rows, {len(csv.encode())} bytes')
    t = time.time(); s, p = post('/api/arrangements/ctpn/imports?dryRun=true', csv, 'text/csv'); dry = time.time() - t
    assert s == 200, (s, p[:300])
    t = time.time(); s, p = post('/api/arrangements/ctpn/imports', csv, 'text/csv'); apply = time.time() - t
    assert s in (201, 202), (s, p[:300])
    print(f'dry run: {dry:.1f} s ({ROWS / dry:.0f} rows/s); import: {apply:.1f} s ({ROWS / apply:.0f} rows/s) -> {json.loads(p)}')
    t = time.time()
    for i in range(ROWS):
        body = json.dumps({'entryId': f'one-{i}', 'funder': 'London', 'contributor': 'GLA', 'fiscalYear': '2025-26',
                           'amount': '1.00', 'receivedOn': '2025-05-02'})
        s, p = post('/api/arrangements/ctpn/receipts', body, 'application/json')
        assert s in (201, 202), (s, p[:300])
    one = time.time() - t
    print(f'one by one: {one:.1f} s ({ROWS / one:.0f} rows/s); the import is {one / apply:.1f}x faster, its dry run {one / dry:.1f}x')
