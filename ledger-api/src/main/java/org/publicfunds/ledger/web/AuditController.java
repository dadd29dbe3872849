package org.publicfunds.ledger.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.publicfunds.ledger.eventstore.ChainVerifier;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Auditors: prove the stored history was not altered since it was written. */
@Tag(name = "Audit")
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final ChainVerifier verifier;
    private final ObjectMapper json;

    AuditController(MongoEventStorageEngine engine, ObjectMapper json) {
        this.verifier = new ChainVerifier(engine);
        this.json = json;
    }

    /**
     * Walks the hash chain over the global order: {@code ok} with the head, or the first broken
     * position. With {@code progress=true} the walk is streamed as JSON lines: one
     * {@code verifiedTo} line per window of events, then the result.
     */
    @Operation(summary = "Verify the hash chain over the whole store (FINANCE, AUDITOR)",
            description = "ok with the head position and head hash, or the first broken position and how (content, link, "
                    + "missing). progress=true streams progress lines.")
    @GetMapping("/verify")
    ResponseEntity<StreamingResponseBody> verify(
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean progress) {
        StreamingResponseBody body = (OutputStream out) -> {
            ChainVerifier.Verification result = verifier.verify(position -> {
                if (progress) {
                    try {
                        out.write(("{\"verifiedTo\":" + position + "}\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            out.write(json.writeValueAsBytes(result));
            if (progress) {
                out.write('\n');
            }
        };
        MediaType type = progress ? MediaType.parseMediaType("application/x-ndjson") : MediaType.APPLICATION_JSON;
        return ResponseEntity.ok().contentType(type).body(body);
    }
}
