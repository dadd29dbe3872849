package org.publicfunds.ledger.arrangement;

/**
 * The rules of the ledger (LEDGER.md sections 3 and 8) a command can break, each with the stable code a
 * {@link RuleViolation} carries. Answered 422 over HTTP.
 */
public enum Rule {
    AMOUNT_NOT_POSITIVE("amount-not-positive"),
    CONTRIBUTOR_LIMIT("contributor-limit"),
    CONTRIBUTOR_NOT_PARTY("contributor-not-party"),
    CONTRIBUTOR_REQUIRED("contributor-required"),
    AUTHORISATION_DUPLICATE("authorisation-duplicate"),
    CURRENCY_MISMATCH("currency-mismatch"),
    EARLIER_YEAR_OPEN("earlier-year-open"),
    DECISION_DOES_NOT_COVER("decision-does-not-cover"),
    DECISION_EXISTS("decision-exists"),
    DECISION_LIMIT_EXCEEDED("decision-limit-exceeded"),
    DECISION_NOT_REGISTERED("decision-not-registered"),
    DECISION_REGISTER_LIMIT("decision-register-limit"),
    ENTRY_ALREADY_REVERSED("entry-already-reversed"),
    ENTRY_ID_TAKEN("entry-id-taken"),
    ENTRY_NOT_PLEDGE("entry-not-pledge"),
    ENTRY_NOT_REVERSIBLE("entry-not-reversible"),
    FISCAL_YEAR_ALREADY_CLOSED("fiscal-year-already-closed"),
    FISCAL_YEAR_CLOSED("fiscal-year-closed"),
    FISCAL_YEAR_OUTSIDE_TERM("fiscal-year-outside-term"),
    FUNDER_NOT_PARTY("funder-not-party"),
    PLEDGE_NOT_OPEN("pledge-not-open"),
    RATE_INVALID("rate-invalid"),
    RATE_MISMATCH("rate-mismatch"),
    REPORTING_AMOUNT_NOT_ALLOWED("reporting-amount-not-allowed"),
    REPORTING_AMOUNT_REQUIRED("reporting-amount-required"),
    REFERENCE_REUSED("reference-reused"),
    REVIEW_CHANGES_NOTHING("review-changes-nothing"),
    SHARES_INVALID("shares-invalid"),
    TERM_CUTS_OFF_ENTRIES("term-cuts-off-entries"),
    TERM_INVALID("term-invalid");

    private final String code;

    Rule(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
