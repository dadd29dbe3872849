#!/usr/bin/env python3
"""Measures how far one store scales with instances (issue 16): 1, 2 and 3 instances of the service on one store.

The first instance runs the embedded server (durable default, a fresh data directory, its port fixed); the others
connect to it (`spring.data.mongodb.uri`), each with its own node id. Sixteen clients in this separate process send
commitments, each to its own arrangement, spread over the instances round robin, each waiting for its answer, for
20 s per count; prints one JSON line per count: commands/s (201 or 202), conflicts (409) and errors.
Usage: bench/instances-measure.py [path/to/ledger-api-exec.jar] [seconds per count, default 20]
"""
import base64, http.client, json, os, shutil, subprocess, sys, tempfile, threading, time

JAR = sys.argv[1] if len(sys.argv) > 1 else 'ledger-api/target/ledger-api-exec.jar'
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 20
USERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'ledger-api', 'src', 'test', 'resources',
                     'config', 'application.yml')
MONGO_PORT, HTTP_PORTS = 27391, [18401, 18402, 18403]
AUTH = 'Basic ' + base64.b64encode(b'finance:finance-secret').decode()


def start(n, data):
    args = ['java', '-Xmx512m', '-Daxoniq.update-checker.disabled=true', '-jar', JAR, f'--server.port={HTTP_PORTS[n]}',
            f'--ledger.node-id=n{n}', '--ledger.reference-data=true', f'--spring.config.additional-location=file:{USERS}']
    args += [f'--ledger.data-dir={data}', f'--ledger.embedded.port={MONGO_PORT}'] if n == 0 else \
        [f'--spring.data.mongodb.uri=mongodb://127.0.0.1:{MONGO_PORT}/ledger']
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(180):
        try:
            probe = http.client.HTTPConnection('localhost', HTTP_PORTS[n], timeout=5)
            probe.request('GET', '/actuator/health/readiness')
            if probe.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f'instance {n} did not start')


def post(conn, path, body):
    conn.request('POST', path, body=body, headers={'Authorization': AUTH, 'Content-Type': 'application/json'})
    response = conn.getresponse()
    response.read()
    return response.status


def main():
    data = tempfile.mkdtemp(prefix='ledger-instances-')
    instances = []
    try:
        instances.append(start(0, data))
        conn = http.client.HTTPConnection('localhost', HTTP_PORTS[0], timeout=60)
        ids = [f'inst-{c:02d}' for c in range(16)]
        for arrangement in ids:
            body = json.dumps({'arrangementId': arrangement, 'name': arrangement, 'host': 'H', 'basis': 'COST_RECOVERY',
                               'currency': 'GBP', 'firstFiscalYear': '2024-25', 'lastFiscalYear': '2026-27',
                               'shares': [{'funder': 'A', 'percent': '100'}], 'decisionRef': 'D'})
            assert post(conn, '/api/arrangements', body) == 201
        for count in (1, 2, 3):
            while len(instances) < count:
                instances.append(start(len(instances), data))
            time.sleep(5)  # the processor's segments settle among the instances
            done, conflicts, errors = [0] * 16, [0] * 16, [0] * 16
            deadline = time.time() + SECONDS

            def client(c):
                conn = http.client.HTTPConnection('localhost', HTTP_PORTS[c % count], timeout=60)
                i = 0
                while time.time() < deadline:
                    body = json.dumps({'funder': 'A', 'fiscalYear': '2025-26', 'amount': '1.00',
                                       'decisionRef': f'M-{count}-{c}-{i}'})
                    status = post(conn, f'/api/arrangements/{ids[c]}/commitments', body)
                    if status in (201, 202):
                        done[c] += 1
                    elif status == 409:
                        conflicts[c] += 1
                    else:
                        errors[c] += 1
                    i += 1
            started = time.time()
            threads = [threading.Thread(target=client, args=(c,)) for c in range(16)]
            for t in threads: t.start()
            for t in threads: t.join()
            elapsed = time.time() - started
            print(json.dumps({'instances': count, 'clients': 16, 'seconds': round(elapsed, 1),
                              'cmds_per_s': round(sum(done) / elapsed, 1), 'conflicts': sum(conflicts),
                              'errors': sum(errors)}), flush=True)
    finally:
        for process in reversed(instances):
            process.terminate()
            process.wait()
        shutil.rmtree(data, ignore_errors=True)


main()
