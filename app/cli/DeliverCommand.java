package app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import packaging.deliver.Delivery;
import packaging.deliver.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import store.Cancellation;
import store.Catalog;

@Command(name = "deliver", mixinStandardHelpOptions = true,
        description = {"Deliver a bundle to a folder (a USB drive) or an S3-compatible bucket, verify it where it landed, "
                + "and record the delivery in the catalog, in deliveries/<id>.json beside the bundle and beside the delivery.",
                "Buckets: each file becomes the object PREFIX/<bundle-name>/<path>, multipart uploads with a SHA-256 checksum "
                        + "on every part, manifests and signature last. Credentials come from the AWS SDK's standard chain "
                        + "(environment, ~/.aws profiles); Curio never stores them. Run the same command again to resume an "
                        + "interrupted delivery: only missing parts are sent."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  delivered and verified", "  2  input error (bundle, destination, credentials, bucket)",
                "  3  the delivery did not verify where it landed"})
final class DeliverCommand implements Callable<Integer> {
    @ParentCommand
    CurioCli root;

    @Parameters(paramLabel = "BUNDLE")
    Path bundle;

    @Option(names = "--to", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX")
    String to;

    @Option(names = "--endpoint", paramLabel = "URL", description = "an S3-compatible server (path-style addressing)")
    String endpoint;

    @Option(names = "--region", paramLabel = "R", description = "the bucket's region (default: the SDK's, else us-east-1)")
    String region;

    @Option(names = "--profile", paramLabel = "P", description = "a profile of ~/.aws/credentials or ~/.aws/config")
    String profile;

    @Option(names = "--verify", paramLabel = "head|full", defaultValue = "head",
            description = "head: size and server checksum of every object; full: download and re-hash (default: ${DEFAULT-VALUE})")
    String verify;

    @Override
    public Integer call() {
        Delivery.Result r;
        try (Catalog catalog = Catalog.open(root.catalogPath())) {
            r = Delivery.deliver(catalog, new Delivery.Request(bundle, Destination.parse(to, endpoint, region, profile),
                    Delivery.Verify.parse(verify), System.getProperty("user.name", "curio")), Output.progress(root.context()), Cancellation.NEVER);
        }
        if (root.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("delivery_id", r.deliveryId());
            doc.put("destination", r.destination().display());
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Delivery.DeliveredObject o : r.objects()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", o.key());
                m.put("size", o.sizeBytes());
                m.put("sha256", o.sha256());
                objects.add(m);
            }
            doc.put("objects", objects);
            doc.put("verified", r.ok());
            Output.printJson(root.context().out(), doc);
        } else {
            r.findings().forEach(f -> root.context().out().printf("%-28s %s: %s%n", f.code(), f.file(), f.message()));
            root.context().out().printf("%s: %s, %d objects delivered to %s%s%n", r.ok() ? "verified" : "FAILED", r.deliveryId(),
                    r.objects().size(), r.destination().display(), r.resumed() ? " (resumed)" : "");
            root.context().out().printf("record: %s%n", r.record());
            root.context().out().flush();
        }
        return r.ok() ? ExitCodes.OK : ExitCodes.VERIFY_FAILED;
    }
}
