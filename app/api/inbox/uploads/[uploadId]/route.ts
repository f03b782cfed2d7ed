import { route } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { readUpload } from "@/lib/inbox/read-upload";

type Ctx = { params: Promise<{ uploadId: string }> };

/** A photo an agent sent, for the chat view. */
export const GET = route<Ctx>(async (_req, { params }) => {
  const staff = await requirePermission("inbox:use");
  const upload = await readUpload(staff, (await params).uploadId);
  return new Response(new Uint8Array(upload.data), {
    headers: { "Content-Type": upload.mimeType, "Cache-Control": "private, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" },
  });
});
