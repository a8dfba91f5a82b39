package dev.varflow.infra;

import jakarta.enterprise.context.ApplicationScoped;

import dev.varflow.VarflowConfig;

/**
 * The process's {@link RecordSigner}, from {@code varflow.security.record-key} (environment
 * {@code VARFLOW_SECURITY_RECORD_KEY}). Without a key no role starts (fail closed); the one-process mode
 * ({@code varflow run}, {@code varflow server} with its in-process broker) makes a random one at start.
 */
@ApplicationScoped
public class RecordSigning {

    private final VarflowConfig config;
    private final VarflowMetrics metrics;
    private volatile RecordSigner signer;

    public RecordSigning(VarflowConfig config, VarflowMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** The signer; throws when no usable key is configured. */
    public RecordSigner signer() {
        RecordSigner current = signer;
        if (current == null) {
            String key = config.security().recordKey().filter(k -> !k.isBlank()).orElseThrow(
                    () -> new IllegalStateException("Expected a record key in varflow.security.record-key "
                            + "(environment VARFLOW_SECURITY_RECORD_KEY: base64 of at least "
                            + RecordSigner.MIN_KEY_BYTES + " random bytes, the same for every Varflow process), "
                            + "but none is set: refusing to start (docs/security.md)"));
            try {
                current = RecordSigner.fromBase64(key);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Expected a usable varflow.security.record-key "
                        + "(VARFLOW_SECURITY_RECORD_KEY), but: " + e.getMessage(), e);
            }
            signer = current;
        }
        return current;
    }

    /** The signer and verifier of this process's roles, counting refusals in {@code metrics}. */
    public RecordGuard guard() {
        return new RecordGuard(signer(), metrics);
    }
}
