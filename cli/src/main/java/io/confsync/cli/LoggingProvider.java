package io.confsync.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's binding to Logback, named by {@code -Dslf4j.provider} (set by {@link Main}) instead of
 * found by {@code ServiceLoader}: each lookup through the class path opens and indexes all 27 jars
 * (13,000 entries, 60-130 ms of a cold JVM), and SLF4J's lookup and then Logback's own one for its
 * configurator were two of the three that every command paid (picocli's search for Groovy is the
 * third; {@code picocli.disable.closures} ends it). The context is configured by {@link
 * StderrLogging} directly, or by Logback's usual search if {@code -Dlogback.configurationFile} is set.
 */
public final class LoggingProvider implements SLF4JServiceProvider {

    private LoggerContext context;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        context = new LoggerContext();
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        LogbackMDCAdapter adapter = new LogbackMDCAdapter();
        context.setMDCAdapter(adapter);
        mdc = adapter;
        markers = new BasicMarkerFactory();
        if (System.getProperty("logback.configurationFile") != null) {
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                System.err.println("confsync: logging configuration: " + e.getMessage());
            }
        } else {
            StderrLogging configurator = new StderrLogging();
            configurator.setContext(context);
            configurator.configure(context);
        }
        context.start();
    }
}
