import dns from "node:dns";
import net from "node:net";

/**
 * Tenant-supplied (BYOK) base URLs must not reach our own network: loopback, private ranges,
 * link-local (cloud metadata at 169.254.169.254), CGNAT, multicast, unspecified. Checked when the
 * connection is made (the resolved address), so DNS tricks that point a public name inside fail too.
 */
const BLOCKED_V4: Array<[string, number]> = [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
  ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
];

function v4ToInt(ip: string): number {
  return ip.split(".").reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
}

export function isInternalAddress(ip: string): boolean {
  if (net.isIPv4(ip)) {
    const n = v4ToInt(ip);
    return BLOCKED_V4.some(([base, bits]) => (n >>> (32 - bits)) === (v4ToInt(base) >>> (32 - bits)));
  }
  const lower = ip.toLowerCase();
  if (lower === "::" || lower === "::1") return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isInternalAddress(mapped[1]!);
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast
  return /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower.startsWith("ff");
}

/** A `lookup` for undici's connector that refuses internal addresses. */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "");
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isInternalAddress(a.address));
    if (bad) {
      const e: NodeJS.ErrnoException = new Error(`Refusing to connect to ${hostname} (${bad.address}): internal addresses are not allowed for custom provider URLs.`);
      e.code = "ESSRF";
      return callback(e, "");
    }
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}

/** Early, friendly check of a tenant URL (the connect-time check is the one that holds). */
export function checkBaseUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "not a valid URL";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "only http(s) URLs are allowed";
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host) && isInternalAddress(host)) return `${host} is an internal address`;
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal")) return `${host} is an internal host name`;
  return null;
}
