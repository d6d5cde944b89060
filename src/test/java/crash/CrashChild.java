package crash;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import packaging.deliver.Delivery;
import packaging.deliver.Destination;
import packaging.export.Exporter;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import pipeline.ingest.Ingest;
import pipeline.validate.ValidationProfile;
import pipeline.validate.ValidationService;
import pipeline.validate.Validator;
import store.Cancellation;
import store.Catalog;
import store.CurioException;
import store.ProgressSink;

/**
 * One job of the pipeline in a JVM of its own, for the crash loops to kill with SIGKILL at a random moment. It prints
 * {@code ready} just before the work starts, {@code ack <done> <total>} each time the pipeline reports progress
 * (ingest and validation report an episode only once its transaction committed), and {@code finished} at the end.
 * A coded error prints {@code error <code>} and exits 2.
 *
 * <pre>
 * ingest   CATALOG PATH
 * validate CATALOG
 * export   CATALOG SUBSET OUT KEYFILE       (passphrase from $CURIO_KEY_PASSPHRASE)
 * deliver  CATALOG BUNDLE DESTINATION [ENDPOINT]   (bucket credentials from the SDK's chain)
 * </pre>
 */
public final class CrashChild {
    private CrashChild() { }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        ProgressSink acks = (done, total, message) -> {
            synchronized (out) {
                out.println("ack " + done + " " + total);
                out.flush();
            }
        };
        try (Catalog catalog = Catalog.open(Path.of(args[1]))) {
            switch (args[0]) {
                case "ingest" -> {
                    ready(out);
                    new Ingest(catalog).run(List.of(Path.of(args[2])), acks, Cancellation.NEVER);
                }
                case "validate" -> {
                    ready(out);
                    new ValidationService(catalog, new Validator(), 2, "crash-loop").run(List.of(), ValidationProfile.defaults(),
                            false, acks, Cancellation.NEVER);
                }
                case "export" -> {
                    char[] pass = PassphraseSource.standard(System.getenv(), null).read("passphrase", false);
                    SigningKey key = SigningKeys.load(Path.of(args[4]), pass);
                    ready(out);
                    Exporter.export(catalog, new Exporter.Request(args[2], Exporter.Format.LEROBOT_V3, Path.of(args[3]), key,
                            Duration.ofDays(30), "crash-loop"), acks, Cancellation.NEVER);
                }
                case "deliver" -> {
                    Destination to = Destination.parse(args[3], args.length > 4 ? args[4] : null, null, null);
                    ready(out);
                    Delivery.Result r = Delivery.deliver(catalog, new Delivery.Request(Path.of(args[2]), to, Delivery.Verify.HEAD,
                            "crash-loop"), acks, Cancellation.NEVER);
                    if (!r.ok()) {
                        out.println("error delivery-not-verified " + r.findings());
                        out.flush();
                        System.exit(3);
                    }
                }
                default -> throw new IllegalArgumentException("unknown job " + args[0]);
            }
        } catch (CurioException e) {
            out.println("error " + e.code() + " " + e.getMessage().replace('\n', ' '));
            out.flush();
            System.exit(2);
        }
        out.println("finished");
        out.flush();
        System.exit(0);
    }

    private static void ready(PrintStream out) {
        out.println("ready");
        out.flush();
    }
}
