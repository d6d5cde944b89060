package timeline;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import store.Annotations;
import store.Annotations.Review;

/**
 * The review decision of one episode and its place in the review queue. The queue is the order the window
 * was opened with (needs-review first), kept while the annotator works through it so deciding an episode
 * does not shift what "next" means.
 */
public final class ReviewViewModel {
    private final Annotations annotations;
    private final String episodeId;
    private final List<String> queue;
    private final StringProperty reviewer;
    private final StringProperty note = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper decision = new ReadOnlyStringWrapper("unreviewed");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final WriteQueue writes;

    public ReviewViewModel(Annotations annotations, String episodeId, List<String> queue, StringProperty reviewer) {
        this(annotations, episodeId, queue, reviewer, WriteQueue.direct());
    }

    /** As the workbench builds it: decisions are written on {@code writer} (see {@link WriteQueue}). */
    public ReviewViewModel(Annotations annotations, String episodeId, List<String> queue, StringProperty reviewer,
                           Executor writer, Executor fx) {
        this(annotations, episodeId, queue, reviewer, new WriteQueue(writer, fx));
    }

    private ReviewViewModel(Annotations annotations, String episodeId, List<String> queue, StringProperty reviewer,
                            WriteQueue writes) {
        this.writes = writes;
        this.annotations = annotations;
        this.episodeId = episodeId;
        this.queue = List.copyOf(queue);
        this.reviewer = reviewer;
        Optional<Review> last = annotations.load(episodeId).review();
        last.ifPresent(r -> {
            decision.set(r.decision());
            note.set(r.note() == null ? "" : r.note());
            status.set(r.decision() + " by " + r.reviewer());
        });
    }

    public StringProperty reviewerProperty() { return reviewer; }
    public StringProperty noteProperty() { return note; }
    public ReadOnlyStringProperty decisionProperty() { return decision.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public List<String> queue() { return queue; }
    /** True while a decision is being written. */
    public boolean saving() { return writes.busy(); }

    /** accept, reject or needs-review, with the note and the reviewer from the settings. */
    public void decide(String d) {
        writes.perform(() -> {
            String who = reviewer.get() == null || reviewer.get().isBlank() ? System.getProperty("user.name", "curio") : reviewer.get();
            String text = note.get() == null || note.get().isBlank() ? null : note.get().strip();
            writes.write(() -> {
                annotations.decide(episodeId, d, text, who);
                return d;
            }, (done, failure) -> {
                if (failure != null) {
                    status.set("Not saved: " + failure.getMessage());
                    return;
                }
                decision.set(done);
                status.set(done + " by " + who);
            });
        });
    }

    /** The queue neighbour in {@code direction} (+1 next, -1 previous), if any. */
    public Optional<String> neighbour(int direction) {
        int i = queue.indexOf(episodeId);
        int j = i < 0 ? (direction > 0 ? 0 : queue.size() - 1) : i + direction;
        return j >= 0 && j < queue.size() && !queue.get(j).equals(episodeId) ? Optional.of(queue.get(j)) : Optional.empty();
    }

    /** "3 / 12" or "not in queue". */
    public String position() {
        int i = queue.indexOf(episodeId);
        return i < 0 ? "not in queue (" + queue.size() + ")" : (i + 1) + " / " + queue.size();
    }
}
