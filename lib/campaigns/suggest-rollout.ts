// Sensible rollout defaults for an audience: a test stage is a sample (about a tenth of the
// audience, at most 200), and a control group is worth holding out whenever the report's
// lift matters (an A/B test or a conversion event).
import { ZRollout, type TRollout } from "./schemas";

export const SUGGESTED_CONTROL_PERCENT = 10;
const SAMPLE_SHARE = 0.1;
const MAX_SAMPLE = 200;

export function suggestFirstStage(audience: number): number {
  return Math.max(1, Math.min(MAX_SAMPLE, Math.round(audience * SAMPLE_SHARE)));
}

/** True when the first stage is so large a share of the audience that it is not a test any more. */
export function firstStageTooLarge(firstStage: number | null, audience: number): boolean {
  return firstStage !== null && audience > 0 && firstStage > Math.max(audience * 0.25, suggestFirstStage(audience));
}

/** The schema's defaults, untouched by the user. */
export function isDefaultRollout(r: TRollout): boolean {
  return JSON.stringify(r) === JSON.stringify(ZRollout.parse(undefined));
}

/** The untouched defaults fitted to the audience (null when there is nothing to change). */
export function fittedDefaultRollout(r: TRollout, audience: number | null): TRollout | null {
  if (audience === null || audience === 0 || !isDefaultRollout(r)) return null;
  const firstStage = suggestFirstStage(audience);
  return firstStage === r.firstStage ? null : { ...r, firstStage };
}
