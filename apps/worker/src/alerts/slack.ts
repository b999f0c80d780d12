/**
 * Slack-compatible incoming webhook: POST {"text": ...}. Mattermost, Discord (/slack suffix) and
 * Rocket.Chat accept the same body. A non-2xx answer throws, so the job retries with backoff.
 */
export async function postSlackMessage(url: string, text: string, timeoutMs = 10_000): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`slack webhook answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
}
