// Starter flows offered when creating a flow. Each is a valid document that publishes as is.
import type { TFlowDocument } from "./document";
import { FLOW_DOCUMENT_VERSION } from "./document";

export const FLOW_TEMPLATES = ["blank", "interest-selection", "lead-capture", "support-handoff"] as const;
export type TFlowTemplate = (typeof FLOW_TEMPLATES)[number];

// Positions below are written compactly; nodes are 240 px wide, so x is spread out by 1.25.
const doc = (nodes: TFlowDocument["nodes"], edges: [string, string, string][]): TFlowDocument => ({
  version: FLOW_DOCUMENT_VERSION,
  nodes: nodes.map((n) => ({ ...n, position: { x: Math.round(n.position.x * 1.25), y: n.position.y } })),
  edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i + 1}`, source, sourceHandle, target })),
});

const INTERESTS = ["Tech", "Sport", "Music"];

export const TEMPLATE_INFO: Record<TFlowTemplate, { title: string; description: string }> = {
  blank: { title: "Blank", description: "An empty canvas." },
  "interest-selection": { title: "Interest selection", description: "/start → a menu of interests → each click adds the tag Interest-<name> and thanks the user." },
  "lead-capture": { title: "Lead capture", description: "/lead (or the deep link ?start=lead) → asks for an email, checks it, stores it, tags Lead, follows up a day later." },
  "support-handoff": { title: "Support hand-off", description: "“help” or /support → a menu: FAQ answers, or hand the chat to an agent in the inbox." },
};

export function templateDocument(template: TFlowTemplate): TFlowDocument {
  switch (template) {
    case "blank":
      return doc([], []);
    case "interest-selection":
      return doc(
        [
          { id: "n1", type: "command", position: { x: 0, y: 120 }, data: { command: "start", payload: "any", value: "" } },
          {
            id: "n2",
            type: "send-menu",
            position: { x: 280, y: 100 },
            data: { text: "Hi {first_name|there}! What are you interested in?", options: INTERESTS.map((label, i) => ({ id: `o${i + 1}`, label })), columns: 3 },
          },
          ...INTERESTS.flatMap((name, i) => [
            { id: `n${3 + i * 2}`, type: "add-tag" as const, position: { x: 620, y: i * 160 }, data: { tag: `Interest-${name}` } },
            { id: `n${4 + i * 2}`, type: "send-message" as const, position: { x: 880, y: i * 160 }, data: { text: `Thanks! We will send you news about <b>${name}</b>.`, photo: "", buttons: [], disablePreview: false } },
          ]),
        ],
        [["n1", "next", "n2"], ...INTERESTS.flatMap((_, i): [string, string, string][] => [["n2", `opt-o${i + 1}`, `n${3 + i * 2}`], [`n${3 + i * 2}`, "next", `n${4 + i * 2}`]])],
      );
    case "lead-capture":
      return doc(
        [
          { id: "n1", type: "command", position: { x: 0, y: 0 }, data: { command: "lead", payload: "any", value: "" } },
          { id: "n2", type: "deep-link", position: { x: 0, y: 160 }, data: { payload: "lead", match: "equals" } },
          {
            id: "n3",
            type: "ask-question",
            position: { x: 280, y: 60 },
            data: { text: "Leave your email and we will send you the offer.", attribute: "email", validate: "email", retryText: "That does not look like an email address. Please try again.", timeoutMinutes: 60 },
          },
          { id: "n4", type: "add-tag", position: { x: 600, y: 0 }, data: { tag: "Lead" } },
          { id: "n5", type: "send-message", position: { x: 860, y: 0 }, data: { text: "Thank you! The offer is on its way to {attr.email}.", photo: "", buttons: [], disablePreview: false } },
          { id: "n6", type: "delay", position: { x: 1120, y: 0 }, data: { amount: 1, unit: "days" } },
          { id: "n7", type: "send-message", position: { x: 1380, y: 0 }, data: { text: "Did you get our email, {first_name|friend}? Reply here if you have any question.", photo: "", buttons: [], disablePreview: false } },
          { id: "n8", type: "send-message", position: { x: 600, y: 200 }, data: { text: "No rush: send /lead whenever you are ready.", photo: "", buttons: [], disablePreview: false } },
        ],
        [
          ["n1", "next", "n3"],
          ["n2", "next", "n3"],
          ["n3", "next", "n4"],
          ["n3", "timeout", "n8"],
          ["n4", "next", "n5"],
          ["n5", "next", "n6"],
          ["n6", "next", "n7"],
        ],
      );
    case "support-handoff":
      return doc(
        [
          { id: "n1", type: "keyword", position: { x: 0, y: 0 }, data: { match: "regex", value: "^(help|support)\\b", caseSensitive: false } },
          { id: "n2", type: "command", position: { x: 0, y: 160 }, data: { command: "support", payload: "any", value: "" } },
          {
            id: "n3",
            type: "send-menu",
            position: { x: 280, y: 60 },
            data: {
              text: "How can we help?",
              options: [
                { id: "o1", label: "Delivery times" },
                { id: "o2", label: "Returns" },
                { id: "o3", label: "Talk to a person" },
              ],
              columns: 1,
            },
          },
          { id: "n4", type: "send-message", position: { x: 640, y: -80 }, data: { text: "We deliver in <b>2–4 working days</b>.", photo: "", buttons: [], disablePreview: false } },
          { id: "n5", type: "send-message", position: { x: 640, y: 60 }, data: { text: "You can return anything within <b>30 days</b>: reply with your order number.", photo: "", buttons: [], disablePreview: false } },
          { id: "n6", type: "add-tag", position: { x: 640, y: 200 }, data: { tag: "Needs follow-up" } },
          { id: "n7", type: "handoff", position: { x: 900, y: 200 }, data: { text: "A member of our team will reply here shortly." } },
        ],
        [
          ["n1", "next", "n3"],
          ["n2", "next", "n3"],
          ["n3", "opt-o1", "n4"],
          ["n3", "opt-o2", "n5"],
          ["n3", "opt-o3", "n6"],
          ["n6", "next", "n7"],
        ],
      );
  }
}
