"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import type { ZEnd } from "./definition";

type T = z.output<typeof ZEnd>;

export const endCanvas = defineCanvas<T>({
  Body: () => <p className="text-slate-500">The flow ends here.</p>,
  Form: () => <p className="text-sm text-slate-600">Nothing to set up: the flow stops for this user. An output left unconnected ends the flow too.</p>,
});
