package org.publicfunds.ledger.arrangement;

/** The entries a reversal can cancel. */
public enum EntryKind {
    COMMITMENT,
    RECEIPT,
    COST,
    IN_KIND
}
