// The flow document contract: what the editor's autosave, the API and publishing accept,
// the 400 naming the bad node (and field) otherwise, and the v1 → v2 migration.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { FLOW_DOCUMENT_VERSION, MAX_NODES, migrateFlowDocument, parseFlowDocument, type TFlowDocument } from "@/lib/flows/document";
import { FLOW_TEMPLATES, templateDocument } from "@/lib/flows/templates";
import { flow, node } from "@/tests/support/flow-document";

type TIssue = { path: string; nodeId: string | null; message: string };

function refusal(raw: unknown): { message: string; issues: TIssue[] } {
  try {
    parseFlowDocument(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.status).toBe(400);
    return { message: err.message, issues: (err.details as { issues: TIssue[] }).issues };
  }
  throw new Error("the document was accepted");
}

const valid = () =>
  flow(
    [node("t1", "command", { command: "start" }), node("m1", "send-message", { text: "Hello <b>{first_name|friend}</b>" }), node("x", "end")],
    [
      ["t1", "next", "m1"],
      ["m1", "next", "x"],
    ],
  );

describe("parseFlowDocument: valid documents", () => {
  it("accepts a document and fills the node types' defaults", () => {
    const doc = parseFlowDocument({
      version: 2,
      nodes: [
        { id: "t1", type: "command", position: { x: 0, y: 0 }, data: { command: "/Start" } },
        { id: "q1", type: "ask-question", position: { x: 1, y: 2 }, data: { text: "Email?", attribute: "email" } },
      ],
      edges: [{ id: "e1", source: "t1", sourceHandle: "next", target: "q1" }],
    });
    expect(doc.nodes[0]!.data).toEqual({ command: "start", payload: "any", value: "" });
    expect(doc.nodes[1]!.data).toMatchObject({ validate: "text", timeoutMinutes: 0, retryText: expect.any(String) });
  });

  it("accepts every starter template as it is", () => {
    for (const t of FLOW_TEMPLATES) expect(() => parseFlowDocument(templateDocument(t)), t).not.toThrow();
  });

  it("accepts every node type with its defaults", () => {
    const types = ["command", "keyword", "deep-link", "button-click", "send-message", "send-menu", "ask-question", "add-tag", "remove-tag", "set-attribute", "condition", "delay", "random-split", "go-to-flow", "end", "http-request", "handoff"] as const;
    // Defaults may be incomplete on purpose (an empty tag to choose): only the structure is checked here.
    const doc = flow(types.map((t, i) => node(`n${i}`, t, t === "add-tag" || t === "remove-tag" ? { tag: "VIP" } : t === "go-to-flow" ? { flowId: "f1" } : t === "condition" ? { check: { kind: "tag", tag: "VIP" } } : {})));
    expect(parseFlowDocument(doc).nodes.map((n) => n.type)).toEqual([...types]);
  });
});

