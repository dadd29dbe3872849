package org.publicfunds.ledger.eventstore;

import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The field names of the stored documents: the one place that knows them. A commit document
 * ({@code events} collection) holds the events one aggregate appended at once; each event is a
 * subdocument of it; a snapshot document has an event's fields beside {@code _id} (the aggregate)
 * and {@code aggregateType}.
 */
public final class StoredFields {

    /** The stored documents as relaxed extended JSON: how they are hashed, read by Axon and exported. */
    public static final JsonWriterSettings JSON =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    /** A commit's global position (of its first event); a snapshot's aggregate; the head hint's name. */
    public static final String ID = "_id";
    /** A commit's unique keys: {@code aggregateId:sequence} of each event, and the request's keys on its first commit. */
    public static final String KEYS = "keys";

    public static final String AGGREGATE_ID = "aggregateId";
    public static final String AGGREGATE_TYPE = "aggregateType";
    public static final String FIRST_SEQUENCE = "firstSequence";
    /** How many events a commit holds. */
    public static final String SIZE = "size";

    public static final String EVENTS = "events";

    public static final String EVENT_ID = "eventId";
    public static final String SEQUENCE = "sequence";
    /** When the event was created (Axon's timestamp). */
    public static final String TIMESTAMP = "timestamp";

    public static final String PAYLOAD_TYPE = "payloadType";
    public static final String PAYLOAD_REVISION = "payloadRevision";
    public static final String PAYLOAD = "payload";
    public static final String META_DATA = "metaData";
    /** When the store recorded an event: non-decreasing along the global order, unlike creation timestamps. */
    public static final String RECORDED_AT = "recordedAt";

    public static final String HASH = "hash";
    public static final String PREVIOUS_HASH = "previousHash";

    /** The unique index over {@link #KEYS}. */
    static final String KEYS_INDEX = "aggregate_sequence";
    /** The unique index over {@link #ID}, as the server names it in a duplicate-key error. */
    static final String ID_INDEX = "_id_";

    private StoredFields() {}
}
