package org.publicfunds.ledger.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;

/**
 * The load of a dashboard, from outside the service: its own JVM, started by {@link Bench}, so the
 * clients' threads do not share the service's heap, collector and JIT. Prints one JSON line:
 * {@code {"clients", "requests", "p50_ms", "p99_ms", "per_s"}}.
 *
 * <pre>
 * http   URL AUTHORIZATION CLIENTS EACH   GET the URL, each answer checked for 200
 * driver CONNECTION DATABASE COLLECTION ID CLIENTS EACH   read one document by _id (the floor)
 * </pre>
 */
public final class LoadGenerator {

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("http")) {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(args[1]))
                    .header("Authorization", args[2])
                    .header("Accept", "application/json")
                    .build();
            run(Integer.parseInt(args[3]), Integer.parseInt(args[4]), () -> {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode());
                }
            });
        } else {
            try (MongoClient client = MongoClients.create(args[1])) {
                MongoCollection<Document> views = client.getDatabase(args[2]).getCollection(args[3]);
                String id = args[4];
                run(Integer.parseInt(args[5]), Integer.parseInt(args[6]), () -> {
                    if (views.find(Filters.eq("_id", id)).first() == null) {
                        throw new IllegalStateException("no document " + id);
                    }
                });
            }
        }
    }

    interface Call {
        void call() throws Exception;
    }

    private static void run(int clients, int each, Call call) throws Exception {
        // warm-up: connections opened, code compiled; not counted
        for (int i = 0; i < 200; i++) {
            call.call();
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tasks.add(() -> {
                for (int i = 0; i < each; i++) {
                    long t = System.nanoTime();
                    call.call();
                    latencies.add(System.nanoTime() - t);
                }
                return null;
            });
        }
        long start = System.nanoTime();
        for (Future<Void> done : pool.invokeAll(tasks)) {
            done.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        List<Long> sorted = latencies.stream().sorted().toList();
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6;
        System.out.println(String.format(
                Locale.ROOT,
                "{\"clients\": %d, \"requests\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"per_s\": %.1f}",
                clients,
                sorted.size(),
                p50,
                p99,
                sorted.size() / seconds));
    }
}
