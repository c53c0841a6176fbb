package io.pigateway.security.ssrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.config.GatewayConfig.SsrfGuardConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard's verdicts as pure decisions: nothing here opens a connection, DNS is a fake. */
class SsrfGuardTest {
    private static final Map<String, String[]> DNS = Map.of(
            "public.example", new String[] {"93.184.216.34"},
            "internal.example", new String[] {"10.1.2.3"},
            "metadata.example", new String[] {"169.254.169.254"},
            "mixed.example", new String[] {"93.184.216.34", "127.0.0.1"},
            "v6local.example", new String[] {"fd00::1"},
            "files.corp.example", new String[] {"10.9.9.9"});

    private static InetAddress[] fakeDns(String host) throws UnknownHostException {
        String[] answers = DNS.get(host);
        if (answers == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[answers.length];
        for (int i = 0; i < answers.length; i++) {
            out[i] = InetAddress.getByName(answers[i]); // literals: parsed, not looked up
        }
        return out;
    }

    private static SsrfGuard guard(Boolean enabled, Boolean privateIps, Boolean localhost, List<String> allowed) {
        return new SsrfGuard(new SsrfGuardConfig(enabled, privateIps, localhost, allowed), SsrfGuardTest::fakeDns);
    }

    private static final SsrfGuard DEFAULT = guard(null, null, null, null);

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f.0.0.1/", "http://0x7f000001/",
            "http://0177.0.0.1/", "http://017700000001/", "http://127.0.0.1./", "http://[::1]/",
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:10.0.0.1]/",
            "http://[0:0:0:0:0:ffff:a9fe:a9fe]/", "http://localhost/", "http://app.localhost/", "http://0.0.0.0/",
            "http://0/", "http://[::]/",
            "http://10.0.0.1/", "http://10.255.255.255/", "http://172.16.0.1/", "http://172.31.255.1/",
            "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://0xa9fea9fe/",
            "http://2852039166/", "http://0251.0376.0251.0376/", "http://100.64.0.1/",
            "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/", "http://[ff02::1]/",
            "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a00:1::]/",
            // SIIT, NAT64 local-use and Teredo (client 127.0.0.1, inverted) carry an internal IPv4
            "http://[::ffff:0:7f00:1]/", "http://[::ffff:0:a9fe:a9fe]/", "http://[64:ff9b:1::7f00:1]/",
            "http://[64:ff9b:1::a00:1]/", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
            "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/", "http://224.0.0.1/", "http://255.255.255.255/",
            "http://internal.example/", "http://metadata.example/", "http://mixed.example/", "http://v6local.example/",
            "http://1.2.3.999/", "http://256.1/", "http://08.0.0.1/", "http://no-such-host.example/",
            "ftp://public.example/", "file:///etc/passwd", "http://user:pw@public.example/"})
    void refusesInternalTargetsInEveryNotation(String url) {
        assertThatThrownBy(() -> DEFAULT.check(URI.create(url)))
                .isInstanceOf(SsrfGuard.BlockedException.class)
                .hasMessageStartingWith("blocked by SSRF guard");
    }

    @Test
    void publicTargetsPassWithTheCheckedAddresses() throws Exception {
        assertThat(DEFAULT.check(URI.create("https://public.example/a.png")))
                .extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
        assertThat(DEFAULT.check(URI.create("http://8.8.8.8/"))).extracting(InetAddress::getHostAddress)
                .containsExactly("8.8.8.8");
        assertThat(DEFAULT.check(URI.create("http://[2606:4700::1111]/"))).hasSize(1);
        assertThat(DEFAULT.check(URI.create("http://172.32.0.1/"))).hasSize(1); // just outside 172.16/12
        // the same embeddings of a public IPv4 pass: the embedded address decides
        assertThat(DEFAULT.check(URI.create("http://[::ffff:0:808:808]/"))).hasSize(1);
        assertThat(DEFAULT.check(URI.create("http://[2001:0:4136:e378:8000:63bf:f7f7:f7f7]/"))).hasSize(1);
        assertThat(DEFAULT.check(URI.create("http://[64:ff9b:1::808:808]/"))).hasSize(1);
    }

    @Test
    void decimalAndOctalFormsMeanTheSameAddress() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (String form : List.of("2130706433", "0x7f.0.0.1", "0177.0.0.1", "127.1", "0x7F000001", "127.0.1")) {
            assertThat(IpLiterals.parse(form)).as(form).contains(loopback);
        }
        assertThat(IpLiterals.parse("example.com")).isEmpty();
        assertThat(IpLiterals.parse("0xdead.example")).isEmpty();
        assertThat(IpLiterals.isIpv4Mapped("[::ffff:127.0.0.1]")).isTrue();
        assertThat(IpLiterals.isIpv4Mapped("[::1]")).isFalse();
    }

    @Test
    void switchesAndAllowListOpenOnlyWhatTheyName() throws Exception {
        SsrfGuard localOk = guard(true, true, false, List.of());
        assertThat(localOk.check(URI.create("http://127.0.0.1/"))).hasSize(1);
        assertThatThrownBy(() -> localOk.check(URI.create("http://10.0.0.1/"))).isInstanceOf(SsrfGuard.BlockedException.class);

        SsrfGuard privateOk = guard(true, false, true, List.of());
        assertThat(privateOk.check(URI.create("http://10.0.0.1/"))).hasSize(1);
        assertThatThrownBy(() -> privateOk.check(URI.create("http://2130706433/"))).isInstanceOf(SsrfGuard.BlockedException.class);

        SsrfGuard allowList = guard(true, true, true, List.of("internal.example", "127.0.0.1", "*.corp.example"));
        assertThat(allowList.check(URI.create("http://internal.example/"))).extracting(InetAddress::getHostAddress)
                .containsExactly("10.1.2.3");
        assertThat(allowList.check(URI.create("http://127.0.0.1:8080/"))).hasSize(1);
        assertThat(allowList.check(URI.create("http://2130706433/"))).hasSize(1); // an allowed IP in any spelling
        assertThatThrownBy(() -> allowList.check(URI.create("http://127.0.0.2/"))) // but no neighbour
                .isInstanceOf(SsrfGuard.BlockedException.class);
        assertThat(allowList.check(URI.create("http://files.corp.example/"))).extracting(InetAddress::getHostAddress)
                .containsExactly("10.9.9.9"); // wildcard entry

        assertThatThrownBy(() -> allowList.check(URI.create("http://metadata.example/")))
                .isInstanceOf(SsrfGuard.BlockedException.class);

        SsrfGuard off = guard(false, null, null, null);
        assertThat(off.check(URI.create("http://169.254.169.254/"))).hasSize(1);
        assertThatThrownBy(() -> off.check(URI.create("file:///etc/passwd"))).isInstanceOf(SsrfGuard.BlockedException.class);
    }

    @Test
    void verdictNamesTheReason() throws Exception {
        assertThat(DEFAULT.verdict(InetAddress.getByName("169.254.169.254"))).get().asString().contains("link-local");
        assertThat(DEFAULT.verdict(InetAddress.getByName("::1"))).get().asString().contains("loopback");
        assertThat(DEFAULT.verdict(InetAddress.getByName("1.1.1.1"))).isEmpty();
    }
}
