package app.cli;

import app.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The `curio` command: global options here, one thin subcommand per verb over the headless services. */
@Command(name = "curio",
        mixinStandardHelpOptions = true,
        versionProvider = CurioCli.VersionProvider.class,
        description = "Curate robot-learning episodes. With no verb, starts the desktop app.",
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  ok",
                "  1  usage error (unknown verb or option, bad value)",
                "  2  input error (a file, folder or catalog could not be read or is invalid)",
                "  3+ verb-specific (see each verb's --help): validate 3 = hard findings, 4 = soft only;",
                "     verify 3 = the bundle failed a check; deliver 3 = the delivery did not verify;",
                "     recall create 3 = the recall was recorded but a purge failed"})
public final class CurioCli implements Callable<Integer> {
    /** The verbs, in the order `--help` lists them. */
    private static final List<Class<?>> VERBS = List.of(DemoCommand.class, IngestCommand.class, EpisodesCommand.class,
            ValidateCommand.class, ReviewCommand.class, AnnotationsCommand.class, SubsetCommand.class, ExportCommand.class,
            DeliverCommand.class, ShareCommand.class, RecallCommand.class, KeysCommand.class, VerifyCommand.class,
            BenchCommand.class);

    @Option(names = "--catalog", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "catalog file (default: $CURIO_HOME/catalog.db, else ~/.local/share/curio/catalog.db)")
    Path catalog;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "print one JSON document on stdout instead of human text")
    boolean json;

    private final CliContext context;

    public CurioCli(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    Path catalogPath() {
        return context.catalogPath(catalog);
    }

    boolean json() {
        return json;
    }

    @Override
    public Integer call() {
        return context.launchDesktop(catalog);
    }

    public static int run(CliContext context, String... args) {
        CommandLine cl = new CommandLine(new CurioCli(context));
        // Only the verb being run is built: every verb's command tree (and what its fields load) would otherwise be
        // instantiated on each start, which is most of a short run's cost.
        for (Class<?> verb : verbsFor(args)) cl.addSubcommand(new CommandLine(newVerb(verb)));
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setExecutionExceptionHandler(new CliErrors(context));
        cl.setParameterExceptionHandler((ex, a) -> {
            context.err().println(ex.getMessage());
            ex.getCommandLine().usage(context.err());
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }

    /** Whether the command line runs one verb (not help, not the version, not the desktop). */
    public static boolean namesOneVerb(String... args) {
        return verbsFor(args).size() == 1 && !List.of(args).contains("--help") && !List.of(args).contains("-h");
    }

    /**
     * The verbs a command line needs: the one it names; none when it names none and only asks for the version or the
     * desktop (with its catalog); all of them otherwise, so help and usage errors list every verb.
     */
    static List<Class<?>> verbsFor(String... args) {
        boolean onlyVersionOrDesktop = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--catalog")) {
                i++;
            } else if (a.equals("--version") || a.equals("-V") || a.startsWith("--catalog=")) {
                continue;
            } else if (a.startsWith("-")) {
                onlyVersionOrDesktop = false;
            } else {
                for (Class<?> verb : VERBS) {
                    if (verb.getAnnotation(Command.class).name().equals(a)) return List.of(verb);
                }
                return VERBS;
            }
        }
        return onlyVersionOrDesktop ? List.of() : VERBS;
    }

    private static Object newVerb(Class<?> verb) {
        try {
            var constructor = verb.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the " + verb.getSimpleName() + " verb", e);
        }
    }

    /** The line {@code curio --version} prints. */
    public static String versionLine() {
        return "curio " + Version.get();
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{versionLine()};
        }
    }
}
