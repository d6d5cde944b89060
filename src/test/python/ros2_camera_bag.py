#!/usr/bin/python3
"""Writes a rosbag2 bag (sqlite3 storage, the layout rosbag2 itself writes) of a camera and a robot arm, with
Python's sqlite3, numpy, the ffmpeg CLI for JPEG, and CDR encoded here by hand from the ROS 2 message
definitions, so that nothing in it comes from Curio's own writers.

usage: ros2_camera_bag.py OUT_DIR [--backwards] [--lag-ms N] [--stall]

Topics (2 s from t0):
  /cam/image_raw   sensor_msgs/msg/Image            64x48 rgb8, 30 Hz, a moving mid-grey checkerboard
  /cam/compressed  sensor_msgs/msg/CompressedImage  the same frames as JPEG, 30 Hz
  /joint_states    sensor_msgs/msg/JointState       two joints, 50 Hz
--backwards: the header.stamp of /joint_states message 40 goes back 10 ms and that of message 70 goes back 40 ms
             (log times stay regular, as a recorder receiving a misbehaving driver would store them)
--lag-ms N:  /cam/compressed messages are logged N ms after their header.stamp
--stall:     the recorder stalls: /cam/image_raw frames 30-33 are logged together just before frame 34, their
             header.stamp regular
"""
import json
import os
import sqlite3
import struct
import subprocess
import sys

import numpy as np

T0 = 1_772_442_000_000_000_000
W, H = 64, 48


class Cdr:
    """ROS 2 CDR, little endian: 4-byte encapsulation header, then fields aligned to their size from byte 4."""

    def __init__(self):
        self.b = bytearray(b"\x00\x01\x00\x00")

    def align(self, n):
        self.b += b"\x00" * ((-(len(self.b) - 4)) % n)

    def i32(self, v):
        self.align(4)
        self.b += struct.pack("<i", v)

    def u32(self, v):
        self.align(4)
        self.b += struct.pack("<I", v)

    def u8(self, v):
        self.b += struct.pack("<B", v)

    def string(self, s):
        e = s.encode() + b"\x00"
        self.u32(len(e))
        self.b += e

    def octets(self, data):
        self.u32(len(data))
        self.b += data

    def f64_seq(self, values):
        self.u32(len(values))
        for v in values:
            self.align(8)
            self.b += struct.pack("<d", v)

    def header(self, stamp_ns, frame_id):
        self.i32(stamp_ns // 1_000_000_000)
        self.u32(stamp_ns % 1_000_000_000)
        self.string(frame_id)


def frame(f):
    y, x = np.mgrid[0:H, 0:W]
    on = (((x + 2 * f) // 8 + y // 8) % 2) == 0
    img = np.where(on[..., None], np.array([0x4A, 0x5A, 0x6A]), np.array([0xB0, 0xA0, 0x90]))
    return img.astype(np.uint8)


def jpegs(frames):
    raw = b"".join(f.tobytes() for f in frames)
    out = subprocess.run(["ffmpeg", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}", "-i", "-",
                          "-f", "image2pipe", "-vcodec", "mjpeg", "-q:v", "3", "-"], input=raw, capture_output=True,
                         check=True).stdout
    parts = out.split(b"\xff\xd9")
    images = [p + b"\xff\xd9" for p in parts if p.startswith(b"\xff\xd8")]
    assert len(images) == len(frames), (len(images), len(frames))
    return images


def image(stamp, f):
    c = Cdr()
    c.header(stamp, "camera")
    c.u32(H)
    c.u32(W)
    c.string("rgb8")
    c.u8(0)
    c.u32(W * 3)
    c.octets(f.tobytes())
    return bytes(c.b)


def compressed(stamp, jpeg):
    c = Cdr()
    c.header(stamp, "camera")
    c.string("jpeg")
    c.octets(jpeg)
    return bytes(c.b)


def joint_state(stamp, t):
    c = Cdr()
    c.header(stamp, "base_link")
    c.u32(2)
    c.string("shoulder")
    c.string("elbow")
    c.f64_seq([0.5 * np.sin(t), 0.3 * np.cos(t)])
    c.f64_seq([0.5 * np.cos(t), -0.3 * np.sin(t)])
    c.f64_seq([])
    return bytes(c.b)


def main():
    out = sys.argv[1]
    backwards = "--backwards" in sys.argv
    lag_ms = int(sys.argv[sys.argv.index("--lag-ms") + 1]) if "--lag-ms" in sys.argv else 0
    stall = "--stall" in sys.argv
    os.makedirs(out, exist_ok=True)
    frames = [frame(f) for f in range(60)]
    jpeg = jpegs(frames)
    messages = []  # (topic, log time, cdr)
    for f in range(60):
        t = T0 + round(f * 1e9 / 30)
        logged = T0 + round(34 * 1e9 / 30) - (34 - f) * 1_000_000 if stall and 30 <= f < 34 else t
        messages.append(("/cam/image_raw", logged, image(t, frames[f])))
        messages.append(("/cam/compressed", t + lag_ms * 1_000_000, compressed(t, jpeg[f])))
    for i in range(100):
        t = T0 + i * 20_000_000
        stamp = t
        if backwards and i == 40:
            stamp = T0 + 39 * 20_000_000 - 10_000_000
        if backwards and i == 70:
            stamp = T0 + 69 * 20_000_000 - 40_000_000
        messages.append(("/joint_states", t + 2_000_000, joint_state(stamp, i / 50)))
    messages.sort(key=lambda m: m[1])
    types = {"/cam/image_raw": "sensor_msgs/msg/Image", "/cam/compressed": "sensor_msgs/msg/CompressedImage",
             "/joint_states": "sensor_msgs/msg/JointState"}
    db = os.path.join(out, os.path.basename(out) + "_0.db3")
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, "
                "serialization_format TEXT NOT NULL, offered_qos_profiles TEXT NOT NULL)")
    con.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, timestamp INTEGER NOT NULL, "
                "data BLOB NOT NULL)")
    con.execute("CREATE INDEX timestamp_idx ON messages (timestamp ASC)")
    ids = {}
    for topic, type_ in types.items():
        ids[topic] = len(ids) + 1
        con.execute("INSERT INTO topics VALUES (?, ?, ?, 'cdr', '')", (ids[topic], topic, type_))
    con.executemany("INSERT INTO messages(topic_id, timestamp, data) VALUES (?, ?, ?)",
                    [(ids[t], ts, data) for t, ts, data in messages])
    con.commit()
    con.close()
    counts = {t: sum(1 for m in messages if m[0] == t) for t in types}
    start, end = messages[0][1], messages[-1][1]
    topics = "".join(f"""    - topic_metadata:
        name: {t}
        type: {types[t]}
        serialization_format: cdr
        offered_qos_profiles: ""
      message_count: {counts[t]}
""" for t in types)
    with open(os.path.join(out, "metadata.yaml"), "w") as f:
        f.write(f"""rosbag2_bagfile_information:
  version: 5
  storage_identifier: sqlite3
  relative_file_paths:
    - {os.path.basename(db)}
  duration:
    nanoseconds: {end - start}
  starting_time:
    nanoseconds_since_epoch: {start}
  message_count: {len(messages)}
  topics_with_message_count:
{topics}  compression_format: ""
  compression_mode: ""
""")
    print(json.dumps({"messages": len(messages), "db3": db}))


if __name__ == "__main__":
    main()
