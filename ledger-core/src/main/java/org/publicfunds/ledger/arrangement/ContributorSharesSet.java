package org.publicfunds.ledger.arrangement;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;

/** From this fiscal year on, the funder's share is split among these contributors (the first rounds). */
@Revision("1")
public record ContributorSharesSet(
        ArrangementId arrangementId, FiscalYear effectiveFrom, Funder funder, List<ContributorShare> contributors)
        implements ArrangementEvent {

    public ContributorSharesSet {
        contributors = List.copyOf(contributors);
    }
}
