package player;

/**
 * A picture reduced to the mean luma of a 64x36 grid: enough to tell which of a few neighbouring frames a
 * picture is, and the same for two decoders' slightly different YUV-to-RGB conversions of one frame.
 */
final class Fingerprint {
    static final int COLS = 64;
    static final int ROWS = 36;

    private Fingerprint() { }

    /** Of packed ARGB pixels, {@code w x h}. */
    static int[] of(int[] argb, int w, int h) {
        int[] cellOfColumn = new int[w];
        for (int x = 0; x < w; x++) cellOfColumn[x] = x * COLS / w;
        long[] sum = new long[COLS * ROWS];
        int[] count = new int[COLS * ROWS];
        for (int y = 0; y < h; y++) {
            int row = y * ROWS / h * COLS;
            int base = y * w;
            for (int x = 0; x < w; x++) {
                int p = argb[base + x];
                int cell = row + cellOfColumn[x];
                sum[cell] += ((p >> 16 & 0xff) * 77 + (p >> 8 & 0xff) * 150 + (p & 0xff) * 29) >> 8;
                count[cell]++;
            }
        }
        int[] fp = new int[COLS * ROWS];
        for (int i = 0; i < fp.length; i++) fp[i] = count[i] == 0 ? 0 : (int) (sum[i] / count[i]);
        return fp;
    }

    static int distance(int[] a, int[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
        return d;
    }
}
