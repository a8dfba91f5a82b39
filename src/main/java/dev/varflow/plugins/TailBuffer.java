package dev.varflow.plugins;

import java.nio.charset.StandardCharsets;

/** Keeps the last {@code capacity} bytes written to it; safe to read while a reader thread still writes. */
final class TailBuffer {

    private final byte[] ring;
    private long total;

    TailBuffer(int capacity) {
        ring = new byte[capacity];
    }

    synchronized void append(byte[] bytes, int offset, int length) {
        int capacity = ring.length;
        if (length >= capacity) {
            total += length;
            // The oldest kept byte belongs at total % capacity, where the next write will start.
            int oldest = (int) (total % capacity);
            int source = offset + length - capacity;
            System.arraycopy(bytes, source, ring, oldest, capacity - oldest);
            System.arraycopy(bytes, source + capacity - oldest, ring, 0, oldest);
            return;
        }
        int position = (int) (total % capacity);
        int first = Math.min(length, capacity - position);
        System.arraycopy(bytes, offset, ring, position, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        total += length;
    }

    /** The kept bytes as UTF-8, prefixed with a note when older bytes were dropped. */
    synchronized String text() {
        int capacity = ring.length;
        if (total <= capacity) {
            return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
        }
        byte[] ordered = new byte[capacity];
        int position = (int) (total % capacity);
        System.arraycopy(ring, position, ordered, 0, capacity - position);
        System.arraycopy(ring, 0, ordered, capacity - position, position);
        int start = 0;
        // The cut may land inside a multi-byte character; skip its continuation bytes.
        while (start < ordered.length && (ordered[start] & 0xC0) == 0x80) {
            start++;
        }
        return "[... " + (total - capacity + start) + " earlier bytes dropped ...]\n"
                + new String(ordered, start, ordered.length - start, StandardCharsets.UTF_8);
    }
}
