package pipeline.video;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import store.CurioException;

/** One-time FFmpeg set-up: errors only on stderr, so CLI output and logs stay readable. */
public final class Ffmpeg {
    private static volatile boolean initialised;

    /** AVERROR(ENOSPC): FFmpeg's code for a write to a full file system (ENOSPC is 28 on Linux, macOS and Windows). */
    public static final int DISK_FULL = -28;
    /** How JavaCV puts FFmpeg's return code into its exceptions' messages ("... error -28 while writing ..."). */
    private static final Pattern ERROR_CODE = Pattern.compile("\\berror (-\\d+)\\b");

    private Ffmpeg() { }

    /** Whether FFmpeg's return code {@code rc} means the disk is full. */
    public static boolean diskFull(int rc) {
        return rc == DISK_FULL;
    }

    /** Whether a JavaCV exception carries FFmpeg's disk-full code: JavaCV gives the code only in its message. */
    public static boolean diskFull(Exception e) {
        if (e.getMessage() == null) return false;
        Matcher m = ERROR_CODE.matcher(e.getMessage());
        while (m.find()) if (diskFull(Integer.parseInt(m.group(1)))) return true;
        return false;
    }

    /**
     * The error for a failed FFmpeg write: a full disk is named as such (FFmpeg reports it only as a code), anything
     * else gets {@code code}.
     */
    public static CurioException writeFailed(String code, java.nio.file.Path file, String field, String message, Exception e) {
        if (diskFull(e)) return new CurioException(CurioException.DISK_FULL, file.toString(), field, "the disk is full: " + message, e);
        return new CurioException(code, file.toString(), field, message, e);
    }

    public static void init() {
        if (initialised) return;
        synchronized (Ffmpeg.class) {
            if (initialised) return;
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            initialised = true;
        }
    }
}
