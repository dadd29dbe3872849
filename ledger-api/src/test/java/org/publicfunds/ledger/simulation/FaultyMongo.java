package org.publicfunds.ledger.simulation;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoSocketWriteException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteConcernResult;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;

/**
 * Wraps the real driver's client, databases and collections so that writes fail the way they
 * fail in production: refused before they reach the server, or applied by the server and then
 * answered with a socket error, a timeout, or a write-concern error only. The write itself always
 * goes to the real server through the real driver; only the answer is replaced.
 */
public final class FaultyMongo {

    private static final Set<String> WRITES = Set.of(
            "insertOne",
            "insertMany",
            "updateOne",
            "updateMany",
            "replaceOne",
            "deleteOne",
            "deleteMany",
            "findOneAndUpdate",
            "findOneAndReplace",
            "findOneAndDelete",
            "bulkWrite");
    static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 27017);

    /** Decides, around each write, whether and how it fails. */
    public interface Faults {
        /** Before the write is sent: throw to refuse it (it is never applied). */
        default void before(String collection, String method) {}

        /** After the server applied it: throw to lose the answer. */
        default void after(String collection, String method) {}

        /** Before a read (find, count) is sent: throw to fail it, as a store that went away would. */
        default void beforeRead(String collection, String method) {}
    }

    private static final Set<String> READS = Set.of("find", "countDocuments", "aggregate");

    private FaultyMongo() {}

    public static MongoClient client(MongoClient real, Faults faults) {
        return wrap(MongoClient.class, real, faults, null);
    }

    public static MongoDatabase database(MongoDatabase real, Faults faults) {
        return wrap(MongoDatabase.class, real, faults, null);
    }

    @SuppressWarnings("unchecked")
    private static <T> T wrap(Class<T> type, T real, Faults faults, String collection) {
        InvocationHandler handler = (proxy, method, args) -> invoke(real, method, args, faults, collection);
        return (T) Proxy.newProxyInstance(FaultyMongo.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object real, Method method, Object[] args, Faults faults, String collection)
            throws Throwable {
        String name = method.getName();
        boolean write = collection != null && WRITES.contains(name);
        if (write) {
            faults.before(collection, name);
        }
        if (collection != null && READS.contains(name)) {
            faults.beforeRead(collection, name);
        }
        Object result;
        try {
            result = method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (write) {
            faults.after(collection, name);
        }
        if (result instanceof MongoDatabase database && method.getReturnType() == MongoDatabase.class) {
            return wrap(MongoDatabase.class, database, faults, null);
        }
        if (result instanceof MongoCollection<?> inner && method.getReturnType() == MongoCollection.class) {
            return wrap(
                    MongoCollection.class, inner, faults, inner.getNamespace().getCollectionName());
        }
        return result;
    }

    /** The connection broke after the request was sent: the server may have applied it. */
    public static RuntimeException socketError() {
        return new MongoSocketReadException("Prematurely reached end of stream", SERVER);
    }

    public static RuntimeException timeout() {
        return new MongoSocketReadTimeoutException(
                "Timed out while receiving message", SERVER, new SocketTimeoutException());
    }

    /** Applied on the primary, replication not confirmed (wtimeout, or a step-down while waiting). */
    public static RuntimeException writeConcernError(String method) {
        WriteConcernError error = new WriteConcernError(
                64, "WriteConcernFailed", "waiting for replication timed out", new BsonDocument());
        if (method.equals("insertMany") || method.equals("bulkWrite")) {
            return new MongoBulkWriteException(BulkWriteResult.unacknowledged(), List.of(), error, SERVER, Set.of());
        }
        return new MongoWriteConcernException(error, WriteConcernResult.unacknowledged(), SERVER, Set.of());
    }

    /** Refused before it was applied: the connection could not be written to. */
    public static RuntimeException refused() {
        return new MongoSocketWriteException("Exception sending message", SERVER, new IOException("Broken pipe"));
    }
}
