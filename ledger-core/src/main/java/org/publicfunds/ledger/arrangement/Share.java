package org.publicfunds.ledger.arrangement;

import java.util.Objects;
import org.publicfunds.ledger.money.Percent;

public record Share(Funder funder, Percent percent) {

    public Share {
        Objects.requireNonNull(funder, "funder");
        Objects.requireNonNull(percent, "percent");
    }
}
