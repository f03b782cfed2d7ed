// How a launched audience splits into the control group and the rollout stages (pure).
import type { TRollout } from "./schemas";

export type TStagePlan = { control: number; stages: number[] };

/**
 * For `total` eligible users: the control group's size and the size of each stage, in
 * order. Stage 1 is the first N (or everyone); later stages reach the cumulative
 * percentages of the non-control audience. Empty stages are dropped.
 */
export function planStages(total: number, r: TRollout): TStagePlan {
  const control = Math.floor((total * r.controlPercent) / 100);
  const rest = total - control;
  const bounds: number[] = [];
  if (r.firstStage === null || r.firstStage >= rest) bounds.push(rest);
  else {
    bounds.push(r.firstStage);
    for (const pct of r.stages) bounds.push(Math.max(r.firstStage, Math.min(rest, Math.ceil((rest * pct) / 100))));
    if (bounds[bounds.length - 1]! < rest) bounds.push(rest);
  }
  const stages: number[] = [];
  let prev = 0;
  for (const b of bounds) {
    if (b > prev) stages.push(b - prev);
    prev = Math.max(prev, b);
  }
  return { control, stages };
}
