package org.publicfunds.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.eventstore.EventHash;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * S1, S2: no accepted input breaks the proof, and what someone with write access to the database
 * does to the history is reported: an edited key, a tail rewritten and re-hashed after a signed
 * checkpoint, a deleted tail, a forged checkpoint.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class AuditAnchorHttpTest extends HttpTest {

    @Autowired
    MongoDatabase database;

    private JsonNode verify() {
        return api.get("/api/audit/verify").json();
    }

    private long commit(String decisionRef) {
        Api.Response posted = api.post(
                "/api/arrangements/ctpn/commitments",
                "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2024-25\",\"amount\":\"10.00\",\"decisionRef\":\""
                        + decisionRef + "\"}");
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        return posted.json().get("position").asLong();
    }

    private JsonNode checkpointNow() {
        Api.Response signed = api.as("auditor").post("/api/audit/checkpoints", "");
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        return signed.json();
    }

    @Test
    void textThatWouldBreakTheProofIsRefusedAndVerifyStaysOk() {
        for (String hostile :
                List.of("X\\ud800Y", "pay\\u202Eeman", "zero\\u200Bwidth", "cafe\\u0301", "bell\\u0007")) {
            Api.Response refused = api.post(
                    "/api/arrangements/ctpn/commitments",
                    "{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2023-24\",\"amount\":\"1\",\"decisionRef\":\""
                            + hostile + "\"}");
            assertThat(refused.status()).as(hostile).isEqualTo(400);
            assertThat(refused.json().get("field").asText()).isEqualTo("decisionRef");
        }
        Api.Response twice = api.post(
                "/api/arrangements/ctpn/commitments",
                "{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2023-24\",\"amount\":\"1\",\"amount\":\"2\",\"decisionRef\":\"D\"}");
        assertThat(twice.status()).isEqualTo(400);
        // accents, emoji and other scripts are text like any other
        commit("Zürich € 💶 東京");
        JsonNode verified = verify();
        assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("ok");
        assertThat(verified.get("headPosition").asLong()).isEqualTo(7);
    }

    @Test
    void anEditedKeyIsReportedAtItsPosition() {
        long position = commit("KEYS");
        MongoCollection<Document> events = database.getCollection("events");
        Document commit = events.find(Filters.eq("_id", position)).first();
        List<String> keys = new ArrayList<>(commit.getList("keys", String.class));
        keys.remove(0);
        events.updateOne(Filters.eq("_id", position), new Document("$set", new Document("keys", keys)));

        JsonNode verified = verify();
        assertThat(verified.get("status").asText()).isEqualTo("broken");
        assertThat(verified.get("reason").asText()).isEqualTo("keys");
        assertThat(verified.get("brokenAt").asLong()).isEqualTo(position);
    }

    @Test
    void aTailRewrittenAndRehashedAfterACheckpointIsReported() {
        long first = commit("BEFORE");
        commit("ALSO-BEFORE");
        JsonNode checkpoint = checkpointNow();
        long signed = checkpoint.get("position").asLong();
        assertThat(verify().get("checkpoint").get("position").asLong()).isEqualTo(signed);

        // someone with write access changes an amount and recomputes every hash from there on
        MongoCollection<Document> events = database.getCollection("events");
        Document commit = events.find(Filters.eq("_id", first)).first();
        Document event = commit.getList("events", Document.class).get(0);
        event.get("payload", Document.class).get("amount", Document.class).put("amount", "1000000.00");
        events.replaceOne(Filters.eq("_id", first), commit);
        rehashFrom(events, first);
        // nothing added or removed: the last commit still ends at the signed position
        Document last = events.find().sort(new Document("_id", -1)).first();
        assertThat(last.getLong("_id") + last.getList("events", Document.class).size() - 1)
                .isEqualTo(signed);

        JsonNode verified = verify();
        assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("broken");
        assertThat(verified.get("reason").asText()).isEqualTo("checkpoint");
        assertThat(verified.get("brokenAt").asLong()).isEqualTo(signed);
    }

    @Test
    void aTailDeletedAfterACheckpointIsReported() {
        commit("ONE");
        long last = commit("TWO");
        checkpointNow();
        database.getCollection("events").deleteOne(Filters.eq("_id", last));
        database.getCollection("events_head").deleteMany(new Document());

        JsonNode verified = verify();
        assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("broken");
        assertThat(verified.get("reason").asText()).isEqualTo("missing");
        assertThat(verified.get("brokenAt").asLong()).isEqualTo(last);
    }

    /**
     * Trust review 2, S2: an arrangement's commits follow each other's sequence numbers; a commit
     * moved on in sequence (what a load that trusted a planted snapshot would write), with every
     * hash after it recomputed, is reported, though each commit on its own is consistent.
     */
    @Test
    void anArrangementWhoseSequenceSkipsAcrossCommitsIsReported() {
        commit("BEFORE");
        long moved = commit("MOVED");
        MongoCollection<Document> events = database.getCollection("events");
        Document commit = events.find(Filters.eq("_id", moved)).first();
        long sequence = commit.getLong("firstSequence") + 3;
        commit.put("firstSequence", sequence);
        List<String> keys = new ArrayList<>(commit.getList("keys", String.class));
        keys.set(0, "ctpn:" + sequence);
        commit.put("keys", keys);
        commit.getList("events", Document.class).get(0).put("sequence", sequence);
        events.replaceOne(Filters.eq("_id", moved), commit);
        rehashFrom(events, moved);

        JsonNode verified = verify();
        assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("broken");
        assertThat(verified.get("reason").asText()).isEqualTo("sequence");
        assertThat(verified.get("brokenAt").asLong()).isEqualTo(moved);
    }

    /**
     * Trust review 2, S3: an event stored after the latest checkpoint is changed in the database;
     * the next signature is refused loudly (409 with the reason), verify says so, health is not UP.
     */
    @Test
    void aRefusedSignatureIsAnsweredReportedByVerifyAndShownInHealth() {
        commit("SIGNED");
        checkpointNow();
        long changed = commit("CHANGED-LATER");
        MongoCollection<Document> events = database.getCollection("events");
        Document commit = events.find(Filters.eq("_id", changed)).first();
        commit.getList("events", Document.class)
                .get(0)
                .get("payload", Document.class)
                .get("amount", Document.class)
                .put("amount", "999999.00");
        events.replaceOne(Filters.eq("_id", changed), commit);

        Api.Response refused = api.as("auditor").post("/api/audit/checkpoints", "");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("checkpoint-refused");
        assertThat(refused.json().get("detail").asText()).contains("position " + changed);

        JsonNode verified = verify();
        assertThat(verified.get("status").asText()).isEqualTo("broken");
        assertThat(verified.get("checkpointProblem").asText()).contains("position " + changed);

        Api.Response health = api.as("auditor").get("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        JsonNode component = health.json().get("components").get("auditCheckpoints");
        assertThat(component.get("status").asText()).isEqualTo("DOWN");
        assertThat(component.get("details").get("problem").asText()).contains("position " + changed);
    }

    /** Recomputes every hash and link from {@code from} on, as someone without the signing key can. */
    private static void rehashFrom(MongoCollection<Document> events, long from) {
        String previous = from == 1 ? EventHash.GENESIS : null;
        if (previous == null) {
            Document before = events.find(Filters.lt("_id", from))
                    .sort(new Document("_id", -1))
                    .first();
            List<Document> list = before.getList("events", Document.class);
            previous = list.get(list.size() - 1).getString("hash");
        }
        for (Document commit : events.find(Filters.gte("_id", from)).sort(new Document("_id", 1))) {
            long position = commit.getLong("_id");
            List<Document> list = commit.getList("events", Document.class);
            for (int i = 0; i < list.size(); i++) {
                Document event = list.get(i);
                event.put("previousHash", previous);
                previous = EventHash.of(
                        previous,
                        position + i,
                        commit.getString("aggregateId"),
                        commit.getString("aggregateType"),
                        event);
                event.put("hash", previous);
            }
            events.replaceOne(Filters.eq("_id", position), commit);
        }
    }
}
