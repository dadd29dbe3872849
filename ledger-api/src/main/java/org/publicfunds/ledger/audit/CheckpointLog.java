package org.publicfunds.ledger.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.publicfunds.ledger.system.OwnerOnlyFiles;

/**
 * Signed checkpoints, one JSON line each, appended to a file outside the database
 * ({@code <data-dir>/checkpoints.jsonl} unless configured) and forced to the disk. An auditor may
 * copy it, or the lines of it they care about, anywhere: each line checks on its own.
 */
public final class CheckpointLog {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path file;

    public CheckpointLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    synchronized void append(Checkpoint checkpoint) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer line =
                        ByteBuffer.wrap((JSON.writeValueAsString(checkpoint) + "\n").getBytes(StandardCharsets.UTF_8));
                while (line.hasRemaining()) {
                    channel.write(line);
                }
                channel.force(true);
            }
            if (created) {
                OwnerOnlyFiles.forceDirectory(file.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the checkpoint file " + file, e);
        }
    }

    /** Every checkpoint in the file, in order; a last line cut short by a crash is left out. */
    public synchronized List<Checkpoint> readAll() {
        return read(file);
    }

    /** The checkpoints of a file, such as one an auditor kept; a last line cut short by a crash is left out. */
    public static List<Checkpoint> read(Path file) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        if (!Files.exists(file)) {
            return checkpoints;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    checkpoints.add(JSON.readValue(line, Checkpoint.class));
                } catch (JsonProcessingException e) {
                    if (i < lines.size() - 1) {
                        throw new IllegalStateException(file + " line " + (i + 1) + " is not a checkpoint");
                    }
                }
            }
            return checkpoints;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint file " + file, e);
        }
    }

    static String json(Checkpoint checkpoint) {
        try {
            return JSON.writeValueAsString(checkpoint);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
