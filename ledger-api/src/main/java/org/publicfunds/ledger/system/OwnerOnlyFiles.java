package org.publicfunds.ledger.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        return createOnce(file, text, Syncs.DISK);
    }

    /**
     * How a file's bytes and a directory's entries are forced to the disk: the disk itself, or
     * (in a test) the same with each force recorded.
     */
    public interface Syncs {
        Syncs DISK = new Syncs() {};

        default void file(FileChannel channel) throws IOException {
            channel.force(true);
        }

        default void directory(Path directory) {
            forceDirectory(directory);
        }
    }

    /**
     * {@link #createOnce(Path, String)}, durably (trust review 2, S4): the partial file's bytes are
     * forced before it is linked, and the directory after, so that a power cut never leaves the
     * name pointing at an empty or half-written file.
     */
    static boolean createOnce(Path file, String text, Syncs syncs) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
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
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            syncs.file(channel);
        }
        try {
            Files.createLink(file, partial);
        } catch (FileAlreadyExistsException e) {
            return false; // another instance on the same directory wrote it first: use theirs
        } catch (UnsupportedOperationException e) {
            Files.move(partial, file);
            syncs.directory(directory);
            return true;
        } finally {
            Files.deleteIfExists(partial);
        }
        syncs.directory(directory);
        return true;
    }

    /** Forces a directory's entries to the disk, where the file system allows it (not every one does). */
    public static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be synced
        }
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
