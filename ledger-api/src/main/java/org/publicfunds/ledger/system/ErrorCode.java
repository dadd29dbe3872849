package org.publicfunds.ledger.system;

import org.springframework.http.HttpStatus;

/**
 * Every {@code code} a problem body can carry, with its status, except the rules of the ledger
 * (the domain's {@link org.publicfunds.ledger.arrangement.Rule}, always 422). The README lists
 * both; a test keeps the list and these two enums the same.
 */
public enum ErrorCode {
    MISSING_FIELD("missing-field", HttpStatus.BAD_REQUEST),
    INVALID_FIELD("invalid-field", HttpStatus.BAD_REQUEST),
    /** Input refused below the edge, whose own message is not answered (it may come from a library). */
    INVALID_INPUT("invalid-input", HttpStatus.BAD_REQUEST),
    UNKNOWN_FIELD("unknown-field", HttpStatus.BAD_REQUEST),
    WRONG_TYPE("wrong-type", HttpStatus.BAD_REQUEST),
    MALFORMED_JSON("malformed-json", HttpStatus.BAD_REQUEST),
    /** Any other refusal of the request as sent, by Spring MVC (a missing parameter, say). */
    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN),
    CROSS_SITE_REQUEST("cross-site-request", HttpStatus.FORBIDDEN),
    ARRANGEMENT_NOT_FOUND("arrangement-not-found", HttpStatus.NOT_FOUND),
    ENTRY_NOT_FOUND("entry-not-found", HttpStatus.NOT_FOUND),
    DECISION_NOT_FOUND("decision-not-found", HttpStatus.NOT_FOUND),
    FUNDER_NOT_FOUND("funder-not-found", HttpStatus.NOT_FOUND),
    PROJECTION_NOT_FOUND("projection-not-found", HttpStatus.NOT_FOUND),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE),
    ARRANGEMENT_EXISTS("arrangement-exists", HttpStatus.CONFLICT),
    CONCURRENT_MODIFICATION("concurrent-modification", HttpStatus.CONFLICT),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", HttpStatus.CONFLICT),
    REBUILD_RUNNING("rebuild-running", HttpStatus.CONFLICT),
    /** The chain since the last signed checkpoint does not verify: nothing is signed until it is explained. */
    CHECKPOINT_REFUSED("checkpoint-refused", HttpStatus.CONFLICT),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.PAYLOAD_TOO_LARGE),
    /** An import whose rows, stored as one commit, would pass MongoDB's 16 MiB document limit. */
    IMPORT_TOO_LARGE("import-too-large", HttpStatus.PAYLOAD_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_ENTITY),
    IMPORT_REFUSED("import-refused", HttpStatus.UNPROCESSABLE_ENTITY),
    TOO_MANY_ATTEMPTS("too-many-attempts", HttpStatus.TOO_MANY_REQUESTS),
    TOO_MANY_STREAMS("too-many-streams", HttpStatus.TOO_MANY_REQUESTS),
    /** More reads of one user waited for their turn than {@code ledger.reads.max-wait} allows. */
    TOO_MANY_READS("too-many-reads", HttpStatus.TOO_MANY_REQUESTS),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR),
    OUTCOME_UNKNOWN("outcome-unknown", HttpStatus.SERVICE_UNAVAILABLE),
    STORE_UNAVAILABLE("store-unavailable", HttpStatus.SERVICE_UNAVAILABLE);

    private final String code;
    private final HttpStatus status;

    ErrorCode(String code, HttpStatus status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    /** The code for a status Spring MVC answers on its own: the generic one of that status, else bad-request or internal-error. */
    static ErrorCode forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }
}
