package org.publicfunds.ledger.system;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import java.net.URI;
import java.util.OptionalLong;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;

/**
 * The command side's aggregate caches: Axon's {@link JCacheAdapter} over a Caffeine cache bounded
 * by count, holding the aggregates themselves (store by reference, not a serialized copy). Axon's
 * default WeakReferenceCache lets the garbage collector drop an aggregate as soon as no command
 * holds it, which under load means replaying an arrangement's whole history on nearly every
 * command. Axon removes an entry when a unit of work rolls back, so a stale aggregate is reloaded,
 * never used; {@link StaleEntryProbe} covers one changed by another instance.
 */
public final class AggregateCaches {

    private AggregateCaches() {}

    /** A cache manager of its own (closed with it), so that two services in one JVM never share a cache. */
    public static CacheManager manager() {
        return Caching.getCachingProvider(CaffeineCachingProvider.class.getName())
                .getCacheManager(URI.create("ledger-" + UUID.randomUUID()), AggregateCaches.class.getClassLoader());
    }

    public static Cache bounded(CacheManager manager, String name, int capacity) {
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setMaximumSize(OptionalLong.of(capacity));
        configuration.setStoreByValue(false);
        return new JCacheAdapter(manager.createCache(name, configuration));
    }
}
