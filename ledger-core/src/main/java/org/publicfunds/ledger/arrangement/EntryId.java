package org.publicfunds.ledger.arrangement;

import java.util.regex.Pattern;

public record EntryId(String value) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public EntryId {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("entry id must be 1 to 64 of A-Z, a-z, 0-9 and -");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
