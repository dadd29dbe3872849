package org.publicfunds.ledger.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount of one currency, held in the currency's minor units (pence for GBP).
 * Any sign is allowed here (a funder's position can be negative); rules about positive
 * amounts belong to the commands that take them.
 */
public record Money(long amountMinor, Currency currency) implements Comparable<Money> {

    /** Largest single amount accepted from outside: 10^15 minor units (10 trillion pounds). */
    public static final long MAX_INPUT_MINOR = 1_000_000_000_000_000L;

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d{1,19}(\\.\\d{1,19})?");

    public Money {
        Objects.requireNonNull(currency, "currency");
        minorDigits(currency);
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    /**
     * Parses the API's amount syntax: digits, optionally a point and at most the currency's
     * minor-unit digits; no sign, exponent, spaces or separators.
     */
    public static Money parse(String text, Currency currency) {
        if (text == null || !PLAIN_DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "amount must be a plain decimal string such as \"18938.00\", got " + quote(text));
        }
        BigDecimal value = new BigDecimal(text);
        int digits = minorDigits(currency);
        if (value.scale() > digits) {
            throw new IllegalArgumentException("amount " + text + " has more than " + digits + " decimal places for "
                    + currency.getCurrencyCode());
        }
        BigInteger minor = value.movePointRight(digits).toBigIntegerExact();
        if (minor.compareTo(BigInteger.valueOf(MAX_INPUT_MINOR)) > 0) {
            throw new IllegalArgumentException("amount " + text + " is larger than the maximum of "
                    + new Money(MAX_INPUT_MINOR, currency).toPlainString());
        }
        return new Money(minor.longValueExact(), currency);
    }

    public static int minorDigits(Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(currency.getCurrencyCode() + " has no minor unit and cannot be used");
        }
        return digits;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amountMinor, other.amountMinor), currency);
    }

    public Money negate() {
        return new Money(Math.negateExact(amountMinor), currency);
    }

    public boolean isPositive() {
        return amountMinor > 0;
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(amountMinor, minorDigits(currency));
    }

    /** Always exactly the currency's minor-unit digits: {@code "37875.00"}. */
    public String toPlainString() {
        return toBigDecimal().toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(amountMinor, other.amountMinor);
    }

    @Override
    public String toString() {
        return toPlainString() + " " + currency.getCurrencyCode();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }

    private static String quote(String text) {
        return text == null ? "nothing" : "\"" + text + "\"";
    }
}
