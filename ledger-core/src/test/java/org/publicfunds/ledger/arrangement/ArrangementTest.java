package org.publicfunds.ledger.arrangement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

class ArrangementTest {

    static final Currency GBP = Currency.getInstance("GBP");
    static final ArrangementId CTPN = new ArrangementId("ctpn");
    static final Funder STOCKHOLM = new Funder("Stockholm");
    static final Funder LONDON = new Funder("London");
    static final Funder WASHINGTON = new Funder("Washington DC");
    static final Contributor GLA = new Contributor("GLA");
    static final DecisionRef ADD2634 = new DecisionRef("ADD2634");
    static final FiscalYear FY23 = FiscalYear.parse("2023-24");
    static final FiscalYear FY24 = FiscalYear.parse("2024-25");
    static final FiscalYear FY26 = FiscalYear.parse("2026-27");
    static final FiscalYear FY27 = FiscalYear.parse("2027-28");
    static final Shares CITY_SHARES = Shares.of(
            new Share(STOCKHOLM, Percent.of(50)),
            new Share(LONDON, Percent.of(25)),
            new Share(WASHINGTON, Percent.of(25)));
    static final EntryId E1 = new EntryId("e1");
    static final EntryId E2 = new EntryId("e2");

    FixtureConfiguration<Arrangement> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Arrangement.class);
    }

    static Money gbp(String amount) {
        return Money.parse(amount, GBP);
    }

    static OpenArrangement open(Shares shares, FiscalYear first, FiscalYear last) {
        return new OpenArrangement(
                CTPN,
                "Counter-Terrorism Preparedness Network",
                "London Fire Commissioner",
                FundingBasis.COST_RECOVERY,
                GBP,
                4,
                first,
                last,
                shares,
                gbp("151500.00"),
                ADD2634);
    }

    static ArrangementOpened opened() {
        return opened(FY23, FY26);
    }

    static ArrangementOpened opened(FiscalYear first, FiscalYear last) {
        return new ArrangementOpened(
                CTPN,
                "Counter-Terrorism Preparedness Network",
                "London Fire Commissioner",
                FundingBasis.COST_RECOVERY,
                GBP,
                4,
                first,
                last,
                CITY_SHARES,
                gbp("151500.00"),
                ADD2634);
    }

    static FundingCommitted committed(EntryId id, FiscalYear year, String amount) {
        return new FundingCommitted(CTPN, id, LONDON, GLA, year, gbp(amount), ADD2634);
    }

    @Nested
    class Opening {
        @Test
        void canOpenAnArrangementWithSharesSummingToHundred() {
            fixture.givenNoPriorActivity()
                    .when(open(CITY_SHARES, FY23, FY26))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(opened());
        }

        @Test
        void cannotOpenWithTheLastYearBeforeTheFirst() {
            fixture.givenNoPriorActivity()
                    .when(open(CITY_SHARES, FY26, FY23))
                    .expectException(RuleViolation.class)
                    .expectExceptionMessage(Matchers.containsString("is before the first"))
                    .expectNoEvents();
        }

        @Test
        void canOpenWithTheFirstYearAlsoTheLast() {
            fixture.givenNoPriorActivity().when(open(CITY_SHARES, FY23, FY23)).expectEvents(opened(FY23, FY23));
        }

        @Test
        void cannotOpenWithACurrencyThatHasNoMinorUnit() {
            fixture.givenNoPriorActivity()
                    .when(new OpenArrangement(
                            CTPN,
                            "Gold fund",
                            "Host",
                            FundingBasis.COST_RECOVERY,
                            Currency.getInstance("XAU"),
                            4,
                            FY23,
                            FY26,
                            CITY_SHARES,
                            null,
                            ADD2634))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Committing {
        @Test
        void canCommitFundingForAFunderInAnOpenYear() {
            fixture.given(opened())
                    .when(new CommitFunding(CTPN, E1, LONDON, GLA, FY23, gbp("18938"), ADD2634))
                    .expectEvents(committed(E1, FY23, "18938.00"));
        }

        @Test
        void canCommitWithoutAContributorAndTheFunderPays() {
            fixture.given(opened())
                    .when(new CommitFunding(CTPN, E1, LONDON, null, FY23, gbp("18938"), ADD2634))
                    .expectEvents(new FundingCommitted(
                            CTPN, E1, LONDON, new Contributor("London"), FY23, gbp("18938"), ADD2634));
        }

        @Test
        void cannotCommitForAFunderThatIsNotAParty() {
            expectRule(
                    new CommitFunding(CTPN, E1, new Funder("Paris"), null, FY23, gbp("10"), ADD2634),
                    "funder-not-party");
        }

        @Test
        void cannotCommitOutsideTheTerm() {
            expectRule(new CommitFunding(CTPN, E1, LONDON, null, FY27, gbp("10"), ADD2634), "fiscal-year-outside-term");
        }

        @Test
        void cannotCommitToAClosedYear() {
            fixture.given(opened(), new FiscalYearClosed(CTPN, FY23))
                    .when(new CommitFunding(CTPN, E1, LONDON, null, FY23, gbp("10"), ADD2634))
                    .expectException(RuleViolation.class)
                    .expectException(ruleCode("fiscal-year-closed"))
                    .expectNoEvents();
        }

        @Test
        void cannotCommitZero() {
            expectRule(new CommitFunding(CTPN, E1, LONDON, null, FY23, gbp("0"), ADD2634), "amount-not-positive");
        }

        @Test
        void cannotCommitInAnotherCurrency() {
            expectRule(
                    new CommitFunding(
                            CTPN, E1, LONDON, null, FY23, Money.parse("10", Currency.getInstance("USD")), ADD2634),
                    "currency-mismatch");
        }

        @Test
        void cannotCommitWithoutADecision() {
            expectMissing(new CommitFunding(CTPN, E1, LONDON, null, FY23, gbp("10"), null), "decisionRef");
        }

        @Test
        void cannotReuseAnEntryId() {
            fixture.given(opened(), committed(E1, FY23, "10"))
                    .when(new CommitFunding(CTPN, E1, LONDON, null, FY23, gbp("10"), ADD2634))
                    .expectException(ruleCode("entry-id-taken"))
                    .expectNoEvents();
        }

        @Test
        void canCommitForAFunderAddedByAReviewFromItsEffectiveYear() {
            Funder paris = new Funder("Paris");
            Shares withParis = Shares.of(
                    new Share(STOCKHOLM, Percent.of(40)),
                    new Share(LONDON, Percent.of(20)),
                    new Share(WASHINGTON, Percent.of(20)),
                    new Share(paris, Percent.of(20)));
            fixture.given(opened(), new ArrangementReviewed(CTPN, FY24, withParis, null, null, "Paris joins", ADD2634))
                    .when(new CommitFunding(CTPN, E1, paris, null, FY24, gbp("10"), ADD2634))
                    .expectEvents(new FundingCommitted(
                            CTPN, E1, paris, new Contributor("Paris"), FY24, gbp("10.00"), ADD2634));
        }

        @Test
        void cannotCommitForAFunderAddedByAReviewBeforeItsEffectiveYear() {
            Funder paris = new Funder("Paris");
            Shares withParis = Shares.of(
                    new Share(STOCKHOLM, Percent.of(40)),
                    new Share(LONDON, Percent.of(20)),
                    new Share(WASHINGTON, Percent.of(20)),
                    new Share(paris, Percent.of(20)));
            fixture.given(opened(), new ArrangementReviewed(CTPN, FY24, withParis, null, null, "Paris joins", ADD2634))
                    .when(new CommitFunding(CTPN, E1, paris, null, FY23, gbp("10"), ADD2634))
                    .expectException(ruleCode("funder-not-party"))
                    .expectNoEvents();
        }

        @Test
        void cannotCommitToAnArrangementNeverOpened() {
            fixture.givenNoPriorActivity()
                    .when(new CommitFunding(CTPN, E1, LONDON, null, FY23, gbp("10"), ADD2634))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Receiving {
        @Test
        void canRecordAReceipt() {
            LocalDate on = LocalDate.of(2023, 6, 1);
            fixture.given(opened())
                    .when(new RecordReceipt(CTPN, E1, LONDON, GLA, FY23, gbp("100.5"), on))
                    .expectEvents(new FundsReceived(CTPN, E1, LONDON, GLA, FY23, gbp("100.50"), on));
        }

        @Test
        void cannotRecordAReceiptWithoutADate() {
            expectMissing(new RecordReceipt(CTPN, E1, LONDON, GLA, FY23, gbp("100"), null), "receivedOn");
        }

        @Test
        void cannotRecordAReceiptFromANonParty() {
            expectRule(
                    new RecordReceipt(CTPN, E1, new Funder("Oslo"), null, FY23, gbp("100"), LocalDate.of(2023, 6, 1)),
                    "funder-not-party");
        }

        @Test
        void cannotRecordAReceiptInAClosedYear() {
            fixture.given(opened(), new FiscalYearClosed(CTPN, FY23))
                    .when(new RecordReceipt(CTPN, E1, LONDON, GLA, FY23, gbp("100"), LocalDate.of(2023, 6, 1)))
                    .expectException(ruleCode("fiscal-year-closed"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Costs {
        @Test
        void canRecordACost() {
            LocalDate on = LocalDate.of(2023, 9, 1);
            fixture.given(opened())
                    .when(new RecordCost(CTPN, E1, FY23, "coordinator", gbp("1000"), on, "Network coordinator salary"))
                    .expectEvents(new CostRecorded(
                            CTPN, E1, FY23, "coordinator", gbp("1000"), on, "Network coordinator salary"));
        }

        @Test
        void cannotRecordACostOutsideTheTerm() {
            expectRule(
                    new RecordCost(CTPN, E1, FY27, "conference", gbp("1000"), LocalDate.of(2027, 9, 1), "Conference"),
                    "fiscal-year-outside-term");
        }

        @Test
        void cannotRecordANegativeOrZeroCost() {
            expectRule(
                    new RecordCost(CTPN, E1, FY23, "conference", gbp("0"), LocalDate.of(2023, 9, 1), "Conference"),
                    "amount-not-positive");
        }

        @Test
        void cannotRecordACostWithoutACategory() {
            fixture.given(opened())
                    .when(new RecordCost(CTPN, E1, FY23, " ", gbp("10"), LocalDate.of(2023, 9, 1), "Conference"))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Reviewing {
        @Test
        void canReviewSharesFromAFutureYear() {
            Shares even = Shares.of(
                    new Share(STOCKHOLM, new Percent(3334)),
                    new Share(LONDON, new Percent(3333)),
                    new Share(WASHINGTON, new Percent(3333)));
            fixture.given(opened())
                    .when(new ReviewArrangement(
                            CTPN, FY24, even, null, null, "Equal shares", new DecisionRef("CTPN-2024-1")))
                    .expectEvents(new ArrangementReviewed(
                            CTPN, FY24, even, null, null, "Equal shares", new DecisionRef("CTPN-2024-1")));
        }

        @Test
        void cannotReviewFromAClosedYear() {
            fixture.given(opened(), new FiscalYearClosed(CTPN, FY23))
                    .when(new ReviewArrangement(CTPN, FY23, null, gbp("1"), null, "Budget", ADD2634))
                    .expectException(ruleCode("fiscal-year-closed"))
                    .expectNoEvents();
        }

        @Test
        void cannotReviewFromAnOpenYearBeforeAClosedOne() {
            fixture.given(opened(), new FiscalYearClosed(CTPN, FY24))
                    .when(new ReviewArrangement(CTPN, FY23, null, gbp("1"), null, "Budget", ADD2634))
                    .expectException(ruleCode("fiscal-year-closed"))
                    .expectNoEvents();
        }

        @Test
        void canReviewFromTheYearAfterAClosedOne() {
            fixture.given(opened(), new FiscalYearClosed(CTPN, FY23))
                    .when(new ReviewArrangement(CTPN, FY24, null, gbp("1"), null, "Budget", ADD2634))
                    .expectEvents(new ArrangementReviewed(CTPN, FY24, null, gbp("1"), null, "Budget", ADD2634));
        }

        @Test
        void canExtendTheTerm() {
            fixture.given(opened())
                    .when(new ReviewArrangement(CTPN, FY27, null, null, FY27, "Extended", ADD2634))
                    .expectEvents(new ArrangementReviewed(CTPN, FY27, null, null, FY27, "Extended", ADD2634));
        }

        @Test
        void canShortenTheTermToAYearWithEntries() {
            fixture.given(opened(), committed(E1, FY24, "10"))
                    .when(new ReviewArrangement(CTPN, FY24, null, null, FY24, "Shortened", ADD2634))
                    .expectEvents(new ArrangementReviewed(CTPN, FY24, null, null, FY24, "Shortened", ADD2634));
        }

        @Test
        void cannotShortenTheTermBeforeAYearWithEntries() {
            fixture.given(opened(), committed(E1, FY24, "10"))
                    .when(new ReviewArrangement(CTPN, FY23, null, null, FY23, "Shortened", ADD2634))
                    .expectException(ruleCode("term-cuts-off-entries"))
                    .expectNoEvents();
        }

        @Test
        void cannotReviewWithoutAnyChange() {
            expectRule(
                    new ReviewArrangement(CTPN, FY24, null, null, null, "Nothing", ADD2634), "review-changes-nothing");
        }

        @Test
        void cannotReviewWithoutADecision() {
            expectMissing(new ReviewArrangement(CTPN, FY24, null, gbp("1"), null, "Budget", null), "decisionRef");
        }

        @Test
        void cannotReviewFromOutsideTheTerm() {
            expectRule(
                    new ReviewArrangement(CTPN, FY27, null, gbp("1"), null, "Budget", ADD2634),
                    "fiscal-year-outside-term");
        }

        @Test
        void cannotReviewWithAZeroBudget() {
            expectRule(
                    new ReviewArrangement(CTPN, FY24, null, gbp("0"), null, "Budget", ADD2634), "amount-not-positive");
        }
    }

    @Nested
    class Reversing {
        @Test
        void canReverseAnEntryAndTheEventCarriesTheWholeFact() {
            fixture.given(opened(), committed(E1, FY23, "18938"))
                    .when(new ReverseEntry(CTPN, E2, E1, "Entered twice"))
                    .expectEvents(new EntryReversed(
                            CTPN, E2, E1, EntryKind.COMMITMENT, FY23, LONDON, GLA, gbp("18938"), "Entered twice"));
        }

        @Test
        void cannotReverseAnUnknownEntry() {
            fixture.given(opened())
                    .when(new ReverseEntry(CTPN, E2, E1, "Entered twice"))
                    .expectException(UnknownEntry.class)
                    .expectNoEvents();
        }

        @Test
        void cannotReverseTwice() {
            fixture.given(
                            opened(),
                            committed(E1, FY23, "18938"),
                            new EntryReversed(
                                    CTPN, E2, E1, EntryKind.COMMITMENT, FY23, LONDON, GLA, gbp("18938"), "Twice"))
                    .when(new ReverseEntry(CTPN, new EntryId("e3"), E1, "Again"))
                    .expectException(ruleCode("entry-already-reversed"))
                    .expectNoEvents();
        }

        @Test
        void cannotReverseAReversal() {
            fixture.given(
                            opened(),
                            committed(E1, FY23, "18938"),
                            new EntryReversed(
                                    CTPN, E2, E1, EntryKind.COMMITMENT, FY23, LONDON, GLA, gbp("18938"), "Twice"))
                    .when(new ReverseEntry(CTPN, new EntryId("e3"), E2, "Undo"))
                    .expectException(ruleCode("entry-not-reversible"))
                    .expectNoEvents();
        }

        @Test
        void cannotReverseAnEntryOfAClosedYear() {
            fixture.given(opened(), committed(E1, FY23, "18938"), new FiscalYearClosed(CTPN, FY23))
                    .when(new ReverseEntry(CTPN, E2, E1, "Too late"))
                    .expectException(ruleCode("fiscal-year-closed"))
                    .expectNoEvents();
        }

        @Test
        void cannotReverseWithoutAReason() {
            fixture.given(opened(), committed(E1, FY23, "18938"))
                    .when(new ReverseEntry(CTPN, E2, E1, ""))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Closing {
        @Test
        void canCloseAYearOfTheTerm() {
            fixture.given(opened())
                    .when(new CloseFiscalYear(CTPN, FY23))
                    .expectEvents(new FiscalYearClosed(
                            CTPN,
                            FY23,
                            List.of(
                                    new Carry(STOCKHOLM, null, gbp("0")),
                                    new Carry(LONDON, null, gbp("0")),
                                    new Carry(WASHINGTON, null, gbp("0"))),
                            List.of()));
        }

        @Test
        void cannotCloseAYearTwice() {
            fixture.given(opened(), new FiscalYearClosed(CTPN, FY23))
                    .when(new CloseFiscalYear(CTPN, FY23))
                    .expectException(ruleCode("fiscal-year-already-closed"))
                    .expectNoEvents();
        }

        @Test
        void cannotCloseAYearOutsideTheTerm() {
            expectRule(new CloseFiscalYear(CTPN, FY27), "fiscal-year-outside-term");
        }
    }

    /** Decisions with authority (LEDGER.md 8.1). */
    @Nested
    class Decisions {
        final Contributor lfc = new Contributor("LFC");
        final LocalDate signed = LocalDate.of(2023, 10, 2);

        DecisionRegistered add2634() {
            return new DecisionRegistered(
                    CTPN,
                    ADD2634,
                    "Continuation of Counter-Terrorism Preparedness Network (CTPN)",
                    "Assistant Director",
                    signed,
                    List.of(
                            new Authorisation(LONDON, GLA, FY23, gbp("18938.00")),
                            new Authorisation(LONDON, lfc, FY23, gbp("18937.00"))));
        }

        @Test
        void canRegisterADecisionWithItsAuthorisations() {
            DecisionRegistered registered = add2634();
            fixture.given(opened())
                    .when(new RegisterDecision(
                            CTPN,
                            ADD2634,
                            registered.title(),
                            "Assistant Director",
                            signed,
                            registered.authorisations()))
                    .expectEvents(registered);
        }

        @Test
        void canRegisterADecisionThatAuthorisesNoMoney() {
            DecisionRef ref = new DecisionRef("CTPN-2024-1");
            fixture.given(opened())
                    .when(new RegisterDecision(CTPN, ref, "Review of shares", null, signed, List.of()))
                    .expectEvents(new DecisionRegistered(CTPN, ref, "Review of shares", null, signed, List.of()));
        }

        @Test
        void cannotRegisterTheSameDecisionTwice() {
            fixture.given(opened(), add2634())
                    .when(new RegisterDecision(CTPN, ADD2634, "Again", null, signed, List.of()))
                    .expectException(ruleCode("decision-exists"))
                    .expectNoEvents();
        }

        @Test
        void cannotAuthoriseTheFunderAndOneOfItsContributorsForTheSameYear() {
            expectRule(
                    new RegisterDecision(
                            CTPN,
                            ADD2634,
                            "Both",
                            null,
                            signed,
                            List.of(
                                    new Authorisation(LONDON, GLA, FY23, gbp("10")),
                                    new Authorisation(LONDON, null, FY23, gbp("10")))),
                    "authorisation-duplicate");
            expectRule(
                    new RegisterDecision(
                            CTPN,
                            ADD2634,
                            "Twice",
                            null,
                            signed,
                            List.of(
                                    new Authorisation(LONDON, GLA, FY23, gbp("10")),
                                    new Authorisation(LONDON, GLA, FY23, gbp("20")))),
                    "authorisation-duplicate");
        }

        @Test
        void cannotAuthoriseANonPartyOutsideTheTermOrNothing() {
            expectRule(
                    new RegisterDecision(
                            CTPN,
                            ADD2634,
                            "Paris",
                            null,
                            signed,
                            List.of(new Authorisation(new Funder("Paris"), null, FY23, gbp("10")))),
                    "funder-not-party");
            expectRule(
                    new RegisterDecision(
                            CTPN,
                            ADD2634,
                            "Late",
                            null,
                            signed,
                            List.of(new Authorisation(LONDON, null, FY27, gbp("10")))),
                    "fiscal-year-outside-term");
            expectRule(
                    new RegisterDecision(
                            CTPN,
                            ADD2634,
                            "Zero",
                            null,
                            signed,
                            List.of(new Authorisation(LONDON, null, FY23, gbp("0")))),
                    "amount-not-positive");
        }

        @Test
        void canListFiveHundredAuthorisationsButNotOneMore() {
            List<Authorisation> many = new ArrayList<>();
            for (int i = 0; i < Arrangement.MAX_AUTHORISATIONS; i++) {
                many.add(new Authorisation(LONDON, new Contributor("Body " + i), FY23, gbp("1")));
            }
            DecisionRef ref = new DecisionRef("MANY");
            fixture.given(opened())
                    .when(new RegisterDecision(CTPN, ref, "Many", null, signed, many))
                    .expectEvents(new DecisionRegistered(CTPN, ref, "Many", null, signed, many));
            List<Authorisation> tooMany = new ArrayList<>(many);
            tooMany.add(new Authorisation(STOCKHOLM, null, FY23, gbp("1")));
            fixture.given(opened())
                    .when(new RegisterDecision(CTPN, ref, "Too many", null, signed, tooMany))
                    .expectException(ruleCode("decision-register-limit"))
                    .expectNoEvents();
        }

        @Test
        void canCommitWithinTheAuthorisationUpToItsLastPenny() {
            fixture.given(opened(), add2634(), committed(E1, FY23, "18000.00"))
                    .when(new CommitFunding(CTPN, E2, LONDON, GLA, FY23, gbp("938.00"), ADD2634))
                    .expectEvents(committed(E2, FY23, "938.00"));
        }

        @Test
        void cannotCommitBeyondTheAuthorisationAndTheDetailStatesTheHeadroom() {
            fixture.given(opened(), add2634(), committed(E1, FY23, "18000.00"))
                    .when(new CommitFunding(CTPN, E2, LONDON, GLA, FY23, gbp("938.01"), ADD2634))
                    .expectException(ruleCode("decision-limit-exceeded"))
                    .expectExceptionMessage(Matchers.containsString("remaining headroom is 938.00 GBP"))
                    .expectNoEvents();
        }

        @Test
        void aReversedCommitmentGivesItsHeadroomBack() {
            fixture.given(
                            opened(),
                            add2634(),
                            committed(E1, FY23, "18938.00"),
                            new EntryReversed(
                                    CTPN,
                                    E2,
                                    E1,
                                    EntryKind.COMMITMENT,
                                    FY23,
                                    LONDON,
                                    GLA,
                                    gbp("18938.00"),
                                    "Entered twice"))
                    .when(new CommitFunding(CTPN, new EntryId("e3"), LONDON, GLA, FY23, gbp("18938.00"), ADD2634))
                    .expectEvents(committed(new EntryId("e3"), FY23, "18938.00"));
        }

        @Test
        void cannotCommitForAContributorOrYearTheDecisionDoesNotCover() {
            fixture.given(opened(), add2634())
                    .when(new CommitFunding(CTPN, E1, LONDON, null, FY23, gbp("10"), ADD2634))
                    .expectException(ruleCode("decision-does-not-cover"))
                    .expectNoEvents();
            fixture.given(opened(), add2634())
                    .when(new CommitFunding(CTPN, E1, LONDON, GLA, FY24, gbp("10"), ADD2634))
                    .expectException(ruleCode("decision-does-not-cover"))
                    .expectNoEvents();
            fixture.given(opened(), add2634())
                    .when(new CommitFunding(CTPN, E1, STOCKHOLM, null, FY23, gbp("10"), ADD2634))
                    .expectException(ruleCode("decision-does-not-cover"))
                    .expectNoEvents();
        }

        @Test
        void aFunderWideAuthorisationCoversEveryContributorTogether() {
            DecisionRef ref = new DecisionRef("LDN-2023");
            DecisionRegistered london = new DecisionRegistered(
                    CTPN, ref, "London", null, signed, List.of(new Authorisation(LONDON, null, FY23, gbp("100"))));
            fixture.given(opened(), london, new FundingCommitted(CTPN, E1, LONDON, GLA, FY23, gbp("60"), ref))
                    .when(new CommitFunding(CTPN, E2, LONDON, lfc, FY23, gbp("40"), ref))
                    .expectEvents(new FundingCommitted(CTPN, E2, LONDON, lfc, FY23, gbp("40"), ref));
            fixture.given(opened(), london, new FundingCommitted(CTPN, E1, LONDON, GLA, FY23, gbp("60"), ref))
                    .when(new CommitFunding(CTPN, E2, LONDON, lfc, FY23, gbp("40.01"), ref))
                    .expectException(ruleCode("decision-limit-exceeded"))
                    .expectNoEvents();
        }

        @Test
        void canCiteAnUnregisteredDecisionUnlessDecisionsAreRequired() {
            DecisionRef unregistered = new DecisionRef("MINUTE-7");
            fixture.given(opened())
                    .when(new CommitFunding(CTPN, E1, LONDON, GLA, FY23, gbp("10"), unregistered))
                    .expectEvents(new FundingCommitted(CTPN, E1, LONDON, GLA, FY23, gbp("10"), unregistered));
            fixture.given(opened(), new DecisionsRequiredSet(CTPN, true, null, ADD2634))
                    .when(new CommitFunding(CTPN, E1, LONDON, GLA, FY23, gbp("10"), unregistered))
                    .expectException(ruleCode("decision-not-registered"))
                    .expectNoEvents();
            fixture.given(opened(), new DecisionsRequiredSet(CTPN, true, null, ADD2634))
                    .when(new ReviewArrangement(CTPN, FY24, null, gbp("1"), null, "Budget", unregistered))
                    .expectException(ruleCode("decision-not-registered"))
                    .expectNoEvents();
        }

        @Test
        void canOpenRequiringDecisions() {
            OpenArrangement plain = open(CITY_SHARES, FY23, FY26);
            fixture.givenNoPriorActivity()
                    .when(new OpenArrangement(
                            plain.arrangementId(),
                            plain.name(),
                            plain.host(),
                            plain.basis(),
                            plain.currency(),
                            plain.fiscalYearStartMonth(),
                            plain.firstFiscalYear(),
                            plain.lastFiscalYear(),
                            plain.shares(),
                            plain.annualBudget(),
                            plain.decisionRef(),
                            true))
                    .expectEvents(opened(), new DecisionsRequiredSet(CTPN, true, null, ADD2634));
        }

        @Test
        void canRequireDecisionsByAReviewAloneButNotSetWhatIsAlreadySet() {
            fixture.given(opened(), add2634())
                    .when(new ReviewArrangement(
                            CTPN, FY24, null, null, null, "Registered decisions only", ADD2634, true))
                    .expectEvents(new DecisionsRequiredSet(CTPN, true, "Registered decisions only", ADD2634));
            fixture.given(opened(), add2634(), new DecisionsRequiredSet(CTPN, true, null, ADD2634))
                    .when(new ReviewArrangement(CTPN, FY24, null, null, null, "Again", ADD2634, true))
                    .expectException(ruleCode("review-changes-nothing"))
                    .expectNoEvents();
        }
    }

    /** Pledges for the years under review (LEDGER.md 8.2). */
    @Nested
    class Pledges {
        final EntryId p1 = new EntryId("p1");

        FundingPledged pledged() {
            return new FundingPledged(CTPN, p1, LONDON, GLA, FY24, gbp("18938.00"), "indicated, under review");
        }

        @Test
        void canPledgeWithoutADecision() {
            fixture.given(opened())
                    .when(new PledgeFunding(CTPN, p1, LONDON, GLA, FY24, gbp("18938"), "indicated, under review"))
                    .expectEvents(pledged());
        }

        @Test
        void cannotPledgeForANonPartyOrAClosedYear() {
            expectRule(new PledgeFunding(CTPN, p1, new Funder("Oslo"), null, FY24, gbp("1"), null), "funder-not-party");
            fixture.given(opened(), new FiscalYearClosed(CTPN, FY24))
                    .when(new PledgeFunding(CTPN, p1, LONDON, GLA, FY24, gbp("1"), null))
                    .expectException(ruleCode("fiscal-year-closed"))
                    .expectNoEvents();
        }

        @Test
        void canConfirmAPledgeForAnotherAmountAsACommitment() {
            fixture.given(opened(), pledged())
                    .when(new ConfirmPledge(CTPN, p1, E1, gbp("18000"), ADD2634))
                    .expectEvents(new PledgeConfirmed(
                            CTPN, p1, E1, LONDON, GLA, FY24, gbp("18938.00"), gbp("18000"), ADD2634));
        }

        @Test
        void aConfirmationObeysTheDecisionRules() {
            DecisionRegistered small = new DecisionRegistered(
                    CTPN,
                    new DecisionRef("D-1"),
                    "Small",
                    null,
                    LocalDate.of(2024, 5, 1),
                    List.of(new Authorisation(LONDON, GLA, FY24, gbp("100"))));
            fixture.given(opened(), small, pledged())
                    .when(new ConfirmPledge(CTPN, p1, E1, gbp("100.01"), new DecisionRef("D-1")))
                    .expectException(ruleCode("decision-limit-exceeded"))
                    .expectNoEvents();
        }

        @Test
        void cannotConfirmOrWithdrawWhatIsNotAnOpenPledge() {
            PledgeConfirmed confirmed =
                    new PledgeConfirmed(CTPN, p1, E1, LONDON, GLA, FY24, gbp("18938"), gbp("18938"), ADD2634);
            fixture.given(opened(), pledged(), confirmed)
                    .when(new ConfirmPledge(CTPN, p1, E2, gbp("1"), ADD2634))
                    .expectException(ruleCode("pledge-not-open"))
                    .expectNoEvents();
            fixture.given(opened(), pledged(), confirmed)
                    .when(new WithdrawPledge(CTPN, p1, "Too late"))
                    .expectException(ruleCode("pledge-not-open"))
                    .expectNoEvents();
            fixture.given(opened(), committed(E1, FY23, "10"))
                    .when(new ConfirmPledge(CTPN, E1, E2, gbp("1"), ADD2634))
                    .expectException(ruleCode("entry-not-pledge"))
                    .expectNoEvents();
            fixture.given(opened())
                    .when(new WithdrawPledge(CTPN, p1, "Unknown"))
                    .expectException(UnknownEntry.class)
                    .expectNoEvents();
        }

        @Test
        void canWithdrawAnOpenPledgeButNeverReverseIt() {
            fixture.given(opened(), pledged())
                    .when(new WithdrawPledge(CTPN, p1, "No longer indicated"))
                    .expectEvents(
                            new PledgeWithdrawn(CTPN, p1, LONDON, GLA, FY24, gbp("18938.00"), "No longer indicated"));
            fixture.given(opened(), pledged())
                    .when(new ReverseEntry(CTPN, E2, p1, "Wrong"))
                    .expectException(ruleCode("entry-not-reversible"))
                    .expectNoEvents();
        }

        @Test
        void theCommitmentOfAConfirmationIsReversibleAndItsReversalDoesNotReopenThePledge() {
            PledgeConfirmed confirmed =
                    new PledgeConfirmed(CTPN, p1, E1, LONDON, GLA, FY24, gbp("18938"), gbp("18938"), ADD2634);
            EntryReversed reversal = new EntryReversed(
                    CTPN, E2, E1, EntryKind.COMMITMENT, FY24, LONDON, GLA, gbp("18938"), "Confirmed in error");
            fixture.given(opened(), pledged(), confirmed)
                    .when(new ReverseEntry(CTPN, E2, E1, "Confirmed in error"))
                    .expectEvents(reversal);
            fixture.given(opened(), pledged(), confirmed, reversal)
                    .when(new WithdrawPledge(CTPN, p1, "Again"))
                    .expectException(ruleCode("pledge-not-open"))
                    .expectNoEvents();
        }
    }

    /** Contributor sub-shares and the allocation unit (LEDGER.md 8.3). */
    @Nested
    class Splits {
        final Contributor lfc = new Contributor("LFC");
        final ContributorSplit london = new ContributorSplit(
                LONDON, List.of(new ContributorShare(GLA, Percent.of(50)), new ContributorShare(lfc, Percent.of(50))));
        final ContributorSharesSet split = new ContributorSharesSet(CTPN, FY23, LONDON, london.contributors());

        OpenArrangement openSplit(Money unit, List<ContributorSplit> splits) {
            OpenArrangement plain = open(CITY_SHARES, FY23, FY26);
            return new OpenArrangement(
                    plain.arrangementId(),
                    plain.name(),
                    plain.host(),
                    plain.basis(),
                    plain.currency(),
                    plain.fiscalYearStartMonth(),
                    plain.firstFiscalYear(),
                    plain.lastFiscalYear(),
                    plain.shares(),
                    plain.annualBudget(),
                    plain.decisionRef(),
                    false,
                    unit,
                    splits);
        }

        @Test
        void canOpenInWholePoundsWithLondonSplitBetweenTheGlaAndTheLfc() {
            fixture.givenNoPriorActivity()
                    .when(openSplit(gbp("1"), List.of(london)))
                    .expectEvents(opened(), new AllocationUnitSet(CTPN, gbp("1.00")), split);
        }

        @Test
        void cannotSplitAShareThatIsNotThereNorSplitOneTwice() {
            ContributorSplit paris =
                    new ContributorSplit(new Funder("Paris"), List.of(new ContributorShare(GLA, Percent.of(100))));
            fixture.givenNoPriorActivity()
                    .when(openSplit(null, List.of(paris)))
                    .expectException(ruleCode("funder-not-party"))
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(openSplit(null, List.of(london, london)))
                    .expectException(ruleCode("shares-invalid"))
                    .expectNoEvents();
        }

        @Test
        void aSplitSumsToHundredWithEachContributorOnce() {
            Assertions.assertThatThrownBy(
                            () -> new ContributorSplit(LONDON, List.of(new ContributorShare(GLA, Percent.of(60)))))
                    .isInstanceOfSatisfying(
                            RuleViolation.class,
                            e -> Assertions.assertThat(e.code()).isEqualTo("shares-invalid"));
            Assertions.assertThatThrownBy(() -> new ContributorSplit(
                            LONDON,
                            List.of(
                                    new ContributorShare(GLA, Percent.of(50)),
                                    new ContributorShare(GLA, Percent.of(50)))))
                    .isInstanceOfSatisfying(
                            RuleViolation.class,
                            e -> Assertions.assertThat(e.code()).isEqualTo("shares-invalid"));
        }

        @Test
        void cannotPostForASplitFunderWithoutOneOfItsContributors() {
            fixture.given(opened(), split)
                    .when(new CommitFunding(CTPN, E1, LONDON, null, FY23, gbp("10"), ADD2634))
                    .expectException(ruleCode("contributor-required"))
                    .expectNoEvents();
            fixture.given(opened(), split)
                    .when(new RecordReceipt(
                            CTPN, E1, LONDON, new Contributor("MOPAC"), FY23, gbp("10"), LocalDate.of(2023, 6, 1)))
                    .expectException(ruleCode("contributor-not-party"))
                    .expectNoEvents();
            fixture.given(opened(), split)
                    .when(new PledgeFunding(CTPN, E1, LONDON, null, FY24, gbp("10"), null))
                    .expectException(ruleCode("contributor-required"))
                    .expectNoEvents();
        }

        @Test
        void canPostForAContributorOfTheSplit() {
            fixture.given(opened(), split)
                    .when(new CommitFunding(CTPN, E1, LONDON, lfc, FY23, gbp("10"), ADD2634))
                    .expectEvents(new FundingCommitted(CTPN, E1, LONDON, lfc, FY23, gbp("10"), ADD2634));
        }

        @Test
        void canChangeTheSplitByAReviewFromAYearOn() {
            Contributor mopac = new Contributor("MOPAC");
            ContributorSplit three = new ContributorSplit(
                    LONDON,
                    List.of(
                            new ContributorShare(GLA, Percent.of(40)),
                            new ContributorShare(lfc, Percent.of(40)),
                            new ContributorShare(mopac, Percent.of(20))));
            ContributorSharesSet fromFy24 = new ContributorSharesSet(CTPN, FY24, LONDON, three.contributors());
            fixture.given(opened(), split)
                    .when(new ReviewArrangement(
                            CTPN, FY24, null, null, null, "MOPAC joins", ADD2634, null, List.of(three)))
                    .expectEvents(fromFy24);
            fixture.given(opened(), split, fromFy24)
                    .when(new CommitFunding(CTPN, E1, LONDON, mopac, FY24, gbp("10"), ADD2634))
                    .expectEvents(new FundingCommitted(CTPN, E1, LONDON, mopac, FY24, gbp("10"), ADD2634));
            fixture.given(opened(), split, fromFy24)
                    .when(new CommitFunding(CTPN, E1, LONDON, mopac, FY23, gbp("10"), ADD2634))
                    .expectException(ruleCode("contributor-not-party"))
                    .expectNoEvents();
        }
    }

    /** Limits that keep one arrangement's balances within one view document, whatever is posted. */
    @Nested
    class Limits {
        @Test
        void canOpenATermOfFiftyYears() {
            fixture.givenNoPriorActivity()
                    .when(open(CITY_SHARES, FY23, FiscalYear.parse("2072-73")))
                    .expectEvents(opened(FY23, FiscalYear.parse("2072-73")));
        }

        @Test
        void cannotOpenATermOfMoreThanFiftyYears() {
            fixture.givenNoPriorActivity()
                    .when(open(CITY_SHARES, FY23, FiscalYear.parse("2073-74")))
                    .expectException(ruleCode("term-invalid"))
                    .expectNoEvents();
        }

        @Test
        void cannotReviewTheTermBeyondFiftyYears() {
            expectRule(
                    new ReviewArrangement(CTPN, FY26, null, null, FiscalYear.parse("2073-74"), "Longer", ADD2634),
                    "term-invalid");
        }

        @Test
        void canPostForAKnownPayingBodyAtTheLimitButNotForANewOne() {
            List<Object> given = new ArrayList<>();
            given.add(opened());
            for (int i = 0; i < Arrangement.MAX_CONTRIBUTORS; i++) {
                given.add(new FundingCommitted(
                        CTPN, new EntryId("c" + i), LONDON, new Contributor("Body " + i), FY23, gbp("1"), ADD2634));
            }
            fixture.given(given)
                    .when(new RecordReceipt(
                            CTPN, E1, LONDON, new Contributor("Body 7"), FY23, gbp("1"), LocalDate.of(2023, 5, 1)))
                    .expectEvents(new FundsReceived(
                            CTPN, E1, LONDON, new Contributor("Body 7"), FY23, gbp("1"), LocalDate.of(2023, 5, 1)));
            fixture.given(given)
                    .when(new CommitFunding(CTPN, E2, LONDON, new Contributor("Body 200"), FY23, gbp("1"), ADD2634))
                    .expectException(ruleCode("contributor-limit"))
                    .expectNoEvents();
        }
    }

    /** A command built without a value it needs is refused before any rule is checked, and stores nothing. */
    private void expectMissing(Object command, String field) {
        fixture.given(opened())
                .when(command)
                .expectException(IllegalArgumentException.class)
                .expectExceptionMessage(field + " is required")
                .expectNoEvents();
    }

    private void expectRule(Object command, String code) {
        fixture.given(opened()).when(command).expectException(ruleCode(code)).expectNoEvents();
    }

    static Matcher<RuleViolation> ruleCode(String code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(RuleViolation violation) {
                return violation.code().equals(code);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a rule violation with code ").appendValue(code);
            }
        };
    }
}
