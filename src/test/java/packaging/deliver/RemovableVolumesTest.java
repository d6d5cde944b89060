package packaging.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemovableVolumesTest {
    @TempDir
    Path dir;

    @Test
    void removableDisksAndMediaMountsAreListedOthersAreNot() throws Exception {
        Path sys = dir.resolve("sys/block");
        Files.createDirectories(sys.resolve("sda"));
        Files.writeString(sys.resolve("sda/removable"), "0\n");
        Files.createDirectories(sys.resolve("sdb"));
        Files.writeString(sys.resolve("sdb/removable"), "1\n");
        Files.createDirectories(sys.resolve("mmcblk0"));
        Files.writeString(sys.resolve("mmcblk0/removable"), "1\n");
        Path mounts = dir.resolve("mounts");
        Files.writeString(mounts, String.join("\n",
                "/dev/sda1 / ext4 rw,relatime 0 0",
                "proc /proc proc rw 0 0",
                "/dev/sdb1 /mnt/usb\\040stick vfat rw 0 0",
                "/dev/mmcblk0p1 /mnt/sd exfat rw 0 0",
                "/dev/sdc1 /media/lab/CAMDATA ext4 rw 0 0",
                "tmpfs /run/media tmpfs rw 0 0", ""));
        List<RemovableVolumes.Volume> v = RemovableVolumes.list(mounts, sys);
        assertEquals(List.of(Path.of("/mnt/usb stick"), Path.of("/mnt/sd"), Path.of("/media/lab/CAMDATA")),
                v.stream().map(RemovableVolumes.Volume::mountPoint).toList());
        assertEquals("usb stick", v.get(0).label());
        assertEquals("/dev/sdb1", v.get(0).device());
        assertEquals("vfat", v.get(0).fileSystem());
    }

    @Test
    void partitionsMapToTheirDisk() {
        assertEquals("sdb", RemovableVolumes.disk("sdb1"));
        assertEquals("mmcblk0", RemovableVolumes.disk("mmcblk0p1"));
        assertEquals("nvme0n1", RemovableVolumes.disk("nvme0n1p2"));
    }

    @Test
    void noMountTableMeansNoDrives() {
        assertEquals(List.of(), RemovableVolumes.list(dir.resolve("absent"), dir));
    }
}
