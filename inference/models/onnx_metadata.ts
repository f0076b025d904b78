/**
 * Reads `metadata_props` (key/value strings) from an ONNX file's bytes
 * without a protobuf library: ModelProto field 14 holds
 * StringStringEntryProto { 1: key, 2: value }. Ultralytics exports keep their
 * class names there (`names`); Lanecast models keep their name and input
 * layout. Throws on bytes that are not a well-formed protobuf message.
 */

function varint(b: Uint8Array, at: { i: number }): number {
  let v = 0, mul = 1;
  for (let n = 0; n < 10; n++) {
    if (at.i >= b.length) throw new Error("truncated varint");
    const byte = b[at.i++];
    v += (byte & 0x7f) * mul;
    if ((byte & 0x80) === 0) return v;
    mul *= 128;
  }
  throw new Error("varint too long");
}

/** Calls `field(number, bytes)` for length-delimited fields and skips the rest. */
function walk(b: Uint8Array, field: (n: number, value: Uint8Array) => void): void {
  const at = { i: 0 };
  while (at.i < b.length) {
    const key = varint(b, at);
    const num = Math.floor(key / 8);
    const wire = key & 7;
    if (num === 0) throw new Error("field number 0");
    if (wire === 0) varint(b, at);
    else if (wire === 1) at.i += 8;
    else if (wire === 5) at.i += 4;
    else if (wire === 2) {
      const len = varint(b, at);
      if (at.i + len > b.length) throw new Error("truncated field");
      field(num, b.subarray(at.i, at.i + len));
      at.i += len;
    } else throw new Error(`wire type ${wire}`);
    if (at.i > b.length) throw new Error("truncated field");
  }
}

export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const dec = new TextDecoder();
  let graph = false;
  walk(bytes, (n, v) => {
    if (n === 7) graph = true;
    if (n !== 14) return;
    let key = "", value = "";
    walk(v, (m, s) => {
      if (m === 1) key = dec.decode(s);
      if (m === 2) value = dec.decode(s);
    });
    out[key] = value;
  });
  if (!graph) throw new Error("no graph");
  return out;
}
