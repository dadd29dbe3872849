package org.publicfunds.ledger.balances;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.balance.Balances;
import org.publicfunds.ledger.balance.LedgerView;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** Response bodies of the HTTP contract: amounts and percentages as exact decimal strings. */
final class Responses {
    private Responses() {
    }

    static String amount(Money money) {
        return money.toPlainString();
    }

    static List<ShareResponse> shares(Shares shares) {
        return shares.shares().stream().map(ShareResponse::of).toList();
    }
}
