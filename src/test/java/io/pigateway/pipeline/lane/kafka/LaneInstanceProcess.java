package io.pigateway.pipeline.lane.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link LaneInstance} in a JVM of its own, for a test that kills it with SIGKILL: each answer is
 * written to a file as "session text" as it is sent (what a user would have received by then).
 * Args: bootstrap servers, topic, group, instance name, answers file, turn milliseconds.
 */
public final class LaneInstanceProcess {

    private LaneInstanceProcess() {
    }

    public static void main(String[] args) throws Exception {
        Writer out = Files.newBufferedWriter(Path.of(args[4]), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        LaneInstance.Answers answers = new LaneInstance.Answers() {
            @Override
            synchronized void answered(String session, String text) {
                try {
                    out.write(session + " " + text + "\n");
                    out.flush(); // in the kernel's hands: a SIGKILL does not lose it
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        new LaneInstance(args[3], args[0], args[1], args[2], answers, Long.parseLong(args[5]));
        Thread.currentThread().join(); // until killed
    }
}
