#!/usr/bin/env python3
"""The service's own memory on a store: start the exec jar alone on a data directory with a 1 GB
heap, then 200 as-of queries at random positions of one arrangement and 200 balance reads over
HTTP, and print its resident memory (now and peak) and the as-of latencies.

    bench/rss-measure.py ledger-api/target/ledger-api-exec.jar <data-dir> [arrangement]

A bench run leaves its store in /tmp/ledger-bench*/data (arrangement bench-flat)."""
import json, os, random, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ledger_service import started  # noqa: E402

jar, data = sys.argv[1], sys.argv[2]
arrangement = sys.argv[3] if len(sys.argv) > 3 else 'bench-flat'


def rss(pid):
    status = {l.split(':')[0]: l.split(':')[1].strip() for l in open(f'/proc/{pid}/status')}
    return int(status['VmRSS'].split()[0]) // 1024, int(status['VmHWM'].split()[0]) // 1024


with started(jar, 18392, data=data, reference_data=False, ready_within_s=600) as call:
    print('started: RSS now %d MB, peak %d MB' % rss(call.pid), flush=True)
    status, body = call('GET', f'/api/arrangements/{arrangement}/balances', user='auditor')
    head = json.loads(body)['position']
    rng = random.Random(7)
    times = []
    while len(times) < 200:
        position = rng.randint(head // 10, head)
        t = time.time()
        status, body = call('GET', f'/api/arrangements/{arrangement}/balances?atPosition={position}', user='auditor')
        if status == 404:  # before the arrangement was opened
            continue
        assert status == 200, (status, body[:200])
        times.append(1000 * (time.time() - t))
    times.sort()
    print(f'as-of over {head} events: p50 {times[100]:.1f} ms, p99 {times[197]:.1f} ms, max {times[-1]:.1f} ms')
    for _ in range(200):
        call('GET', f'/api/arrangements/{arrangement}/balances', user='auditor')
    print('after the queries: RSS now %d MB, peak %d MB' % rss(call.pid), flush=True)
