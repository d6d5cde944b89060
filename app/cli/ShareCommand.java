package app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import packaging.deliver.Share;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import store.Catalog;

@Command(name = "share", mixinStandardHelpOptions = true,
        description = {"Write presigned download links for every object of a bucket delivery to a file for the receiver, "
                + "and record when they expire (at most 7 days).",
                "Default file: deliveries/<id>.links.json beside the bundle."})
final class ShareCommand implements Callable<Integer> {
    @ParentCommand
    CurioCli root;

    @Parameters(paramLabel = "DELIVERY_ID")
    String deliveryId;

    @Option(names = "--expires", required = true, paramLabel = "7d|36h|90m")
    String expires;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the links")
    Path out;

    @Override
    public Integer call() {
        Share.Result r;
        try (Catalog catalog = Catalog.open(root.catalogPath())) {
            r = Share.share(catalog, deliveryId, Share.parseExpiry(expires), out, System.getProperty("user.name", "curio"));
        }
        if (root.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("delivery_id", r.deliveryId());
            doc.put("destination", r.destination());
            doc.put("expires_at", r.expiresAt().toString());
            doc.put("links_file", r.linksFile().toString());
            List<Map<String, Object>> links = new ArrayList<>();
            for (Share.Link l : r.links()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", l.key());
                m.put("url", l.url());
                links.add(m);
            }
            doc.put("links", links);
            Output.printJson(root.context().out(), doc);
        } else {
            root.context().out().printf("%d links to %s, valid until %s, written to %s%n", r.links().size(), r.destination(),
                    r.expiresAt(), r.linksFile());
            root.context().out().flush();
        }
        return ExitCodes.OK;
    }
}
