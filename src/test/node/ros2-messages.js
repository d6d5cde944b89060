// Writes ROS 2 messages with libraries that are not Curio's: CDR by @foxglove/rosmsg2-serialization from the .msg
// definitions, and (optionally) an MCAP file by @mcap/core with the ros2 profile, as rosbag2's MCAP storage writes it.
// Usage: node ros2-messages.js MODULES_DIR SPEC.json
// SPEC: {"mcap": "out.mcap" | null, "jsonl": "out.jsonl" | null, "topics": [{"topic","type","definition"}],
//        "messages": [{"topic","time_ns","msg"}]}; a value {"$file": "path"} becomes that file's bytes.
// jsonl gets one line per message, {"topic","type","time_ns","cdr"} with the CDR bytes in base64 (for a db3 bag).
const fs = require('fs');
const modules = process.argv[2] + '/node_modules/';
const { McapWriter } = require(modules + '@mcap/core');
const { parse } = require(modules + '@foxglove/rosmsg');
const { MessageWriter } = require(modules + '@foxglove/rosmsg2-serialization');

function resolveFiles(v) {
  if (Array.isArray(v)) return v.map(resolveFiles);
  if (v && typeof v === 'object') {
    if (typeof v['$file'] === 'string') return new Uint8Array(fs.readFileSync(v['$file']));
    const out = {};
    for (const k of Object.keys(v)) out[k] = resolveFiles(v[k]);
    return out;
  }
  return v;
}

class FileWritable {
  constructor(path) { this.fd = fs.openSync(path, 'w'); this.pos = 0n; }
  async write(buf) { fs.writeSync(this.fd, buf); this.pos += BigInt(buf.byteLength); }
  position() { return this.pos; }
  close() { fs.closeSync(this.fd); }
}

(async () => {
  const spec = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  const writers = {};
  for (const t of spec.topics) writers[t.topic] = new MessageWriter(parse(t.definition, { ros2: true }));
  let mcap = null, file = null;
  const channels = {};
  if (spec.mcap) {
    file = new FileWritable(spec.mcap);
    mcap = new McapWriter({ writable: file, useChunks: true, chunkSize: 1 << 20 });
    await mcap.start({ profile: 'ros2', library: 'mcap-core-ts' });
    for (const t of spec.topics) {
      const schemaId = await mcap.registerSchema({ name: t.type, encoding: 'ros2msg',
        data: new TextEncoder().encode(t.definition) });
      channels[t.topic] = await mcap.registerChannel({ schemaId, topic: t.topic, messageEncoding: 'cdr',
        metadata: new Map([['offered_qos_profiles', '']]) });
    }
  }
  const jsonl = spec.jsonl ? fs.openSync(spec.jsonl, 'w') : null;
  const types = Object.fromEntries(spec.topics.map(t => [t.topic, t.type]));
  let seq = 0;
  for (const m of spec.messages) {
    const cdr = writers[m.topic].writeMessage(resolveFiles(m.msg));
    const t = BigInt(m.time_ns);
    if (mcap) await mcap.addMessage({ channelId: channels[m.topic], sequence: seq++, logTime: t, publishTime: t, data: cdr });
    if (jsonl) fs.writeSync(jsonl, JSON.stringify({ topic: m.topic, type: types[m.topic], time_ns: m.time_ns,
      cdr: Buffer.from(cdr).toString('base64') }) + '\n');
  }
  if (mcap) { await mcap.end(); file.close(); }
  if (jsonl) fs.closeSync(jsonl);
})().catch(e => { console.error(e); process.exit(1); });
