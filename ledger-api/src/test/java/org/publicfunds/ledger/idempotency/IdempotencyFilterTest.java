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
import java.util.List;
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

    /**
     * Trust review 2, R5 and the partition experiment's first anomaly: a 409
     * concurrent-modification (or a 422 from a view that was late) is not kept as the key's
     * answer; the retry is decided again, and what it stores is then kept.
     */
    @Test
    void aTransientRefusalIsNotKeptAndTheRetryIsDecidedAgain() throws Exception {
        for (String refusal : List.of("concurrent-modification", "currency-mismatch")) {
            MockHttpServletRequest first = request();
            first.removeHeader("Idempotency-Key");
            first.addHeader("Idempotency-Key", "k-" + refusal);
            AtomicInteger runs = new AtomicInteger();
            MockHttpServletResponse refused = new MockHttpServletResponse();
            filter.doFilter(first, refused, (req, res) -> {
                runs.incrementAndGet();
                ((HttpServletResponse) res).setStatus(refusal.equals("currency-mismatch") ? 422 : 409);
                res.setContentType("application/problem+json");
                res.getWriter().write("{\"code\":\"" + refusal + "\"}");
            });
            assertThat(refused.getStatus()).isIn(409, 422);
            MockHttpServletRequest again = request();
            again.removeHeader("Idempotency-Key");
            again.addHeader("Idempotency-Key", "k-" + refusal);
            MockHttpServletResponse stored = new MockHttpServletResponse();
            filter.doFilter(again, stored, (req, res) -> {
                runs.incrementAndGet();
                ((HttpServletResponse) res).setStatus(201);
                res.getWriter().write("{\"entryId\":\"e\"}");
            });
            assertThat(runs.get()).as(refusal).isEqualTo(2);
            assertThat(stored.getStatus()).isEqualTo(201);
            assertThat(stored.getHeader("Idempotent-Replay")).isNull();
        }
        // a lasting refusal (a rule the request breaks) is kept and replayed
        MockHttpServletRequest first = request();
        AtomicInteger runs = new AtomicInteger();
        filter.doFilter(first, new MockHttpServletResponse(), (req, res) -> {
            runs.incrementAndGet();
            ((HttpServletResponse) res).setStatus(422);
            res.getWriter().write("{\"code\":\"over-budget\"}");
        });
        MockHttpServletResponse replayed = new MockHttpServletResponse();
        filter.doFilter(request(), replayed, (req, res) -> runs.incrementAndGet());
        assertThat(runs.get()).isEqualTo(1);
        assertThat(replayed.getStatus()).isEqualTo(422);
        assertThat(replayed.getHeader("Idempotent-Replay")).isEqualTo("true");
    }

    /** Trust review 2, R1: the expiry deletes in small steps, every old record and nothing newer. */
    @Test
    void theExpiryForgetsOldAnswersInStepsAndKeepsTheRest() {
        var collection = client.getDatabase("ledger").getCollection("idempotency_keys");
        java.util.Date old = java.util.Date.from(java.time.Instant.now().minus(Duration.ofDays(2)));
        List<Document> records = new java.util.ArrayList<>();
        for (int i = 0; i < IdempotencyRecords.EXPIRY_BATCH * 2 + 7; i++) {
            records.add(new Document("_id", "old " + i).append("state", "done").append("createdAt", old));
        }
        for (int i = 0; i < 10; i++) {
            records.add(
                    new Document("_id", "new " + i).append("state", "done").append("createdAt", new java.util.Date()));
        }
        collection.insertMany(records);
        IdempotencyRecords store =
                new IdempotencyRecords(client.getDatabase("ledger"), Clock.systemUTC(), "test", Duration.ofSeconds(30));
        assertThat(store.expire(Duration.ofDays(1))).isEqualTo(IdempotencyRecords.EXPIRY_BATCH * 2 + 7L);
        assertThat(collection.countDocuments()).isEqualTo(10);
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
