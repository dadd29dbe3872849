package org.publicfunds.ledger.web;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** For tests of the running service over HTTP: its port, and a client signed in as finance. */
abstract class RunningService {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }
}
