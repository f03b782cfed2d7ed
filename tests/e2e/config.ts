// Fixed ports and seeded accounts of the end-to-end environment (test-only credentials).
export const E2E = {
  port: 3100,
  baseUrl: "http://127.0.0.1:3100",
  emulatorPort: 8181,
  emulatorUrl: "http://127.0.0.1:8181",
  stateFile: ".data/e2e-state.json",
  password: "e2e-password-123",
  staff: {
    ADMIN: "admin@e2e.test",
    MANAGER: "manager@e2e.test",
    MARKETER: "marketer@e2e.test",
    AGENT: "agent@e2e.test",
  },
} as const;

export type TE2EState = { databaseUrl: string };
