package org.publicfunds.ledger.arrangement;

public record Contributor(String value) {

    public Contributor {
        Text.require(value, "contributor", 100);
    }

    @Override
    public String toString() {
        return value;
    }
}
