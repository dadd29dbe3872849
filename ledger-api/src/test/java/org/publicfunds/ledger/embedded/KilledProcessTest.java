package org.publicfunds.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.eventstore.LedgerJackson;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;

/**
 * An append that returned survives the process being killed with SIGKILL: the embedded server's
 * file store commits only once a second, so this depends on its write-ahead log.
 */
class KilledProcessTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsEveryAcknowledgedEventWhenTheWriterIsKilled() throws Exception {
        Process writer = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashingWriter.class.getName(),
                        dataDir.toString())
                .redirectErrorStream(true)
                .start();
        long acked = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream()))) {
            String line;
            while (acked < 400 && (line = out.readLine()) != null) {
                if (line.startsWith("acked ")) {
                    acked = Long.parseLong(line.substring(6));
                }
            }
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked).isGreaterThanOrEqualTo(400);

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, 0);
                MongoClient client = MongoClients.create(server.connectionString())) {
            Serializer serializer = LedgerJackson.serializer();
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                    .database(client.getDatabase("ledger"))
                    .eventSerializer(serializer)
                    .snapshotSerializer(serializer)
                    .build();
            List<Long> positions = engine.readEvents(null, false)
                    .map(e -> ((TrackedEventMessage<?>) e)
                            .trackingToken()
                            .position()
                            .orElseThrow())
                    .toList();
            assertThat(positions.size()).isGreaterThanOrEqualTo((int) acked);
            for (int i = 0; i < positions.size(); i++) {
                assertThat(positions.get(i)).isEqualTo(i + 1);
            }
            assertThat(engine.readEvents("crash", 0).asStream().count()).isEqualTo(positions.size());
        }
    }
}
