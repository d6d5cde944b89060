package crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import packaging.bundle.BundleWriter;
import packaging.deliver.Delivery;
import packaging.deliver.DeliveryFixture;
import packaging.deliver.Destination;
import packaging.export.Exporter;
import packaging.sign.SigningKey;
import packaging.verify.BundleVerifier;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.Ingest;
import pipeline.ingest.IngestReport;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.EpisodeDetail;
import store.EpisodeSummary;
import store.ProgressSink;

/**
 * Ingest (the catalog's writes), export and delivery onto a small file system that fills up under them, as a disk does
 * when something else writes to it too: each fails with a coded error naming the path it could not write; nothing
 * half-written sits at a name that looks complete; the catalog passes SQLite's integrity check and keeps what was
 * committed; and once space is freed the same command succeeds.
 */
class FullDiskTest {
    @TempDir
    Path dir;

    @Test
    void ingestIntoACatalogOnAFullDiskKeepsTheCatalogWholeAndSucceedsOnceSpaceIsFreed() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        new DemoGenerator("disk-a").generate(new DemoGenerator.Options(first, 2, 3), ProgressSink.NONE, Cancellation.NEVER);
        new DemoGenerator("disk-b").generate(new DemoGenerator.Options(second, 3, 4), ProgressSink.NONE, Cancellation.NEVER);
        Map<String, Integer> streams = new HashMap<>();
        try (Catalog ref = Catalog.open(dir.resolve("reference.db"))) {
            new Ingest(ref).run(List.of(first, second), ProgressSink.NONE, Cancellation.NEVER);
            for (EpisodeSummary s : ref.episodes().list()) streams.put(s.episodeId(), ref.episodes().find(s.episodeId()).orElseThrow().streams().size());
        }
        assertEquals(5, streams.size());

        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 16L << 20)) {
            Path db = disk.dir().resolve("catalog.db");
            Set<String> committed;
            try (Catalog c = Catalog.open(db)) {
                IngestReport ok = new Ingest(c).run(List.of(first), ProgressSink.NONE, Cancellation.NEVER);
                assertFalse(ok.anyFailed(), ok.toJson().toString());
                committed = ids(c);
            }
            assertEquals(2, committed.size());

            // Full before the command (the catalog cannot even open), then filled by something else while it runs.
            disk.fill();
            CurioException refused = assertThrows(CurioException.class, () -> Catalog.open(db).close());
            assertDiskFull(refused, disk.dir());
            disk.free();
            IngestReport full;
            try (Catalog c = Catalog.open(db)) {
                full = new Ingest(c).run(List.of(second), fillWhen(disk, ""), Cancellation.NEVER);
            }
            assertTrue(full.anyFailed(), "an ingest into a full disk reports failures: " + full.toJson());
            for (IngestReport.Failure f : full.failed()) {
                for (CurioException e : f.errors()) assertDiskFull(e, disk.dir());
            }
            // Opening a catalog takes a little space, so it is checked once some is freed; nothing is repaired by that.
            disk.free();
            KillLoop.assertIntact(db);
            try (Catalog c = Catalog.open(db)) {
                assertTrue(ids(c).containsAll(committed), "what was committed before the disk filled is still there");
                assertWhole(c, streams);
                System.out.printf("full disk: a catalog on a full disk refused to open with %s; an ingest whose disk filled under it "
                        + "reported %d episodes failed with catalog.disk_full and kept %d of %d%n", refused.code(), full.failed().size(),
                        ids(c).size() - committed.size(), 3);
            }

            try (Catalog c = Catalog.open(db)) {
                IngestReport again = new Ingest(c).run(List.of(second), ProgressSink.NONE, Cancellation.NEVER);
                assertFalse(again.anyFailed(), "the same ingest succeeds once space is freed: " + again.toJson());
                assertEquals(streams.keySet(), ids(c));
                assertWhole(c, streams);
            }
            KillLoop.assertIntact(db);
        }
    }

    @Test
    void anExportOntoADiskThatFillsLeavesNoBundleAndSucceedsOnceSpaceIsFreed() throws Exception {
        AcceptedSubset subset = AcceptedSubset.create(dir, 2);
        long needs = folderBytes(subset.data()) * 3 + (32L << 20);
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), needs + packaging.space.FreeSpace.MARGIN_BYTES)) {
            Path out = disk.dir().resolve("bundle");
            // Filled at the first progress report: the export has passed its free-space check and started writing.
            for (String when : List.of("", "hashing the bundle")) {
                CurioException e = assertThrows(CurioException.class, () -> export(subset, out, fillWhen(disk, when)),
                        "an export onto a full disk fails");
                assertDiskFull(e, disk.dir());
                assertNoBundle(disk.dir(), subset, out);
                KillLoop.assertIntact(subset.catalog());
                System.out.printf("full disk: export filled at \"%s\" failed with %s at %s%n", when.isEmpty() ? "its start" : when,
                        e.code(), e.file());
                disk.free();
            }
            Exporter.Result r = export(subset, out, ProgressSink.NONE);
            assertTrue(BundleVerifier.verify(r.bundle(), subset.publicKey()).ok(), "the same export succeeds once space is freed");
            try (Catalog c = Catalog.open(subset.catalog())) {
                assertEquals(out.toString(), c.exportRecords().bundlePaths().get(r.manifestId()));
            }
        }
    }

    @Test
    void aDeliveryOntoADiskThatFillsLeavesNothingThatLooksDeliveredAndResumesOnceSpaceIsFreed() throws Exception {
        Path db = dir.resolve("catalog.db");
        Path bundle;
        try (Catalog c = Catalog.open(db)) {
            bundle = DeliveryFixture.bundle(dir, c, "mf_disk", 8 << 20).bundle();
        }
        long size = folderBytes(bundle);
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), size + (16L << 20) + packaging.space.FreeSpace.MARGIN_BYTES)) {
            Path usb = Files.createDirectories(disk.dir().resolve("usb"));
            Path landed = usb.resolve(bundle.getFileName().toString());
            Delivery.Request req = new Delivery.Request(bundle, new Destination.Folder(usb), Delivery.Verify.HEAD, "disk-test");
            CurioException e;
            try (Catalog c = Catalog.open(db)) {
                e = assertThrows(CurioException.class, () -> Delivery.deliver(c, req, fillWhen(disk, ""), Cancellation.NEVER));
            }
            assertDiskFull(e, usb);
            assertFalse(Files.exists(landed), "nothing stands at the bundle's name");
            assertFalse(Files.exists(BundleWriter.partialOf(landed)), "the partial copy is removed, giving its space back");
            KillLoop.assertIntact(db);
            try (Catalog c = Catalog.open(db)) {
                assertTrue(c.deliveries().list(null).stream().noneMatch(run -> run.status().equals("verified")),
                        "no delivery is recorded as verified");
            }
            System.out.printf("full disk: delivery of a %d-byte bundle filled at its start failed with %s at %s%n", size, e.code(), e.file());

            disk.free();
            try (Catalog c = Catalog.open(db)) {
                Delivery.Result r = Delivery.deliver(c, req, ProgressSink.NONE, Cancellation.NEVER);
                assertTrue(r.ok(), "the same delivery succeeds once space is freed: " + r.findings());
                assertTrue(r.resumed(), "it takes up the delivery the full disk stopped");
            }
            assertTrue(BundleVerifier.verify(landed, null).ok());
            KillLoop.assertIntact(db);
        }
    }

    private static Exporter.Result export(AcceptedSubset s, Path out, ProgressSink progress) throws Exception {
        SigningKey key = s.key();
        try (Catalog c = Catalog.open(s.catalog())) {
            return Exporter.export(c, new Exporter.Request(AcceptedSubset.NAME, Exporter.Format.LEROBOT_V3, out, key,
                    Duration.ofDays(30), "disk-test"), progress, Cancellation.NEVER);
        }
    }

    /** Fills the disk at the first progress report whose message starts with {@code prefix}. */
    private static ProgressSink fillWhen(SmallDisk disk, String prefix) {
        AtomicBoolean filled = new AtomicBoolean();
        return (done, total, message) -> {
            if (message != null && message.startsWith(prefix) && filled.compareAndSet(false, true)) disk.fill();
        };
    }

    /** The error says the disk is full and names a path on it. */
    private static void assertDiskFull(CurioException e, Path on) {
        assertTrue(Set.of("catalog.disk_full", "io.disk_full").contains(e.code()), "a disk-full code, not " + e.code() + ": " + e);
        assertTrue(e.file() != null && Path.of(e.file()).toAbsolutePath().startsWith(on.toAbsolutePath()),
                "the error names the path on the full disk (" + on + "): " + e.file());
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("full")
                || e.getMessage().contains("No space left"), "the message says the disk is full: " + e.getMessage());
    }

    /** No folder at a name that looks like a bundle verifies, none is recorded, and the catalog records nothing there. */
    private static void assertNoBundle(Path disk, AcceptedSubset s, Path out) throws Exception {
        assertFalse(Files.exists(out), "no bundle stands at its name");
        try (var listing = Files.list(disk)) {
            for (Path p : listing.toList()) {
                if (p.getFileName().toString().startsWith(".ballast")) continue;
                assertTrue(p.getFileName().toString().startsWith("."), "only hidden work is left on the disk: " + p);
                assertFalse(Files.isDirectory(p) && BundleVerifier.verify(p, s.publicKey()).ok(), p + " does not verify");
            }
        }
        try (Catalog c = Catalog.open(s.catalog())) {
            assertFalse(c.exportRecords().bundlePaths().containsValue(out.toString()), "the catalog records no bundle at " + out);
        }
    }

    private static void assertWhole(Catalog c, Map<String, Integer> streams) {
        for (EpisodeSummary s : c.episodes().list()) {
            EpisodeDetail d = c.episodes().find(s.episodeId()).orElseThrow();
            assertEquals(streams.get(s.episodeId()), d.streams().size(), "every stream of " + s.episodeId());
        }
    }

    private static Set<String> ids(Catalog c) {
        Set<String> ids = new TreeSet<>();
        for (EpisodeSummary s : c.episodes().list()) ids.add(s.episodeId());
        return ids;
    }

    private static long folderBytes(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            long sum = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) sum += Files.size(p);
            return sum;
        }
    }
}
