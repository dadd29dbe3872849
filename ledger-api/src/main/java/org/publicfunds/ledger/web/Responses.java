package org.publicfunds.ledger.web;

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

record ShareResponse(String funder, String percent) {
    static ShareResponse of(Share share) {
        return new ShareResponse(share.funder().value(), share.percent().toPlainString());
    }
}

record TermYearResponse(String fiscalYear, List<ShareResponse> shares, String annualBudget, boolean closed) {
}

record ArrangementResponse(String arrangementId, String name, String host, String basis, String currency,
                           int fiscalYearStartMonth, String firstFiscalYear, String lastFiscalYear,
                           List<ShareResponse> shares, String annualBudget, String decisionRef, Instant openedAt,
                           List<TermYearResponse> years, long position) {

    static ArrangementResponse of(LedgerView view) {
        List<TermYearResponse> years = view.firstFiscalYear().through(view.lastFiscalYear()).stream()
                .map(year -> new TermYearResponse(year.label(), Responses.shares(view.sharesIn(year)),
                        view.budgetInMinor(year).map(minor -> Responses.amount(new Money(minor, view.currency()))).orElse(null),
                        view.closed().contains(year)))
                .toList();
        FiscalYear first = view.firstFiscalYear();
        return new ArrangementResponse(view.arrangementId(), view.name(), view.host(), view.basis(),
                view.currency().getCurrencyCode(), view.fiscalYearStartMonth(), first.label(),
                view.lastFiscalYear().label(), Responses.shares(view.sharesIn(first)),
                years.get(0).annualBudget(), view.decisionRef(), view.openedAt(), years, view.position());
    }
}

record EntryResponse(String entryId, long position) {
}

record PositionResponse(long position) {
}

record BalanceRowResponse(@Schema(example = "London") String funder,
                          @Schema(example = "2023-24") String fiscalYear,
                          @Schema(example = "25") String sharePercent,
                          @Schema(example = "37875.00", description = "absent when the year has no budget") String budgetShare,
                          @Schema(example = "37875.00") String committed,
                          @Schema(example = "18938.00") String received,
                          @Schema(example = "18937.00", description = "committed - received") String outstanding,
                          @Schema(example = "0.00") String costShare,
                          @Schema(example = "18938.00", description = "received - cost share; positive is in credit") String position) {
}

record ContributorResponse(String funder, String contributor, String fiscalYear, String committed, String received) {
}

record YearResponse(String fiscalYear, String budget, String committed, String received, String costs, boolean closed) {
}

record BalancesResponse(String arrangementId, String currency,
                        @JsonInclude(JsonInclude.Include.ALWAYS) Instant asOf, long position,
                        List<BalanceRowResponse> rows, List<ContributorResponse> contributors, List<YearResponse> years) {

    static BalancesResponse of(Balances balances, Instant asOf) {
        return new BalancesResponse(balances.arrangementId(), balances.currency(), asOf, balances.position(),
                balances.rows().stream().map(r -> new BalanceRowResponse(r.funder().value(), r.fiscalYear().label(),
                        r.sharePercent().toPlainString(), r.budgetShare().map(Responses::amount).orElse(null),
                        Responses.amount(r.committed()), Responses.amount(r.received()), Responses.amount(r.outstanding()),
                        Responses.amount(r.costShare()), Responses.amount(r.position()))).toList(),
                balances.contributors().stream().map(c -> new ContributorResponse(c.funder().value(),
                        c.contributor().value(), c.fiscalYear().label(), Responses.amount(c.committed()),
                        Responses.amount(c.received()))).toList(),
                balances.years().stream().map(y -> new YearResponse(y.fiscalYear().label(),
                        y.budget().map(Responses::amount).orElse(null), Responses.amount(y.committed()),
                        Responses.amount(y.received()), Responses.amount(y.costs()), y.closed())).toList());
    }
}

record EventResponse(long position, long sequence, String type, String payloadType, String payloadRevision,
                     Instant recordedAt, Instant createdAt, Map<String, Object> payload, Map<String, Object> metadata, String hash,
                     String previousHash) {
}

record EventsResponse(String arrangementId, List<EventResponse> events, Long nextFromPosition) {
}
