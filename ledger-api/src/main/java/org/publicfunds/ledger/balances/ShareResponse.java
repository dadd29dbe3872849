package org.publicfunds.ledger.balances;

import io.swagger.v3.oas.annotations.media.Schema;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.balance.LedgerView;

public record ShareResponse(
        String funder,
        String percent,

        @Schema(example = "SEK", description = "the currency the funder settles in")
        String currency) {
    static ShareResponse of(Share share, LedgerView view) {
        return new ShareResponse(
                share.funder().value(),
                share.percent().toPlainString(),
                view.currencyOf(share.funder()).getCurrencyCode());
    }
}
