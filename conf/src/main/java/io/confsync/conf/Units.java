package io.confsync.conf;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the quantities of the configuration file: durations ({@code 10ms}, {@code 5s},
 * {@code 5m}, {@code 1h}, {@code 2d}), sizes ({@code 512}, {@code 64KiB}, {@code 10MB}: binary
 * units are powers of 1024, decimal ones of 1000) and shares ({@code 50%}).
 */
public final class Units {

    private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d{1,18})\\s*([A-Za-z%]*)");

    private Units() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    public static Duration duration(String text) {
        Matcher m = NUMBER_UNIT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 10s, 5m, 1h, 2d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("unknown duration unit in '" + text
                    + "' (use ms, s, m, h or d)");
        };
    }

    /**
     * Parses a size in bytes.
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    public static long size(String text) {
        Matcher m = NUMBER_UNIT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 4096, 64KiB, 10MiB, 1GiB)");
        }
        long n = Long.parseLong(m.group(1));
        long factor = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "kib", "k" -> 1L << 10;
            case "mib", "m" -> 1L << 20;
            case "gib", "g" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> throw new IllegalArgumentException("unknown size unit in '" + text
                    + "' (use B, KiB, MiB, GiB, KB, MB or GB)");
        };
        return Math.multiplyExact(n, factor);
    }

    /**
     * Parses a share such as {@code 50%} into [0, 1].
     *
     * @throws IllegalArgumentException if not a percentage from 0% to 100%
     */
    public static double share(String text) {
        Matcher m = NUMBER_UNIT.matcher(text.trim());
        if (!m.matches() || !m.group(2).equals("%") || Long.parseLong(m.group(1)) > 100) {
            throw new IllegalArgumentException("not a percentage from 0% to 100%: '" + text + "'");
        }
        return Long.parseLong(m.group(1)) / 100.0;
    }

    /** A count with its noun for people: {@code 1 node}, {@code 2 nodes}. */
    public static String count(long n, String noun) {
        return count(n, noun, noun + "s");
    }

    /** A count with its noun, for nouns whose plural is not {@code +s}: {@code 2 entries}. */
    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** Renders a byte count for people: {@code 1.5 KiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
