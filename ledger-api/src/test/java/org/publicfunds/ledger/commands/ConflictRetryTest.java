package org.publicfunds.ledger.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/** Through Axon's own gateway and command bus: a conflict is sent again, at most twice; nothing else is. */
class ConflictRetryTest {

    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final CommandGateway gateway = DefaultCommandGateway.builder()
            .commandBus(bus)
            .retryScheduler(new ConflictRetry())
            .build();
    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void aConflictIsDecidedAgainOnFreshState() {
        bus.subscribe(String.class.getName(), message -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ConcurrencyException("another instance appended first");
            }
            return "stored";
        });
        assertThat((String) gateway.sendAndWait("commit")).isEqualTo("stored");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aConflictThatKeepsComingIsAnsweredAfterTwoRetries() {
        bus.subscribe(String.class.getName(), message -> {
            attempts.incrementAndGet();
            throw new ConcurrencyException("another instance appended first");
        });
        assertThatThrownBy(() -> gateway.sendAndWait("commit")).isInstanceOf(ConcurrencyException.class);
        assertThat(attempts).hasValue(1 + ConflictRetry.MAX_RETRIES);
    }

    @Test
    void anyOtherFailureIsFinal() {
        bus.subscribe(String.class.getName(), message -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("a rule, a lost answer: not for a blind retry");
        });
        assertThatThrownBy(() -> gateway.sendAndWait("commit")).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
    }
}
