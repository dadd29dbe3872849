package org.publicfunds.ledger.eventstore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;

/**
 * Checks a whole-store JSON-lines export ({@code GET /api/events?format=jsonl}) without a server:
 * positions must run 1, 2, 3, ... and every event's hash must follow from the previous one and
 * its own exported content. Run as {@code java -jar ledger-api-exec.jar verify export.jsonl}.
 */
public final class ExportVerifier {

    private ExportVerifier() {
    }

    /** 0 when the chain holds, 1 at the first break, 2 when the file cannot be read. */
    public static int verify(Path export, PrintStream out) {
        String previous = EventHash.GENESIS;
        long expected = CommitWriter.FIRST_POSITION;
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Document entry = Document.parse(line);
                long position = entry.get("position", Number.class).longValue();
                if (position != expected) {
                    out.println("broken at position " + expected + ": missing (the export goes on at " + position + ")");
                    return 1;
                }
                Document event = entry.get("event", Document.class);
                if (!previous.equals(event.getString(EventHash.PREVIOUS))) {
                    out.println("broken at position " + position + ": link (its previous hash is not the hash before it)");
                    return 1;
                }
                String hash = EventHash.of(previous, position, entry.getString("aggregateId"), entry.getString("aggregateType"), event);
                if (!hash.equals(event.getString(EventHash.HASH))) {
                    out.println("broken at position " + position + ": content (it does not match its hash)");
                    return 1;
                }
                previous = hash;
                expected++;
            }
        } catch (IOException | RuntimeException e) {
            out.println("cannot read " + export + ": " + e.getMessage());
            return 2;
        }
        out.println("ok: " + (expected - 1) + " events, head hash " + previous);
        return 0;
    }

    /** One export line: the stored event exactly as hashed, with where it sits. */
    public static String line(StoredEvent event) {
        return new Document("position", event.position())
                .append("aggregateId", event.aggregateId())
                .append("aggregateType", event.aggregateType())
                .append("event", event.event())
                .toJson(MongoEventStorageEngine.JSON);
    }
}
