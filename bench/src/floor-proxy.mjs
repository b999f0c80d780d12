// The smallest proxy that does what every gateway must: node:http in, undici to the upstream, JSON parsed
// and re-serialised, optionally one Redis EVAL per request. `tsx src/floor.ts` measures it: the floor under
// any Node gateway's per-request cost on this machine. Dependencies resolve from the gateway's package.
import http from "node:http";
import { Buffer } from "node:buffer";
import { createRequire } from "node:module";
import process from "node:process";
import { URL } from "node:url";

const require = createRequire(process.env.RESOLVE_FROM);
const { Agent } = require("undici");
const { Redis } = require("ioredis");

const agent = new Agent({ connections: null });
const redis = process.env.WITH_REDIS === "1" ? new Redis(process.env.REDIS_URL, { enableAutoPipelining: process.env.AUTO_PIPELINE === "1" }) : null;
const upstream = new URL(process.env.UPSTREAM_URL);
const parallel = process.env.PARALLEL === "1";

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      const call = () => agent.request({ origin: upstream.origin, path: "/v1/chat/completions", method: "POST", headers: { "content-type": "application/json", authorization: "Bearer floor" }, body: JSON.stringify(body) });
      const admit = () => redis.eval("return redis.call('INCR', KEYS[1])", 1, "floor:requests");
      let r;
      // PARALLEL=1: the EVAL and the upstream call in flight together (what Switchboard's optimistic admission does).
      if (redis && parallel) [, r] = await Promise.all([admit(), call()]);
      else {
        if (redis) await admit();
        r = await call();
      }
      const out = JSON.stringify(JSON.parse(await r.body.text()));
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(out) });
      res.end(out);
    });
  })
  .listen(Number(process.env.PORT), "127.0.0.1");
