package org.publicfunds.ledger.web;

import java.time.Duration;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.publicfunds.ledger.arrangement.RuleViolation;
import org.publicfunds.ledger.arrangement.UnknownEntry;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.CommittedPositions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends a command and answers only once its events are stored and this instance's balance
 * read model includes them (read-your-writes), with the global position they were stored at.
 */
@Component
public class CommandDispatcher {

    private static final int ATTEMPTS = 3;

    private final CommandGateway gateway;
    private final CommittedPositions positions;
    private final LedgerViewStore views;
    private final Duration readYourWritesTimeout;
    private final MeterRegistry meters;

    CommandDispatcher(CommandGateway gateway, CommittedPositions positions, LedgerViewStore views,
                      @Value("${ledger.read-your-writes-timeout:10s}") Duration readYourWritesTimeout, MeterRegistry meters) {
        this.meters = meters;
        this.gateway = gateway;
        this.positions = positions;
        this.views = views;
        this.readYourWritesTimeout = readYourWritesTimeout;
    }

    /** Where the command's last event was stored, and whether the read model had caught up in time. */
    public record Committed(long position, boolean visible) {
    }

    /**
     * Sends the command; timed as {@code ledger.commands} tagged with the command's type and its
     * outcome: {@code ok}, {@code accepted} (stored, read model late: 202), {@code rejected} (a rule),
     * {@code conflict}, {@code not-found} or {@code error}.
     */
    public Committed dispatch(String arrangementId, Object command, Map<String, ?> metaData) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            Committed committed = send(arrangementId, command, metaData);
            outcome = committed.visible() ? "ok" : "accepted";
            return committed;
        } catch (RuntimeException e) {
            outcome = outcome(e);
            throw e;
        } finally {
            Timer.builder("ledger.commands").description("commands handled, by type and outcome")
                    .tag("type", command.getClass().getSimpleName()).tag("outcome", outcome)
                    .publishPercentileHistogram().register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private static String outcome(Throwable e) {
        Throwable cause = e instanceof CommandExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof RuleViolation) {
            return "rejected";
        }
        if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
            return "conflict";
        }
        if (cause instanceof AggregateNotFoundException || cause instanceof UnknownEntry) {
            return "not-found";
        }
        return "error";
    }

    private Committed send(String arrangementId, Object command, Map<String, ?> metaData) {
        for (int attempt = 1; ; attempt++) {
            CommandMessage<?> created = GenericCommandMessage.asCommandMessage(command).andMetaData(metaData);
            CommandMessage<?> message = created.andMetaData(Map.of(CommittedPositions.COMMAND_ID, created.getIdentifier()));
            positions.expect(message.getIdentifier());
            long position;
            try {
                gateway.sendAndWait(message);
            } catch (ConcurrencyException e) {
                // Another instance appended to this arrangement first; its cached state was stale.
                // The command is re-decided on fresh state. (A creation conflict is a different
                // exception, AggregateStreamCreationException, and is never retried.)
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                continue;
            } finally {
                position = positions.take(message.getIdentifier());
            }
            return new Committed(position, awaitReadModel(arrangementId, position));
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
