package io.confsync.manifest;

/** The kinds of entry confsync synchronizes. Sockets, FIFOs and devices are skipped by the scanner. */
public enum FileKind {
    FILE,
    DIRECTORY,
    SYMLINK
}
