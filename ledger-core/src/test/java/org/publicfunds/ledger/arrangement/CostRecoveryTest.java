package org.publicfunds.ledger.arrangement;

import static org.publicfunds.ledger.arrangement.ArrangementTest.ADD2634;
import static org.publicfunds.ledger.arrangement.ArrangementTest.CITY_SHARES;
import static org.publicfunds.ledger.arrangement.ArrangementTest.CTPN;
import static org.publicfunds.ledger.arrangement.ArrangementTest.E1;
import static org.publicfunds.ledger.arrangement.ArrangementTest.E2;
import static org.publicfunds.ledger.arrangement.ArrangementTest.FY23;
import static org.publicfunds.ledger.arrangement.ArrangementTest.FY24;
import static org.publicfunds.ledger.arrangement.ArrangementTest.FY26;
import static org.publicfunds.ledger.arrangement.ArrangementTest.GBP;
import static org.publicfunds.ledger.arrangement.ArrangementTest.GLA;
import static org.publicfunds.ledger.arrangement.ArrangementTest.LONDON;
import static org.publicfunds.ledger.arrangement.ArrangementTest.STOCKHOLM;
import static org.publicfunds.ledger.arrangement.ArrangementTest.WASHINGTON;
import static org.publicfunds.ledger.arrangement.ArrangementTest.gbp;
import static org.publicfunds.ledger.arrangement.ArrangementTest.ruleCode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** Settlement currencies, in-kind contributions and the year-end true-up (LEDGER.md 8.4 to 8.6), on the aggregate. */
class CostRecoveryTest {

    static final Currency SEK = Currency.getInstance("SEK");
    static final Currency USD = Currency.getInstance("USD");
    static final EntryId E3 = new EntryId("e3");
    static final LocalDate ON = LocalDate.of(2023, 6, 1);

