package org.publicfunds.ledger.system;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.function.Function;
import org.publicfunds.ledger.arrangement.Text;
import org.publicfunds.ledger.arrangement.Treatment;
import org.publicfunds.ledger.money.Money;

/** Turns request strings into domain values, naming the field when one is missing or malformed. */
public final class Fields {

    private Fields() {}

    public static <T> T required(String field, String value, Function<String, T> parser) {
        if (value == null) {
            throw new InvalidInput(ErrorCode.MISSING_FIELD, field, field + " is required");
        }
        return parse(field, value, parser);
    }

    public static <T> T optional(String field, String value, Function<String, T> parser) {
        return value == null ? null : parse(field, value, parser);
    }

    public static <T> T parse(String field, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidInput(ErrorCode.INVALID_FIELD, field, field + ": " + e.getMessage());
        }
    }

    public static Function<String, Money> money(Currency currency) {
        return text -> Money.parse(text, currency);
    }

    public static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a date such as 2023-06-30, got \"" + text + "\"");
        }
    }

    public static Currency currency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("must be an ISO 4217 code such as GBP");
        }
        try {
            Currency currency = Currency.getInstance(code);
            Money.minorDigits(currency);
            return currency;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(code + " is not an ISO 4217 currency with minor units");
        }
    }

    public static String text(String field, String value, int maxLength) {
        if (value == null) {
            throw new InvalidInput(ErrorCode.MISSING_FIELD, field, field + " is required");
        }
        String problem = Text.problem(value, maxLength);
        if (problem != null) {
            throw new InvalidInput(ErrorCode.INVALID_FIELD, field, field + " " + problem);
        }
        return value;
    }

    /** A rate: a plain positive decimal string ({@code "0.0745"}); the aggregate checks its significant digits. */
    public static BigDecimal rate(String text) {
        if (!text.matches("\\d{1,20}(\\.\\d{1,20})?")) {
            throw new IllegalArgumentException(
                    "must be a plain decimal string such as \"0.0745\", got \"" + text + "\"");
        }
        return new BigDecimal(text);
    }

    /** MEMO or OFFSET. */
    public static Treatment treatment(String text) {
        try {
            return Treatment.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be MEMO or OFFSET, got \"" + text + "\"");
        }
    }

    /** A whole number of at least 0 (a position, a limit). */
    public static long nonNegative(String text) {
        if (!text.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("must be a whole number of at least 0, got \"" + text + "\"");
        }
        return Long.parseLong(text);
    }
}
