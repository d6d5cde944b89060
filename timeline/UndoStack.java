package timeline;

import java.util.ArrayDeque;
import java.util.Deque;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * Undo and redo of {@link Command}s (Scene Builder's job stack). The revision counts every apply, undo and redo,
 * so views refresh by listening to one property. A command that throws leaves both stacks as they were.
 */
public final class UndoStack {
    private final int limit;
    private final Deque<Command> undo = new ArrayDeque<>();
    private final Deque<Command> redo = new ArrayDeque<>();
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();

    /** Unlimited: an annotator expects to walk back a whole session of one episode. */
    public UndoStack() {
        this(Integer.MAX_VALUE);
    }

    public UndoStack(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        this.limit = limit;
    }

    public ReadOnlyIntegerProperty revisionProperty() { return revision.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }
    public int undoDepth() { return undo.size(); }
    public int redoDepth() { return redo.size(); }

    /** Applies {@code c} and makes it the next thing to undo; a new edit discards the redo history. */
    public void execute(Command c) {
        c.apply();
        applied(c);
    }

    /** @return the command undone, or null when there was nothing to undo */
    public Command undo() {
        Command c = nextUndo();
        if (c == null) return null;
        c.revert();
        undone(c);
        return c;
    }

    public Command redo() {
        Command c = nextRedo();
        if (c == null) return null;
        c.apply();
        redone(c);
        return c;
    }

    // The steps of execute, undo and redo apart, for a caller that applies and reverts on another thread.

    /** Records {@code c}, already applied, as the next thing to undo; a new edit discards the redo history. */
    public void applied(Command c) {
        undo.push(c);
        if (undo.size() > limit) undo.removeLast();
        redo.clear();
        changed();
    }

    /** The command {@link #undo} would revert, or null. */
    public Command nextUndo() {
        return undo.peek();
    }

    /** The command {@link #redo} would apply again, or null. */
    public Command nextRedo() {
        return redo.peek();
    }

    /** Records that {@link #nextUndo()}, {@code c}, was reverted. */
    public void undone(Command c) {
        if (undo.peek() != c) throw new IllegalStateException("not the next command to undo: " + c.describe());
        redo.push(undo.pop());
        changed();
    }

    /** Records that {@link #nextRedo()}, {@code c}, was applied again. */
    public void redone(Command c) {
        if (redo.peek() != c) throw new IllegalStateException("not the next command to redo: " + c.describe());
        undo.push(redo.pop());
        changed();
    }

    private void changed() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        revision.set(revision.get() + 1);
    }
}
