package org.publicfunds.ledger.balances;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.publicfunds.ledger.arrangement.balance.Balances;

public record BalancesResponse(
        String arrangementId,
        String currency,

        @JsonInclude(JsonInclude.Include.ALWAYS)
        @Schema(nullable = true, description = "the instant asked for; null for the live balances")
        Instant asOf,

        long position,
        List<BalanceRowResponse> rows,
        List<ContributorResponse> contributors,
        List<YearResponse> years) {

    public static BalancesResponse of(Balances balances, Instant asOf) {
        return new BalancesResponse(
                balances.arrangementId(),
                balances.currency(),
                asOf,
                balances.position(),
                balances.rows().stream()
                        .map(r -> new BalanceRowResponse(
                                r.funder().value(),
                                r.fiscalYear().label(),
                                r.sharePercent().toPlainString(),
                                r.budgetShare().map(Responses::amount).orElse(null),
                                Responses.amount(r.committed()),
                                Responses.amount(r.received()),
                                Responses.amount(r.outstanding()),
                                Responses.amount(r.costShare()),
                                Responses.amount(r.position()),
                                Responses.amount(r.pledged()),
                                r.uncommitted().map(Responses::amount).orElse(null),
                                r.currency(),
                                OriginalResponse.of(r.original()),
                                Responses.amount(r.inKind()),
                                Responses.amount(r.broughtForward()),
                                r.carriedForward().map(Responses::amount).orElse(null),
                                r.settlement().map(Responses::amount).orElse(null)))
                        .toList(),
                balances.contributors().stream()
                        .map(c -> new ContributorResponse(
                                c.funder().value(),
                                c.contributor().value(),
                                c.fiscalYear().label(),
                                Responses.amount(c.committed()),
                                Responses.amount(c.received()),
                                Responses.amount(c.pledged()),
                                c.sharePercent().map(p -> p.toPlainString()).orElse(null),
                                c.budgetShare().map(Responses::amount).orElse(null),
                                c.costShare().map(Responses::amount).orElse(null),
                                c.position().map(Responses::amount).orElse(null),
                                c.currency(),
                                OriginalResponse.of(c.original()),
                                Responses.amount(c.inKind()),
                                Responses.amount(c.broughtForward()),
                                c.carriedForward().map(Responses::amount).orElse(null),
                                c.settlement().map(Responses::amount).orElse(null)))
                        .toList(),
                balances.years().stream()
                        .map(y -> new YearResponse(
                                y.fiscalYear().label(),
                                y.budget().map(Responses::amount).orElse(null),
                                Responses.amount(y.committed()),
                                Responses.amount(y.received()),
                                Responses.amount(y.costs()),
                                y.closed(),
                                Responses.amount(y.inKind())))
                        .toList());
    }
}
