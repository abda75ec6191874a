package io.confsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void run_help_listsEveryCommand() {
        CliRun r = CliRun.of("--help");

        assertThat(r.code()).isZero();
        for (String name : Main.COMMANDS.keySet()) {
            assertThat(r.out()).containsPattern("(?m)^  " + name + " ");
        }
        assertThat(r.out()).containsPattern("(?m)^  help ");
    }

    @Test
    void commands_eachName_isItsClassCommandName() {
        Main.COMMANDS.forEach((name, type) ->
                assertThat(type.getAnnotation(picocli.CommandLine.Command.class).name()).isEqualTo(name));
    }

    @Test
    void run_helpForOneCommand_printsItsUsage() {
        CliRun r = CliRun.of("help", "sync");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Push the sync set to the standbys once").contains("\nUsage: confsync sync ");
    }

    @Test
    void run_commandHelp_printsOnlyThatUsage() {
        CliRun r = CliRun.of("receive", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Receive one session on stdin and stdout").contains("\nUsage: confsync receive ");
    }

    @Test
    void run_unknownCommand_exitsUsageAndPointsToTheRootHelp() {
        CliRun r = CliRun.of("bogus");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("'bogus'").contains("Try 'confsync --help' for usage.");
    }

    @Test
    void run_unknownOption_pointsToTheCommandHelp() {
        CliRun r = CliRun.of("sync", "--bogus");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Try 'confsync sync --help' for usage.");
    }
}
