package packaging.deliver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import packaging.bundle.BundleWriter;
import packaging.sign.SigningKey;
import packaging.verify.BundleFixture;
import store.Catalog;
import store.Clock;
import store.ExportRecords;

/** A signed bundle with a video large enough for a multipart upload, registered in a catalog as exported. */
public final class DeliveryFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveryFixture() { }

    /** @param videoBytes the size of the one large payload file (random bytes, so nothing compresses it away) */
    public static BundleWriter.Result bundle(Path dir, Catalog catalog, String manifestId, int videoBytes) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("sources-" + manifestId));
        Files.createDirectories(sources.resolve("meta"));
        Files.writeString(sources.resolve("meta/info.json"), "{\"fps\":30,\"robot_type\":\"aloha\"}");
        byte[] video = new byte[videoBytes];
        new Random(manifestId.hashCode()).nextBytes(video);
        Files.write(sources.resolve("file-000.mp4"), video);
        Files.write(sources.resolve("file-000.parquet"), new byte[70_000]);
        SigningKey key = BundleFixture.key(Files.createDirectories(dir.resolve("keys-" + manifestId)));
        ObjectNode skeleton = BundleFixture.skeleton().put("manifest_id", manifestId);
        BundleWriter.Result r = BundleWriter.write(dir.resolve("exports").resolve(manifestId), List.of(
                new BundleWriter.Source("meta/info.json", sources.resolve("meta/info.json")),
                new BundleWriter.Source("data/chunk-000/file-000.parquet", sources.resolve("file-000.parquet")),
                new BundleWriter.Source("videos/observation.images.top/chunk-000/file-000.mp4", sources.resolve("file-000.mp4"))),
                skeleton, key, "curio test");
        long now = Clock.nowNs();
        var subset = catalog.exportRecords().addSubset("subset-" + manifestId, null, List.of(), now, "{}");
        catalog.exportRecords().addBundle(new ExportRecords.BundleRecord(manifestId, subset.id(), "lerobot-v3",
                dir.resolve("exports").resolve(manifestId).toString(), null, null, key.keyId(), videoBytes, 2, now, now), "{}");
        return r;
    }

    static String manifestIdOf(Path bundle) throws Exception {
        return JSON.readTree(bundle.resolve(BundleWriter.MANIFEST_FILE).toFile()).get("manifest_id").asText();
    }
}
