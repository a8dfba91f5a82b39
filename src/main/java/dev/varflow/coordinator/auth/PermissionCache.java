package dev.varflow.coordinator.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Recently fetched permission sets by token SHA-256, each kept for a short time. Holds no token. */
final class PermissionCache {

    private static final int CLEAN_ABOVE = 10_000;

    private final long ttlNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    PermissionCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The cached grant, or null when absent or expired. */
    PermissionGrant get(String tokenHash) {
        Entry entry = entries.get(tokenHash);
        if (entry == null || System.nanoTime() - entry.storedAt > ttlNanos) {
            return null;
        }
        return entry.grant;
    }

    void put(String tokenHash, PermissionGrant grant) {
        if (ttlNanos <= 0) {
            return;
        }
        if (entries.size() > CLEAN_ABOVE) {
            long now = System.nanoTime();
            entries.values().removeIf(e -> now - e.storedAt > ttlNanos);
        }
        entries.put(tokenHash, new Entry(grant, System.nanoTime()));
    }

    private record Entry(PermissionGrant grant, long storedAt) {
    }
}
