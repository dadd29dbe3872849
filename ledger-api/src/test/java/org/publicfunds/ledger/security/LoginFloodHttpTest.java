package org.publicfunds.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * S4: a flood of wrong passwords for one user, each a real bcrypt check at the production cost
 * (10), leaves another user's requests fast: the flood is answered 429 without checks once it
 * keeps failing, checks are bounded, and nothing waits on one user's lock.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext
class LoginFloodHttpTest extends HttpTest {

    @DynamicPropertySource
    static void productionCostForFinance(DynamicPropertyRegistry registry) {
        // a list is bound from one source as a whole: every user is restated, finance at cost 10
        registry.add("ledger.security.users[0].name", () -> "finance");
        registry.add(
                "ledger.security.users[0].password-hash", () -> new BCryptPasswordEncoder(10).encode("finance-secret"));
        registry.add("ledger.security.users[0].roles", () -> "FINANCE");
        registry.add("ledger.security.users[1].name", () -> "auditor");
        registry.add(
                "ledger.security.users[1].password-hash",
                () -> "$2a$04$Tlqks7VlFJiNdBr7sthC/e0TvZDO.V0ov0A/jxNAIS/IodgkLjsk6");
        registry.add("ledger.security.users[1].roles", () -> "AUDITOR");
    }

    @Test
    void threeHundredWrongPasswordsForOneUserLeaveAnotherUsersP99UnderOneSecond() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Api auditor = new Api(port).as("auditor");
        assertThat(auditor.get("/api/arrangements/ctpn").status()).isEqualTo(200);

        AtomicInteger throttled = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<CompletableFuture<?>> flood = new ArrayList<>();
        HttpRequest wrong = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/arrangements/ctpn"))
                .header("Authorization", Api.basic("finance", "not-the-password"))
                .GET()
                .build();
        for (int i = 0; i < 300; i++) {
            flood.add(client.sendAsync(wrong, HttpResponse.BodyHandlers.discarding())
                    .thenAccept(response -> {
                        if (response.statusCode() == 429) {
                            throttled.incrementAndGet();
                        } else if (response.statusCode() == 401) {
                            refused.incrementAndGet();
                        }
                    }));
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 100; i++) {
            long started = System.nanoTime();
            assertThat(auditor.get("/api/arrangements/ctpn").status()).isEqualTo(200);
            latencies.add((System.nanoTime() - started) / 1_000_000);
        }
        CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).get();
        latencies.sort(Long::compare);
        long p99 = latencies.get(98);
        System.out.printf(
                "login flood: another user's p50 %d ms, p99 %d ms; flood: %d refused, %d throttled%n",
                latencies.get(49), p99, refused.get(), throttled.get());
        assertThat(p99).isLessThan(1_000);
        assertThat(throttled.get()).isGreaterThan(0);
        assertThat(refused.get() + throttled.get()).isEqualTo(300);
        // the real user, whose password was never checked, is told to wait, not let in by a flood's luck
        assertThat(new Api(port).get("/api/arrangements/ctpn").status()).isEqualTo(429);
    }
}
