// Worker threads each load their own copy of the addon and of the WebAssembly module, and
// answer as the main thread does.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import * as napi from "../dist/addon/api.js";

const packages = { napi: new URL("../dist/addon/api.js", import.meta.url).href, wasm: new URL("../../wasm/dist/inline/api.js", import.meta.url).href };

const job = (url, start) =>
  new Promise((resolve, reject) => {
    const source = `
      const { workerData, parentPort } = require("node:worker_threads");
      import(workerData.url).then((g) => {
        const due = g.deadlines(workerData.starts, { rule: "SLA.COMPLAINT.ORDINARY" });
        parentPort.postMessage(due);
      });`;
    const starts = Array.from({ length: 2000 }, (_, i) => new Date(Date.parse(start) + i * 3_600_000).toISOString());
    const w = new Worker(source, { eval: true, workerData: { url, starts } });
    w.once("message", (due) => resolve({ starts, due }));
    w.once("error", reject);
  });

test("worker threads load both packages and agree with the main thread", async () => {
  const runs = await Promise.all(
    [0, 1, 2].flatMap((i) => Object.values(packages).map((url) => job(url, `2025-0${i + 3}-01T00:00:00Z`))),
  );
  for (const { starts, due } of runs) {
    assert.deepStrictEqual(due, napi.deadlines(starts, { rule: "SLA.COMPLAINT.ORDINARY" }));
  }
});
