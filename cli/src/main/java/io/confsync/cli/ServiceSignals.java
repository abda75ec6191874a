package io.confsync.cli;

import io.confsync.service.ConfigReload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The signals of {@code run} and {@code serve}: SIGTERM and SIGINT stop the service (they interrupt
 * its main thread, which closes everything in order), SIGHUP asks for a reload. A signal the parent
 * left ignored (a service started under {@code nohup} has SIGHUP ignored) stays ignored, as the JVM
 * keeps it, and the log says so for SIGHUP and SIGTERM: otherwise a reload would silently do nothing.
 */
final class ServiceSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceSignals.class);

    private ServiceSignals() {
    }

    /** Installs the handlers for the current thread, the service's main thread. */
    static void install(ConfigReload configs) {
        Thread main = Thread.currentThread();
        handle("TERM", s -> main.interrupt(), "kill and 'systemctl stop' cannot stop it cleanly");
        Signal.handle(new Signal("INT"), s -> main.interrupt()); // ignored in a script's background job: fine
        handle("HUP", s -> configs.request(), "a reload (kill -HUP, systemctl reload) does nothing; "
                + "restart the service to take a new configuration");
    }

    private static void handle(String name, SignalHandler handler, String consequence) {
        if (Signal.handle(new Signal(name), handler) == SignalHandler.SIG_IGN) {
            LOG.warn("SIG{} is ignored by the process that started this one (nohup?): {}", name, consequence);
        }
    }
}
