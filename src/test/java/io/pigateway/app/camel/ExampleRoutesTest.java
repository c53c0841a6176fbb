package io.pigateway.app.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.pigateway.config.ConfigLoader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ToDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped examples that need no agent, with Camel's test kit: alert-sender against a local
 * HTTP server that fails, and kafka-sink with its Kafka endpoint replaced by a mock (an embedded
 * broker would cost more start-up than this whole class; the endpoint URI is still checked).
 */
class ExampleRoutesTest {
    static final Path EXAMPLES = Path.of("routes/examples");

    CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() {
        camel.stop();
    }

    private UserRoutes examples(Map<String, String> properties) {
        Properties initial = new Properties();
        initial.putAll(properties);
        camel.getPropertiesComponent().setInitialProperties(initial);
        return new UserRoutes(camel, EXAMPLES);
    }

    @Test
    void alertSenderWritesToTheConfiguredChatWhenTheUrlFails() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:send").routeId("test-send").to("mock:send"); // the gateway's sender stand-in
                }
            });
            UserRoutes user = examples(Map.of("alerts.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/health",
                    "alerts.to", "filechan:ops", "alerts.periodMs", "100000", "alerts.delayMs", "10"));
            camel.start();
            MockEndpoint send = camel.getEndpoint("mock:send", MockEndpoint.class);
            send.expectedMessageCount(1);
            send.expectedBodiesReceived("Alert: http://127.0.0.1:" + server.getAddress().getPort() + "/health answered 503");
            send.expectedHeaderReceived("PiGatewayTo", "filechan:ops");
            assertThat(user.load(EXAMPLES.resolve("alert-sender.camel.yaml"))).containsExactly("alert-url-down");
            send.assertIsSatisfied(10_000);
            assertThat(send.getExchanges().get(0).getMessage().getHeaders()).containsOnlyKeys("PiGatewayTo");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void kafkaSinkPublishesEverySentMessageAsJson() throws Exception {
        UserRoutes user = examples(Map.of("kafka.topic", "answers", "kafka.brokers", "127.0.0.1:1"));
        assertThat(user.load(EXAMPLES.resolve("kafka-sink.camel.yaml")))
                .containsExactly("kafka-sink", "kafka-sink-publish");
        ToDefinition kafkaTo = (ToDefinition) camel.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition("kafka-sink-publish").getOutputs().get(1);
        assertThat(camel.resolvePropertyPlaceholders(kafkaTo.getUri())).isEqualTo("kafka:answers?brokers=127.0.0.1:1");
        AdviceWith.adviceWith(camel, "kafka-sink-publish", route -> route.weaveByToUri("kafka:*").replace().to("mock:kafka"));
        camel.start();
        MockEndpoint kafka = camel.getEndpoint("mock:kafka", MockEndpoint.class);
        kafka.expectedMessageCount(1);

        // what HookRegistry hands a direct:hook-message_sent route: the hook context as a map
        Map<String, Object> sent = Map.of("channel", "filechan", "chatId", "chat42",
                "sessionKey", "agent:main:filechan:dm:chat42", "text", "42");
        Object returned = camel.createProducerTemplate().requestBody("direct:hook-message_sent", sent);
        assertThat(returned).isEqualTo(sent); // the hook changes nothing

        kafka.assertIsSatisfied(10_000);
        String json = kafka.getExchanges().get(0).getMessage().getBody(String.class);
        assertThat(new ObjectMapper().readValue(json, Map.class)).isEqualTo(sent);
    }

    @Test
    void everyShippedExampleParsesAndNamesOnlyShippedComponents() throws Exception {
        Path configFile = Files.createTempFile("examples", ".jsonc");
        try {
            Files.writeString(configFile, "{ \"gateway\": { \"routesDir\": \"" + EXAMPLES.toAbsolutePath() + "\" } }");
            RouteFilesCheck.Findings found = RouteFilesCheck.run(ConfigLoader.loadFile(configFile, Map.of()).config());
            assertThat(found.problems()).isEmpty();
            assertThat(found.summary()).startsWith("5 file(s)");
        } finally {
            Files.delete(configFile);
        }
    }
}
