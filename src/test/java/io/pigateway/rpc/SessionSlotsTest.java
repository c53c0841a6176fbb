package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moving transcripts into a process's private slot and back, and recovering them after crashes. */
class SessionSlotsTest {
    private static final String ENTRY = "{\"type\":\"message\",\"id\":\"u1\",\"parentId\":null,"
            + "\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"%s\"}]}}\n";
    @TempDir
    Path dir;
    Path sessions;
    Path slotsRoot;

    @BeforeEach
    void setUp() throws IOException {
        sessions = Files.createDirectories(dir.resolve("sessions")).toRealPath();
        slotsRoot = sessions.resolve(".slots");
    }

    private Path transcript(String name, String text) throws IOException {
        return Files.writeString(sessions.resolve(name), ENTRY.formatted(text));
    }

    private static String historyText(Path home) {
        return SessionHistory.recent(home, 10).stream().map(SessionHistory.Message::text).toList().toString();
    }

    @Test
    void eachProcessGetsAPrivateSlotNamedInItsEnvironment() throws IOException {
        SessionSlots slots = SessionSlots.under(slotsRoot, "main");
        String slot = slots.envFor(3).get(SessionSlots.ENV_SLOT_DIR);
        assertThat(Path.of(slot)).isEqualTo(slotsRoot.resolve("main/3")).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(slot)))).isEqualTo("rwx------");
    }

    @Test
    void aLentTranscriptLivesInTheSlotAndReadersStillFindItUntilItIsGivenBack() throws IOException {
        SessionSlots slots = SessionSlots.under(slotsRoot, "main");
        slots.envFor(1);
        Path home = transcript("a.jsonl", "hello from a");

        Path inSlot = slots.lend(1, home);
        assertThat(inSlot).isEqualTo(slotsRoot.resolve("main/1/a.jsonl")).exists();
        assertThat(home).doesNotExist();
        assertThat(historyText(home)).isEqualTo("[hello from a]");
        Files.writeString(inSlot, ENTRY.formatted("second").replace("\"u1\",\"parentId\":null", "\"u2\",\"parentId\":\"u1\""),
                java.nio.file.StandardOpenOption.APPEND); // pi appends by path

        slots.giveBack(1);
        assertThat(inSlot).doesNotExist();
        assertThat(historyText(home)).isEqualTo("[hello from a, second]");
        slots.giveBack(1); // nothing lent any more: no-op
        assertThat(home).exists();
    }

    @Test
    void aNewSessionIsWrittenInTheSlotAndMovedHomeAfterwards() throws IOException {
        SessionSlots slots = SessionSlots.under(slotsRoot, "main");
        slots.envFor(1);
        Path home = sessions.resolve("new.jsonl");
        Path inSlot = slots.lend(1, home);
        assertThat(inSlot).doesNotExist();
        assertThat(historyText(home)).isEqualTo("[]");
        Files.writeString(inSlot, ENTRY.formatted("first answer"));
        slots.giveBack(1);
        assertThat(historyText(home)).isEqualTo("[first answer]");

        Path empty = sessions.resolve("never-written.jsonl");
        slots.lend(1, empty);
        slots.giveBack(1); // pi wrote nothing (no answer yet): nothing to move
        assertThat(empty).doesNotExist();
    }

    @Test
    void lendingAnotherSessionGivesBackThePreviousOneAndATranscriptIsInOneSlotAtATime() throws IOException {
        SessionSlots main = SessionSlots.under(slotsRoot, "main");
        SessionSlots role = SessionSlots.under(slotsRoot, "role-x");
        main.envFor(1);
        main.envFor(2);
        role.envFor(1);
        Path a = transcript("a.jsonl", "a");
        Path b = transcript("b.jsonl", "b");

        main.lend(1, a);
        main.lend(1, b);
        assertThat(a).exists();
        assertThat(slotsRoot.resolve("main/1")).isDirectoryContaining(p -> p.getFileName().toString().equals("b.jsonl"));
        assertThatThrownBy(() -> main.lend(2, b)).isInstanceOf(IOException.class).hasMessageContaining("in use");
        assertThatThrownBy(() -> role.lend(1, b)).isInstanceOf(IOException.class);
        main.giveBack(1);
        assertThat(role.lend(1, b)).exists();
        role.giveBack(1);
        assertThat(b).exists();
    }

    @Test
    void aProcessThatDiedHandsItsTranscriptBackAndLosesItsSlot() throws IOException {
        SessionSlots slots = SessionSlots.under(slotsRoot, "main");
        slots.envFor(4);
        Path home = transcript("a.jsonl", "written before the crash");
        slots.lend(4, home);

        slots.retire(4);
        assertThat(historyText(home)).isEqualTo("[written before the crash]");
        assertThat(slotsRoot.resolve("main/4")).doesNotExist();
        slots.retire(4); // twice (release and the exit handler): harmless
    }

    @Test
    void whatAKilledGatewayLeftInThePoolsSlotsGoesHomeAtStart() throws IOException {
        // a previous run died while processes 2 and 5 held transcripts; another pool's slot is its own
        Files.createDirectories(slotsRoot.resolve("main/2"));
        Files.writeString(slotsRoot.resolve("main/2/a.jsonl"), ENTRY.formatted("from slot 2"));
        Files.createDirectories(slotsRoot.resolve("main/5"));
        Files.createDirectories(slotsRoot.resolve("role-x/1"));
        Files.writeString(slotsRoot.resolve("role-x/1/b.jsonl"), ENTRY.formatted("role"));

        SessionSlots.under(slotsRoot, "main").recover();
        assertThat(historyText(sessions.resolve("a.jsonl"))).isEqualTo("[from slot 2]");
        assertThat(slotsRoot.resolve("main")).isEmptyDirectory();
        assertThat(slotsRoot.resolve("role-x/1/b.jsonl")).exists();
    }

    @Test
    void withoutSlotsTranscriptsStayWhereTheyAre() throws IOException {
        SessionSlots none = SessionSlots.none();
        Path home = transcript("a.jsonl", "a");
        assertThat(none.envFor(1)).isEmpty();
        assertThat(none.lend(1, home)).isEqualTo(home);
        none.giveBack(1);
        none.retire(1);
        assertThat(home).exists();
    }
}
