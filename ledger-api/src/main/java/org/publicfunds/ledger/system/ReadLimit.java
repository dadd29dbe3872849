package org.publicfunds.ledger.system;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code perUser} reads of one user run at once (trust review 2, R1): a client that
 * fires reads in a loop, eight at a time, takes its turn instead of the whole machine, and the
 * commands of everyone else go on. The others wait, first come first served, for up to
 * {@code wait} (a few per turn; beyond that at once), then get 429 {@code too-many-reads} with
 * {@code Retry-After}. A streamed answer (an export, verify) keeps its turn until it is sent. Streams (long-lived
 * by design, capped on their own) and {@code /api/me} are not counted; commands are not reads.
 */
public final class ReadLimit extends OncePerRequestFilter {

    /** How many may wait for each turn before more are answered 429 at once. */
    static final int WAITING_PER_TURN = 4;

    private final int perUser;
    private final Duration wait;
    private final Map<String, Semaphore> users = new ConcurrentHashMap<>();

    public ReadLimit(int perUser, Duration wait) {
        this.perUser = perUser;
        this.wait = wait;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !request.getMethod().equals("GET")
                || !path.startsWith("/api/")
                || path.endsWith("/stream")
                || path.equals("/api/me");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Principal caller = request.getUserPrincipal();
        if (caller == null) {
            chain.doFilter(request, response);
            return;
        }
        Semaphore turns = users.computeIfAbsent(caller.getName(), name -> new Semaphore(perUser, true));
        boolean turn = false;
        // a few may wait their turn, each holding a server thread; more are told at once to come back
        if (turns.getQueueLength() < perUser * WAITING_PER_TURN) {
            try {
                turn = turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!turn) {
            response.setHeader("Retry-After", "1");
            ProblemResponse.write(
                    response,
                    ErrorCode.TOO_MANY_READS,
                    null,
                    "more than " + perUser + " reads of this user are running; send fewer at once");
            return;
        }
        boolean streaming = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                // a streamed answer (an export, verify) goes on after the controller returned: its turn with it
                streaming = true;
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        turns.release();
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {}

                    @Override
                    public void onError(AsyncEvent event) {}

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        event.getAsyncContext().addListener(this);
                    }
                });
            }
        } finally {
            if (!streaming) {
                turns.release();
            }
        }
    }
}
