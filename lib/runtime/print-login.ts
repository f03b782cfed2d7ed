export function printFirstLogin(url: string, login: { email: string; password: string }): void {
  const lines = [
    "Tagflow is ready. Sign in with the admin account created on first start:",
    "",
    `  URL:       ${url}/login`,
    `  Email:     ${login.email}`,
    `  Password:  ${login.password}`,
    "",
    "This password is shown only once. Change it or add people in Settings → Staff.",
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const bar = "─".repeat(width);
  console.log(`\n┌${bar}┐\n${lines.map((l) => `│ ${l.padEnd(width - 1)}│`).join("\n")}\n└${bar}┘\n`);
}
