package dev.varflow.infra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in hex: the digest of a workflow's source, and how tokens are stored and logged (never in clear). */
public final class Sha256 {

    private Sha256() {
    }

    /** The hex SHA-256 of the text's UTF-8 bytes. */
    public static String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Expected every JVM to provide SHA-256, but this one does not", e);
        }
    }
}
