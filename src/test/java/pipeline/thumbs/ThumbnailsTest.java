package pipeline.thumbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.demo.DemoGenerator;
import pipeline.ingest.DemoIngest;
import store.Cancellation;
import store.Catalog;
import store.ProgressSink;

/** A demo episode's thumbnail is its camera's middle frame, 160 pixels wide, cached beside the catalog and reused. */
class ThumbnailsTest {
    @TempDir
    Path dir;

    @Test
    void middleFrameCachedBesideTheCatalog() throws Exception {
        var generated = new DemoGenerator("test").generate(new DemoGenerator.Options(dir.resolve("demo"), 1, 3),
                ProgressSink.NONE, Cancellation.NEVER);
        try (Catalog c = Catalog.open(dir.resolve("c.db"))) {
            DemoIngest.register(c, generated, ProgressSink.NONE, Cancellation.NEVER);
            String id = generated.get(0).episodeId();
            Thumbnails thumbs = new Thumbnails(c);
            Path file = thumbs.of(id).orElseThrow();
            assertEquals(dir.resolve("c.db.thumbnails"), file.getParent());
            BufferedImage img = ImageIO.read(file.toFile());
            assertEquals(Thumbnails.WIDTH, img.getWidth());
            assertTrue(img.getHeight() > 40 && img.getHeight() < 200, "the camera's aspect: " + img.getHeight());
            long distinct = java.util.stream.IntStream.range(0, img.getWidth() * img.getHeight())
                    .map(i -> img.getRGB(i % img.getWidth(), i / img.getWidth())).distinct().count();
            assertTrue(distinct > 50, "a picture, not a flat fill: " + distinct + " colours");
            long modified = Files.getLastModifiedTime(file).toMillis();
            Thread.sleep(20);
            assertEquals(file, thumbs.of(id).orElseThrow());
            assertEquals(modified, Files.getLastModifiedTime(file).toMillis(), "the cached picture is reused, not written again");
            assertTrue(thumbs.of("no-such-episode").isEmpty());
        }
    }
}
