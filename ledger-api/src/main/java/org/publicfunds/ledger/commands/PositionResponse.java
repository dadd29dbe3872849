package org.publicfunds.ledger.commands;

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

record PositionResponse(long position) {
}
