// Contracts of the flows API.
import { z } from "zod";
import { FLOW_TEMPLATES } from "./templates";

export const ZFlowName = z.string().trim().min(1, "give the flow a name").max(80, "names are at most 80 characters");

export const ZCreateFlow = z.object({
  botId: z.string().min(1, "choose a bot"),
  name: ZFlowName,
  description: z.string().trim().max(500).optional(),
  template: z.enum(FLOW_TEMPLATES).default("blank"),
});
export type TCreateFlow = z.infer<typeof ZCreateFlow>;

export const ZSaveDraft = z.object({
  /** Validated by parseFlowDocument (a 400 names the bad node). */
  draft: z.unknown(),
  /** The draftRevision the editor's copy is based on; a stale one is refused (409). */
  baseRevision: z.number().int().min(0),
  name: ZFlowName.optional(),
  description: z.string().trim().max(500).optional(),
});
export type TSaveDraft = z.infer<typeof ZSaveDraft>;
