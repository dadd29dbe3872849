package org.publicfunds.ledger.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.eventstore.EventHash;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.eventstore.StoredCommit;
import org.publicfunds.ledger.eventstore.StoredEvent;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.Fields;
import org.publicfunds.ledger.system.InvalidInput;
import org.publicfunds.ledger.system.UnknownArrangement;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The history as auditors read it: an arrangement's events page by page, and exports that can be checked offline, streamed a window of events at a time: JSON lines (each
 * stored event with its position and hash links, as hashed) or CSV (one entry per line, amounts
 * as decimal strings). {@code format=jsonl|csv} or an Accept of application/x-ndjson or text/csv.
 */
@Tag(name = "Audit")
@RestController
class HistoryController {

    private static final MediaType JSONL = MediaType.parseMediaType("application/x-ndjson");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final String CSV_HEADER = "position,recordedAt,arrangementId,type,entryId,reversedEntryId,funder,"
            + "contributor,fiscalYear,amount,currency,decisionRef,reason,principal,hash\n";

    private static final int MAX_PAGE = 1000;

    private final EventLog events;
    private final Checkpoints checkpoints;
    private final ObjectMapper json;

    HistoryController(EventLog events, Checkpoints checkpoints, ObjectMapper json) {
        this.events = events;
        this.checkpoints = checkpoints;
        this.json = json;
    }

