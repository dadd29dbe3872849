package org.publicfunds.ledger.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.publicfunds.ledger.eventstore.EventHash;
import org.publicfunds.ledger.eventstore.StoredEvent;
import org.publicfunds.ledger.eventstore.StoredFields;

/**
 * Checks a whole-store JSON-lines export ({@code GET /api/events?format=jsonl}) without a server:
 * positions run 1, 2, 3, ...; every event's hash follows from the previous one and its own
 * exported content; the export ends with the ledger's signed trailer (head position, head hash,
 * number of events), which must match what came before it and be the last line. Given the
 * ledger's public key, the trailer must be signed with it (otherwise the key the trailer names is
 * used and the result says it is only self-asserted); given a file of signed checkpoints, the
 * export must agree with every one of them and reach the last. Run as
 * {@code java -jar ledger-api-exec.jar verify export.jsonl [--public-key KEY|FILE] [--checkpoints FILE]}.
 */
public final class ExportVerifier {

    /** The export's last line. */
    static final String TRAILER = "trailer";

    static final String FORMAT = "ledger-export/1";

    private ExportVerifier() {}

    /** Exactly what an export's trailer signs. */
    static String signedText(long headPosition, String headHash, long count, Instant signedAt) {
        return FORMAT + " headPosition=" + headPosition + " headHash=" + headHash + " count=" + count + " signedAt="
                + signedAt;
    }

    /** The trailer line of an export that ends at {@code headPosition} with {@code headHash}, after {@code count} events. */
    public static String trailer(AuditKey key, long headPosition, String headHash, long count, Instant signedAt) {
        return new Document(
                        TRAILER,
                        new Document("format", FORMAT)
                                .append("headPosition", headPosition)
                                .append("headHash", headHash)
                                .append("count", count)
                                .append("signedAt", signedAt.toString())
                                .append("keyId", key.keyId())
                                .append("publicKey", key.publicKey())
                                .append("signature", key.sign(signedText(headPosition, headHash, count, signedAt))))
                .toJson(StoredFields.JSON);
    }

