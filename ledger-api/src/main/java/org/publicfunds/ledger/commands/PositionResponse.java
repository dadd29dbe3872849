package org.publicfunds.ledger.commands;

record PositionResponse(long position) {}
