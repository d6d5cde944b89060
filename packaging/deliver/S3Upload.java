package packaging.deliver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import pipeline.Digests;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import store.Cancellation;
import store.CurioException;
import store.ProgressSink;

/**
 * Uploads files to a bucket: a file up to one part in one PUT, a larger one as a multipart upload whose parts go out
 * in parallel. Every PUT and every part carries the SHA-256 of its bytes (S3 additional checksums), which the server
 * checks before it stores anything. Memory is one part buffer per parallel part, whatever the data size.
 *
 * <p>Resume: before uploading a file, an unfinished multipart upload of its key is looked for; the parts it already
 * has are read back from disk and compared (the server's SHA-256 of the part, else its ETag, the MD5 of the part), and
 * only missing or different parts are sent. A single-PUT object already there with the same size and SHA-256 is kept.
 */
final class S3Upload implements AutoCloseable {
    /**
     * An object as uploaded: its size, ETag, request id, and the SHA-256 checksum the server must report for it
     * ({@code base64} for one PUT; {@code base64-N}, the SHA-256 of the part digests, for N parts).
     */
    record Uploaded(String key, long size, String etag, String requestId, String expectedChecksum, int parts, int partsKept) { }

    private static final int MAX_PARTS = 10_000;

    private final S3AsyncClient s3;
    private final Destination.Bucket dest;
    private final UploadOptions options;
    private final ExecutorService pool;
    private final ExecutorService filePool;
    private final BlockingQueue<ByteBuffer> buffers;
    private final ProgressSink progress;
    private final Cancellation cancel;
    private final AtomicLong done = new AtomicLong();
    private final long total;

