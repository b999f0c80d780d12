export { initTracing, contextFromTraceparent, traceparentOf, startServerSpan, startClientSpan, startConsumerSpan, endSpan, type Tracing } from "./tracing.js";
