package org.publicfunds.ledger.eventstore;

/**
 * The events of one command would make a stored commit larger than a MongoDB document may be
 * (16 MiB): refused before anything is sent, so nothing of it is stored, certainly.
 */
public class CommitTooLarge extends NotStored {

    private final long bytes;
    private final long limit;
    private final int events;

    CommitTooLarge(long bytes, long limit, int events) {
        super(
                "the command's " + events + " events would be stored as one commit of " + bytes
                        + " bytes; a commit holds at most " + limit,
                null);
        this.bytes = bytes;
        this.limit = limit;
        this.events = events;
    }

    /** The size the commit would have had, in bytes of BSON. */
    public long bytes() {
        return bytes;
    }

    /** The most a commit may hold, in bytes of BSON. */
    public long limit() {
        return limit;
    }

    public int events() {
        return events;
    }

    /**
     * About how many of {@code items} (rows of an import, say) would fit: {@code items × limit /
     * bytes}, with a twentieth to spare for items of unequal size, rounded down.
     */
    public long fitting(long items) {
        return items * limit / bytes * 19 / 20;
    }
}
