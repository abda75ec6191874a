package io.confsync.transfer.session;

import io.confsync.manifest.DigestTree;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The source's side of a walk down a standby's digest tree (protocol 5): the standby's manifest,
 * learnt as how it differs from a manifest the source has. Equal roots end it after one round
 * trip; otherwise each round goes one level down the branches whose digests differ, and fetches
 * whole what is not a directory on both sides. What the digests show equal is taken from the
 * source's manifest (the same entry objects, so the standby's manifest costs no memory where the
 * two agree). The result equals the manifest a {@link Message.ManifestRequest} would have
 * returned from the same scan.
 */
final class TreeWalk {

    /** A walk goes one level down per round, and a path holds at most this many levels. */
    private static final int MAX_ROUNDS = RelPath.MAX_BYTES / 2 + 2;
    /** Listed children and fetched entries one walk accepts, a bound on a hostile standby's answers. */
    private static final long MAX_ITEMS = 20_000_000;

    private final FrameReader reader;
    private final FrameWriter writer;
    private final Manifest like;
    private long items;
    private int rounds;
    private long fetched;
    /** Whether the first round asks the standby to take its manifest now (not if it was asked ahead). */
    private final boolean fresh;
    /** The source's root node. */
    private DigestTree.Listing root;

    private TreeWalk(FrameReader reader, FrameWriter writer, Manifest like, boolean fresh) {
        this.reader = reader;
        this.writer = writer;
        this.like = like;
        this.fresh = fresh;
    }

    /**
     * The standby's manifest, compared with {@code like}.
     *
     * @param fresh whether the standby takes its manifest at the first round; false if it already
     *              took it for this walk
     * @throws ProtocolException if the standby's answers do not fit the questions
     * @throws IOException       on a broken session
     */
    static Result fetch(FrameReader reader, FrameWriter writer, Manifest like, boolean fresh) throws IOException {
        return new TreeWalk(reader, writer, like, fresh).walk();
    }

    /**
     * What a walk learnt.
     *
     * @param manifest the standby's manifest
     * @param rounds   round trips taken
     * @param fetched  entries the standby sent whole
     */
    record Result(Manifest manifest, int rounds, long fetched) {
    }

    private Result walk() throws IOException {
        root = DigestTree.list(like, RelPath.ROOT); // one walk over the whole manifest, not two
        List<Message.TreeQuery.Probe> probes = List.of(new Message.TreeQuery.Probe(RelPath.ROOT, root.digest()));
        List<RelPath> subtrees = List.of();
        TreeMap<RelPath, FileEntry> known = null;
        while (!probes.isEmpty() || !subtrees.isEmpty()) {
            if (++rounds > MAX_ROUNDS) {
                throw new ProtocolException("the standby's digest tree is deeper than any path");
            }
            writer.send(new Message.TreeQuery(fresh && rounds == 1, probes, subtrees));
            Map<RelPath, Message.TreeListing> listings = new LinkedHashMap<>();
            List<FileEntry> entries = new ArrayList<>();
            answer(probes, subtrees, listings, entries);
            if (known == null && listings.isEmpty() && entries.isEmpty()) {
                return new Result(like, rounds, 0); // equal roots: the standby holds what the source does
            }
            if (known == null) {
                known = like.mutableCopy();
            }
            List<Message.TreeQuery.Probe> next = new ArrayList<>();
            List<RelPath> whole = new ArrayList<>();
            for (Message.TreeListing l : listings.values()) {
                compare(l, known, next, whole);
            }
            for (FileEntry e : entries) {
                known.put(e.path(), e);
            }
            fetched += entries.size();
            probes = next;
            subtrees = whole;
        }
        return new Result(known == null ? like : Manifest.ofSorted(known), rounds, fetched);
    }

    /**
     * Takes the standby's node where digests differ: its own entry, its children that the source
     * lacks or has as something else (fetched whole next round), branches on both sides (probed
     * next round), and drops what only the source has.
     */
    private void compare(Message.TreeListing theirs, NavigableMap<RelPath, FileEntry> known,
                         List<Message.TreeQuery.Probe> next, List<RelPath> whole) {
        RelPath at = theirs.path();
        if (theirs.self() != null) {
            known.put(at, theirs.self());
        } else {
            known.remove(at); // the root too: a sync path of "/" makes the base an entry
        }
        Map<String, DigestTree.Child> ours = (at.isRoot() ? root : DigestTree.list(like, at)).byName();
        Set<String> named = theirs.children().stream().map(DigestTree.Child::name).collect(Collectors.toSet());
        ours.keySet().stream().filter(n -> !named.contains(n)).forEach(n -> Manifest.removeSubtree(known, at.child(n)));
        for (DigestTree.Child c : theirs.children()) {
            DigestTree.Child o = ours.get(c.name());
            if (o != null && o.digest() == c.digest()) {
                continue; // the source's copy, already in known
            }
            RelPath child = at.child(c.name());
            if (o != null && o.branch() && c.branch()) {
                next.add(new Message.TreeQuery.Probe(child, o.digest()));
            } else {
                Manifest.removeSubtree(known, child);
                whole.add(child);
            }
        }
    }

    /** Reads one round's answer: listings of probed nodes only, then entries under the subtrees asked. */
    private void answer(List<Message.TreeQuery.Probe> probes, List<RelPath> subtrees,
                        Map<RelPath, Message.TreeListing> listings, List<FileEntry> entries) throws IOException {
        Set<RelPath> probed = probes.stream().map(Message.TreeQuery.Probe::path).collect(Collectors.toSet());
        TreeSet<RelPath> asked = new TreeSet<>(subtrees);
        Set<String> names = new java.util.HashSet<>();
        RelPath last = null;
        while (true) {
            Message m = reader.expectOneOf(Message.TreeListing.class, Message.ManifestChunk.class);
            if (m instanceof Message.TreeListing l) {
                count(l.children().size());
                if (listings.containsKey(l.path()) && l.children().isEmpty()) {
                    throw new ProtocolException("the standby went on listing " + l.path() + " with nothing in it");
                }
                if (!probed.contains(l.path()) || listings.containsKey(l.path()) && !l.path().equals(last)
                        || l.self() != null && (!l.self().path().equals(l.path()) || listings.containsKey(l.path()))) {
                    throw new ProtocolException("the standby listed " + l.path() + ", which was not asked for here");
                }
                if (!l.path().equals(last)) {
                    names.clear();
                }
                for (DigestTree.Child c : l.children()) {
                    if (!names.add(c.name())) {
                        throw new ProtocolException("the standby listed " + c.name() + " twice under " + l.path());
                    }
                }
                listings.merge(l.path(), l, (a, b) -> new Message.TreeListing(a.path(), a.self(),
                        concat(a.children(), b.children())));
                last = l.path();
            } else {
                Message.ManifestChunk c = (Message.ManifestChunk) m;
                count(c.entries().size());
                if (c.entries().isEmpty() && !c.last()) {
                    throw new ProtocolException("the standby sent an empty manifest chunk that is not the last");
                }
                for (FileEntry e : c.entries()) {
                    RelPath under = asked.floor(e.path());
                    if (under == null || !e.path().startsWith(under)) {
                        throw new ProtocolException("the standby sent " + e.path() + ", which was not asked for");
                    }
                    entries.add(e);
                }
                if (c.last()) {
                    return;
                }
            }
        }
    }

    private void count(int n) throws ProtocolException {
        items += n;
        if (items > MAX_ITEMS) {
            throw new ProtocolException("the standby's digest tree answers exceed " + MAX_ITEMS + " items");
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
