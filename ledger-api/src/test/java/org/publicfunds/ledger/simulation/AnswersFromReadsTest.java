package org.publicfunds.ledger.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.CommitFunding;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.OpenArrangement;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.audit.AuditKey;
import org.publicfunds.ledger.audit.ChainVerifier;
import org.publicfunds.ledger.audit.CheckpointLog;
import org.publicfunds.ledger.audit.Checkpoints;
import org.publicfunds.ledger.commands.CommandDispatcher;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;
import org.publicfunds.ledger.embedded.StoreFiles;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.idempotency.RequestIdentity;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/**
 * On the embedded server a write is applied, and seen by every reader, before its log force
 * ends. Nothing may be answered or signed from such a read before what it read is on disk
 * (trust review 2, F1 and F2): the log force is held open here, the duplicate or the checkpoint
 * asked for inside that window, and the power cut while it is still open.
 */
class AnswersFromReadsTest {

    private static final FiscalYear FY = FiscalYear.parse("2023-24");

    /** A disk whose log forces can be held open, and the server and node on it. */
    private static final class HeldDisk implements AutoCloseable {
        final SimulatedDisk disk = new SimulatedDisk();
        final AtomicBoolean hold = new AtomicBoolean();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch held = new CountDownLatch(1);
        EmbeddedMongoServer server;
        LedgerNode node;

