/**
 * The Debian package: {@code confsync_VERSION_all.deb}, built by jdeb during {@code mvn verify}
 * from {@code src/deb} (control files, units, conffile, launcher) and from what {@link
 * io.confsync.packaging.Docs} generates out of the command line's model (man pages, bash
 * completion).
 */
package io.confsync.packaging;
