package org.publicfunds.ledger.balances;

import java.time.Instant;
import java.util.List;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

public record ArrangementResponse(
        String arrangementId,
        String name,
        String host,
        String basis,
        String currency,
        int fiscalYearStartMonth,
        String firstFiscalYear,
        String lastFiscalYear,
        List<ShareResponse> shares,
        String annualBudget,
        String decisionRef,
        Instant openedAt,
        List<TermYearResponse> years,
        long position) {

    public static ArrangementResponse of(LedgerView view) {
        List<TermYearResponse> years = view.firstFiscalYear().through(view.lastFiscalYear()).stream()
                .map(year -> new TermYearResponse(
                        year.label(),
                        Responses.shares(view.sharesIn(year), view),
                        view.budgetInMinor(year)
                                .map(minor -> Responses.amount(new Money(minor, view.currency())))
                                .orElse(null),
                        view.closed().contains(year)))
                .toList();
        FiscalYear first = view.firstFiscalYear();
        return new ArrangementResponse(
                view.arrangementId(),
                view.name(),
                view.host(),
                view.basis(),
                view.currency().getCurrencyCode(),
                view.fiscalYearStartMonth(),
                first.label(),
                view.lastFiscalYear().label(),
                Responses.shares(view.sharesIn(first), view),
                years.get(0).annualBudget(),
                view.decisionRef(),
                view.openedAt(),
                years,
                view.position());
    }
}
