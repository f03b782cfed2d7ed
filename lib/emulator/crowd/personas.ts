// Deterministic simulated users: persona i is the same for a given seed, so a
// restarted demo re-creates exactly the users it had before.
import { createRng, pick, randInt, weighted, type Rng } from "../prng";
import { HANDLES, LANGUAGES, SOURCES } from "./data";

/** How often a persona comes back: from every day to long gone. */
export type Activity = "daily" | "weekly" | "occasional" | "dormant" | "gone";

const ACTIVITY: ReadonlyArray<readonly [Activity, number]> = [
  ["daily", 12],
  ["weekly", 23],
  ["occasional", 20],
  ["dormant", 22],
  ["gone", 23],
];

/** Days since the last interaction, per activity. */
const LAST_SEEN_DAYS: Record<Activity, readonly [number, number]> = {
  daily: [0, 1],
  weekly: [1, 6],
  occasional: [4, 14],
  dormant: [8, 29],
  gone: [31, 150],
};

/** Messages written over the user's lifetime (history), per activity. */
const HISTORY_MESSAGES: Record<Activity, readonly [number, number]> = {
  daily: [6, 12],
  weekly: [3, 7],
  occasional: [2, 4],
  dormant: [1, 3],
  gone: [0, 2],
};

const BLOCK_CHANCE: Record<Activity, number> = { daily: 0, weekly: 0.02, occasional: 0.04, dormant: 0.1, gone: 0.35 };

/** Relative chance of acting in a live tick. */
export const LIVE_WEIGHT: Record<Activity, number> = { daily: 10, weekly: 3, occasional: 1, dormant: 0.15, gone: 0 };

export interface Persona {
  index: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code: string;
  is_premium: boolean;
  source: string | null;
  activity: Activity;
  /** Seconds before "now" of the first /start. */
  firstSeenAgo: number;
  /** Seconds before "now" of the last interaction. */
  lastSeenAgo: number;
  /** Seconds before "now" of each history message, oldest first. */
  messagesAgo: number[];
  blocked: boolean;
  texts: readonly string[];
}

const DAY = 86_400;

function personaRng(seed: number, index: number): Rng {
  return createRng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

export function persona(seed: number, index: number): Persona {
  const rng = personaRng(seed, index);
  const lang = weighted(rng, LANGUAGES.map((l) => [l, l.weight] as const));
  const activity = weighted(rng, ACTIVITY);
  const [lo, hi] = LAST_SEEN_DAYS[activity];
  const lastSeenAgo = randInt(rng, lo * DAY, hi * DAY) + randInt(rng, 0, 3600);
  // About one user in eight is new (arrived within the last three days).
  const isNew = activity !== "dormant" && activity !== "gone" && rng() < 0.12;
  const firstSeenAgo = isNew
    ? Math.max(lastSeenAgo, randInt(rng, 0, 3 * DAY))
    : lastSeenAgo + randInt(rng, DAY, 120 * DAY);
  const [mLo, mHi] = HISTORY_MESSAGES[activity];
  const count = randInt(rng, mLo, mHi);
  const messagesAgo: number[] = [];
  for (let i = 0; i < count; i++) messagesAgo.push(randInt(rng, lastSeenAgo, firstSeenAgo));
  messagesAgo.sort((a, b) => b - a);
  if (count > 0) messagesAgo[count - 1] = lastSeenAgo;
  const withUsername = rng() < 0.65;
  const p: Persona = {
    index,
    first_name: pick(rng, lang.firstNames),
    language_code: lang.code,
    is_premium: rng() < 0.08,
    source: weighted(rng, SOURCES),
    activity,
    firstSeenAgo,
    lastSeenAgo,
    messagesAgo,
    blocked: rng() < BLOCK_CHANCE[activity],
    texts: lang.texts,
  };
  if (rng() < 0.6) p.last_name = pick(rng, lang.lastNames);
  if (withUsername) p.username = `${pick(rng, HANDLES)}_${index}${randInt(rng, 10, 99)}`;
  return p;
}
