#!/usr/bin/python3
"""Writes one ALOHA/ACT-style episode file with h5py, the layout of tonyzhaozh/act's record_sim_episodes.py:
root attribute sim, /observations/qpos and /qvel (T,14), /action (T,14), /observations/images/cam_high uint8
(T,48,64,3) chunked one frame per chunk. The camera shows a moving mid-grey checkerboard.

usage: aloha_episode.py OUT_FILE [FRAMES]
"""
import sys

import h5py
import numpy as np

out = sys.argv[1]
T = int(sys.argv[2]) if len(sys.argv) > 2 else 50
H, W = 48, 64
y, x = np.mgrid[0:H, 0:W]
frames = np.empty((T, H, W, 3), dtype=np.uint8)
for t in range(T):
    on = (((x + 2 * t) // 8 + y // 8) % 2) == 0
    frames[t] = np.where(on[..., None], np.array([0x4A, 0x5A, 0x6A]), np.array([0xB0, 0xA0, 0x90]))
q = np.stack([0.2 * np.sin(np.arange(T) / 10 + j) for j in range(14)], axis=1).astype(np.float32)
with h5py.File(out, "w") as f:
    f.attrs["sim"] = True
    obs = f.create_group("observations")
    obs.create_dataset("qpos", data=q)
    obs.create_dataset("qvel", data=np.gradient(q, axis=0))
    obs.create_group("images").create_dataset("cam_high", data=frames, chunks=(1, H, W, 3))
    f.create_dataset("action", data=q)
