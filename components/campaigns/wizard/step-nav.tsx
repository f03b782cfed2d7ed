"use client";
// The wizard's steps: where you are, and how many problems each step still has.
import { cn } from "../../ui/cn";
import { PROBLEM_STEP, STEPS } from "./draft";
import type { TProblem } from "./use-campaign-check";

export function StepNav({ step, problems, onStep }: { step: number; problems: TProblem[]; onStep: (n: number) => void }) {
  const count = (n: number) => problems.filter((p) => PROBLEM_STEP[p.step] === n).length;
  return (
    <nav aria-label="Campaign steps" className="mb-5">
      <ol className="grid grid-cols-2 gap-2 sm:grid-cols-3 xl:grid-cols-6">
        {STEPS.map((s) => {
          const here = s.n === step;
          const issues = count(s.n);
          return (
            <li key={s.key}>
              <button
                type="button"
                onClick={() => onStep(s.n)}
                title={`Step ${s.n}: ${s.title}${issues > 0 ? ` (${issues} problem${issues === 1 ? "" : "s"})` : ""}`}
                data-testid={`step-tab-${s.key}`}
                aria-current={here ? "step" : undefined}
                className={cn(
                  "flex w-full items-center gap-2 rounded-md border px-3 py-2 text-left text-sm transition-colors",
                  here ? "border-brand-500 bg-brand-50 text-brand-700" : "border-slate-200 bg-white text-slate-600 hover:border-slate-300 hover:bg-slate-50",
                )}
              >
                <span className={cn("grid size-5 shrink-0 place-items-center rounded-full text-xs font-semibold", here ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600")}>{s.n}</span>
                <span className="truncate font-medium">{s.title}</span>
                {issues > 0 && (
                  <span className="ml-auto rounded-full bg-red-100 px-1.5 text-xs font-semibold text-red-700" data-testid="step-issues" aria-label={`${issues} problem${issues === 1 ? "" : "s"} to fix`}>
                    {issues}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
