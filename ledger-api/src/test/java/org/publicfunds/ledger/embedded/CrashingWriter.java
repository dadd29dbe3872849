package org.publicfunds.ledger.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.publicfunds.ledger.eventstore.LedgerJackson;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;

/**
 * Run in a child process by {@link KilledProcessTest}: appends events to the file-backed
 * embedded store as fast as it can and prints {@code acked n} after each append returns, until
 * it is killed.
 */
public final class CrashingWriter {

    public record Noted(String text) {}

    public static void main(String[] args) {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(Path.of(args[0]), 0);
        MongoClient client = MongoClients.create(server.connectionString());
        Serializer serializer = LedgerJackson.serializer();
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                .database(client.getDatabase("ledger"))
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        for (long sequence = 0; ; sequence++) {
            engine.appendEvents(new GenericDomainEventMessage<>("Thing", "crash", sequence, new Noted("n" + sequence)));
            System.out.println("acked " + (sequence + 1));
            System.out.flush();
        }
    }
}
