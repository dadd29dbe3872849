package org.publicfunds.ledger.balances;

import java.util.List;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.money.Money;

/** Response bodies of the HTTP contract: amounts and percentages as exact decimal strings. */
final class Responses {
    private Responses() {}

    static String amount(Money money) {
        return money.toPlainString();
    }

    static List<ShareResponse> shares(Shares shares) {
        return shares.shares().stream().map(ShareResponse::of).toList();
    }
}
