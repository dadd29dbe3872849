package org.publicfunds.ledger.fiscal;

import java.time.LocalDate;

/**
 * Maps dates to fiscal years for a given start month: with April (4), fiscal year 2023-24 runs
 * from 1 April 2023 to 31 March 2024. Every date falls in exactly one fiscal year.
 */
public record FiscalCalendar(int startMonth) {

    public static final FiscalCalendar APRIL = new FiscalCalendar(4);

    public FiscalCalendar {
        if (startMonth < 1 || startMonth > 12) {
            throw new IllegalArgumentException("fiscal year start month must be 1 to 12, got " + startMonth);
        }
    }

    public FiscalYear yearOf(LocalDate date) {
        int start = date.getMonthValue() >= startMonth ? date.getYear() : date.getYear() - 1;
        return new FiscalYear(start);
    }

    public LocalDate firstDay(FiscalYear year) {
        return LocalDate.of(year.startYear(), startMonth, 1);
    }

    public LocalDate lastDay(FiscalYear year) {
        return firstDay(year.next()).minusDays(1);
    }

    public boolean contains(FiscalYear year, LocalDate date) {
        return !date.isBefore(firstDay(year)) && !date.isAfter(lastDay(year));
    }
}
