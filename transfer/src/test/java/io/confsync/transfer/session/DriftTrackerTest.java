package io.confsync.transfer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Holes;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Xattrs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftTrackerTest {

    private static FileEntry dir(long mtime, Xattrs x) {
        return new FileEntry(RelPath.of("etc/ssl"), FileKind.DIRECTORY, 0, 0755, "root", "root", 0, 0, mtime, null,
                null, x, null, Holes.NONE);
    }

    @Test
    void differences_directoryMtimeOnly_notDriftButItsDefaultAclIs() {
        Xattrs acl = Xattrs.of(Map.of(Xattrs.ACL_DEFAULT, new byte[] {2, 0, 0, 0}));
        Manifest expected = Manifest.of(List.of(dir(1, acl)));

        assertThat(DriftTracker.differences(expected, Manifest.of(List.of(dir(2, acl))))).isEmpty();
        assertThat(DriftTracker.differences(expected, Manifest.of(List.of(dir(1, Xattrs.NONE)))))
                .containsExactly(RelPath.of("etc/ssl"));
    }
}
