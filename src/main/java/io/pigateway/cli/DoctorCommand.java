package io.pigateway.cli;

import io.pigateway.app.doctor.CheckResult;
import io.pigateway.app.doctor.Doctor;
import io.pigateway.config.ConfigException;
import io.pigateway.config.LoadedConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pi-gw doctor}: one line per check with ok/warn/fail and a fix; exit 1 on any fail. */
@Command(name = "doctor", description = "Check the config, pi, the model, directories, the port and channels.")
public final class DoctorCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() {
        LoadedConfig loaded;
        try {
            loaded = configOption.load();
        } catch (ConfigException e) {
            System.out.println(CheckResult.fail("config", "invalid: " + String.join("; ", e.problems()),
                    "correct the keys named above").line());
            return PiGwCli.EXIT_CONFIG;
        }
        List<CheckResult> results = QuietLogs.during(() -> new Doctor(loaded).run());
        results.forEach(r -> System.out.println(r.line()));
        long failed = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
        long warned = results.stream().filter(r -> r.status() == CheckResult.Status.WARN).count();
        System.out.println(failed == 0 ? "doctor: all good" + (warned > 0 ? " (" + warned + " warning(s))" : "")
                : "doctor: " + failed + " check(s) failed");
        return failed == 0 ? 0 : 1;
    }
}
