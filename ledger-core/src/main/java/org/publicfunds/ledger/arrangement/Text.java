package org.publicfunds.ledger.arrangement;

import java.text.Normalizer;

/**
 * The shape of the free text and names the ledger keeps forever and hashes: valid Unicode (no
 * lone surrogate, nothing unassigned), in normal form C (so two names that look alike are the
 * same string), without control, format (zero-width, bidirectional overrides), line-separator or
 * private-use characters, and without surrounding spaces. What passes is stored and read back as
 * it was given, so it can never make the hash chain disagree with the store, and nothing in it
 * reads differently on screen from what it is.
 */
public final class Text {

    public static final int MAX_LENGTH = 200;

    private Text() {}

    static String require(String value, String what, int maxLength) {
        String problem = problem(value, maxLength);
        if (problem != null) {
            throw new IllegalArgumentException(what + " " + problem);
        }
        return value;
    }

    /** What is wrong with {@code value} as a name, reference or free text, or null if nothing is. */
    public static String problem(String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return "is required";
        }
        if (value.length() > maxLength) {
            return "is longer than " + maxLength + " characters";
        }
        if (!value.equals(value.strip())) {
            return "has leading or trailing spaces";
        }
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            switch (Character.getType(codePoint)) {
                case Character.SURROGATE -> {
                    return "is not valid Unicode (a lone surrogate at character " + (i + 1) + ")";
                }
                case Character.CONTROL -> {
                    return "contains control characters";
                }
                case Character.FORMAT -> {
                    return "contains invisible formatting characters (such as zero-width or bidirectional marks)";
                }
                case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                    return "contains line separators";
                }
                case Character.PRIVATE_USE, Character.UNASSIGNED -> {
                    return "contains characters that Unicode does not assign";
                }
                default -> {
                    // a letter, a mark, a number, punctuation, a symbol or a space
                }
            }
            i += Character.charCount(codePoint);
        }
        if (!Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
            return "is not in Unicode normal form C (compose accents with their letters)";
        }
        return null;
    }
}
