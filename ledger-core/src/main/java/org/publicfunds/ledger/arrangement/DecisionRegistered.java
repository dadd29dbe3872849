package org.publicfunds.ledger.arrangement;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/** A decision was registered with what it authorises. Never edited: a later decision supersedes it in practice. */
@Revision("1")
public record DecisionRegistered(
        ArrangementId arrangementId,
        DecisionRef decisionRef,
        String title,
        String decisionType,
        LocalDate signedOn,
        List<Authorisation> authorisations)
        implements ArrangementEvent {

    public DecisionRegistered {
        authorisations = List.copyOf(authorisations);
    }
}
