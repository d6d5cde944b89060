#!/usr/bin/env bash
# Builds the MP4-heavy ingest benchmark folder of the README (Performance > Ingest): 110 MP4-folder
# episodes of two LeRobot corpus videos (AV1 or MPEG-4 Part 2, 3.3-3.8 MB) and a 126 KB parquet table each.
# Usage: src/test/bench/mp4-folder.sh OUT_DIR   (corpus from $CURIO_CORPUS, default ../shared/corpus)
set -euo pipefail
C=${CURIO_CORPUS:-../shared/corpus}/lerobot
G1=$C/v2.1_yifantian07_G1-policy-train_subset
A=$G1/videos/chunk-000/observation.images.cam_high/episode_000001.mp4
B=$G1/videos/chunk-000/observation.images.cam_high/episode_000002.mp4
O=$C/v3.0_open_50_subset/video/image/chunk-000/file-000.mp4
P=$G1/data/chunk-000/episode_000000.parquet
out=${1:?out dir}
# Never overwrites: the folder must not exist yet.
[ ! -e "$out" ] || { echo "$out exists; pick a new folder" >&2; exit 1; }
mkdir -p "$out"
for i in $(seq -w 0 109); do
  d="$out/ep_$i"; mkdir -p "$d"
  if (( 10#$i % 2 == 0 )); then cp "$A" "$d/cam_high.mp4"; cp "$B" "$d/cam_wrist.mp4"
  else cp "$O" "$d/cam_high.mp4"; cp "$A" "$d/cam_wrist.mp4"; fi
  cp "$P" "$d/state.parquet"
  chmod u+w "$d"/*
done
du -sb "$out"
