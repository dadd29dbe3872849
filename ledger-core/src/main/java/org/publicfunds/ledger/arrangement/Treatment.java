package org.publicfunds.ledger.arrangement;

/** How an in-kind contribution counts (LEDGER.md 8.5). */
public enum Treatment {
    /** Recorded and shown only. */
    MEMO,
    /** A cost of the programme that year, shared by shares, and a contribution of the funder. */
    OFFSET
}
