package io.pigateway.app.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped YAML channels in a real gateway with the real pi (fake LLM): a file dropped into
 * file-channel's inbox is answered in its outbox, a mail to the mail-channel's box (GreenMail,
 * IMAP and SMTP on loopback) is answered by mail, and direct:send reaches a YAML channel. The
 * examples are used as shipped; only config/application.properties-style settings differ.
 */
class YamlChannelsEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void fileAndMailChannelsAnswerThroughTheRealAgent() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        for (String example : new String[] {"file-channel.camel.yaml", "mail-channel.camel.yaml"}) {
            Files.copy(ExampleRoutesTest.EXAMPLES.resolve(example), routes.resolve(example));
        }
        Path filechan = dir.resolve("filechan");
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        mail.start();
        mail.setUser("pi@localhost", "pi@localhost", "secret");
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, """
                filechan.dir = %s
                mail.imapUri = imap://127.0.0.1:%d
                mail.smtpUri = smtp://127.0.0.1:%d
                mail.username = pi@localhost
                mail.password = secret
                mail.from = pi@localhost
                mail.pollMs = 300
                """.formatted(filechan, mail.getImap().getPort(), mail.getSmtp().getPort()));
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 2,
                     "\"routesDir\": \"" + routes + "\", \"camelProperties\": \"" + properties + "\",", "", "")) {
            // file channel: the file name is the chat
            Files.createDirectories(filechan.resolve("inbox"));
            Files.writeString(filechan.resolve("inbox/chat42.txt"), "What is 6 x 7?");
            Path answer = filechan.resolve("outbox/chat42.txt");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(answer) && Files.size(answer) > 0);
            assertThat(Files.readString(answer)).isEqualTo("echo: What is 6 x 7?\n\n");
            assertThat(gw.runtime().service().session("agent:main:filechan:dm:chat42")).isPresent();

            // mail channel: each sender is a chat, the answer goes back to the sender
            GreenMailUtil.sendTextEmail("pi@localhost", "Alice <alice@localhost>", "Question", "What is 6 x 7?",
                    mail.getSmtp().getServerSetup());
            assertThat(mail.waitForIncomingEmail(60_000, 2)).isTrue();
            MimeMessage reply = mail.getReceivedMessages()[1];
            assertThat(reply.getAllRecipients()[0].toString()).isEqualTo("alice@localhost");
            assertThat(GreenMailUtil.getBody(reply).strip()).startsWith("echo: Question").contains("What is 6 x 7?");
            assertThat(gw.runtime().service().session("agent:main:mail:dm:alice@localhost")).isPresent();

            // any route can write to a YAML channel's chat: direct:send with PiGatewayTo
            gw.runtime().camel().createProducerTemplate()
                    .sendBodyAndHeader("direct:send", "disk almost full", "PiGatewayTo", "filechan:ops");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(filechan.resolve("outbox/ops.txt")));
            assertThat(Files.readString(filechan.resolve("outbox/ops.txt"))).isEqualTo("disk almost full\n\n");
        } finally {
            mail.stop();
        }
    }
}
