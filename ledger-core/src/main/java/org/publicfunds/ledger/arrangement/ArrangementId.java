package org.publicfunds.ledger.arrangement;

import java.util.regex.Pattern;

public record ArrangementId(String value) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,64}");

    public ArrangementId {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException("arrangement id must be 1 to 64 of a-z, 0-9 and -, got "
                    + (value == null ? "nothing" : "\"" + value + "\""));
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
