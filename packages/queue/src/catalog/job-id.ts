/**
 * BullMQ rejects custom job ids that contain ":" (its key separator) or look like integers (its own
 * auto-ids). Request ids and our composite ids may be either, so ids are escaped, injectively:
 * "%" → "%25", ":" → "%3A", and an integer-looking id gets a "%N" prefix (unambiguous, because a
 * literal "%" is always escaped).
 */
export function toJobId(raw: string): string {
  const escaped = raw.replace(/%/g, "%25").replace(/:/g, "%3A");
  return `${parseInt(escaped, 10)}` === escaped ? `%N${escaped}` : escaped;
}
