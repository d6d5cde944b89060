#!/usr/bin/python3
"""Writes the seed inputs of the HDF5 fuzz target with h5py (a writer that is not Curio's): one small file of each
layout Curio reads, ALOHA (raw and gzip images), robomimic and robosuite raw demos.

usage: hdf5_seeds.py OUT_DIR
"""
import json
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
T, H, W = 3, 4, 6
q = np.arange(T * 14, dtype=np.float32).reshape(T, 14) / 10
frames = (np.arange(T * H * W * 3) % 251).astype(np.uint8).reshape(T, H, W, 3)

for name, compression in (("aloha", None), ("aloha-gzip", "gzip")):
    with h5py.File(os.path.join(out, "seed-%s.hdf5" % name), "w") as f:
        f.attrs["sim"] = True
        obs = f.create_group("observations")
        obs.create_dataset("qpos", data=q)
        obs.create_dataset("qvel", data=q)
        obs.create_group("images").create_dataset("cam_high", data=frames, chunks=(1, H, W, 3), compression=compression)
        f.create_dataset("action", data=q)

with h5py.File(os.path.join(out, "seed-robomimic.hdf5"), "w") as f:
    data = f.create_group("data")
    data.attrs["total"] = 2 * T
    data.attrs["env_args"] = json.dumps({"env_name": "Lift", "env_kwargs": {"control_freq": 20}})
    for i in range(2):
        demo = data.create_group("demo_%d" % i)
        demo.attrs["num_samples"] = T
        demo.create_dataset("actions", data=q[:, :7])
        demo.create_dataset("rewards", data=np.zeros(T))
        o = demo.create_group("obs")
        o.create_dataset("robot0_eef_pos", data=q[:, :3])
        o.create_dataset("agentview_image", data=frames)

with h5py.File(os.path.join(out, "seed-robosuite.hdf5"), "w") as f:
    data = f.create_group("data")
    data.attrs["env"] = "Lift"
    demo = data.create_group("demo_1")
    demo.create_dataset("states", data=q)
    demo.create_dataset("actions", data=q[:, :7])

# The newer file format (h5py's libver="latest"): version 2 object headers, and past eight links or attributes a
# group keeps them "dense", in a B-tree and a fractal heap, instead of in its header.
with h5py.File(os.path.join(out, "seed-robomimic-latest.hdf5"), "w", libver="latest") as f:
    data = f.create_group("data")
    data.attrs["total"] = 9 * T
    data.attrs["env_args"] = json.dumps({"env_name": "Lift", "env_kwargs": {"control_freq": 20}})
    for i in range(8):
        data.attrs["note_%d" % i] = i
    for i in range(9):
        demo = data.create_group("demo_%d" % i)
        demo.create_dataset("actions", data=q[:, :7])
