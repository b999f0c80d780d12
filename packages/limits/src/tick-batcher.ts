/**
 * Collects the calls of one event-loop tick, grouped by tenant, and sends each group as one script call
 * (a tenant's keys share one cluster slot). Requests that arrive together (one poll phase of the event
 * loop) then cost Redis one round trip and one script run instead of one each; a lone request waits only
 * until the check phase of the same loop iteration.
 */
export interface TickBatcher<T> {
  add(tenantId: string, item: T): void;
}

export function createTickBatcher<T>(send: (tenantId: string, batch: T[]) => Promise<void>, maxBatch: number): TickBatcher<T> {
  let queued = new Map<string, T[]>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const groups = queued;
    queued = new Map();
    for (const [tenantId, batch] of groups) {
      if (batch.length <= maxBatch) void send(tenantId, batch);
      else for (let i = 0; i < batch.length; i += maxBatch) void send(tenantId, batch.slice(i, i + maxBatch));
    }
  };
  return {
    add(tenantId, item) {
      const group = queued.get(tenantId);
      if (group) group.push(item);
      else queued.set(tenantId, [item]);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}
