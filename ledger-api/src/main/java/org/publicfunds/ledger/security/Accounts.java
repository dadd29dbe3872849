package org.publicfunds.ledger.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks HTTP Basic credentials against the users' bcrypt hashes. Basic sends the password with
 * every request and a bcrypt check costs tens of milliseconds by design, so after one successful
 * check the service keeps, per user, an HMAC of that password under a key that exists only in
 * this process's memory; a request with the same password is then checked against the HMAC in
 * microseconds. A wrong password always goes to bcrypt, and an unknown name costs one bcrypt
 * check too, so timing does not tell which names exist. Checks are bounded: no more run at once
 * than the machine has cores, a request waits at most two seconds for one, and a name or an
 * address that keeps failing is answered 429 for a while without one ({@link LoginThrottle}),
 * so a flood of wrong passwords cannot take the threads other users need. A password already
 * checked is let in even then: the real user is not locked out by the flood.
 */
final class Accounts implements AuthenticationProvider {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private record Account(String name, String passwordHash, List<SimpleGrantedAuthority> authorities) {
    }

    /** How long a request waits for a bcrypt check (its own turn, or the same check running) before it is told to retry. */
    private static final Duration CHECK_WAIT = Duration.ofSeconds(2);

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Semaphore bcryptSlots = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));
    private final Map<String, CompletableFuture<Boolean>> checking = new ConcurrentHashMap<>();
    private final LoginThrottle throttle;
    private final Map<String, Account> accounts;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final SecretKeySpec cacheKey;
    private final String unknownUserHash;

    Accounts(List<SecurityProperties.User> users) {
        this(users, new LoginThrottle(5, Duration.ofMinutes(1), Duration.ofSeconds(30), java.time.Clock.systemUTC()));
    }

    Accounts(List<SecurityProperties.User> users, LoginThrottle throttle) {
        this.throttle = throttle;
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no users: configure ledger.security.users");
        }
        for (SecurityProperties.User user : users) {
            if (user.name() == null || !NAME.matcher(user.name()).matches()) {
                throw new IllegalArgumentException("ledger.security.users: a name must be 1 to 64 letters, digits, '.', '_' or '-', not "
                        + user.name());
            }
            if (user.passwordHash() == null || !BCRYPT.matcher(user.passwordHash()).matches()) {
                throw new IllegalArgumentException("ledger.security.users: the password-hash of " + user.name()
                        + " is not a bcrypt hash ($2a$10$...)");
            }
            if (user.roles().isEmpty()) {
                throw new IllegalArgumentException("ledger.security.users: " + user.name() + " has no roles (FINANCE, AUDITOR, VIEWER)");
            }
        }
        this.accounts = users.stream().collect(Collectors.toUnmodifiableMap(SecurityProperties.User::name,
                user -> new Account(user.name(), user.passwordHash(),
                        user.roles().stream().sorted().map(role -> new SimpleGrantedAuthority(role.authority())).toList()),
                (a, b) -> {
                    throw new IllegalArgumentException("ledger.security.users: the name " + a.name() + " appears twice");
                }));
        byte[] key = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
        byte[] nothing = new byte[16];
        random.nextBytes(nothing);
        this.unknownUserHash = bcrypt.encode(java.util.HexFormat.of().formatHex(nothing));
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        String password = String.valueOf(authentication.getCredentials());
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "";
        Account account = accounts.get(name);
        byte[] mac = mac(name, password);
        if (account != null && MessageDigest.isEqual(verified.get(name), mac)) {
            return authenticated(account);
        }
        // no bcrypt for a name or an address that keeps failing: it cannot tie up the threads others need
        Duration wait = throttle.blockedFor(name, address);
        if (!wait.isZero()) {
            throw new LoginThrottled(wait);
        }
        // a password being checked right now (a dashboard's streams connecting at once) is checked once
        String attempt = name + ":" + java.util.HexFormat.of().formatHex(mac);
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = checking.putIfAbsent(attempt, mine);
        boolean matches;
        if (running != null) {
            try {
                matches = running.get(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoginThrottled(Duration.ofSeconds(1));
            } catch (ExecutionException | TimeoutException e) {
                throw new LoginThrottled(Duration.ofSeconds(1));
            }
        } else {
            try {
                matches = check(account, password);
                mine.complete(matches);
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                checking.remove(attempt);
            }
        }
        if (!matches) {
            throttle.failed(name, address);
            throw new BadCredentialsException("bad credentials");
        }
        throttle.succeeded(name, address);
        verified.put(name, mac);
        return authenticated(account);
    }

    /** One bcrypt check, among at most as many at once as the machine has cores; an unknown name costs one too. */
    private boolean check(Account account, String password) {
        boolean slot;
        try {
            slot = bcryptSlots.tryAcquire(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot = false;
        }
        if (!slot) {
            throw new LoginThrottled(Duration.ofSeconds(1));
        }
        try {
            boolean matches = bcrypt.matches(password, account == null ? unknownUserHash : account.passwordHash());
            return account != null && matches;
        } finally {
            bcryptSlots.release();
        }
    }

    private static Authentication authenticated(Account account) {
        return UsernamePasswordAuthenticationToken.authenticated(account.name(), null, account.authorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** The names and roles, for the log; never a password or a hash. */
    Map<String, List<String>> describe() {
        return accounts.values().stream().collect(Collectors.toMap(Account::name,
                account -> account.authorities().stream().map(a -> a.getAuthority().substring(5)).toList(),
                (a, b) -> a, java.util.TreeMap::new));
    }

    private byte[] mac(String name, String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(cacheKey);
            hmac.update(name.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
