package pipeline.read.lerobot;

import pipeline.read.ChannelOpener;
import pipeline.read.lerobot.LeRobotProblem.Severity;
import store.Cancellation;
import store.ProgressSink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A LeRobot dataset folder (v2.0, v2.1 or v3.0) opened from its metadata. Opening reads only meta/ files;
 * data parquet files are read per episode on demand.
 */
public final class LeRobotDataset {
    private final Path root;
    private final LeRobotInfo info;
    private final List<LeRobotTask> tasks;
    private final List<LeRobotEpisode> episodes;
    private final List<LeRobotProblem> notes;
    private final EpisodeChecker checker;

    private LeRobotDataset(Path root, LeRobotInfo info, List<LeRobotTask> tasks, List<LeRobotEpisode> episodes,
                           List<LeRobotProblem> notes, ChannelOpener files) {
        this.root = root;
        this.info = info;
        this.tasks = List.copyOf(tasks);
        this.episodes = List.copyOf(episodes);
        this.notes = List.copyOf(notes);
        this.checker = new EpisodeChecker(root, info, files);
    }

    /** True when {@code root} holds a readable meta/info.json of a supported version. */
    public static boolean isDataset(Path root) {
        return InfoParser.detect(root).isPresent();
    }

    public static LeRobotDataset open(Path root) {
        return open(root, ChannelOpener.PLAIN);
    }

    /**
     * @param files how episode checks reach the data parquet files; ingest passes one that hashes them
     *              while their footers are read
     */
    public static LeRobotDataset open(Path root, ChannelOpener files) {
        LeRobotInfo info = InfoParser.parse(root);
        List<LeRobotProblem> notes = new ArrayList<>();
        List<LeRobotTask> tasks;
        List<LeRobotEpisode> episodes;
        String tasksFile = info.version().isV3() ? V3Metadata.TASKS : V2Metadata.TASKS;
        if (!Files.isRegularFile(root.resolve(tasksFile))) {
            notes.add(new LeRobotProblem(-1, Severity.WARNING, "lerobot.tasks_missing", tasksFile, null,
                    "no " + tasksFile + "; task strings come from the episodes metadata only"));
        }
        if (info.version().isV3()) {
            tasks = V3Metadata.tasks(root);
            episodes = V3Metadata.episodes(root, info, tasks);
        } else {
            tasks = V2Metadata.tasks(root);
            episodes = V2Metadata.episodes(root, info);
        }
        DatasetNotes.collect(info, episodes, notes);
        return new LeRobotDataset(root, info, tasks, episodes, notes, files);
    }

    public Path root() {
        return root;
    }

    public LeRobotInfo info() {
        return info;
    }

    public LeRobotVersion version() {
        return info.version();
    }

    public List<LeRobotTask> tasks() {
        return tasks;
    }

    /** Sorted by episode index. */
    public List<LeRobotEpisode> episodes() {
        return episodes;
    }

    public Optional<LeRobotEpisode> episode(long index) {
        return episodes.stream().filter(e -> e.index() == index).findFirst();
    }

    /** Dataset-level warnings found while opening (totals or splits not matching the files, ...). */
    public List<LeRobotProblem> notes() {
        return notes;
    }

    /** Checks one episode's files: data present and typed as declared, rows complete, videos present. */
    public List<LeRobotProblem> problems(LeRobotEpisode episode) {
        return checker.check(episode);
    }

    /** Notes plus every episode's problems. */
    public List<LeRobotProblem> validate(Cancellation cancel, ProgressSink progress) {
        List<LeRobotProblem> out = new ArrayList<>(notes);
        int done = 0;
        for (LeRobotEpisode e : episodes) {
            cancel.check();
            out.addAll(checker.check(e));
            progress.update(++done, episodes.size(), "episode " + e.index());
        }
        return out;
    }

    /**
     * Streams one episode's frames. Throws {@code lerobot.data_missing}, {@code lerobot.missing_column} or
     * {@code lerobot.wrong_type} before reading when the file cannot provide the requested features.
     *
     * @param features feature keys (e.g. {@code observation.state}, {@code action}); null for all numeric ones
     */
    public EpisodeFrameReader openFrames(LeRobotEpisode episode, Collection<String> features) {
        return EpisodeFrameReader.open(root, info, episode, features);
    }

    /** The per-episode stats of one feature, when the dataset recorded them. */
    public Optional<FeatureStats> stats(LeRobotEpisode episode, String feature) {
        Map<String, FeatureStats> s = episode.stats();
        return Optional.ofNullable(s.get(feature));
    }
}
