-- Per-episode quality figures that filters, facets, the dashboard and the dataset gates read (written by validation;
-- definitions in docs/subsets.md), how a subset was built and which split each of its episodes is in, near-duplicate
-- signatures and pairs, and the indexes the failure board and the subset rules query by.

ALTER TABLE episodes ADD COLUMN quality_score REAL;
ALTER TABLE episodes ADD COLUMN qc_sharpness REAL;
ALTER TABLE episodes ADD COLUMN qc_exposure REAL;
ALTER TABLE episodes ADD COLUMN qc_dropped REAL;

ALTER TABLE subsets ADD COLUMN spec_json TEXT;
ALTER TABLE subset_episodes ADD COLUMN split TEXT CHECK (split IS NULL OR split IN ('train', 'validation'));

-- What an episode looks like, for finding its near-duplicates: perceptual hashes of frames sampled at a fixed step
-- of one camera (8 bytes each, big-endian) and the joint trajectory resampled at a fixed step (float32, channels
-- interleaved). Written by validation; version names the recipe so older signatures are recomputed.
CREATE TABLE episode_signatures (
    episode_id          INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    version             TEXT    NOT NULL,
    camera              TEXT,
    frame_step_ns       INTEGER,
    frame_hashes        BLOB,
    trajectory_stream   TEXT,
    trajectory_step_ns  INTEGER,
    trajectory_channels INTEGER,
    trajectory          BLOB,
    computed_at_ns      INTEGER NOT NULL
);

-- Pairs of episodes whose signatures are closer than the profile's threshold; a < b so each pair is stored once.
CREATE TABLE near_duplicates (
    a                INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    b                INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    score            REAL    NOT NULL,
    frame_score      REAL,
    trajectory_score REAL,
    found_at_ns      INTEGER NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
);
CREATE INDEX near_duplicates_b ON near_duplicates(b);

CREATE INDEX annotations_failures ON annotations(kind, failure_mode, cluster_id);
-- Covers what the episode index reads of failure marks and subtasks, so loading it does not read whole rows.
CREATE INDEX annotations_facets ON annotations(kind, episode_id, label, failure_mode, cluster_id);
-- The catalog's default order (dataset, then id) straight from an index: the first page lists without a sort.
CREATE INDEX episodes_dataset_episode ON episodes(dataset_id, episode_id);
CREATE INDEX annotations_cluster ON annotations(cluster_id);
CREATE INDEX validation_findings_severity ON validation_findings(severity, episode_id);
CREATE INDEX subset_episodes_episode ON subset_episodes(episode_id);
CREATE INDEX recalls_episode ON recalls(episode_id);

-- Catalogs validated before this version: the figures from the stored runs, under the built-in profile's QC
-- thresholds (sharpness 25, clipped share 0.25). A run under another profile is scored again when it next runs.
UPDATE episodes SET
    qc_sharpness = (SELECT avg(q.sharpness) FROM qc_windows q WHERE q.episode_id = episodes.id AND q.sharpness IS NOT NULL),
    qc_exposure = (SELECT max(max(coalesce(q.clipped_high, 0), coalesce(q.clipped_low, 0))) FROM qc_windows q
                   WHERE q.episode_id = episodes.id),
    qc_dropped = (SELECT max(max(0.0, 1.0 - s.frame_count / ((s.end_ns - s.start_ns) / 1e9 * s.rate_hz + 1)))
                  FROM streams s WHERE s.episode_id = episodes.id AND s.kind = 'video' AND s.rate_hz > 0
                  AND s.frame_count IS NOT NULL AND s.end_ns > s.start_ns),
    quality_score = (CASE validation_state WHEN 'passed' THEN 1.0 WHEN 'soft' THEN 0.5 ELSE 0.0 END)
                  * coalesce((SELECT avg(CASE WHEN q.black = 0 AND q.frozen = 0 AND coalesce(q.clipped_high, 0) <= 0.25
                                              AND coalesce(q.clipped_low, 0) <= 0.25
                                              AND coalesce(q.sharpness, 1e9) >= 25 THEN 1.0 ELSE 0.0 END)
                              FROM qc_windows q WHERE q.episode_id = episodes.id), 1.0)
WHERE validation_state IN ('passed', 'soft', 'hard');
