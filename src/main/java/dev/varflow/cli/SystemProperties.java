package dev.varflow.cli;

/** System properties the CLI sets for Quarkus before starting it. */
final class SystemProperties {

    private SystemProperties() {
    }

    /** Sets a system property unless the property or its environment variable is already given. */
    static void setDefault(String property, String env, String value) {
        if (System.getProperty(property) == null && System.getenv(env) == null) {
            System.setProperty(property, value);
        }
    }
}
