// Where tracked button links point: PUBLIC_URL, or this machine when it is not set (then
// only someone on this machine can open them; the wizard says so).
import { env } from "../env";

export function trackedLinkBase(): { url: string; local: boolean } {
  return env.PUBLIC_URL ? { url: env.PUBLIC_URL, local: false } : { url: `http://localhost:${env.PORT}`, local: true };
}
