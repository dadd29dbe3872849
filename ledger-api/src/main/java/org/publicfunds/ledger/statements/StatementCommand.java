package org.publicfunds.ledger.statements;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.bson.Document;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.audit.Checkpoint;
import org.publicfunds.ledger.audit.CheckpointLog;
import org.publicfunds.ledger.audit.ExportVerifier;
import org.publicfunds.ledger.eventstore.EventHash;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.eventstore.LedgerJackson;
import org.publicfunds.ledger.eventstore.LedgerUpcasters;
import org.publicfunds.ledger.eventstore.StoredEvent;
import org.publicfunds.ledger.eventstore.StoredFields;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.system.ProblemException;

/**
 * An auditor's recompute of a statement without the service: {@code java -jar ledger-api-exec.jar
 * statement export.jsonl --funder Stockholm --fiscal-year 2023-24 [--arrangement ctpn]
 * [--contributor GLA] [--at-position N | --as-of INSTANT] [--format json|csv|pdf] [--public-key
 * KEY|FILE] [--checkpoints FILE] [--out FILE]}. The export is verified first (its chain, its signed
 * trailer, and the key and checkpoints when given); then the statement is computed from its events
 * exactly as the service computes it, and its bytes are written to standard output (or the file):
 * the same bytes the service answers for the same point.
 */
public final class StatementCommand {

    static final String USAGE = "usage: statement export.jsonl --funder NAME --fiscal-year YYYY-YY [--arrangement ID]"
            + " [--contributor NAME] [--at-position N | --as-of INSTANT] [--format json|csv|pdf]"
            + " [--public-key KEY|FILE] [--checkpoints FILE] [--out FILE]";

    private StatementCommand() {}

    /** 0 with the statement written; 1 when the export does not verify; 2 when the request cannot be answered. */
    public static int main(String[] args, OutputStream out, PrintStream messages) {
        if (args.length < 1 || args[0].startsWith("--")) {
            messages.println(USAGE);
            return 2;
        }
        Path export = Path.of(args[0]);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                messages.println(USAGE);
                return 2;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        try {
            String publicKey = options.get("public-key");
            if (publicKey != null && Files.exists(Path.of(publicKey))) {
                publicKey = Files.readString(Path.of(publicKey)).trim();
            }
            List<Checkpoint> checkpoints = options.containsKey("checkpoints")
                    ? CheckpointLog.read(Path.of(options.get("checkpoints")))
                    : List.of();
            int verified = ExportVerifier.verify(export, publicKey, checkpoints, messages);
            if (verified != 0) {
                return verified;
            }
            if (!options.containsKey("funder") || !options.containsKey("fiscal-year")) {
                messages.println(USAGE);
                return 2;
            }
            if (options.containsKey("at-position") && options.containsKey("as-of")) {
                messages.println("give --at-position or --as-of, not both");
                return 2;
            }
            byte[] statement = recompute(export, options);
            if (options.containsKey("out")) {
                Files.write(Path.of(options.get("out")), statement);
            } else {
                out.write(statement);
                out.flush();
            }
            return 0;
        } catch (ProblemException | IllegalArgumentException e) {
            messages.println("cannot compute the statement: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            messages.println("cannot read " + export + ": " + e.getMessage());
            return 2;
        }
    }

    /** The statement's bytes from a verified export. */
    static byte[] recompute(Path export, Map<String, String> options) throws IOException {
        Instant asOf = options.containsKey("as-of") ? Instant.parse(options.get("as-of")) : null;
        long atPosition = options.containsKey("at-position") ? Long.parseLong(options.get("at-position")) : -1;
        String arrangement = options.get("arrangement");
        Serializer serializer = LedgerJackson.serializer();
        EventUpcasterChain upcasters = LedgerUpcasters.chain();
        // what the service reads for the same point: the events up to it, and the chain's hash there
        List<StoredEvent> upToPoint = new ArrayList<>();
        TreeSet<String> arrangements = new TreeSet<>();
        long head = 0;
        String headHash = EventHash.GENESIS;
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Document entry = Document.parse(line);
                if (ExportVerifier.isTrailer(entry)) {
                    continue;
                }
                StoredEvent event = ExportVerifier.event(entry);
                boolean inside = atPosition >= 0
                        ? event.position() <= atPosition
                        : asOf == null || !event.recordedAt().isAfter(asOf);
                if (!inside) {
                    break;
                }
                head = event.position();
                headHash = event.hash();
                arrangements.add(event.aggregateId());
                upToPoint.add(event);
            }
        }
        if (atPosition > head) {
            throw new IllegalArgumentException(
                    "--at-position " + atPosition + " is beyond the end of the export, position " + head);
        }
        if (arrangement == null) {
            if (arrangements.size() != 1) {
                throw new IllegalArgumentException("the export holds " + arrangements.size() + " arrangements "
                        + arrangements + ": name one with --arrangement");
            }
            arrangement = arrangements.first();
        }
        List<EventLog.PositionedEvent> events = new ArrayList<>();
        for (StoredEvent event : upToPoint) {
            if (event.aggregateId().equals(arrangement)) {
                events.add(new EventLog.PositionedEvent(
                        event.position(),
                        event.sequence(),
                        event.recordedAt(),
                        event.timestamp(),
                        LedgerUpcasters.deserialize(
                                upcasters,
                                serializer,
                                event.payloadType(),
                                event.payloadRevision(),
                                event.payload().toJson(StoredFields.JSON))));
            }
        }
        String format = options.getOrDefault("format", "json");
        Statement statement = Statements.of(
                arrangement,
                new Funder(options.get("funder")),
                options.containsKey("contributor") ? new Contributor(options.get("contributor")) : null,
                FiscalYear.parse(options.get("fiscal-year")),
                events,
                head,
                headHash);
        return StatementFormats.render(statement, StatementFormats.Format.parse(format));
    }
}
