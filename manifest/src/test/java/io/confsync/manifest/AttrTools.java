package io.confsync.manifest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The attr and acl packages' commands, for tests that set what the JDK cannot (trusted. and
 * security. attributes, ACLs). A test is skipped, saying why, where the command or the file
 * system cannot; CI installs both packages, on ext4, as root.
 */
public final class AttrTools {

    private AttrTools() {
    }

    /** {@code setfattr -h -n NAME -v VALUE PATH}. */
    public static void setfattr(Path p, String name, String value) throws Exception {
        run("setfattr", "-h", "-n", name, "-v", value, p.toString());
    }

    /** {@code setfacl ARGS... PATH}. */
    public static void setfacl(Path p, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setfacl"));
        cmd.addAll(List.of(args));
        cmd.add(p.toString());
        run(cmd.toArray(String[]::new));
    }

    private static void run(String... cmd) throws Exception {
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(proc.waitFor() == 0, String.join(" ", cmd) + " cannot run here: " + out);
    }
}
