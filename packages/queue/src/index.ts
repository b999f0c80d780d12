export { usageEventSchema, usageAttemptSchema, type UsageEvent, type UsageAttempt } from "./usage-event/schema.js";
export { usageEventFixture } from "./usage-event/fixture.js";
export {
  usageBatchSchema,
  usageJobSchema,
  usageEventsOf,
  usageBatchJobId,
  isUsageBatch,
  USAGE_BATCH_MAX_EVENTS,
  type UsageBatch,
  type UsageBatchPayload,
  type UsageJobPayload,
} from "./usage-event/batch.js";
export {
  createUsageProducer,
  type UsageProducer,
  type UsageProducerOptions,
  type PublishResult,
} from "./usage-event/producer.js";
export {
  jobCatalog,
  jobNames,
  QUEUE_PREFIX,
  type JobName,
  type JobPayload,
  type JobPolicy,
  type JobDefinition,
} from "./catalog/jobs.js";
export * from "./catalog/payloads.js";
export { createJobProducer, jobOptionsFor, type JobProducer, type JobProducerOptions, type EnqueueOptions } from "./catalog/producer.js";
export { toJobId } from "./catalog/job-id.js";
export { createDeadLetterView, type DeadLetter, type DeadLetterView } from "./dlq/dead-letters.js";
export { createWorkerConnection, createProducerConnection, type RedisConnectionInput } from "./connection/redis.js";