    S3Upload(S3AsyncClient s3, Destination.Bucket dest, UploadOptions options, long totalBytes, ProgressSink progress, Cancellation cancel) {
        this.s3 = s3;
        this.dest = dest;
        this.options = options;
        this.total = totalBytes;
        this.progress = progress;
        this.cancel = cancel;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(options.parallelParts(), r -> {
            Thread t = new Thread(r, "curio-s3-part-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.buffers = new ArrayBlockingQueue<>(options.parallelParts());
        AtomicInteger f = new AtomicInteger();
        this.filePool = Executors.newFixedThreadPool(options.parallelParts(), r -> {
            Thread t = new Thread(r, "curio-s3-file-" + f.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    Uploaded upload(Path file, long size, String key) {
        cancel.check();
        long partSize = partSize(size);
        try {
            return size <= partSize ? single(file, size, key) : multipart(file, size, key, partSize);
        } catch (SdkException e) {
            throw S3Access.error(e, dest, key);
        } catch (IOException e) {
            throw new CurioException("io.read_failed", file.toString(), null, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parts grow beyond the configured size only for files that would otherwise need more than 10,000 of them. */
    private long partSize(long size) {
        long min = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(options.partSize(), min);
    }

    /** Runs on the part pool with one of its buffers, like a part. */
    private Uploaded single(Path file, long size, String key) {
        return awaitAll(List.of(pool.submit(() -> {
            int n = (int) size;
            ByteBuffer buf = takeBuffer(Math.max(n, options.partSize()));
            try {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    readFully(ch, buf, 0, n);
                }
                String b64 = b64(sha256(buf));
                HeadObjectResponse there = head(key);
                if (there != null && there.contentLength() == size && b64.equals(there.checksumSHA256())) {
                    options.listener().kept(key, 0);
                    step(size, key);
                    return new Uploaded(key, size, there.eTag(), there.responseMetadata().requestId(), b64, 0, 1);
                }
                cancel.check();
                var r = join(s3.putObject(b -> b.bucket(dest.bucket()).key(key).contentLength(size).contentType("application/octet-stream")
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(b64), AsyncRequestBody.fromByteBufferUnsafe(buf.duplicate())));
                options.listener().sent(key, 0);
                step(size, key);
                return new Uploaded(key, size, r.eTag(), r.responseMetadata().requestId(), b64, 0, 0);
            } finally {
                buffers.offer(buf);
            }
        }))).get(0);
    }

    /**
     * Uploads files side by side, results in the given order: while one file's upload is being completed (which on
     * some servers means joining its parts), the parts of the others keep the connections busy. Their parts share the
     * one part pool, so memory stays one buffer per parallel part.
     */
    List<Uploaded> uploadAll(List<BundleFiles.File> files, java.util.function.Function<BundleFiles.File, String> keys) {
        List<Future<Uploaded>> futures = new ArrayList<>();
        for (BundleFiles.File f : files) futures.add(filePool.submit(() -> upload(f.path(), f.size(), keys.apply(f))));
        return awaitAll(futures);
    }

    private Uploaded multipart(Path file, long size, String key, long partSize) throws IOException {
        int count = (int) ((size + partSize - 1) / partSize);
        String uploadId = unfinishedUpload(key);
        Map<Integer, Part> have = uploadId == null ? Map.of() : parts(key, uploadId);
        if (uploadId == null) {
            uploadId = join(s3.createMultipartUpload(b -> b.bucket(dest.bucket()).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                    .contentType("application/octet-stream"))).uploadId();
        }
        String id = uploadId;
        CompletedPart[] completed = new CompletedPart[count];
        byte[][] digests = new byte[count][];
        AtomicInteger kept = new AtomicInteger();
        List<Future<Object>> futures = new ArrayList<>(count);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int i = 0; i < count; i++) {
                int number = i + 1;
                long offset = i * partSize;
                int length = (int) Math.min(partSize, size - offset);
                futures.add(pool.submit(() -> {
                    cancel.check();
                    ByteBuffer buf = takeBuffer(partSize);
                    try {
                        readFully(ch, buf, offset, length);
                        byte[] digest = sha256(buf);
                        digests[number - 1] = digest;
                        String b64 = b64(digest);
                        Part old = have.get(number);
                        if (old != null && old.size() == length && samePart(old, b64, buf)) {
                            completed[number - 1] = CompletedPart.builder().partNumber(number).eTag(old.eTag()).checksumSHA256(b64).build();
                            kept.incrementAndGet();
                            options.listener().kept(key, number);
                        } else {
                            cancel.check();
                            var r = join(s3.uploadPart(b -> b.bucket(dest.bucket()).key(key).uploadId(id).partNumber(number)
                                            .contentLength((long) length).checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(b64),
                                    AsyncRequestBody.fromByteBufferUnsafe(buf.duplicate())));
                            completed[number - 1] = CompletedPart.builder().partNumber(number).eTag(r.eTag()).checksumSHA256(b64).build();
                            options.listener().sent(key, number);
                        }
                        step(length, key);
                        return null;
                    } finally {
                        buffers.offer(buf);
                    }
                }));
            }
            awaitAll(futures);
        }
        var r = join(s3.completeMultipartUpload(b -> b.bucket(dest.bucket()).key(key).uploadId(id)
                .multipartUpload(m -> m.parts(completed))));
        MessageDigest composite = Digests.sha256();
        for (byte[] d : digests) composite.update(d);
        return new Uploaded(key, size, r.eTag(), r.responseMetadata().requestId(), b64(composite.digest()) + "-" + count, count,
                kept.get());
    }

    /** The newest unfinished multipart upload of exactly this key, or null. */
    private String unfinishedUpload(String key) {
        MultipartUpload newest = null;
        String keyMarker = null;
        String idMarker = null;
        while (true) {
            String km = keyMarker;
            String im = idMarker;
            var page = join(s3.listMultipartUploads(b -> b.bucket(dest.bucket()).prefix(key).keyMarker(km).uploadIdMarker(im)));
            for (MultipartUpload u : page.uploads()) {
                if (!u.key().equals(key)) continue;
                if (newest == null || (u.initiated() != null && newest.initiated() != null && u.initiated().isAfter(newest.initiated()))) {
                    newest = u;
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) break;
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextUploadIdMarker();
        }
        return newest == null ? null : newest.uploadId();
    }

    private Map<Integer, Part> parts(String key, String uploadId) {
        Map<Integer, Part> out = new HashMap<>();
        Integer marker = null;
        while (true) {
            Integer m = marker;
            var page = join(s3.listParts(b -> b.bucket(dest.bucket()).key(key).uploadId(uploadId).partNumberMarker(m)));
            for (Part p : page.parts()) out.put(p.partNumber(), p);
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextPartNumberMarker() == null) break;
            marker = page.nextPartNumberMarker();
        }
        return out;
    }

    /** The server's SHA-256 of the part when it reports one, else its ETag, which S3 makes the MD5 of the part. */
    private static boolean samePart(Part old, String b64, ByteBuffer buf) {
        if (old.checksumSHA256() != null) return old.checksumSHA256().equals(b64);
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
        md5.update(buf.duplicate());
        String etag = old.eTag() == null ? "" : old.eTag().replace("\"", "");
        return etag.equalsIgnoreCase(HexFormat.of().formatHex(md5.digest()));
    }

    HeadObjectResponse head(String key) {
        try {
            return join(s3.headObject(b -> b.bucket(dest.bucket()).key(key).checksumMode(ChecksumMode.ENABLED)));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return null;
            throw e;
        }
    }

    /** Waits for an async call; its failure is rethrown as the SDK exception it is. */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SdkException sdk) throw sdk;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
    }

    /**
     * A part buffer outside the heap: the file is read straight into it and the network writes straight from it, where
     * a heap array costs a copy through a temporary native buffer on each side (and that buffer is cached per thread).
     */
    private ByteBuffer takeBuffer(long partSize) {
        ByteBuffer b = buffers.poll();
        if (b == null || b.capacity() < partSize) b = ByteBuffer.allocateDirect((int) partSize);
        return b.clear();
    }

    private static byte[] sha256(ByteBuffer data) {
        MessageDigest sha = Digests.sha256();
        sha.update(data.duplicate());
        return sha.digest();
    }

    private <T> List<T> awaitAll(List<Future<T>> futures) {
        try {
            List<T> out = new ArrayList<>(futures.size());
            for (Future<T> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof IOException io) throw new CurioException("io.read_failed", null, null, io.getMessage(), io);
            throw new IllegalStateException(cause);
        }
    }

    private void step(long bytes, String key) {
        progress.update(done.addAndGet(bytes), total, "uploading " + key);
    }

    static String b64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }

    /** Fills {@code buf} from its start with {@code length} bytes at {@code offset}, and leaves it flipped for reading. */
    static void readFully(FileChannel ch, ByteBuffer buf, long offset, int length) throws IOException {
        buf.clear().limit(length);
        long pos = offset;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new IOException("the file ended early (it changed while it was being delivered)");
            pos += n;
        }
        buf.flip();
    }

    @Override
    public void close() {
        filePool.shutdownNow();
        pool.shutdownNow();
    }
}