describe("parseFlowDocument: a bad document is a 400 naming the node and the field", () => {
  it("names the node id, its type and the field", () => {
    const doc = valid();
    (doc.nodes[1]!.data as Record<string, unknown>).text = 42;
    const { message, issues } = refusal(doc);
    expect(message).toContain("node m1");
    expect(message).toContain("Send message");
    expect(message).toContain("Send message), Text: "); // the form's words, not data.text
    expect(issues[0]).toMatchObject({ nodeId: "m1", path: "nodes[1].data.text" });
  });

  it("says what is wrong with the field (the field's own rule)", () => {
    const doc = valid();
    (doc.nodes[0]!.data as Record<string, unknown>).command = "two words";
    const { message, issues } = refusal(doc);
    expect(message).toMatch(/node t1 \(Command\), Command: a command is 1–32 letters/); // the form's words, not data.command
    expect(issues).toHaveLength(1);
  });

  it("names a node of an unknown type", () => {
    const doc = valid() as unknown as { nodes: Record<string, unknown>[] };
    doc.nodes[2]!.type = "teleport";
    const { message, issues } = refusal(doc);
    expect(message).toContain("node x");
    expect(issues[0]!.nodeId).toBe("x");
  });

  it("names a node by its position when it has no usable id", () => {
    const doc = valid() as unknown as { nodes: Record<string, unknown>[] };
    doc.nodes[1]!.id = 7;
    const { message, issues } = refusal(doc);
    expect(message).toContain("node #2");
    expect(issues[0]!.nodeId).toBeNull();
  });

  it("refuses duplicate node ids", () => {
    const doc = valid();
    doc.nodes[2]!.id = "m1";
    const { message, issues } = refusal(doc);
    expect(message).toContain("two nodes have the id m1");
    expect(issues[0]!.nodeId).toBe("m1");
  });

  it("refuses duplicate edge ids and an output connected twice", () => {
    const doc = valid();
    doc.edges.push({ id: "e1", source: "m1", sourceHandle: "next", target: "x" });
    const { issues } = refusal(doc);
    expect(issues.map((i) => i.message)).toEqual(expect.arrayContaining([expect.stringContaining("two edges have the id e1"), expect.stringContaining("output “next” of node m1 is connected twice")]));
  });

  it("refuses edges from or to a node that does not exist", () => {
    const to = valid();
    to.edges.push({ id: "e9", source: "x", sourceHandle: "next", target: "ghost" });
    expect(refusal(to).message).toContain("edge e9 ends at node ghost, which does not exist");
    const from = valid();
    from.edges.push({ id: "e9", source: "ghost", sourceHandle: "next", target: "x" });
    expect(refusal(from).message).toContain("edge e9 starts at node ghost, which does not exist");
  });

  it("refuses an edge from an output the node does not have, naming the node", () => {
    const doc = valid();
    doc.edges[1]!.sourceHandle = "btn-nope";
    const { message, issues } = refusal(doc);
    expect(message).toContain("node m1 has no output “btn-nope”");
    expect(issues[0]!.nodeId).toBe("m1");
  });

  it("refuses an edge into a trigger", () => {
    const doc = flow([node("t1", "command"), node("t2", "keyword")], [["t1", "next", "t2"]]);
    const { message, issues } = refusal(doc);
    expect(message).toContain("ends at trigger t2: triggers have no input");
    expect(issues[0]!.nodeId).toBe("t1");
  });

  it("refuses bad node ids, too many nodes, a wrong version and non-documents", () => {
    expect(refusal(flow([node("has space", "end")])).message).toContain("node ids are 1–16");
    expect(refusal(flow(Array.from({ length: MAX_NODES + 1 }, (_, i) => node(`n${i}`, "end")))).message).toContain(`at most ${MAX_NODES} nodes`);
    expect(refusal({ ...valid(), version: FLOW_DOCUMENT_VERSION + 1 }).message).toMatch(/^version:/);
    expect(refusal(null).issues[0]!.nodeId).toBeNull();
    expect(refusal("a flow").message).toContain("expected object");
    expect(refusal({ version: 2, nodes: "many", edges: [] }).message).toMatch(/^nodes:/);
  });
});

describe("migrateFlowDocument: v1 → v2", () => {
  const v1 = {
    version: 1,
    nodes: [
      { id: "t1", type: "command", position: { x: 0, y: 0 }, data: { command: "start" } },
      {
        id: "m1",
        type: "send-message",
        position: { x: 200, y: 0 },
        data: { text: "Pick one", buttons: [{ id: "b1", kind: "callback", text: "One" }, { id: "b2", kind: "url", text: "Site", url: "https://example.com" }] },
      },
      { id: "x", type: "end", position: { x: 400, y: 0 }, data: {} },
    ],
    edges: [
      { from: "t1", port: "next", to: "m1" },
      { id: "keep", from: "m1", port: "btn-b1", to: "x" },
      { from: "m1", to: "x" },
    ],
  };

  it("turns {from, port, to} edges into {id, source, sourceHandle, target} and flat buttons into rows", () => {
    const migrated = migrateFlowDocument(v1) as TFlowDocument;
    expect(migrated.version).toBe(2);
    expect(migrated.edges).toEqual([
      { id: "e1", source: "t1", sourceHandle: "next", target: "m1" },
      { id: "keep", source: "m1", sourceHandle: "btn-b1", target: "x" },
      { id: "e3", source: "m1", sourceHandle: "next", target: "x" },
    ]);
    expect((migrated.nodes[1]!.data as { buttons: unknown[][] }).buttons).toEqual([[v1.nodes[1]!.data.buttons![0]], [v1.nodes[1]!.data.buttons![1]]]);
  });

  it("a document without a version is v1; a migrated document parses", () => {
    const { version: _v, ...unversioned } = v1;
    const doc = parseFlowDocument(unversioned);
    expect(doc.version).toBe(2);
    expect(doc.edges).toHaveLength(3);
  });

  it("leaves current documents and non-objects alone", () => {
    const current = valid();
    expect(migrateFlowDocument(current)).toBe(current);
    expect(migrateFlowDocument(null)).toBeNull();
    expect(migrateFlowDocument([1])).toEqual([1]);
  });

  it("keeps v2-shaped buttons (rows) as they are", () => {
    const rows = [[{ id: "b1", kind: "callback", text: "One" }]];
    const migrated = migrateFlowDocument({ version: 1, nodes: [{ id: "m1", type: "send-message", position: { x: 0, y: 0 }, data: { text: "x", buttons: rows } }], edges: [] }) as TFlowDocument;
    expect((migrated.nodes[0]!.data as { buttons: unknown }).buttons).toEqual(rows);
  });
});
