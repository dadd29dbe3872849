package org.publicfunds.ledger.statements;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.eventstore.EventHash;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.eventstore.StoredEvent;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.Fields;
import org.publicfunds.ledger.system.InvalidInput;
import org.publicfunds.ledger.system.UnknownArrangement;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Statements (LEDGER.md 8.8), computed from the history itself up to the point asked for, never
 * from a read model: the same point gives the same bytes, and an auditor holding an export gets
 * them too ({@code java -jar ledger-api-exec.jar statement ...}).
 */
@Tag(name = "Statements")
@RestController
@RequestMapping(path = "/api/arrangements")
class StatementController {

    private final EventLog events;
    private final MeterRegistry meters;

    StatementController(EventLog events, MeterRegistry meters) {
        this.events = events;
        this.meters = meters;
    }

    @Operation(
            summary = "A funder's (or contributor's) statement for a fiscal year (FINANCE, AUDITOR)",
            description = "opening (brought forward), the lines in global order, totals, closing (the position), "
                    + "carriedForward or settlement once closed, and the head position and hash of the history it was "
                    + "computed from. asOf or atPosition give the statement at that point; the same point gives the "
                    + "same bytes in every format. Reads the arrangement's history up to that point.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "the statement",
                        content = {
                            @Content(
                                    mediaType = "application/json",
                                    schema = @Schema(implementation = Statement.class)),
                            @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                            @Content(
                                    mediaType = "application/pdf",
                                    schema = @Schema(type = "string", format = "binary"))
                        })
            })
    @GetMapping(
            path = "/{id}/statements/{funder}",
            produces = {"application/json", "text/csv", "application/pdf"})
    ResponseEntity<byte[]> statement(
            @PathVariable String id,
            @PathVariable String funder,
            @RequestParam(required = false) String fiscalYear,
            @RequestParam(required = false) String contributor,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String atPosition,
            @Parameter(schema = @Schema(allowableValues = {"json", "csv", "pdf"}))
                    @RequestParam(required = false, defaultValue = "json")
                    String format) {
        Fields.parse("id", id, ArrangementId::new);
        Funder who = Fields.parse("funder", funder, Funder::new);
        FiscalYear year = Fields.required("fiscalYear", fiscalYear, FiscalYear::parse);
        Contributor part = Fields.optional("contributor", contributor, Contributor::new);
        StatementFormats.Format as = Fields.parse("format", format, StatementFormats.Format::parse);
        if (asOf != null && atPosition != null) {
            throw new InvalidInput(ErrorCode.INVALID_FIELD, "asOf", "give asOf or atPosition, not both");
        }
        long head = events.headPosition();
        long at = head;
        if (asOf != null) {
            at = events.positionAt(Fields.parse("asOf", asOf, Instant::parse));
        } else if (atPosition != null) {
            at = Fields.parse("atPosition", atPosition, Fields::nonNegative);
            if (at > head) {
                throw new InvalidInput(
                        ErrorCode.INVALID_FIELD,
                        "atPosition",
                        "atPosition " + at + " is beyond the head of the history, position " + head);
            }
        }
        long sequence = events.sequenceAt(id, at);
        if (sequence < 0) {
            throw new UnknownArrangement(id + (at < head ? " as of position " + at : ""));
        }
        Timer.Sample computing = Timer.start(meters);
        Statement statement = Statements.of(id, who, part, year, events.events(id, 0, sequence), at, hashAt(at));
        // the statement names the head it read: on disk before it goes out, as a signature would be
        events.makeDurable();
        byte[] body = StatementFormats.render(statement, as);
        computing.stop(Timer.builder("ledger.statements")
                .description("statements computed from the history, by format")
                .tag("format", as.extension)
                .register(meters));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(MediaType.parseMediaType(as.mediaType));
        if (as != StatementFormats.Format.JSON) {
            response.header(
                    HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment()
                            .filename("statement-" + id + "-" + who.value() + (part == null ? "" : "-" + part.value())
                                    + "-" + year.label() + "-at-" + at + "." + as.extension)
                            .build()
                            .toString());
        }
        return response.body(body);
    }

    /** The chain's hash at a position: what an export holds there, and what a checkpoint signs. */
    private String hashAt(long position) {
        return events.eventAt(position).map(StoredEvent::hash).orElse(EventHash.GENESIS);
    }
}
