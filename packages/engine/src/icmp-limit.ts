/**
 * The per-destination ICMP error rate limit (`icmpv4_xrlim_allow` → `inet_peer_xrlim_allow`): a bucket of six
 * errors refilled at one a second, on the simulated clock. Errors to the host itself over lo are not limited.
 */
export class IcmpRateLimit {
  private readonly buckets = new Map<number, { tokens: number; last: number }>();

  allow(dst: number, now: number): boolean {
    const b = this.buckets.get(dst) ?? { tokens: 6000, last: now };
    b.tokens = Math.min(6000, b.tokens + (now - b.last));
    b.last = now;
    this.buckets.set(dst, b);
    if (b.tokens < 1000) return false;
    b.tokens -= 1000;
    return true;
  }
}
