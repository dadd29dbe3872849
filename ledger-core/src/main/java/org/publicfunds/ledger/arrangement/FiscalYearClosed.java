package org.publicfunds.ledger.arrangement;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;

/**
 * A fiscal year was closed. On a cost-recovery arrangement it records each position of the year
 * (LEDGER.md 8.6), computed once at the close: {@code carryForward} into the next year, or, when
 * the year is the last of the term, {@code settlements} (positive: a refund due to the funder;
 * negative: an amount due from it). Revision 2 added both; a revision 1 close carried nothing.
 */
@Revision("2")
public record FiscalYearClosed(
        ArrangementId arrangementId, FiscalYear fiscalYear, List<Carry> carryForward, List<Carry> settlements)
        implements ArrangementEvent {

    public FiscalYearClosed {
        carryForward = carryForward == null ? List.of() : List.copyOf(carryForward);
        settlements = settlements == null ? List.of() : List.copyOf(settlements);
    }

    /** A close that records no position. */
    public FiscalYearClosed(ArrangementId arrangementId, FiscalYear fiscalYear) {
        this(arrangementId, fiscalYear, List.of(), List.of());
    }
}
