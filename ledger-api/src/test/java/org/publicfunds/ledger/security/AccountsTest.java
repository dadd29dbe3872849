package org.publicfunds.ledger.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountsTest {

    private static final String HASH = "$2a$04$PBS4AedWAIixJYQo2A76EO8mAJumBISN5Yg82MQMA.nAgsMWOzb76";

    /** Trust review 2, S5: events the service records itself are signed "system"; no user may sign as it. */
    @Test
    void noUserMayBeCalledSystemInAnyCase() {
        for (String name : List.of("system", "System", "SYSTEM")) {
            assertThatThrownBy(
                            () -> new Accounts(List.of(new SecurityProperties.User(name, HASH, Set.of(Role.FINANCE)))))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the service's own");
        }
        assertThatCode(() -> new Accounts(List.of(new SecurityProperties.User("systems", HASH, Set.of(Role.FINANCE)))))
                .doesNotThrowAnyException();
    }
}
