package app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import store.Subset;
import packaging.subset.Subsets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import store.Catalog;
import store.Clock;

@Command(name = "subset", mixinStandardHelpOptions = true, description = "Named sets of episodes to export.",
        subcommands = {SubsetCommand.Create.class, SubsetCommand.ListSubsets.class, SubsetCommand.Show.class})
final class SubsetCommand {
    @ParentCommand
    CurioCli root;

    static Map<String, Object> json(Subset s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("query", s.query());
        m.put("created_at", Clock.toInstant(s.createdAtNs()).toString());
        m.put("episode_count", s.episodeIds().size());
        m.put("episodes", s.episodeIds());
        return m;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a subset from a --where expression or a list of episodes.",
                    "Only accepted episodes unless --any-review; never an episode with a hard validation finding or a recall.",
                    "--where: comparisons joined by and/or, e.g. 'review=accept and validation!=hard and task~cube and duration>5 and dataset=curio-demo'.",
                    "Fields: id dataset format task robot operator review validation status duration(s). "
                            + "Operators: = != (exact) ~ !~ (contains) > >= < <= (duration). Values: a word or \"quoted text\"."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        SubsetCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @ArgGroup(multiplicity = "1")
        Selection selection;

        @Option(names = "--any-review", description = "also take episodes not (yet) accepted")
        boolean anyReview;

        static final class Selection {
            @Option(names = "--where", paramLabel = "EXPR", required = true)
            String where;

            @Option(names = "--episodes", paramLabel = "ID", arity = "1..*", required = true)
            List<String> episodes;
        }

        @Override
        public Integer call() {
            Subsets.Created created;
            try (Catalog catalog = Catalog.open(parent.root.catalogPath())) {
                Subsets subsets = new Subsets(catalog);
                created = selection.where != null ? subsets.createWhere(name, selection.where, !anyReview)
                        : subsets.createFromIds(name, selection.episodes, !anyReview);
            }
            if (parent.root.json()) {
                Map<String, Object> doc = json(created.subset());
                doc.put("excluded", created.excluded());
                Output.printJson(parent.root.context().out(), doc);
            } else {
                var out = parent.root.context().out();
                out.printf("subset %s: %d episodes%n", name, created.subset().episodeIds().size());
                created.excluded().forEach((id, why) -> out.printf("  left out %s: %s%n", id, why));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List subsets.")
    static final class ListSubsets implements Callable<Integer> {
        @ParentCommand
        SubsetCommand parent;

        @Override
        public Integer call() {
            List<Subset> all;
            try (Catalog catalog = Catalog.open(parent.root.catalogPath())) {
                all = new Subsets(catalog).list();
            }
            if (parent.root.json()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                all.forEach(s -> rows.add(json(s)));
                Output.printJson(parent.root.context().out(), Map.of("subsets", rows));
            } else {
                all.forEach(s -> parent.root.context().out().printf("%-24s %4d episodes  %s%n", s.name(), s.episodeIds().size(), s.query()));
                parent.root.context().out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a subset's episodes.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        SubsetCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Subset s;
            try (Catalog catalog = Catalog.open(parent.root.catalogPath())) {
                s = new Subsets(catalog).require(name);
            }
            if (parent.root.json()) {
                Output.printJson(parent.root.context().out(), json(s));
            } else {
                var out = parent.root.context().out();
                out.printf("%s (%s), %d episodes:%n", s.name(), s.query(), s.episodeIds().size());
                s.episodeIds().forEach(id -> out.println("  " + id));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
