package io.pigateway.app.doctor;

import io.pigateway.app.ListenAddress;
import io.pigateway.app.PiSetup;
import io.pigateway.app.camel.RouteFilesCheck;
import io.pigateway.channel.discord.DiscordProbe;
import io.pigateway.config.ChannelsConfig;
import io.pigateway.security.FileModes;
import io.pigateway.config.ConfigPaths;
import io.pigateway.config.GatewayConfig;
import io.pigateway.config.LoadedConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks behind {@code pi-gw doctor}: config, pi (found, version, starts and answers with
 * the configured model), directories, the state store, port, auth and channels. Each check says how to fix it.
 */
public final class Doctor {
    private final LoadedConfig loaded;
    private final GatewayConfig config;

    public Doctor(LoadedConfig loaded) {
        this.loaded = loaded;
        this.config = loaded.config();
    }

    /** The YAML route files: each parses, each endpoint's component is there (nothing is started). */
    private CheckResult routeFilesCheck() {
        RouteFilesCheck.Findings found = RouteFilesCheck.run(config);
        return found.problems().isEmpty() ? CheckResult.ok("routes", found.summary())
                : CheckResult.warn("routes", found.summary() + "; " + String.join("; ", found.problems()),
                        "fix the files named; the gateway starts without those routes");
    }

