package org.publicfunds.ledger.security;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks HTTP Basic credentials: Spring Security's {@link DaoAuthenticationProvider} over the
 * configured users (an unknown name costs one bcrypt check too, so timing does not tell which
 * names exist) with the {@link CachingPasswordEncoder}, behind the {@link LoginThrottle}: a name
 * that keeps failing (from one address, or from many) is answered 429 for a while without a check, so a flood of
 * wrong passwords cannot take the threads other users need. A password already checked is let in
 * even then: the real user is not locked out by someone else's flood.
 */
final class Accounts implements AuthenticationProvider {

    /** The principal of what the service records on its own (the reference data): no user may be called so. */
    static final String SYSTEM = "system";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private final InMemoryUserDetailsManager users;
    private final CachingPasswordEncoder passwords;
    private final DaoAuthenticationProvider dao;
    private final LoginThrottle throttle;

    Accounts(List<SecurityProperties.User> configured) {
        this(configured, new LoginThrottle(5, Duration.ofMinutes(1), Duration.ofSeconds(30), Clock.systemUTC()));
    }

    Accounts(List<SecurityProperties.User> configured, LoginThrottle throttle) {
        validate(configured);
        this.throttle = throttle;
        this.passwords = new CachingPasswordEncoder(new BCryptPasswordEncoder());
        this.users = new InMemoryUserDetailsManager(configured.stream()
                .map(user -> User.withUsername(user.name())
                        .password(user.passwordHash())
                        .roles(user.roles().stream().sorted().map(Role::name).toArray(String[]::new))
                        .build())
                .toList());
        this.dao = new DaoAuthenticationProvider(passwords);
        dao.setUserDetailsService(users);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        String address =
                authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "";
        UserDetails user = find(name);
        boolean known = user != null
                && passwords.verifiedBefore(String.valueOf(authentication.getCredentials()), user.getPassword());
        if (!known) {
            Duration wait = throttle.blockedFor(name, address);
            if (!wait.isZero()) {
                throw new LoginThrottled(wait);
            }
        }
        try {
            Authentication signedIn = dao.authenticate(authentication);
            throttle.succeeded(name, address);
            return signedIn;
        } catch (BadCredentialsException e) {
            throttle.failed(name, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** The names and roles, for the log; never a password or a hash. */
    Map<String, List<String>> describe(List<SecurityProperties.User> configured) {
        return configured.stream()
                .collect(Collectors.toMap(
                        SecurityProperties.User::name,
                        user -> user.roles().stream().sorted().map(Role::name).toList(),
                        (a, b) -> a,
                        TreeMap::new));
    }

    private UserDetails find(String name) {
        try {
            return users.loadUserByUsername(name);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }

    private static void validate(List<SecurityProperties.User> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no users: configure ledger.security.users");
        }
        Set<String> names = new HashSet<>();
        for (SecurityProperties.User user : users) {
            if (user.name() == null || !NAME.matcher(user.name()).matches()) {
                throw new IllegalArgumentException(
                        "ledger.security.users: a name must be 1 to 64 letters, digits, '.', '_' or '-', not "
                                + user.name());
            }
            if (user.name().equalsIgnoreCase(SYSTEM)) {
                throw new IllegalArgumentException("ledger.security.users: the name " + user.name()
                        + " is the service's own (the reference data's events and keys are recorded under it): "
                        + "choose another");
            }
            if (user.passwordHash() == null
                    || !BCRYPT.matcher(user.passwordHash()).matches()) {
                throw new IllegalArgumentException("ledger.security.users: the password-hash of " + user.name()
                        + " is not a bcrypt hash ($2a$10$...)");
            }
            if (user.roles().isEmpty()) {
                throw new IllegalArgumentException(
                        "ledger.security.users: " + user.name() + " has no roles (FINANCE, AUDITOR, VIEWER)");
            }
            if (!names.add(user.name())) {
                throw new IllegalArgumentException("ledger.security.users: the name " + user.name() + " appears twice");
            }
        }
    }
}
