package org.publicfunds.ledger.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    static final Currency GBP = Currency.getInstance("GBP");
    static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void parsesPlainDecimalsIntoMinorUnits() {
        assertThat(Money.parse("18938", GBP).amountMinor()).isEqualTo(1_893_800);
        assertThat(Money.parse("18938.5", GBP).amountMinor()).isEqualTo(1_893_850);
        assertThat(Money.parse("18938.00", GBP).amountMinor()).isEqualTo(1_893_800);
        assertThat(Money.parse("0.01", GBP).amountMinor()).isEqualTo(1);
        assertThat(Money.parse("500", JPY).amountMinor()).isEqualTo(500);
    }

    @Test
    void printsExactlyTheMinorUnitDigits() {
        assertThat(Money.parse("37875", GBP).toPlainString()).isEqualTo("37875.00");
        assertThat(Money.parse("0.5", GBP).toPlainString()).isEqualTo("0.50");
        assertThat(Money.parse("500", JPY).toPlainString()).isEqualTo("500");
        assertThat(new Money(-150, GBP).toPlainString()).isEqualTo("-1.50");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "+5", "1e3", "1,000", " 5", "5 ", "1.", ".5", "abc", "", "1.234", "0x10", "١٢"})
    void rejectsAnythingButAPlainDecimalWithinTheMinorDigits(String text) {
        assertThatThrownBy(() -> Money.parse(text, GBP)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsDecimalsForACurrencyWithoutMinorUnits() {
        assertThatThrownBy(() -> Money.parse("5.5", JPY)).hasMessageContaining("more than 0 decimal places");
    }

    @Test
    void rejectsHugeAmounts() {
        assertThatThrownBy(() -> Money.parse("99999999999999999", GBP)).hasMessageContaining("larger than the maximum");
        assertThat(Money.parse("10000000000000.00", GBP).amountMinor()).isEqualTo(Money.MAX_INPUT_MINOR);
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.parse("1", GBP).plus(Money.parse("1", JPY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesAndPrintsPercentages() {
        assertThat(Percent.parse("25").basisPoints()).isEqualTo(2500);
        assertThat(Percent.parse("33.33").toPlainString()).isEqualTo("33.33");
        assertThat(Percent.parse("12.50").toPlainString()).isEqualTo("12.5");
        assertThat(Percent.parse("100").toPlainString()).isEqualTo("100");
        assertThatThrownBy(() -> Percent.parse("100.01")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percent.parse("33.333")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percent.parse("-1")).isInstanceOf(IllegalArgumentException.class);
    }
}
