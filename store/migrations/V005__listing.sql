-- Curio catalog, schema version 5: indexes for the catalog table, which counts and pages its rows in SQL under the
-- search field, the state filter and a where expression, sorted by any of its columns.

-- The default order (dataset, then id) with every column the search field reads: a page of search results is a walk
-- of this index alone, without reading the rows it passes over. It replaces the one on (dataset_id, episode_id).
CREATE INDEX episodes_listing ON episodes(dataset_id, episode_id, format, task, validation_state, review_state, status);
DROP INDEX episodes_dataset_episode;
-- Each other column the table sorts by, with the episode id after it as the tie-break, so a page in either direction
-- is a walk of one index instead of a sort of the catalog.
CREATE INDEX episodes_task ON episodes(task, episode_id);
CREATE INDEX episodes_duration ON episodes(duration_ns, episode_id);
CREATE INDEX episodes_validation ON episodes(validation_state, episode_id);
CREATE INDEX episodes_review ON episodes(review_state, episode_id);
-- The distinct values of the text fields a filter matches, found by a few seeks.
CREATE INDEX episodes_format ON episodes(format);
CREATE INDEX episodes_status ON episodes(status);
CREATE INDEX episodes_robot ON episodes(robot);
CREATE INDEX episodes_operator ON episodes(operator);
-- With the episode after the label, the episodes that have a subtask are read from the index alone.
CREATE INDEX annotations_labels ON annotations(kind, label, episode_id);
