// Ports and seeded accounts of the end-to-end environment (test-only credentials). The
// ports can be moved (E2E_PORT, E2E_EMULATOR_PORT) so two runs can go at once.
const port = Number(process.env.E2E_PORT ?? 3100);
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 8181);

export const E2E = {
  port,
  baseUrl: `http://127.0.0.1:${port}`,
  emulatorPort,
  emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
  stateFile: port === 3100 ? ".data/e2e-state.json" : `.data/e2e-state-${port}.json`,
  password: "e2e-password-123",
  staff: {
    ADMIN: "admin@e2e.test",
    MANAGER: "manager@e2e.test",
    MARKETER: "marketer@e2e.test",
    AGENT: "agent@e2e.test",
  },
} as const;

export type TE2EState = { databaseUrl: string };
