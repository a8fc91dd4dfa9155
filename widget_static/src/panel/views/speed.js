// The speed test's measuring and arithmetic, free of the DOM so it can be reasoned about alone.

export const MAX_BYTES = 20 * 1024 * 1024;
export const FIRST_BYTES = 128 * 1024;
export const TIME_BUDGET_MS = 2000;
export const PINGS = 6;
export const LIMITS = { latency: 150, download: 5, upload: 1 };

/** The median of a list of numbers (NaN for none). */
export function median(values) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Jitter: the mean difference between consecutive round trips. */
export function jitter(values) {
  if (values.length < 2) return 0;
  let total = 0;
  for (let i = 1; i < values.length; i += 1) total += Math.abs(values[i] - values[i - 1]);
  return total / (values.length - 1);
}

/** Megabits per second of `bytes` moved in `ms` milliseconds. */
export function mbps(bytes, ms) {
  return ms > 0 ? (bytes * 8) / (ms * 1000) : 0;
}

/** Round for people: one decimal under 10, whole numbers above. */
export function rounded(value) {
  if (!Number.isFinite(value)) return "–";
  return value < 10 ? value.toFixed(1) : String(Math.round(value));
}

/**
 * Measure latency: `ping()` resolves when a tiny round trip ends; `now()` is a clock in ms.
 * The first round trip warms up the connection and is not counted.
 */
export async function measureLatency(ping, now, count = PINGS) {
  await ping();
  const samples = [];
  for (let i = 0; i < count; i += 1) {
    const start = now();
    await ping();
    samples.push(now() - start);
  }
  return { latency: median(samples), jitter: jitter(samples), samples };
}

/**
 * Measure throughput with transfers of growing size until about TIME_BUDGET_MS have passed, one
 * transfer took long enough to be telling, or MAX_BYTES went in one go. `transfer(bytes)` resolves
 * when done; `prepare(bytes)`, awaited before the clock starts, readies what it sends;
 * `progress(mbps)` hears each step. The speed is that of the last, largest transfer, the one
 * least skewed by the round trip.
 */
export async function measureThroughput(transfer, now, { progress = () => {}, prepare = () => {} } = {}) {
  let size = FIRST_BYTES;
  let spent = 0;
  for (;;) {
    await prepare(size);
    const start = now();
    await transfer(size);
    const took = Math.max(now() - start, 0.001);
    spent += took;
    const speed = mbps(size, took);
    progress(speed);
    if (spent >= TIME_BUDGET_MS || took >= TIME_BUDGET_MS * 0.4 || size >= MAX_BYTES) return speed;
    // Aim the next transfer at about a second (or what is left of the budget), growing 2-16 times.
    const aimed = Math.ceil((size * Math.min(1000, TIME_BUDGET_MS - spent)) / took);
    size = Math.min(MAX_BYTES, Math.max(size * 2, Math.min(aimed, size * 16)));
  }
}

/** The reasons a connection may explain slowness: a subset of ["latency", "download", "upload"]. */
export function slowReasons({ latency, download, upload }) {
  const reasons = [];
  if (latency > LIMITS.latency) reasons.push("latency");
  if (download < LIMITS.download) reasons.push("download");
  if (upload < LIMITS.upload) reasons.push("upload");
  return reasons;
}

/** `bytes` random (incompressible) bytes; getRandomValues fills at most 64 KiB per call. */
export function randomBytes(bytes, crypto = globalThis.crypto) {
  const data = new Uint8Array(bytes);
  for (let offset = 0; offset < bytes; offset += 65536) {
    crypto.getRandomValues(data.subarray(offset, Math.min(offset + 65536, bytes)));
  }
  return data;
}
