package packaging.export.hdf5;

/**
 * Bob Jenkins' lookup3 {@code hashlittle} with initial value 0: the checksum HDF5 puts on version 2 superblocks and
 * object headers ({@code H5_checksum_lookup3}), taken byte by byte so it does not depend on alignment.
 */
final class Lookup3 {
    private Lookup3() { }

    static int hash(byte[] k, int offset, int length) {
        int a = 0xdeadbeef + length;
        int b = a;
        int c = a;
        int i = offset;
        int left = length;
        while (left > 12) {
            a += word(k, i);
            b += word(k, i + 4);
            c += word(k, i + 8);
            // mix
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            left -= 12;
            i += 12;
        }
        if (left == 0) return c;
        // The tail: up to 12 bytes, zero-padded, as the C version's fall-through switch adds them.
        if (left > 8) c += partial(k, i + 8, left - 8);
        if (left > 4) b += partial(k, i + 4, Math.min(4, left - 4));
        a += partial(k, i, Math.min(4, left));
        // final
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    private static int word(byte[] k, int i) {
        return (k[i] & 0xff) | (k[i + 1] & 0xff) << 8 | (k[i + 2] & 0xff) << 16 | (k[i + 3] & 0xff) << 24;
    }

    private static int partial(byte[] k, int i, int n) {
        int v = 0;
        for (int j = 0; j < n; j++) v |= (k[i + j] & 0xff) << (8 * j);
        return v;
    }
}
