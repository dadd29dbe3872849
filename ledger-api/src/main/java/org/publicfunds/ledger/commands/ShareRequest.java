package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.money.Percent;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.Fields;
import org.publicfunds.ledger.system.InvalidInput;

record ShareRequest(
        @Schema(example = "London", requiredMode = Schema.RequiredMode.REQUIRED)
        String funder,

        @Schema(
                description = "percent, up to two decimals; the shares add up to 100",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String percent) {

    /** The shares of a request, each checked at its place ({@code shares[1].percent}); null when none were sent. */
    static Shares toShares(String field, List<ShareRequest> requests) {
        if (requests == null) {
            return null;
        }
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ShareRequest request = requests.get(i);
            String at = field + "[" + i + "]";
            if (request == null) {
                throw new InvalidInput(ErrorCode.MISSING_FIELD, at, at + " is required");
            }
            shares.add(new Share(
                    Fields.required(at + ".funder", request.funder(), Funder::new),
                    Fields.required(at + ".percent", request.percent(), Percent::parse)));
        }
        return new Shares(shares);
    }
}
