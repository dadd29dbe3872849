package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Trust review 2, S4: the secret's bytes are forced before its name appears, and the
     * directory after, so that a power cut never leaves the name on an empty file.
     */
    @Test
    void aSecretIsOnTheDiskBeforeItsNameAndItsNameAfter() throws Exception {
        Path file = dir.resolve("audit-signing.key");
        List<String> order = new ArrayList<>();
        OwnerOnlyFiles.Syncs recording = new OwnerOnlyFiles.Syncs() {
            @Override
            public void file(FileChannel channel) throws IOException {
                order.add(
                        "file forced, " + channel.size() + " bytes, name " + (Files.exists(file) ? "seen" : "absent"));
                OwnerOnlyFiles.Syncs.super.file(channel);
            }

            @Override
            public void directory(Path directory) {
                order.add("directory forced, name " + (Files.exists(file) ? "seen" : "absent"));
                OwnerOnlyFiles.Syncs.super.directory(directory);
            }
        };
        assertThat(OwnerOnlyFiles.createOnce(file, "secret", recording)).isTrue();
        assertThat(order).containsExactly("file forced, 6 bytes, name absent", "directory forced, name seen");
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
