package pipeline.validate;

import java.nio.file.Files;
import java.nio.file.Path;

/** Profiles as a user writes them: a YAML file of overrides, loaded over the built-in profile. */
final class TestProfiles {
    private TestProfiles() { }

    /** The built-in profile when {@code yaml} is null, else one with those overrides (written to {@code dir}). */
    static ValidationProfile of(Path dir, String yaml) throws Exception {
        if (yaml == null) return ValidationProfile.defaults();
        Path p = dir.resolve("profile.yaml");
        Files.writeString(p, yaml);
        return ValidationProfile.load(p);
    }
}
