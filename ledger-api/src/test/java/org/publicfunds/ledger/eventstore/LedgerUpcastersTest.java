package org.publicfunds.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.arrangement.EntryKind;
import org.publicfunds.ledger.arrangement.EntryReversed;
import org.publicfunds.ledger.arrangement.FiscalYearClosed;
import org.publicfunds.ledger.arrangement.FundsReceived;
import org.publicfunds.ledger.arrangement.PledgeConfirmed;
import org.publicfunds.ledger.money.Money;

/**
 * Events as the release before settlement currencies stored them (revision 1, payloads copied
 * from its store) load as this release's events: an entry's reporting amount is its amount, a
 * close carried nothing. {@code OldStoreTest} runs the same on a whole stored history.
 */
class LedgerUpcastersTest {

    static final Currency GBP = Currency.getInstance("GBP");

    private final Serializer serializer = LedgerJackson.serializer();

    private Object read(Class<?> type, String revision, String payload) {
        return LedgerUpcasters.deserialize(LedgerUpcasters.chain(), serializer, type.getName(), revision, payload);
    }

    @Test
    void aReceiptOfRevisionOneWasInTheReportingCurrency() {
        FundsReceived receipt = (FundsReceived) read(FundsReceived.class, "1", """
                {"arrangementId": "ctpn", "entryId": "r1", "funder": "London", "contributor": "GLA",
                 "fiscalYear": "2023-24", "amount": {"amount": "18938.00", "currency": "GBP"},
                 "receivedOn": "2023-05-02"}""");
        assertThat(receipt.amount()).isEqualTo(Money.parse("18938.00", GBP));
        assertThat(receipt.reportingAmount()).isEqualTo(receipt.amount());
        assertThat(receipt.rate()).isNull();
    }

    @Test
    void aCloseOfRevisionOneCarriedNothing() {
        FiscalYearClosed closed = (FiscalYearClosed) read(FiscalYearClosed.class, "1", """
                {"arrangementId": "ctpn", "fiscalYear": "2023-24"}""");
        assertThat(closed.carryForward()).isEmpty();
        assertThat(closed.settlements()).isEmpty();
    }

    @Test
    void aReversalAndAConfirmationOfRevisionOneKeepTheirAmounts() {
        EntryReversed reversed = (EntryReversed) read(EntryReversed.class, "1", """
                {"arrangementId": "ctpn", "reversalId": "x", "reversedEntryId": "c1", "kind": "COMMITMENT",
                 "fiscalYear": "2023-24", "funder": "London", "contributor": "GLA",
                 "amount": {"amount": "100.00", "currency": "GBP"}, "reason": "twice"}""");
        assertThat(reversed.kind()).isEqualTo(EntryKind.COMMITMENT);
        assertThat(reversed.reportingAmount()).isEqualTo(Money.parse("100.00", GBP));
        assertThat(reversed.treatment()).isNull();
        PledgeConfirmed confirmed = (PledgeConfirmed) read(PledgeConfirmed.class, "1", """
                {"arrangementId": "ctpn", "pledgeId": "p1", "entryId": "c2", "funder": "London",
                 "contributor": "GLA", "fiscalYear": "2024-25", "pledgedAmount": {"amount": "10.00", "currency": "GBP"},
                 "amount": {"amount": "12.00", "currency": "GBP"}, "decisionRef": "ADD2700"}""");
        assertThat(confirmed.pledgedReportingAmount()).isEqualTo(Money.parse("10.00", GBP));
        assertThat(confirmed.reportingAmount()).isEqualTo(Money.parse("12.00", GBP));
    }

    @Test
    void anEventOfTheCurrentRevisionIsReadAsStored() {
        FundsReceived receipt = (FundsReceived) read(FundsReceived.class, "2", """
                {"arrangementId": "ctpn", "entryId": "r1", "funder": "Stockholm", "contributor": "Stockholm",
                 "fiscalYear": "2023-24", "amount": {"amount": "1000.00", "currency": "SEK"},
                 "receivedOn": "2023-05-02", "reportingAmount": {"amount": "74.50", "currency": "GBP"},
                 "rate": "0.0745", "rateSource": "ECB"}""");
        assertThat(receipt.reportingAmount()).isEqualTo(Money.parse("74.50", GBP));
        assertThat(receipt.rate()).isEqualByComparingTo("0.0745");
    }
}
