package org.publicfunds.ledger.commands;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.Authorisation;
import org.publicfunds.ledger.arrangement.CommitFunding;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.ContributorShare;
import org.publicfunds.ledger.arrangement.ContributorSplit;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.OpenArrangement;
import org.publicfunds.ledger.arrangement.RegisterDecision;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/**
 * The reference case, decision ADD2634: the Counter-Terrorism Preparedness Network, funded on a
 * cost-recovery basis by Stockholm 50%, London 25%, Washington DC 25% for four fiscal years to
 * March 2027, and London's 2023-24 portion of £37,875.00 split between the GLA (£18,938) and
 * the LFC (the remaining £18,937), both authorised by the decision, registered before them. Entry ids are fixed so that loading is safe to repeat.
 */
final class ReferenceData {

    static final ArrangementId CTPN = new ArrangementId("ctpn");
    private static final Currency GBP = Currency.getInstance("GBP");
    private static final DecisionRef ADD2634 = new DecisionRef("ADD2634");
    private static final Funder LONDON = new Funder("London");
    private static final FiscalYear FY2023 = FiscalYear.parse("2023-24");
    private static final Contributor GLA = new Contributor("GLA");
    private static final Contributor LFC = new Contributor("LFC");
    /** The date the decision was signed: the record of decision does not state it here, so the start of its year. */
    private static final LocalDate SIGNED = LocalDate.of(2023, 4, 1);

    /**
     * The name each command is loaded under, in the order of {@link #commands()}. The decision came
     * later than the first three and has a name of its own, so a store loaded before it gets just
     * the decision on its next start.
     */
    static final List<String> NAMES =
            List.of("reference-data-0", "reference-data-decision-ADD2634", "reference-data-1", "reference-data-2");

    private ReferenceData() {}

    static List<Object> commands() {
        return List.of(
                new OpenArrangement(
                        CTPN,
                        "Counter-Terrorism Preparedness Network",
                        "London Fire Commissioner",
                        FundingBasis.COST_RECOVERY,
                        GBP,
                        4,
                        FY2023,
                        FiscalYear.parse("2026-27"),
                        Shares.of(
                                new Share(new Funder("Stockholm"), Percent.of(50)),
                                new Share(LONDON, Percent.of(25)),
                                new Share(new Funder("Washington DC"), Percent.of(25))),
                        Money.parse("151500.00", GBP),
                        ADD2634,
                        false,
                        // whole pounds, and London's share split evenly between the GLA and the LFC, the GLA first:
                        // 37875.00 gives the GLA 18938.00 and the LFC 18937.00, as the decision says
                        Money.parse("1", GBP),
                        List.of(new ContributorSplit(
                                LONDON,
                                List.of(
                                        new ContributorShare(GLA, Percent.of(50)),
                                        new ContributorShare(LFC, Percent.of(50)))))),
                new RegisterDecision(
                        CTPN,
                        ADD2634,
                        "Continuation of Counter-Terrorism Preparedness Network (CTPN)",
                        "Assistant Director",
                        SIGNED,
                        List.of(
                                new Authorisation(LONDON, GLA, FY2023, Money.parse("18938.00", GBP)),
                                new Authorisation(LONDON, LFC, FY2023, Money.parse("18937.00", GBP)))),
                new CommitFunding(
                        CTPN,
                        new EntryId("ctpn-2023-24-london-gla"),
                        LONDON,
                        GLA,
                        FY2023,
                        Money.parse("18938.00", GBP),
                        ADD2634),
                new CommitFunding(
                        CTPN,
                        new EntryId("ctpn-2023-24-london-lfc"),
                        LONDON,
                        LFC,
                        FY2023,
                        Money.parse("18937.00", GBP),
                        ADD2634));
    }
}
