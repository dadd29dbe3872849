package org.publicfunds.ledger.balances;

import java.util.List;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.money.Money;

/** Response bodies of the HTTP contract: amounts and percentages as exact decimal strings. */
final class Responses {
    private Responses() {}

    static String amount(Money money) {
        return money.toPlainString();
    }

    static List<ShareResponse> shares(Shares shares, LedgerView view) {
        return shares.shares().stream()
                .map(share -> ShareResponse.of(share, view))
                .toList();
    }
}