    FixtureConfiguration<Arrangement> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Arrangement.class);
    }

    static Money sek(String amount) {
        return Money.parse(amount, SEK);
    }

    static Money usd(String amount) {
        return Money.parse(amount, USD);
    }

    static ArrangementOpened opened(FundingBasis basis, FiscalYear last) {
        return new ArrangementOpened(
                CTPN,
                "Counter-Terrorism Preparedness Network",
                "London Fire Commissioner",
                basis,
                GBP,
                4,
                FY23,
                last,
                CITY_SHARES,
                gbp("151500.00"),
                ADD2634);
    }

    /** The reference case in three currencies: Stockholm in kronor, Washington DC in dollars, London in pounds. */
    static Object[] threeCurrencies() {
        return new Object[] {
            opened(FundingBasis.COST_RECOVERY, FY26),
            new FunderCurrencySet(CTPN, STOCKHOLM, SEK),
            new FunderCurrencySet(CTPN, WASHINGTON, USD)
        };
    }

    static RecordReceipt receipt(EntryId id, Funder funder, Money amount, Conversion conversion) {
        return new RecordReceipt(CTPN, id, funder, null, FY23, amount, ON, conversion);
    }

    @Nested
    class Currencies {
        @Test
        void openingNamesTheFundersThatSettleInTheirOwnCurrency() {
            fixture.givenNoPriorActivity()
                    .when(new OpenArrangement(
                            CTPN,
                            "Counter-Terrorism Preparedness Network",
                            "London Fire Commissioner",
                            FundingBasis.COST_RECOVERY,
                            GBP,
                            4,
                            FY23,
                            FY26,
                            CITY_SHARES,
                            gbp("151500.00"),
                            ADD2634,
                            false,
                            null,
                            List.of(),
                            Map.of(WASHINGTON, USD, STOCKHOLM, SEK, LONDON, GBP)))
                    .expectEvents(threeCurrencies());
        }

        @Test
        void aRateAloneGivesTheReportingAmountRoundedHalfToEven() {
            // 0.05 SEK at 0.5 is 0.025 GBP: half to even gives 0.02, half up would give 0.03
            fixture.given(threeCurrencies())
                    .when(receipt(E1, STOCKHOLM, sek("0.05"), new Conversion(null, new BigDecimal("0.5"), "ECB")))
                    .expectEvents(new FundsReceived(
                            CTPN,
                            E1,
                            STOCKHOLM,
                            new Contributor("Stockholm"),
                            FY23,
                            sek("0.05"),
                            ON,
                            gbp("0.02"),
                            new BigDecimal("0.5"),
                            "ECB"));
        }

        @Test
        void aReportingAmountThatDisagreesWithTheRateIsRefused() {
            fixture.given(threeCurrencies())
                    .when(receipt(
                            E1,
                            STOCKHOLM,
                            sek("1000000"),
                            new Conversion(gbp("74000"), new BigDecimal("0.0745"), null)))
                    .expectException(ruleCode("rate-mismatch"))
                    .expectNoEvents();
        }

        @Test
        void aReportingAmountAloneIsKeptAsGiven() {
            fixture.given(threeCurrencies())
                    .when(receipt(E1, WASHINGTON, usd("50000"), new Conversion(gbp("39000.00"), null, "invoice 7")))
                    .expectEvents(new FundsReceived(
                            CTPN,
                            E1,
                            WASHINGTON,
                            new Contributor("Washington DC"),
                            FY23,
                            usd("50000"),
                            ON,
                            gbp("39000.00"),
                            null,
                            "invoice 7"));
        }

        @Test
        void aFunderInItsOwnCurrencyMustSayWhatItIsInTheReportingOne() {
            fixture.given(threeCurrencies())
                    .when(receipt(E1, STOCKHOLM, sek("1000"), Conversion.NONE))
                    .expectException(ruleCode("reporting-amount-required"))
                    .expectNoEvents();
        }

        @Test
        void aFunderInTheReportingCurrencyTakesNoRate() {
            fixture.given(threeCurrencies())
                    .when(new RecordReceipt(
                            CTPN, E1, LONDON, GLA, FY23, gbp("10"), ON, new Conversion(null, BigDecimal.ONE, null)))
                    .expectException(ruleCode("reporting-amount-not-allowed"))
                    .expectNoEvents();
        }

        @Test
        void anAmountInAnotherCurrencyThanTheFundersIsRefused() {
            fixture.given(threeCurrencies())
                    .when(receipt(E1, STOCKHOLM, gbp("10"), new Conversion(gbp("10"), null, null)))
                    .expectException(ruleCode("currency-mismatch"))
                    .expectNoEvents();
        }

        @Test
        void aRateOfMoreThanTwelveSignificantDigitsIsRefused() {
            fixture.given(threeCurrencies())
                    .when(receipt(
                            E1, STOCKHOLM, sek("10"), new Conversion(null, new BigDecimal("0.07450000000001"), null)))
                    .expectException(ruleCode("rate-invalid"))
                    .expectNoEvents();
        }

        @Test
        void aFundersCurrencyIsFixedOnceItIsAParty() {
            fixture.given(threeCurrencies())
                    .when(new ReviewArrangement(
                            CTPN,
                            FY24,
                            CITY_SHARES,
                            null,
                            null,
                            "Stockholm pays in euros",
                            ADD2634,
                            null,
                            null,
                            Map.of(STOCKHOLM, Currency.getInstance("EUR"))))
                    .expectException(ruleCode("currency-mismatch"))
                    .expectNoEvents();
        }

        @Test
        void aCommitmentIsAuthorisedInTheFundersCurrency() {
            fixture.given(threeCurrencies())
                    .andGiven(new DecisionRegistered(
                            CTPN,
                            new DecisionRef("SE-1"),
                            "Stockholm budget",
                            null,
                            ON,
                            List.of(new Authorisation(STOCKHOLM, null, FY23, sek("800000")))))
                    .when(new CommitFunding(
                            CTPN,
                            E1,
                            STOCKHOLM,
                            null,
                            FY23,
                            sek("900000"),
                            new DecisionRef("SE-1"),
                            new Conversion(null, new BigDecimal("0.075"), null)))
                    .expectException(ruleCode("decision-limit-exceeded"))
                    .expectNoEvents();
        }
    }

    @Nested
    class InKind {
        @Test
        void anOffsetContributionIsRecordedAndReversible() {
            InKindRecorded conference = new InKindRecorded(
                    CTPN,
                    E1,
                    WASHINGTON,
                    new Contributor("Washington DC"),
                    FY23,
                    "conference",
                    gbp("3000"),
                    "Annual conference hosted in Washington DC",
                    Treatment.OFFSET);
            fixture.given(threeCurrencies())
                    .andGiven(conference)
                    .when(new ReverseEntry(CTPN, E2, E1, "valued twice"))
                    .expectEvents(new EntryReversed(
                            CTPN,
                            E2,
                            E1,
                            EntryKind.IN_KIND,
                            FY23,
                            WASHINGTON,
                            new Contributor("Washington DC"),
                            gbp("3000"),
                            "valued twice",
                            gbp("3000"),
                            Treatment.OFFSET));
        }

        @Test
        void anInKindValueIsInTheReportingCurrency() {
            fixture.given(threeCurrencies())
                    .when(new RecordInKind(
                            CTPN, E1, WASHINGTON, null, FY23, "report", usd("100"), "Annual report", Treatment.MEMO))
                    .expectException(ruleCode("currency-mismatch"))
                    .expectNoEvents();
        }
    }

    @Nested
    class TrueUp {
        @Test
        void yearsOfACostRecoveryArrangementCloseInOrder() {
            fixture.given(threeCurrencies())
                    .when(new CloseFiscalYear(CTPN, FY24))
                    .expectException(ruleCode("earlier-year-open"))
                    .expectNoEvents();
        }

        @Test
        void closingCarriesEachPositionIntoTheNextYear() {
            fixture.given(threeCurrencies())
                    .andGiven(
                            new FundsReceived(
                                    CTPN,
                                    E1,
                                    STOCKHOLM,
                                    new Contributor("Stockholm"),
                                    FY23,
                                    sek("500000"),
                                    ON,
                                    gbp("40000"),
                                    null,
                                    null),
                            new FundsReceived(CTPN, E2, LONDON, GLA, FY23, gbp("10000"), ON),
                            new CostRecorded(CTPN, E3, FY23, "coordinator", gbp("60000"), ON, "Coordinator"),
                            new InKindRecorded(
                                    CTPN,
                                    new EntryId("e4"),
                                    WASHINGTON,
                                    new Contributor("Washington DC"),
                                    FY23,
                                    "conference",
                                    gbp("3000"),
                                    "Conference",
                                    Treatment.OFFSET))
                    .when(new CloseFiscalYear(CTPN, FY23))
                    // costs 63,000 (the conference included) shared 50/25/25: 31,500, 15,750, 15,750
                    .expectEvents(new FiscalYearClosed(
                            CTPN,
                            FY23,
                            List.of(
                                    new Carry(STOCKHOLM, null, gbp("8500")),
                                    new Carry(LONDON, null, gbp("5750").negate()),
                                    new Carry(WASHINGTON, null, gbp("12750").negate())),
                            List.of()));
        }

        @Test
        void whatWasBroughtForwardIsCarriedOnWhenNothingElseHappens() {
            fixture.given(threeCurrencies())
                    .andGiven(
                            new CostRecorded(CTPN, E3, FY23, "coordinator", gbp("100"), ON, "Coordinator"),
                            new FiscalYearClosed(
                                    CTPN,
                                    FY23,
                                    List.of(
                                            new Carry(STOCKHOLM, null, gbp("50").negate()),
                                            new Carry(LONDON, null, gbp("25").negate()),
                                            new Carry(
                                                    WASHINGTON, null, gbp("25").negate())),
                                    List.of()))
                    .when(new CloseFiscalYear(CTPN, FY24))
                    .expectEvents(new FiscalYearClosed(
                            CTPN,
                            FY24,
                            List.of(
                                    new Carry(STOCKHOLM, null, gbp("50").negate()),
                                    new Carry(LONDON, null, gbp("25").negate()),
                                    new Carry(WASHINGTON, null, gbp("25").negate())),
                            List.of()));
        }

        @Test
        void closingTheLastYearRecordsSettlements() {
            fixture.given(opened(FundingBasis.COST_RECOVERY, FY23))
                    .andGiven(new FundsReceived(CTPN, E1, LONDON, GLA, FY23, gbp("100"), ON))
                    .when(new CloseFiscalYear(CTPN, FY23))
                    .expectEvents(new FiscalYearClosed(
                            CTPN,
                            FY23,
                            List.of(),
                            List.of(
                                    new Carry(STOCKHOLM, null, gbp("0")),
                                    new Carry(LONDON, null, gbp("100")),
                                    new Carry(WASHINGTON, null, gbp("0")))));
        }

        @Test
        void aFixedContributionArrangementCarriesNothingAndClosesInAnyOrder() {
            fixture.given(opened(FundingBasis.FIXED_CONTRIBUTION, FY26))
                    .andGiven(new FundsReceived(CTPN, E1, LONDON, GLA, FY24, gbp("100"), ON))
                    .when(new CloseFiscalYear(CTPN, FY24))
                    .expectEvents(new FiscalYearClosed(CTPN, FY24));
        }
    }
}
