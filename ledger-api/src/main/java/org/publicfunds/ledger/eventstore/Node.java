package org.publicfunds.ledger.eventstore;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * This instance's name among the instances sharing a store: {@code ledger.node-id}, or by default
 * its host and HTTP port, which stay the same when it restarts. Its claims on event processor
 * segments and on idempotency keys carry it, so a restarted instance takes back at once what its
 * previous run held, instead of waiting for the claims to time out.
 */
public record Node(String name) {

    public static Node of(String configured, String port) {
        if (configured != null && !configured.isBlank()) {
            return new Node(configured);
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return new Node(host + ":" + port);
    }
}
