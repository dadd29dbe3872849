package org.publicfunds.ledger.arrangement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/** The arithmetic of settlement currencies and of the year-end true-up (LEDGER.md 8.4, 8.6), over many cases. */
class TrueUpProperties {

    static final Currency GBP = Currency.getInstance("GBP");
    static final ArrangementId ID = new ArrangementId("p");
    static final FiscalYear FY23 = FiscalYear.parse("2023-24");
    static final FiscalYear FY24 = FiscalYear.parse("2024-25");
    static final Funder[] FUNDERS = {new Funder("A"), new Funder("B"), new Funder("C")};
    static final Contributor B1 = new Contributor("B1");
    static final Contributor B2 = new Contributor("B2");
    static final LocalDate ON = LocalDate.of(2023, 6, 1);

    /**
     * amount x rate rounded half to even at the target's minor digits, computed here with whole
     * numbers only (the exact product as a fraction, then the remainder compared with one half):
     * the ledger's reporting amount is the same, to the minor unit, whatever the currencies.
     */
    @Property
    void aReportingAmountFromARateIsExactlyRoundedHalfToEven(
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long amountMinor,
            @ForAll("currencies") Currency from,
            @ForAll("currencies") Currency to,
            @ForAll("rates") BigDecimal rate) {
        Money amount = new Money(amountMinor, from);
        Money converted = Arrangement.convert(amount, rate, to);

        // value in target minor units = amountMinor * unscaled(rate) * 10^(to) / 10^(from + scale(rate))
        int shift = Money.minorDigits(to) - Money.minorDigits(from) - rate.scale();
        BigInteger numerator = BigInteger.valueOf(amountMinor).multiply(rate.unscaledValue());
        BigInteger denominator = BigInteger.ONE;
        if (shift >= 0) {
            numerator = numerator.multiply(BigInteger.TEN.pow(shift));
        } else {
            denominator = BigInteger.TEN.pow(-shift);
        }
        BigInteger[] quotient = numerator.divideAndRemainder(denominator);
        int half = quotient[1].shiftLeft(1).compareTo(denominator);
        BigInteger expected = quotient[0];
        if (half > 0 || half == 0 && quotient[0].testBit(0)) {
            expected = expected.add(BigInteger.ONE);
        }
        assertThat(converted.currency()).isEqualTo(to);
        assertThat(BigInteger.valueOf(converted.amountMinor())).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Currency> currencies() {
        // no, two and three minor digits
        return Arbitraries.of("JPY", "GBP", "SEK", "USD", "KWD").map(Currency::getInstance);
    }

    @Provide
    Arbitrary<BigDecimal> rates() {
        // positive, at most 12 significant digits, from 10^-8 to 10^4
        return Combinators.combine(
                        Arbitraries.longs().between(1, 999_999_999_999L),
                        Arbitraries.integers().between(0, 20))
                .as((unscaled, scale) -> BigDecimal.valueOf(unscaled, scale))
                .filter(rate -> rate.compareTo(new BigDecimal("0.00000001")) >= 0
                        && rate.compareTo(new BigDecimal("10000")) <= 0);
    }

    /** One entry of a generated year: who, what and how much. */
    record Entry(int kind, int funder, boolean second, long minor) {}

    @Provide
    Arbitrary<List<Entry>> years() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false),
                        Arbitraries.longs().between(1, 10_000_000_000L))
                .as(Entry::new)
                .list()
                .ofMaxSize(30);
    }

    /**
     * Whatever a cost-recovery year holds, closing it carries, over the funders, exactly what was
     * brought forward + received + in-kind OFFSET - the year's costs; and a split funder's line is
     * the sum of its contributors' lines.
     */
    @Property(tries = 200)
    void whatIsCarriedForwardIsWhatCameInLessTheCosts(
            @ForAll("years") List<Entry> entries,
            @ForAll @IntRange(min = 1, max = 9_998) int first,
            @ForAll @IntRange(min = 1, max = 9_998) int second,
            @ForAll("units") long unit,
            @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long broughtForward) {
        int a = Math.min(first, second);
        int b = Math.max(first, second) == a ? a + 1 : Math.max(first, second);
        Shares shares = Shares.of(
                new Share(FUNDERS[0], new Percent(a)),
                new Share(FUNDERS[1], new Percent(b - a)),
                new Share(FUNDERS[2], new Percent(10_000 - b)));
        List<Object> given = new ArrayList<>();
        given.add(new ArrangementOpened(
                ID,
                "P",
                "H",
                FundingBasis.COST_RECOVERY,
                GBP,
                4,
                FY23,
                FY24.next(),
                shares,
                null,
                new DecisionRef("D")));
        if (unit != 1) {
            given.add(new AllocationUnitSet(ID, new Money(unit, GBP)));
        }
        given.add(new ContributorSharesSet(
                ID,
                FY23,
                FUNDERS[1],
                List.of(new ContributorShare(B1, Percent.of(60)), new ContributorShare(B2, Percent.of(40)))));
        // what the year before carried in (its close is given; the funder's line and its contributors')
        given.add(new FiscalYearClosed(
                ID,
                FY23,
                List.of(
                        new Carry(FUNDERS[0], null, new Money(broughtForward, GBP)),
                        new Carry(FUNDERS[1], null, new Money(-broughtForward, GBP)),
                        new Carry(FUNDERS[1], B1, new Money(-broughtForward, GBP)),
                        new Carry(FUNDERS[1], B2, new Money(0, GBP))),
                List.of()));
        long received = 0;
        long offset = 0;
        // the year's costs: recorded costs and in-kind OFFSET values (LEDGER.md 8.5)
        long costs = 0;
        int n = 0;
        for (Entry entry : entries) {
            EntryId id = new EntryId("e" + n++);
            Funder funder = FUNDERS[entry.funder()];
            Contributor contributor =
                    entry.funder() == 1 ? (entry.second() ? B2 : B1) : new Contributor(funder.value());
            Money amount = new Money(entry.minor(), GBP);
            switch (entry.kind()) {
                case 0, 1 -> {
                    given.add(new FundsReceived(ID, id, funder, contributor, FY24, amount, ON));
                    received += entry.minor();
                }
                case 2 -> {
                    given.add(new CostRecorded(ID, id, FY24, "cost", amount, ON, "cost"));
                    costs += entry.minor();
                }
                case 3 -> {
                    given.add(new InKindRecorded(
                            ID, id, funder, contributor, FY24, "conference", amount, "c", Treatment.OFFSET));
                    offset += entry.minor();
                    costs += entry.minor();
                }
                default ->
                    given.add(new InKindRecorded(
                            ID, id, funder, contributor, FY24, "report", amount, "r", Treatment.MEMO));
            }
        }
        long total = received + offset - costs;
        FixtureConfiguration<Arrangement> fixture = new AggregateTestFixture<>(Arrangement.class);
        fixture.given(given).when(new CloseFiscalYear(ID, FY24)).expectEventsMatching(new BaseMatcher<>() {
            @Override
            public boolean matches(Object actual) {
                FiscalYearClosed closed = (FiscalYearClosed) ((List<?>) actual)
                        .stream()
                                .map(message -> ((EventMessage<?>) message).getPayload())
                                .findFirst()
                                .orElseThrow();
                long funders = closed.carryForward().stream()
                        .filter(c -> c.contributor() == null)
                        .mapToLong(c -> c.amount().amountMinor())
                        .sum();
                long split = closed.carryForward().stream()
                        .filter(c -> c.funder().equals(FUNDERS[1]) && c.contributor() != null)
                        .mapToLong(c -> c.amount().amountMinor())
                        .sum();
                long splitFunder = closed.carryForward().stream()
                        .filter(c -> c.funder().equals(FUNDERS[1]) && c.contributor() == null)
                        .mapToLong(c -> c.amount().amountMinor())
                        .sum();
                // what was brought forward sums to nothing over the funders: the year adds only its own flows
                return closed.settlements().isEmpty() && funders == total && split == splitFunder;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a close carrying, over the funders, " + total);
            }
        });
    }

    @Provide
    Arbitrary<Long> units() {
        return Arbitraries.of(1L, 100L, 1_000L);
    }
}
