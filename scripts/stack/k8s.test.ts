import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";

const dir = path.resolve(import.meta.dirname, "../k8s");
type Doc = { kind: string; metadata: { name: string }; spec?: { template?: { spec: { containers: Array<{ image: string; envFrom?: Array<{ secretRef?: { name: string } }>; readinessProbe?: { httpGet: { path: string } }; livenessProbe?: { httpGet: { path: string } } }> } } } };

describe("Kubernetes manifests", () => {
  const docs: Doc[] = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8")).map((d) => {
    expect(d.errors, f).toEqual([]);
    return d.toJS() as Doc;
  }));

  it("deploy the three apps with probes on their health endpoints and secrets from one Secret", () => {
    const probes: Record<string, [string, string]> = { "switchboard-gateway": ["/ready", "/health"], "switchboard-worker": ["/ready", "/health"], "switchboard-web": ["/api/ready", "/api/health"] };
    for (const [name, [ready, live]] of Object.entries(probes)) {
      const dep = docs.find((d) => d.kind === "Deployment" && d.metadata.name === name);
      const c = dep?.spec?.template?.spec.containers[0];
      expect(c, name).toBeTruthy();
      expect(c!.readinessProbe?.httpGet.path).toBe(ready);
      expect(c!.livenessProbe?.httpGet.path).toBe(live);
      expect(c!.envFrom?.some((e) => e.secretRef?.name === "switchboard-secrets")).toBe(true);
    }
    expect(docs.some((d) => d.kind === "HorizontalPodAutoscaler")).toBe(true);
    expect(docs.some((d) => d.kind === "Job" && d.metadata.name === "switchboard-setup")).toBe(true);
  });
});
