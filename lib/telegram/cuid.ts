// Ids for rows intake writes with raw SQL, in the format Prisma's @default(cuid())
// gives the rest of the app (cuid v1: "c", time, counter, host fingerprint, random),
// so ids keep sorting by creation time as those created through the client do.
import { randomInt } from "node:crypto";
import { hostname } from "node:os";

const BLOCK = 36 ** 4;
const pad = (s: string, n: number) => s.padStart(n, "0").slice(-n);

function host(): string {
  try {
    return hostname();
  } catch {
    return "hostname";
  }
}

const name = host();
const FINGERPRINT =
  pad(process.pid.toString(36), 2) + pad([...name].reduce((a, c) => a + c.charCodeAt(0), name.length + 36).toString(36), 2);

let counter = 0;

const randomBlock = () => pad(randomInt(BLOCK).toString(36), 4);

export function cuid(): string {
  if (counter >= BLOCK) counter = 0;
  return `c${Date.now().toString(36)}${pad((counter++).toString(36), 4)}${FINGERPRINT}${randomBlock()}${randomBlock()}`;
}