    /** The whole store in global order. */
    @Operation(
            summary = "Export every event in global order (FINANCE, AUDITOR)",
            description =
                    "format=jsonl: each stored event exactly as hashed, then a trailer signed with the ledger's audit key "
                            + "(head position, head hash, count); verifiable offline with 'java -jar ledger-api-exec.jar verify'. "
                            + "format=csv (or Accept: text/csv): one entry per line with exact amounts.")
    @ApiResponse(
            responseCode = "200",
            description = "every stored event, then the signed trailer (jsonl); or one entry a line (csv)",
            content = {
                @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
            })
    @GetMapping("/api/events")
    ResponseEntity<StreamingResponseBody> all(
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        boolean csv = isCsv(format, accept);
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            if (csv) {
                writer.write(CSV_HEADER);
            }
            // the JSON lines are checked as they go out, and end with the ledger's signed word for what was sent
            ChainVerifier.Walk walk = new ChainVerifier.Walk(
                    1,
                    EventHash.GENESIS,
                    csv ? List.of() : checkpoints.anchors().anchors());
            long position = 1;
            while (true) {
                List<StoredCommit> commits = events.commitsFrom(position, 500);
                if (commits.isEmpty()) {
                    break;
                }
                for (StoredCommit commit : commits) {
                    if (commit.end() <= position) {
                        continue;
                    }
                    ChainVerifier.Verification broken = csv ? null : walk.accept(commit, commit.end() - 1);
                    if (broken != null) {
                        writer.write(ExportVerifier.brokenTrailer(broken) + "\n");
                        writer.flush();
                        return;
                    }
                    for (int i = 0; i < commit.events().size(); i++) {
                        if (commit.position() + i < position) {
                            continue;
                        }
                        StoredEvent event = new StoredEvent(
                                commit.position() + i,
                                commit.aggregateId(),
                                commit.aggregateType(),
                                commit.events().get(i));
                        writer.write(csv ? csvLine(event) : ExportVerifier.line(event) + "\n");
                    }
                }
                position = commits.get(commits.size() - 1).end();
                writer.flush();
            }
            if (!csv) {
                // the trailer signs what was read: on disk first, so that no power cut takes back what it vouches for
                events.makeDurable();
                ChainVerifier.Verification end = walk.end(walk.position());
                writer.write((end.isOk()
                                ? ExportVerifier.trailer(
                                        checkpoints.key(), walk.position(), walk.hash(), walk.checked(), Instant.now())
                                : ExportVerifier.brokenTrailer(end))
                        + "\n");
            }
            writer.flush();
        };
        return stream(body, csv, "events");
    }

    /** One arrangement's events in order: a page of JSON, or with {@code format} the whole export. */
    @Operation(
            summary = "The arrangement's events in order, with metadata and hashes (FINANCE, AUDITOR)",
            description = "Pages of up to 1000 (limit, default 100) from fromPosition; nextFromPosition when there are "
                    + "more. Filters (all optional, combined): type (e.g. FundsReceived), funder, contributor, "
                    + "fiscalYear, decisionRef (in the event or its metadata), principal (who sent it), recordedFrom "
                    + "and recordedTo (ISO-8601 instants). A filtered page examines at most 20,000 events: when it "
                    + "stops there, nextFromPosition says where to go on, so every request stays bounded however long "
                    + "the history. With format=jsonl or format=csv, every event of the arrangement as a download "
                    + "instead.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "a page, or the export",
                            content = {
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = EventsResponse.class)),
                                @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
                                @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
                            }))
    @GetMapping(
            path = "/api/arrangements/{id}/events",
            produces = {"application/json", "application/x-ndjson", "text/csv"})
    ResponseEntity<StreamingResponseBody> arrangement(
            @PathVariable String id,
            @RequestParam(required = false) String fromPosition,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String funder,
            @RequestParam(required = false) String contributor,
            @RequestParam(required = false) String fiscalYear,
            @RequestParam(required = false) String decisionRef,
            @RequestParam(required = false) String principal,
            @RequestParam(required = false) String recordedFrom,
            @RequestParam(required = false) String recordedTo,
            @Parameter(schema = @Schema(allowableValues = {"jsonl", "csv"})) @RequestParam(required = false)
                    String format) {
        Fields.parse("id", id, ArrangementId::new);
        if (!events.hasEvent(id, 0)) {
            throw new UnknownArrangement(id);
        }
        if (format == null) {
            // one handler for both answers, so the API description shows one operation with format optional
            Filter filter = new Filter(
                    type,
                    funder,
                    contributor,
                    Fields.optional("fiscalYear", fiscalYear, FiscalYear::parse),
                    decisionRef,
                    principal,
                    Fields.optional("recordedFrom", recordedFrom, Instant::parse),
                    Fields.optional("recordedTo", recordedTo, Instant::parse));
            EventsResponse page =
                    filter.isEmpty() ? page(id, fromPosition, limit) : search(id, fromPosition, limit, filter);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out -> json.writeValue(out, page));
        }
        boolean csv = isCsv(format, null);
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            if (csv) {
                writer.write(CSV_HEADER);
            }
            long from = 0;
            while (true) {
                List<StoredEvent> page = events.page(id, from, MAX_PAGE);
                for (StoredEvent event : page) {
                    writer.write(csv ? csvLine(event) : ExportVerifier.line(event) + "\n");
                }
                if (page.size() < MAX_PAGE) {
                    break;
                }
                from = page.get(page.size() - 1).position() + 1;
            }
            writer.flush();
        };
        return stream(body, csv, id + "-events");
    }

    /** The events a filtered page keeps; null parts match anything. */
    record Filter(
            String type,
            String funder,
            String contributor,
            FiscalYear fiscalYear,
            String decisionRef,
            String principal,
            Instant recordedFrom,
            Instant recordedTo) {

        boolean isEmpty() {
            return type == null
                    && funder == null
                    && contributor == null
                    && fiscalYear == null
                    && decisionRef == null
                    && principal == null
                    && recordedFrom == null
                    && recordedTo == null;
        }

        boolean matches(StoredEvent event) {
            Document payload = event.payload();
            Document metaData = event.metaData();
            return (type == null || type.equals(event.type()))
                    && (funder == null || funder.equals(payload.getString("funder")))
                    && (contributor == null || contributor.equals(payload.getString("contributor")))
                    && (fiscalYear == null || fiscalYear.label().equals(payload.getString("fiscalYear")))
                    && (decisionRef == null
                            || decisionRef.equals(payload.getString("decisionRef"))
                            || decisionRef.equals(metaData.getString("decisionRef")))
                    && (principal == null || principal.equals(metaData.getString("principal")))
                    && (recordedFrom == null || !event.recordedAt().isBefore(recordedFrom))
                    && (recordedTo == null || !event.recordedAt().isAfter(recordedTo));
        }
    }

    /** The most events one filtered page examines. */
    static final int SCAN_BUDGET = 20_000;
    /**
     * How many events a filtered page reads at a time: an import's commit (10,000 events) is then
     * read in two slices, and each read makes a server load the whole commit document.
     */
    private static final int SCAN_WINDOW = 5_000;

    /**
     * A filtered page: the arrangement's events from {@code fromPosition} (or the first recorded at
     * {@code recordedFrom}, found by binary search) that match, examining at most {@link #SCAN_BUDGET}
     * events and none recorded after {@code recordedTo}.
     */
    private EventsResponse search(String id, String fromPosition, String limit, Filter filter) {
        Long given = Fields.optional("fromPosition", fromPosition, Fields::nonNegative);
        Long requested = Fields.optional("limit", limit, Fields::nonNegative);
        int size = requested == null ? 100 : (int) Math.min(Math.max(requested, 1), MAX_PAGE);
        long from = given == null ? 0 : given;
        if (filter.recordedFrom() != null) {
            from = Math.max(from, events.positionAt(filter.recordedFrom().minusNanos(1)) + 1);
        }
        List<EventResponse> found = new ArrayList<>();
        int examined = 0;
        Long next = null;
        while (true) {
            List<StoredEvent> page = events.page(id, from, SCAN_WINDOW);
            for (StoredEvent event : page) {
                if (filter.recordedTo() != null && event.recordedAt().isAfter(filter.recordedTo())) {
                    return new EventsResponse(id, found, null);
                }
                if (found.size() == size || examined == SCAN_BUDGET) {
                    next = event.position();
                    return new EventsResponse(id, found, next);
                }
                examined++;
                if (filter.matches(event)) {
                    found.add(response(event));
                }
            }
            if (page.size() < SCAN_WINDOW) {
                return new EventsResponse(id, found, null);
            }
            from = page.get(page.size() - 1).position() + 1;
        }
    }

    private static EventResponse response(StoredEvent e) {
        return new EventResponse(
                e.position(),
                e.sequence(),
                e.type(),
                e.payloadType(),
                e.payloadRevision(),
                e.recordedAt(),
                e.timestamp(),
                e.payload(),
                e.metaData(),
                e.hash(),
                e.previousHash());
    }

    private EventsResponse page(String id, String fromPosition, String limit) {
        Long from = Fields.optional("fromPosition", fromPosition, Fields::nonNegative);
        Long requested = Fields.optional("limit", limit, Fields::nonNegative);
        int size = requested == null ? 100 : (int) Math.min(Math.max(requested, 1), MAX_PAGE);
        List<StoredEvent> page = events.page(id, from == null ? 0 : from, size + 1);
        Long next = page.size() > size ? page.get(size).position() : null;
        List<EventResponse> items =
                page.stream().limit(size).map(HistoryController::response).toList();
        return new EventsResponse(id, items, next);
    }

    private static boolean isCsv(String format, String accept) {
        if (format != null) {
            if (!format.equals("csv") && !format.equals("jsonl")) {
                throw new InvalidInput(ErrorCode.INVALID_FIELD, "format", "format must be jsonl or csv");
            }
            return format.equals("csv");
        }
        return accept != null && accept.contains("text/csv");
    }

    private static ResponseEntity<StreamingResponseBody> stream(StreamingResponseBody body, boolean csv, String name) {
        return ResponseEntity.ok()
                .contentType(csv ? CSV : JSONL)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + name + (csv ? ".csv" : ".jsonl") + "\"")
                .body(body);
    }

    /** One entry: the fields an accountant reads, amounts as exact decimal strings. */
    static String csvLine(StoredEvent event) {
        Document payload = event.payload();
        Document amount = payload.get("amount", Document.class);
        return String.join(
                        ",",
                        String.valueOf(event.position()),
                        event.recordedAt().toString(),
                        csv(payload.get("arrangementId")),
                        event.type(),
                        csv(payload.get("entryId") != null ? payload.get("entryId") : payload.get("reversalId")),
                        csv(payload.get("reversedEntryId")),
                        csv(payload.get("funder")),
                        csv(payload.get("contributor")),
                        csv(
                                payload.get("fiscalYear") != null
                                        ? payload.get("fiscalYear")
                                        : payload.get("effectiveFrom")),
                        csv(amount == null ? null : amount.get("amount")),
                        csv(amount == null ? null : amount.get("currency")),
                        csv(payload.get("decisionRef")),
                        csv(payload.get("reason")),
                        csv(event.metaData().get("principal")),
                        event.hash())
                + "\n";
    }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    /**
     * One CSV cell. Text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab
     * or a carriage return) is prefixed with an apostrophe, as OWASP advises: free text written by
     * one user then cannot run in an auditor's spreadsheet. Plain numbers (amounts) stay numbers.
     */
    static String csv(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty()
                && "=+-@\t\r".indexOf(text.charAt(0)) >= 0
                && !NUMBER.matcher(text).matches()) {
            text = "'" + text;
        }
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replace("\"", "\"\"") + "\""
                : text;
    }
}
