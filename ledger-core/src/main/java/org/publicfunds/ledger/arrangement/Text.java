package org.publicfunds.ledger.arrangement;

/** Shape checks shared by the free-text and name value objects. */
final class Text {

    static final int MAX_LENGTH = 200;

    private Text() {
    }

    static String require(String value, String what, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters");
        }
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException(what + " has leading or trailing spaces");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " contains control characters");
        }
        return value;
    }
}
