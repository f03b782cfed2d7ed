// Human wording for events in timelines and feeds.
export function describeEvent(name: string, props: Record<string, unknown>): string {
  const str = (k: string) => (typeof props[k] === "string" ? (props[k] as string) : null);
  switch (name) {
    case "start": return str("payload") ? `started the bot from ${str("payload")}` : "started the bot";
    case "command": return `sent /${str("command") ?? "?"}${str("payload") ? ` ${str("payload")}` : ""}`;
    case "message_received": return "wrote a message";
    case "button_click": return `pressed a button${str("data") ? ` (${str("data")})` : ""}`;
    case "bot_blocked": return "blocked the bot";
    case "bot_unblocked": return "unblocked the bot";
    case "tag_added": return `tagged “${str("tag") ?? "?"}”${by(props)}`;
    case "tag_removed": return `tag “${str("tag") ?? "?"}” removed${by(props)}`;
    default: return name.replaceAll("_", " ");
  }
}

/** " by Ann" for a person, " by the flow “Welcome”" for a flow, " (import)" otherwise; nothing when unknown. */
function by(props: Record<string, unknown>): string {
  const text = (k: string) => (typeof props[k] === "string" && props[k] ? (props[k] as string) : null);
  if (text("by")) return ` by ${text("by")}`;
  if (text("via") === "flow" && text("flow")) return ` by the flow “${text("flow")}”`;
  if (text("via") && text("via") !== "agent") return ` (${text("via")})`;
  return "";
}
