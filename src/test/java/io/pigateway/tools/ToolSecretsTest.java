package io.pigateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.rpc.PiProcessListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolSecretsTest {
    @TempDir
    Path tmp;

    @Test
    void eachProcessGetsItsOwnSecretWhichDiesWithIt() throws Exception {
        ToolSecrets secrets = new ToolSecrets("http://127.0.0.1:1/api/tools", tmp.resolve("handover"));
        Map<String, String> one = secrets.forPool("main").envFor(1);
        Map<String, String> two = secrets.forPool("role-x").envFor(1); // ids repeat across pools
        assertThat(one.get(ToolSecrets.ENV_URL)).isEqualTo("http://127.0.0.1:1/api/tools");
        String s1 = Files.readString(Path.of(one.get(ToolSecrets.ENV_HANDOVER)));
        String s2 = Files.readString(Path.of(two.get(ToolSecrets.ENV_HANDOVER)));
        assertThat(s1).isNotEqualTo(s2).hasSizeGreaterThanOrEqualTo(32);
        assertThat(secrets.processFor(s1)).contains(new ToolSecrets.ProcessRef("main", 1));
        assertThat(secrets.processFor(s2)).contains(new ToolSecrets.ProcessRef("role-x", 1));

        assertThat(secrets.processFor(s1 + "x")).isEmpty();
        assertThat(secrets.processFor(s1.substring(1))).isEmpty();
        assertThat(secrets.processFor("")).isEmpty();
        assertThat(secrets.processFor(null)).isEmpty();

        secrets.forPool("main").onExit(1);
        assertThat(secrets.processFor(s1)).isEmpty();
        assertThat(secrets.processFor(s2)).contains(new ToolSecrets.ProcessRef("role-x", 1));
    }

    @Test
    void theSecretTravelsInAPrivateOneShotFileNeverInTheEnvironment() throws Exception {
        Path dir = tmp.resolve("handover");
        ToolSecrets secrets = new ToolSecrets("http://127.0.0.1:1/api/tools", dir);
        PiProcessListener main = secrets.forPool("main");
        Map<String, String> env = main.envFor(7);
        Path file = Path.of(env.get(ToolSecrets.ENV_HANDOVER));
        String secret = secrets.secretOf(new ToolSecrets.ProcessRef("main", 7)).orElseThrow();

        // only the URL and the file's path are in the environment; nothing there is the secret
        assertThat(env).containsOnlyKeys(ToolSecrets.ENV_URL, ToolSecrets.ENV_HANDOVER, ToolSecrets.ENV_HANDOVER_DIR);
        assertThat(env.values()).noneMatch(v -> v.contains(secret));
        assertThat(env.keySet()).allMatch(k -> k.startsWith("PI_")).noneMatch(k -> k.toLowerCase().contains("secret"));
        // each process has its own folder: a sandbox binds only that one
        assertThat(file.getParent().getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(env.get(ToolSecrets.ENV_HANDOVER_DIR)).isEqualTo(file.getParent().toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo(secret);

        // pi answered: a file its extension did not unlink is deleted by the gateway; the secret lives on
        main.onReady(7);
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
        assertThat(secrets.processFor(secret)).isPresent();

        // a process that dies before it is ready takes its file with it
        Path other = Path.of(main.envFor(8).get(ToolSecrets.ENV_HANDOVER));
        main.onExit(8);
        assertThat(other).doesNotExist();

        Path left = Path.of(main.envFor(9).get(ToolSecrets.ENV_HANDOVER));
        secrets.close();
        assertThat(left).doesNotExist();
        assertThat(dir).doesNotExist();
    }

    @Test
    void aWiderHandoverDirIsNarrowedAndTheDefaultOneIsPrivate() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("wide"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        new ToolSecrets("http://x", dir).forPool("main").envFor(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");

        try (ToolSecrets fresh = new ToolSecrets("http://x")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.handoverDir())))
                    .isEqualTo("rwx------");
        }
    }
}
