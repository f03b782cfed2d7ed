"use client";
// Problems that block the launch, each with a link to the step that fixes it.
import { PROBLEM_STEP, STEPS } from "./draft";
import type { TProblem } from "./use-campaign-check";

/** "audience.segmentId: choose a segment." → "Choose a segment." (the field path is for the API). */
function readable(message: string): string {
  const m = /^[a-z]+\.[A-Za-z.[\]0-9]+: (.+)$/.exec(message);
  return m ? m[1]!.charAt(0).toUpperCase() + m[1]!.slice(1) : message;
}

export function ProblemList({ problems, goTo, showStep = true }: { problems: TProblem[]; goTo?: (step: number) => void; showStep?: boolean }) {
  if (problems.length === 0) return null;
  return (
    <ul className="space-y-1.5" data-testid="campaign-problems">
      {problems.map((p, i) => {
        const n = PROBLEM_STEP[p.step];
        return (
          <li key={`${p.step}-${i}`} className="flex items-start gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
            <span aria-hidden>⚠</span>
            <span className="flex-1">{readable(p.message)}</span>
            {showStep && goTo && (
              <button type="button" className="shrink-0 text-xs font-medium text-red-700 underline hover:text-red-900" onClick={() => goTo(n)}>
                Fix in {STEPS[n - 1]!.title}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
