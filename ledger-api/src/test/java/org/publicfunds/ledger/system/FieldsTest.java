package org.publicfunds.ledger.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.money.Money;

/** Field parsing without a server: each refusal names its field and carries a stable code. */
class FieldsTest {

    private static final Currency GBP = Currency.getInstance("GBP");

    @Test
    void aMissingValueIsMissingFieldNamingTheField() {
        assertThatThrownBy(() -> Fields.required("amount", null, Fields.money(GBP)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD);
                    assertThat(e.field()).isEqualTo("amount");
                });
    }

    @Test
    void aMalformedAmountIsInvalidFieldAndAWellFormedOneIsExact() {
        assertThat(Fields.required("amount", "1000.50", Fields.money(GBP))).isEqualTo(new Money(100050, GBP));
        for (String bad : new String[] {"1e3", "10.005", "", "1,000.50", "NaN"}) {
            assertThatThrownBy(() -> Fields.required("amount", bad, Fields.money(GBP)))
                    .as(bad)
                    .isInstanceOfSatisfying(InvalidInput.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                        assertThat(e.field()).isEqualTo("amount");
                    });
        }
    }

    @Test
    void datesAreIsoDates() {
        assertThat(Fields.required("receivedOn", "2023-06-30", Fields::date)).isEqualTo(LocalDate.of(2023, 6, 30));
        assertThatThrownBy(() -> Fields.required("receivedOn", "30/06/2023", Fields::date))
                .isInstanceOfSatisfying(
                        InvalidInput.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
                .hasMessageContaining("2023-06-30");
    }

    @Test
    void currenciesNeedMinorUnits() {
        assertThat(Fields.parse("currency", "SEK", Fields::currency)).isEqualTo(Currency.getInstance("SEK"));
        for (String bad : new String[] {"XAU", "gbp", "POUND"}) {
            assertThatThrownBy(() -> Fields.parse("currency", bad, Fields::currency))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            InvalidInput.class, e -> assertThat(e.field()).isEqualTo("currency"));
        }
    }

    @Test
    void textRefusesWhatCouldBreakTheProofAndAnOptionalNullStaysNull() {
        assertThat(Fields.text("reason", "Entered twice", 200)).isEqualTo("Entered twice");
        assertThatThrownBy(() -> Fields.text("reason", "X\u202EY", 200))
                .isInstanceOfSatisfying(
                        InvalidInput.class, e -> assertThat(e.field()).isEqualTo("reason"));
        assertThatThrownBy(() -> Fields.text("reason", "x".repeat(201), 200))
                .isInstanceOfSatisfying(
                        InvalidInput.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThat(Fields.optional("contributor", null, String::trim)).isNull();
    }

    @Test
    void positionsAreWholeNumbersOfAtLeastZero() {
        assertThat(Fields.parse("atPosition", "42", Fields::nonNegative)).isEqualTo(42L);
        for (String bad : new String[] {"-1", "4.2", "99999999999999999999", " 1"}) {
            assertThatThrownBy(() -> Fields.parse("atPosition", bad, Fields::nonNegative))
                    .as(bad)
                    .isInstanceOf(InvalidInput.class);
        }
    }
}
