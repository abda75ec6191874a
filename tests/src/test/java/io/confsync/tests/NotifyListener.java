package io.confsync.tests;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What systemd is on the other side of {@code NOTIFY_SOCKET}: a Unix datagram socket bound to a
 * path, whose messages are kept in order. JNA, as the JDK has no Unix datagram sockets.
 */
final class NotifyListener implements AutoCloseable {

    interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        int bind(int fd, byte[] addr, int len);

        int poll(int[] fds, long nfds, int timeout);

        long recv(int fd, byte[] buf, long len, int flags);

        int close(int fd);
    }

    private static final LibC C = Native.load("c", LibC.class);
    private final int fd;
    private final List<String> messages = new ArrayList<>();

    NotifyListener(Path socket) throws IOException {
        fd = C.socket(1, 2, 0); // AF_UNIX, SOCK_DGRAM
        byte[] name = socket.toString().getBytes(StandardCharsets.UTF_8);
        byte[] addr = new byte[110];
        addr[0] = 1;
        System.arraycopy(name, 0, addr, 2, name.length);
        if (fd < 0 || C.bind(fd, addr, 2 + name.length + 1) != 0) {
            throw new IOException("cannot bind " + socket);
        }
    }

    /**
     * Waits until a message containing {@code wanted} arrived (since the start), at most {@code timeout}.
     *
     * @return every message received so far, for assertions
     */
    List<String> await(String wanted, Duration timeout) throws IOException {
        return await(all -> all.stream().anyMatch(m -> m.contains(wanted)), wanted, timeout);
    }

    /** Waits until a message starting with {@code then} arrived after one starting with {@code first}. */
    List<String> awaitAfter(String first, String then, Duration timeout) throws IOException {
        return await(all -> {
            int i = 0;
            while (i < all.size() && !all.get(i).startsWith(first)) {
                i++;
            }
            return all.subList(Math.min(i + 1, all.size()), all.size()).stream().anyMatch(m -> m.startsWith(then));
        }, then + " after " + first, timeout);
    }

    private List<String> await(java.util.function.Predicate<List<String>> done, String wanted, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(messages)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new IOException("no message with " + wanted + " within " + timeout + "; got " + messages);
            }
            int[] pollfd = {fd, 1}; // events POLLIN; revents in the high half
            if (C.poll(pollfd, 1, (int) Math.min(left, 1000)) > 0) {
                byte[] buf = new byte[4096];
                long n = C.recv(fd, buf, buf.length, 0);
                if (n > 0) {
                    messages.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
                }
            }
        }
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        C.close(fd);
    }
}
