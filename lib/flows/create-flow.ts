import { db, Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { rethrowUniqueAsConflict } from "../db/unique-violation";
import type { TCreateFlow } from "./schemas";
import { templateDocument } from "./templates";

export function flowNameTaken(e: unknown, name: string | undefined): never {
  rethrowUniqueAsConflict(e, `A flow named "${name}" already exists for this bot. Choose another name.`);
}

export async function createFlow(input: TCreateFlow, staffId: string | null) {
  const bot = await db().bot.findUnique({ where: { id: input.botId }, select: { id: true } });
  if (!bot) throw new AppError("INVALID_INPUT", "botId: there is no such bot.");
  try {
    return await db().flow.create({
      data: {
        botId: input.botId,
        name: input.name,
        description: input.description || null,
        draft: templateDocument(input.template) as unknown as Prisma.InputJsonValue,
        createdById: staffId,
      },
      select: { id: true, botId: true, name: true, description: true, draftRevision: true, createdAt: true },
    });
  } catch (e) {
    flowNameTaken(e, input.name);
  }
}
