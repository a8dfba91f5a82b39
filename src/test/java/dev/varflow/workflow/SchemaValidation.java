package dev.varflow.workflow;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Validates YAML text against a workflow JSON Schema, as an editor would. */
final class SchemaValidation {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonSchema schema;

    SchemaValidation(JsonNode schema) {
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    }

    /** The schema's complaints about the YAML text, one line each. */
    List<String> errors(String yaml) {
        try {
            Set<ValidationMessage> messages = schema.validate(YAML.readTree(yaml));
            return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of("not YAML: " + e.getMessage());
        }
    }
}
