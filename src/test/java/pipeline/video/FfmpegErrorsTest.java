package pipeline.video;

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
}
