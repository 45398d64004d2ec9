package microblog.db;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values read from the database, kept until the database changes ({@link DataVersion}): any commit, by any
 * connection or process, empties the cache before the next read, so nothing stale is ever served. Absent values
 * are not kept.
 */
public final class ReadCache<K, V> {
    private final DataVersion version;
    private final int maxEntries;
    private volatile Generation<K, V> generation = new Generation<>(DataVersion.UNKNOWN, Map.of());

    private record Generation<K, V>(long version, Map<K, V> values) {
    }

    public ReadCache(DataVersion version, int maxEntries) {
        this.version = version;
        this.maxEntries = maxEntries;
    }

    /** The value for {@code key}: from the cache while the database is unchanged, else from {@code load}. */
    public V get(K key, Function<K, V> load) {
        // The version is read before the value is loaded: a commit in between makes the entry look older than it
        // is (it is reloaded once more), never newer.
        long now = version.current();
        if (now == DataVersion.UNKNOWN) {
            return load.apply(key);
        }
        Generation<K, V> current = generation;
        if (current.version() != now) {
            current = new Generation<>(now, new ConcurrentHashMap<>());
            generation = current;
        }
        V value = current.values().get(key);
        if (value == null) {
            value = load.apply(key);
            // Full: serve from the database rather than evict (simple, and bounded memory whatever the traffic).
            if (value != null && current.values().size() < maxEntries) {
                current.values().put(key, value);
            }
        }
        return value;
    }
}
