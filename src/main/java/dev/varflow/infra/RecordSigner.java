package dev.varflow.infra;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Authenticates the records that make workers act (activations, control records) with HMAC-SHA256 under a key
 * shared by the roles. The MAC covers the topic, the key and the value (the whole payload, permission set
 * included); it travels in the {@value #HEADER} header. Other headers (trace context) are not covered: they decide
 * nothing. A signed record replayed as is stays valid: execution is at least once anyway.
 */
public final class RecordSigner {

    /** Header carrying the MAC. */
    public static final String HEADER = "varflow-signature";
    /** Shortest accepted key: the HMAC-SHA256 block of security. */
    public static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] DOMAIN = "varflow-record-v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;

    /** What verification found. */
    public enum Verdict {
        VALID, UNSIGNED, BAD_SIGNATURE;

        /** The {@code reason} tag of the rejection counter. */
        public String reason() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RecordSigner(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("Expected a record key of at least " + MIN_KEY_BYTES
                    + " bytes, but it has " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** A signer for a base64 key (the form of {@code varflow.security.record-key}). */
    public static RecordSigner fromBase64(String encoded) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            // Not the decoder's message: it could quote part of the key.
            throw new IllegalArgumentException("Expected the record key to be base64, but it is not");
        }
        return new RecordSigner(key);
    }

    /** A fresh random key, base64 (the one-process mode makes one at every start). */
    public static String randomKey() {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Adds (or replaces) the record's signature header; returns the record. */
    public ProducerRecord<String, byte[]> sign(ProducerRecord<String, byte[]> record) {
        record.headers().remove(HEADER);
        record.headers().add(HEADER, mac(record.topic(), record.key(), record.value()));
        return record;
    }

    /** Checks the record's signature in constant time. */
    public Verdict verify(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return Verdict.UNSIGNED;
        }
        byte[] expected = mac(record.topic(), record.key(), record.value());
        return MessageDigest.isEqual(expected, header.value()) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    private byte[] mac(String topic, String recordKey, byte[] value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(DOMAIN);
            // Each part length-prefixed, so no two different records share an input.
            part(mac, topic == null ? null : topic.getBytes(StandardCharsets.UTF_8));
            part(mac, recordKey == null ? null : recordKey.getBytes(StandardCharsets.UTF_8));
            part(mac, value);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static void part(Mac mac, byte[] bytes) {
        mac.update(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            mac.update(bytes);
        }
    }
}
