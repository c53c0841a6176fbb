package io.pigateway.cron;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One run of a job as the history keeps it.
 *
 * @param trigger  {@code schedule}, {@code manual}, {@code retry} or {@code catch-up}
 * @param status   {@code ok} or {@code error}
 * @param answer   the start of the agent's answer (at most {@link #EXCERPT} characters)
 * @param tokens   tokens of the run's last model call, when pi reported them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CronRun(String startedAt, String finishedAt, String trigger, String status, String error,
                      String answer, String sessionKey, Integer tokens) {
    public static final int EXCERPT = 500;

    static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT - 1) + "…";
    }
}
