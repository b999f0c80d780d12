export { getFreePort, waitForPort } from "./ports.js";
export { startPostgres, ensureDatabase, type PostgresHandle } from "./postgres.js";
export { startRedis, findRedisServer, stopChild, type RedisHandle } from "./redis.js";
export { startMailInbox, listInbox, waitForMail, type MailInboxHandle, type InboxMessage } from "./mail.js";
