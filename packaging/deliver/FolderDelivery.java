package packaging.deliver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import packaging.Finding;
import packaging.bundle.Durability;
import packaging.space.FreeSpace;
import packaging.verify.BundleVerifier;
import packaging.verify.VerifyReport;
import pipeline.Digests;
import store.Cancellation;
import store.Clock;
import store.CurioException;
import store.ProgressSink;

/**
 * Delivery to a folder (a USB drive, a share): every file is copied and fsynced under a temporary folder name, renamed
 * into place, then the copy is verified from the destination (checksums, Merkle root, signature) so the record says
 * what actually arrived.
 */
final class FolderDelivery {
    private static final int BUFFER = 1 << 20;

    private FolderDelivery() { }

    static void preflight(Path bundle, Path toDir, List<BundleFiles.File> files) {
        Path target = toDir.toAbsolutePath().normalize().resolve(bundle.getFileName().toString());
        if (Files.exists(target)) throw new CurioException("deliver.exists", target.toString(), null, "the destination already holds this bundle");
        long total = 0;
        for (BundleFiles.File f : files) total += f.size();
        FreeSpace.require(toDir, total);
    }

    /** @param resumed the delivery was begun before (and stopped), so a copy already at the bundle's name may be its own */
    static Delivery.Transfer transfer(Path bundle, Path toDir, List<BundleFiles.File> files, boolean resumed, ProgressSink progress,
                                      Cancellation cancel) {
        Path target = toDir.toAbsolutePath().normalize().resolve(bundle.getFileName().toString());
        List<Delivery.DeliveredObject> copied;
        if (Files.exists(target)) {
            if (!resumed) throw new CurioException("deliver.exists", target.toString(), null, "the destination already holds this bundle");
            // Stopped after the copy was renamed into place but before the delivery was recorded: what landed is
            // compared with the bundle file by file and checked where it is, not copied again.
            copied = landed(target, files);
        } else {
            copied = copy(target, files, progress, cancel);
        }
        VerifyReport report = BundleVerifier.verify(target, null, cancel, progress);
        Set<String> bad = new HashSet<>();
        report.findings().forEach(f -> bad.add(f.file()));
        List<Delivery.DeliveredObject> objects = new ArrayList<>();
        for (Delivery.DeliveredObject o : copied) {
            String status = report.ok() && !bad.contains(o.key()) && o.status().equals(COPIED) ? "verified" : "failed";
            objects.add(new Delivery.DeliveredObject(o.key(), o.destination(), o.sizeBytes(), o.sha256(), null, null, status, o.deliveredAtNs()));
        }
        return new Delivery.Transfer(objects, List.<Finding>copyOf(report.findings()), target);
    }

    private static final String COPIED = "copied";

    private static List<Delivery.DeliveredObject> landed(Path target, List<BundleFiles.File> files) {
        List<Delivery.DeliveredObject> found = new ArrayList<>();
        for (BundleFiles.File f : files) {
            Path at = target.resolve(f.rel());
            String sha = Files.isRegularFile(at) ? Digests.sha256Hex(at) : null;
            boolean same = sha != null && sha.equals(Digests.sha256Hex(f.path()));
            found.add(new Delivery.DeliveredObject(f.rel(), at.toString(), f.size(), sha, null, null, same ? COPIED : "differs",
                    Clock.nowNs()));
        }
        return found;
    }

    private static List<Delivery.DeliveredObject> copy(Path target, List<BundleFiles.File> files, ProgressSink progress, Cancellation cancel) {
        long total = 0;
        for (BundleFiles.File f : files) total += f.size();
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        List<Delivery.DeliveredObject> copied = new ArrayList<>();
        try {
            deleteTree(partial);
            long[] done = {0};
            for (BundleFiles.File f : files) {
                Path out = partial.resolve(f.rel());
                Files.createDirectories(out.getParent());
                String sha = copySynced(f.path(), out, done, total, progress, cancel);
                copied.add(new Delivery.DeliveredObject(f.rel(), target.resolve(f.rel()).toString(), f.size(), sha, null, null,
                        COPIED, Clock.nowNs()));
            }
            Durability.directory(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            Durability.directory(target.getParent());
        } catch (IOException e) {
            // A copy that failed half-way (a full disk, a pulled drive) gives its space back; a re-run starts it afresh.
            try {
                deleteTree(partial);
            } catch (IOException left) {
                e.addSuppressed(left);
            }
            throw new CurioException("deliver.copy_failed", target.toString(), null, "cannot copy the bundle: " + e.getMessage(), e);
        }
        return copied;
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
        return Delivery.hex(sha.digest());
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            List<Path> all = new ArrayList<>(walk.toList());
            Collections.reverse(all);
            for (Path x : all) Files.delete(x);
        }
    }
}
