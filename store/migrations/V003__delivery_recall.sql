-- Deliveries as a whole (one row per run of `curio deliver`, with the destination, who, times and the record
-- written beside the bundle), the objects each one sent, and recalls naming any number of episodes.
-- The V001 deliveries table stays the per-object list; new rows point at their delivery.

CREATE TABLE delivery_runs (
    id              INTEGER PRIMARY KEY,
    delivery_id     TEXT    NOT NULL UNIQUE,
    bundle_id       INTEGER NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('folder','s3')),
    destination     TEXT    NOT NULL,
    -- endpoint, region, profile name: where a bucket is, never a secret
    endpoint        TEXT,
    region          TEXT,
    profile         TEXT,
    status          TEXT    NOT NULL CHECK (status IN ('in_progress','verified','failed','purged')),
    actor           TEXT    NOT NULL,
    started_at_ns   INTEGER NOT NULL,
    finished_at_ns  INTEGER,
    record_path     TEXT,
    expires_at_ns   INTEGER,
    links_path      TEXT
);
CREATE INDEX delivery_runs_bundle ON delivery_runs(bundle_id);

ALTER TABLE deliveries ADD COLUMN run_id INTEGER REFERENCES delivery_runs(id) ON DELETE CASCADE;
ALTER TABLE deliveries ADD COLUMN size_bytes INTEGER;
ALTER TABLE deliveries ADD COLUMN etag TEXT;
CREATE INDEX deliveries_run ON deliveries(run_id);

ALTER TABLE recalls ADD COLUMN actor TEXT;
ALTER TABLE recalls ADD COLUMN notice_path TEXT;
ALTER TABLE recalls ADD COLUMN notice_json TEXT;

-- A recall names episodes; an episode named here never enters a subset again.
CREATE TABLE recall_episodes (
    recall_id       INTEGER NOT NULL REFERENCES recalls(id) ON DELETE CASCADE,
    episode_id      INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
    PRIMARY KEY (recall_id, episode_id)
);
CREATE INDEX recall_episodes_episode ON recall_episodes(episode_id);

-- Folder deliveries made before this version: the objects of one delivery share its time, so each group becomes a
-- run whose destination is the folder the objects were copied into.
INSERT INTO delivery_runs(delivery_id, bundle_id, kind, destination, status, actor, started_at_ns, finished_at_ns)
SELECT 'dlv_' || printf('%x', delivered_at_ns) || '_' || bundle_id, bundle_id, 'folder',
       substr(min(destination), 1, length(min(destination)) - length(min(object_path)) - 1),
       CASE WHEN sum(status != 'verified') = 0 THEN 'verified' ELSE 'failed' END, 'curio', delivered_at_ns, delivered_at_ns
FROM deliveries WHERE run_id IS NULL GROUP BY bundle_id, delivered_at_ns;
UPDATE deliveries SET run_id = (SELECT r.id FROM delivery_runs r
                                WHERE r.bundle_id = deliveries.bundle_id AND r.started_at_ns = deliveries.delivered_at_ns)
WHERE run_id IS NULL;
