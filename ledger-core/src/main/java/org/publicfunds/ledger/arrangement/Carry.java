package org.publicfunds.ledger.arrangement;

import org.publicfunds.ledger.money.Money;

/**
 * A position at the close of a fiscal year, in the reporting currency: carried into the next
 * year or, after the last year, settled. {@code contributor} is null for the funder's own line;
 * a funder whose share is split also has one line per contributor of the split.
 */
public record Carry(Funder funder, Contributor contributor, Money amount) {}
