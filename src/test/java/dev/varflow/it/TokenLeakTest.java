package dev.varflow.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.varflow.infra.Sha256;

/**
 * Runs with distinctive tokens and searches every log line, table row, topic record and API answer for them (the
 * SSE stream carries the events topic's records, which are searched).
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class TokenLeakTest {

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String text = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            logLines.add(record.getLoggerName() + " " + text + (record.getThrown() == null ? ""
                    : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        SecuredTestSupport.authenticateAsAdmin();
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger("").removeHandler(capture);
        SecuredTestSupport.reset();
    }

    @Test
    void shouldNeverWriteTheTokenToLogsRowsRecordsOrResponses() throws Exception {
        // given a token Attica grants, one it denies, and one it cannot be asked about
        String granted = "LEAKCHECK-" + UUID.randomUUID();
        String denied = "LEAKCHECK-" + UUID.randomUUID();
        String failing = "LEAKCHECK-" + UUID.randomUUID();
        WireMock attica = SecuredTestSupport.wireMock();
        SecuredTestSupport.stubIdentityProvider(attica);
        attica.register(SecuredTestSupport.attica(granted).willReturn(okJson(
                "{\"permissions\": [\"can_execute_commands\"]}")));
        attica.register(SecuredTestSupport.attica(denied).willReturn(okJson("{\"permissions\": []}")));
        attica.register(SecuredTestSupport.attica(failing).willReturn(okJson("not json " + failing)));
        Api.register("""
                workflow:
                  name: leak-check
                  tasks:
                    - name: shell
                      plugin: cmd
                      inputs: [NOTE]
                      outputs: [OUT]
                      params:
                        command: 'echo OUT=$NOTE'
                """);

        // when the tokens travel in the body field and in the AUTH_TOKEN variable
        List<String> responses = new ArrayList<>();
        List<String> runIds = List.of(
                Api.start("leak-check", Map.of("NOTE", "hello"), granted),
                Api.start("leak-check", Map.of("NOTE", "hello", "AUTH_TOKEN", denied)),
                Api.start("leak-check", Map.of("NOTE", "hello"), failing));
        for (String runId : runIds) {
            JsonPath run = Api.awaitFinished(runId, Duration.ofSeconds(60));
            responses.add(run.prettify());
        }
        responses.add(given().when().get("/api/runs").then().statusCode(200).extract().asString());
        responses.add(given().when().get("/api/workflows").then().statusCode(200).extract().asString());
        Topics.awaitNoLag("varflow-gate", "varflow.events", Duration.ofSeconds(30));

        // then
        assertThat(responses.get(0)).contains("SUCCEEDED");
        assertThat(responses.get(1)).contains("missing permission can_execute_commands");
        assertThat(logLines).as("log lines captured").isNotEmpty();
        for (String token : List.of(granted, denied, failing)) {
            assertThat(logLines).noneMatch(line -> line.contains(token));
            assertThat(responses).noneMatch(body -> body.contains(token));
            assertThat(tableRows()).noneMatch(row -> row.contains(token));
            assertThat(topicRecords()).noneMatch(record -> record.contains(token));
        }
        assertThat(tableRows()).anyMatch(row -> row.contains(Sha256.hex(granted)));
    }

    /** Every row of every table in the test database, as JSON text. */
    private static List<String> tableRows() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        List<String> rows = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection(url, "postgres", "");
                Statement statement = conn.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
                while (result.next()) {
                    tables.add(result.getString(1));
                }
            }
            assertThat(tables).contains("runs", "run_variables", "task_runs", "workflows");
            for (String table : tables) {
                try (ResultSet result = statement.executeQuery("SELECT row_to_json(t)::text FROM \"" + table
                        + "\" t")) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
            }
        }
        return rows;
    }

    /** Key, value and headers of every record of every topic, internal ones included. */
    private static List<String> topicRecords() throws Exception {
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", Topics.bootstrap()))) {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        }
        assertThat(topics).contains("varflow.events", "varflow.activations.cmd");
        List<String> records = new ArrayList<>();
        for (String topic : topics) {
            for (ConsumerRecord<String, byte[]> record : Topics.readAll(topic)) {
                StringBuilder text = new StringBuilder(String.valueOf(record.key())).append(' ')
                        .append(record.value() == null ? "" : new String(record.value(), StandardCharsets.ISO_8859_1));
                for (Header header : record.headers()) {
                    text.append(' ').append(header.key()).append('=')
                            .append(new String(header.value(), StandardCharsets.ISO_8859_1));
                }
                records.add(text.toString());
            }
        }
        return records;
    }
}
