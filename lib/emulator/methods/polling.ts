// getUpdates (long polling), setWebhook, deleteWebhook, getWebhookInfo.
import { badRequest, conflictOtherPoller, conflictWebhookActive } from "../errors";
import type { TgUpdate, TgWebhookInfo } from "../types";
import { WithDescription, type MethodContext, type MethodDef } from "./types";

const MAX_POLL_TIMEOUT_S = 600;

function readAllowedUpdates(ctx: MethodContext): void {
  const value = ctx.params.json("allowed_updates");
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw badRequest("can't parse allowed_updates JSON object");
  }
  ctx.bot.allowedUpdates = value as string[];
}

async function getUpdates(ctx: MethodContext): Promise<TgUpdate[]> {
  const { bot, params } = ctx;
  if (bot.webhook) throw conflictWebhookActive();
  readAllowedUpdates(ctx);
  const limit = Math.min(100, Math.max(1, params.int("limit") ?? 100));
  const timeout = Math.min(MAX_POLL_TIMEOUT_S, Math.max(0, params.int("timeout") ?? 0));
  bot.queue.confirm(params.int("offset") ?? 0);
  let updates = bot.queue.take(limit);
  if (updates.length === 0 && timeout > 0) {
    const outcome = await bot.queue.wait(timeout * 1000, ctx.signal);
    if (outcome === "conflict") throw conflictOtherPoller();
    if (bot.webhook) return [];
    updates = bot.queue.take(limit);
  }
  return updates;
}

function setWebhook(ctx: MethodContext): WithDescription {
  const { bot, params, state } = ctx;
  const url = params.str("url") ?? "";
  if (url === "") return deleteWebhook(ctx);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest("bad webhook: Failed to resolve host: Name or service not known");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  }
  const secretToken = params.str("secret_token");
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
    throw badRequest("secret token contains unallowed characters");
  }
  const maxConnections = params.int("max_connections") ?? 40;
  if (maxConnections < 1 || maxConnections > 100) throw badRequest("bad webhook: invalid max_connections");
  readAllowedUpdates(ctx);
  if (params.bool("drop_pending_updates")) bot.queue.clear();
  const previous = bot.webhook;
  const unchanged =
    previous?.url === url && previous.secretToken === secretToken && previous.maxConnections === maxConnections;
  bot.webhook = { url, maxConnections };
  if (secretToken) bot.webhook.secretToken = secretToken;
  if (bot.allowedUpdates) bot.webhook.allowedUpdates = bot.allowedUpdates;
  bot.queue.release("closed");
  state.webhooks.start(bot);
  return new WithDescription(true, unchanged ? "Webhook is already set" : "Webhook was set");
}

function deleteWebhook(ctx: MethodContext): WithDescription {
  const { bot, params, state } = ctx;
  if (params.bool("drop_pending_updates")) bot.queue.clear();
  if (!bot.webhook) return new WithDescription(true, "Webhook is already deleted");
  state.webhooks.stop(bot.id);
  bot.webhook = null;
  return new WithDescription(true, "Webhook was deleted");
}

function getWebhookInfo(ctx: MethodContext): TgWebhookInfo {
  const { bot } = ctx;
  const info: TgWebhookInfo = {
    url: bot.webhook?.url ?? "",
    has_custom_certificate: false,
    pending_update_count: bot.queue.length,
  };
  const hook = bot.webhook;
  if (!hook) return info;
  info.ip_address = "127.0.0.1";
  info.max_connections = hook.maxConnections;
  if (hook.lastErrorDate !== undefined) info.last_error_date = hook.lastErrorDate;
  if (hook.lastErrorMessage !== undefined) info.last_error_message = hook.lastErrorMessage;
  if (hook.allowedUpdates) info.allowed_updates = hook.allowedUpdates;
  return info;
}

export const pollingMethods: MethodDef[] = [
  { name: "getUpdates", handler: getUpdates },
  { name: "setWebhook", handler: setWebhook },
  { name: "deleteWebhook", handler: deleteWebhook },
  { name: "getWebhookInfo", handler: getWebhookInfo },
];
