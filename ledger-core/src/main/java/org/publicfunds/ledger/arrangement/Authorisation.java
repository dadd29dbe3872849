package org.publicfunds.ledger.arrangement;

import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * What a decision authorises: an amount for one funder in one fiscal year, for one of its
 * contributors or, with no contributor, for the funder as a whole (then it covers every
 * contributor of that funder).
 */
public record Authorisation(Funder funder, Contributor contributor, FiscalYear fiscalYear, Money amount) {

    /** Whether a commitment of this funder's contributor in this year is covered. */
    public boolean covers(Funder funder, Contributor contributor, FiscalYear year) {
        return this.funder.equals(funder)
                && fiscalYear.equals(year)
                && (this.contributor == null || this.contributor.equals(contributor));
    }
}
