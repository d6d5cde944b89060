package pipeline.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FfmpegErrorsTest {
    @Test
    void aFullDiskIsRecognisedInFfmpegsCodesAndJavaCvsMessages() {
        assertTrue(Ffmpeg.diskFull(-28));
        assertFalse(Ffmpeg.diskFull(-5), "EIO is another failure");
        // The message JavaCV's recorder gave when an export's disk filled up.
        assertTrue(Ffmpeg.diskFull(new IOException("av_interleaved_write_frame() error -28 while writing interleaved video packet.")));
        assertFalse(Ffmpeg.diskFull(new IOException("avcodec_send_frame() error -22: Error sending a video frame for encoding.")));
        assertFalse(Ffmpeg.diskFull(new IOException("error -280 while writing")), "only the whole code counts");
        assertFalse(Ffmpeg.diskFull(new IOException((String) null)));
    }

    @Test
    void aFailedWriteNamesAFullDiskAndTheFile() {
        java.nio.file.Path file = java.nio.file.Path.of("/media/usb/bundle/videos/cam.mp4");
        store.CurioException full = Ffmpeg.writeFailed("export.encode_failed", file, "cam_high", "encoding failed",
                new IOException("av_interleaved_write_frame() error -28 while writing interleaved video packet."));
        assertEquals(store.CurioException.DISK_FULL, full.code());
        assertEquals(file.toString(), full.file());
        assertEquals("cam_high", full.field());
        assertTrue(full.getMessage().startsWith("the disk is full: "), full.getMessage());
        store.CurioException other = Ffmpeg.writeFailed("export.encode_failed", file, null, "encoding failed",
                new IOException("avcodec_send_frame() error -22"));
        assertEquals("export.encode_failed", other.code());
    }
}
