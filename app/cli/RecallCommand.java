package app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import packaging.recall.Recalls;
import packaging.sign.PassphraseSource;
import packaging.sign.SigningKey;
import packaging.sign.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import store.Catalog;
import store.Clock;
import store.CurioException;
import store.RecallRecords;

@Command(name = "recall", mixinStandardHelpOptions = true, description = "Recall episodes from every bundle and delivery that holds them.",
        subcommands = {RecallCommand.Create.class, RecallCommand.ListRecalls.class, RecallCommand.Show.class})
final class RecallCommand {
    @ParentCommand
    CurioCli root;

    static Map<String, Object> json(RecallRecords.Recall r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recall_id", r.recallId());
        m.put("created_at", Clock.toInstant(r.createdAtNs()).toString());
        m.put("issued_by", r.actor());
        m.put("reason", r.reason());
        m.put("episodes", r.episodeIds());
        m.put("notice", r.noticePath());
        return m;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Trace the episodes to every bundle and delivery that holds them, mark them recalled (never in a subset "
                    + "again; their history is kept) and write a signed notice folder: recall.json, recall.md and recall.jws "
                    + "(compact JWS over the RFC 8785 canonical recall.json).",
                    "--purge also deletes the delivered objects from every bucket delivery it can reach and records each result.",
                    "The key passphrase is read from $" + PassphraseSource.ENV + " when set, else asked on the terminal."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        RecallCommand parent;

        @Option(names = "--episodes", required = true, arity = "1..*", paramLabel = "ID")
        List<String> episodes;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Option(names = "--key", required = true, paramLabel = "KEYFILE", description = "curio-signing.key from `curio keys generate`")
        Path key;

        @Option(names = "--out", paramLabel = "DIR", description = "the notice folder (default: recalls/<recall_id> beside the catalog)")
        Path out;

        @Option(names = "--purge", description = "delete the affected objects from the bucket deliveries")
        boolean purge;

        @Override
        public Integer call() {
            CurioCli root = parent.root;
            if (!Files.isRegularFile(key)) throw new CurioException("keys.not_found", key.toString(), "--key", "no such key file");
            char[] passphrase = root.context().passphrases().read("Passphrase for " + key, false);
            SigningKey signingKey;
            try {
                signingKey = SigningKeys.load(key, passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            Recalls.Result r;
            try (Catalog catalog = Catalog.open(root.catalogPath())) {
                r = Recalls.create(catalog, new Recalls.Request(episodes, reason, signingKey, out, purge, System.getProperty("user.name", "curio")),
                        Output.progress(root.context()), store.Cancellation.NEVER);
            }
            long failed = r.purged().stream().filter(p -> !p.result().equals("deleted")).count();
            if (root.json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("recall_id", r.recallId());
                doc.put("episodes", r.episodes());
                List<Map<String, Object>> bundles = new ArrayList<>();
                for (RecallRecords.BundleHolding b : r.bundles()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("manifest_id", b.manifestId());
                    m.put("path", b.path());
                    bundles.add(m);
                }
                doc.put("bundles", bundles);
                List<Map<String, Object>> deliveries = new ArrayList<>();
                for (var d : r.deliveries()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("delivery_id", d.deliveryId());
                    m.put("destination", d.destination());
                    deliveries.add(m);
                }
                doc.put("deliveries", deliveries);
                doc.put("notice", r.notice().toString());
                Output.printJson(root.context().out(), doc);
            } else {
                var out = root.context().out();
                out.printf("%s: %d episodes recalled; %d bundles, %d deliveries, %d files or objects to delete%n", r.recallId(),
                        r.episodes().size(), r.bundles().size(), r.deliveries().size(), r.targets().size());
                if (purge) out.printf("purge: %d deleted, %d failed (see the notice)%n", r.purged().size() - failed, failed);
                out.printf("notice: %s%n", r.notice());
                out.flush();
            }
            return failed == 0 ? ExitCodes.OK : ExitCodes.VERIFY_FAILED;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every recall, newest first.")
    static final class ListRecalls implements Callable<Integer> {
        @ParentCommand
        RecallCommand parent;

        @Override
        public Integer call() {
            CurioCli root = parent.root;
            List<RecallRecords.Recall> all;
            try (Catalog catalog = Catalog.open(root.catalogPath())) {
                all = catalog.recalls().list();
            }
            if (root.json()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                all.forEach(r -> rows.add(json(r)));
                Output.printJson(root.context().out(), Map.of("recalls", rows));
            } else {
                for (RecallRecords.Recall r : all) {
                    root.context().out().printf("%s  %s  %d episodes  %s%n", r.recallId(), Clock.toInstant(r.createdAtNs()), r.episodeIds().size(), r.reason());
                }
                root.context().out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One recall; with --json, its signed notice (recall.json) as well.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        RecallCommand parent;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            CurioCli root = parent.root;
            RecallRecords.Recall r;
            try (Catalog catalog = Catalog.open(root.catalogPath())) {
                r = catalog.recalls().find(id).orElseThrow(() -> new CurioException("recall.not_found", null, id, "no recall " + id + " in the catalog"));
            }
            if (root.json()) {
                Map<String, Object> doc = json(r);
                doc.put("notice_json", r.noticeJson() == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.noticeJson()));
                Output.printJson(root.context().out(), doc);
            } else {
                var out = root.context().out();
                out.printf("%s, %s by %s%nreason: %s%nepisodes: %s%nnotice: %s%n", r.recallId(), Clock.toInstant(r.createdAtNs()), r.actor(),
                        r.reason(), String.join(" ", r.episodeIds()), r.noticePath());
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
