package packaging.export;

import java.nio.file.Path;

/** What a written video is, read from the file itself (a copied video keeps its source codec, which may be AV1). */
public record VideoFormat(String codec, String pixFmt) {
    public static final VideoFormat ENCODED = new VideoFormat("h264", "yuv420p");

    public static VideoFormat probe(Path file) {
        try (PacketRemuxer.Input in = PacketRemuxer.open(file)) {
            var par = in.codecpar();
            String codec = org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name(par.codec_id()).getString();
            var fmt = org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name(par.format());
            return new VideoFormat(codec, fmt == null ? "unknown" : fmt.getString());
        }
    }
}
