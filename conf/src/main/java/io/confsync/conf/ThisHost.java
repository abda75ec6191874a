package io.confsync.conf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What this host is called and which addresses its interfaces hold: how a node finds itself in a
 * node list that is the same file on every node.
 *
 * @param names     host names, lower case: the kernel's host name, its FQDN and the short forms of
 *                  both; never null
 * @param addresses this host's interface addresses, textual ({@code 10.0.0.5}, {@code ::1}, no
 *                  scope); never null
 */
public record ThisHost(Set<String> names, Set<String> addresses) {

    /** Copies and sorts the sets: messages list them in the same order on every run. */
    public ThisHost {
        names = Collections.unmodifiableSet(new TreeSet<>(names));
        addresses = Collections.unmodifiableSet(new TreeSet<>(addresses));
    }

    /** A host with these names (and their short forms) and no address, for tests and the demo. */
    public static ThisHost named(String... names) {
        Set<String> all = new LinkedHashSet<>();
        for (String n : names) {
            addWithShortForm(all, n);
        }
        return new ThisHost(all, Set.of());
    }

    /**
     * Reads this host: {@code /proc/sys/kernel/hostname} (else the JDK's local host name), the
     * canonical name the resolver gives it, and every interface address. Never throws: what cannot
     * be read is left out.
     */
    public static ThisHost detect() {
        Set<String> names = new LinkedHashSet<>();
        String kernel = kernelHostName();
        if (kernel != null) {
            addWithShortForm(names, kernel);
            try {
                String canonical = InetAddress.getByName(kernel).getCanonicalHostName();
                // A resolver that maps the host name to 127.0.1.1 "localhost" does not name this host.
                if (!canonical.startsWith("localhost") && !Character.isDigit(canonical.charAt(0))) {
                    addWithShortForm(names, canonical);
                }
            } catch (UnknownHostException e) {
                // the kernel's name alone
            }
        }
        return new ThisHost(names, interfaceAddresses());
    }

    /** The nodes whose name is one of this host's names. */
    public List<Node> byName(List<Node> nodes) {
        return nodes.stream().filter(n -> names.contains(n.name().toLowerCase(Locale.ROOT))).toList();
    }

    /**
     * The nodes whose address is one of this host's interface addresses.
     *
     * @param resolve a node's address to the textual addresses it stands for (a literal to itself, a
     *                name through the resolver); an address that does not resolve gives none
     */
    public List<Node> byAddress(List<Node> nodes, Function<String, Set<String>> resolve) {
        return nodes.stream().filter(n -> resolve.apply(n.address()).stream().anyMatch(addresses::contains)).toList();
    }

    /** The addresses a node address stands for, through the system's resolver; none if it does not resolve. */
    public static Set<String> resolve(String address) {
        Set<String> out = new TreeSet<>();
        try {
            for (InetAddress a : InetAddress.getAllByName(address)) {
                out.add(text(a));
            }
        } catch (UnknownHostException e) {
            // no address: matches nothing
        }
        return out;
    }

    /** One line for messages: {@code names a, b; addresses x, y}. */
    public String describe() {
        return "names " + (names.isEmpty() ? "(none)" : String.join(", ", names))
                + "; addresses " + (addresses.isEmpty() ? "(none)" : String.join(", ", addresses));
    }

    private static void addWithShortForm(Set<String> names, String name) {
        if (name == null || name.isBlank()) {
            return;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        names.add(n);
        int dot = n.indexOf('.');
        if (dot > 0) {
            names.add(n.substring(0, dot));
        }
    }

    private static String kernelHostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException u) {
                return null;
            }
        }
    }

    private static Set<String> interfaceAddresses() {
        Set<String> out = new TreeSet<>();
        try {
            for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(i.getInetAddresses())) {
                    out.add(text(a));
                }
            }
        } catch (SocketException | RuntimeException e) {
            // no interface list: address matching finds nothing
        }
        return out;
    }

    private static String text(InetAddress a) {
        String s = a.getHostAddress();
        int scope = s.indexOf('%');
        return scope < 0 ? s : s.substring(0, scope);
    }
}
