package io.pigateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientKeysTest {

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64() {
        ClientKeys keys = ClientKeys.direct();
        assertThat(keys.key("2001:db8:1:2:aaaa::1", null)).isEqualTo(keys.key("2001:db8:1:2:bbbb:cccc:dddd:eeee", null))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(keys.key("2001:db8:1:3::1", null)).isNotEqualTo(keys.key("2001:db8:1:2::1", null));
        assertThat(keys.key("10.0.0.7", null)).isEqualTo("10.0.0.7");
        assertThat(keys.key("::ffff:10.0.0.7", null)).isEqualTo("10.0.0.7");
    }

    @Test
    void forwardedForIsIgnoredUnlessTheHopIsATrustedProxy() {
        assertThat(ClientKeys.direct().key("127.0.0.1", "203.0.113.9")).isEqualTo("127.0.0.1");
        ClientKeys behindProxy = new ClientKeys(List.of("127.0.0.1", "10.0.0.0/8"));
        assertThat(behindProxy.key("127.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
        // the client prepends a fake hop; the first untrusted hop from the right is the one that counts
        assertThat(behindProxy.key("127.0.0.1", "127.0.0.1, 198.51.100.4, 10.1.2.3")).isEqualTo("198.51.100.4");
        // an untrusted socket cannot claim anything, loopback included
        assertThat(behindProxy.key("198.51.100.4", "127.0.0.1")).isEqualTo("198.51.100.4");
        assertThat(behindProxy.key("127.0.0.1", "not-an-ip")).isEqualTo("127.0.0.1");
    }

    @Test
    void proxyEntriesMustBeAddressesOrBlocks() {
        assertThat(new ClientKeys(List.of("fd00::/8")).key("fd12::1", "2001:db8::5")).isEqualTo("2001:db8:0:0::/64");
        assertThatThrownBy(() -> new ClientKeys(List.of("proxy.example"))).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> new ClientKeys(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length");
    }
}
