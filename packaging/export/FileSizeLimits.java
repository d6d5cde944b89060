package packaging.export;

import store.CurioException;

/**
 * LeRobot v3 file size caps: a data parquet or a camera's MP4 that has reached its cap is closed and the next
 * episode starts {@code file-001} and so on. An episode is never split across files, so a file can exceed its cap
 * by at most one episode. The defaults are LeRobot's ({@code data_files_size_in_mb} 100,
 * {@code video_files_size_in_mb} 200); tests pass tiny caps to see rolling on small data.
 */
public record FileSizeLimits(long dataFileBytes, long videoFileBytes) {
    public static final long MB = 1024L * 1024L;
    public static final FileSizeLimits LEROBOT_DEFAULTS = new FileSizeLimits(100 * MB, 200 * MB);

    public FileSizeLimits {
        if (dataFileBytes <= 0 || videoFileBytes <= 0) {
            throw new CurioException("export.bad_limit", null, "size_in_mb", "file size caps must be positive");
        }
    }

    public static FileSizeLimits ofMb(double dataMb, double videoMb) {
        return new FileSizeLimits(Math.round(dataMb * MB), Math.round(videoMb * MB));
    }

    /** As {@code meta/info.json} states it: whole megabytes when exact, else a fraction. */
    public static Number inMb(long bytes) {
        return bytes % MB == 0 ? (Number) (bytes / MB) : (Number) (bytes / (double) MB);
    }
}
