package packaging.recall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import packaging.Finding;
import packaging.sign.Jws;
import packaging.sign.ManifestSigner;
import store.CurioException;

/**
 * Checks a bundle against recall notices: each recalled episode the bundle's manifest names is a finding
 * ({@code recall.recalled_episode}) on the file that holds its data. A notice is trusted only when its {@code recall.jws}
 * verifies over its {@code recall.json}; one that does not is itself a finding ({@code recall.notice_invalid}).
 */
public final class RecallCheck {
    private static final ObjectMapper JSON = packaging.StrictJson.MAPPER;

    /** A notice whose signature held: the recalled episodes, why, and the key that signed it. */
    public record Notice(Path folder, String recallId, String reason, List<String> episodes, String keyId) { }

    private RecallCheck() { }

    /**
     * @param notice the notice folder, or its {@code recall.json}
     * @throws CurioException {@code recall.notice_not_found} when there is no notice there
     */
    public static Notice read(Path notice) {
        Path dir = Files.isDirectory(notice) ? notice : notice.toAbsolutePath().getParent();
        Path json = dir.resolve(RecallNotice.JSON_FILE);
        Path jws = dir.resolve(RecallNotice.JWS_FILE);
        if (!Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS)) {
            throw new CurioException("recall.notice_not_found", notice.toString(), null, "no " + RecallNotice.JSON_FILE + " there");
        }
        if (!Files.isRegularFile(jws, LinkOption.NOFOLLOW_LINKS)) {
            throw new CurioException("recall.notice_invalid", jws.toString(), null, "the notice has no " + RecallNotice.JWS_FILE);
        }
        try {
            Jws.Verified v = ManifestSigner.verify(Files.readString(jws, StandardCharsets.US_ASCII), json, null);
            JsonNode n = JSON.readTree(json.toFile());
            List<String> episodes = new ArrayList<>();
            n.path("episodes").forEach(e -> episodes.add(e.asText()));
            return new Notice(dir, n.path("recall_id").asText(), n.path("reason").asText(), episodes, v.keyId());
        } catch (CurioException e) {
            throw new CurioException("recall.notice_invalid", jws.toString(), null, "the notice's signature does not hold: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CurioException("recall.notice_invalid", json.toString(), null, "unreadable notice: " + e.getMessage(), e);
        }
    }

    /** Findings for the recalled episodes the bundle holds, and for notices that do not verify. */
    public static List<Finding> check(Path bundle, List<Path> notices) {
        List<Finding> findings = new ArrayList<>();
        for (Path p : notices) {
            Notice n;
            try {
                n = read(p);
            } catch (CurioException e) {
                if (e.code().equals("recall.notice_not_found")) throw e;
                findings.add(new Finding(e.code(), e.file(), e.getMessage()));
                continue;
            }
            Map<String, List<String>> holds = Recalls.holdings(bundle, n.episodes());
            Set<String> named = new LinkedHashSet<>();
            holds.values().forEach(named::addAll);
            for (String ep : named) {
                List<String> files = new ArrayList<>();
                holds.forEach((file, eps) -> {
                    if (eps.contains(ep)) files.add(file);
                });
                for (String file : files) {
                    findings.add(new Finding("recall.recalled_episode", file, "holds episode " + ep + ", recalled by " + n.recallId()
                            + " (" + n.reason() + ", signed by " + n.keyId() + ")"));
                }
            }
        }
        return findings;
    }
}
