package org.publicfunds.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A password is checked by bcrypt once; later requests with it are not; a wrong one always is. */
class CachingPasswordEncoderTest {

    private final AtomicInteger bcryptChecks = new AtomicInteger();
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    private final CachingPasswordEncoder encoder = new CachingPasswordEncoder(new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            bcryptChecks.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    });

    @Test
    void aRightPasswordIsCheckedOnceAWrongOneEveryTime() {
        String hash = encoder.encode("secret");
        assertThat(encoder.verifiedBefore("secret", hash)).isFalse();
        assertThat(encoder.matches("secret", hash)).isTrue();
        assertThat(encoder.matches("secret", hash)).isTrue();
        assertThat(encoder.verifiedBefore("secret", hash)).isTrue();
        assertThat(bcryptChecks).hasValue(1);

        assertThat(encoder.matches("wrong", hash)).isFalse();
        assertThat(encoder.matches("wrong", hash)).isFalse();
        assertThat(encoder.verifiedBefore("wrong", hash)).isFalse();
        assertThat(bcryptChecks).hasValue(3);
        // the right password stays known after wrong ones
        assertThat(encoder.matches("secret", hash)).isTrue();
        assertThat(bcryptChecks).hasValue(3);
    }

    @Test
    void aPasswordKnownForOneHashIsNotKnownForAnother() {
        String first = encoder.encode("secret");
        String second = encoder.encode("secret");
        assertThat(encoder.matches("secret", first)).isTrue();
        assertThat(encoder.verifiedBefore("secret", second)).isFalse();
    }
}
