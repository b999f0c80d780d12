// Copies the named component schemas (and everything they $ref) out of OpenAI's published OpenAPI
// document (MIT), so tests can validate gateway responses without shipping the 3 MB file.
//   node scripts/extract-openapi.mjs ../shared/specs/openai-openapi.yaml out.json Schema1 Schema2 …
import fs from "node:fs";
import { parse } from "yaml";

const [src, out, ...names] = process.argv.slice(2);
const doc = parse(fs.readFileSync(src, "utf8"));
const all = doc.components.schemas;
const picked = {};
const visit = (name) => {
  if (picked[name] || !all[name]) return;
  picked[name] = all[name];
  JSON.stringify(all[name], (k, v) => {
    if (k === "$ref" && typeof v === "string") visit(v.split("/").pop());
    return v;
  });
};
names.forEach(visit);
fs.writeFileSync(out, JSON.stringify({ source: "openai/openai-openapi (MIT), components.schemas subset", components: { schemas: picked } }));
console.log(`${Object.keys(picked).length} schemas → ${out}`);
