package packaging;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The openssl binary as an independent implementation; tests skip (with one printed line) without it. */
public final class Openssl {
    private static final Path BINARY = Path.of("/usr/bin/openssl");

    public record Run(int exit, byte[] out, String err) { }

    private Openssl() { }

    public static void assumeAvailable() {
        boolean present = Files.isExecutable(BINARY);
        if (!present) System.out.println("openssl not found at " + BINARY + ": skipping the openssl cross-check");
        assumeTrue(present, "openssl (apt-get install openssl) is needed for the cross-check");
    }

    /** Runs openssl with args, feeding stdin (may be null). */
    public static Run run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(BINARY.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        if (stdin != null) p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        String err = new String(p.getErrorStream().readAllBytes());
        return new Run(p.waitFor(), out.toByteArray(), err);
    }
}
