package org.publicfunds.ledger.commands;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 */
public final class ConflictRetry implements RetryScheduler, AutoCloseable {

    static final int MAX_RETRIES = 2;

    public ConflictRetry() {
    }

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
                Thread thread = new Thread(runnable, "command-conflict-retry");
                thread.setDaemon(true);
                return thread;
            });

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        if (!causedByConflict(lastFailure) || failures.size() > MAX_RETRIES) {
            return false;
        }
        try {
            executor.schedule(dispatchTask, 0, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static boolean causedByConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
