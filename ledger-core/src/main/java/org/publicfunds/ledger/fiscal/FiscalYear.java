package org.publicfunds.ledger.fiscal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fiscal year labelled {@code YYYY-YY} by the calendar year it starts in and the last two
 * digits of the next one: {@code 2023-24}. When it starts depends on the arrangement's
 * {@link FiscalCalendar}.
 */
public record FiscalYear(int startYear) implements Comparable<FiscalYear> {

    private static final Pattern LABEL = Pattern.compile("(\\d{4})-(\\d{2})");

    public FiscalYear {
        if (startYear < 1900 || startYear > 9999) {
            throw new IllegalArgumentException("fiscal year must start between 1900 and 9999, got " + startYear);
        }
    }

    public static FiscalYear parse(String label) {
        Matcher m = label == null ? null : LABEL.matcher(label);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(
                    "fiscal year must look like \"2023-24\", got " + (label == null ? "nothing" : "\"" + label + "\""));
        }
        int start = Integer.parseInt(m.group(1));
        int end = Integer.parseInt(m.group(2));
        if (end != (start + 1) % 100) {
            throw new IllegalArgumentException("fiscal year " + label + " does not span two consecutive years");
        }
        return new FiscalYear(start);
    }

    public String label() {
        return String.format("%04d-%02d", startYear, (startYear + 1) % 100);
    }

    public FiscalYear next() {
        return new FiscalYear(startYear + 1);
    }

    public boolean isAfter(FiscalYear other) {
        return startYear > other.startYear;
    }

    public boolean isBefore(FiscalYear other) {
        return startYear < other.startYear;
    }

    /** Every year from this one to {@code last}, both included; empty when last is earlier. */
    public List<FiscalYear> through(FiscalYear last) {
        List<FiscalYear> years = new ArrayList<>();
        for (int y = startYear; y <= last.startYear; y++) {
            years.add(new FiscalYear(y));
        }
        return years;
    }

    @Override
    public int compareTo(FiscalYear other) {
        return Integer.compare(startYear, other.startYear);
    }

    @Override
    public String toString() {
        return label();
    }
}
