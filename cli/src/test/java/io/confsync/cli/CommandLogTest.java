package io.confsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A handed-off command's log lines reach its client: its own thread's and its pool's, at its level only. */
class CommandLogTest {

    @Test
    void append_commandThreadsAndTheirPool_forwardedAtTheCommandsLevelOthersNot() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        CommandLog appender = new CommandLog();
        appender.setContext(context);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        org.slf4j.Logger log = context.getLogger("io.confsync.x");
        StringWriter client = new StringWriter();

        Thread command = new Thread(new ThreadGroup("confsync-command-1"), () -> {
            try (CommandLog.Sink sink = CommandLog.forward(new PrintWriter(client))) {
                log.info("before the options are read: not shown");
                log.warn("n2: refused this node's cluster files");
                sink.level(Level.INFO); // -v
                ExecutorService pool = Executors.newFixedThreadPool(1);
                pool.submit(() -> log.info("n2: took this node's cluster files"));
                pool.shutdown();
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.warn("after the command: the service's own");
        }, "confsync-command-1");
        command.start();
        command.join(30_000);
        log.warn("the service's own line");
        context.stop();

        String[] lines = client.toString().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).endsWith("confsync: WARN  n2: refused this node's cluster files");
        assertThat(lines[1]).endsWith("confsync: INFO  n2: took this node's cluster files");
    }
}
