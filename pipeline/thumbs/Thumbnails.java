package pipeline.thumbs;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import javax.imageio.ImageIO;
import pipeline.source.FrameBuffer;
import pipeline.source.FrameSource;
import pipeline.source.Sources;
import store.Catalog;
import store.CurioException;
import store.EpisodeDetail;
import store.StreamEntry;
import store.StreamKind;

/**
 * One keyframe per episode, for the catalog's list: the middle frame of its first camera, {@value #WIDTH} pixels
 * wide, cached as PNG in a folder beside the catalog file ({@code catalog.db.thumbnails/}) and keyed by the hashes
 * of the episode's files, so a changed recording gets a new picture and an unchanged one is never decoded again.
 */
public final class Thumbnails {
    public static final int WIDTH = 160;

    private final Catalog catalog;
    private final Path dir;

    public Thumbnails(Catalog catalog) {
        this.catalog = catalog;
        this.dir = catalog.file().toAbsolutePath().resolveSibling(catalog.file().getFileName() + ".thumbnails");
    }

    public Path folder() {
        return dir;
    }

    /** The episode's thumbnail, decoding and caching it the first time; empty when the episode has no camera. */
    public Optional<Path> of(String episodeId) {
        EpisodeDetail e = catalog.episodes().find(episodeId).orElse(null);
        if (e == null) return Optional.empty();
        StreamEntry camera = e.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO).findFirst().orElse(null);
        if (camera == null) return Optional.empty();
        StringBuilder hashes = new StringBuilder();
        e.files().forEach(f -> hashes.append(f.relPath()).append(':').append(f.sha256()).append('\n'));
        String key = pipeline.Digests.sha256Hex(hashes.toString()).substring(0, 12);
        Path file = dir.resolve(episodeId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + key + ".png");
        if (Files.isRegularFile(file)) return Optional.of(file);
        FrameBuffer frame = new FrameBuffer();
        try (FrameSource src = Sources.open(Path.of(e.datasetRoot()), e, camera)) {
            int frames = src.frameCount();
            if (frames <= 0) return Optional.empty();
            src.decode(frames / 2, frame);
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".thumb", ".png");
            ImageIO.write(scaled(frame), "png", tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            throw new CurioException("io.write_failed", file.toString(), null, "cannot cache the thumbnail: " + ex.getMessage(), ex);
        }
        return Optional.of(file);
    }

    /** Box-averaged down to {@link #WIDTH} wide, which keeps edges readable where point sampling would shimmer. */
    static BufferedImage scaled(FrameBuffer f) {
        int w = Math.min(WIDTH, f.width());
        int h = Math.max(1, (int) Math.round((double) f.height() * w / f.width()));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            int y0 = y * f.height() / h;
            int y1 = Math.max(y0 + 1, (y + 1) * f.height() / h);
            for (int x = 0; x < w; x++) {
                int x0 = x * f.width() / w;
                int x1 = Math.max(x0 + 1, (x + 1) * f.width() / w);
                long r = 0, g = 0, b = 0, n = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        int p = f.pixel(xx, yy);
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                        n++;
                    }
                }
                out.setRGB(x, y, (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n));
            }
        }
        return out;
    }
}
