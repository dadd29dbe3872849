package org.publicfunds.ledger.arrangement;

import java.util.List;

/** An import broke a rule on one row or more: nothing was stored. Every row's errors, by line. */
public class ImportRefused extends RuntimeException {

    private final List<RowError> errors;

    public ImportRefused(List<RowError> errors) {
        super(errors.size() + " rows of the import break a rule; nothing was stored");
        this.errors = List.copyOf(errors);
    }

    public List<RowError> errors() {
        return errors;
    }

    /** What is wrong with one row: its line (the header is line 1), the field, a stable code and words. */
    public record RowError(int line, String field, String code, String detail) {}
}
