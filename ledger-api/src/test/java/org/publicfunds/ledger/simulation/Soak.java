package org.publicfunds.ledger.simulation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the fault simulator over many seeds ({@code bench/soak} starts it): one line per seed, the
 * whole report of a seed with violations, and at the end a summary (seeds, acknowledged requests,
 * faults injected by kind, seeds with violations) also written as JSON to {@code --out}.
 * Arguments: {@code --from S --seeds N --out file}.
 */
public final class Soak {

    private Soak() {}

    public static void main(String[] args) throws IOException {
        long from = 1;
        long count = 100;
        Path out = Path.of("soak.json");
        for (int i = 0; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--from" -> from = Long.parseLong(args[i + 1]);
                case "--seeds" -> count = Long.parseLong(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<String, Long> faults = new TreeMap<>();
        long acknowledged = 0;
        long requests = 0;
        long failing = 0;
        long started = System.nanoTime();
        StringBuilder failures = new StringBuilder();
        for (long seed = from; seed < from + count; seed++) {
            FaultSimulator.Report report = FaultSimulator.run(seed);
            report.faults().forEach((kind, n) -> faults.merge(kind, (long) n, Long::sum));
            acknowledged += report.acknowledged();
            requests += report.requests();
            if (report.ok()) {
                System.out.println("ok   seed " + seed + " " + report.millis() + " ms");
            } else {
                failing++;
                System.out.println("FAIL " + report);
                failures.append(failures.length() == 0 ? "" : ",").append(seed);
            }
            System.out.flush();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        StringBuilder json =
                new StringBuilder("{\"from\": " + from + ", \"seeds\": " + count + ", \"requests\": " + requests
                        + ", \"acknowledged\": " + acknowledged + ", \"seconds\": " + seconds + ", \"failingSeeds\": ["
                        + failures
                        + "], \"faults\": {");
        String separator = "";
        for (Map.Entry<String, Long> fault : faults.entrySet()) {
            json.append(separator)
                    .append('"')
                    .append(fault.getKey())
                    .append("\": ")
                    .append(fault.getValue());
            separator = ", ";
        }
        json.append("}}");
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out))) {
            writer.println(json);
        }
        System.out.println("soak: " + count + " seeds from " + from + ", " + requests + " requests, " + acknowledged
                + " acknowledged, " + failing + " failing, " + seconds + " s; faults " + faults);
        System.exit(failing == 0 ? 0 : 1);
    }
}
