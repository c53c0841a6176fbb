package io.pigateway.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountChangesTest {

    @Test
    void addedRemovedAndReTokenedAccountsAreSeparatedAndUnchangedOnesLeftAlone() {
        AccountChanges changes = AccountChanges.between(
                Map.of("default", "1:a", "old", "2:b", "rotated", "3:c"),
                Map.of("default", "1:a", "new", "4:d", "rotated", "3:c-new"));

        assertThat(changes.stopped()).containsExactly("old");
        assertThat(changes.started()).containsExactly("new");
        assertThat(changes.restarted()).containsExactly("rotated");
    }

    @Test
    void theSameAccountsChangeNothing() {
        AccountChanges changes = AccountChanges.between(Map.of("default", "1:a"), Map.of("default", "1:a"));

        assertThat(changes.stopped()).isEmpty();
        assertThat(changes.started()).isEmpty();
        assertThat(changes.restarted()).isEmpty();
    }
}
