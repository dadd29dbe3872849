package org.publicfunds.ledger.security;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The configured users: {@code ledger.security.users[i].name}, {@code .password-hash} (bcrypt)
 * and {@code .roles}; so also {@code LEDGER_SECURITY_USERS_0_NAME} and so on in the environment.
 */
@ConfigurationProperties("ledger.security")
public record SecurityProperties(List<User> users) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(String name, String passwordHash, Set<Role> roles) {
        public User {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
        }
    }
}
