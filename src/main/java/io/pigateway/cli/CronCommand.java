package io.pigateway.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pi-gw cron list | add | run ID | pause ID | resume ID | remove ID | runs ID}: the running
 * gateway's cron jobs through its {@code /api/cron} endpoints, printing the JSON answers.
 */
@Command(name = "cron", description = "Scheduled agent tasks of the running gateway.",
        subcommands = {CronCommand.ListJobs.class, CronCommand.Add.class, CronCommand.Run.class,
                CronCommand.Pause.class, CronCommand.Resume.class, CronCommand.Remove.class, CronCommand.Runs.class})
public final class CronCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand shares: the config (for port and token) and the gateway's URL. */
    abstract static class Call extends ApiCommand {
        abstract String method();

        abstract String path();

        String body() {
            return null;
        }

        @Override
        public Integer call() throws Exception {
            return call("pi-gw cron", method(), "/api/cron/jobs" + path(), body(), answer -> answer);
        }
    }

    /** A subcommand on one job. */
    abstract static class OnJob extends Call {
        @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
        String id;

        String job() {
            return "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        }
    }

    @Command(name = "list", description = "List the jobs with their next run and last status.")
    static final class ListJobs extends Call {
        String method() {
            return "GET";
        }

        String path() {
            return "";
        }
    }

    @Command(name = "add", description = "Add a runtime job, e.g. --json '{\"id\":\"r\",\"schedule\":{\"kind\":\"every\","
            + "\"expr\":\"1h\"},\"task\":\"Check the inbox\",\"delivery\":\"announce\",\"to\":\"telegram:1001\"}'")
    static final class Add extends Call {
        @Option(names = "--json", required = true, description = "The job as JSON (as POST /api/cron/jobs takes it).")
        String json;

        String method() {
            return "POST";
        }

        String path() {
            return "";
        }

        @Override
        String body() {
            return json;
        }
    }

    @Command(name = "run", description = "Run a job now.")
    static final class Run extends OnJob {
        String method() {
            return "POST";
        }

        String path() {
            return job() + "/run";
        }
    }

    @Command(name = "pause", description = "Pause a job.")
    static final class Pause extends OnJob {
        String method() {
            return "POST";
        }

        String path() {
            return job() + "/pause";
        }
    }

    @Command(name = "resume", description = "Resume a paused or disabled job.")
    static final class Resume extends OnJob {
        String method() {
            return "POST";
        }

        String path() {
            return job() + "/resume";
        }
    }

    @Command(name = "remove", description = "Remove a job.")
    static final class Remove extends OnJob {
        String method() {
            return "DELETE";
        }

        String path() {
            return job();
        }
    }

    @Command(name = "runs", description = "A job's last runs, newest first.")
    static final class Runs extends OnJob {
        String method() {
            return "GET";
        }

        String path() {
            return job() + "/runs";
        }
    }
}
