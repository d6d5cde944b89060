package packaging.deliver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mounted removable drives (USB sticks, SD cards) a bundle can be delivered to, read from the kernel's mount table:
 * a mount whose block device the kernel marks removable ({@code /sys/block/DEV/removable}), or one the desktop mounted
 * under {@code /media} or {@code /run/media} (where udisks puts what the user plugged in).
 */
public final class RemovableVolumes {
    /** A mounted drive; {@code freeBytes} is -1 when it cannot be read. */
    public record Volume(Path mountPoint, String device, String fileSystem, long freeBytes) {
        public String label() {
            return mountPoint.getFileName() == null ? mountPoint.toString() : mountPoint.getFileName().toString();
        }
    }

    private RemovableVolumes() { }

    /** The removable drives mounted on this machine; empty where there is no Linux mount table. */
    public static List<Volume> list() {
        return list(Path.of("/proc/self/mounts"), Path.of("/sys/block"));
    }

    static List<Volume> list(Path mounts, Path sysBlock) {
        if (!Files.isReadable(mounts)) return List.of();
        List<String> lines;
        try {
            lines = Files.readAllLines(mounts, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
        Map<Path, Volume> out = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length < 3 || !f[0].startsWith("/dev/")) continue;
            Path mountPoint = Path.of(unescape(f[1]));
            String device = f[0].substring("/dev/".length());
            if (!removable(device, sysBlock) && !underMedia(mountPoint)) continue;
            out.putIfAbsent(mountPoint, new Volume(mountPoint, f[0], f[2], free(mountPoint)));
        }
        return new ArrayList<>(out.values());
    }

    private static boolean removable(String device, Path sysBlock) {
        for (String name : List.of(device, disk(device))) {
            Path flag = sysBlock.resolve(name).resolve("removable");
            try {
                if (Files.isRegularFile(flag) && Files.readString(flag).trim().equals("1")) return true;
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** The disk a partition is on: sdb1 → sdb, mmcblk0p1 → mmcblk0, nvme0n1p2 → nvme0n1. */
    static String disk(String partition) {
        if (partition.matches("(mmcblk|nvme|loop).*p\\d+")) return partition.replaceAll("p\\d+$", "");
        return partition.replaceAll("\\d+$", "");
    }

    private static boolean underMedia(Path mountPoint) {
        return mountPoint.startsWith("/media") || mountPoint.startsWith("/run/media");
    }

    /** The mount table writes space, tab, newline and backslash as octal escapes. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, Math.min(i + 4, s.length())).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static long free(Path mountPoint) {
        try {
            return Files.getFileStore(mountPoint).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }
}
