package org.publicfunds.ledger.commands;

import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Axon's retry of a command, for one failure only: a {@link ConcurrencyException} (another
 * instance appended to the arrangement first, so this one decided on stale state). The command is
 * sent again at once, at most twice, and decided on fresh state; the message keeps its id, so its
 * stored position is still found. Every other failure is final here: a rule is a rule, and a lost
 * outcome needs a look-up in the store before anything is sent again, which the dispatcher does
 * (a RetryScheduler cannot).
 *
 * <p>The retry runs in the caller's thread, right away: the failed attempt's unit of work has
 * ended when Axon asks (the command bus calls back after it), and a retry queued on an executor
 * could be dropped when the service stops, leaving its caller waiting for good (the soak found
 * that).
 */
public final class ConflictRetry implements RetryScheduler {

    static final int MAX_RETRIES = 2;

    @Override
    public boolean scheduleRetry(
            CommandMessage commandMessage,
            RuntimeException lastFailure,
            List<Class<? extends Throwable>[]> failures,
            Runnable dispatchTask) {
        if (!causedByConflict(lastFailure) || failures.size() > MAX_RETRIES) {
            return false;
        }
        dispatchTask.run();
        return true;
    }

    private static boolean causedByConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