    public List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        results.add(configCheck());
        results.add(directoryCheck("dataDir", ConfigPaths.dataDir(config)));
        results.add(modeCheck(ConfigPaths.dataDir(config)));
        results.add(StoreCheck.run(config.store(), ConfigPaths.dataDir(config)));
        if (config.agent().runtime().agentDir() != null) {
            results.add(directoryCheck("agentDir", ConfigPaths.expandHome(config.agent().runtime().agentDir())));
        }
        results.add(portCheck());
        results.addAll(runningGatewayCheck());
        results.add(authCheck());
        results.addAll(channelChecks());
        results.addAll(cronChecks(config));
        results.add(routeFilesCheck());
        results.addAll(PiSetup.doctorChecks(config, ConfigPaths.dataDir(config)));
        return results;
    }

    /** Each config job's schedule, delivery and target, as the gateway would judge them at start. */
    static List<CheckResult> cronChecks(GatewayConfig config) {
        var cron = config.cron();
        if (!cron.enabled()) {
            return List.of(CheckResult.ok("cron", "disabled (" + cron.jobs().size() + " jobs in the config)"));
        }
        // the channels that can take an announce, as the running gateway has them (WebChat always runs)
        java.util.Set<String> channels = new java.util.HashSet<>(config.channels().routeChannels().keySet());
        channels.add("webchat");
        if (config.channels().telegram().enabled()) {
            channels.add("telegram");
        }
        if (config.channels().discord().enabled()) {
            channels.add("discord");
        }
        if (config.channels().feishu().enabled()) {
            channels.add("feishu");
        }
        var rules = io.pigateway.cron.JobRules.of(cron, channels::contains);
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < cron.jobs().size(); i++) {
            var job = cron.jobs().get(i);
            String name = "cron.jobs[" + i + "] " + job.id();
            var problems = rules.check(job);
            if (!problems.isEmpty()) {
                results.add(CheckResult.fail(name, String.join("; ", problems.stream().map(Object::toString).toList()),
                        "correct the fields named; until then the gateway leaves this job out"));
            } else if ("announce".equals(job.delivery()) && job.to() == null) {
                results.add(CheckResult.warn(name, "delivery \"announce\" without \"to\": the answer is only kept"
                        + " in the run history", "set \"to\" (e.g. \"telegram:123456789\") or use \"silent\""));
            }
        }
        if (results.isEmpty()) {
            results.add(CheckResult.ok("cron", cron.jobs().size() + " jobs valid"));
        }
        return results;
    }

    private CheckResult configCheck() {
        String source = loaded.source() != null ? loaded.source().toString() : "built-in defaults (no config file)";
        if (!loaded.warnings().isEmpty()) {
            return CheckResult.warn("config", source + ": " + String.join("; ", loaded.warnings()),
                    "remove or correct the keys named above");
        }
        return CheckResult.ok("config", "valid (" + source + ")");
    }

    /** dataDir 0700, the store, token and transcripts folder private to the gateway's user. */
    static CheckResult modeCheck(Path dataDir) {
        List<String> open = new ArrayList<>();
        for (Path p : List.of(dataDir, dataDir.resolve("state.db"), dataDir.resolve("gateway-token"),
                dataDir.resolve("sessions"))) {
            FileModes.tooOpen(p).ifPresent(open::add);
        }
        return open.isEmpty() ? CheckResult.ok("file modes", dataDir + " and its state are private to this user")
                : CheckResult.warn("file modes", String.join("; ", open), "the gateway narrows them at its next start");
    }

    static CheckResult directoryCheck(String name, Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".doctor", ".tmp");
            Files.delete(probe);
            return CheckResult.ok(name, dir + " is writable");
        } catch (IOException | RuntimeException e) {
            return CheckResult.fail(name, dir + " is not usable: " + e.getMessage(),
                    "create it and make it writable for this user, or point the config at another directory");
        }
    }

    private CheckResult portCheck() {
        int port = config.gateway().port();
        String host;
        try {
            host = ListenAddress.resolve(config.gateway());
        } catch (IllegalStateException e) {
            return CheckResult.fail("port", e.getMessage(), "see above");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return CheckResult.ok("port", host + ":" + port + " is free");
        } catch (IOException e) {
            return CheckResult.warn("port", host + ":" + port + " is in use (a running gateway, or another program)",
                    "stop the other program, or set gateway.port / use --port");
        }
    }

    /** What a gateway already running on the port reports (parked channels, failing store writes). */
    private List<CheckResult> runningGatewayCheck() {
        try {
            String host = ListenAddress.resolve(config.gateway());
            return RunningGatewayCheck.run("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + config.gateway().port());
        } catch (IllegalStateException e) {
            return List.of(); // the port check says why the address is not usable
        }
    }

    private CheckResult authCheck() {
        GatewayConfig.AuthConfig auth = config.gateway().auth();
        return switch (auth.mode()) {
            case "off" -> CheckResult.warn("auth", "gateway.auth.mode is off: anyone who can reach the port "
                    + "drives the agent", "set gateway.auth.mode to \"token\"");
            case "password" -> auth.password() == null || auth.password().length() < 12
                    ? CheckResult.fail("auth", "password mode needs gateway.auth.password of 12+ characters",
                    "set gateway.auth.password (e.g. \"${PI_GATEWAY_PASSWORD}\")")
                    : CheckResult.ok("auth", "password mode");
            default -> auth.token() != null && auth.token().length() < 16
                    ? CheckResult.warn("auth", "gateway.auth.token is shorter than 16 characters",
                    "use a long random token, or remove it to have one generated")
                    : CheckResult.ok("auth", "token mode" + (auth.token() == null
                    ? " (generated token in " + ConfigPaths.dataDir(config).resolve("gateway-token") + ")" : ""));
        };
    }

    private List<CheckResult> channelChecks() {
        List<CheckResult> results = new ArrayList<>();
        var channels = config.channels();
        results.add(channels.webchat().enabled()
                ? CheckResult.ok("webchat", "enabled on port " + config.gateway().port())
                : CheckResult.ok("webchat", "disabled"));
        if (channels.telegram().enabled()) {
            boolean tokenSet = channels.telegram().botToken() != null || !channels.telegram().accounts().isEmpty();
            results.add(tokenSet ? CheckResult.ok("telegram", "enabled")
                    : CheckResult.fail("telegram", "enabled without channels.telegram.botToken",
                    "set botToken (e.g. \"${TELEGRAM_BOT_TOKEN}\") or disable the channel"));
            if ("open".equals(channels.telegram().dmPolicy())) {
                results.add(CheckResult.warn("telegram", "dmPolicy \"open\": any Telegram user can use the agent",
                        "use \"pairing\" or \"allowlist\""));
            }
            results.add(groupCheck(channels.telegram().groups()));
        }
        if (channels.discord().enabled()) {
            for (DiscordProbe.Finding f : DiscordProbe.check(channels.discord())) {
                results.add(f.ok() ? CheckResult.ok(f.name(), f.detail())
                        : f.fatal() ? CheckResult.fail(f.name(), f.detail(), f.fix())
                        : CheckResult.warn(f.name(), f.detail(), f.fix()));
            }
        }
        if (channels.feishu().enabled()) {
            results.addAll(FeishuChecks.run(config));
        }
        return results;
    }

    /** Groups are closed unless listed; "*" admits any group the bot is added to. */
    static CheckResult groupCheck(Map<String, ChannelsConfig.GroupConfig> groups) {
        if (groups.containsKey("*")) {
            return CheckResult.warn("telegram groups", "\"*\" admits every group the bot is added to (members"
                    + " still need allowFrom or the dmPolicy)", "list the group chat ids instead of \"*\"");
        }
        return CheckResult.ok("telegram groups", groups.isEmpty()
                ? "none listed: the bot answers in no group (list chat ids under channels.telegram.groups)"
                : groups.size() + " listed; every other group is ignored");
    }
}
