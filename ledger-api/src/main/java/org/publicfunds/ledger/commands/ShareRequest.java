package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.ContributorShare;
import org.publicfunds.ledger.arrangement.ContributorSplit;
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
        String percent,

        @Schema(
                nullable = true,
                description = "optional: the funder's share split among its contributors, in percent of it (sum "
                        + "100; the first listed takes what does not divide). In a review, absent keeps the split "
                        + "in force")
        List<ContributorShareRequest> contributors,

        @Schema(
                nullable = true,
                example = "SEK",
                description = "optional: the currency the funder settles in (ISO 4217), when not the reporting one; "
                        + "fixed once the funder is a party")
        String currency) {

    record ContributorShareRequest(
            @Schema(example = "GLA", requiredMode = Schema.RequiredMode.REQUIRED)
            String contributor,

            @Schema(example = "50", requiredMode = Schema.RequiredMode.REQUIRED)
            String percent) {}

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

    /** The funders' own currencies the shares name; none when no share names one. */
    static Map<Funder, Currency> toCurrencies(String field, List<ShareRequest> requests) {
        Map<Funder, Currency> currencies = new LinkedHashMap<>();
        if (requests == null) {
            return currencies;
        }
        for (int i = 0; i < requests.size(); i++) {
            ShareRequest request = requests.get(i);
            if (request != null && request.currency() != null) {
                currencies.put(
                        Fields.required(field + "[" + i + "].funder", request.funder(), Funder::new),
                        Fields.parse(field + "[" + i + "].currency", request.currency(), Fields::currency));
            }
        }
        return currencies;
    }

    /** The splits among contributors the shares carry; none when no share has contributors. */
    static List<ContributorSplit> toSplits(String field, List<ShareRequest> requests) {
        List<ContributorSplit> splits = new ArrayList<>();
        if (requests == null) {
            return splits;
        }
        for (int i = 0; i < requests.size(); i++) {
            ShareRequest request = requests.get(i);
            if (request == null || request.contributors() == null) {
                continue;
            }
            String at = field + "[" + i + "].contributors";
            List<ContributorShare> parts = new ArrayList<>();
            for (int j = 0; j < request.contributors().size(); j++) {
                ContributorShareRequest part = request.contributors().get(j);
                String place = at + "[" + j + "]";
                if (part == null) {
                    throw new InvalidInput(ErrorCode.MISSING_FIELD, place, place + " is required");
                }
                parts.add(new ContributorShare(
                        Fields.required(place + ".contributor", part.contributor(), Contributor::new),
                        Fields.required(place + ".percent", part.percent(), Percent::parse)));
            }
            splits.add(new ContributorSplit(
                    Fields.required(field + "[" + i + "].funder", request.funder(), Funder::new), parts));
        }
        return splits;
    }
}
