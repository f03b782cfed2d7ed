// `npm run web`: only the web server (run `npm run worker` alongside it).
import { bootstrap } from "../lib/runtime/bootstrap";
import { buildIsStale, buildNext, startNext } from "../lib/runtime/next-server";
import { env } from "../lib/env";

async function main() {
  const base = await bootstrap();
  if (buildIsStale()) buildNext();
  const web = startNext({ port: env.PORT, dev: false });
  const stop = () => (web.kill("SIGTERM"), void base.stop().then(() => process.exit(0)));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  web.on("exit", (code) => void base.stop().then(() => process.exit(code ?? 0)));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
