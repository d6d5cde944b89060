"""Reads an HDF5 file with h5py (the HDF5 C library) and writes what it holds as JSON: every group's and dataset's
attributes, every dataset's shape, dtype and chunking, the values of every dataset that is not a camera, and the first
and last frame of every camera (uint8, 4 dimensions) as raw RGB files.

usage: hdf5_read.py FILE OUT_JSON FRAME_DIR
"""
import json
import os
import sys

import h5py
import numpy as np


def plain(v):
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.tolist()] if v.dtype.kind == "S" else v.tolist()
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def attrs(node):
    out = {}
    for k, v in node.attrs.items():
        out[k] = {"value": plain(v), "dtype": str(np.asarray(v).dtype)}
    return out


def main():
    path, out_json, frame_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(frame_dir, exist_ok=True)
    result = {"groups": {}, "datasets": {}}
    with h5py.File(path, "r") as f:
        result["groups"]["/"] = attrs(f)

        def visit(name, obj):
            key = "/" + name
            if isinstance(obj, h5py.Group):
                result["groups"][key] = attrs(obj)
                return
            d = {"shape": list(obj.shape), "dtype": str(obj.dtype), "chunks": list(obj.chunks) if obj.chunks else None,
                 "attrs": attrs(obj)}
            if obj.dtype == np.uint8 and len(obj.shape) == 4:
                if obj.shape[0] > 0:
                    for which, index in (("first", 0), ("last", obj.shape[0] - 1)):
                        fname = name.replace("/", "_") + "_" + which + ".rgb"
                        open(os.path.join(frame_dir, fname), "wb").write(obj[index].tobytes())
                        d[which] = fname
            else:
                d["values"] = plain(obj[()])
            result["datasets"][key] = d

        f.visititems(visit)
    json.dump(result, open(out_json, "w"))


main()
