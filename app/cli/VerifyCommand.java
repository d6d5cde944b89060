package app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import packaging.Finding;
import packaging.recall.RecallCheck;
import packaging.verify.BundleVerifier;
import packaging.verify.VerifyReport;
import store.Cancellation;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an export bundle offline: every checksum, the Merkle root and the signature; with --recalls, that it holds no recalled episode.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  the bundle verifies", "  2  input error (no such bundle folder, unreadable --pubkey)",
                "  3  the bundle failed a check or holds a recalled episode; each finding names the file"})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    CurioCli root;

    @Parameters(paramLabel = "BUNDLE", description = "the bundle folder (the BagIt root)")
    Path bundle;

    @Option(names = "--pubkey", paramLabel = "FILE",
            description = "the signer's curio-signing.pub; without it the key shipped in the bundle is used, "
                    + "which proves integrity but not who signed")
    Path pubkey;

    @Option(names = "--recalls", arity = "1..*", paramLabel = "NOTICE",
            description = "recall notice folders: each recalled episode the bundle holds is a recall.recalled_episode finding")
    List<Path> recalls = List.of();

    @Override
    public Integer call() {
        VerifyReport checked = BundleVerifier.verify(bundle, pubkey, Cancellation.NEVER, Output.progress(root.context()));
        List<Finding> all = new ArrayList<>(checked.findings());
        all.addAll(RecallCheck.check(bundle, recalls));
        VerifyReport report = new VerifyReport(all.isEmpty(), all, checked.keyId());
        PrintWriter out = root.context().out();
        if (root.json()) {
            List<Map<String, Object>> findings = new ArrayList<>();
            for (Finding f : report.findings()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("code", f.code());
                row.put("file", f.file());
                row.put("message", f.message());
                findings.add(row);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("ok", report.ok());
            doc.put("findings", findings);
            doc.put("key_id", report.keyId());
            Output.printJson(out, doc);
        } else {
            for (Finding f : report.findings()) out.printf("%-28s %s: %s%n", f.code(), f.file(), f.message());
            if (report.ok()) {
                out.printf("OK: %s verifies, signed by %s%s%n", bundle, report.keyId(),
                        pubkey == null ? " (key shipped in the bundle; pass --pubkey to pin the signer)" : "");
            } else {
                out.printf("FAILED: %d finding(s) in %s%n", report.findings().size(), bundle);
            }
            out.flush();
        }
        return report.ok() ? ExitCodes.OK : ExitCodes.VERIFY_FAILED;
    }
}
