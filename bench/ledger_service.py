"""The service's exec jar started for a measurement: durable default, the embedded server in a fresh data
directory (removed afterwards) or in a given one (kept), the reference case unless told otherwise, the test
users; stopped afterwards."""
import base64, contextlib, http.client, os, shutil, subprocess, tempfile, time

USERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'ledger-api', 'src', 'test', 'resources',
                     'config', 'application.yml')


@contextlib.contextmanager
def started(jar, port, heap='1g', data=None, reference_data=True, ready_within_s=120):
    """Yields call(method, path, body=None, ctype=None, user='finance') -> (status, bytes) on one keep-alive connection."""
    fresh = data is None
    if fresh:
        data = tempfile.mkdtemp(prefix='ledger-measure-')
    service = subprocess.Popen(['java', f'-Xmx{heap}', '-Daxoniq.update-checker.disabled=true', '-jar', jar,
                                f'--server.port={port}', f'--ledger.data-dir={data}',
                                f'--ledger.reference-data={str(reference_data).lower()}',
                                f'--spring.config.additional-location=file:{USERS}'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(ready_within_s):
            try:
                probe = http.client.HTTPConnection('localhost', port, timeout=5)
                probe.request('GET', '/actuator/health/readiness')
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(1)
        conn = http.client.HTTPConnection('localhost', port, timeout=600)

        def call(method, path, body=None, ctype=None, user='finance'):
            headers = {'Authorization': 'Basic ' + base64.b64encode(f'{user}:{user}-secret'.encode()).decode()}
            if ctype:
                headers['Content-Type'] = ctype
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()

        call.pid = service.pid
        yield call
    finally:
        service.terminate()
        service.wait()
        if fresh:
            shutil.rmtree(data, ignore_errors=True)
