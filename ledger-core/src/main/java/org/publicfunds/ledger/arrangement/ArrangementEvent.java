package org.publicfunds.ledger.arrangement;

/** What happened to one arrangement: every event the arrangement records. */
public sealed interface ArrangementEvent
        permits ArrangementOpened,
                FundingCommitted,
                FundsReceived,
                CostRecorded,
                ArrangementReviewed,
                EntryReversed,
                FiscalYearClosed,
                DecisionRegistered,
                DecisionsRequiredSet,
                FundingPledged,
                PledgeConfirmed,
                PledgeWithdrawn,
                AllocationUnitSet,
                ContributorSharesSet,
                InKindRecorded,
                FunderCurrencySet,
                EntriesImported {

    ArrangementId arrangementId();
}
