// Registry of supported Bot API methods (names are case-insensitive, as on Telegram).
import { copyMethods } from "./copy";
import { editMethods } from "./edit";
import { interactMethods } from "./interact";
import { meMethods } from "./me";
import { pollingMethods } from "./polling";
import { sendMethods } from "./send";
import type { MethodDef } from "./types";

const ALL: MethodDef[] = [
  ...meMethods,
  ...pollingMethods,
  ...sendMethods,
  ...copyMethods,
  ...editMethods,
  ...interactMethods,
];

const BY_NAME = new Map(ALL.map((def) => [def.name.toLowerCase(), def]));

export function findMethod(name: string): MethodDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export const SUPPORTED_METHODS: readonly string[] = ALL.map((def) => def.name);
