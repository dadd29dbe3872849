#!/usr/bin/env python3
"""Measures the history explorer's filtered paging on a history of a million events.

Starts the service's exec jar (durable default, the embedded server, a fresh data directory, the
reference case), grows arrangement ctpn to about a million events with imports of 10,000 receipt rows
(one commit each), then times, as the auditor: the latest page (unfiltered), and filtered searches for
something rare (a decision that only the first events cite; costs, of which there are none after the
start) paged to the end of the history: the time of each page (each examines at most 20,000 events) and
in all. Usage: bench/history-measure.py [path/to/ledger-api-exec.jar] [imports, default 100]
"""
import json, sys, time
from ledger_service import started as service

JAR = sys.argv[1] if len(sys.argv) > 1 else 'ledger-api/target/ledger-api-exec.jar'
IMPORTS = int(sys.argv[2]) if len(sys.argv) > 2 else 100
with service(JAR, 18383, heap='2g') as call:
    started = time.time()
    for n in range(IMPORTS):
        lines = ['reference,kind,funder,contributor,fiscalYear,amount,date']
        lines += [f'i{n}-{i},receipt,London,GLA,2025-26,1.00,2025-05-02' for i in range(10_000)]
        s, p = call('POST', '/api/arrangements/ctpn/imports', '\n'.join(lines) + '\n', 'text/csv')
        assert s in (201, 202), (s, p[:300])
        if n % 10 == 9: print(f'{(n + 1) * 10_000} events imported, {time.time() - started:.0f} s', flush=True)
    s, p = call('GET', '/api/arrangements/ctpn/balances', user='auditor'); head = json.loads(p)['position']
    print(f'history: {head} events')
    t = time.time(); s, p = call('GET', f'/api/arrangements/ctpn/events?limit=100&fromPosition={head - 1000}', user='auditor')
    print(f'latest page (unfiltered, 100 events): {1000 * (time.time() - t):.0f} ms')
    for name, query in [('decision ADD2634', 'decisionRef=ADD2634'), ('type CostRecorded', 'type=CostRecorded'),
                        ('recorded in the last minute, type FundsReceived, limit 100', None)]:
        if query is None:
            frm = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(time.time() - 60))
            query = f'recordedFrom={frm}&type=FundsReceived&limit=100'
        position, pages, found, worst, t0 = 0, 0, 0, 0.0, time.time()
        while position is not None:
            t = time.time()
            s, p = call('GET', f'/api/arrangements/ctpn/events?{query}&fromPosition={position}', user='auditor')
            assert s == 200, (s, p[:300])
            worst = max(worst, time.time() - t); pages += 1
            page = json.loads(p); found += len(page['events']); position = page.get('nextFromPosition')
            if 'limit=100' in query: break
        print(f'{name}: {found} found in {pages} pages, {time.time() - t0:.1f} s in all, the slowest page {1000 * worst:.0f} ms')
