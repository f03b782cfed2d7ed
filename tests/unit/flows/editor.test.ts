// The flow editor's pure parts: short ids, the graph ⇄ document round trip, outputs and
// field errors of half-edited data, placement, which server issues the editor keeps, and
// that every node type has a canvas body and a form that render with its defaults.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NODE_DEFINITIONS } from "@/lib/flows/nodes";
import { NODE_CANVAS } from "@/lib/flows/nodes/canvas";
import { templateDocument } from "@/lib/flows/templates";
import { checkFlow } from "@/lib/flows/document";
import { edgesFromDocument, fieldErrors, freeSpot, nextEdgeId, nextItemId, nextNodeId, nodesFromDocument, safeOutputs, toDocument } from "@/components/flows/graph";
import { serverOnlyIssues } from "@/components/flows/use-flow-issues";

describe("ids", () => {
  it("take the highest number in use plus one, ignoring other shapes", () => {
    expect(nextNodeId([])).toBe("n1");
    expect(nextNodeId([{ id: "n1" }, { id: "n7" }, { id: "x12" }, { id: "n3a" }])).toBe("n8");
    expect(nextEdgeId([{ id: "e2" }, { id: "e10" }])).toBe("e11");
    expect(nextItemId("o", ["o1", "o2", "b9"])).toBe("o3");
    expect(nextItemId("b", [])).toMatch(/^[A-Za-z0-9_-]{1,12}$/);
  });
});

describe("graph ⇄ document", () => {
  it("round-trips a template, keeping measured sizes and selection of surviving nodes", () => {
    const doc = templateDocument("interest-selection");
    const nodes = nodesFromDocument(doc);
    const edges = edgesFromDocument(doc);
    expect(toDocument(nodes, edges)).toEqual(doc);
    const measured = nodes.map((n, i) => (i === 0 ? { ...n, measured: { width: 300, height: 90 }, selected: true } : n));
    const again = nodesFromDocument(doc, measured);
    expect(again[0]).toMatchObject({ measured: { width: 300, height: 90 }, selected: true });
    expect(edges.every((e) => e.targetHandle === "in")).toBe(true);
  });

  it("rounds positions so a drag by a fraction of a pixel is not a change", () => {
    const doc = toDocument([{ id: "n1", type: "end", position: { x: 10.4, y: 19.6 }, data: {} }], []);
    expect(doc.nodes[0]!.position).toEqual({ x: 10, y: 20 });
  });
});

describe("half-edited data", () => {
  it("still has outputs (so edges are kept) and names the bad fields by path", () => {
    const menu = { text: "Pick", options: [{ id: "o1", label: "Tech" }, { id: "o2", label: "" }], columns: Number.NaN };
    expect(safeOutputs("send-menu", menu)?.map((o) => o.id)).toEqual(["opt-o1", "opt-o2"]);
    const errors = fieldErrors("send-menu", menu);
    expect(errors.get("options[1].label")).toBe("an option needs a label");
    expect(errors.has("columns")).toBe(true);
    expect(fieldErrors("send-message", { text: "x", photo: "", buttons: [[{ id: "b1", kind: "url", text: "Go", url: "" }]], disablePreview: false }).get("buttons[0][0].url")).toBe("give the button's link");
  });

  it("gives null (not []) when the outputs cannot be read", () => {
    expect(safeOutputs("send-menu", { text: "x" })).toBeNull();
  });
});

describe("placement", () => {
  it("moves a new node down until it covers nothing", () => {
    const nodes = nodesFromDocument(templateDocument("blank"));
    expect(freeSpot(nodes, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 });
    const one = [{ id: "n1", type: "end" as const, position: { x: 0, y: 0 }, data: {}, measured: { width: 240, height: 100 } }];
    const spot = freeSpot(one, { x: 10, y: 10 });
    expect(spot.x).toBe(10);
    expect(spot.y).toBeGreaterThanOrEqual(100 + 24);
  });
});

describe("server issues", () => {
  it("keeps only what the editor cannot find itself (another flow's claim)", () => {
    const doc = templateDocument("interest-selection");
    const flows = new Map<string, { name: string; published: boolean }>();
    const server = checkFlow(doc, { flows, otherClaims: new Map([["/start", "Welcome"]]) });
    const broken = { ...doc, edges: doc.edges.filter((e) => e.sourceHandle !== "opt-o2") };
    const serverBroken = checkFlow(broken, { flows, otherClaims: new Map([["/start", "Welcome"]]) });
    expect(serverOnlyIssues(server, doc, flows)).toEqual([expect.objectContaining({ nodeId: "n1", message: expect.stringContaining("“Welcome”") })]);
    expect(serverOnlyIssues(serverBroken, broken, flows)).toHaveLength(1);
  });
});

describe("canvas modules", () => {
  it("exist for every node type, and body and form render with the type's defaults", () => {
    const flows = new Map<string, { name: string; published: boolean }>();
    for (const def of NODE_DEFINITIONS) {
      const canvas = NODE_CANVAS[def.type];
      expect(canvas, def.type).toBeDefined();
      const data = def.defaults();
      expect(() => renderToStaticMarkup(createElement(canvas.Body, { data, flows })), def.type).not.toThrow();
      const form = renderToStaticMarkup(
        createElement(canvas.Form, { nodeId: "n1", data, onChange: () => undefined, errors: new Map(), options: { tags: [], attributes: [], flows: [] } }),
      );
      // Every input has a label (a form field without one would be unusable with a screen reader).
      const inputs = form.match(/<(input|textarea|select)\b[^>]*>/g) ?? [];
      for (const tag of inputs) {
        const id = /\bid="([^"]+)"/.exec(tag)?.[1];
        const labelled = (id && form.includes(`for="${id}"`)) || /aria-label=/.test(tag) || /type="(checkbox|radio)"/.test(tag);
        expect(labelled, `${def.type}: ${tag}`).toBeTruthy();
      }
    }
  });
});
