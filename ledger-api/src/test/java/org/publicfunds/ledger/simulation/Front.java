package org.publicfunds.ledger.simulation;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.ImportRefused;
import org.publicfunds.ledger.arrangement.NothingToImport;
import org.publicfunds.ledger.arrangement.RuleViolation;
import org.publicfunds.ledger.arrangement.UnknownEntry;
import org.publicfunds.ledger.commands.CommandDispatcher;
import org.publicfunds.ledger.commands.EntryIds;
import org.publicfunds.ledger.eventstore.NotStored;
import org.publicfunds.ledger.eventstore.OutcomeUnknown;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.idempotency.IdempotencyRecords;
import org.publicfunds.ledger.idempotency.RequestIdentity;
import org.publicfunds.ledger.system.ProblemException;

/**
 * What the HTTP layer does with a command, without HTTP: the idempotency filter's reservation,
 * replay, completion and release ({@link IdempotencyRecords}, as {@code IdempotencyFilter}), the
 * controller's entry id and request keys, the dispatcher, and the problem handler's statuses.
 */
final class Front {

    /** The code of a 201 for an import whose rows were all stored before. */
    static final String ALREADY_IMPORTED = "already-imported";

    /** An answer as a client sees it: status, and for a stored command its entry id and position, else a code. */
    record Answer(int status, String entryId, long position, String code, boolean replayed) {

        boolean stored() {
            return status == 201 || status == 202;
        }

        boolean ambiguous() {
            return status >= 500 || status == 409 && "idempotency-key-in-use".equals(code);
        }

        byte[] bytes() {
            return (status + "|" + entryId + "|" + position + "|" + code).getBytes(StandardCharsets.UTF_8);
        }

        static Answer of(IdempotencyRecords.Replay replay) {
            String[] parts = new String(replay.body(), StandardCharsets.UTF_8).split("\\|", -1);
            return new Answer(
                    replay.status(),
                    parts[1].equals("null") ? null : parts[1],
                    Long.parseLong(parts[2]),
                    parts[3].equals("null") ? null : parts[3],
                    true);
        }

        static Answer problem(int status, String code) {
            return new Answer(status, null, -1, code, false);
        }
    }

    /**
     * One request: {@code command} builds the command for an entry id (the client's own, or a new
     * one per attempt as the controller makes it); {@code entryKind} says whether it creates an entry.
     */
    record Request(
            String user,
            String arrangementId,
            Function<EntryId, Object> command,
            boolean entryKind,
            String idempotencyKey,
            EntryId clientEntryId,
            String fingerprint) {}

    private Front() {}

    static Answer send(LedgerNode node, Request request) {
        RequestIdentity identity = RequestIdentity.anonymous(request.fingerprint());
        String id = null;
        if (request.idempotencyKey() != null) {
            id = request.user() + " " + request.idempotencyKey();
            identity = identity.and(RequestKeys.idempotencyKey(request.user(), request.idempotencyKey()), true);
            IdempotencyRecords.Reservation reservation;
            try {
                reservation = node.records.reserve(id, request.fingerprint());
            } catch (RuntimeException e) {
                return Answer.problem(500, "internal-error");
            }
            if (reservation instanceof IdempotencyRecords.Replay replay) {
                return Answer.of(replay);
            }
            if (reservation instanceof IdempotencyRecords.Reused) {
                return Answer.problem(422, "idempotency-key-reused");
            }
            if (reservation instanceof IdempotencyRecords.InUse) {
                return Answer.problem(409, "idempotency-key-in-use");
            }
        }
        Answer answer;
        try {
            answer = run(node, request, identity);
        } catch (Throwable e) {
            // a servlet container answers 500 to whatever escapes, Errors too
            answer = Answer.problem(500, "internal-error");
        }
        if (id != null) {
            try {
                if (answer.status() >= 500) {
                    node.records.release(id);
                } else {
                    node.records.complete(
                            id, request.fingerprint(), answer.status(), "application/json", null, answer.bytes());
                }
            } catch (RuntimeException e) {
                // the answer goes out all the same; the reservation is taken over later
            }
        }
        return answer;
    }

    private static Answer run(LedgerNode node, Request request, RequestIdentity identity) {
        EntryId entryId = request.clientEntryId() != null
                ? request.clientEntryId()
                : new EntryId(UUID.randomUUID().toString());
        if (request.entryKind()) {
            identity = identity.and(
                    RequestKeys.entry(request.arrangementId(), entryId.value()), request.clientEntryId() != null);
        }
        try {
            CommandDispatcher.Committed committed = node.dispatcher.dispatch(
                    request.arrangementId(),
                    request.command().apply(entryId),
                    Map.of("principal", request.user(), "correlationId", "simulation"),
                    identity);
            String stored = !request.entryKind()
                    ? null
                    : committed.isReplay()
                            ? EntryIds.created(committed.replayed()).orElse(entryId.value())
                            : entryId.value();
            return new Answer(
                    committed.visible() ? 201 : 202, stored, committed.position(), null, committed.isReplay());
        } catch (RuntimeException e) {
            return problemFor(e instanceof CommandExecutionException && e.getCause() != null ? e.getCause() : e);
        }
    }

    private static Answer problemFor(Throwable e) {
        if (e instanceof RuleViolation rule) {
            return Answer.problem(422, rule.code());
        }
        if (e instanceof ImportRefused) {
            return Answer.problem(422, "import-refused");
        }
        if (e instanceof NothingToImport) {
            // the service answers 201 "0 created, all already imported": nothing of this request was stored now,
            // and what it found stored is durable before the answer (the dispatcher forces it first)
            return new Answer(201, null, -1, ALREADY_IMPORTED, false);
        }
        if (e instanceof UnknownEntry) {
            return Answer.problem(404, "entry-not-found");
        }
        if (e instanceof AggregateNotFoundException) {
            return Answer.problem(404, "arrangement-not-found");
        }
        if (e instanceof ProblemException problem) {
            return Answer.problem(
                    problem.code().status().value(), problem.code().code());
        }
        if (e instanceof AggregateStreamCreationException) {
            return Answer.problem(409, "arrangement-exists");
        }
        if (e instanceof ConcurrencyException) {
            return Answer.problem(409, "concurrent-modification");
        }
        if (e instanceof OutcomeUnknown) {
            return Answer.problem(503, "outcome-unknown");
        }
        if (e instanceof NotStored) {
            return Answer.problem(503, "store-unavailable");
        }
        if (e instanceof IllegalArgumentException) {
            return Answer.problem(400, "invalid-input");
        }
        return Answer.problem(500, "internal-error");
    }
}
