package org.publicfunds.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust review 2, S4: the published public key always names the signing key, after a rotation too. */
class AuditKeyTest {

    @TempDir
    Path dir;

    @Test
    void thePublicKeyBesideTheKeyIsCheckedAtEveryStartAndFollowsARotation() throws Exception {
        Path file = dir.resolve("audit-signing.key");
        Path published = dir.resolve("audit-signing.key.pub");
        AuditKey first = AuditKey.loadOrCreate(file);
        assertThat(Files.readString(published).trim()).isEqualTo(first.publicKey());

        // the README's rotation: move the key away and start again
        Files.move(file, dir.resolve("old.key"));
        AuditKey second = AuditKey.loadOrCreate(file);
        assertThat(second.publicKey()).isNotEqualTo(first.publicKey());
        assertThat(Files.readString(published).trim())
                .as("the published key after the rotation")
                .isEqualTo(second.publicKey());

        // a published key that names another key is put right at the next start
        Files.writeString(published, first.publicKey() + "\n");
        AuditKey again = AuditKey.loadOrCreate(file);
        assertThat(again.publicKey()).isEqualTo(second.publicKey());
        assertThat(Files.readString(published).trim()).isEqualTo(second.publicKey());
        assertThat(dir.resolve("audit-signing.key.pub.partial")).doesNotExist();
    }
}
