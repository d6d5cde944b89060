package app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import packaging.deliver.Delivery;
import packaging.deliver.Destination;
import packaging.deliver.UploadOptions;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.ProgressSink;

/**
 * One bucket delivery in a JVM of its own, so its peak RSS can be measured alone ({@code curio bench deliver}) and so
 * it can be killed midway (the resume test). Arguments: {@code CATALOG BUNDLE s3://BUCKET/PREFIX ENDPOINT PART_MB
 * PARALLEL [STALL_AFTER]}; credentials come from the SDK's standard chain (the environment). It prints {@code sent
 * KEY#PART} for every part it sends, then {@code delivery <id> <verified|failed>} and {@code peak_rss_kb <VmHWM>}.
 * With STALL_AFTER it stops for good once that many parts of multipart uploads were sent, after printing {@code stalled}, so the parent can
 * kill it at a known point instead of racing the upload.
 */
public final class DeliverProcess {
    private DeliverProcess() { }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args.length < 6) {
            System.err.println("usage: DeliverProcess CATALOG BUNDLE s3://BUCKET/PREFIX ENDPOINT PART_MB PARALLEL [STALL_AFTER]");
            System.exit(ExitCodes.USAGE);
        }
        int stallAfter = args.length > 6 ? Integer.parseInt(args[6]) : -1;
        AtomicInteger sent = new AtomicInteger();
        UploadOptions options = new UploadOptions(Long.parseLong(args[4]) << 20, Integer.parseInt(args[5]), new UploadOptions.PartListener() {
            @Override
            public void sent(String key, int part) {
                synchronized (out) {
                    out.println("sent " + key + "#" + part);
                    out.flush();
                }
                if (part > 0 && sent.incrementAndGet() == stallAfter) {
                    synchronized (out) {
                        out.println("stalled");
                        out.flush();
                    }
                    stall();
                }
            }
        });
        try (Catalog catalog = Catalog.open(Path.of(args[0]))) {
            Delivery.Result r = Delivery.deliver(catalog, new Delivery.Request(Path.of(args[1]), Destination.parse(args[2], args[3], null, null),
                    Delivery.Verify.HEAD, System.getProperty("user.name", "curio")), options, ProgressSink.NONE, Cancellation.NEVER);
            out.println("delivery " + r.deliveryId() + " " + (r.ok() ? "verified" : "failed"));
        } catch (CurioException e) {
            System.err.println(e);
            System.exit(ExitCodes.INPUT);
        }
        out.println("peak_rss_kb " + ExportProcess.peakRssKb());
        out.flush();
        System.exit(ExitCodes.OK);
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
