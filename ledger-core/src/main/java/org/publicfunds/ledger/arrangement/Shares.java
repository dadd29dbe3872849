package org.publicfunds.ledger.arrangement;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.publicfunds.ledger.money.Allocation;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/**
 * The funders of an arrangement and their shares, in the order the decision lists them (that
 * order breaks allocation ties). At least one funder and at most {@value #MAX_FUNDERS}, names
 * unique, every share above zero, summing to exactly 100.
 */
public record Shares(List<Share> shares) {

    /** Bounds what one arrangement's balances hold (its view is one document, at most 16 MB). */
    public static final int MAX_FUNDERS = 50;

    public Shares {
        if (shares == null || shares.isEmpty()) {
            throw new RuleViolation(Rule.SHARES_INVALID, "shares", "an arrangement needs at least one funder");
        }
        if (shares.size() > MAX_FUNDERS) {
            throw new RuleViolation(
                    Rule.SHARES_INVALID, "shares", "an arrangement has at most " + MAX_FUNDERS + " funders");
        }
        shares = List.copyOf(shares);
        Set<Funder> seen = new HashSet<>();
        int total = 0;
        for (Share share : shares) {
            if (!seen.add(share.funder())) {
                throw new RuleViolation(Rule.SHARES_INVALID, "shares", "funder " + share.funder() + " is listed twice");
            }
            if (share.percent().basisPoints() == 0) {
                throw new RuleViolation(
                        Rule.SHARES_INVALID, "shares", "the share of " + share.funder() + " must be above 0");
            }
            total += share.percent().basisPoints();
        }
        if (total != Percent.HUNDRED.basisPoints()) {
            throw new RuleViolation(
                    Rule.SHARES_INVALID,
                    "shares",
                    "shares must sum to exactly 100, they sum to "
                            + new BigDecimal(total)
                                    .movePointLeft(2)
                                    .stripTrailingZeros()
                                    .toPlainString());
        }
    }

    public static Shares of(Share... shares) {
        return new Shares(List.of(shares));
    }

    public boolean includes(Funder funder) {
        return percentOf(funder).isPresent();
    }

    public Optional<Percent> percentOf(Funder funder) {
        return shares.stream()
                .filter(s -> s.funder().equals(funder))
                .map(Share::percent)
                .findFirst();
    }

    public List<Funder> funders() {
        return shares.stream().map(Share::funder).toList();
    }

    /** Largest-remainder allocation of a non-negative total, one part per funder in listed order. */
    public List<Money> allocate(Money total) {
        long[] parts = Allocation.split(
                total.amountMinor(), shares.stream().map(Share::percent).toList());
        return Arrays.stream(parts)
                .mapToObj(p -> new Money(p, total.currency()))
                .toList();
    }
}
