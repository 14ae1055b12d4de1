import crypto from 'node:crypto';

/**
 * The engine's reproducible draws. `drawFromSeed` equals `reproducibleDraw` (lane-decider.ts) bit for bit — same
 * SHA-256, same first 48 bits — but uses the one-shot `crypto.hash`, about a third cheaper for these short seeds;
 * draws are most of the cost of a decision.
 */

const TWO_POW_48 = 2 ** 48;

export function drawFromSeed(seed: string): number {
  return crypto.hash('sha256', seed, 'buffer').readUIntBE(0, 6) / TWO_POW_48;
}

/** Two independent uniform [0, 1) draws from one digest: bytes 0–5 (as `drawFromSeed`) and bytes 6–11. */
export function drawPairFromSeed(seed: string): [number, number] {
  const digest = crypto.hash('sha256', seed, 'buffer');
  return [digest.readUIntBE(0, 6) / TWO_POW_48, digest.readUIntBE(6, 6) / TWO_POW_48];
}
