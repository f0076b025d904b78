import assert from "node:assert/strict";
import { crc32 } from "./crc32.ts";

Deno.test("crc32() gives the standard check value and zlib's checksums", () => {
  assert.equal(crc32("123456789"), 0xcbf43926);
  assert.equal(crc32(""), 0);
  assert.equal(crc32("hello"), 907060870);
  assert.equal(crc32(new TextEncoder().encode("héllo")), crc32("héllo"));
});
