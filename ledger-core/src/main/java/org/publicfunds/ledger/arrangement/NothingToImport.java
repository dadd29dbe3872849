package org.publicfunds.ledger.arrangement;

/** Every row of an import was imported before with the same content: there is nothing to record. */
public class NothingToImport extends RuntimeException {

    public NothingToImport(int rows) {
        super("all " + rows + " rows were imported before");
    }
}
