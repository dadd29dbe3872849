package org.publicfunds.ledger.eventstore;

import java.time.Instant;
import org.bson.Document;

/** One stored event as auditors see it: its global position and the readable stored document. */
public record StoredEvent(long position, String aggregateId, String aggregateType, Document event) {

    public long sequence() {
        // a Long as stored; an export's JSON, parsed again, gives small numbers as an Integer
        return event.get(StoredFields.SEQUENCE, Number.class).longValue();
    }

    public String eventId() {
        return event.getString(StoredFields.EVENT_ID);
    }

    public String payloadType() {
        return event.getString(StoredFields.PAYLOAD_TYPE);
    }

    public String payloadRevision() {
        return event.getString(StoredFields.PAYLOAD_REVISION);
    }

    /** The payload type without its package: {@code FundingCommitted}. */
    public String type() {
        String type = payloadType();
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** When the event was created (Axon's timestamp). */
    public Instant timestamp() {
        return event.getDate(StoredFields.TIMESTAMP).toInstant();
    }

    /** When the store recorded it: never earlier than the event before it. */
    public Instant recordedAt() {
        return event.getDate(StoredFields.RECORDED_AT).toInstant();
    }

    public Document payload() {
        return event.get(StoredFields.PAYLOAD, Document.class);
    }

    public Document metaData() {
        return event.get(StoredFields.META_DATA, Document.class);
    }

    public String hash() {
        return event.getString(StoredFields.HASH);
    }

    public String previousHash() {
        return event.getString(StoredFields.PREVIOUS_HASH);
    }
}
