package pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/**
 * A known vector for "hashing the manifest yields episode_id" (seed 002): the digest below was computed outside
 * Curio, with {@code printf '%s' CANONICAL | sha256sum}, over the RFC 8785 form written out by hand.
 */
class EpisodeIdsTest {
    /** An episode.yaml with an episode_id line (left out of the hash), an unquoted date, 0.0, 1.2 and null. */
    static final String YAML = """
            episode_id: ep_anything_written_here
            dataset_id: 0b8c0e4e-1111-4c4c-9999-000000000001
            episode_start_utc: 2026-03-02T09:00:00Z
            robot: {serial: ARM-1, firmware_version: 2.4.1}
            streams:
              rgb_head: {type: rgb, fps: 30, resolution: [1280, 720]}
            task:
              nl_instruction: "pick up the red cup"
              subtasks:
                - {start_ts: 0, end_ts: 1.2, label: reach}
              success: true
              failure_mode: null
            quality: {motion_blur_score: 0.0, exposure_health: 0.93}
            """;
    /** Keys sorted, no whitespace, 0.0 written as 0 (ES6 number form), the date a string, no episode_id. */
    static final String CANONICAL = "{\"dataset_id\":\"0b8c0e4e-1111-4c4c-9999-000000000001\",\"episode_start_utc\":"
            + "\"2026-03-02T09:00:00Z\",\"quality\":{\"exposure_health\":0.93,\"motion_blur_score\":0},\"robot\":"
            + "{\"firmware_version\":\"2.4.1\",\"serial\":\"ARM-1\"},\"streams\":{\"rgb_head\":{\"fps\":30,\"resolution\":"
            + "[1280,720],\"type\":\"rgb\"}},\"task\":{\"failure_mode\":null,\"nl_instruction\":\"pick up the red cup\","
            + "\"subtasks\":[{\"end_ts\":1.2,\"label\":\"reach\",\"start_ts\":0}],\"success\":true}}";
    static final String SHA256 = "57d05c6ecdcc55dece1099a84b6a71e3da1c62a565c3fedf7605331134df07c2";

    @Test
    void theManifestHashesToTheKnownDigestAndId() throws Exception {
        JsonNode m = new ObjectMapper(new YAMLFactory()).readTree(YAML);
        assertEquals(SHA256, Digests.sha256Hex(CANONICAL), "the vector itself");
        assertEquals(SHA256, EpisodeIds.manifestSha256(m));
        assertEquals("ep_57d05c6ecdcc55dece10", EpisodeIds.fromManifest(m));
        // the same manifest as JSON, keys in another order, numbers written differently: the same id
        JsonNode json = new ObjectMapper().readTree("{\"task\":{\"success\":true,\"failure_mode\":null,\"subtasks\":[{\"label\":"
                + "\"reach\",\"start_ts\":0,\"end_ts\":1.20}],\"nl_instruction\":\"pick up the red cup\"},\"quality\":{\"exposure_health\":"
                + "9.3e-1,\"motion_blur_score\":0},\"streams\":{\"rgb_head\":{\"type\":\"rgb\",\"fps\":30,\"resolution\":[1280,720]}},"
                + "\"robot\":{\"serial\":\"ARM-1\",\"firmware_version\":\"2.4.1\"},\"episode_start_utc\":\"2026-03-02T09:00:00Z\","
                + "\"dataset_id\":\"0b8c0e4e-1111-4c4c-9999-000000000001\"}");
        assertEquals("ep_57d05c6ecdcc55dece10", EpisodeIds.fromManifest(json));
    }

    @Test
    void aDeclaredIdMatchesInEitherFormOnly() throws Exception {
        JsonNode m = new ObjectMapper(new YAMLFactory()).readTree(YAML);
        assertTrue(EpisodeIds.matches("ep_57d05c6ecdcc55dece10", m));
        assertTrue(EpisodeIds.matches(SHA256, m));
        assertTrue(EpisodeIds.matches("sha256:" + SHA256.toUpperCase(), m));
        assertFalse(EpisodeIds.matches("ep_anything_written_here", m));
        assertFalse(EpisodeIds.matches("ep_57d05c6ecdcc55dece11", m));
    }
}
