package io.confsync.conf;

/**
 * Where {@code run} serves its Prometheus metrics ({@code metrics.listen}); off when the key is
 * absent.
 *
 * @param host the address to bind; loopback unless the operator names another
 * @param port the TCP port; 0 for any free one (the service logs which)
 */
public record MetricsConfig(String host, int port) {

    /** The default address when {@code metrics.listen} names only a port. */
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * Parses {@code PORT}, {@code HOST:PORT} or {@code [IPv6]:PORT}.
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    public static MetricsConfig parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? LOOPBACK : t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no address before ':' in '" + text + "' (use 9464 for loopback, or "
                    + "0.0.0.0:9464 to serve every interface)");
        }
        int port;
        try {
            port = Integer.parseInt(colon < 0 ? t : t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port or address:port: '" + text + "' (use e.g. 9464 or "
                    + "127.0.0.1:9464)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 0-65535 (0: any free port, logged)");
        }
        return new MetricsConfig(host, port);
    }
}
