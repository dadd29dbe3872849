package org.publicfunds.ledger.money;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A percentage with at most two decimals, held exactly as basis points (hundredths of a
 * percent): {@code "33.33"} is 3333.
 */
public record Percent(int basisPoints) implements Comparable<Percent> {

    public static final Percent HUNDRED = new Percent(10_000);
    public static final Percent ZERO = new Percent(0);

    private static final Pattern PLAIN_PERCENT = Pattern.compile("\\d{1,3}(\\.\\d{1,2})?");

    public Percent {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new IllegalArgumentException(
                    "a percentage lies between 0 and 100, got " + basisPoints + " basis points");
        }
    }

    public static Percent parse(String text) {
        if (text == null || !PLAIN_PERCENT.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "percent must be a plain decimal string with at most two decimals such as \"25\" or \"33.33\", got "
                            + (text == null ? "nothing" : "\"" + text + "\""));
        }
        BigDecimal value = new BigDecimal(text);
        if (value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("percent cannot exceed 100, got " + text);
        }
        return new Percent(value.movePointRight(2).intValueExact());
    }

    public static Percent of(int wholePercent) {
        return new Percent(Math.multiplyExact(wholePercent, 100));
    }

    /** {@code "25"}, {@code "33.33"}, {@code "12.5"}: no trailing zeros. */
    public String toPlainString() {
        BigDecimal value = BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
    }

    @Override
    public int compareTo(Percent other) {
        return Integer.compare(basisPoints, other.basisPoints);
    }

    @Override
    public String toString() {
        return toPlainString() + "%";
    }
}
