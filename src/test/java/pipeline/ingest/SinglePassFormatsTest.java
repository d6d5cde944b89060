package pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pipeline.HashingFileChannel;
import pipeline.RandomFiles;
import pipeline.read.Corpus;
import pipeline.read.hdf5.AlohaFiles;
import pipeline.read.hdf5.Hdf5EpisodeFile;
import pipeline.read.hdf5.Hdf5Layout;
import pipeline.read.parquet.ColumnSpec;
import pipeline.read.parquet.ColumnType;
import pipeline.read.parquet.Compression;
import pipeline.read.parquet.ParquetFiles;
import pipeline.read.parquet.ParquetRowWriter;
import pipeline.read.parquet.ParquetSchema;
import pipeline.video.Ffmpeg;
import pipeline.video.H264;
import store.FileEntry;

/**
 * The random-access formats (parquet, HDF5, MP4) are parsed through {@link HashingFileChannel}: the digest
 * is the file's SHA-256 whatever order the real parser reads in, and the bytes read from the file are one
 * pass plus the few header/footer bytes the parser revisits. Blocks are small here so every file spans
 * many of them, as large files span the production 1 MiB blocks.
 */
class SinglePassFormatsTest {
    private static final int BLOCK = 16 * 1024;

    @TempDir
    Path dir;

    /** Runs the real parser over a hashing channel, checks the digest and returns the bytes read beyond one pass. */
    private static <T> long overhead(Path f, FileTable.ChannelParser<T> parser, Map<String, Long> report) throws IOException {
        return overhead(f, BLOCK, parser, report);
    }

    private static <T> long overhead(Path f, int block, FileTable.ChannelParser<T> parser, Map<String, Long> report)
            throws IOException {
        long size = Files.size(f);
        assertTrue(size > 4L * block, "the file spans several hashing blocks: " + size);
        try (HashingFileChannel ch = HashingFileChannel.open(f, block)) {
            parser.parse(ch);
            assertEquals(RandomFiles.sha256(f), ch.finish(), f.toString());
            assertEquals(size, ch.hashedBytes());
            long extra = ch.bytesFromFile() - size;
            report.put(f.getFileName() + " (" + size + " B)", extra);
            return extra;
        }
    }

    @Test
    void parquetFooterFirstReadIsOnePassPlusTheLeadingMagic() throws IOException {
        Path f = dir.resolve("table.parquet");
        Random rnd = new Random(11);
        try (ParquetRowWriter w = ParquetRowWriter.create(f, List.of(new ColumnSpec("timestamp", ColumnType.DOUBLE),
                new ColumnSpec("x", ColumnType.DOUBLE), new ColumnSpec("y", ColumnType.DOUBLE)), Compression.UNCOMPRESSED,
                Map.of(), 64 * 1024)) {
            for (int i = 0; i < 20_000; i++) w.append(Map.of("timestamp", i / 30.0, "x", rnd.nextDouble(), "y", rnd.nextDouble()));
        }
        Map<String, Long> report = new LinkedHashMap<>();
        ParquetSchema[] schema = new ParquetSchema[1];
        long extra = overhead(f, ch -> schema[0] = ParquetFiles.inspect(ch, "table.parquet"), report);
        assertEquals(20_000, schema[0].rowCount());
        assertTrue(schema[0].rowGroups() > 1, "several row groups, so the footer is not tiny");
        // The footer sits in the last block, which the hashing pass still holds; only the magic at offset 0 is re-read.
        assertTrue(extra <= 64, "parquet re-read " + extra + " bytes");
        System.out.println("parquet bytes read beyond one pass: " + report);
    }

