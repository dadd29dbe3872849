package org.publicfunds.ledger.testing;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** For tests of the running service over HTTP: its port, and a client signed in as finance. */
public abstract class HttpTest {

    @LocalServerPort
    protected int port;

    protected Api api;

    @BeforeEach
    protected void client() {
        api = new Api(port);
    }
}
