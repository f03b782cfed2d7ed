"use client";
// Step 2, message: one variant, or up to four for an A/B test with split percentages;
// each with HTML text, an optional photo and buttons; a Telegram-like preview beside it
// and the problems Telegram (or a missing token value) would cause, as you type.
import { useId, useState } from "react";
import type { TCampaignMessage, TVariant } from "@/lib/campaigns/schemas";
import type { TRuleOptions } from "@/lib/segments/list-rule-options";
import { Card } from "../../ui/card";
import { cn } from "../../ui/cn";
import { Field, Input } from "../../ui/input";
import { ButtonsEditor } from "./buttons-editor";
import { HtmlEditor } from "./html-editor";
import { NumberInput } from "./number-input";
import { photoProblem } from "@/lib/campaigns/variant-problems";
import { variantProblems } from "./message-text";
import { TelegramPreview } from "./telegram-preview";
import type { TProblem } from "./use-campaign-check";

const IDS = ["a", "b", "c", "d"];

/** Shares that add up to 100, as even as whole percents allow. */
function evenShares(n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(100 / n) + (i < 100 % n ? 1 : 0));
}

export function StepMessage({ message, onChange, options, problems, botName, linkBase }: { message: TCampaignMessage; onChange: (m: TCampaignMessage) => void; options: TRuleOptions; problems: TProblem[]; botName: string; linkBase?: { url: string; local: boolean } }) {
  const [active, setActive] = useState(0);
  const textId = useId();
  const photoId = useId();
  const variants = message.variants;
  const index = Math.min(active, variants.length - 1);
  const v = variants[index]!;
  const ab = variants.length > 1;
  const setVariants = (next: TVariant[]) => onChange({ ...message, variants: next });
  const setVariant = (patch: Partial<TVariant>) => setVariants(variants.map((x, i) => (i === index ? { ...x, ...patch } : x)));
  const sum = variants.reduce((s, x) => s + x.share, 0);

  function addVariant() {
    const id = IDS.find((x) => !variants.some((y) => y.id === x))!;
    const shares = evenShares(variants.length + 1);
    setVariants([...variants, { ...v, id, name: id.toUpperCase() }].map((x, i) => ({ ...x, share: shares[i]! })));
    setActive(variants.length);
  }
  function removeVariant(i: number) {
    const rest = variants.filter((_, j) => j !== i);
    const shares = evenShares(rest.length);
    setVariants(rest.map((x, j) => ({ ...x, share: shares[j]! })));
    setActive(Math.max(0, i - 1));
  }

  // Checked in the browser as you type (the same checks and words as the server's).
  const local = variants.flatMap((x) => variantProblems(x, ab ? `Variant ${x.name}: ` : ""));
  if (sum !== 100) local.unshift(`The variants' shares add up to ${sum}%, not 100%.`);
  // The server adds what only the audience can tell: a token without a fallback that some recipients have no value for.
  const all = [...new Set([...local, ...problems.map((p) => p.message).filter((m) => m.includes(" has no fallback and "))])];
  const mine = variantProblems(v, "");
  const photoError = photoProblem(v.photo);

  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="space-y-4">
        <Card
          title={ab ? "A/B test" : "Message"}
          actions={variants.length < 4 ? <button type="button" className="text-sm text-brand-700 hover:underline" onClick={addVariant}>+ {ab ? "Another variant" : "Add an A/B variant"}</button> : undefined}
        >
          {ab && (
            <div className="mb-4 space-y-2">
              <div role="tablist" aria-label="Variants" className="flex flex-wrap gap-1">
                {variants.map((x, i) => (
                  <button key={x.id} type="button" role="tab" aria-selected={i === index} onClick={() => setActive(i)} className={cn("rounded-md px-3 py-1.5 text-sm font-medium", i === index ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200")}>
                    Variant {x.name} · {x.share}%
                  </button>
                ))}
              </div>
              <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
                <span>Split:</span>
                {variants.map((x, i) => (
                  <label key={x.id} className="inline-flex items-center gap-1">
                    {x.name}
                    <NumberInput min={0} max={100} aria-label={`Share of variant ${x.name} (%)`} value={x.share} onValue={(share) => setVariants(variants.map((y, j) => (j === i ? { ...y, share } : y)))} className="w-16" />
                    %
                  </label>
                ))}
                <span className={cn("text-xs", sum === 100 ? "text-emerald-700" : "font-medium text-red-600")}>= {sum}%</span>
                <button type="button" className="text-xs text-brand-700 hover:underline" onClick={() => setVariants(variants.map((x, i) => ({ ...x, share: evenShares(variants.length)[i]! })))}>Split evenly</button>
                <button type="button" className="ml-auto text-xs text-slate-500 hover:text-red-600" onClick={() => removeVariant(index)}>Remove variant {v.name}</button>
              </div>
            </div>
          )}
          <div className="space-y-4" role={ab ? "tabpanel" : undefined} aria-label={ab ? `Variant ${v.name}` : undefined}>
            <Field label="Photo URL (optional)" htmlFor={photoId} error={photoError ? photoError.charAt(0).toUpperCase() + photoError.slice(1) + "." : null} hint={v.photo ? "With a photo the text becomes its caption: up to 1,024 characters." : "A public https:// image or a Telegram file id."}>
              <Input id={photoId} value={v.photo} onChange={(e) => setVariant({ photo: e.target.value })} placeholder="https://example.com/sale.jpg" maxLength={2048} />
            </Field>
            <HtmlEditor
              key={v.id}
              id={textId}
              label={v.photo ? "Caption" : "Message text"}
              value={v.text}
              onChange={(text) => setVariant({ text })}
              withPhoto={!!v.photo}
              attributes={options.attributes.map((a) => a.key)}
              invalid={mine.some((p) => !p.startsWith("row ") && !p.startsWith("the photo"))}
            />
            <ButtonsEditor rows={v.buttons} onChange={(buttons) => setVariant({ buttons })} />
            {linkBase?.local && variants.some((x) => x.buttons.flat().some((b) => b.kind === "url")) && (
              <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="link-base-warning">
                Link buttons are tracked through <code>{linkBase.url}</code>: recipients outside this machine cannot open them. Set <code>PUBLIC_URL</code> to this console&apos;s public address (e.g. https://tagflow.example.com) and restart it before launching.
              </p>
            )}
          </div>
        </Card>
        <Card title="Problems">
          {all.length === 0 ? (
            <p className="text-sm text-emerald-700">✓ Telegram will accept this message.</p>
          ) : (
            <ul className="space-y-1 text-sm text-red-700" data-testid="message-problems" role="alert">
              {all.map((p) => <li key={p}>⚠ {p}</li>)}
            </ul>
          )}
        </Card>
      </div>
      <div className="xl:sticky xl:top-4 xl:self-start">
        <TelegramPreview variant={v} botName={botName} />
      </div>
    </div>
  );
}
