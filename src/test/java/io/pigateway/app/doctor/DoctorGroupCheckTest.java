package io.pigateway.app.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.ChannelsConfig.GroupConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoctorGroupCheckTest {

    @Test
    void explainsTheRuleAndWarnsOnStar() {
        assertThat(Doctor.groupCheck(Map.of()).line())
                .startsWith("[ok]").contains("no group", "channels.telegram.groups");
        assertThat(Doctor.groupCheck(Map.of("-100", new GroupConfig(null, null, null))).line())
                .startsWith("[ok]").contains("1 listed", "every other group is ignored");
        CheckResult star = Doctor.groupCheck(Map.of("*", new GroupConfig(null, null, null)));
        assertThat(star.status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(star.line()).contains("every group");
        assertThat(star.fix()).contains("list the group chat ids");
    }
}
