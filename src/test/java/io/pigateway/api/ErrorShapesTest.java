package io.pigateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The error shape for a path: the longest registered prefix, else the gateway's own. */
class ErrorShapesTest {

    @Test
    void longestPrefixWins() {
        ErrorShapes shapes = new ErrorShapes();
        ErrorShapes.Shape v1 = (rc, s, c, m) -> { };
        ErrorShapes.Shape v1Models = (rc, s, c, m) -> { };
        shapes.add("/v1/", v1);
        shapes.add("/v1/models", v1Models);
        assertThat(shapes.forPath("/v1/chat/completions")).isSameAs(v1);
        assertThat(shapes.forPath("/v1/models/pi")).isSameAs(v1Models);
        assertThat(shapes.forPath("/api/chat")).isSameAs(ErrorShapes.GATEWAY);
        assertThat(shapes.forPath("/v1")).isSameAs(ErrorShapes.GATEWAY);
        assertThat(shapes.forPath(null)).isSameAs(ErrorShapes.GATEWAY);
    }
}
