package org.publicfunds.ledger.commands;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.publicfunds.ledger.arrangement.ImportRefused;
import org.publicfunds.ledger.arrangement.NothingToImport;
import org.publicfunds.ledger.arrangement.Rule;
import org.publicfunds.ledger.arrangement.RuleViolation;
import org.publicfunds.ledger.arrangement.UnknownEntry;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.CommitTooLarge;
import org.publicfunds.ledger.eventstore.CommittedPositions;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.eventstore.NotStored;
import org.publicfunds.ledger.eventstore.OutcomeUnknown;
import org.publicfunds.ledger.eventstore.RequestAlreadyStored;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.eventstore.StoredRequest;
import org.publicfunds.ledger.idempotency.RequestIdentity;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.ProblemException;

/**
 * Sends a command and answers only once its events are stored and this instance's balance
 * read model includes them (read-your-writes), with the global position they were stored at.
 *
 * <p>The command's request keys travel with its events into the store, so a request is stored at
 * most once whatever fails: a request the client can name again (an {@code Idempotency-Key}, an
 * entry id it chose) is first looked up, and answered with what it stored before; a write whose
 * outcome was lost is looked up and, if not found, sent again under the same keys, where the
 * store refuses a second copy. Only when the store cannot be reached at all does the answer stay
 * {@link OutcomeUnknown}, and a retry with the same keys then learns it.
 */
public class CommandDispatcher {

    private static final int UNKNOWN_ATTEMPTS = 4;

    private final CommandGateway gateway;
    private final CommittedPositions positions;
    private final LedgerViewStore views;
    private final EventLog events;
    private final Duration readYourWritesTimeout;
    private final Duration retryPause;
    private final Duration retryFor;
    private final MeterRegistry meters;

    /**
     * @param retryPause the first pause before sending a command again whose outcome was lost; it doubles, up to 16 times
     * @param retryFor how long a command whose outcome was lost, or that was not stored, is tried again: after it
     *     no new attempt starts, and the answer is the 503 of the last one (a store that cannot be reached answers
     *     within about this plus one operation's timeout)
     */
    public CommandDispatcher(
            CommandGateway gateway,
            CommittedPositions positions,
            LedgerViewStore views,
            EventLog events,
            Duration readYourWritesTimeout,
            Duration retryPause,
            Duration retryFor,
            MeterRegistry meters) {
        this.retryPause = retryPause;
        this.retryFor = retryFor;
        this.meters = meters;
        this.gateway = gateway;
        this.positions = positions;
        this.views = views;
        this.events = events;
        this.readYourWritesTimeout = readYourWritesTimeout;
    }

    /**
     * Where the command's last event was stored, whether the read model had caught up in time,
     * and, when the request had been stored before, what it stored (the answer is a replay).
     */
    public record Committed(long position, boolean visible, StoredRequest replayed) {

        public boolean isReplay() {
            return replayed != null;
        }
    }

