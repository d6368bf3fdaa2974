package io.tenantlink.platform.concurrent;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;

/**
 * Rate-limit counters every instance shares: JCache (Payara's CacheManager, on the data grid when the instances form
 * one, in this instance otherwise), cache {@value #CACHE}, entries gone ten minutes after they were made. When Payara
 * offers no JCache (or it fails), the counters stay in this instance's memory and the log says so once.
 */
@ApplicationScoped
public class SharedCounters {

    static final String CACHE = "tenantlink-rate-limits";
    private static final Logger LOG = Logger.getLogger(SharedCounters.class.getName());

    @Inject
    Instance<CacheManager> managers;

    private WindowCounter shared;
    private final WindowCounter local = new WindowCounter(WindowCounter.local(), Instant::now);

    @PostConstruct
    void init() {
        try {
            if (managers.isResolvable()) {
                Cache<String, String> cache = cache(managers.get());
                shared = new WindowCounter(adapter(cache), Instant::now);
                LOG.info(() -> "Rate limits are counted in JCache (" + CACHE + ")");
                return;
            }
            LOG.info("No JCache here: rate limits are counted in this instance's memory");
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "JCache cannot be used: rate limits are counted in this instance's memory", e);
        }
    }

    /** One more event for {@code key}; how many its current window (of {@code window}) has counted. */
    public int increment(String key, Duration window) {
        if (shared != null) {
            try {
                return shared.increment(key, window);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "JCache failed; this event is counted in this instance's memory", e);
            }
        }
        return local.increment(key, window);
    }

    private static Cache<String, String> cache(CacheManager manager) {
        Cache<String, String> cache = manager.getCache(CACHE, String.class, String.class);
        if (cache != null) {
            return cache;
        }
        try {
            return manager.createCache(
                    CACHE,
                    new MutableConfiguration<String, String>()
                            .setTypes(String.class, String.class)
                            .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                                    new javax.cache.expiry.Duration(TimeUnit.MINUTES, 10))));
        } catch (javax.cache.CacheException madeMeanwhile) {
            return manager.getCache(CACHE, String.class, String.class);
        }
    }

    private static WindowCounter.Store adapter(Cache<String, String> cache) {
        return new WindowCounter.Store() {
            @Override
            public String get(String key) {
                return cache.get(key);
            }

            @Override
            public boolean putIfAbsent(String key, String value) {
                return cache.putIfAbsent(key, value);
            }

            @Override
            public boolean replace(String key, String oldValue, String newValue) {
                return cache.replace(key, oldValue, newValue);
            }
        };
    }
}
