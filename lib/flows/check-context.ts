// What checking a flow needs to know about the bot's other flows: which exist and are
// published (go-to-flow), and what their published triggers already answer.
import { db, type Prisma, type TDb } from "../db/client";
import { readFlowDocument, triggerClaim, type TFlowCheckContext } from "./document";

type Tx = Prisma.TransactionClient | TDb;

export async function flowCheckContext(botId: string, exceptFlowId: string, tx?: Tx): Promise<TFlowCheckContext & { others: { id: string; name: string; published: boolean }[] }> {
  const flows = await (tx ?? db()).flow.findMany({
    where: { botId, id: { not: exceptFlowId } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, publishedVersion: { select: { document: true } } },
  });
  const otherClaims = new Map<string, string>();
  for (const f of flows) {
    if (!f.publishedVersion) continue;
    for (const n of readFlowDocument(f.publishedVersion.document)?.nodes ?? []) {
      const claim = triggerClaim(n);
      if (claim) otherClaims.set(claim, f.name);
    }
  }
  const others = flows.map((f) => ({ id: f.id, name: f.name, published: f.publishedVersion !== null }));
  return { flows: new Map(others.map((f) => [f.id, { name: f.name, published: f.published }])), otherClaims, others };
}
