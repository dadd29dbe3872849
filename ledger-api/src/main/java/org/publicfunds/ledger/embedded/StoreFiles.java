package org.publicfunds.ledger.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the embedded server keeps its two files: the H2 file store and the write-ahead log. On a
 * disk, a directory; the fault simulator gives a simulated disk that can lose what was not synced.
 */
public interface StoreFiles {

    String STORE_FILE = "ledger.mv";
    String LOG_FILE = "events.wal";

    /** The file store's name as H2 opens it: a path, or an H2 file-system URL. */
    String storeFile();

    FileChannel openLog() throws IOException;

    /** Makes the directory entries of the files created in it durable (a file created but not yet in a synced directory can vanish in a power cut). */
    void syncDirectory() throws IOException;

    /** A human-readable place, for the log. */
    String describe();

    static StoreFiles in(Path directory) {
        return new StoreFiles() {
            @Override
            public String storeFile() {
                return directory.resolve(STORE_FILE).toString();
            }

            @Override
            public FileChannel openLog() throws IOException {
                Files.createDirectories(directory);
                return FileChannel.open(
                        directory.resolve(LOG_FILE),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            }

            @Override
            public void syncDirectory() throws IOException {
                try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                    dir.force(true);
                }
            }

            @Override
            public String describe() {
                return directory.toAbsolutePath().toString();
            }
        };
    }
}
