package dev.varflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Signing and verification of activations and control records. */
class RecordSignerTest {

    private static final String TOPIC = "varflow.activations.cmd";
    private final RecordSigner signer = RecordSigner.fromBase64(RecordSigner.randomKey());

    @Test
    void shouldAcceptARecordItSigned() {
        // given
        ProducerRecord<String, byte[]> sent = signer.sign(record(TOPIC, "run/task", "{\"permissions\":[]}"));

        // when
        RecordSigner.Verdict verdict = signer.verify(received(sent));

        // then
        assertThat(verdict).isEqualTo(RecordSigner.Verdict.VALID);
    }

    @Test
    void shouldRefuseUnsignedRecords() {
        // given / when
        RecordSigner.Verdict verdict = signer.verify(received(record(TOPIC, "run/task", "{}")));

        // then
        assertThat(verdict).isEqualTo(RecordSigner.Verdict.UNSIGNED);
    }

    @Test
    void shouldRefuseASignatureMovedToAnotherValueKeyOrTopic() {
        // given a genuine signature
        ProducerRecord<String, byte[]> genuine = signer.sign(record(TOPIC, "run/task",
                "{\"permissions\":[\"can_view\"]}"));
        byte[] signature = genuine.headers().lastHeader(RecordSigner.HEADER).value();

        // when it is put on records that differ in one part
        ProducerRecord<String, byte[]> otherValue = record(TOPIC, "run/task", "{\"permissions\":[\"*\"]}");
        ProducerRecord<String, byte[]> otherKey = record(TOPIC, "run/other", "{\"permissions\":[\"can_view\"]}");
        ProducerRecord<String, byte[]> otherTopic = record("varflow.control", "run/task",
                "{\"permissions\":[\"can_view\"]}");
        for (ProducerRecord<String, byte[]> forged : java.util.List.of(otherValue, otherKey, otherTopic)) {
            forged.headers().add(RecordSigner.HEADER, signature);
        }

        // then
        assertThat(signer.verify(received(otherValue))).isEqualTo(RecordSigner.Verdict.BAD_SIGNATURE);
        assertThat(signer.verify(received(otherKey))).isEqualTo(RecordSigner.Verdict.BAD_SIGNATURE);
        assertThat(signer.verify(received(otherTopic))).isEqualTo(RecordSigner.Verdict.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseARecordSignedWithAnotherKey() {
        // given
        RecordSigner attacker = RecordSigner.fromBase64(RecordSigner.randomKey());

        // when
        RecordSigner.Verdict verdict = signer.verify(received(attacker.sign(record(TOPIC, "k", "{}"))));

        // then
        assertThat(verdict).isEqualTo(RecordSigner.Verdict.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseShortOrMalformedKeysWithoutQuotingThem() {
        // given
        String shortKey = Base64.getEncoder().encodeToString("only-16-bytes!!!".getBytes(StandardCharsets.UTF_8));

        // when / then
        assertThatThrownBy(() -> RecordSigner.fromBase64(shortKey)).hasMessage(
                "Expected a record key of at least 32 bytes, but it has 16");
        assertThatThrownBy(() -> RecordSigner.fromBase64("not base64 %%% secret-part"))
                .hasMessageNotContaining("secret-part");
    }

    @Test
    void shouldFailClosedWithoutAKey() {
        // given a process configured without varflow.security.record-key
        dev.varflow.VarflowConfig config = (dev.varflow.VarflowConfig) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.varflow.VarflowConfig.class},
                (proxy, method, args) -> method.getName().equals("security")
                        ? (dev.varflow.VarflowConfig.Security) Optional::empty : null);
        RecordSigning signing = new RecordSigning(config, null);

        // when / then the message names the setting and its environment variable
        assertThatThrownBy(signing::signer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("varflow.security.record-key").hasMessageContaining("VARFLOW_SECURITY_RECORD_KEY");
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The record as a consumer gets it. */
    private static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1, sent.key(),
                sent.value(), new RecordHeaders(sent.headers().toArray()), Optional.empty());
    }
}
