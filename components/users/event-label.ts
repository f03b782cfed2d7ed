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
    case "tag_added": return `was tagged “${str("tag") ?? "?"}”${by(props)}`;
    case "tag_removed": return `lost the tag “${str("tag") ?? "?"}”${by(props)}`;
    default: return name.replaceAll("_", " ");
  }
}

/** " by Ann" for a person, " by a flow" for automation; nothing when unknown. */
function by(props: Record<string, unknown>): string {
  if (typeof props.by === "string" && props.by) return ` by ${props.by}`;
  if (typeof props.via === "string" && props.via && props.via !== "agent") return ` by ${props.via}`;
  return "";
}