    /** The command-line entry: {@code verify export.jsonl [--public-key KEY|FILE] [--checkpoints FILE]}. */
    public static int main(String[] args, PrintStream out) {
        if (args.length < 1) {
            out.println("usage: verify export.jsonl [--public-key KEY|FILE] [--checkpoints FILE]");
            return 2;
        }
        String publicKey = null;
        List<Checkpoint> checkpoints = List.of();
        try {
            for (int i = 1; i < args.length - 1; i += 2) {
                switch (args[i]) {
                    case "--public-key" -> {
                        Path file = Path.of(args[i + 1]);
                        publicKey = Files.exists(file) ? Files.readString(file).trim() : args[i + 1].trim();
                    }
                    case "--checkpoints" -> checkpoints = CheckpointLog.read(Path.of(args[i + 1]));
                    default -> {
                        out.println("unknown option " + args[i]);
                        return 2;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            out.println("cannot read the options: " + e.getMessage());
            return 2;
        }
        return verify(Path.of(args[0]), publicKey, checkpoints, out);
    }

    /** Without a known key or checkpoints: the chain and the trailer's own signature. */
    public static int verify(Path export, PrintStream out) {
        return verify(export, null, List.of(), out);
    }

    /** 0 when the export holds, 1 at the first problem (with where), 2 when it cannot be read. */
    public static int verify(Path export, String publicKey, List<Checkpoint> checkpoints, PrintStream out) {
        List<ChainVerifier.Anchor> anchors = new ArrayList<>();
        for (Checkpoint checkpoint : checkpoints) {
            if (publicKey != null && !checkpoint.isSignedBy(List.of(publicKey))) {
                out.println("broken: the checkpoint for position " + checkpoint.position()
                        + " is not signed by the given key");
                return 1;
            }
            anchors.add(new ChainVerifier.Anchor(checkpoint.position(), checkpoint.headHash()));
        }
        ChainVerifier.Walk walk = new ChainVerifier.Walk(1, EventHash.GENESIS, anchors);
        Document trailer = null;
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Document entry = Document.parse(line);
                if (trailer != null) {
                    out.println("broken at position " + (walk.position() + 1)
                            + ": extended (lines follow the signed trailer)");
                    return 1;
                }
                if (entry.containsKey(TRAILER)) {
                    trailer = entry.get(TRAILER, Document.class);
                    if (trailer.containsKey("broken")) {
                        Document broken = trailer.get("broken", Document.class);
                        out.println("broken at position " + broken.get("brokenAt") + ": " + broken.getString("reason")
                                + " (the ledger found its history broken while exporting it: "
                                + broken.getString("detail") + ")");
                        return 1;
                    }
                    continue;
                }
                ChainVerifier.Verification broken = walk.acceptExported(event(entry));
                if (broken != null) {
                    out.println("broken at position " + broken.brokenAt() + ": " + broken.reason() + " ("
                            + broken.detail() + ")");
                    return 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            out.println("cannot read " + export + ": " + e.getMessage());
            return 2;
        }
        if (trailer == null) {
            out.println("broken at position " + (walk.position() + 1)
                    + ": incomplete (the export ends without its signed " + "trailer: it was cut short)");
            return 1;
        }
        long headPosition = trailer.get("headPosition", Number.class).longValue();
        long count = trailer.get("count", Number.class).longValue();
        String headHash = trailer.getString("headHash");
        if (headPosition != walk.position()
                || count != walk.checked()
                || !walk.hash().equals(headHash)) {
            out.println("broken at position " + (walk.position() + 1) + ": the trailer vouches for " + count
                    + " events up to " + "position " + headPosition + ", the export holds " + walk.checked() + " up to "
                    + walk.position());
            return 1;
        }
        String signedBy = trailer.getString("publicKey");
        if (publicKey != null && !publicKey.equals(signedBy)) {
            out.println("broken at position " + headPosition + ": signed by key " + AuditKey.keyId(signedBy)
                    + ", not the ledger's key " + AuditKey.keyId(publicKey) + " (re-signed)");
            return 1;
        }
        Instant signedAt = Instant.parse(trailer.getString("signedAt"));
        if (!AuditKey.verify(
                signedBy, signedText(headPosition, headHash, count, signedAt), trailer.getString("signature"))) {
            out.println("broken at position " + headPosition + ": the trailer's signature does not match it");
            return 1;
        }
        ChainVerifier.Verification end = walk.end(headPosition);
        if (!end.isOk()) {
            out.println("broken at position " + end.brokenAt() + ": " + end.reason() + " (" + end.detail() + ")");
            return 1;
        }
        out.println("ok: " + count + " events, head position " + headPosition + ", head hash " + headHash + ", signed "
                + signedAt + " by key " + AuditKey.keyId(signedBy)
                + (publicKey == null ? " (self-asserted: pass --public-key to check it is the ledger's)" : "")
                + (checkpoints.isEmpty() ? "" : ", agrees with " + checkpoints.size() + " checkpoints"));
        return 0;
    }

    /** The last line of an export the ledger could not vouch for: its history does not verify. */
    public static String brokenTrailer(ChainVerifier.Verification broken) {
        return new Document(
                        TRAILER,
                        new Document(
                                "broken",
                                new Document("brokenAt", broken.brokenAt())
                                        .append("reason", broken.reason())
                                        .append("detail", broken.detail())))
                .toJson(StoredFields.JSON);
    }

    /** The stored event of an export line (not the trailer), as {@link #line} wrote it. */
    public static StoredEvent event(Document line) {
        return new StoredEvent(
                line.get("position", Number.class).longValue(),
                line.getString("aggregateId"),
                line.getString("aggregateType"),
                line.get("event", Document.class));
    }

    /** Whether an export line is its trailer. */
    public static boolean isTrailer(Document line) {
        return line.containsKey(TRAILER);
    }

    /** One export line: the stored event exactly as hashed, with where it sits. */
    public static String line(StoredEvent event) {
        return new Document("position", event.position())
                .append("aggregateId", event.aggregateId())
                .append("aggregateType", event.aggregateType())
                .append("event", event.event())
                .toJson(StoredFields.JSON);
    }
}
