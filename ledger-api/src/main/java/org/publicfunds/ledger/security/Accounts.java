package org.publicfunds.ledger.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

/**
 * Checks HTTP Basic credentials against the users' bcrypt hashes. Basic sends the password with
 * every request and a bcrypt check costs tens of milliseconds by design, so after one successful
 * check the service keeps, per user, an HMAC of that password under a key that exists only in
 * this process's memory; a request with the same password is then checked against the HMAC in
 * microseconds. A wrong password always goes to bcrypt, and an unknown name costs one bcrypt
 * check too, so timing does not tell which names exist.
 */
final class Accounts implements AuthenticationProvider {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private record Account(String name, String passwordHash, List<SimpleGrantedAuthority> authorities) {
    }

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Map<String, Account> accounts;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final SecretKeySpec cacheKey;
    private final String unknownUserHash;

    Accounts(List<SecurityProperties.User> users) {
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
        Account account = accounts.get(name);
        if (account == null) {
            bcrypt.matches(password, unknownUserHash);
            throw new BadCredentialsException("bad credentials");
        }
        byte[] mac = mac(name, password);
        if (!MessageDigest.isEqual(verified.get(name), mac)) {
            // one bcrypt check at a time per user: many first requests at once (a dashboard's
            // streams connecting) wait for the first check instead of each paying for their own
            synchronized (account) {
                if (!MessageDigest.isEqual(verified.get(name), mac)) {
                    if (!bcrypt.matches(password, account.passwordHash())) {
                        throw new BadCredentialsException("bad credentials");
                    }
                    verified.put(name, mac);
                }
            }
        }
        return UsernamePasswordAuthenticationToken.authenticated(name, null, account.authorities());
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
