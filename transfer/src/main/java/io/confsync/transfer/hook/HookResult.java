package io.confsync.transfer.hook;

/**
 * How a hook ended.
 *
 * @param command  the command
 * @param exit     exit status; -1 if it timed out or could not start
 * @param timedOut killed at its timeout
 * @param output   the last few KiB of its stdout and stderr
 * @param millis   how long it ran
 */
public record HookResult(String command, int exit, boolean timedOut, String output, long millis) {

    /** True for exit 0 within the timeout. */
    public boolean ok() {
        return exit == 0 && !timedOut;
    }

    /** One line: {@code 'newaliases' exit 0 in 12 ms} or {@code ... FAILED ...: last output line}. */
    public String summary() {
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        String how = timedOut ? "timed out after " + millis + " ms" : "exit " + exit + " in " + millis + " ms";
        String shown = command.length() > 48 ? command.substring(0, 45) + "..." : command;
        return "'" + shown + "' " + (ok() ? how : "FAILED, " + how + (last.isEmpty() ? "" : ": " + last));
    }
}
