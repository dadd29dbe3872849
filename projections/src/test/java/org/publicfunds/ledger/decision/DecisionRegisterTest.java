package org.publicfunds.ledger.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.arrangement.Authorisation;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.DecisionRegistered;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.EntryKind;
import org.publicfunds.ledger.arrangement.EntryReversed;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.FundingCommitted;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

class DecisionRegisterTest {

    static final Currency GBP = Currency.getInstance("GBP");
    static final ArrangementId CTPN = new ArrangementId("ctpn");
    static final Funder LONDON = new Funder("London");
    static final Funder STOCKHOLM = new Funder("Stockholm");
    static final Contributor GLA = new Contributor("GLA");
    static final Contributor LFC = new Contributor("LFC");
    static final DecisionRef ADD2634 = new DecisionRef("ADD2634");
    static final FiscalYear FY23 = FiscalYear.parse("2023-24");

    static Money gbp(String amount) {
        return Money.parse(amount, GBP);
    }

    @Test
    void theReferenceDecisionWithItsCommitmentsAReversalAndAnUnregisteredReference() {
        DecisionRegister register = new DecisionRegister();
        register.apply(
                new ArrangementOpened(
                        CTPN,
                        "CTPN",
                        "LFC",
                        FundingBasis.COST_RECOVERY,
                        GBP,
                        4,
                        FY23,
                        FiscalYear.parse("2026-27"),
                        Shares.of(new Share(STOCKHOLM, Percent.of(50)), new Share(LONDON, Percent.of(50))),
                        null,
                        ADD2634),
                1);
        register.apply(
                new DecisionRegistered(
                        CTPN,
                        ADD2634,
                        "Continuation of CTPN",
                        "Assistant Director",
                        LocalDate.of(2023, 10, 2),
                        List.of(
                                new Authorisation(LONDON, GLA, FY23, gbp("18938.00")),
                                new Authorisation(LONDON, LFC, FY23, gbp("18937.00")))),
                2);
        register.apply(new FundingCommitted(CTPN, new EntryId("gla"), LONDON, GLA, FY23, gbp("18938.00"), ADD2634), 3);
        register.apply(new FundingCommitted(CTPN, new EntryId("lfc"), LONDON, LFC, FY23, gbp("18937.00"), ADD2634), 4);
        register.apply(
                new EntryReversed(
                        CTPN,
                        new EntryId("r1"),
                        new EntryId("lfc"),
                        EntryKind.COMMITMENT,
                        FY23,
                        LONDON,
                        LFC,
                        gbp("18937.00"),
                        "Entered twice"),
                5);
        DecisionRef minute = new DecisionRef("MINUTE-7");
        register.apply(new FundingCommitted(CTPN, new EntryId("st"), STOCKHOLM, null, FY23, gbp("100"), minute), 6);

        assertThat(register.decisions())
                .extracting(DecisionRegister.Decision::decisionRef)
                .containsExactly(ADD2634, minute);
        DecisionRegister.Decision add = register.decision(ADD2634).orElseThrow();
        assertThat(add.registered()).isTrue();
        assertThat(add.title()).isEqualTo("Continuation of CTPN");
        assertThat(add.authorisedMinor()).isEqualTo(3_787_500);
        assertThat(add.committedMinor()).isEqualTo(1_893_800);
        assertThat(add.authorisations())
                .extracting(
                        use -> use.authorisation().contributor(),
                        DecisionRegister.Use::committedMinor,
                        DecisionRegister.Use::headroomMinor)
                .containsExactly(tuple(GLA, 1_893_800L, 0L), tuple(LFC, 0L, 1_893_700L));
        assertThat(add.entries())
                .extracting(
                        DecisionRegister.Line::entryId,
                        DecisionRegister.Line::position,
                        DecisionRegister.Line::reversed)
                .containsExactly(tuple(new EntryId("gla"), 3L, false), tuple(new EntryId("lfc"), 4L, true));

        DecisionRegister.Decision cited = register.decision(minute).orElseThrow();
        assertThat(cited.registered()).isFalse();
        assertThat(cited.title()).isNull();
        assertThat(cited.authorisedMinor()).isZero();
        assertThat(cited.committedMinor()).isEqualTo(10_000);
        assertThat(register.decision(new DecisionRef("NEVER"))).isEmpty();
    }
}
