package io.confsync.packaging;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page in roff (man(7) macros), written from picocli's model of a command: the same
 * descriptions, options, defaults and footer that {@code --help} prints, so the two never drift.
 * Section 8: confsync is run by root and by systemd.
 */
final class ManPage {

    private final String date;
    private final String version;

    /**
     * @param date    the page's date (the build's), {@code 2026-12-02}
     * @param version the package version
     */
    ManPage(String date, String version) {
        this.date = date;
        this.version = version;
    }

    /** The page's file name: {@code confsync.8}, {@code confsync-run.8}. */
    static String fileName(CommandSpec spec) {
        return pageName(spec) + ".8";
    }

    /** {@code confsync}, {@code confsync-run}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** The page of the top command: its subcommands listed, each pointing to its own page. */
    String top(CommandSpec spec) {
        StringBuilder b = header(spec);
        b.append(".SH SYNOPSIS\n.B confsync\n.I COMMAND\n.RI [ OPTIONS ]\n.br\n.B confsync\n.BR --help \" | \" --version\n");
        b.append(".SH DESCRIPTION\n");
        paragraphs(b, List.of(spec.usageMessage().description()));
        b.append(".SH COMMANDS\n");
        for (CommandLine sub : commands(spec)) {
            CommandSpec s = sub.getCommandSpec();
            b.append(".TP\n.B ").append(escape(s.name())).append('\n')
                    .append(escape(summary(s))).append(" See\n.BR ").append(pageName(s).replace("-", "\\-")).append(" (8).\n");
        }
        options(b, spec);
        footer(b, spec);
        b.append(".SH FILES\n.TP\n.I /etc/confsync/confsync.yaml\nThe configuration (a conffile); ")
                .append("\\fBconfsync check\\fR validates it.\n")
                .append(".TP\n.I /var/lib/confsync\nThe state directory: cluster state, hash cache, backups, status.json.\n")
                .append(".TP\n.I /usr/share/doc/confsync/examples\nExample configurations.\n");
        seeAlso(b, commands(spec).stream().map(c -> pageName(c.getCommandSpec())).toList());
        return b.toString();
    }

    /** The page of one subcommand. */
    String command(CommandSpec spec) {
        StringBuilder b = header(spec);
        b.append(".SH SYNOPSIS\n.B ").append(escape(spec.qualifiedName(" "))).append('\n');
        for (OptionSpec o : spec.options()) {
            b.append("[\\fB").append(escape(o.longestName())).append("\\fR");
            if (!o.typeInfo().isBoolean()) {
                b.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            b.append("]\n");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            b.append("[\\fI").append(escape(p.paramLabel())).append("\\fR ...]\n");
        }
        b.append(".SH DESCRIPTION\n");
        paragraphs(b, List.of(spec.usageMessage().description()));
        options(b, spec);
        footer(b, spec);
        seeAlso(b, List.of("confsync"));
        return b.toString();
    }

    private StringBuilder header(CommandSpec spec) {
        StringBuilder b = new StringBuilder();
        b.append(".\\\" Generated from the command line's own model at build time; edit the @Command, not this.\n");
        b.append(".TH ").append(pageName(spec).toUpperCase(java.util.Locale.ROOT)).append(" 8 \"").append(date)
                .append("\" \"confsync ").append(escape(version)).append("\" \"System Administration\"\n");
        b.append(".SH NAME\n").append(pageName(spec).replace("-", "\\-")).append(" \\- ")
                .append(escape(lowerFirst(stripPeriod(summary(spec))))).append('\n');
        return b;
    }

    private static List<CommandLine> commands(CommandSpec spec) {
        return spec.subcommands().values().stream().distinct()
                .filter(c -> !(c.getCommand() instanceof CommandLine.HelpCommand)).toList();
    }

    private static void options(StringBuilder b, CommandSpec spec) {
        if (spec.options().isEmpty()) {
            return;
        }
        b.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            String names = List.of(o.names()).stream().map(n -> "\\fB" + escape(n) + "\\fR").collect(Collectors.joining(", "));
            b.append(".TP\n").append(names);
            if (!o.typeInfo().isBoolean()) {
                b.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            b.append('\n').append(escape(String.join(" ", o.description()))).append('\n');
        }
    }

    private static void footer(StringBuilder b, CommandSpec spec) {
        String[] footer = spec.usageMessage().footer();
        String text = String.join("\n", footer).strip();
        if (text.isEmpty()) {
            return;
        }
        b.append(".SH NOTES\n");
        paragraphs(b, List.of(text.split("\n\n")));
    }

    private static void seeAlso(StringBuilder b, List<String> pages) {
        b.append(".SH SEE ALSO\n").append(pages.stream().map(p -> ".BR " + p.replace("-", "\\-") + " (8)").collect(Collectors.joining(",\n")))
                .append(",\n.BR ssh (1),\n.BR systemctl (1)\n");
    }

    private static void paragraphs(StringBuilder b, List<String> paragraphs) {
        boolean first = true;
        for (String p : paragraphs) {
            if (p.isBlank()) {
                continue;
            }
            if (!first) {
                b.append(".PP\n");
            }
            b.append(escape(p.strip())).append('\n');
            first = false;
        }
    }

    /** The one-line summary: the command's header, which {@code --help} prints first; else its first sentence. */
    private static String summary(CommandSpec spec) {
        String[] h = spec.usageMessage().header();
        if (h.length > 0 && !h[0].isBlank()) {
            return h[0];
        }
        String[] d = spec.usageMessage().description();
        String text = d.length == 0 ? spec.name() : d[0];
        int end = text.indexOf(". ");
        return end > 0 ? text.substring(0, end + 1) : text;
    }

    private static String stripPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1)) ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Text as roff reads it literally: backslashes, hyphens, and a line that starts with a control character. */
    static String escape(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder b = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                b.append("\\&");
            }
            b.append(line);
        }
        return b.toString();
    }
}
