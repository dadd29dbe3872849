#!/usr/bin/env python3
"""Measures the service with many arrangements (issue 16: a national programme runs thousands).

For each count (default 10, 1000, 10000): starts the exec jar (durable default, the embedded server, a fresh data
directory, the reference case), opens arrangements until there are that many (4 clients), then measures from this
separate process: commitments per second (1 and 8 clients, each to a random arrangement, each waiting for its 201),
balance reads (p50/p99, 1 and 8 clients), a Prometheus scrape (time, size, series), the arrangement list's first page
and a search (time, size), and the service's resident memory (VmRSS now, VmHWM peak). Prints one JSON line per count.
Usage: bench/arrangements-measure.py [path/to/ledger-api-exec.jar] [counts, e.g. 10,1000,10000]
"""
import base64, http.client, json, random, sys, threading, time
from ledger_service import started as service

JAR = sys.argv[1] if len(sys.argv) > 1 else 'ledger-api/target/ledger-api-exec.jar'
COUNTS = [int(c) for c in (sys.argv[2] if len(sys.argv) > 2 else '10,1000,10000').split(',')]
PORT = 18385


def connection():
    return http.client.HTTPConnection('localhost', PORT, timeout=600)


def request(conn, method, path, body=None, user='finance'):
    headers = {'Authorization': 'Basic ' + base64.b64encode(f'{user}:{user}-secret'.encode()).decode()}
    if body is not None:
        headers['Content-Type'] = 'application/json'
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def opening(i):
    return json.dumps({'arrangementId': f'a{i:05d}', 'name': f'Programme {i}', 'host': 'City A',
                       'basis': 'COST_RECOVERY', 'currency': 'GBP', 'firstFiscalYear': '2024-25',
                       'lastFiscalYear': '2026-27',
                       'shares': [{'funder': 'A', 'percent': '50'}, {'funder': 'B', 'percent': '30'},
                                  {'funder': 'C', 'percent': '20'}],
                       'annualBudget': '100000', 'decisionRef': 'D-1'})


def in_parallel(clients, work):
    """Runs work(conn, client) on `clients` threads, each with its own connection; returns their results."""
    results = [None] * clients
    def run(k):
        results[k] = work(connection(), k)
    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    return results


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def rss(pid):
    status = {line.split(':')[0]: line.split(':')[1].strip() for line in open(f'/proc/{pid}/status')}
    return round(int(status['VmRSS'].split()[0]) / 1024), round(int(status['VmHWM'].split()[0]) / 1024)


def measure(count):
    with service(JAR, PORT, heap='1g') as call:
        ids = ['ctpn'] + [f'a{i:05d}' for i in range(1, count)]
        started = time.time()
        def open_some(conn, k):
            for i in range(1 + k, count, 4):
                s, p = request(conn, 'POST', '/api/arrangements', opening(i))
                assert s in (201, 202), (s, p[:300])
        in_parallel(4, open_some)
        opened_s = time.time() - started
        time.sleep(2)
        result = {'arrangements': count, 'open_s': round(opened_s, 1)}

        def commit(conn, n, seed):
            rng = random.Random(seed)
            for j in range(n):
                target = rng.choice(ids[1:] or ids)
                body = json.dumps({'funder': 'A', 'fiscalYear': '2025-26', 'amount': '1.00', 'decisionRef': f'M-{seed}-{j}'})
                s, p = request(conn, 'POST', f'/api/arrangements/{target}/commitments', body)
                assert s in (201, 202), (s, p[:300])
        for clients, n in ((1, 300), (8, 100)):
            t = time.time()
            in_parallel(clients, lambda conn, k: commit(conn, n, clients * 100 + k))
            result[f'commands.c{clients}.cmds_per_s'] = round(clients * n / (time.time() - t), 1)

        def read(conn, k):
            rng, times = random.Random(k), []
            for _ in range(300):
                t = time.time()
                s, p = request(conn, 'GET', f'/api/arrangements/{rng.choice(ids)}/balances', user='viewer')
                assert s == 200, (s, p[:200])
                times.append(1000 * (time.time() - t))
            return times
        for clients in (1, 8):
            t = time.time()
            times = sum(in_parallel(clients, read), [])
            result[f'balances.c{clients}.p50_ms'] = round(percentile(times, 50), 2)
            result[f'balances.c{clients}.p99_ms'] = round(percentile(times, 99), 2)
            result[f'balances.c{clients}.reads_per_s'] = round(len(times) / (time.time() - t), 1)

        conn = connection()
        scrapes = []
        for _ in range(5):
            t = time.time()
            s, p = request(conn, 'GET', '/actuator/prometheus', user='viewer')
            scrapes.append(1000 * (time.time() - t))
        lines = p.decode().split('\n')
        result['scrape.ms'] = round(percentile(scrapes, 50), 1)
        result['scrape.kb'] = round(len(p) / 1024, 1)
        result['scrape.ledger_balance_series'] = sum(1 for l in lines if l.startswith('ledger_balance{'))
        result['scrape.series'] = sum(1 for l in lines if l and not l.startswith('#'))
        for name, path in (('list', '/api/arrangements'), ('search', '/api/arrangements?q=Programme%2077')):
            t = time.time()
            s, p = request(conn, 'GET', path, user='viewer')
            result[f'{name}.ms'] = round(1000 * (time.time() - t), 1)
            result[f'{name}.kb'] = round(len(p) / 1024, 1)
            result[f'{name}.items'] = len(json.loads(p))
        result['rss_mb'], result['rss_peak_mb'] = rss(call.pid)
        return result


for count in COUNTS:
    print(json.dumps(measure(count)), flush=True)
