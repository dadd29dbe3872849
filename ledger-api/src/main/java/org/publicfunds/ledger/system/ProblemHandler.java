package org.publicfunds.ledger.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.publicfunds.ledger.arrangement.ImportRefused;
import org.publicfunds.ledger.arrangement.RuleViolation;
import org.publicfunds.ledger.arrangement.UnknownEntry;
import org.publicfunds.ledger.eventstore.NotStored;
import org.publicfunds.ledger.eventstore.OutcomeUnknown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
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

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> refused(ProblemException e) {
        ResponseEntity<ProblemDetail> problem = problem(e.code(), e.getMessage(), e.field());
        e.properties().forEach(problem.getBody()::setProperty);
        return e.retryAfterSeconds() > 0 ? retryAfter(problem, e.retryAfterSeconds()) : problem;
    }

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> rule(RuleViolation e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, e.code(), e.getMessage(), e.field());
    }

    /** An import that breaks a rule on any row: nothing stored; every row's errors, by line. */
    @ExceptionHandler(ImportRefused.class)
    ResponseEntity<ProblemDetail> importRefused(ImportRefused e) {
        ResponseEntity<ProblemDetail> problem = problem(ErrorCode.IMPORT_REFUSED, e.getMessage(), null);
        problem.getBody().setProperty("errors", e.errors());
        return problem;
    }

    /**
     * Input refused below the edge (the edge names the field and says why, through InvalidInput):
     * the message may come from a library, so it is logged, not answered.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegal(IllegalArgumentException e) {
        log.debug("invalid input", e);
        return problem(ErrorCode.INVALID_INPUT, "the request is not valid", null);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException e) {
        return problem(ErrorCode.ARRANGEMENT_NOT_FOUND, "there is no arrangement " + e.getAggregateIdentifier(), null);
    }

    @ExceptionHandler(UnknownEntry.class)
    ResponseEntity<ProblemDetail> unknownEntry(UnknownEntry e) {
        return problem(ErrorCode.ENTRY_NOT_FOUND, e.getMessage(), "entryId");
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> exists(AggregateStreamCreationException e) {
        return problem(ErrorCode.ARRANGEMENT_EXISTS, "an arrangement with this id already exists", "arrangementId");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrencyException e) {
        return problem(
                ErrorCode.CONCURRENT_MODIFICATION,
                "the arrangement was changed by another request at the same moment; retry",
                null);
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> execution(CommandExecutionException e) throws Exception {
        Throwable cause = e.getCause();
        if (cause instanceof RuleViolation violation) {
            return rule(violation);
        }
        if (cause instanceof ImportRefused refused) {
            return importRefused(refused);
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
        return retryAfter(
                problem(
                        ErrorCode.OUTCOME_UNKNOWN,
                        "the ledger could not confirm whether this was stored; send the same request again with the same "
                                + "Idempotency-Key (or entryId) to learn the outcome: it is never stored twice",
                        null),
                1);
    }

    @ExceptionHandler(NotStored.class)
    ResponseEntity<ProblemDetail> notStored(NotStored e) {
        log.warn("write not stored", e);
        return retryAfter(
                problem(
                        ErrorCode.STORE_UNAVAILABLE,
                        "the store did not take the request; nothing was stored; retry",
                        null),
                1);
    }

    /**
     * The store could not be reached, or did not answer in time, where nothing was being stored
     * (a read, an arrangement being loaded): a 503 in bounded time, never a request that hangs.
     * (A write whose answer is lost is the writer's OutcomeUnknown.)
     */
    @ExceptionHandler({MongoTimeoutException.class, MongoSocketException.class, MongoExecutionTimeoutException.class})
    ResponseEntity<ProblemDetail> storeUnreachable(MongoException e) {
        log.warn("the store did not answer", e);
        return retryAfter(
                problem(
                        ErrorCode.STORE_UNAVAILABLE,
                        "the store could not be reached in time; nothing was stored; retry",
                        null),
                1);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(
                ErrorCode.INTERNAL_ERROR,
                "the ledger could not complete the request; a command sent with an Idempotency-Key or entryId can be "
                        + "sent again safely: it is never stored twice",
                null);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.TooLarge) {
                return cast(problem(ErrorCode.PAYLOAD_TOO_LARGE, t.getMessage(), null));
            }
        }
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            return cast(problem(
                    ErrorCode.UNKNOWN_FIELD,
                    "the field " + unknown.getPropertyName() + " is not part of this request",
                    path(unknown)));
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return cast(problem(
                    ErrorCode.WRONG_TYPE, "the field " + path(mismatch) + " has the wrong type", path(mismatch)));
        }
        String detail = cause instanceof JsonProcessingException
                ? "the body is not valid JSON"
                : "the request body is missing or unreadable";
        return cast(problem(ErrorCode.MALFORMED_JSON, detail, null));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail
                ? detail
                : ProblemDetail.forStatusAndDetail(
                        status, HttpStatus.valueOf(status.value()).getReasonPhrase());
        problem.setProperty("code", ErrorCode.forStatus(status.value()).code());
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(reference ->
                        reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.replace(".[", "[");
    }

    private static ResponseEntity<ProblemDetail> retryAfter(ResponseEntity<ProblemDetail> problem, int seconds) {
        return ResponseEntity.status(problem.getStatusCode())
                .headers(problem.getHeaders())
                .header("Retry-After", String.valueOf(seconds))
                .body(problem.getBody());
    }

    static ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail, String field) {
        return problem(code.status(), code.code(), detail, field);
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> entity) {
        return (ResponseEntity) entity;
    }
}
