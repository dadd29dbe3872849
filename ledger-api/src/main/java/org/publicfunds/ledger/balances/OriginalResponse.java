package org.publicfunds.ledger.balances;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Optional;
import org.publicfunds.ledger.arrangement.balance.Balances;

/** A funder's figures in its own currency, as entered (LEDGER.md 8.4). */
@Schema(description = "in the funder's currency")
record OriginalResponse(String committed, String received, String outstanding, String pledged) {

    static OriginalResponse of(Optional<Balances.Original> original) {
        return original.map(o -> new OriginalResponse(
                        Responses.amount(o.committed()),
                        Responses.amount(o.received()),
                        Responses.amount(o.outstanding()),
                        Responses.amount(o.pledged())))
                .orElse(null);
    }
}
