package org.publicfunds.ledger.arrangement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/** The funders' shares of an arrangement: what a valid set is, and how a total is split by it. */
class SharesTest {

    static final Funder STOCKHOLM = new Funder("Stockholm");
    static final Funder LONDON = new Funder("London");
    static final Funder WASHINGTON = new Funder("Washington DC");
    static final Currency GBP = Currency.getInstance("GBP");

    @Test
    void sharesMustSumToExactlyHundred() {
        assertThatThrownBy(() -> Shares.of(new Share(STOCKHOLM, Percent.of(50)), new Share(LONDON, Percent.of(25))))
                .isInstanceOfSatisfying(
                        RuleViolation.class, e -> assertThat(e.code()).isEqualTo("shares-invalid"))
                .hasMessageContaining("sum to exactly 100");
    }

    @Test
    void aFunderIsListedOnce() {
        assertThatThrownBy(() -> Shares.of(new Share(LONDON, Percent.of(50)), new Share(LONDON, Percent.of(50))))
                .isInstanceOfSatisfying(
                        RuleViolation.class, e -> assertThat(e.code()).isEqualTo("shares-invalid"))
                .hasMessageContaining("listed twice");
    }

    @Test
    void everyShareIsAboveZero() {
        assertThatThrownBy(() -> Shares.of(new Share(LONDON, Percent.of(100)), new Share(STOCKHOLM, Percent.ZERO)))
                .isInstanceOfSatisfying(
                        RuleViolation.class, e -> assertThat(e.code()).isEqualTo("shares-invalid"))
                .hasMessageContaining("above 0");
    }

    @Test
    void thereIsAtLeastOneFunder() {
        assertThatThrownBy(() -> new Shares(List.of()))
                .isInstanceOfSatisfying(
                        RuleViolation.class, e -> assertThat(e.code()).isEqualTo("shares-invalid"))
                .hasMessageContaining("at least one funder");
    }

    @Test
    void thereAreAtMostFiftyFunders() {
        List<Share> fifty = new ArrayList<>();
        for (int i = 0; i < Shares.MAX_FUNDERS; i++) {
            fifty.add(new Share(new Funder("F" + i), Percent.of(2)));
        }
        assertThat(new Shares(fifty).funders()).hasSize(50);
        List<Share> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(new Share(new Funder("F" + i), new Percent(i == 0 ? 10000 - 50 * 196 : 196)));
        }
        assertThatThrownBy(() -> new Shares(many))
                .isInstanceOfSatisfying(
                        RuleViolation.class, e -> assertThat(e.code()).isEqualTo("shares-invalid"));
    }

    @Test
    void theReferenceBudgetSplitsExactlyAndInListedOrder() {
        Shares cities = Shares.of(
                new Share(STOCKHOLM, Percent.of(50)),
                new Share(LONDON, Percent.of(25)),
                new Share(WASHINGTON, Percent.of(25)));
        assertThat(cities.allocate(Money.parse("151500.00", GBP)))
                .containsExactly(
                        Money.parse("75750.00", GBP), Money.parse("37875.00", GBP), Money.parse("37875.00", GBP));
        // pennies that do not divide: nothing is lost, and no part is a whole penny away from its exact share
        int[] percents = {50, 25, 25};
        for (long total = 0; total <= 7; total++) {
            List<Money> parts = cities.allocate(new Money(total, GBP));
            assertThat(parts.stream().mapToLong(Money::amountMinor).sum()).isEqualTo(total);
            for (int i = 0; i < parts.size(); i++) {
                assertThat(Math.abs(parts.get(i).amountMinor() * 100 - total * percents[i]))
                        .isLessThan(100);
            }
        }
    }
}
