package org.publicfunds.ledger.arrangement;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.publicfunds.ledger.money.Percent;

/**
 * How a funder's share is split among its contributors (LEDGER.md 8.3): percents of the funder's
 * part summing to exactly 100, each contributor once, the first listed the rounding partner.
 */
public record ContributorSplit(Funder funder, List<ContributorShare> contributors) {

    public static final int MAX_CONTRIBUTORS = 50;

    public ContributorSplit {
        if (funder == null) {
            throw new IllegalArgumentException("funder is required");
        }
        if (contributors == null || contributors.isEmpty()) {
            throw new RuleViolation(
                    Rule.SHARES_INVALID, "contributors", "the split of " + funder + " names no contributor");
        }
        contributors = List.copyOf(contributors);
        if (contributors.size() > MAX_CONTRIBUTORS) {
            throw new RuleViolation(
                    Rule.SHARES_INVALID,
                    "contributors",
                    "a funder's share is split among at most " + MAX_CONTRIBUTORS + " contributors");
        }
        Set<Contributor> seen = new HashSet<>();
        int sum = 0;
        for (ContributorShare share : contributors) {
            if (share == null || share.contributor() == null || share.percent() == null) {
                throw new IllegalArgumentException("each contributor's share names the contributor and a percent");
            }
            if (!seen.add(share.contributor())) {
                throw new RuleViolation(
                        Rule.SHARES_INVALID,
                        "contributors",
                        "contributor " + share.contributor() + " is listed twice in the split of " + funder);
            }
            if (share.percent().basisPoints() <= 0) {
                throw new RuleViolation(
                        Rule.SHARES_INVALID, "contributors", "each contributor's share must be above 0");
            }
            sum += share.percent().basisPoints();
        }
        if (sum != 10_000) {
            throw new RuleViolation(
                    Rule.SHARES_INVALID,
                    "contributors",
                    "the split of " + funder + " must sum to exactly 100, not " + new Percent(sum).toPlainString());
        }
    }

    public boolean includes(Contributor contributor) {
        return contributors.stream().anyMatch(share -> share.contributor().equals(contributor));
    }
}