        HeldDisk() {
            disk.faults(new SimulatedDisk.Faults() {
                @Override
                public void sync(String file) {
                    if (file.equals(StoreFiles.LOG_FILE) && hold.get()) {
                        held.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            });
            server = start();
            node = LedgerNode.start(
                    "a",
                    server.connectionString(),
                    new FaultyMongo.Faults() {},
                    Clock.systemUTC(),
                    2,
                    Duration.ofSeconds(1));
        }

        EmbeddedMongoServer start() {
            return EmbeddedMongoServer.start(new EmbeddedMongoServer.Options(disk, 0, true, Duration.ofHours(1)));
        }

        /** The power goes while the force is held: only what was forced before survives. */
        void powerCut() {
            disk.powerCut(new Random(7) {
                @Override
                public int nextInt(int bound) {
                    return 0;
                }
            });
            // the held force goes on against a dead disk and fails; then the process is gone
            release.countDown();
            server.halt();
            node.close();
            node = null;
        }

        @Override
        public void close() {
            release.countDown();
            if (node != null) {
                node.close();
            }
            server.halt();
            disk.discard();
        }
    }

    private static void open(LedgerNode node, ArrangementId id) {
        node.dispatcher.dispatch(
                id.value(),
                new OpenArrangement(
                        id,
                        "Held",
                        "Host",
                        FundingBasis.COST_RECOVERY,
                        FaultSimulator.GBP,
                        4,
                        FY,
                        FY,
                        Shares.of(new Share(new Funder("A"), Percent.of(100))),
                        null,
                        new DecisionRef("D")),
                Map.of("principal", "test"),
                RequestIdentity.anonymous("open"));
    }

    private static CommandDispatcher.Committed commitE1(LedgerNode node, ArrangementId id) {
        // named by its entry id only, as a client that keeps no Idempotency-Key sends it twice
        RequestIdentity identity = RequestIdentity.anonymous("e1").and(RequestKeys.entry(id.value(), "e1"), true);
        return node.dispatcher.dispatch(
                id.value(),
                new CommitFunding(
                        id,
                        new EntryId("e1"),
                        new Funder("A"),
                        new Contributor("A"),
                        FY,
                        Money.parse("10.00", FaultSimulator.GBP),
                        new DecisionRef("D")),
                Map.of("principal", "test"),
                identity);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aDuplicateNamedByItsEntryIdIsNotAnsweredBeforeTheFirstCopyIsOnDisk() throws Exception {
        ArrangementId id = new ArrangementId("held");
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (HeldDisk world = new HeldDisk()) {
            LedgerNode node = world.node;
            open(node, id);
            world.hold.set(true);
            Future<CommandDispatcher.Committed> first = clients.submit(() -> commitE1(node, id));
            world.held.await(20, TimeUnit.SECONDS);
            // the first copy is applied (every reader sees it) while its force is held
            waitFor(() -> node.engine
                    .eventLog()
                    .findRequest(List.of(RequestKeys.entry(id.value(), "e1")))
                    .isPresent());
            Future<CommandDispatcher.Committed> second = clients.submit(() -> commitE1(node, id));
            // before the fix the duplicate was answered as a replay here (within the read-your-writes wait of 1 s)
            assertThatThrownBy(() -> second.get(3, TimeUnit.SECONDS))
                    .as("the duplicate's answer while the first copy is not on disk")
                    .isInstanceOf(TimeoutException.class);
            world.powerCut();
            assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS))
                    .as("the duplicate, once the power went")
                    .hasCauseInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RuntimeException.class);
            try (EmbeddedMongoServer again = world.start();
                    LedgerNode restarted = LedgerNode.start(
                            "a",
                            again.connectionString(),
                            new FaultyMongo.Faults() {},
                            Clock.systemUTC(),
                            2,
                            Duration.ofSeconds(1))) {
                assertThat(restarted.engine.eventLog().findRequest(List.of(RequestKeys.entry(id.value(), "e1"))))
                        .as("e1 after the power cut: it was never forced")
                        .isEmpty();
                // and it can be sent again
                assertThat(commitE1(restarted, id).isReplay()).isFalse();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aCheckpointIsNotSignedOverACommitThatIsNotOnDisk(@TempDir Path dir) throws Exception {
        ArrangementId id = new ArrangementId("held");
        ExecutorService clients = Executors.newFixedThreadPool(2);
        Path keyFile = dir.resolve("audit-key");
        CheckpointLog log = new CheckpointLog(dir.resolve("checkpoints.jsonl"));
        try (HeldDisk world = new HeldDisk()) {
            LedgerNode node = world.node;
            open(node, id);
            Checkpoints checkpoints = new Checkpoints(
                    AuditKey.loadOrCreate(keyFile),
                    log,
                    node.engine.eventLog(),
                    List.of(),
                    Duration.ofHours(1),
                    Clock.systemUTC());
            long opened = checkpoints.checkpoint().position();
            world.hold.set(true);
            Future<CommandDispatcher.Committed> entry = clients.submit(() -> commitE1(node, id));
            world.held.await(20, TimeUnit.SECONDS);
            waitFor(() -> node.engine.eventLog().headPosition() > opened);
            Future<?> signing = clients.submit(checkpoints::checkpoint);
            assertThatThrownBy(() -> signing.get(3, TimeUnit.SECONDS))
                    .as("a checkpoint over a commit whose force is held")
                    .isInstanceOf(TimeoutException.class);
            world.powerCut();
            assertThatThrownBy(() -> signing.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> entry.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RuntimeException.class);
            assertThat(Files.readAllLines(log.file())).as("signed checkpoints").hasSize(1);
            try (EmbeddedMongoServer again = world.start();
                    LedgerNode restarted = LedgerNode.start(
                            "a",
                            again.connectionString(),
                            new FaultyMongo.Faults() {},
                            Clock.systemUTC(),
                            2,
                            Duration.ofSeconds(1))) {
                // the position the lost commit had is filled by another; the signed history still verifies
                commitE1(restarted, id);
                Checkpoints after = new Checkpoints(
                        AuditKey.loadOrCreate(keyFile),
                        log,
                        restarted.engine.eventLog(),
                        List.of(),
                        Duration.ofHours(1),
                        Clock.systemUTC());
                ChainVerifier.Verification verified = new ChainVerifier(restarted.engine.eventLog())
                        .verify(after.anchors().anchors(), p -> {});
                assertThat(verified.isOk()).as(verified.toString()).isTrue();
                assertThat(after.checkpoint().position()).isGreaterThan(opened);
                assertThat(after.problem()).isNull();
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
