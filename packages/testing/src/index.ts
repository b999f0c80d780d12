export { createTestDatabase, withDatabase, type TestDatabase } from "./database.js";
export { createTestRedis, testMailInbox, type TestRedis } from "./redis.js";
export { listInbox, waitForMail, getFreePort, type InboxMessage } from "@switchboard/devstack";
