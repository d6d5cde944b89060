package ui.player;

import java.util.concurrent.TimeoutException;
import javafx.stage.Window;
import org.testfx.util.WaitForAsyncUtils;

/** The workbench windows a test opened through {@link PlayerWindows}: find the showing one, hide them all. */
final class WorkbenchWindows {
    private WorkbenchWindows() { }

    /** The showing workbench, or null; call on the FX thread or from a wait condition. */
    static EpisodeWorkbench showing() {
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null && w.getScene().getRoot() instanceof EpisodeWorkbench b) return b;
        }
        return null;
    }

    static void hideAll() throws TimeoutException {
        WaitForAsyncUtils.waitForAsyncFx(5000, () -> {
            for (Window w : Window.getWindows().toArray(new Window[0])) {
                if (w.getScene() != null && w.getScene().getRoot() instanceof EpisodeWorkbench) w.hide();
            }
        });
    }
}
