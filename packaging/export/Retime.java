package packaging.export;

import java.util.ArrayList;
import java.util.List;
import pipeline.source.StreamLocator;
import store.EpisodeDetail;
import store.StreamEntry;

/**
 * Episodes whose format records steps but no rate (RLDS, HDF5 without a control frequency) get the dataset rate the
 * user chose: step {@code k} is at {@code k / fps}, and the episode lasts its steps. Streams that know their rate are
 * left alone.
 */
final class Retime {
    private Retime() { }

    static EpisodeDetail atRate(EpisodeDetail e, int fps) {
        List<StreamEntry> streams = new ArrayList<>();
        boolean changed = false;
        long end = 0;
        for (StreamEntry s : e.streams()) {
            if ((s.rateHz() == null || !(s.rateHz() > 0)) && stepIndexed(s) && s.frameCount() != null) {
                long endNs = Math.round(s.frameCount() * 1e9 / fps);
                s = new StreamEntry(s.name(), s.kind(), s.topic(), s.fileRelPath(), (double) fps, s.width(), s.height(), s.encoding(),
                        0L, endNs, s.clockOffsetNs(), s.frameCount(), s.jointNames(), s.jointLimits(), s.extraJson());
                changed = true;
            }
            if (s.endNs() != null) end = Math.max(end, s.endNs() + s.clockOffsetNs());
            streams.add(s);
        }
        if (!changed) return e;
        long duration = e.durationNs() > 0 ? e.durationNs() : end;
        return new EpisodeDetail(e.rowId(), e.summary(), e.datasetRoot(), e.relPath(), e.robot(), e.operator(), e.startTimeNs(),
                duration, e.frameCount(), e.manifestJson(), streams, e.files());
    }

    /** Sample k of these containers is step k: their time comes from the rate. */
    private static boolean stepIndexed(StreamEntry s) {
        String c = StreamLocator.of(s).container();
        return c.equals(StreamLocator.TFRECORD) || c.equals(StreamLocator.HDF5) || c.equals(StreamLocator.RLDS_STEPS)
                || c.equals(StreamLocator.PARQUET) || c.equals(StreamLocator.CSV) || c.equals(StreamLocator.JSON_TABLE);
    }
}
