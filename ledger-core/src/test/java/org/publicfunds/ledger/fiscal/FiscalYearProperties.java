package org.publicfunds.ledger.fiscal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.time.api.constraints.DateRange;

class FiscalYearProperties {

    @Property
    void everyDateFallsInExactlyOneFiscalYear(
            @ForAll @DateRange(min = "1950-01-01", max = "2200-12-31") LocalDate date,
            @ForAll @IntRange(min = 1, max = 12) int startMonth) {
        FiscalCalendar calendar = new FiscalCalendar(startMonth);
        FiscalYear year = calendar.yearOf(date);
        assertThat(calendar.contains(year, date)).isTrue();
        assertThat(calendar.contains(year.next(), date)).isFalse();
        assertThat(calendar.contains(new FiscalYear(year.startYear() - 1), date))
                .isFalse();
    }

    @Property
    void consecutiveYearsTileTheCalendarWithoutGapOrOverlap(
            @ForAll @IntRange(min = 1900, max = 9000) int start, @ForAll @IntRange(min = 1, max = 12) int startMonth) {
        FiscalCalendar calendar = new FiscalCalendar(startMonth);
        FiscalYear year = new FiscalYear(start);
        assertThat(calendar.lastDay(year).plusDays(1)).isEqualTo(calendar.firstDay(year.next()));
    }

    @Property
    void labelsRoundTrip(@ForAll @IntRange(min = 1900, max = 9999) int start) {
        FiscalYear year = new FiscalYear(start);
        assertThat(FiscalYear.parse(year.label())).isEqualTo(year);
    }

    @Example
    void aprilYearsRunFromAprilToMarch() {
        FiscalYear fy = FiscalYear.parse("2023-24");
        assertThat(FiscalCalendar.APRIL.firstDay(fy)).isEqualTo(LocalDate.of(2023, 4, 1));
        assertThat(FiscalCalendar.APRIL.lastDay(fy)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(FiscalCalendar.APRIL.yearOf(LocalDate.of(2024, 3, 31))).isEqualTo(fy);
        assertThat(FiscalCalendar.APRIL.yearOf(LocalDate.of(2024, 4, 1))).isEqualTo(fy.next());
    }

    @Example
    void rejectsLabelsThatDoNotSpanConsecutiveYears() {
        assertThatThrownBy(() -> FiscalYear.parse("2023-25")).hasMessageContaining("consecutive");
        assertThatThrownBy(() -> FiscalYear.parse("2023/24")).hasMessageContaining("2023-24");
        assertThatThrownBy(() -> FiscalYear.parse("23-24")).isInstanceOf(IllegalArgumentException.class);
        assertThat(FiscalYear.parse("2099-00").startYear()).isEqualTo(2099);
    }

    @Example
    void throughListsEveryYearOfATerm() {
        assertThat(FiscalYear.parse("2023-24").through(FiscalYear.parse("2026-27")))
                .extracting(FiscalYear::label)
                .containsExactly("2023-24", "2024-25", "2025-26", "2026-27");
    }
}
