package org.publicfunds.ledger.balances;

import org.publicfunds.ledger.arrangement.Share;

public record ShareResponse(String funder, String percent) {
    static ShareResponse of(Share share) {
        return new ShareResponse(share.funder().value(), share.percent().toPlainString());
    }
}
