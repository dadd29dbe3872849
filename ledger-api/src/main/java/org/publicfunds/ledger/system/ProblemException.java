package org.publicfunds.ledger.system;

/**
 * A request refused with a problem body: its {@link ErrorCode}, the input at fault where there is
 * one, and how long to wait before trying again where that helps. Nothing was stored.
 */
public class ProblemException extends RuntimeException {

    private final ErrorCode code;
    private final String field;
    private final int retryAfterSeconds;

    public ProblemException(ErrorCode code, String field, String detail) {
        this(code, field, detail, 0);
    }

    public ProblemException(ErrorCode code, String field, String detail, int retryAfterSeconds) {
        super(detail);
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** Seconds for {@code Retry-After}; 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
