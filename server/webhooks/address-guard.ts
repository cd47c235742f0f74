import dns from 'node:dns/promises';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The SSRF guard of webhook receivers: a receiver must be a public unicast address. Refused: loopback, private
 * (RFC 1918, IPv6 unique-local), link-local (169.254/16 — the cloud metadata service — and fe80::/10), carrier-grade
 * NAT (100.64/10, Alibaba Cloud's metadata 100.100.100.200), unspecified, broadcast, multicast, reserved and the
 * IPv4-mapped/translated forms of those. An allow-list (WEBHOOK_ALLOWED_HOSTS: host names, addresses, CIDRs) admits an
 * on-premise receiver or the tests' local one. Checked when a subscription is saved and again at every delivery
 * after DNS resolution; the delivery then connects to the very address that was checked (no second lookup to rebind).
 */
export interface AllowList {
  hosts: string[];
}

function inAllowList(address: ipaddr.IPv4 | ipaddr.IPv6, allow: string[]): boolean {
  for (const entry of allow) {
    try {
      if (entry.includes('/')) {
        const [range, bits] = ipaddr.parseCIDR(entry);
        if (range.kind() === address.kind() && (address as ipaddr.IPv4).match(range as ipaddr.IPv4, bits)) return true;
      } else if (ipaddr.isValid(entry) && ipaddr.process(entry).toNormalizedString() === address.toNormalizedString()) {
        return true;
      }
    } catch {
      // a malformed entry admits nothing
    }
  }
  return false;
}

/** Whether an address may receive webhooks: public unicast, or admitted by the allow-list. */
export function addressAllowed(ip: string, allow: string[]): boolean {
  if (!ipaddr.isValid(ip)) return false;
  // ::ffff:10.0.0.1 and friends are judged as the IPv4 address they carry
  const address = ipaddr.process(ip);
  if (inAllowList(address, allow)) return true;
  const range = address.range();
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    // NAT64 / 6to4 / Teredo wrap an IPv4 address: refused outright rather than unwrapped
    if (range !== 'unicast') return false;
    return !v6.isIPv4MappedAddress();
  }
  return range === 'unicast';
}

export class AddressRefused extends Error {
  constructor(
    readonly host: string,
    readonly address: string | null,
  ) {
    super(address ? `address refused: ${host} → ${address}` : `address refused: ${host}`);
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/**
 * Resolve the receiver's host and check every address it resolves to (one refused address refuses the host: a
 * round-robin answer must not smuggle a private one in). The address to connect to, or AddressRefused; a name that
 * does not resolve throws the resolver's error.
 */
export async function resolveReceiver(url: URL, allow: string[]): Promise<{ address: string; family: 4 | 6 }> {
  const host = hostOf(url);
  if (net.isIP(host)) {
    if (!addressAllowed(host, allow)) throw new AddressRefused(host, host);
    return { address: host, family: net.isIP(host) as 4 | 6 };
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    if (!allow.includes(host)) throw new AddressRefused(host, null);
  }
  const named = allow.includes(host);
  const found = await dns.lookup(host, { all: true, verbatim: true });
  if (!found.length) throw new AddressRefused(host, null);
  // a host name on the allow-list admits what it resolves to (an on-premise ERP by its internal name)
  for (const a of found) if (!named && !addressAllowed(a.address, allow)) throw new AddressRefused(host, a.address);
  return { address: found[0]!.address, family: found[0]!.family as 4 | 6 };
}

/**
 * The check when a subscription is saved: an address literal or `localhost` is judged at once; a name is resolved
 * and refused if it points to a refused address. A name that does not resolve now is accepted (the delivery checks again).
 */
export async function checkReceiverUrl(url: string, allow: string[]): Promise<boolean> {
  try {
    await resolveReceiver(new URL(url), allow);
    return true;
  } catch (err) {
    return !(err instanceof AddressRefused);
  }
}
