# The part of the launcher shared by ./confsync (a checkout) and /usr/bin/confsync (the package):
# sourced, never run, with $jar (the runnable jar, its dependencies in lib/ beside it) and $cds (the
# directory of class-data archives) set; it always ends by exec'ing the JVM with "$@".

# File names are bytes, and the JVM decodes them in the character set of LC_CTYPE (its
# sun.jnu.encoding, which no -D option can change on JDK 17). Without a UTF-8 locale (env -i, LANG=C,
# the forced command sshd starts) a name such as Főtanúsítvány.pem reads as F??tan??s??tv??ny.pem and
# can be neither opened nor created. Only the character type is set; messages and formats stay the
# caller's. C.UTF-8 is built into glibc (Debian 12, RHEL 9).
if [ "$(locale charmap 2>/dev/null || true)" != "UTF-8" ]; then
  if [ -n "${LC_ALL:-}" ]; then export LC_ALL=C.UTF-8; else export LC_CTYPE=C.UTF-8; fi
fi

# One-shot commands: C1 alone and the serial collector. They finish before C2 pays off (measured:
# 5,000-file local sync 2.43 s -> 1.84 s wall).
jvm_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
case "${1:-}" in
  serve|run)
    # Daemons: both compilers (C2 for what stays hot: the scans, plans and pushes of every change).
    # A live change propagated in 43-45 ms (p50) instead of 59-66 ms with C1 alone, and a no-change
    # sync handed to the service cost the source 260 ms of CPU instead of 420 (docs/BENCHMARKS.md);
    # C2 compiles a few hundred methods once. A heap that starts small and gives back what it does
    # not hold: without it the JVM commits 1/64 of the machine's memory at start (384 MiB on 24 GiB)
    # and a 5,000-file standby sat at 200-217 MB RSS. The 1 GiB cap leaves room for 100,000-file
    # trees; CONFSYNC_JAVA_OPTS comes after and wins. Two malloc arenas instead of one per thread
    # that ever called malloc (8 per core): the JVM's native memory stays where NMT counts it.
    jvm_opts="-XX:+UseSerialGC -Xms16m -Xmx1g -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
    export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" ;;
esac

# Class-data sharing, one static archive per command (cli/target/cds/COMMAND.jsa, rebuilt with the
# jar). A run without an archive records the classes it loads (COMMAND.PID.classes, PID being the
# JVM's own, since it replaces this script); a later run finds that list once its JVM has ended and
# dumps the archive from it in the background (about 3 s of CPU, once), under a lock, ending with a
# rename, so concurrent runs never share a half-written archive. Runs after that map the archive
# instead of loading, verifying and linking those classes again (0.4-0.5 s saved per JVM), and a
# daemon keeps them in the shared, read-only mapping instead of its metaspace. A daemon's list is
# complete when it stops, so its archive is dumped at the start after. A static
# archive because the JDK 17 dynamic one (-XX:ArchiveClassesAtExit) skips picocli, whose classes are
# Java 5 bytecode, and every class linked against it. JVM messages go to stderr only: stdout may be
# the protocol (receive --stdio). CONFSYNC_NO_CDS=1 turns all of it off.
name="$(printf '%s' "${1:-none}" | tr -c 'a-z' '_')"
archive="$cds/$name.jsa"
recording() { local pid="${1%.classes}"; [ -d "/proc/${pid##*.}" ]; } # the JVM of COMMAND.PID.classes still runs
if [ -z "${CONFSYNC_NO_CDS:-}" ] && [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
  for list in "$cds/$name".*.classes; do # recorded by runs that started before the archive was there
    [ -f "$list" ] || continue
    recording "$list" || rm -f "$list" 2>/dev/null || true
  done
  exec java $jvm_opts -XX:SharedArchiveFile="$archive" -Xlog:disable -Xlog:all=warning:stderr \
    -Xlog:cds=off ${CONFSYNC_JAVA_OPTS:-} -jar "$jar" "$@"
fi
if [ -z "${CONFSYNC_NO_CDS:-}" ] && mkdir -p "$cds" 2>/dev/null && [ -w "$cds" ]; then
  for list in "$cds/$name".*.classes; do
    [ -f "$list" ] || continue
    if recording "$list" && [ "$list" -nt "$jar" ]; then
      continue # that run is still going: its list is not complete yet
    fi
    if [ "$list" -nt "$jar" ] && command -v flock >/dev/null; then
      ( flock -n 9 || exit 0
        java -XX:+UseSerialGC -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$archive.$$" \
          -Xlog:disable -jar "$jar" && mv -f "$archive.$$" "$archive"
        rm -f "$list" "$archive.$$" ) 9>"$cds/$name.lock" </dev/null >/dev/null 2>&1 &
      break
    fi
    rm -f "$list"
  done
  exec java $jvm_opts -XX:DumpLoadedClassList="$cds/$name.$$.classes" -Xlog:disable -Xlog:all=error:stderr \
    ${CONFSYNC_JAVA_OPTS:-} -jar "$jar" "$@"
fi
exec java $jvm_opts ${CONFSYNC_JAVA_OPTS:-} -jar "$jar" "$@"
