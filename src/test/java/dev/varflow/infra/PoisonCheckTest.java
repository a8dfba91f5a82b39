package dev.varflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

/** Which failures blame a record (poison) and which are the infrastructure's (retried for ever). */
class PoisonCheckTest {

    @Test
    void shouldTreatANulByteRefusalAsPoisonEvenWhenWrapped() {
        // given the error PostgreSQL answers a NUL byte with, wrapped as the reactive client hands it on
        PgException nul = new PgException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "22021",
                null);
        RuntimeException wrapped = new IllegalStateException("batch failed", new CompletionException(nul));

        // when
        boolean poison = PoisonCheck.isPoison(wrapped);

        // then
        assertThat(poison).isTrue();
        assertThat(PoisonCheck.reason(wrapped)).isEqualTo(
                "SQLSTATE 22021: invalid byte sequence for encoding \"UTF8\": 0x00");
    }

    @Test
    void shouldTreatDataAndUnresolvableIntegrityErrorsAsPoison() {
        // given / when / then
        assertThat(PoisonCheck.isPoisonState("22P05")).as("untranslatable character").isTrue();
        assertThat(PoisonCheck.isPoisonState("22001")).as("value too long").isTrue();
        assertThat(PoisonCheck.isPoisonState("23502")).as("not null").isTrue();
        assertThat(PoisonCheck.isPoisonState("23514")).as("check").isTrue();
        assertThat(PoisonCheck.isPoisonState("54000")).as("index row too large").isTrue();
    }

    @Test
    void shouldNeverBlameARecordForTheInfrastructure() {
        // given failures a retry can cure
        Throwable refused = new IllegalStateException(new ConnectException("Connection refused"));
        Throwable shutdown = new PgException("terminating connection due to administrator command", "FATAL",
                "57P01", null);
        Throwable serialization = new PgException("could not serialize access", "ERROR", "40001", null);
        Throwable deadlock = new PgException("deadlock detected", "ERROR", "40P01", null);
        Throwable duplicate = new PgException("duplicate key value", "ERROR", "23505", null);

        // when / then
        assertThat(PoisonCheck.isPoison(refused)).isFalse();
        assertThat(PoisonCheck.isInfrastructure(refused)).isTrue();
        assertThat(PoisonCheck.isPoison(shutdown)).isFalse();
        assertThat(PoisonCheck.isPoison(serialization)).isFalse();
        assertThat(PoisonCheck.isPoison(deadlock)).isFalse();
        assertThat(PoisonCheck.isPoison(duplicate)).as("a race between two gates, not the record").isFalse();
        assertThat(PoisonCheck.isPoison(new NullPointerException())).isFalse();
        assertThat(PoisonCheck.isInfrastructure(new NullPointerException())).isFalse();
    }
}
