package org.publicfunds.ledger.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * bcrypt for Spring Security's {@code DaoAuthenticationProvider}, with two additions. Basic sends
 * the password with every request and a bcrypt check costs tens of milliseconds by design, so
 * after one successful check this keeps, per stored hash, an HMAC of the password under a key that
 * exists only in this process's memory: the same password is then checked in microseconds, a
 * wrong one always goes to bcrypt. And checks are bounded: no more run at once than the machine
 * has cores, a check waits at most two seconds for its turn (then {@link LoginThrottled}), and the
 * same password being checked at the same moment (a dashboard's streams connecting) is checked once.
 */
final class CachingPasswordEncoder implements PasswordEncoder {

    /** How long a check waits for its turn, or for the same check running, before it is told to retry. */
    private static final Duration CHECK_WAIT = Duration.ofSeconds(2);

    private final PasswordEncoder bcrypt;
    private final Semaphore slots =
            new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));
    private final Map<String, CompletableFuture<Boolean>> checking = new ConcurrentHashMap<>();
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final SecretKeySpec key;

    CachingPasswordEncoder(PasswordEncoder bcrypt) {
        this.bcrypt = bcrypt;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return bcrypt.encode(rawPassword);
    }

    /** Whether this password was checked against this hash already: no bcrypt, no wait. */
    boolean verifiedBefore(CharSequence rawPassword, String encodedPassword) {
        return encodedPassword != null
                && MessageDigest.isEqual(verified.get(encodedPassword), mac(rawPassword, encodedPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        byte[] mac = mac(rawPassword, encodedPassword);
        if (MessageDigest.isEqual(verified.get(encodedPassword), mac)) {
            return true;
        }
        String attempt = HexFormat.of().formatHex(mac);
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = checking.putIfAbsent(attempt, mine);
        if (running != null) {
            try {
                return running.get(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoginThrottled(Duration.ofSeconds(1));
            } catch (ExecutionException | TimeoutException e) {
                throw new LoginThrottled(Duration.ofSeconds(1));
            }
        }
        try {
            boolean matches = check(rawPassword, encodedPassword);
            if (matches) {
                verified.put(encodedPassword, mac);
            }
            mine.complete(matches);
            return matches;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(attempt);
        }
    }

    private boolean check(CharSequence rawPassword, String encodedPassword) {
        boolean slot;
        try {
            slot = slots.tryAcquire(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot = false;
        }
        if (!slot) {
            throw new LoginThrottled(Duration.ofSeconds(1));
        }
        try {
            return bcrypt.matches(rawPassword, encodedPassword);
        } finally {
            slots.release();
        }
    }

    private byte[] mac(CharSequence rawPassword, String encodedPassword) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(String.valueOf(encodedPassword).getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
