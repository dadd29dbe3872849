package org.publicfunds.ledger.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * F7: the filter over real records in the embedded store, with a chain that fails the way a
 * servlet chain can: an Error escaping it never leaves the key answered "200, empty" or taken;
 * the retry runs, and the one after it is a replay.
 */
class IdempotencyFilterTest {

    EmbeddedMongoServer server;
    MongoClient client;
    IdempotencyFilter filter;

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.start(null, 0);
        client = MongoClients.create(server.connectionString());
        filter = new IdempotencyFilter(new IdempotencyRecords(
                client.getDatabase("ledger"), Clock.systemUTC(), "test", Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/arrangements/ctpn/commitments");
        request.addHeader("Idempotency-Key", "k-1");
        request.setContent("{\"amount\":\"1\"}".getBytes(StandardCharsets.UTF_8));
        request.setUserPrincipal(() -> "finance");
        return request;
    }

    @Test
    void anErrorEscapingTheChainReleasesTheKeyAndTheRetryRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> filter.doFilter(request(), new MockHttpServletResponse(), (req, res) -> {
                    runs.incrementAndGet();
                    throw new StackOverflowError("injected");
                }))
                .isInstanceOf(StackOverflowError.class);
        assertThat(client.getDatabase("ledger")
                        .getCollection("idempotency_keys")
                        .find(Filters.eq("_id", "finance k-1"))
                        .first())
                .isNull();

        MockHttpServletResponse retried = new MockHttpServletResponse();
        filter.doFilter(request(), retried, (req, res) -> {
            runs.incrementAndGet();
            ((HttpServletResponse) res).setStatus(201);
            res.getWriter().write("{\"entryId\":\"e\"}");
        });
        assertThat(runs.get()).isEqualTo(2);
        assertThat(retried.getStatus()).isEqualTo(201);
        Document record = client.getDatabase("ledger")
                .getCollection("idempotency_keys")
                .find(Filters.eq("_id", "finance k-1"))
                .first();
        assertThat(record.getString("state")).isEqualTo("done");
        assertThat(record.getInteger("status")).isEqualTo(201);

        MockHttpServletResponse replayed = new MockHttpServletResponse();
        filter.doFilter(request(), replayed, (req, res) -> runs.incrementAndGet());
        assertThat(runs.get()).isEqualTo(2);
        assertThat(replayed.getStatus()).isEqualTo(201);
        assertThat(replayed.getHeader("Idempotent-Replay")).isEqualTo("true");
        assertThat(replayed.getContentAsString()).isEqualTo("{\"entryId\":\"e\"}");
    }
}
