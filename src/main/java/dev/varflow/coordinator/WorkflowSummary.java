package dev.varflow.coordinator;

import java.time.OffsetDateTime;
import java.util.List;

import dev.varflow.coordinator.store.WorkflowEntity;

/**
 * A registered workflow version as the API shows it.
 *
 * @param warnings validation warnings at registration (errors reject the workflow)
 */
public record WorkflowSummary(long id, String name, int version, String digest, OffsetDateTime createdAt,
        List<String> warnings) {

    static WorkflowSummary of(WorkflowEntity entity, List<String> warnings) {
        return new WorkflowSummary(entity.id, entity.name, entity.version, entity.digest, entity.createdAt, warnings);
    }
}
