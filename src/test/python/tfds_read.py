"""Reads a TFDS folder of RLDS episodes from the file format's specification alone, not with Curio's reader nor with
TensorFlow: TFRecord framing (uint64 length, masked CRC-32C of the length, data, masked CRC-32C of the data; both
checksums verified) and tf.train.Example protobuf wire format decoded by hand. Checks dataset_info.json against the
shards (shard names, records per shard, numBytes) and features.json against every example (each key declared, each
declared leaf present, step features a whole number of values per step), then writes what it read as JSON and the
first and last picture of every image feature of every episode as files.

usage: tfds_read.py TFDS_VERSION_DIR OUT_JSON IMAGE_DIR
"""
import json
import os
import struct
import sys

# CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, as TFRecord uses it.
_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _TABLE.append(_c)


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = _TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def fail(msg):
    sys.stderr.write("tfds_read: " + msg + "\n")
    sys.exit(1)


def records(path):
    with open(path, "rb") as f:
        index = 0
        while True:
            header = f.read(12)
            if not header:
                return
            if len(header) < 12:
                fail("%s: record %d: truncated header" % (path, index))
            length, length_crc = struct.unpack("<QI", header)
            if masked(crc32c(header[:8])) != length_crc:
                fail("%s: record %d: length CRC mismatch" % (path, index))
            data = f.read(length)
            footer = f.read(4)
            if len(data) != length or len(footer) != 4:
                fail("%s: record %d: truncated data" % (path, index))
            if masked(crc32c(data)) != struct.unpack("<I", footer)[0]:
                fail("%s: record %d: data CRC mismatch" % (path, index))
            yield data
            index += 1


def varint(buf, pos):
    result = 0
    shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def fields(buf):
    """(field number, wire type, value) of a message; value is bytes for length-delimited fields."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 2:
            n, pos = varint(buf, pos)
            yield number, wire, buf[pos:pos + n]
            pos += n
        elif wire == 0:
            v, pos = varint(buf, pos)
            yield number, wire, v
        elif wire == 5:
            yield number, wire, buf[pos:pos + 4]
            pos += 4
        elif wire == 1:
            yield number, wire, buf[pos:pos + 8]
            pos += 8
        else:
            fail("unsupported wire type %d" % wire)


def feature(buf):
    """A tf.train.Feature: ('bytes', [bytes]) | ('float', [float]) | ('int64', [int])."""
    for number, _, value in fields(buf):
        if number == 1:
            return "bytes", [v for n, _, v in fields(value) if n == 1]
        if number == 2:
            out = []
            for n, wire, v in fields(value):
                if wire == 2:
                    out.extend(struct.unpack("<%df" % (len(v) // 4), v))
                else:
                    out.append(struct.unpack("<f", v)[0])
            return "float", out
        if number == 3:
            out = []
            for n, wire, v in fields(value):
                if wire == 2:
                    p = 0
                    while p < len(v):
                        x, p = varint(v, p)
                        out.append(x - (1 << 64) if x >= 1 << 63 else x)
                else:
                    out.append(v - (1 << 64) if v >= 1 << 63 else v)
            return "int64", out
    return "bytes", []


def example(buf):
    out = {}
    for number, _, features in fields(buf):
        if number != 1:
            continue
        for n, _, entry in fields(features):
            if n != 1:
                continue
            key = None
            value = None
            for m, _, v in fields(entry):
                if m == 1:
                    key = v.decode("utf-8")
                elif m == 2:
                    value = v
            out[key] = feature(value if value is not None else b"")
    return out


def leaves(node, prefix, per_step, out):
    cls = node.get("pythonClassName", "")
    if "featuresDict" in node:
        for k, v in node["featuresDict"]["features"].items():
            leaves(v, prefix + "/" + k if prefix else k, per_step, out)
    elif "sequence" in node:
        leaves(node["sequence"]["feature"], prefix, True, out)
    elif "image" in node:
        out[prefix] = {"kind": "image", "dtype": node["image"]["dtype"], "encoding": node["image"]["encodingFormat"],
                       "shape": [int(d) for d in node["image"]["shape"]["dimensions"]], "per_step": per_step}
    elif "text" in node:
        out[prefix] = {"kind": "text", "per_step": per_step}
    elif "tensor" in node:
        dims = [int(d) for d in node["tensor"].get("shape", {}).get("dimensions", [])]
        out[prefix] = {"kind": "scalar" if cls.endswith("Scalar") else "tensor", "dtype": node["tensor"]["dtype"],
                       "shape": dims, "per_step": per_step}
    else:
        fail("features.json: unknown leaf at " + prefix)


def image_ext(b):
    if b[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if b[:2] == b"\xff\xd8":
        return "jpg"
    return None


def main():
    root, out_json, image_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    info = json.load(open(os.path.join(root, "dataset_info.json")))
    spec = {}
    leaves(json.load(open(os.path.join(root, "features.json"))), "", False, spec)
    os.makedirs(image_dir, exist_ok=True)
    result = {"name": info["name"], "version": info["version"], "leaves": spec, "shards": [], "episodes": []}
    for split in info["splits"]:
        lengths = [int(x) for x in split["shardLengths"]]
        total_bytes = 0
        for i, declared in enumerate(lengths):
            name = "%s-%s.tfrecord-%05d-of-%05d" % (info["name"], split["name"], i, len(lengths))
            path = os.path.join(root, name)
            if not os.path.isfile(path):
                fail("missing shard " + name)
            count = 0
            for data in records(path):
                total_bytes += len(data)
                ex = example(data)
                steps = len(ex["steps/is_first"][1])
                for key in ex:
                    if key not in spec:
                        fail("%s record %d: key %s is not in features.json" % (name, count, key))
                for key, leaf in spec.items():
                    if key not in ex:
                        fail("%s record %d: declared feature %s missing" % (name, count, key))
                    values = ex[key][1]
                    if leaf["per_step"]:
                        per = 1
                        for d in leaf.get("shape", []) if leaf["kind"] in ("tensor", "scalar") else []:
                            per *= d
                        if len(values) != steps * per:
                            fail("%s record %d: %s has %d values for %d steps of %d" % (name, count, key, len(values), steps, per))
                episode = {"shard": name, "record": count, "steps": steps, "features": {}}
                for key, (kind, values) in ex.items():
                    f = {"kind": kind, "count": len(values)}
                    if kind == "bytes":
                        ext = image_ext(values[0]) if values else None
                        if ext:
                            f["image_format"] = ext
                            f["sizes"] = [len(v) for v in values]
                            for which, v in (("first", values[0]), ("last", values[-1])):
                                fname = "%d_%d_%s_%s.%s" % (i, count, key.replace("/", "_"), which, image_ext(v))
                                open(os.path.join(image_dir, fname), "wb").write(v)
                                f[which] = fname
                        else:
                            f["values"] = [v.decode("utf-8") for v in values]
                    else:
                        f["values"] = values
                    episode["features"][key] = f
                result["episodes"].append(episode)
                count += 1
            if count != declared:
                fail("%s holds %d records, dataset_info.json declares %d" % (name, count, declared))
            result["shards"].append({"file": name, "records": count, "bytes": os.path.getsize(path)})
        if int(split["numBytes"]) != total_bytes:
            fail("numBytes %s, the records hold %d" % (split["numBytes"], total_bytes))
    json.dump(result, open(out_json, "w"))


main()
