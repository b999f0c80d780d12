import type { Pool } from "pg";

/**
 * Deletes raw request logs older than `days`, in chunks so no single statement holds locks (or
 * bloats WAL) for long while the ingest keeps writing. Rollups are kept: they are the history.
 */
export async function deleteExpiredRequestLogs(pool: Pool, days: number, chunk = 10_000, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  let total = 0;
  for (;;) {
    const res = await pool.query(
      `DELETE FROM request_logs WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM request_logs WHERE created_at < $1 LIMIT $2))`,
      [cutoff, chunk],
    );
    const n = res.rowCount ?? 0;
    total += n;
    if (n < chunk) return total;
  }
}
