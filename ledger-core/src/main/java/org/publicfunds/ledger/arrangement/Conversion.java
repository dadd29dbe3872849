package org.publicfunds.ledger.arrangement;

import java.math.BigDecimal;
import org.publicfunds.ledger.money.Money;

/**
 * What an amount in a funder's own currency is worth in the arrangement's reporting currency
 * (LEDGER.md 8.4), as given with an entry: the reporting amount, the rate (reporting units per one
 * unit of the funder's currency), or both, and where the rate came from. Any part may be null.
 */
public record Conversion(Money reportingAmount, BigDecimal rate, String rateSource) {

    public static final Conversion NONE = new Conversion(null, null, null);

    public boolean isEmpty() {
        return reportingAmount == null && rate == null && rateSource == null;
    }
}
