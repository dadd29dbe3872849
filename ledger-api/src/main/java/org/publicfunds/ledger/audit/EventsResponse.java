package org.publicfunds.ledger.audit;

import java.util.List;

record EventsResponse(String arrangementId, List<EventResponse> events, Long nextFromPosition) {}
