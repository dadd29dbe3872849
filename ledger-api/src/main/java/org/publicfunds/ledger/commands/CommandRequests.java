package org.publicfunds.ledger.commands;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.idempotency.RequestIdentity;
import org.publicfunds.ledger.system.Fields;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** What every command endpoint takes from its request and gives its answer: identity, metadata, status. */
final class CommandRequests {

    private CommandRequests() {}

    /** The identity the idempotency filter gave this request (its fingerprint, its Idempotency-Key). */
    static RequestIdentity identity(HttpServletRequest request) {
        Object identity = request.getAttribute(RequestIdentity.ATTRIBUTE);
        return identity instanceof RequestIdentity given ? given : RequestIdentity.anonymous("unrecognised");
    }

    static ResponseEntity.BodyBuilder replayed(
            ResponseEntity.BodyBuilder response, CommandDispatcher.Committed committed) {
        return committed.isReplay() ? response.header("Idempotent-Replay", "true") : response;
    }

    /** 201 once the read model shows the change; 202 if it is stored but the read model lags behind. */
    static HttpStatus status(CommandDispatcher.Committed committed) {
        return committed.visible() ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
    }

    /**
     * Recorded on every event the command causes: who sent it, the caller's correlation id
     * ({@code X-Correlation-Id}, or a new one) and, where the command cites one, the decision.
     */
    static Map<String, String> issuer(HttpServletRequest request, DecisionRef decision) {
        // commands are only routed here for a signed-in FINANCE user (SecurityConfiguration)
        Map<String, String> metaData = new HashMap<>();
        metaData.put("principal", request.getUserPrincipal().getName());
        metaData.put("correlationId", correlationId(request));
        if (decision != null) {
            metaData.put("decisionRef", decision.value());
        }
        return metaData;
    }

    private static String correlationId(HttpServletRequest request) {
        String given = request.getHeader("X-Correlation-Id");
        if (given == null) {
            return UUID.randomUUID().toString();
        }
        return Fields.text("X-Correlation-Id", given, CommandMetadata.LONGEST_CORRELATION_ID);
    }
}
