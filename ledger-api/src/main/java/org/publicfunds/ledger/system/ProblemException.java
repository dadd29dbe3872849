package org.publicfunds.ledger.system;

/**
 * A request refused with a problem body: its {@link ErrorCode}, the input at fault where there is
 * one, and how long to wait before trying again where that helps. Nothing was stored.
 */
public class ProblemException extends RuntimeException {

    private final ErrorCode code;
    private final String field;
    private final int retryAfterSeconds;
    private final java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>();

    public ProblemException(ErrorCode code, String field, String detail) {
        this(code, field, detail, 0);
    }

    /** The same, with one more member of the problem body (what a client can act on, beside the detail). */
    public ProblemException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** The problem body's members beyond code, field and detail. */
    public java.util.Map<String, Object> properties() {
        return java.util.Collections.unmodifiableMap(properties);
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