    /**
     * Sends the command; timed as {@code ledger.commands} tagged with the command's type and its
     * outcome: {@code ok}, {@code accepted} (stored, read model late: 202), {@code replayed} (stored
     * before), {@code rejected} (a rule), {@code conflict}, {@code not-found}, {@code unknown}
     * (the store did not answer) or {@code error}.
     */
    public Committed dispatch(String arrangementId, Object command, Map<String, ?> metaData, RequestIdentity request) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            Committed committed = send(arrangementId, command, metaData, request);
            outcome = committed.isReplay() ? "replayed" : committed.visible() ? "ok" : "accepted";
            return committed;
        } catch (RuntimeException e) {
            outcome = outcome(e);
            throw e;
        } finally {
            Timer.builder("ledger.commands")
                    .description("commands handled, by type and outcome")
                    .tag("type", command.getClass().getSimpleName())
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private static String outcome(Throwable e) {
        Throwable cause = causeOf(e);
        if (cause instanceof RuleViolation
                || cause instanceof ProblemException
                || cause instanceof ImportRefused
                || cause instanceof CommitTooLarge) {
            return "rejected";
        }
        if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
            return "conflict";
        }
        if (cause instanceof AggregateNotFoundException || cause instanceof UnknownEntry) {
            return "not-found";
        }
        if (cause instanceof OutcomeUnknown) {
            return "unknown";
        }
        return "error";
    }

    /** The metadata a command carries into its events: the caller's, and the request's keys and fingerprint. */
    private static Map<String, Object> withRequest(
            Map<String, ?> metaData, List<String> keys, RequestIdentity request) {
        Map<String, Object> withRequest = new HashMap<>(metaData);
        withRequest.put(RequestKeys.METADATA, keys);
        withRequest.put(RequestKeys.FINGERPRINT, request.fingerprint());
        return withRequest;
    }

    /**
     * Throws {@link CommitTooLarge} if these events, as the command would store them (with the
     * metadata {@link #dispatch} gives them), would not fit in a stored commit: what a dry run
     * checks before it says yes.
     */
    public void requireFits(List<EventMessage<?>> wouldRecord, Map<String, ?> metaData, RequestIdentity request) {
        // the real run may carry more than this dry run: an Idempotency-Key, the longest correlation id
        List<String> keys = request.keys().stream().anyMatch(key -> key.startsWith("@idempotency:"))
                ? request.keysToStore()
                : List.of(RequestKeys.idempotencyKey("", ""));
        Map<String, Object> stored = withRequest(metaData, keys, request);
        stored.put(CommandMetadata.CORRELATION_ID, "x".repeat(CommandMetadata.LONGEST_CORRELATION_ID));
        stored.put(CommittedPositions.COMMAND_ID, java.util.UUID.randomUUID().toString());
        events.requireFits(
                wouldRecord.stream().map(event -> event.andMetaData(stored)).toList());
    }

    private Committed send(String arrangementId, Object command, Map<String, ?> metaData, RequestIdentity request) {
        List<String> keys = request.keysToStore();
        Map<String, Object> withRequest = withRequest(metaData, keys, request);
        int attempts = 0;
        long deadline = System.nanoTime() + retryFor.toNanos();
        OutcomeUnknown unknown = null;
        while (true) {
            if (request.named() || unknown != null) {
                Optional<StoredRequest> stored = lookUp(keys, unknown);
                if (stored.isPresent()) {
                    return replay(arrangementId, stored.get(), request);
                }
            }
            CommandMessage<?> created =
                    GenericCommandMessage.asCommandMessage(command).andMetaData(withRequest);
            CommandMessage<?> message =
                    created.andMetaData(Map.of(CommittedPositions.COMMAND_ID, created.getIdentifier()));
            positions.expect(message.getIdentifier());
            long position;
            try {
                gateway.sendAndWait(message);
            } catch (RequestAlreadyStored e) {
                return replay(arrangementId, e.stored(), request);
            } catch (CommitTooLarge e) {
                // refused before it was sent: another attempt would be refused alike
                throw e;
            } catch (OutcomeUnknown | NotStored e) {
                // (a ConcurrencyException was retried by the gateway's ConflictRetry already)
                if (e instanceof OutcomeUnknown lost) {
                    unknown = lost;
                }
                if (++attempts == UNKNOWN_ATTEMPTS || System.nanoTime() > deadline) {
                    throw unknown != null ? unknown : e;
                }
                pause(retryPause.toMillis() << Math.min(attempts - 1, 4));
                continue;
            } catch (RuntimeException e) {
                if (causeOf(e) instanceof NothingToImport) {
                    // answered as "already imported": the rows found may be another request's, applied and not forced
                    durable(unknown);
                    throw e;
                }
                if (unknown != null) {
                    // what an earlier attempt stored may now make the rules refuse the command (its entry id is taken)
                    Optional<StoredRequest> stored = lookUp(keys, unknown);
                    if (stored.isPresent()) {
                        return replay(arrangementId, stored.get(), request);
                    }
                }
                throw e;
            } finally {
                position = positions.take(message.getIdentifier());
            }
            return new Committed(position, awaitReadModel(arrangementId, position), null);
        }
    }

    /** The stored request with any of these keys; a failed lookup after a lost outcome leaves the outcome unknown. */
    private Optional<StoredRequest> lookUp(List<String> keys, OutcomeUnknown unknown) {
        try {
            return events.findRequest(keys);
        } catch (RuntimeException e) {
            if (unknown != null) {
                unknown.addSuppressed(e);
                throw unknown;
            }
            throw e;
        }
    }

    private Committed replay(String arrangementId, StoredRequest stored, RequestIdentity request) {
        if (stored.fingerprint() != null && !stored.fingerprint().equals(request.fingerprint())) {
            // the request's keys were used by a stored request that is not this one
            if (stored.matchedKeys().stream().anyMatch(k -> k.startsWith("@idempotency:"))) {
                throw new ProblemException(
                        ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key",
                        "this Idempotency-Key was used for a different request");
            }
            if (stored.matchedKeys().stream().anyMatch(k -> k.startsWith("@decision:"))) {
                throw new RuleViolation(
                        Rule.DECISION_EXISTS, "decisionRef", "this decision is already registered, differently");
            }
            throw new RuleViolation(
                    Rule.ENTRY_ID_TAKEN, "entryId", "this entry id is already used by a different entry");
        }
        // what was read may be another request's commit, applied and not yet forced: never answer from it before it is
        durable(null);
        return new Committed(stored.position(), awaitReadModel(arrangementId, stored.position()), stored);
    }

    /**
     * Makes what this request found in the store durable before an answer rests on it; if that
     * fails, whether it is durable is not known, and neither is the request's outcome.
     */
    private void durable(OutcomeUnknown unknown) {
        try {
            events.makeDurable();
        } catch (RuntimeException e) {
            OutcomeUnknown notConfirmed = new OutcomeUnknown("the store did not confirm what was read: " + e, e);
            if (unknown != null) {
                notConfirmed.addSuppressed(unknown);
            }
            throw notConfirmed;
        }
    }

    private static Throwable causeOf(Throwable e) {
        return e instanceof CommandExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitReadModel(String arrangementId, long position) {
        if (position < 0) {
            return true;
        }
        try {
            return views.awaitPosition(arrangementId, position, readYourWritesTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
