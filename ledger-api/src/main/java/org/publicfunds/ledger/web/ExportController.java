package org.publicfunds.ledger.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bson.Document;
import org.publicfunds.ledger.audit.Checkpoints;
import org.publicfunds.ledger.audit.ExportVerifier;
import org.publicfunds.ledger.eventstore.ChainVerifier;
import org.publicfunds.ledger.eventstore.EventHash;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;
import org.publicfunds.ledger.eventstore.StoredCommit;
import org.publicfunds.ledger.eventstore.StoredEvent;
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
 * Exports that can be checked offline, streamed a window of events at a time: JSON lines (each
 * stored event with its position and hash links, as hashed) or CSV (one entry per line, amounts
 * as decimal strings). {@code format=jsonl|csv} or an Accept of application/x-ndjson or text/csv.
 */
@Tag(name = "Audit")
@RestController
class ExportController {

    private static final MediaType JSONL = MediaType.parseMediaType("application/x-ndjson");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final String CSV_HEADER = "position,recordedAt,arrangementId,type,entryId,reversedEntryId,funder,"
            + "contributor,fiscalYear,amount,currency,decisionRef,reason,principal,hash\n";

    private final MongoEventStorageEngine events;
    private final ArrangementController arrangements;
    private final Checkpoints checkpoints;

    ExportController(MongoEventStorageEngine events, ArrangementController arrangements, Checkpoints checkpoints) {
        this.events = events;
        this.arrangements = arrangements;
        this.checkpoints = checkpoints;
    }

    /** The whole store in global order. */
    @Operation(summary = "Export every event in global order (FINANCE, AUDITOR)",
            description = "format=jsonl: each stored event exactly as hashed, then a trailer signed with the ledger's audit key "
                    + "(head position, head hash, count); verifiable offline with 'java -jar ledger-api-exec.jar verify'. "
                    + "format=csv (or Accept: text/csv): one entry per line with exact amounts.")
    @GetMapping("/api/events")
    ResponseEntity<StreamingResponseBody> all(@RequestParam(required = false) String format,
                                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        boolean csv = isCsv(format, accept);
        StreamingResponseBody body = out -> {
            Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            if (csv) {
                writer.write(CSV_HEADER);
            }
            // the JSON lines are checked as they go out, and end with the ledger's signed word for what was sent
            ChainVerifier.Walk walk = new ChainVerifier.Walk(1, EventHash.GENESIS, csv ? List.of() : checkpoints.anchors().anchors());
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
                        StoredEvent event = new StoredEvent(commit.position() + i, commit.aggregateId(),
                                commit.aggregateType(), commit.events().get(i));
                        writer.write(csv ? csvLine(event) : ExportVerifier.line(event) + "\n");
                    }
                }
                position = commits.get(commits.size() - 1).end();
                writer.flush();
            }
            if (!csv) {
                ChainVerifier.Verification end = walk.end(walk.position());
                writer.write((end.isOk() ? ExportVerifier.trailer(checkpoints.key(), walk.position(), walk.hash(), walk.checked(),
                        java.time.Instant.now()) : ExportVerifier.brokenTrailer(end)) + "\n");
            }
            writer.flush();
        };
        return stream(body, csv, "events");
    }

    /** One arrangement's events in order. */
    @Operation(summary = "Export one arrangement's events (FINANCE, AUDITOR)")
    @GetMapping(path = "/api/arrangements/{id}/events", params = "format")
    ResponseEntity<StreamingResponseBody> arrangement(@PathVariable String id, @RequestParam String format) {
        arrangements.get(id);
        boolean csv = isCsv(format, null);
        StreamingResponseBody body = out -> {
            Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            if (csv) {
                writer.write(CSV_HEADER);
            }
            long from = 0;
            while (true) {
                List<StoredEvent> page = events.aggregateEvents(id, from, 1000);
                for (StoredEvent event : page) {
                    writer.write(csv ? csvLine(event) : ExportVerifier.line(event) + "\n");
                }
                if (page.size() < 1000) {
                    break;
                }
                from = page.get(page.size() - 1).position() + 1;
            }
            writer.flush();
        };
        return stream(body, csv, id + "-events");
    }

    private static boolean isCsv(String format, String accept) {
        if (format != null) {
            if (!format.equals("csv") && !format.equals("jsonl")) {
                throw new InvalidInput("invalid-field", "format", "format must be jsonl or csv");
            }
            return format.equals("csv");
        }
        return accept != null && accept.contains("text/csv");
    }

    private static ResponseEntity<StreamingResponseBody> stream(StreamingResponseBody body, boolean csv, String name) {
        return ResponseEntity.ok()
                .contentType(csv ? CSV : JSONL)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + (csv ? ".csv" : ".jsonl") + "\"")
                .body(body);
    }

    /** One entry: the fields an accountant reads, amounts as exact decimal strings. */
    static String csvLine(StoredEvent event) {
        Document payload = event.payload();
        Document amount = payload.get("amount", Document.class);
        return String.join(",", String.valueOf(event.position()), event.recordedAt().toString(), csv(payload.get("arrangementId")),
                event.type(), csv(payload.get("entryId") != null ? payload.get("entryId") : payload.get("reversalId")),
                csv(payload.get("reversedEntryId")), csv(payload.get("funder")), csv(payload.get("contributor")),
                csv(payload.get("fiscalYear") != null ? payload.get("fiscalYear") : payload.get("effectiveFrom")),
                csv(amount == null ? null : amount.get("amount")), csv(amount == null ? null : amount.get("currency")),
                csv(payload.get("decisionRef")), csv(payload.get("reason")), csv(event.metaData().get("principal")),
                event.hash()) + "\n";
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?");

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
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !NUMBER.matcher(text).matches()) {
            text = "'" + text;
        }
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