    @Test
    void hdf5HeadersScatteredThroughTheFileAreReadInOnePassPlusHeaders() throws IOException {
        Path f = AlohaFiles.write(dir.resolve("episode_0.hdf5"), true, AlohaFiles.T, false);
        Map<String, Long> report = new LinkedHashMap<>();
        Hdf5EpisodeFile[] h = new Hdf5EpisodeFile[1];
        // The generated file is small (20 KB): 1 KiB blocks make it span many, as real files span 1 MiB ones.
        long extra = overhead(f, 1024, ch -> h[0] = Hdf5EpisodeFile.open(ch, f, "episode_0.hdf5"), report);
        assertEquals(Hdf5Layout.ALOHA, h[0].layout());
        assertEquals(AlohaFiles.T, h[0].episodes().get(0).length());
        assertTrue(extra <= 4 * 1024, "HDF5 re-read " + extra + " bytes");
        Path robomimic = Corpus.require("hdf5");
        try (var s = Files.walk(robomimic)) {
            for (Path g : s.filter(p -> p.toString().endsWith(".hdf5") && Hdf5EpisodeFile.isHdf5(p)).sorted().limit(6).toList()) {
                if (Files.size(g) <= 4L * BLOCK) continue;
                long more = overhead(g, ch -> Hdf5EpisodeFile.open(ch, g, g.toString()), report);
                assertTrue(more <= 4L * BLOCK + Files.size(g) / 8, g + " re-read " + more + " bytes");
            }
        }
        System.out.println("hdf5 bytes read beyond one pass: " + report);
    }

    @Test
    void mp4WithMoovAtTheEndOrAtTheStartIsProbedInOnePassPlusTheHeader() throws Exception {
        Map<String, Long> report = new LinkedHashMap<>();
        for (boolean faststart : new boolean[] {false, true}) {
            Path f = video(dir.resolve(faststart ? "start.mp4" : "end.mp4"), faststart);
            Mp4Probe.Info[] info = new Mp4Probe.Info[1];
            long extra = overhead(f, ch -> info[0] = Mp4Probe.probe(ch, f.getFileName().toString()), report);
            assertEquals(90, info[0].frames());
            assertEquals(30.0, info[0].fps(), 1e-9);
            assertEquals(W, info[0].width());
            assertEquals("h264", info[0].codec());
            // libavformat re-reads its first I/O buffer (32 KiB) after seeking to moov and back to mdat.
            assertTrue(extra <= 96 * 1024, "MP4 re-read " + extra + " bytes");
        }
        System.out.println("mp4 bytes read beyond one pass: " + report);
    }

    @Test
    void corpusVideosAndParquetAreHashedInTheParsingPass() throws IOException {
        Path lerobot = Corpus.require("lerobot/v2.1_yifantian07_G1-policy-train_subset");
        Map<String, Long> report = new LinkedHashMap<>();
        try (var s = Files.walk(lerobot)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".mp4") || p.toString().endsWith(".parquet")).sorted().toList()) {
                if (Files.size(f) <= 4L * BLOCK) continue;
                long extra = f.toString().endsWith(".mp4")
                        ? overhead(f, ch -> Mp4Probe.probe(ch, f.toString()), report)
                        : overhead(f, ch -> ParquetFiles.inspect(ch, f.toString()), report);
                assertTrue(extra <= 256 * 1024, f + " re-read " + extra + " bytes");
            }
        }
        assertTrue(!report.isEmpty(), "the sample has videos");
        System.out.println("corpus bytes read beyond one pass: " + report);
    }

    @Test
    void fileTableRecordsTheDigestOfTheParsingPassAndDoesNotReadTheFileAgain() throws IOException {
        Path f = RandomFiles.write(dir, (5 << 19) + 17, 5);
        String rel = f.getFileName().toString();
        String expected = RandomFiles.sha256(f);
        FileTable files = new FileTable(dir);
        long last = files.parseChannel(rel, ch -> ch.size() - 1);
        assertEquals(Files.size(f) - 1, last);

        // Same size, new bytes: were entry() to read the file again it would see a different digest.
        byte[] changed = Files.readAllBytes(f);
        changed[0] ^= 1;
        Files.write(f, changed);
        FileEntry e = files.entry(rel);
        assertEquals(expected, e.sha256());
        assertEquals(changed.length, e.sizeBytes());
    }

    private static final int W = 160;

    private static Path video(Path file, boolean faststart) throws Exception {
        Ffmpeg.init();
        BufferedImage img = new BufferedImage(W, 120, BufferedImage.TYPE_3BYTE_BGR);
        Random noise = new Random(3);
        try (FFmpegFrameRecorder r = H264.recorder(file, W, 120, 30, 30, 800_000);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            if (faststart) r.setOption("movflags", "faststart");
            r.start();
            for (int i = 0; i < 90; i++) {
                // Noise keeps the encoder from shrinking the file below a few hashing blocks.
                for (int y = 0; y < 120; y++) for (int x = 0; x < W; x++) img.setRGB(x, y, noise.nextInt());
                r.record(conv.convert(img));
            }
            r.stop();
        }
        return file;
    }
}
