package org.publicfunds.ledger.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.publicfunds.ledger.system.OwnerOnlyFiles;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * With no users configured, one user per role with a random password, written once to
 * {@code <data-dir>/credentials.txt}, readable by the service's account only; later starts read
 * the same file, so the passwords stay those the operator was given.
 */
final class GeneratedCredentials {

    static final String FILE = "credentials.txt";

    record Outcome(Path file, boolean created, List<SecurityProperties.User> users) {}

    private GeneratedCredentials() {}

    static Outcome loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            boolean created = !Files.exists(file) && OwnerOnlyFiles.createOnce(file, generate());
            return new Outcome(file, created, read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read " + file, e);
        }
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder()
                .append("# Users created on the first start because no ledger.security.users were configured.\n")
                .append("# Sign in with HTTP Basic. Configure your own users and delete this file to retire these.\n")
                .append("# name password role\n");
        for (Role role : Role.values()) {
            byte[] secret = new byte[18];
            random.nextBytes(secret);
            text.append(role.name().toLowerCase())
                    .append(' ')
                    .append(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                    .append(' ')
                    .append(role.name())
                    .append('\n');
        }
        return text.toString();
    }

    private static List<SecurityProperties.User> read(Path file) throws IOException {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        List<SecurityProperties.User> users = new ArrayList<>();
        for (String line : OwnerOnlyFiles.read(file).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 3) {
                throw new IllegalStateException(file + ": expected 'name password role' on each line");
            }
            users.add(new SecurityProperties.User(parts[0], bcrypt.encode(parts[1]), Set.of(Role.valueOf(parts[2]))));
        }
        return users;
    }
}
