package io.confsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration, in code: one line per event on stderr, WARN by default, MINA quiet below
 * ERROR. The line is {@link LogLine}'s: a syslog priority under journald, a time stamp elsewhere. The
 * command line applies it through {@link LoggingProvider}; anything else that starts Logback (tests,
 * an embedding) finds it through {@code ServiceLoader}. The XML configurator it replaces parsed a
 * file with a SAX parser at every start, about 0.2 s of each one-shot command (measured with
 * class-load timestamps). Setting {@code -Dlogback.configurationFile} still hands the configuration
 * to Logback's own file configurator.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogLine layout = new LogLine(LogLine.Style.detect(System.getenv("JOURNAL_STREAM")), java.time.ZoneId.systemDefault());
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(java.nio.charset.StandardCharsets.UTF_8); // file names are UTF-8 in any locale
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger("org.apache.sshd").setLevel(Level.ERROR);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        CommandLog forwarded = new CommandLog(); // a handed-off command's lines, to its client too
        forwarded.setContext(context);
        forwarded.setName("HANDED-OFF");
        forwarded.start();
        root.addAppender(forwarded);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
