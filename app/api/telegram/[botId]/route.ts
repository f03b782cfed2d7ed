// Webhook ingress: verify the secret → store once → 200. No slow work here.
import { receiveWebhook } from "@/lib/telegram/receive-webhook";

type Ctx = { params: Promise<{ botId: string }> };

export async function POST(req: Request, { params }: Ctx): Promise<Response> {
  const { botId } = await params;
  const result = await receiveWebhook(botId, req.headers.get("x-telegram-bot-api-secret-token"), () => req.json());
  return Response.json(result.body, { status: result.status });
}
