package org.publicfunds.ledger.arrangement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** Record a contribution in kind (the annual report, the conference) valued in the reporting currency. */
public record RecordInKind(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        String category,
        Money value,
        String description,
        Treatment treatment) {}
