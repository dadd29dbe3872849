package org.publicfunds.ledger.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs the fault simulator over a bounded number of seeds (CI), or one seed to reproduce a
 * failure: {@code ./mvnw -pl ledger-api -am test -Dtest=FaultSimulatorTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsimulation.seed=N}. {@code bench/soak --seeds N} runs many.
 */
class FaultSimulatorTest {

    @Test
    void noAcknowledgedEntryIsLostOrDoubledWhateverFails() {
        List<Long> seeds = new ArrayList<>();
        if (System.getProperty("simulation.seed") != null) {
            seeds.add(Long.getLong("simulation.seed"));
        } else {
            long first = Long.getLong("simulation.firstSeed", 1);
            for (long seed = first; seed < first + Long.getLong("simulation.seeds", 24); seed++) {
                seeds.add(seed);
            }
        }
        Map<String, Integer> faults = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int acknowledged = 0;
        for (long seed : seeds) {
            FaultSimulator.Report report = FaultSimulator.run(seed);
            System.out.println(report);
            report.faults().forEach((kind, n) -> faults.merge(kind, n, Integer::sum));
            acknowledged += report.acknowledged();
            if (!report.ok()) {
                failures.add(report + "\n  rerun alone: -Dsimulation.seed=" + seed);
            }
        }
        System.out.printf(
                "fault simulator: %d seeds, %d acknowledged requests, faults %s, %d failing%n",
                seeds.size(), acknowledged, faults, failures.size());
        assertThat(failures).as("seeds with violations").isEmpty();
    }
}
