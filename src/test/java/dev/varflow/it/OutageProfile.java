package dev.varflow.it;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The test profile with infrastructure of its own that {@link OutageTest} stops, and a short start wait. */
public class OutageProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("varflow.api.start-wait", "3s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OutageResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
