package packaging.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import packaging.Finding;
import packaging.bundle.BundleWriter;
import packaging.bundle.Durability;
import packaging.space.FreeSpace;
import packaging.verify.BundleVerifier;
import packaging.verify.VerifyReport;
import pipeline.Digests;
import store.Cancellation;
import store.Catalog;
import store.ExportRecords;
import store.Clock;
import store.CurioException;
import store.ProgressSink;

/**
 * Delivers a bundle to a folder (a USB drive, a share): every file is copied and fsynced under a temporary name,
 * renamed into place, then the copy is verified from the destination (checksums, Merkle root, signature) so the
 * record says what actually arrived. Each object becomes a row of the catalog's {@code deliveries} table and a line
 * of the delivery manifest {@code NAME.delivery.json} written next to the bundle (outside the bag, which it would
 * otherwise alter).
 */
public final class Delivery {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int BUFFER = 1 << 20;

    public record DeliveredObject(String path, String sha256, long sizeBytes, String status) { }

    public record Result(Path delivered, Path deliveryManifest, String manifestId, boolean ok, List<DeliveredObject> objects,
                         List<Finding> findings) { }

    private Delivery() { }

    public static Result deliver(Catalog catalog, Path bundle, Path toDir, ProgressSink progress, Cancellation cancel) {
        Path src = bundle.toAbsolutePath().normalize();
        if (!Files.isRegularFile(src.resolve(BundleWriter.MANIFEST_FILE))) {
            throw new CurioException("deliver.not_a_bundle", bundle.toString(), null, "no " + BundleWriter.MANIFEST_FILE + " in the folder");
        }
        String manifestId = manifestId(src);
        long bundleRow = bundleRow(catalog, manifestId);
        Path target = toDir.toAbsolutePath().normalize().resolve(src.getFileName().toString());
        if (Files.exists(target)) throw new CurioException("deliver.exists", target.toString(), null, "the destination already holds this bundle");
        List<Path> files = files(src);
        long total = 0;
        for (Path f : files) total += size(f);
        FreeSpace.require(toDir, total);
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        List<DeliveredObject> copied = new ArrayList<>();
        try {
            deleteTree(partial);
            long[] done = {0};
            for (Path f : files) {
                String rel = src.relativize(f).toString().replace('\\', '/');
                Path out = partial.resolve(rel);
                Files.createDirectories(out.getParent());
                String sha = copySynced(f, out, done, total, progress, cancel);
                copied.add(new DeliveredObject(rel, sha, size(f), "copied"));
            }
            Durability.directory(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            Durability.directory(target.getParent());
        } catch (IOException e) {
            throw new CurioException("deliver.copy_failed", target.toString(), null, "cannot copy the bundle: " + e.getMessage(), e);
        }
        VerifyReport report = BundleVerifier.verify(target, null, cancel, progress);
        Set<String> bad = new HashSet<>();
        report.findings().forEach(f -> bad.add(f.file()));
        List<DeliveredObject> objects = new ArrayList<>();
        for (DeliveredObject o : copied) {
            objects.add(new DeliveredObject(o.path(), o.sha256(), o.sizeBytes(), report.ok() && !bad.contains(o.path()) ? "verified" : "failed"));
        }
        long now = Clock.nowNs();
        Path manifest = target.resolveSibling(target.getFileName() + ".delivery.json");
        writeManifest(manifest, manifestId, target, report.ok(), objects, now);
        record(catalog, bundleRow, target, objects, now);
        return new Result(target, manifest, manifestId, report.ok(), objects, report.findings());
    }

    private static String copySynced(Path from, Path to, long[] done, long total, ProgressSink progress, Cancellation cancel)
            throws IOException {
        MessageDigest sha = Digests.sha256();
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        byte[] chunk = new byte[BUFFER];
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (in.read(buf) > 0) {
                cancel.check();
                buf.flip();
                int n = buf.remaining();
                buf.get(chunk, 0, n);
                sha.update(chunk, 0, n);
                buf.flip();
                while (buf.hasRemaining()) out.write(buf);
                buf.clear();
                done[0] += n;
                progress.update(done[0], total, "copying " + from.getFileName());
            }
            out.force(true);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void writeManifest(Path file, String manifestId, Path target, boolean ok, List<DeliveredObject> objects, long now) {
        ObjectNode m = JSON.createObjectNode();
        m.put("manifest_id", manifestId);
        m.put("destination", target.toString());
        m.put("status", ok ? "verified" : "failed");
        m.put("delivered_at", Clock.toInstant(now).toString());
        ArrayNode arr = m.putArray("objects");
        for (DeliveredObject o : objects) {
            arr.addObject().put("object", o.path()).put("destination", target.resolve(o.path()).toString()).put("status", o.status())
                    .put("sha256", o.sha256()).put("size_bytes", o.sizeBytes()).putNull("provider_request_id")
                    .put("delivered_at", Clock.toInstant(now).toString());
        }
        try {
            Files.writeString(file, JSON.writeValueAsString(m) + "\n");
        } catch (IOException e) {
            throw new CurioException("io.write_failed", file.toString(), null, e.getMessage(), e);
        }
    }

    private static void record(Catalog catalog, long bundleRow, Path target, List<DeliveredObject> objects, long now) {
        List<ExportRecords.DeliveryRecord> rows = new ArrayList<>();
        for (DeliveredObject o : objects) {
            rows.add(new ExportRecords.DeliveryRecord(o.path(), target.resolve(o.path()).toString(), o.status(), o.sha256(), now));
        }
        catalog.exportRecords().addDelivery(bundleRow, rows,
                JSON.createObjectNode().put("destination", target.toString()).put("objects", objects.size()).toString());
    }

    private static String manifestId(Path bundle) {
        try {
            JsonNode m = JSON.readTree(bundle.resolve(BundleWriter.MANIFEST_FILE).toFile());
            return m.path("manifest_id").asText();
        } catch (IOException e) {
            throw new CurioException("deliver.not_a_bundle", BundleWriter.MANIFEST_FILE, null, "unreadable manifest: " + e.getMessage(), e);
        }
    }

    private static long bundleRow(Catalog catalog, String manifestId) {
        return catalog.exportRecords().bundleRow(manifestId).orElseThrow(() -> new CurioException("deliver.unknown_bundle", null,
                manifestId, "bundle " + manifestId + " was not exported from this catalog"));
    }

    private static List<Path> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new CurioException("io.read_failed", root.toString(), null, e.getMessage(), e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new CurioException("io.read_failed", p.toString(), null, e.getMessage(), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            List<Path> all = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(all);
            for (Path x : all) Files.delete(x);
        }
    }
}
