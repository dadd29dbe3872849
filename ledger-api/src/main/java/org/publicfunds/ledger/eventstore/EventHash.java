package org.publicfunds.ledger.eventstore;

import com.mongodb.MongoClientSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;

/**
 * The tamper-evident chain over the global order: each stored event carries
 * {@code hash = SHA-256(previousHash || canonical content)}, where the canonical content is the
 * event's position, aggregate and stored fields as relaxed extended JSON, in stored field order.
 * Changing, removing or reordering any stored event breaks the chain from that position on.
 */
public final class EventHash {

    /** The previous hash of the event at position 1. */
    public static final String GENESIS = "0".repeat(64);

    private static final Codec<Document> CODEC =
            MongoClientSettings.getDefaultCodecRegistry().get(Document.class);

    private EventHash() {}

    /** The hash of an event stored at {@code position}; hash fields in the document are ignored. */
    public static String of(
            String previousHash, long position, String aggregateId, String aggregateType, Document event) {
        Document content = new Document();
        event.forEach((key, value) -> {
            if (!key.equals(StoredFields.HASH) && !key.equals(StoredFields.PREVIOUS_HASH)) {
                content.append(key, value);
            }
        });
        String canonical = new Document("position", position)
                .append(StoredFields.AGGREGATE_ID, aggregateId)
                .append(StoredFields.AGGREGATE_TYPE, aggregateType)
                .append("event", content)
                .toJson(StoredFields.JSON);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Writes the chain fields into the commit's events, the first at {@code position}; returns the
     * last hash. Each event is hashed as the store will give it back (encoded to BSON and decoded,
     * as the driver does), not as it is in memory, so that nothing about it (a string BSON cannot
     * carry as given, a value type) can make the stored event disagree with its hash.
     */
    static String seal(Document commit, long position, String previousHash) {
        String previous = previousHash;
        int i = 0;
        for (Document event : commit.getList(StoredFields.EVENTS, Document.class)) {
            Document stored = new RawBsonDocument(event, CODEC).decode(CODEC);
            String hash = of(
                    previous,
                    position + i,
                    commit.getString(StoredFields.AGGREGATE_ID),
                    commit.getString(StoredFields.AGGREGATE_TYPE),
                    stored);
            event.put(StoredFields.PREVIOUS_HASH, previous);
            event.put(StoredFields.HASH, hash);
            previous = hash;
            i++;
        }
        return previous;
    }
}
