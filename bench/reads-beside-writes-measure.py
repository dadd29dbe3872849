#!/usr/bin/env python3
"""Measures whether slow reads hold up acknowledgements (trust review 2, R1).

Starts the exec jar (durable default, the embedded server, a fresh data directory, the reference case), opens
ARRANGEMENTS arrangements and imports IMPORTS files of 10,000 rows into ctpn (a history with large commits), then
measures commitments from this separate process (2 clients, each to a random arrangement, each waiting for its 201)
for SECONDS seconds: alone, then with eight VIEWER loops beside them searching the arrangement list, then eight asking
ctpn's balances as of instants inside the imports, then four of each, then alone again (the baseline is the better
of the two runs alone). Prints one JSON line: the commitments' p50/p99/max in ms and
per second in both phases, the ratio of the p99s, and how many reads the loops made.
Usage: bench/reads-beside-writes-measure.py [path/to/ledger-api-exec.jar] [arrangements] [imports] [seconds]
"""
import base64, datetime, http.client, json, random, sys, threading, time
from ledger_service import started as service

JAR = sys.argv[1] if len(sys.argv) > 1 else 'ledger-api/target/ledger-api-exec.jar'
ARRANGEMENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
IMPORTS = int(sys.argv[3]) if len(sys.argv) > 3 else 10
SECONDS = int(sys.argv[4]) if len(sys.argv) > 4 else 30
PORT = 18386


def connection():
    return http.client.HTTPConnection('localhost', PORT, timeout=600)


def request(conn, method, path, body=None, user='finance', ctype='application/json'):
    headers = {'Authorization': 'Basic ' + base64.b64encode(f'{user}:{user}-secret'.encode()).decode()}
    if body is not None:
        headers['Content-Type'] = ctype
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def opening(i):
    return json.dumps({'arrangementId': f'a{i:05d}', 'name': f'Programme {i}', 'host': 'City A',
                       'basis': 'COST_RECOVERY', 'currency': 'GBP', 'firstFiscalYear': '2024-25',
                       'lastFiscalYear': '2026-27',
                       'shares': [{'funder': 'A', 'percent': '50'}, {'funder': 'B', 'percent': '50'}],
                       'decisionRef': 'D-1'})


def in_parallel(clients, work):
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


def commitments(seconds, readers=None):
    """2 writers for `seconds`; with `readers` (a list of functions of a connection), 8 reader loops beside them."""
    stop = threading.Event()
    reads = [0]
    def read_loop(k):
        conn = connection()
        while not stop.is_set():
            status, _ = readers[k % len(readers)](conn)
            assert status == 200, status
            reads[0] += 1
    loops = [threading.Thread(target=read_loop, args=(k,)) for k in range(8)] if readers else []
    for t in loops: t.start()
    time.sleep(1 if readers else 0)
    end = time.time() + seconds
    def write(conn, k):
        latencies = []
        n = 0
        while time.time() < end:
            n += 1
            body = json.dumps({'funder': 'A', 'fiscalYear': '2024-25', 'amount': '1.00', 'decisionRef': f'W-{k}-{n}'})
            started = time.perf_counter()
            status, answer = request(conn, 'POST', f'/api/arrangements/a{random.randrange(ARRANGEMENTS):05d}/commitments', body)
            latencies.append((time.perf_counter() - started) * 1000)
            assert status in (201, 202), (status, answer)
        return latencies
    latencies = [x for part in in_parallel(2, write) for x in part]
    stop.set()
    for t in loops: t.join()
    return {'p50': round(percentile(latencies, 50), 1), 'p99': round(percentile(latencies, 99), 1),
            'max': round(max(latencies), 1), 'perSecond': round(len(latencies) / seconds, 1), 'reads': reads[0]}


def main():
    with service(JAR, PORT, heap='2g') as call:
        started = time.time()
        def open_some(conn, k):
            for i in range(k, ARRANGEMENTS, 4):
                status, answer = request(conn, 'POST', '/api/arrangements', opening(i))
                assert status in (201, 202), (status, answer)
        in_parallel(4, open_some)
        conn = connection()
        instants = []
        for f in range(IMPORTS):
            rows = ['reference,kind,funder,contributor,fiscalYear,amount,date']
            rows += [f'imp-{f}-{r},receipt,Stockholm,,2024-25,1.00,2024-06-01' for r in range(10_000)]
            status, answer = request(conn, 'POST', '/api/arrangements/ctpn/imports', '\n'.join(rows) + '\n',
                                     ctype='text/csv')
            assert status in (201, 202), (status, answer[:300])
            instants.append(datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ'))
            time.sleep(0.05)
        setup = round(time.time() - started)
        def search(conn):
            return request(conn, 'GET', '/api/arrangements?q=zz', user='viewer')
        def as_of(conn):
            return request(conn, 'GET', f'/api/arrangements/ctpn/balances?asOf={random.choice(instants)}', user='viewer')
        # the projection has folded the imports and the store's checkpoints have settled
        for _ in range(120):
            if request(conn, 'GET', '/actuator/health/readiness')[0] == 200:
                break
            time.sleep(1)
        time.sleep(10)
        alone = commitments(SECONDS)
        searches = commitments(SECONDS, [search])
        as_ofs = commitments(SECONDS, [as_of])
        beside = commitments(SECONDS, [search, as_of])
        again = commitments(SECONDS)
        baseline = min(alone['p99'], again['p99'])
        print(json.dumps({'arrangements': ARRANGEMENTS, 'imports': IMPORTS, 'setupSeconds': setup, 'alone': alone,
                          'besideSearches': searches, 'besideAsOf': as_ofs, 'besideBoth': beside,
                          'aloneAgain': again, 'p99Ratio': round(beside['p99'] / baseline, 2),
                          'p50Ratio': round(beside['p50'] / min(alone['p50'], again['p50']), 2)}))


if __name__ == '__main__':
    main()
