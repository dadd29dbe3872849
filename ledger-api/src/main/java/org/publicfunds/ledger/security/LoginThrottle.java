package org.publicfunds.ledger.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per user name and per (name, address), never per address alone: behind
 * a reverse proxy every client may share one address, and failures under invented names must not
 * lock real users out. After {@code failures} failures of one name from one address within
 * {@code window}, that name is refused from that address for {@code block}; after
 * {@value #NAME_FACTOR} times as many failures of one name from anywhere, the name is refused from
 * everywhere (guessing one password from many addresses). Each block doubles with each further
 * one, up to an hour, and is forgiven after a success or a quiet window. At most
 * {@value #MAX_TRACKED} names and pairs are tracked: beyond that the quietest are forgotten first.
 */
final class LoginThrottle {

    static final int MAX_TRACKED = 10_000;
    /** How many more failures block a name from everywhere than block it from one address. */
    static final int NAME_FACTOR = 4;

    private static final Duration LONGEST = Duration.ofHours(1);

    private record State(int failures, Instant windowStart, Instant blockedUntil, Duration lastBlock) {}

    private final int failures;
    private final Duration window;
    private final Duration block;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    LoginThrottle(int failures, Duration window, Duration block, Clock clock) {
        this.failures = failures;
        this.window = window;
        this.block = block;
        this.clock = clock;
    }

    private static String nameKey(String name) {
        return "user:" + name;
    }

    private static String pairKey(String name, String address) {
        return "pair:" + address + "\u0000" + name;
    }

    /** How long the name, from anywhere or from this address, must wait still; zero if it need not. */
    Duration blockedFor(String name, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : new String[] {nameKey(name), pairKey(name, address)}) {
            State state = states.get(key);
            if (state != null
                    && state.blockedUntil() != null
                    && state.blockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, state.blockedUntil());
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait;
    }

    void failed(String name, String address) {
        Instant now = clock.instant();
        if (states.size() >= MAX_TRACKED) {
            forgetQuietest(now);
        }
        for (String key : new String[] {nameKey(name), pairKey(name, address)}) {
            int limit = key.startsWith("user:") ? failures * NAME_FACTOR : failures;
            states.compute(key, (k, state) -> {
                if (state == null || state.windowStart().plus(window).isBefore(now)) {
                    state = new State(0, now, null, state == null ? null : state.lastBlock());
                }
                int count = state.failures() + 1;
                if (count < limit) {
                    return new State(count, state.windowStart(), state.blockedUntil(), state.lastBlock());
                }
                Duration next =
                        state.lastBlock() == null ? block : state.lastBlock().multipliedBy(2);
                next = next.compareTo(LONGEST) > 0 ? LONGEST : next;
                return new State(0, now, now.plus(next), next);
            });
        }
    }

    void succeeded(String name, String address) {
        states.remove(nameKey(name));
        states.remove(pairKey(name, address));
    }

    private void forgetQuietest(Instant now) {
        states.entrySet()
                .removeIf(entry -> entry.getValue().windowStart().plus(window).isBefore(now)
                        && (entry.getValue().blockedUntil() == null
                                || entry.getValue().blockedUntil().isBefore(now)));
        if (states.size() >= MAX_TRACKED) {
            states.clear();
        }
    }
}
