package org.publicfunds.ledger.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class AllocationProperties {

    @Property
    void partsAlwaysSumToTheTotal(
            @ForAll @LongRange(min = 0, max = Money.MAX_INPUT_MINOR) long total,
            @ForAll("weights") List<Percent> weights) {
        long[] parts = Allocation.split(total, weights);
        assertThat(Arrays.stream(parts).sum()).isEqualTo(total);
    }

    @Property
    void everyPartIsWithinOneMinorUnitOfItsExactShare(
            @ForAll @LongRange(min = 0, max = Money.MAX_INPUT_MINOR) long total,
            @ForAll("weights") List<Percent> weights) {
        long[] parts = Allocation.split(total, weights);
        for (int i = 0; i < parts.length; i++) {
            BigDecimal exact = BigDecimal.valueOf(total)
                    .multiply(BigDecimal.valueOf(weights.get(i).basisPoints()))
                    .divide(BigDecimal.valueOf(10_000));
            assertThat(BigDecimal.valueOf(parts[i]).subtract(exact).abs()).isLessThan(BigDecimal.ONE);
        }
    }

    @Property
    void inWholeUnitsPartsSumToTheTotalAndStayWithinOneUnitOfTheirShare(
            @ForAll @LongRange(min = 0, max = Money.MAX_INPUT_MINOR) long total,
            @ForAll("weights") List<Percent> weights,
            @ForAll @LongRange(min = 1, max = 100_000) long unit) {
        long[] parts = Allocation.split(total, weights, unit);
        assertThat(Arrays.stream(parts).sum()).isEqualTo(total);
        for (int i = 0; i < parts.length; i++) {
            // every part but the first is whole units; the first also takes what is below one unit
            long whole = i == 0 ? parts[i] - total % unit : parts[i];
            assertThat(whole % unit).isZero();
            BigDecimal exact = BigDecimal.valueOf(total)
                    .multiply(BigDecimal.valueOf(weights.get(i).basisPoints()))
                    .divide(BigDecimal.valueOf(10_000));
            // within one unit of its share of the whole units, which miss the exact share by the part of T below
            // one unit (r < u) times its weight; the first also holds r itself
            BigDecimal slack = BigDecimal.valueOf(i == 0 ? 3 * unit : 2 * unit);
            assertThat(BigDecimal.valueOf(parts[i]).subtract(exact).abs()).isLessThan(slack);
        }
    }

    @Property
    void withAUnitOfOneMinorUnitItIsTheSplitOfSectionThree(
            @ForAll @LongRange(min = 0, max = Money.MAX_INPUT_MINOR) long total,
            @ForAll("weights") List<Percent> weights) {
        assertThat(Allocation.split(total, weights, 1)).containsExactly(Allocation.split(total, weights));
    }

    @Example
    void londonsShareInWholePoundsGivesTheGlaTheOddPound() {
        // the decision's figures: 37875.00 split 50/50 in whole pounds is 18938.00 and 18937.00, not 18937.50 each
        assertThat(Allocation.split(3_787_500, List.of(Percent.of(50), Percent.of(50)), 100))
                .containsExactly(1_893_800, 1_893_700);
        // and in pence it would be even
        assertThat(Allocation.split(3_787_500, List.of(Percent.of(50), Percent.of(50))))
                .containsExactly(1_893_750, 1_893_750);
    }

    @Example
    void splitsTheCtpnBudgetFiftyTwentyFiveTwentyFive() {
        long[] parts = Allocation.split(15_150_000, List.of(Percent.of(50), Percent.of(25), Percent.of(25)));
        assertThat(parts).containsExactly(7_575_000, 3_787_500, 3_787_500);
    }

    @Example
    void givesLeftoverUnitsToTheLargestRemainders() {
        // 100 by 33.33/33.33/33.34: floors 33, 33, 33 with remainders .33, .33, .34 -> the third gets the unit
        long[] parts = Allocation.split(100, List.of(new Percent(3333), new Percent(3333), new Percent(3334)));
        assertThat(parts).containsExactly(33, 33, 34);
    }

    @Example
    void breaksTiesInFavourOfTheFunderListedFirst() {
        long[] parts = Allocation.split(1, List.of(Percent.of(50), Percent.of(50)));
        assertThat(parts).containsExactly(1, 0);
        long[] three = Allocation.split(2, List.of(Percent.of(25), Percent.of(50), Percent.of(25)));
        assertThat(three).containsExactly(1, 1, 0);
    }

    @Provide
    Arbitrary<List<Percent>> weights() {
        return Arbitraries.integers()
                .between(1, 12)
                .flatMap(n -> Arbitraries.integers()
                        .between(1, 10_000)
                        .list()
                        .ofSize(n)
                        .map(raw -> normalise(raw)));
    }

    /** Scales arbitrary positive numbers into basis points summing to exactly 10,000. */
    private static List<Percent> normalise(List<Integer> raw) {
        long sum = raw.stream().mapToLong(Integer::longValue).sum();
        List<Integer> bps = new ArrayList<>();
        int given = 0;
        for (int i = 0; i < raw.size(); i++) {
            int bp = i == raw.size() - 1 ? 10_000 - given : (int) (raw.get(i) * 10_000L / sum);
            bps.add(bp);
            given += bp;
        }
        return bps.stream().map(Percent::new).toList();
    }
}
