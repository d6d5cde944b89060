package store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one unchecked exception of Curio. Every failure a user can cause (bad input, a broken file, a
 * missing key) carries a stable machine-readable {@code code}, and where it applies the {@code file}
 * (relative to the dataset or bundle root) and the {@code field} (a key, column, topic or JSON path).
 */
public class CurioException extends RuntimeException {
    private final String code;
    private final String file;
    private final String field;

    public CurioException(String code, String file, String field, String message) {
        this(code, file, field, message, null);
    }

    public CurioException(String code, String file, String field, String message, Throwable cause) {
        super(diskFull(cause) ? "the disk is full: " + message : message, cause);
        // Whatever step was writing when the file system filled up, what the user must do is the same (free space
        // and run the command again), so every such failure carries the one code that says so, and the path.
        this.code = diskFull(cause) ? DISK_FULL : code;
        this.file = file;
        this.field = field;
    }

    public CurioException(String code, String message) {
        this(code, null, null, message, null);
    }

    /** The code of a write that failed because its file system is full. */
    public static final String DISK_FULL = "io.disk_full";

    /** Java reports ENOSPC only as this message of an IOException (the JDK's own strerror text on Linux). */
    private static boolean diskFull(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CurioException c && DISK_FULL.equals(c.code)) return false;
            if (t instanceof java.io.IOException && t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    public String code() { return code; }
    public String file() { return file; }
    public String field() { return field; }

    /** The error as the JSON object every CLI verb prints: code, file, field, message. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("file", file);
        m.put("field", field);
        m.put("message", getMessage());
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(code);
        if (file != null) sb.append(" [").append(file).append(']');
        if (field != null) sb.append(" {").append(field).append('}');
        return sb.append(": ").append(getMessage()).toString();
    }
}
