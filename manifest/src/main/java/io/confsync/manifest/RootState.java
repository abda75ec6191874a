package io.confsync.manifest;

/** What the scanner found at a sync root. Only {@link #PRESENT} roots may propagate deletes. */
public enum RootState {
    /** A non-empty directory, or a named file, that was read completely. */
    PRESENT,
    /** A directory that exists but holds nothing. */
    EMPTY,
    /** Nothing exists at the root's path. */
    MISSING,
    /** The root or something under it could not be read. */
    UNREADABLE
}
