package org.publicfunds.ledger.arrangement;

public record Funder(String value) {

    public Funder {
        Text.require(value, "funder", 100);
    }

    @Override
    public String toString() {
        return value;
    }
}
