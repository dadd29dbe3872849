package org.publicfunds.ledger.commands;

record EntryResponse(String entryId, long position) {}
