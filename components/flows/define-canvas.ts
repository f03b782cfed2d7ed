// The shape of a node type's canvas module (lib/flows/nodes/<type>/canvas.tsx): its body on
// the canvas and its side-panel form. The frame around the body is components/flows/node-frame.tsx.
import type { ComponentType } from "react";
import type { TNodeFormProps } from "./node-form";

export type TNodeBodyProps<T> = {
  data: T;
  /** The bot's flows by id (go-to-flow shows the target's name). */
  flows: ReadonlyMap<string, { name: string; published: boolean }>;
};

export type TNodeCanvas<T> = {
  /** The node's body on the canvas; outputs and their handles are drawn by the frame. */
  Body: ComponentType<TNodeBodyProps<T>>;
  /** Its form in the side panel. */
  Form: ComponentType<TNodeFormProps<T>>;
};

export function defineCanvas<T>(canvas: TNodeCanvas<T>): TNodeCanvas<T> {
  return canvas;
}
