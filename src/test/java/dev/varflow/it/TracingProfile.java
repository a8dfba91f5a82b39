package dev.varflow.it;

import java.util.Map;
import java.util.Set;

import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Tracing on ({@code varflow.tracing=otlp}), spans caught in memory instead of sent anywhere: a SpanExporter bean
 * replaces the OTLP exporter. Only tests with this profile trace; every other test runs with the SDK disabled.
 */
public class TracingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "varflow.tracing", "otlp",
                // Finished spans reach the exporter quickly, so tests need not wait for the default 5 s batches.
                "quarkus.otel.bsp.schedule.delay", "50ms");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(Spans.class);
    }

    /** The in-memory exporter, a CDI bean only where this profile selects it. */
    @Alternative
    @Singleton
    public static class Spans {

        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }
    }
}
