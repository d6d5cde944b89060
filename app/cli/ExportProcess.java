package app.cli;

import app.Version;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import packaging.export.Exporter;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.ProgressSink;

/**
 * One export in a JVM of its own, so its peak RSS can be measured alone ({@code curio bench export}) and so it
 * can be killed midway (the kill-safety test). Arguments: {@code CATALOG SUBSET FORMAT[:PROFILE] OUT KEYFILE [STALL_AT]};
 * the passphrase comes from {@code $CURIO_KEY_PASSPHRASE}. It prints {@code progress <message>} lines, then
 * {@code bundle <path>} and {@code peak_rss_kb <VmHWM>}. With STALL_AT it stops for good at the first progress
 * message containing that text, after printing {@code stalled <message>}, so the parent can kill it at a known
 * point instead of racing the export.
 */
public final class ExportProcess {
    private ExportProcess() { }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args.length < 5) {
            System.err.println("usage: ExportProcess CATALOG SUBSET FORMAT[:PROFILE] OUT KEYFILE [STALL_AT]");
            System.exit(ExitCodes.USAGE);
        }
        String stallAt = args.length > 5 ? args[5] : null;
        char[] passphrase = PassphraseSource.standard(System.getenv(), null).read("passphrase", false);
        SigningKey key;
        try {
            key = SigningKeys.load(Path.of(args[4]), passphrase);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        String[] last = {""};
        ProgressSink progress = (done, total, message) -> {
            if (!message.equals(last[0])) {
                last[0] = message;
                out.println("progress " + message);
                out.flush();
            }
            if (stallAt != null && message.contains(stallAt)) {
                out.println("stalled " + message);
                out.flush();
                stall();
            }
        };
        try (Catalog catalog = Catalog.open(Path.of(args[0]))) {
            String[] format = args[2].split(":", 2);
            Exporter.Result r = Exporter.export(catalog, new Exporter.Request(args[1], Exporter.Format.parse(format[0]), Path.of(args[3]),
                    key, Duration.ofDays(365), Version.get(), packaging.export.FileSizeLimits.LEROBOT_DEFAULTS, Exporter.Mapping.DEFAULT,
                    format.length > 1 ? format[1] : null), progress, Cancellation.NEVER);
            out.println("bundle " + r.bundle());
        } catch (CurioException e) {
            System.err.println(e);
            System.exit(ExitCodes.INPUT);
        }
        out.println("peak_rss_kb " + peakRssKb());
        out.flush();
        System.exit(ExitCodes.OK);
    }

    /** VmHWM of this process: the peak resident set size in kB (Linux), or -1 where /proc is absent. */
    static long peakRssKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) return -1;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    private static void stall() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
