package org.publicfunds.ledger.arrangement;

import org.publicfunds.ledger.money.Percent;

/** One contributor's part of its funder's share, in percent of that share. */
public record ContributorShare(Contributor contributor, Percent percent) {}
