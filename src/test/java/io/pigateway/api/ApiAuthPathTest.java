package io.pigateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The path {@link ApiAuth} checks against the public paths: a plain route's own path; for a path
 * template the request's path only when it has the template's shape (a header claiming another
 * path falls back to the template, which is never public).
 */
class ApiAuthPathTest {

    @Test
    void aTemplateTakesTheRequestPathOnlyWhenItHasTheTemplatesShape() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            assertThat(pathOf(camel, "platform-http:/health", "/anything")).isEqualTo("/health");
            assertThat(pathOf(camel, "platform-http:/telegram/{account}", "/telegram/hook")).isEqualTo("/telegram/hook");
            assertThat(pathOf(camel, "platform-http:/telegram/{account}", "/health")).isEqualTo("/telegram/{account}");
            assertThat(pathOf(camel, "platform-http:/telegram/{account}", "/telegram/a/b"))
                    .isEqualTo("/telegram/{account}");
            assertThat(pathOf(camel, "platform-http:/api/cron/jobs/{id}/{action}", "/api/cron/jobs/7/run"))
                    .isEqualTo("/api/cron/jobs/7/run");
        }
    }

    private static String pathOf(CamelContext camel, String uri, String requestPath) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getExchangeExtension().setFromEndpoint(camel.getEndpoint(uri));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, requestPath);
        return ApiAuth.pathOf(exchange);
    }
}
