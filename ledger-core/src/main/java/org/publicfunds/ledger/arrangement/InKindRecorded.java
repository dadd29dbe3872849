package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * A funder's contributor contributed in kind, valued in the reporting currency. OFFSET: the value
 * is a cost of the year and a contribution of the funder; MEMO: shown only.
 */
@Revision("1")
public record InKindRecorded(
        ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        String category,
        Money value,
        String description,
        Treatment treatment)
        implements ArrangementEvent {}
