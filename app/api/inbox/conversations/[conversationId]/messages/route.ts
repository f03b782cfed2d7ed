import { route, ok, parseInput, readJson, AppError } from "@/lib/http/respond";
import { sendPhoto } from "@/lib/inbox/send-photo";
import { requirePermission } from "@/lib/auth/session";
import { listMessages } from "@/lib/inbox/list-messages";
import { sendMessage } from "@/lib/inbox/send-message";
import { ZListMessages, ZSendMessage, ZSendPhoto } from "@/lib/inbox/schemas";
import { searchParamsToObject } from "@/lib/users/schemas";

type Ctx = { params: Promise<{ conversationId: string }> };

export const GET = route<Ctx>(async (req, { params }) => {
  const staff = await requirePermission("inbox:use");
  const query = parseInput(ZListMessages, searchParamsToObject(new URL(req.url).searchParams));
  return ok(await listMessages(staff, (await params).conversationId, query));
});

/** JSON `{clientId, text, note}` for text and notes; multipart `clientId, caption, file` for a photo. */
export const POST = route<Ctx>(async (req, { params }) => {
  const staff = await requirePermission("inbox:use");
  const { conversationId } = await params;
  if ((req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const form = await req.formData().catch(() => {
      throw new AppError("INVALID_INPUT", "The upload could not be read; send it as multipart/form-data with a `file` field.");
    });
    const file = form.get("file");
    if (!(file instanceof File)) throw new AppError("INVALID_INPUT", "file: attach a photo.");
    const input = parseInput(ZSendPhoto, { clientId: form.get("clientId"), caption: form.get("caption") ?? "" });
    const result = await sendPhoto(staff, conversationId, input, { name: file.name, size: file.size, bytes: new Uint8Array(await file.arrayBuffer()) });
    return ok(result, result.duplicate ? 200 : 201);
  }
  const input = parseInput(ZSendMessage, await readJson(req));
  const result = await sendMessage(staff, conversationId, input);
  return ok(result, result.duplicate ? 200 : 201);
});
