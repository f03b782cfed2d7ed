// Contracts of a campaign's wizard steps (saved as they are edited), shared by the wizard,
// the API, launching and the sender. Each step is its own schema so a step can be saved
// alone; `checkCampaign` (check-campaign.ts) says what still blocks the launch.
import { z } from "zod";
import { ZRules } from "../segments/rules";

export const ZCampaignName = z.string().trim().min(1, "give the campaign a name").max(100, "names are at most 100 characters");

// 1) Audience: a segment or ad-hoc rules; blocked and unsubscribed users are always left out.
export const ZAudience = z
  .object({
    source: z.enum(["segment", "rules"]).default("segment"),
    segmentId: z.string().max(64).nullable().default(null),
    rules: ZRules.nullable().default(null),
    /** Skip users who got any campaign in the last N hours (0: no cap). */
    frequencyCapHours: z.number().int().min(0).max(24 * 30).default(0),
  })
  .default({ source: "segment", segmentId: null, rules: null, frequencyCapHours: 0 });
export type TAudience = z.infer<typeof ZAudience>;

// 2) Message: variants (A/B) with split percentages; HTML text or a photo with a caption,
// rows of inline buttons: URL (through a tracked redirect) or reply (a tracked click).
const ZButtonId = z.string().regex(/^[A-Za-z0-9_-]{1,8}$/, "button ids are 1–8 letters, digits, _ or -");
export const ZCampaignButton = z.discriminatedUnion("kind", [
  z.object({ id: ZButtonId, kind: z.literal("url"), text: z.string().trim().min(1, "a button needs a label").max(64), url: z.string().trim().min(1, "give the button's link").max(2048) }),
  z.object({ id: ZButtonId, kind: z.literal("reply"), text: z.string().trim().min(1, "a button needs a label").max(64) }),
]);
export type TCampaignButton = z.infer<typeof ZCampaignButton>;

export const ZVariant = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,8}$/),
  name: z.string().trim().min(1).max(40),
  /** Percent of the recipients who get this variant. */
  share: z.number().int().min(0).max(100),
  /** HTML with tokens such as {first_name|friend}. */
  text: z.string().max(20000),
  photo: z.string().trim().max(2048).default(""),
  buttons: z.array(z.array(ZCampaignButton).min(1).max(8)).max(5).default([]),
});
export type TVariant = z.infer<typeof ZVariant>;

export const ZCampaignMessage = z
  .object({ variants: z.array(ZVariant).min(1).max(4) })
  .default({ variants: [{ id: "a", name: "A", share: 100, text: "", photo: "", buttons: [] }] });
export type TCampaignMessage = z.infer<typeof ZCampaignMessage>;

// 4) Rollout: a control group held out, a first stage of N random recipients, then
// further stages (cumulative percent of the audience), continued by hand or after a wait.
export const ZRollout = z
  .object({
    controlPercent: z.number().min(0).max(50).default(0),
    /** null: everyone in one stage. */
    firstStage: z.number().int().min(1).max(1_000_000).nullable().default(200),
    /** Cumulative percentages of the (non-control) audience after the first stage; ends at 100. */
    stages: z.array(z.number().int().min(1).max(100)).max(10).default([100]),
    advance: z.discriminatedUnion("mode", [z.object({ mode: z.literal("manual") }), z.object({ mode: z.literal("auto"), waitMinutes: z.number().int().min(1).max(7 * 24 * 60) })]).default({ mode: "manual" }),
  })
  .default({ controlPercent: 0, firstStage: 200, stages: [100], advance: { mode: "manual" } });
export type TRollout = z.infer<typeof ZRollout>;

// 5) Schedule: now, at a time, or at a local time per recipient; quiet hours.
const ZClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use HH:MM (24 h)");
export const ZSchedule = z
  .object({
    mode: z.enum(["now", "at", "local"]).default("now"),
    /** mode "at": when (ISO time). */
    at: z.iso.datetime({ offset: true }).nullable().default(null),
    /** mode "local": the date and time on each recipient's clock. */
    localDate: z.iso.date().nullable().default(null),
    localTime: ZClock.nullable().default(null),
    /** Used when a user has no time zone attribute and their language gives none. */
    defaultTimeZone: z.string().min(1).max(64).default("UTC"),
    quietHours: z.object({ from: ZClock, to: ZClock }).nullable().default(null),
  })
  .default({ mode: "now", at: null, localDate: null, localTime: null, defaultTimeZone: "UTC", quietHours: null });
export type TSchedule = z.infer<typeof ZSchedule>;

export const ZTracking = z
  .object({
    /** An event name (e.g. purchase) counted as a conversion within the window. */
    conversionEvent: z.string().trim().max(64).nullable().default(null),
    conversionWindowHours: z.number().int().min(1).max(24 * 30).default(72),
  })
  .default({ conversionEvent: null, conversionWindowHours: 72 });
export type TTracking = z.infer<typeof ZTracking>;

export const ZCreateCampaign = z.object({ botId: z.string().min(1, "choose a bot"), name: ZCampaignName });
export type TCreateCampaign = z.infer<typeof ZCreateCampaign>;

/** A wizard save: any steps, each validated whole. (unwrap: a step left out stays as it is, not reset to its default.) */
export const ZUpdateCampaign = z.object({
  name: ZCampaignName.optional(),
  wizardStep: z.number().int().min(1).max(6).optional(),
  audience: ZAudience.unwrap().optional(),
  message: ZCampaignMessage.unwrap().optional(),
  rollout: ZRollout.unwrap().optional(),
  schedule: ZSchedule.unwrap().optional(),
  tracking: ZTracking.unwrap().optional(),
  paidBroadcast: z.boolean().optional(),
  ratePerSecond: z.number().int().min(1).max(1000).optional(),
});
export type TUpdateCampaign = z.infer<typeof ZUpdateCampaign>;

export const ZTestSend = z.object({
  telegramUserIds: z.array(z.string().min(1)).min(1, "choose at least one test user").max(10, "at most 10 test users"),
  variantId: z.string().max(8).optional(),
});

export const ZCampaignAction = z.object({ action: z.enum(["pause", "resume", "cancel", "continue"]) });
