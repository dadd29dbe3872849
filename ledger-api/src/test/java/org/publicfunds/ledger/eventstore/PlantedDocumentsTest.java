package org.publicfunds.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Date;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.arrangement.Arrangement;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.CloseFiscalYear;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.FundingCommitted;
import org.publicfunds.ledger.arrangement.OpenArrangement;
import org.publicfunds.ledger.arrangement.RecordReceipt;
import org.publicfunds.ledger.arrangement.Rule;
import org.publicfunds.ledger.arrangement.RuleViolation;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.idempotency.RequestIdentity;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;
import org.publicfunds.ledger.simulation.FaultyMongo;
import org.publicfunds.ledger.simulation.LedgerNode;

/**
 * Trust review 2, S2: nothing outside the hashed history shapes the command model. A document
 * planted in {@code snapshots} is never read, and a type name read from the database names only
 * the ledger's events and Axon's tokens.
 */
class PlantedDocumentsTest {

    private static final FiscalYear FY = FiscalYear.parse("2023-24");
    private static final java.util.Currency GBP = java.util.Currency.getInstance("GBP");

    private static void send(LedgerNode node, Object command) {
        node.dispatcher.dispatch("planted", command, Map.of("principal", "test"), RequestIdentity.anonymous("f"));
    }

    @Test
    void aPlantedSnapshotIsNeverReadTheArrangementLoadsFromItsEvents() {
        ArrangementId id = new ArrangementId("planted");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(null, 0)) {
            try (LedgerNode node = LedgerNode.start(
                    "a",
                    server.connectionString(),
                    new FaultyMongo.Faults() {},
                    Clock.systemUTC(),
                    2,
                    Duration.ofSeconds(1))) {
                send(
                        node,
                        new OpenArrangement(
                                id,
                                "Planted",
                                "Host",
                                FundingBasis.COST_RECOVERY,
                                GBP,
                                4,
                                FY,
                                FY,
                                Shares.of(new Share(new Funder("A"), Percent.of(100))),
                                null,
                                new DecisionRef("D")));
                send(node, new CloseFiscalYear(id, FY));
                // what a writer of the database could plant: an empty aggregate as of a later sequence
                node.database
                        .getCollection("snapshots")
                        .insertOne(new Document("_id", "planted")
                                .append("aggregateType", "Arrangement")
                                .append("eventId", "x")
                                .append("sequence", 5L)
                                .append("timestamp", new Date())
                                .append("payloadType", Arrangement.class.getName())
                                .append("payload", new Document())
                                .append("metaData", new Document()));
            }
            // a new instance, nothing cached: it loads the arrangement, which knows the year is closed
            try (LedgerNode node = LedgerNode.start(
                    "b",
                    server.connectionString(),
                    new FaultyMongo.Faults() {},
                    Clock.systemUTC(),
                    2,
                    Duration.ofSeconds(1))) {
                Throwable refused = catchThrowable(() -> send(
                        node,
                        new RecordReceipt(
                                id,
                                new EntryId("late"),
                                new Funder("A"),
                                null,
                                FY,
                                Money.parse("1.00", GBP),
                                LocalDate.of(2024, 1, 1))));
                Throwable cause = refused instanceof CommandExecutionException && refused.getCause() != null
                        ? refused.getCause()
                        : refused;
                assertThat(cause)
                        .isInstanceOfSatisfying(
                                RuleViolation.class,
                                e -> assertThat(e.code()).isEqualTo(Rule.FISCAL_YEAR_CLOSED.code()));
            }
        }
    }

    @Test
    void aStoredTypeNameNamesOnlyTheLedgersEventsAndAxonsTokens() {
        Serializer serializer = LedgerJackson.serializer();
        assertThat(serializer.classForType(new SimpleSerializedType(FundingCommitted.class.getName(), null)))
                .isEqualTo(FundingCommitted.class);
        assertThat(serializer.classForType(new SimpleSerializedType(GlobalSequenceTrackingToken.class.getName(), null)))
                .isEqualTo(GlobalSequenceTrackingToken.class);
        assertThat(serializer.classForType(new SimpleSerializedType(ReplayToken.class.getName(), null)))
                .isEqualTo(ReplayToken.class);
        for (String planted : new String[] {
            "java.util.concurrent.ThreadPoolExecutor",
            "javax.naming.InitialContext",
            Arrangement.class.getName(),
            "org.springframework.context.support.ClassPathXmlApplicationContext"
        }) {
            assertThat(serializer.classForType(new SimpleSerializedType(planted, null)))
                    .as(planted)
                    .isEqualTo(UnknownSerializedType.class);
        }
        // a token inside a token names its class too: the same list applies
        ReplayToken replay = (ReplayToken)
                ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(10), new GlobalSequenceTrackingToken(3));
        var serialized = serializer.serialize(replay, String.class);
        assertThat(serializer.<String, ReplayToken>deserialize(serialized)).isEqualTo(replay);
        String gadget = serialized.getData().replace(GlobalSequenceTrackingToken.class.getName(), "java.net.URL");
        assertThatThrownBy(() -> serializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(
                        gadget, String.class, serialized.getType())))
                .isNotNull();
    }
}
