package org.publicfunds.ledger.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.publicfunds.ledger.arrangement.RuleViolation;
import org.publicfunds.ledger.arrangement.UnknownEntry;
import org.publicfunds.ledger.eventstore.NotStored;
import org.publicfunds.ledger.eventstore.OutcomeUnknown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error is {@code application/problem+json} (RFC 9457) with a stable {@code code} and,
 * where one input is at fault, its {@code field}. No stack trace ever leaves the service.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInput e) {
        return problem(HttpStatus.BAD_REQUEST, e.code(), e.getMessage(), e.field());
    }

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> rule(RuleViolation e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, e.code(), e.getMessage(), e.field());
    }

    /**
     * Input refused below the edge (the edge names the field and says why, through InvalidInput):
     * the message may come from a library, so it is logged, not answered.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegal(IllegalArgumentException e) {
        log.debug("invalid input", e);
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", "the request is not valid", null);
    }

    @ExceptionHandler(UnknownArrangement.class)
    ResponseEntity<ProblemDetail> unknownArrangement(UnknownArrangement e) {
        return problem(HttpStatus.NOT_FOUND, "arrangement-not-found", e.getMessage(), null);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "arrangement-not-found", "there is no arrangement " + e.getAggregateIdentifier(), null);
    }

    @ExceptionHandler(UnknownEntry.class)
    ResponseEntity<ProblemDetail> unknownEntry(UnknownEntry e) {
        return problem(HttpStatus.NOT_FOUND, "entry-not-found", e.getMessage(), "entryId");
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> exists(AggregateStreamCreationException e) {
        return problem(HttpStatus.CONFLICT, "arrangement-exists", "an arrangement with this id already exists", "arrangementId");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrencyException e) {
        return problem(HttpStatus.CONFLICT, "concurrent-modification",
                "the arrangement was changed by another request at the same moment; retry", null);
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> execution(CommandExecutionException e) throws Exception {
        Throwable cause = e.getCause();
        if (cause instanceof RuleViolation violation) {
            return rule(violation);
        }
        if (cause instanceof UnknownEntry unknown) {
            return unknownEntry(unknown);
        }
        if (cause instanceof IllegalArgumentException illegal) {
            return illegal(illegal);
        }
        return unexpected(e);
    }

    /** Sent, and the store never said whether it kept it: a retry with the same keys finds out, and never stores twice. */
    @ExceptionHandler(OutcomeUnknown.class)
    ResponseEntity<ProblemDetail> outcomeUnknown(OutcomeUnknown e) {
        log.warn("outcome of a write unknown", e);
        return retryAfter(problem(HttpStatus.SERVICE_UNAVAILABLE, "outcome-unknown",
                "the ledger could not confirm whether this was stored; send the same request again with the same "
                        + "Idempotency-Key (or entryId) to learn the outcome: it is never stored twice", null), 1);
    }

    @ExceptionHandler(NotStored.class)
    ResponseEntity<ProblemDetail> notStored(NotStored e) {
        log.warn("write not stored", e);
        return retryAfter(problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                "the store did not take the request; nothing was stored; retry", null), 1);
    }

    @ExceptionHandler(BalanceStreams.TooMany.class)
    ResponseEntity<ProblemDetail> tooManyStreams(BalanceStreams.TooMany e) {
        return retryAfter(problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", e.getMessage(), null), 30);
    }

    @ExceptionHandler(CommandDispatcher.RequestConflict.class)
    ResponseEntity<ProblemDetail> requestConflict(CommandDispatcher.RequestConflict e) {
        return e.idempotencyKey()
                ? problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", e.getMessage(), "Idempotency-Key")
                : problem(HttpStatus.UNPROCESSABLE_ENTITY, "entry-id-taken", e.getMessage(), "entryId");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "the ledger could not complete the request; a command sent with an Idempotency-Key or entryId can be "
                        + "sent again safely: it is never stored twice", null);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.TooLarge) {
                return cast(problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", t.getMessage(), null));
            }
        }
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            return cast(problem(HttpStatus.BAD_REQUEST, "unknown-field",
                    "the field " + unknown.getPropertyName() + " is not part of this request", path(unknown)));
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return cast(problem(HttpStatus.BAD_REQUEST, "wrong-type",
                    "the field " + path(mismatch) + " has the wrong type", path(mismatch)));
        }
        String detail = cause instanceof com.fasterxml.jackson.core.JsonProcessingException ? "the body is not valid JSON"
                : "the request body is missing or unreadable";
        return cast(problem(HttpStatus.BAD_REQUEST, "malformed-json", detail, null));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ProblemDetail.forStatusAndDetail(status, HttpStatus.valueOf(status.value()).getReasonPhrase());
        problem.setProperty("code", codeFor(status));
        return ResponseEntity.status(status).headers(headers).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status.value();
        };
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.replace(".[", "[");
    }

    private static ResponseEntity<ProblemDetail> retryAfter(ResponseEntity<ProblemDetail> problem, int seconds) {
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header("Retry-After", String.valueOf(seconds)).body(problem.getBody());
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> entity) {
        return (ResponseEntity) entity;
    }
}
