package org.publicfunds.ledger.system;

import java.lang.reflect.Field;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An aggregate cache that asks the store, on every hit, whether the aggregate has an event after
 * the cached version (one lookup of a unique key). Another instance may have appended to it: a
 * cached copy that is behind is dropped and the aggregate loaded fresh, so a command is never
 * refused by a rule that the newer events changed (a funder added on another instance is a party
 * here too). Axon's caching repository never reads the store on a hit by itself.
 */
public final class StaleEntryProbe implements Cache {

    private static final Logger log = LoggerFactory.getLogger(StaleEntryProbe.class);
    private static final Field VERSION = versionField();

    private final Cache delegate;
    private final BiPredicate<String, Long> stored;

    /** @param stored whether the store holds the aggregate's event with this sequence number */
    public StaleEntryProbe(Cache delegate, BiPredicate<String, Long> stored) {
        this.delegate = delegate;
        this.stored = stored;
    }

    @Override
    public <K, V> V get(K key) {
        V value = delegate.get(key);
        if (value instanceof AggregateCacheEntry<?> entry && VERSION != null) {
            try {
                Long version = (Long) VERSION.get(entry);
                if (version != null && stored.test(String.valueOf(key), version + 1)) {
                    delegate.remove(key);
                    return null;
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return value;
    }

    private static Field versionField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("version");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn(
                    "cannot read the version of cached aggregates; a cached aggregate is not checked against the store",
                    e);
            return null;
        }
    }

    @Override
    public void put(Object key, Object value) {
        delegate.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return delegate.putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return delegate.computeIfAbsent(key, valueSupplier);
    }

    @Override
    public boolean remove(Object key) {
        return delegate.remove(key);
    }

    @Override
    public void removeAll() {
        delegate.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return delegate.containsKey(key);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        delegate.computeIfPresent(key, update);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return delegate.registerCacheEntryListener(listener);
    }
}
