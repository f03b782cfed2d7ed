// A Bot API request sent in two steps, for sends that must happen at most once and should
// happen exactly once across a crash of the sender (campaigns).
//
// `openHeldRequest` sends the request line, the headers and the whole JSON body as one
// chunk of a chunked request, and resolves once that is written to the socket: the server
// has everything but the last (empty) chunk, and acts on nothing before it. `finish()`
// writes that last chunk, synchronously (Node writes to an idle socket at once), and only
// then does the server send the message. `abort()` closes the connection instead: a server
// that never saw the last chunk discards the request (Telegram, telegram-bot-api and the
// emulator alike), so nothing is sent.
//
// The sender commits its claim of the recipient and then finishes the request with no
// await between the two writes. A sender killed before the commit is written leaves the
// claim uncommitted and the request unfinished: neither happened, the recipient is sent
// later. Killed after both: the message is out and the claim committed. Only a kill in the
// microseconds between the two writes loses a message (claimed, never sent), and nothing
// can make it be sent twice. (The Bot API has no idempotency key: this is as close to
// exactly once as a client can get.)
import http from "node:http";
import https from "node:https";

export type TBotApiAnswer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };

export type THeldRequest = {
  /** Sends the last chunk: the server acts now. */
  finish(): void;
  /** Closes the connection without the last chunk: the server does nothing. */
  abort(): void;
  /** The server's answer, once finished (a network error or timeout rejects). */
  answer: Promise<TBotApiAnswer>;
};

export function botApiAgent(apiRoot: string, maxSockets: number): http.Agent {
  const Agent = apiRoot.startsWith("https:") ? https.Agent : http.Agent;
  return new Agent({ keepAlive: true, maxSockets });
}

export function openHeldRequest(opts: {
  agent: http.Agent;
  apiRoot: string;
  token: string;
  method: string;
  params: Record<string, unknown>;
  timeoutMs: number;
}): Promise<THeldRequest> {
  const url = new URL(`${opts.apiRoot.replace(/\/+$/, "")}/bot${opts.token}/${opts.method}`);
  const request = url.protocol === "https:" ? https.request : http.request;
  const req = request(url, {
    method: "POST",
    agent: opts.agent,
    headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
    timeout: opts.timeoutMs,
  });
  const answer = new Promise<TBotApiAnswer>((resolve, reject) => {
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        try {
          resolve(JSON.parse(text) as TBotApiAnswer);
        } catch {
          // A proxy's error page: its status says what happened.
          resolve({ ok: false, error_code: res.statusCode ?? 502, description: `HTTP ${res.statusCode}: ${text.slice(0, 200)}` });
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on("error", reject);
  });
  // Nobody may be waiting yet (an aborted request): no unhandled rejection.
  answer.catch(() => undefined);
  return new Promise<THeldRequest>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    req.once("error", onError);
    req.write(JSON.stringify(opts.params), (error) => {
      req.off("error", onError);
      if (error) return reject(error);
      resolve({
        finish: () => void req.end(),
        abort: () => void req.destroy(new Error("request aborted before it was finished")),
        answer,
      });
    });
  });
}
