package org.publicfunds.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Trust review 2, S1: failed sign-ins count per name and per (name, address), never per address
 * alone, so that wrong passwords under invented names from one address (every client behind a
 * reverse proxy shares one) lock nobody else out; behind a trusted proxy
 * ({@code server.forward-headers-strategy=native}) the address is the client's, from
 * {@code X-Forwarded-For}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ledger.embedded.in-memory=true",
            "ledger.reference-data=true",
            "server.forward-headers-strategy=native"
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class LoginThrottleHttpTest extends HttpTest {

    private int status(String user, String password, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/arrangements/ctpn"))
                .GET();
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return new Api(port).as(user, password).send(request).status();
    }

    @Test
    void wrongPasswordsUnderInventedNamesFromOneAddressLockNoRealUserOut() {
        for (int name = 0; name < 10; name++) {
            for (int attempt = 0; attempt < 5; attempt++) {
                assertThat(status("nobody" + name, "x", null)).isIn(401, 429);
            }
        }
        // the invented names are blocked from this address...
        assertThat(status("nobody0", "x", null)).isEqualTo(429);
        // ...and the real users, none of whom signed in since the start, are not
        assertThat(status("auditor", "auditor-secret", null)).isEqualTo(200);
        assertThat(status("viewer", "viewer-secret", null)).isEqualTo(200);
    }

    @Test
    void behindATrustedProxyTheClientsAddressIsTheOneCounted() {
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(status("viewer", "wrong", "203.0.113.9")).isEqualTo(401);
        }
        // the name is blocked from the address that failed, even with its password (never checked yet)...
        assertThat(status("viewer", "viewer-secret", "203.0.113.9")).isEqualTo(429);
        // ...not from another client behind the same proxy
        assertThat(status("viewer", "viewer-secret", "203.0.113.10")).isEqualTo(200);
        // and a name failing from many addresses is blocked from everywhere
        for (int client = 0; client < LoginThrottle.NAME_FACTOR * 5; client++) {
            status("auditor", "wrong", "198.51.100." + client);
        }
        assertThat(status("auditor", "auditor-secret", "192.0.2.1")).isEqualTo(429);
    }
}
