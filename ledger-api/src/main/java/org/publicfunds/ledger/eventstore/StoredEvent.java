package org.publicfunds.ledger.eventstore;

import java.time.Instant;
import org.bson.Document;

/** One stored event as auditors see it: its global position and the readable stored document. */
public record StoredEvent(long position, String aggregateId, String aggregateType, Document event) {

    public long sequence() {
        return event.getLong("sequence");
    }

    public String eventId() {
        return event.getString("eventId");
    }

    public String payloadType() {
        return event.getString("payloadType");
    }

    public String payloadRevision() {
        return event.getString("payloadRevision");
    }

    /** The payload type without its package: {@code FundingCommitted}. */
    public String type() {
        String type = payloadType();
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** When the event was created (Axon's timestamp). */
    public Instant timestamp() {
        return event.getDate("timestamp").toInstant();
    }

    /** When the store recorded it: never earlier than the event before it. */
    public Instant recordedAt() {
        return event.getDate(CommitWriter.RECORDED_AT).toInstant();
    }

    public Document payload() {
        return event.get("payload", Document.class);
    }

    public Document metaData() {
        return event.get("metaData", Document.class);
    }

    public String hash() {
        return event.getString(EventHash.HASH);
    }

    public String previousHash() {
        return event.getString(EventHash.PREVIOUS);
    }
}
