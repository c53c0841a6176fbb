package io.pigateway.rpc;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Parses the lines of one short pi turn (as pi 0.73.1 writes them, see PI-RPC.md) a number of
 * times, so the JIT has compiled the line parser before the first real turn: a user's first turns
 * otherwise pay for it in the interpreter. Pure computation, no process and no side effect.
 */
public final class PiLineWarmUp {
    private static final String PARTIAL = "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"echo: hello\"}],"
            + "\"api\":\"openai-completions\",\"provider\":\"fake\",\"model\":\"fake-echo\",\"usage\":{\"input\":10,"
            + "\"output\":5,\"cacheRead\":0,\"cacheWrite\":0,\"totalTokens\":15},\"stopReason\":\"stop\",\"timestamp\":1795649195678}";
    private static final List<byte[]> TURN = List.of(
            "{\"id\":\"p1\",\"type\":\"response\",\"command\":\"prompt\",\"success\":true}",
            "{\"type\":\"agent_start\"}",
            "{\"type\":\"turn_start\"}",
            "{\"type\":\"message_start\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"timestamp\":1795649195678}}",
            "{\"type\":\"message_end\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"timestamp\":1795649195678}}",
            "{\"type\":\"message_start\",\"message\":" + PARTIAL + "}",
            "{\"type\":\"message_update\",\"assistantMessageEvent\":{\"type\":\"text_start\",\"contentIndex\":0,\"partial\":" + PARTIAL + "},\"message\":" + PARTIAL + "}",
            "{\"type\":\"message_update\",\"assistantMessageEvent\":{\"type\":\"text_delta\",\"contentIndex\":0,\"delta\":\"echo: he\",\"partial\":" + PARTIAL + "},\"message\":" + PARTIAL + "}",
            "{\"type\":\"message_update\",\"assistantMessageEvent\":{\"type\":\"text_end\",\"contentIndex\":0,\"content\":\"echo: hello\",\"partial\":" + PARTIAL + "},\"message\":" + PARTIAL + "}",
            "{\"type\":\"message_end\",\"message\":" + PARTIAL + "}",
            "{\"type\":\"turn_end\",\"message\":" + PARTIAL + ",\"toolResults\":[]}",
            "{\"type\":\"agent_end\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}," + PARTIAL + "]}")
            .stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();

    private PiLineWarmUp() {
    }

    /** Parses the turn's lines {@code rounds} times; returns how many were read as pi's (not garbage). */
    public static int run(int rounds) {
        int read = 0;
        for (int i = 0; i < rounds; i++) {
            for (byte[] line : TURN) {
                PiProtocol.Line parsed = PiProtocol.parse(line, line.length);
                if (!(parsed instanceof PiProtocol.Garbage)
                        && (!(parsed instanceof PiProtocol.Event e) || e.event().type() != null)) {
                    read++;
                }
            }
        }
        return read;
    }

    static int linesPerRound() {
        return TURN.size();
    }
}
