package dev.varflow.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that needs real infrastructure (the PostgreSQL at 127.0.0.1:5432, an embedded Kafka broker, a
 * Quarkus application or the packaged jar): failsafe runs it in {@code ./mvnw verify}, surefire's
 * {@code ./mvnw test} leaves it out.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(IntegrationTest.TAG)
public @interface IntegrationTest {

    /** The JUnit tag the pom's surefire excludes and failsafe selects. */
    String TAG = "integration";
}
