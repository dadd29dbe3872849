package org.publicfunds.ledger.statements;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What the host sends a city for a fiscal year and what its auditor files (LEDGER.md 8.8): the
 * opening balance brought forward, the lines that make the year in global order, the totals, the
 * closing position and, once the year is closed, what was carried forward or settled; with the
 * head position and head hash of the history it was computed from, so anyone holding an export
 * can recompute it. Amounts are exact decimal strings in the reporting currency. Nothing in it
 * depends on when it was asked: the same point of the history gives the same statement.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Statement(
        String arrangementId,
        String arrangementName,
        String host,
        String funder,

        @Schema(nullable = true, description = "present for a contributor's statement")
        String contributor,

        String fiscalYear,
        @Schema(description = "the reporting currency") String currency,

        @Schema(description = "the currency the funder settles in")
        String funderCurrency,

        @Schema(description = "the funder's share of the year, in percent")
        String sharePercent,

        @Schema(nullable = true, description = "the contributor's percent of the funder's part, when split")
        String contributorPercent,

        @Schema(description = "broughtForward: what the close of the year before carried in")
        String opening,

        List<Line> lines,
        Totals totals,

        @Schema(
                nullable = true,
                description = "the position: opening + received + inKind OFFSET - costShare; absent for a "
                        + "contributor of a share that is not split")
        String closing,

        @Schema(nullable = true, description = "once the year is closed and it is not the last")
        String carriedForward,

        @Schema(nullable = true, description = "once the last year is closed")
        String settlement,

        boolean closed,
        long headPosition,
        String headHash) {

    /**
     * One event that makes the year: the funder's entries (and their reversals), the year's costs,
     * which its cost share is a part of, and the close. {@code amount} is signed: a reversal or a
     * withdrawal is negative.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(
            long position,
            String recordedAt,

            @Schema(
                    example = "receipt",
                    description = "commitment, pledge, pledge-confirmed, pledge-withdrawn, receipt, "
                            + "in-kind-offset, in-kind-memo, cost, reversal, close")
            String kind,

            @Schema(nullable = true) String entryId,
            String description,
            @Schema(nullable = true) String decisionRef,
            @Schema(nullable = true) String contributor,

            @Schema(nullable = true, description = "in the reporting currency")
            String amount,

            @Schema(nullable = true, description = "as entered, when the funder's currency is not the reporting one")
            Original original) {}

    /** An amount as entered in the funder's currency, with the rate when one was given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Original(
            String amount,
            String currency,
            @Schema(nullable = true) String rate) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Totals(
            @Schema(nullable = true) String budgetShare,
            String committed,
            String pledged,
            String received,
            String inKind,
            @Schema(nullable = true) String costShare) {}
}
