package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Trust review 2, R1: one user's reads run a few at a time; the rest wait their turn; other users are not held. */
class ReadLimitTest {

    private static MockHttpServletRequest read(String user, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setUserPrincipal(() -> user);
        return request;
    }

    @Test
    void oneUsersReadsTakeTurnsAndAnotherUserIsNotHeld() throws Exception {
        ReadLimit limit = new ReadLimit(2, Duration.ofMillis(300));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<?>[] held = new Future<?>[2];
            CountDownLatch inside = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                held[i] = clients.submit(() -> {
                    limit.doFilter(read("viewer", "/api/arrangements"), new MockHttpServletResponse(), (req, res) -> {
                        running.incrementAndGet();
                        inside.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    return null;
                });
            }
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            // a third read of the same user waits, then is told to come back
            MockHttpServletResponse third = new MockHttpServletResponse();
            limit.doFilter(read("viewer", "/api/arrangements?q=zz"), third, (req, res) -> running.incrementAndGet());
            assertThat(third.getStatus()).isEqualTo(429);
            assertThat(third.getContentAsString()).contains("too-many-reads");
            assertThat(third.getHeader("Retry-After")).isEqualTo("1");
            // another user's read goes at once; streams are not counted
            MockHttpServletResponse other = new MockHttpServletResponse();
            limit.doFilter(read("auditor", "/api/audit/verify"), other, (req, res) -> running.incrementAndGet());
            assertThat(other.getStatus()).isEqualTo(200);
            MockHttpServletResponse stream = new MockHttpServletResponse();
            limit.doFilter(
                    read("viewer", "/api/arrangements/ctpn/balances/stream"),
                    stream,
                    (req, res) -> running.incrementAndGet());
            assertThat(stream.getStatus()).isEqualTo(200);
            assertThat(running.get()).isEqualTo(4);
            release.countDown();
            for (Future<?> f : held) {
                f.get(10, TimeUnit.SECONDS);
            }
            // and once they are done, the user's next read runs
            MockHttpServletResponse after = new MockHttpServletResponse();
            limit.doFilter(read("viewer", "/api/arrangements"), after, (req, res) -> running.incrementAndGet());
            assertThat(after.getStatus()).isEqualTo(200);
            assertThat(running.get()).isEqualTo(5);
        } finally {
            clients.shutdownNow();
        }
    }
}
