package org.publicfunds.ledger.balances;

import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness ({@code /actuator/health/readiness}): after a start, and so after a crash,
 * the balance processor catches up from its last stored token; until it is within one batch of
 * the head, this instance's balances trail the events, and it reports OUT_OF_SERVICE so a load
 * balancer sends reads elsewhere. Once caught up it stays ready: under load the lag is never
 * zero, and read-your-writes covers each command's own read. An instance that holds no segment is
 * not ready until it has had time to claim one (a restarted instance takes back its own at once).
 */
@Component("balances")
class BalancesReadiness implements HealthIndicator {

    /** Within this many events of the head counts as caught up (the processor's batch). */
    static final long CAUGHT_UP = 100;
    /**
     * An instance still holding no segment this long after its start leaves them to the others (and
     * serves the views they write): longer than a claim held by a killed process lasts (10 s).
     */
    static final Duration NO_SEGMENT_OF_ITS_OWN = Duration.ofSeconds(15);

    private final ProjectionProgress progress;
    private final long startedNanos = System.nanoTime();
    private volatile boolean caughtUp;

    BalancesReadiness(ProjectionProgress progress) {
        this.progress = progress;
    }

    @Override
    public Health health() {
        ProjectionProgress.ProjectionResponse balances = progress.balances(progress.recentHead());
        if (!caughtUp) {
            boolean holdsSegments = !balances.segments().isEmpty();
            caughtUp = holdsSegments
                    ? balances.lag() <= CAUGHT_UP
                    : System.nanoTime() - startedNanos > NO_SEGMENT_OF_ITS_OWN.toNanos();
        }
        return (caughtUp ? Health.up() : Health.outOfService())
                .withDetail("position", balances.position())
                .withDetail("head", balances.head())
                .withDetail("lag", balances.lag())
                .build();
    }
}
