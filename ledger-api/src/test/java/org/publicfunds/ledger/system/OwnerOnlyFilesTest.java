package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S7: secret files are created readable by the service only, once, and refused when others may read them. */
class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    @Test
    void aSecretIsWrittenOnceForTheOwnerOnly() throws Exception {
        Path file = dir.resolve("secret.txt");
        assertThat(OwnerOnlyFiles.createOnce(file, "first")).isTrue();
        assertThat(OwnerOnlyFiles.createOnce(file, "second"))
                .as("an existing secret is kept")
                .isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(OwnerOnlyFiles.read(file)).isEqualTo("first");
        assertThat(dir.resolve("secret.txt.partial")).doesNotExist();
    }

    @Test
    void aSecretOthersMayReadIsRefused() throws Exception {
        Path file = dir.resolve("credentials.txt");
        Files.writeString(file, "finance password FINANCE\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> OwnerOnlyFiles.read(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("600");
    }
}
