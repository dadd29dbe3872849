package org.publicfunds.ledger.rebuild;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness ({@code /actuator/health/readiness}): after a start, and so after a crash,
 * the balance processor catches up from its last stored token; until it is within one batch of
 * the head, this instance's balances trail the events, and it reports OUT_OF_SERVICE so a load
 * balancer sends reads elsewhere. Once caught up it stays ready: under load the lag is never
 * zero, and read-your-writes covers each command's own read.
 */
@Component("balances")
class BalancesReadiness implements HealthIndicator {

    /** Within this many events of the head counts as caught up (the processor's batch). */
    static final long CAUGHT_UP = 100;

    private final ProjectionProgress progress;
    private volatile boolean caughtUp;

    BalancesReadiness(ProjectionProgress progress) {
        this.progress = progress;
    }

    @Override
    public Health health() {
        ProjectionProgress.ProjectionResponse balances = progress.balances();
        // an instance holding no segment serves the views the others write: nothing of its own to wait for
        if (!caughtUp && (balances.segments().isEmpty() || balances.lag() <= CAUGHT_UP)) {
            caughtUp = true;
        }
        return (caughtUp ? Health.up() : Health.outOfService())
                .withDetail("position", balances.position()).withDetail("head", balances.head())
                .withDetail("lag", balances.lag()).build();
    }
}
