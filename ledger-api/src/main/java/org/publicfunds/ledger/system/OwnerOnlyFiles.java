package org.publicfunds.ledger.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold secrets (generated passwords, the audit signing key): created once, whole,
 * readable by the service's own account only, and refused when found readable by anyone else.
 */
public final class OwnerOnlyFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private OwnerOnlyFiles() {}

    /**
     * Writes {@code text} to {@code file} unless it exists: to a partial file of mode 600 first, then
     * published whole by a hard link, so no reader ever sees half of it and two instances starting
     * on one directory agree on one file. Returns whether this call created it.
     */
    public static boolean createOnce(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            return false;
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        if (isPosix(file)) {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(partial);
        }
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        try {
            Files.createLink(file, partial);
        } catch (FileAlreadyExistsException e) {
            return false; // another instance on the same directory wrote it first: use theirs
        } catch (UnsupportedOperationException e) {
            Files.move(partial, file);
            return true;
        } finally {
            Files.deleteIfExists(partial);
        }
        return true;
    }

    /** Reads a secret file, refusing one that others may read or write. */
    public static String read(Path file) throws IOException {
        if (isPosix(file)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IllegalStateException(file + " is open to other accounts ("
                        + PosixFilePermissions.toString(permissions) + "): it holds secrets; chmod 600 it");
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
