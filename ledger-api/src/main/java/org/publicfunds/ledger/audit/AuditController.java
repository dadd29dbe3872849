package org.publicfunds.ledger.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.publicfunds.ledger.eventstore.EventLog;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Auditors: prove the stored history was not altered since it was written. */
@Tag(name = "Audit")
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final ChainVerifier verifier;
    private final Checkpoints checkpoints;
    private final CheckpointLog checkpointLog;
    private final ObjectMapper json;

    AuditController(EventLog engine, Checkpoints checkpoints, CheckpointLog checkpointLog, ObjectMapper json) {
        this.verifier = new ChainVerifier(engine);
        this.checkpoints = checkpoints;
        this.checkpointLog = checkpointLog;
        this.json = json;
    }

    /**
     * The result of a verify: the chain's status, the latest signed checkpoint it agrees with,
     * how many checkpoints it was checked against, and the public key they are signed with.
     */
    record VerifyResponse(
            String status,
            long headPosition,
            String headHash,
            long eventsChecked,
            Long brokenAt,
            String reason,
            String detail,
            Checkpoint checkpoint,
            int checkpointsChecked,
            String publicKey,
            String keyId,
            String checkpointProblem) {}

    @Operation(
            summary = "The signed checkpoints of the head (FINANCE, AUDITOR)",
            description =
                    "Every checkpoint in this instance's checkpoint file, oldest first: position, head hash, time, "
                            + "key id, public key and Ed25519 signature. Keep them, or the latest, outside the ledger.")
    @GetMapping("/checkpoints")
    List<Checkpoint> checkpoints() {
        return checkpointLog.readAll();
    }

    @Operation(
            summary = "Sign a checkpoint of the head now (AUDITOR)",
            description =
                    "Verifies the chain since the last checkpoint and signs the head; 200 with the latest checkpoint. "
                            + "Without anything new since the last one, that one. 409 checkpoint-refused, with the "
                            + "reason, when the chain since the last checkpoint does not verify: nothing is signed "
                            + "until it is explained (verify and health say so too).")
    @ApiResponse(responseCode = "200", description = "the latest signed checkpoint")
    @ApiResponse(
            responseCode = "409",
            description = "checkpoint-refused: the chain since the last checkpoint does not verify",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping("/checkpoints")
    Checkpoint checkpointNow() {
        return checkpoints.checkpoint();
    }

    /**
     * Walks the hash chain over the global order: {@code ok} with the head, or the first broken
     * position. With {@code progress=true} the walk is streamed as JSON lines: one
     * {@code verifiedTo} line per window of events, then the result.
     */
    @Operation(
            summary = "Verify the hash chain over the whole store (FINANCE, AUDITOR)",
            description =
                    "ok with the head position and head hash, or the first broken position and how (content, link, "
                            + "missing, keys, sequence, checkpoint), with the latest signed checkpoint the chain agrees with and the public key "
                            + "that signs them. progress=true streams progress lines.")
    @ApiResponse(
            responseCode = "200",
            description = "the result; with progress=true, progress lines then the result",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = VerifyResponse.class)),
                @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string"))
            })
    @GetMapping("/verify")
    ResponseEntity<StreamingResponseBody> verify(@RequestParam(defaultValue = "false") boolean progress) {
        StreamingResponseBody body = (OutputStream out) -> {
            Checkpoints.Anchors anchors = checkpoints.anchors();
            ChainVerifier.Verification chain = verifier.verify(anchors.anchors(), position -> {
                if (progress) {
                    try {
                        out.write(("{\"verifiedTo\":" + position + "}\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            VerifyResponse result;
            if (!anchors.unsigned().isEmpty()) {
                Checkpoint forged = anchors.unsigned().get(0);
                result = new VerifyResponse(
                        "broken",
                        chain.headPosition(),
                        null,
                        chain.eventsChecked(),
                        forged.position(),
                        "checkpoint",
                        "a checkpoint in the checkpoint file is not signed by a trusted key: the file was altered",
                        anchors.latest(),
                        anchors.anchors().size(),
                        checkpoints.key().publicKey(),
                        checkpoints.key().keyId(),
                        checkpoints.problem());
            } else {
                result = new VerifyResponse(
                        chain.status(),
                        chain.headPosition(),
                        chain.headHash(),
                        chain.eventsChecked(),
                        chain.brokenAt(),
                        chain.reason(),
                        chain.detail(),
                        anchors.latest(),
                        anchors.anchors().size(),
                        checkpoints.key().publicKey(),
                        checkpoints.key().keyId(),
                        checkpoints.problem());
            }
            out.write(json.writeValueAsBytes(result));
            if (progress) {
                out.write('\n');
            }
        };
        MediaType type = progress ? MediaType.parseMediaType("application/x-ndjson") : MediaType.APPLICATION_JSON;
        return ResponseEntity.ok().contentType(type).body(body);
    }
}
