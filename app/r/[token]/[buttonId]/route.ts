// Tracked redirect of a campaign's URL button: count the click, then forward. Public.
import { NextResponse } from "next/server";
import { recordCampaignClick } from "@/lib/campaigns/record-click";
import { route } from "@/lib/http/respond";

type Ctx = { params: Promise<{ token: string; buttonId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  const { token, buttonId } = await params;
  const ok = /^[a-z0-9]{8,16}$/.test(token) && /^[A-Za-z0-9_-]{1,8}$/.test(buttonId);
  const click = ok ? await recordCampaignClick(token, buttonId, "link") : null;
  if (!click?.url) return new NextResponse("This link is not valid (it may have expired).", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return NextResponse.redirect(click.url, 302);
});
