package org.publicfunds.ledger.arrangement;

/** A reversal named an entry this arrangement never recorded. */
public class UnknownEntry extends RuntimeException {

    private final EntryId entryId;

    public UnknownEntry(EntryId entryId, ArrangementId arrangementId) {
        super("arrangement " + arrangementId + " has no entry " + entryId);
        this.entryId = entryId;
    }

    public EntryId entryId() {
        return entryId;
    }
}
