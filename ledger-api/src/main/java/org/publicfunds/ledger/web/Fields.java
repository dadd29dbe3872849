package org.publicfunds.ledger.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.function.Function;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;
import org.publicfunds.ledger.arrangement.Funder;

/** Turns request strings into domain values, naming the field when one is missing or malformed. */
final class Fields {

    private Fields() {
    }

    static <T> T required(String field, String value, Function<String, T> parser) {
        if (value == null) {
            throw new InvalidInput("missing-field", field, field + " is required");
        }
        return parse(field, value, parser);
    }

    static <T> T optional(String field, String value, Function<String, T> parser) {
        return value == null ? null : parse(field, value, parser);
    }

    static <T> T parse(String field, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidInput("invalid-field", field, field + ": " + e.getMessage());
        }
    }

    static Function<String, Money> money(Currency currency) {
        return text -> Money.parse(text, currency);
    }

    static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a date such as 2023-06-30, got \"" + text + "\"");
        }
    }

    static Currency currency(String code) {
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

    static String text(String field, String value, int maxLength) {
        if (value == null) {
            throw new InvalidInput("missing-field", field, field + " is required");
        }
        String problem = org.publicfunds.ledger.arrangement.Text.problem(value, maxLength);
        if (problem != null) {
            throw new InvalidInput("invalid-field", field, field + " " + problem);
        }
        return value;
    }

    static Shares shares(String field, List<ShareRequest> requests) {
        if (requests == null) {
            return null;
        }
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ShareRequest request = requests.get(i);
            String at = field + "[" + i + "]";
            if (request == null) {
                throw new InvalidInput("missing-field", at, at + " is required");
            }
            shares.add(new Share(required(at + ".funder", request.funder(), Funder::new),
                    required(at + ".percent", request.percent(), Percent::parse)));
        }
        return new Shares(shares);
    }
}
