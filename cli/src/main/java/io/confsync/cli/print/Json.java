package io.confsync.cli.print;

import io.confsync.conf.JsonDocument;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON output of every command, in the convention of {@link JsonDocument}. Objects are built as
 * ordered maps with documented keys (README.md, "JSON output"; {@code docs/schema/}) so that the
 * schema never follows an internal rename.
 */
public final class Json {

    private Json() {
    }

    /** A new document with its {@code "schema"}. */
    public static Map<String, Object> document() {
        return JsonDocument.start();
    }

    public static String write(Object value) {
        return JsonDocument.write(value);
    }

    /**
     * One manifest entry: path, kind, mode, owner, group, uid, gid, size, mtime_ns, xxh64, target,
     * xattrs (name to value: quoted text, 0x hex, or an ACL in getfacl's short form), linked_to (the
     * first name of its hard links) and holes ([offset, length] pairs of a sparse file).
     */
    public static Map<String, Object> entry(FileEntry e, String pathText) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", pathText);
        m.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("mode", e.modeString());
        m.put("owner", e.owner());
        m.put("group", e.group());
        m.put("uid", e.uid());
        m.put("gid", e.gid());
        m.put("size", e.size());
        m.put("mtime_ns", e.mtimeNanos());
        m.put("xxh64", e.digest() == null ? null : e.digest().toString());
        m.put("target", e.linkTarget());
        Map<String, String> xattrs = new LinkedHashMap<>();
        e.xattrs().names().forEach(n -> xattrs.put(n, io.confsync.manifest.Xattrs.show(n, e.xattrs().value(n))));
        m.put("xattrs", xattrs);
        m.put("linked_to", e.linkedTo() == null ? null : "/" + e.linkedTo().value());
        List<List<Long>> holes = new ArrayList<>();
        for (int i = 0; i < e.holes().count(); i++) {
            holes.add(List.of(e.holes().offset(i), e.holes().length(i)));
        }
        m.put("holes", holes);
        return m;
    }

    /** The counts of a committed sync: created, updated, metadata, deleted, bytes_written. */
    public static Map<String, Object> counts(int created, int updated, int metadata, int deleted, long bytesWritten) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created", created);
        m.put("updated", updated);
        m.put("metadata", metadata);
        m.put("deleted", deleted);
        m.put("bytes_written", bytesWritten);
        return m;
    }

    /** The deletes a plan holds back: a list of {guard, root, reason, paths}. */
    public static List<Map<String, Object>> withheld(Plan plan) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (io.confsync.manifest.plan.Withheld w : plan.withheld()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("guard", w.guard().name().toLowerCase(java.util.Locale.ROOT));
            m.put("root", w.root().toString());
            m.put("reason", w.reason());
            m.put("paths", w.entries().stream().map(e -> e.path().toString()).toList());
            out.add(m);
        }
        return out;
    }

    /** A plan: a list of {action, path, kind, mode, owner, group, bytes, target}. */
    public static List<Map<String, Object>> plan(Plan plan) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Action a : plan.actions()) {
            FileEntry e = a.entry();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", a.verb());
            m.put("path", a.path().toString());
            m.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
            m.put("mode", e.modeString());
            m.put("owner", e.owner());
            m.put("group", e.group());
            m.put("bytes", a.bytes());
            m.put("target", e.linkTarget());
            m.put("linked_to", e.linkedTo() == null ? null : e.linkedTo().toString());
            out.add(m);
        }
        return out;
    }
}
