package org.publicfunds.ledger.commands;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.publicfunds.ledger.eventstore.CommittedPositions;
import org.publicfunds.ledger.eventstore.RequestKeys;

/**
 * What every event carries, copied from the command that caused it: who issued it, the caller's
 * correlation id, the command's own id, the decision it cites, and the request's keys and
 * fingerprint (so that a retry of a stored request finds it). Axon's MessageOriginProvider is not
 * used: it would overwrite the caller's correlation id with the command's id.
 */
public final class CommandMetadata {

    public static final String PRINCIPAL = "principal";
    public static final String CORRELATION_ID = "correlationId";
    /** The longest {@code X-Correlation-Id} a request may give. */
    public static final int LONGEST_CORRELATION_ID = 100;

    public static final String DECISION_REF = "decisionRef";

    private CommandMetadata() {}

    public static CorrelationDataProvider provider() {
        return new SimpleCorrelationDataProvider(
                PRINCIPAL,
                CORRELATION_ID,
                CommittedPositions.COMMAND_ID,
                DECISION_REF,
                RequestKeys.METADATA,
                RequestKeys.FINGERPRINT);
    }
}
