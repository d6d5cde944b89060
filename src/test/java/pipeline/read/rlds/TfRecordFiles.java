package pipeline.read.rlds;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes TFRecord shards of {@code tf.train.Example} records as TensorFlow does, for tests: each record is
 * {@code u64 length LE | masked crc32c(length) | data | masked crc32c(data)}; an Example is
 * {@code Features{map<string, Feature> feature = 1}} in field 1, a Feature one of bytes_list (1),
 * float_list (2, packed) or int64_list (3, packed).
 */
public final class TfRecordFiles {
    private TfRecordFiles() { }

    /** A feature value to write: {@code byte[][]}/{@code String[]} as bytes_list, {@code float[]}, {@code long[]}. */
    public static byte[] example(Map<String, Object> features) throws IOException {
        ByteArrayOutputStream map = new ByteArrayOutputStream();
        CodedOutputStream m = CodedOutputStream.newInstance(map);
        for (Map.Entry<String, Object> e : features.entrySet()) {
            byte[] feature = feature(e.getValue());
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            CodedOutputStream en = CodedOutputStream.newInstance(entry);
            en.writeString(1, e.getKey());
            en.writeByteArray(2, feature);
            en.flush();
            m.writeByteArray(1, entry.toByteArray());
        }
        m.flush();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream ex = CodedOutputStream.newInstance(out);
        ex.writeByteArray(1, map.toByteArray());
        ex.flush();
        return out.toByteArray();
    }

    private static byte[] feature(Object v) throws IOException {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        CodedOutputStream l = CodedOutputStream.newInstance(list);
        int kind;
        if (v instanceof String[] strings) {
            kind = 1;
            for (String s : strings) l.writeByteArray(1, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[][] blobs) {
            kind = 1;
            for (byte[] b : blobs) l.writeByteArray(1, b);
        } else if (v instanceof float[] floats) {
            kind = 2;
            l.writeTag(1, 2);
            l.writeUInt32NoTag(floats.length * 4);
            for (float f : floats) l.writeFloatNoTag(f);
        } else if (v instanceof long[] longs) {
            kind = 3;
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            CodedOutputStream p = CodedOutputStream.newInstance(packed);
            for (long x : longs) p.writeInt64NoTag(x);
            p.flush();
            l.writeByteArray(1, packed.toByteArray());
        } else {
            throw new IllegalArgumentException("unsupported feature value " + v);
        }
        l.flush();
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        CodedOutputStream fo = CodedOutputStream.newInstance(f);
        fo.writeByteArray(kind, list.toByteArray());
        fo.flush();
        return f.toByteArray();
    }

    /** Writes the records as one shard; returns the payload bytes (what TFDS counts as {@code numBytes}). */
    public static long writeShard(Path file, List<byte[]> records) throws IOException {
        long payload = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] r : records) {
                out.write(frame(r));
                payload += r.length;
            }
        }
        return payload;
    }

    public static byte[] frame(byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data.length);
        b.putInt(maskedCrc(b.array(), 0, 8));
        b.put(data);
        b.putInt(maskedCrc(data, 0, data.length));
        return b.array();
    }

    /** TensorFlow's masked CRC32C: rotate right by 15 and add a constant, so CRCs of CRCs stay strong. */
    static int maskedCrc(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }
}
