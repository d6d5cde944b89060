package app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** `curio bench`: speed measurements printed for humans or as JSON; each measurement is a subcommand. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure speed (printed, not pass/fail).",
        subcommands = {BenchIngestCommand.class, BenchSeekCommand.class, BenchExportCommand.class, BenchEncodeCommand.class,
                BenchDeliverCommand.class, BenchCatalogCommand.class})
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    CurioCli root;

    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(root.context().err());
        return ExitCodes.USAGE;
    }
}
