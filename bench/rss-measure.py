#!/usr/bin/env python3
"""The service's own memory on a store: start the exec jar alone on a data directory with a 1 GB
heap, then 200 as-of queries at random positions of one arrangement and 200 balance reads over
HTTP, and print its resident memory (now and peak) and the as-of latencies.

    bench/rss-measure.py ledger-api/target/ledger-api-exec.jar <data-dir> [arrangement]

A bench run leaves its store in /tmp/ledger-bench*/data (arrangement bench-flat)."""
import base64, http.client, json, os, random, subprocess, sys, time

jar, data = sys.argv[1], sys.argv[2]
arrangement = sys.argv[3] if len(sys.argv) > 3 else 'bench-flat'
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
users = os.path.join(repo, 'ledger-api/src/test/resources/config/application.yml')
port = 18392
svc = subprocess.Popen(['java', '-Xmx1g', '-Daxoniq.update-checker.disabled=true', '-jar', jar,
                        f'--server.port={port}', f'--ledger.data-dir={data}', '--ledger.reference-data=false',
                        f'--spring.config.additional-location=file:{users}'],
                       stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def rss():
    status = {l.split(':')[0]: l.split(':')[1].strip() for l in open(f'/proc/{svc.pid}/status')}
    return int(status['VmRSS'].split()[0]) // 1024, int(status['VmHWM'].split()[0]) // 1024


try:
    for _ in range(600):
        try:
            c = http.client.HTTPConnection('localhost', port, timeout=5)
            c.request('GET', '/actuator/health/readiness')
            if c.getresponse().status == 200:
                break
        except OSError:
            pass
        time.sleep(1)
    print('started: RSS now %d MB, peak %d MB' % rss(), flush=True)
    conn = http.client.HTTPConnection('localhost', port, timeout=600)
    headers = {'Authorization': 'Basic ' + base64.b64encode(b'auditor:auditor-secret').decode()}

    def get(path):
        conn.request('GET', path, headers=headers)
        r = conn.getresponse()
        return r.status, r.read()

    status, body = get(f'/api/arrangements/{arrangement}/balances')
    head = json.loads(body)['position']
    rng = random.Random(7)
    times = []
    while len(times) < 200:
        position = rng.randint(head // 10, head)
        t = time.time()
        status, body = get(f'/api/arrangements/{arrangement}/balances?atPosition={position}')
        if status == 404:  # before the arrangement was opened
            continue
        assert status == 200, (status, body[:200])
        times.append(1000 * (time.time() - t))
    times.sort()
    print(f'as-of over {head} events: p50 {times[100]:.1f} ms, p99 {times[197]:.1f} ms, max {times[-1]:.1f} ms')
    for _ in range(200):
        get(f'/api/arrangements/{arrangement}/balances')
    print('after the queries: RSS now %d MB, peak %d MB' % rss(), flush=True)
finally:
    svc.terminate()
    svc.wait()
