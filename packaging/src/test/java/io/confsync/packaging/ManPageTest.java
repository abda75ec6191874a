package io.confsync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ManPageTest {

    private final ManPage pages = new ManPage("2026-12-02", "0.1.0~SNAPSHOT");
    private final CommandLine cl = Main.commandLine();

    @Test
    void command_everySubcommand_everyOptionOfItsHelpWithItsDescription() {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof CommandLine.HelpCommand) {
                continue;
            }
            String page = pages.command(sub.getCommandSpec());
            assertThat(page).startsWith(".\\\" Generated").contains(".TH CONFSYNC-" + sub.getCommandName()
                    .toUpperCase(java.util.Locale.ROOT) + " 8 \"2026-12-02\" \"confsync 0.1.0~SNAPSHOT\"");
            for (OptionSpec o : sub.getCommandSpec().options()) {
                assertThat(page).as(sub.getCommandName() + " " + o.longestName())
                        .contains("\\fB" + ManPage.escape(o.longestName()) + "\\fR")
                        .contains(ManPage.escape(String.join(" ", o.description())));
            }
        }
    }

    @Test
    void top_listsEveryCommandWithItsPageAndTheExitCodes() {
        String page = pages.top(cl.getCommandSpec());

        for (String name : cl.getSubcommands().keySet()) {
            if (!name.equals("help")) {
                assertThat(page).contains(".B " + ManPage.escape(name) + "\n")
                        .contains(".BR confsync\\-" + ManPage.escape(name) + " (8).");
            }
        }
        assertThat(page).contains(".SH NOTES").contains("78 bad config");
    }

    @Test
    void escape_roffControlCharacters_readLiterally() {
        assertThat(ManPage.escape("a\\b")).isEqualTo("a\\eb");
        assertThat(ManPage.escape("--config")).isEqualTo("\\-\\-config");
        assertThat(ManPage.escape(".hidden\n'quoted")).isEqualTo("\\&.hidden\n\\&'quoted");
    }
}
