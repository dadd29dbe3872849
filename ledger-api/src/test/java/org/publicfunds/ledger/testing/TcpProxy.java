package org.publicfunds.ledger.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder between a client and a server on this machine, whose link a test can break the
 * way a network does: hold every byte in both directions with the connections open (a partition,
 * a blackhole), add latency to every chunk, or cut every connection. The bytes themselves are
 * never changed: what passes is exactly what was sent, late or not at all.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listening;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean holding;
    private volatile long delayMs;
    private volatile boolean closed;

    public TcpProxy(int target) throws IOException {
        this.target = target;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + target);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listening.getLocalPort();
    }

    /** Holds every byte, both ways, until {@link #pass}; connections stay open and new ones are accepted. */
    public void hold() {
        holding = true;
    }

    /** Forwards every chunk this much later. */
    public void delay(long ms) {
        delayMs = ms;
    }

    /** Forwards again at once. */
    public void pass() {
        delayMs = 0;
        holding = false;
    }

    /** Closes every connection (both sides see it end); new ones are accepted. */
    public void cut() {
        for (Socket socket : open) {
            close(socket);
        }
        open.clear();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        while (true) {
                            int n = in.read(buffer);
                            if (n < 0) {
                                break;
                            }
                            while (holding && !from.isClosed()) {
                                Thread.sleep(10);
                            }
                            long delay = delayMs;
                            if (delay > 0) {
                                Thread.sleep(delay);
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // the connection ended, or was cut
                    } finally {
                        close(from);
                        close(to);
                    }
                },
                "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listening.close();
        cut();
    }
}
