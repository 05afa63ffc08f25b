/**
 * A small seeded PRNG and the draws the simulation makes from it. Pure: the same
 * seed gives the same sequence on every machine (no Math.random, no clock).
 */

/** A source of numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: 32-bit state, good enough for test data, identical everywhere. */
export const mulberry32 = (seed: number): Rng => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** An independent stream for another purpose from the same user seed. */
export const deriveSeed = (seed: number, salt: number): number => (Math.imul(seed >>> 0, 0x9e3779b1) ^ salt) >>> 0;

/** An integer in [min, max], both included. */
export const randomInt = (rng: Rng, min: number, max: number): number => {
  if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
    throw new RangeError(`randomInt: bad range [${min}, ${max}]`);
  }
  return min + Math.floor(rng() * (max - min + 1));
};

export const chance = (rng: Rng, probability: number): boolean => rng() < probability;

export const pick = <T>(rng: Rng, items: readonly T[]): T => {
  if (items.length === 0) throw new RangeError('pick: no items');
  return items[Math.floor(rng() * items.length)] as T;
};

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

const fromAlphabet = (rng: Rng, alphabet: string, length: number): string => {
  let text = '';
  for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(rng() * alphabet.length)];
  return text;
};

export const alphanumeric = (rng: Rng, length: number): string => fromAlphabet(rng, ALPHANUMERIC, length);

export const digits = (rng: Rng, length: number): string => fromAlphabet(rng, '0123456789', length);

/** A UUID v4 made from the PRNG (version nibble 4, variant 8-b). */
export const uuidV4 = (rng: Rng): string => {
  const hex = fromAlphabet(rng, HEX, 32).split('');
  hex[12] = '4';
  hex[16] = HEX[8 + Math.floor(rng() * 4)] as string;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** Fisher-Yates, in place. */
export const shuffleInPlace = <T>(rng: Rng, items: T[]): T[] => {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng() * (i + 1));
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
};
