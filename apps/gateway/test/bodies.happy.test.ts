import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";
import { waitForUsageEvents } from "./multiprocess.js";

// Bodies are personal data: stored only for tenants that opt in (Tenant.storeRequestBodies).
let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t?.close());

describe("request and response bodies in the request log", () => {
  it("are carried in the usage event only for tenants that opted in", async () => {
    const optedIn = await t.createTenant();
    await t.prisma.tenant.update({ where: { id: optedIn }, data: { storeRequestBodies: true } });
    const a = await t.createKey({ tenantId: optedIn });
    const b = await t.createKey();

    const res = await t.client(a.key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "remember me" }] });
    const stream = await t.client(a.key).chat.completions.create({ model: "claude-mock", stream: true, messages: [{ role: "user", content: "stream me" }] });
    let streamed = "";
    for await (const c of stream) streamed += c.choices[0]?.delta.content ?? "";
    await t.client(b.key).chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content: "forget me" }] });

    const [e1, e2] = (await waitForUsageEvents(t.redisUrl, optedIn, 2)).sort((x, y) => Number(x.stream) - Number(y.stream));
    expect(e1!.requestBody).toMatchObject({ model: "gpt-mock", messages: [{ role: "user", content: "remember me" }] });
    expect((e1!.responseBody as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe(res.choices[0]!.message.content);
    expect(e2!.requestBody).toMatchObject({ stream: true });
    expect((e2!.responseBody as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe(streamed);

    const [other] = await waitForUsageEvents(t.redisUrl, b.tenantId, 1);
    expect(other!.requestBody).toBeUndefined();
    expect(other!.responseBody).toBeUndefined();
  });
});
