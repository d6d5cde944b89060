package app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.nio.file.Path;
import packaging.subset.QualityGates;
import packaging.subset.Subsets;
import packaging.subset.WhereExpression;
import pipeline.validate.ValidationProfile;
import store.CurioException;
import store.EpisodeField;
import store.Subset;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import store.Catalog;
import store.Clock;

@Command(name = "subset", mixinStandardHelpOptions = true, description = "Named sets of episodes to export.",
        subcommands = {SubsetCommand.Create.class, SubsetCommand.ListSubsets.class, SubsetCommand.Show.class,
                SubsetCommand.Difference.class, SubsetCommand.Gates.class})
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
        List<String> validation = s.episodeIds().stream().filter(id -> s.split(id).equals(Subset.VALIDATION)).toList();
        if (!validation.isEmpty()) m.put("validation_split", validation);
        return m;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a subset from a --where expression or a list of episodes.",
                    "Only accepted episodes unless --any-review; never an episode with a hard validation finding or a recall.",
                    "--where: comparisons joined by and, or, not and parentheses, e.g. "
                            + "'review=accept and validation!=hard and task~\"red cube\" and duration>5'.",
                    "Fields: id dataset format task robot operator review validation status failure_mode cluster subtask (text); "
                            + "duration(s) quality sharpness exposure dropped failures streams (numbers); date (YYYY-MM-DD). "
                            + "Operators: = != (exact) ~ !~ (contains) > >= < <=. Values: a word or \"quoted text\".",
                    "--per-group N --sample-by task|robot --seed S draws N episodes of each task or robot, the same ones for the "
                            + "same seed; --validation-share X puts that share of each task in the validation split (LeRobot splits)."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        SubsetCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @ArgGroup(multiplicity = "1")
        Selection selection;

        @Option(names = "--any-review", description = "also take episodes not (yet) accepted")
        boolean anyReview;

        @Option(names = "--sample-by", paramLabel = "task|robot", description = "with --per-group: the groups to sample (default: task)")
        String sampleBy;

        @Option(names = "--per-group", paramLabel = "N", description = "balanced sampling: at most N episodes of each group")
        Integer perGroup;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "seed of the sampling and the split (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--validation-share", paramLabel = "X", description = "this share (0..1) of each task's episodes goes to "
                + "the validation split, drawn with --seed")
        Double validationShare;

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
                if (selection.where != null) {
                    WhereExpression.require(selection.where);
                    Subsets.Sampling sampling = perGroup == null ? null : new Subsets.Sampling(
                            EpisodeField.byWhereName(sampleBy == null ? "task" : sampleBy.toLowerCase(java.util.Locale.ROOT)), perGroup, seed);
                    Subsets.Split split = validationShare == null ? null : new Subsets.Split(validationShare, seed);
                    created = subsets.create(name, new Subsets.Plan(selection.where, !anyReview, sampling, split));
                } else {
                    if (perGroup != null || validationShare != null) {
                        throw new CurioException("cli.bad_option", null, perGroup != null ? "--per-group" : "--validation-share",
                                "sampling and splits apply to --where");
                    }
                    created = subsets.createFromIds(name, selection.episodes, !anyReview);
                }
            }
            return printCreated(parent.root, created);
        }
    }

    static int printCreated(CurioCli root, Subsets.Created created) {
        if (root.json()) {
            Map<String, Object> doc = json(created.subset());
            doc.put("excluded", created.excluded());
            Output.printJson(root.context().out(), doc);
        } else {
            var out = root.context().out();
            Subset s = created.subset();
            long validation = s.episodeIds().stream().filter(id -> s.split(id).equals(Subset.VALIDATION)).count();
            out.printf("subset %s: %d episodes%s%n", s.name(), s.episodeIds().size(),
                    validation == 0 ? "" : " (" + validation + " in the validation split)");
            created.excluded().forEach((id, why) -> out.printf("  left out %s: %s%n", id, why));
            out.flush();
        }
        return ExitCodes.OK;
    }

    @Command(name = "difference", mixinStandardHelpOptions = true,
            description = "Create subset NAME of the episodes of A that are not in B; each keeps its split in A.")
    static final class Difference implements Callable<Integer> {
        @ParentCommand
        SubsetCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "A")
        String a;

        @Parameters(index = "2", paramLabel = "B")
        String b;

        @Override
        public Integer call() {
            Subsets.Created created;
            try (Catalog catalog = Catalog.open(parent.root.catalogPath())) {
                created = new Subsets(catalog).difference(name, a, b);
            }
            return printCreated(parent.root, created);
        }
    }

    @Command(name = "gates", mixinStandardHelpOptions = true,
            description = {"Judge subset NAME against the dataset gates of a validation profile (gates:, seed 001's names; "
                    + "each value is defined in docs/subsets.md). Exit 0 when every gate passes, 3 when one fails.",
                    "JSON: {\"gates\":[{\"name\",\"value\",\"threshold\",\"pass\"}],\"pass\",\"profile\"}"})
    static final class Gates implements Callable<Integer> {
        @ParentCommand
        SubsetCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--profile", paramLabel = "FILE", description = "the profile whose gates apply (default: the built-in one)")
        Path profile;

        @Override
        public Integer call() {
            ValidationProfile p = profile == null ? ValidationProfile.defaults() : ValidationProfile.load(profile);
            QualityGates.Result r;
            try (Catalog catalog = Catalog.open(parent.root.catalogPath())) {
                r = new Subsets(catalog).gates(name, p.gates(), p.name());
            }
            if (parent.root.json()) {
                Output.printJson(parent.root.context().out(), r.json());
            } else {
                var out = parent.root.context().out();
                out.printf("subset %s, gates of profile %s:%n", name, p.name());
                if (r.gates().isEmpty()) out.println("  the profile sets no gate");
                for (QualityGates.Gate g : r.gates()) {
                    out.printf("  %-28s %10s  threshold %-8s %s%n", g.name(), QualityGates.format(g.value()),
                            QualityGates.format(g.threshold()), g.pass() ? "pass" : "FAIL");
                }
                out.println(r.pass() ? "pass" : "FAIL: " + r.describeFailing());
                out.flush();
            }
            return r.pass() ? ExitCodes.OK : ExitCodes.GATES_FAILED;
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
