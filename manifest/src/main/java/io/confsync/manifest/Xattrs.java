package io.confsync.manifest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The extended attributes of one entry that confsync carries, by name in byte order of the name:
 * the {@code user.}, {@code trusted.} and {@code security.} namespaces (SELinux labels, file
 * capabilities) and the two POSIX ACLs, which Linux keeps as {@code system.posix_acl_access} and
 * {@code system.posix_acl_default}. Other {@code system.} names are the file system's own and are
 * left alone. Immutable; values are copied in and out.
 */
public final class Xattrs {

    /** The access ACL's name. */
    public static final String ACL_ACCESS = "system.posix_acl_access";
    /** The default ACL's name (directories only). */
    public static final String ACL_DEFAULT = "system.posix_acl_default";
    /** Largest value Linux allows (XATTR_SIZE_MAX). */
    public static final int MAX_VALUE = 65_536;
    /** Most attributes one entry may carry; more is not a configuration file. */
    public static final int MAX_COUNT = 256;

    /** No attributes. */
    public static final Xattrs NONE = new Xattrs(new TreeMap<>());

    private final SortedMap<String, byte[]> values;

    private Xattrs(SortedMap<String, byte[]> values) {
        this.values = values;
    }

    /**
     * The attributes given, of the carried namespaces.
     *
     * @throws IllegalArgumentException for a name confsync does not carry, a value above
     *                                  {@link #MAX_VALUE} or more than {@link #MAX_COUNT} names
     */
    public static Xattrs of(Map<String, byte[]> given) {
        if (given.isEmpty()) {
            return NONE;
        }
        if (given.size() > MAX_COUNT) {
            throw new IllegalArgumentException(given.size() + " extended attributes, above " + MAX_COUNT);
        }
        TreeMap<String, byte[]> copy = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : given.entrySet()) {
            if (!carried(e.getKey())) {
                throw new IllegalArgumentException("extended attribute " + e.getKey() + " is not carried");
            }
            if (e.getValue().length > MAX_VALUE) {
                throw new IllegalArgumentException("extended attribute " + e.getKey() + " is above " + MAX_VALUE
                        + " bytes");
            }
            copy.put(e.getKey(), e.getValue().clone());
        }
        return new Xattrs(copy);
    }

    /** True for the names confsync carries. */
    public static boolean carried(String name) {
        return name.length() > 0 && name.length() <= 255 && name.indexOf('\0') < 0
                && (name.startsWith("user.") || name.startsWith("trusted.") || name.startsWith("security.")
                || isAcl(name));
    }

    /** True for the two ACL names. */
    public static boolean isAcl(String name) {
        return ACL_ACCESS.equals(name) || ACL_DEFAULT.equals(name);
    }

    /** The names, in order. */
    public java.util.Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** A copy of the value of {@code name}, or null if there is none. */
    public byte[] value(String name) {
        byte[] v = values.get(name);
        return v == null ? null : v.clone();
    }

    /** True with no attributes. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The attributes that are not ACLs. */
    public Xattrs withoutAcls() {
        return filtered(false);
    }

    /** The ACLs alone. */
    public Xattrs acls() {
        return filtered(true);
    }

    private Xattrs filtered(boolean acl) {
        TreeMap<String, byte[]> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (isAcl(k) == acl) {
                out.put(k, v);
            }
        });
        return out.size() == values.size() ? this : out.isEmpty() ? NONE : new Xattrs(out);
    }

    /** Bytes the values hold, for limits. */
    public long bytes() {
        return values.values().stream().mapToLong(v -> v.length).sum();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Xattrs x) || x.values.size() != values.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            if (!Arrays.equals(e.getValue(), x.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    /**
     * One attribute as text: ACLs in {@code getfacl}'s short form, printable values quoted, others
     * in hex.
     */
    public static String show(String name, byte[] value) {
        if (isAcl(name)) {
            return PosixAcl.describe(value);
        }
        boolean printable = value.length > 0;
        for (int i = 0; i < value.length; i++) {
            int b = value[i] & 0xff;
            boolean last = i == value.length - 1;
            if ((b < 0x20 || b > 0x7e) && !(last && b == 0)) {
                printable = false;
                break;
            }
        }
        if (printable) {
            int n = value[value.length - 1] == 0 ? value.length - 1 : value.length;
            return "\"" + new String(value, 0, n, StandardCharsets.US_ASCII) + "\"";
        }
        return PosixAcl.hex(value);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(show(k, v)));
        return b.toString();
    }
}
