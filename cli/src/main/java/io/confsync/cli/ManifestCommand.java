package io.confsync.cli;

import io.confsync.cli.print.Json;
import io.confsync.conf.Config;
import io.confsync.conf.ConfigLoader;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.SyncRoot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code confsync manifest}: what this node has, with digests. */
@Command(name = "manifest",
        header = "Print the local manifest of the sync set: kind, mode, owner, size, mtime and digest per entry.",
        mixinStandardHelpOptions = true,
        description = {"Print the local manifest: every file, directory and symlink of the configured sync set "
                + "(or of the given paths) with kind, mode, owner:group, size, mtime and XXH64 digest, and a tag "
                + "for what else it has: extended attributes, an ACL, the first of its hard-linked names (= PATH), "
                + "holes.",
            "Digests come from the hash cache in the state directory when a file is unchanged."})
final class ManifestCommand implements Callable<Integer> {

    @Mixin
    NodeOptions common;

    @Option(names = "--json", description = "Print JSON: {\"roots\": {path: state}, \"entries\": [...]}.")
    boolean json;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Paths to list instead of the configured sync set.")
    List<Path> paths = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = paths.isEmpty() ? common.loadConfig() : null;
        Path base = config == null ? Paths.get("/") : Paths.get(config.clusterView().selfNode().root());
        PathRules rules = config == null ? rulesFor(paths) : ConfigLoader.rules(config);
        HashCache cache = HashCache.open(common.stateDir(config));
        ScanResult r = new Scanner(cache, Clock.systemUTC()).scan(base, rules);
        cache.persist();
        print(r, spec.commandLine().getOut());
        return ExitCode.OK;
    }

    private static PathRules rulesFor(List<Path> paths) {
        List<SyncRoot> roots = new ArrayList<>();
        for (Path p : paths) {
            roots.add(SyncRoot.of(RelPath.ofAbsolute(p.toAbsolutePath().normalize().toString())));
        }
        return new PathRules(roots);
    }

    private void print(ScanResult r, PrintWriter out) {
        if (json) {
            Map<String, Object> doc = Json.document();
            Map<String, String> roots = new LinkedHashMap<>();
            r.roots().forEach((k, v) -> roots.put("/" + k.value(), v.name().toLowerCase(Locale.ROOT)));
            doc.put("roots", roots);
            doc.put("entries", r.manifest().entries().stream().map(e -> Json.entry(e, "/" + e.path().value())).toList());
            out.println(Json.write(doc));
            return;
        }
        for (FileEntry e : r.manifest()) {
            out.printf(Locale.ROOT, "%-9s %s %-20s %10d %d.%09d %16s /%s%s%n", e.kind().name().toLowerCase(Locale.ROOT),
                    e.modeString(), e.owner() + ":" + e.group(), e.size(), Math.floorDiv(e.mtimeNanos(), 1_000_000_000L),
                    Math.floorMod(e.mtimeNanos(), 1_000_000_000L), e.digest() == null ? "-" : e.digest(),
                    e.path().value(), (e.linkTarget() == null ? "" : " -> " + e.linkTarget())
                    + io.confsync.cli.print.AttributeDiff.tag(e));
        }
        r.roots().forEach((root, state) -> {
            if (state != io.confsync.manifest.RootState.PRESENT) {
                out.println("# /" + root.value() + ": " + state.name().toLowerCase(Locale.ROOT));
            }
        });
    }
}
