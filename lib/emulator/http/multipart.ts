// Minimal multipart/form-data parser: fields as strings, files as metadata only.

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface MultipartResult {
  fields: Record<string, string>;
  files: Map<string, UploadedFile>;
}

export function boundaryOf(contentType: string): string | null {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2] ?? null;
}

function headerParam(header: string, name: string): string | undefined {
  const match = new RegExp(`${name}="([^"]*)"|${name}=([^;\\s]*)`, "i").exec(header);
  return match?.[1] ?? match?.[2];
}

export function parseMultipart(body: Buffer, boundary: string): MultipartResult {
  const fields: Record<string, string> = {};
  const files = new Map<string, UploadedFile>();
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    if (body.subarray(start, start + 2).toString() === "\r\n") start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let end = next;
    if (body.subarray(end - 2, end).toString() === "\r\n") end -= 2;
    addPart(body.subarray(start, end), fields, files);
    pos = next;
  }
  return { fields, files };
}

function addPart(part: Buffer, fields: Record<string, string>, files: Map<string, UploadedFile>): void {
  const split = part.indexOf("\r\n\r\n");
  if (split === -1) return;
  const headers = part.subarray(0, split).toString("utf8").split("\r\n");
  const content = part.subarray(split + 4);
  let disposition = "";
  let contentType = "application/octet-stream";
  for (const line of headers) {
    const colon = line.indexOf(":");
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-disposition") disposition = value;
    else if (key === "content-type") contentType = value;
  }
  const name = headerParam(disposition, "name");
  if (!name) return;
  const filename = headerParam(disposition, "filename");
  if (filename !== undefined) {
    files.set(name, { field: name, filename, contentType, size: content.length });
  } else {
    fields[name] = content.toString("utf8");
  }
}
